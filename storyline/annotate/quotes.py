"""Quotations and who said them: direct, partial (inside a sentence) and reported speech."""

from __future__ import annotations

import re
from bisect import bisect_right

from storyline.model import Entity, Quote

CUE_VERBS = frozenset(
    """say says said saying tell tells told add adds added state states stated note notes noted
    ask asks asked explain explains explained warn warns warned insist insists insisted claim claims
    claimed write writes wrote emphasize emphasized emphasise emphasised stress stresses stressed
    argue argues argued declare declares declared announce announces announced reply replies replied
    continue continued maintain maintains maintained accuse accuses accused urge urges urged
    acknowledge acknowledged admit admits admitted recall recalls recalled confirm confirms confirmed
    deny denies denied suggest suggests suggested predict predicted promise promised vow vowed
    tweet tweeted posted testify testified""".split()
)
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "him", "her", "them"})
_QUOTE = re.compile(r"“([^“”]+?)”|\"([^\"]+?)\"|‘‘([^’]+?)’’")
_TRAILING_PUNCT = (",", ".", "!", "?", "…", ",—", "—")


def find_quotes(doc, entities: list[Entity]) -> list[Quote]:
    """Quotes in a spaCy ``Doc`` of the article body, speakers resolved through ``entities``."""
    text = doc.text
    sentences = list(doc.sents)
    sentence_starts = [s.start_char for s in sentences]
    people = [e for e in entities if e.label == "PERSON"]
    quotes: list[Quote] = []
    quoted_sentences: set[int] = set()
    previous: Quote | None = None
    for match in _QUOTE.finditer(text):
        group = next(g for g in (1, 2, 3) if match.group(g) is not None)
        content = match.group(group).strip()
        if len(content.split()) < 2 and not content.endswith(_TRAILING_PUNCT):
            continue  # a single quoted word is a term, not a quotation
        start, end = match.start(group), match.end(group)
        first = bisect_right(sentence_starts, match.start()) - 1
        last = bisect_right(sentence_starts, match.end() - 1) - 1
        quoted_sentences.update(range(first, last + 1))
        kind = _quote_kind(text, match.start(), content)
        cue, mention_span = _find_cue(sentences[first:last + 1], match.start(), match.end())
        continues = previous is not None and kind == "direct" and _continues(text, previous.end, match.start())
        if mention_span is None and not continues and last + 1 < len(sentences) and len(sentences[last + 1]) <= 8:
            # a cue split off by the sentence splitter: “…” / said Varga.
            cue, mention_span = _find_cue([sentences[last + 1]], match.start(), match.end(), near_only=True)
        speaker_mention = speaker = None
        if mention_span is not None:
            speaker_mention = mention_span.text
            speaker = resolve_speaker(mention_span, entities, people)
        elif continues:
            speaker_mention, speaker, cue = previous.speaker_mention, previous.speaker, previous.cue
        quote = Quote(text=content, speaker=speaker, speaker_mention=speaker_mention, kind=kind,
                      cue=cue, start=start, end=end)
        quotes.append(quote)
        previous = quote
    quotes.extend(_reported_speech(sentences, quoted_sentences, entities, people))
    quotes.sort(key=lambda q: q.start)
    return quotes


def _quote_kind(text: str, open_at: int, content: str) -> str:
    """Direct when the quote stands as its own clause; partial when woven into a sentence."""
    before = text[max(0, open_at - 3):open_at].rstrip()
    clause_start = not before or before[-1] in ".:!?\n,—–"
    if clause_start and (content.endswith(_TRAILING_PUNCT) or len(content.split()) >= 6):
        return "direct"
    return "partial"


def _continues(text: str, previous_end: int, open_at: int) -> bool:
    """A quote right after the previous one with nothing but a cue-less gap continues it."""
    gap = text[previous_end:open_at]
    return len(gap) <= 200 and gap.count("\n\n") <= 1


def _followed_by_to(token) -> bool:
    return token.i + 1 < len(token.doc) and token.nbor(1).text.lower() == "to"


def _find_cue(sentences, quote_start: int, quote_end: int, near_only: bool = False):
    """(cue word, speaker span) from a speech verb outside the quote, nearest first."""
    best = None
    for sentence in sentences:
        for token in sentence:
            if quote_start <= token.idx < quote_end:
                continue
            lowered = token.text.lower()
            if lowered == "according" and _followed_by_to(token):
                objects = [c for c in token.nbor(1).children if c.dep_ == "pobj"]
                span = _mention_span(objects[0]) if objects else None
            elif lowered in CUE_VERBS and token.pos_ in {"VERB", "AUX"}:
                subjects = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}
                            and not quote_start <= c.idx < quote_end]  # the speaker stands outside the quote
                span = _mention_span(subjects[0]) if subjects else None
            else:
                continue
            if span is None:
                continue
            distance = min(abs(token.idx - quote_start), abs(token.idx - quote_end))
            if near_only and distance > 80:
                continue
            if best is None or distance < best[0]:
                best = (distance, token.text, span)
    return (best[1], best[2]) if best else (None, None)


def _mention_span(token):
    """The entity or noun phrase a speaker token belongs to."""
    if token.ent_type_:
        for ent in token.doc.ents:
            if ent.start <= token.i < ent.end:
                return ent
    if token.pos_ == "PRON":
        return token.doc[token.i:token.i + 1]
    left = min((t.i for t in token.subtree if t.dep_ in {"det", "compound", "amod", "poss", "nmod", "case"} or t.i == token.i), default=token.i)
    left = max(left, min(t.i for t in token.subtree))
    return token.doc[left:token.i + 1]


def resolve_speaker(span, entities: list[Entity], people: list[Entity]) -> str | None:
    """Canonical name of the speaker: the entity itself, or for a pronoun the last person named."""
    head = span.root.idx
    for entity in entities:
        if entity.start <= head < entity.end and entity.label in {"PERSON", "ORG", "GPE", "NORP"}:
            return entity.canonical
    earlier = [p for p in people if p.end <= span.start_char]
    if span.text.lower() in PRONOUNS:
        return earlier[-1].canonical if earlier else None
    if span.root.pos_ == "PROPN":  # a surname the model did not tag: the person named earlier with it
        word = span.root.text
        for person in reversed(earlier or people):
            if person.canonical.split()[-1] == word:
                return person.canonical
    return None


def _reported_speech(sentences, quoted: set[int], entities: list[Entity], people: list[Entity]) -> list[Quote]:
    """'X said (that) …' and 'according to X, …' without quotation marks."""
    found: list[Quote] = []
    for index, sentence in enumerate(sentences):
        if index in quoted:
            continue
        for token in sentence:
            lowered = token.text.lower()
            if lowered in CUE_VERBS and token.pos_ == "VERB":
                complements = [c for c in token.children if c.dep_ == "ccomp"]
                subjects = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}]
                if not complements or not subjects:
                    continue
                span = _mention_span(subjects[0])
                speaker = resolve_speaker(span, entities, people)
                if speaker is None:
                    continue
                clause = complements[0]
                words = list(clause.subtree)
                if len(words) < 4:
                    continue
                begin, finish = words[0].idx, words[-1].idx + len(words[-1])
                found.append(Quote(text=sentence.doc.text[begin:finish], speaker=speaker, speaker_mention=span.text,
                                   kind="reported", cue=token.text, start=begin, end=finish))
                break
            if lowered == "according" and _followed_by_to(token):
                objects = [c for c in token.nbor(1).children if c.dep_ == "pobj"]
                if not objects:
                    continue
                span = _mention_span(objects[0])
                speaker = resolve_speaker(span, entities, people)
                if speaker is None:
                    continue
                found.append(Quote(text=sentence.text.strip(), speaker=speaker, speaker_mention=span.text,
                                   kind="reported", cue="according to", start=sentence.start_char, end=sentence.end_char))
                break
    return found
