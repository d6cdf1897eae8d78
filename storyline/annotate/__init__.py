"""Annotation: sentences, entities, quotations with speakers, resolved dates, opinion flags."""

from __future__ import annotations

import re
from datetime import date

from storyline.annotate.dates import (
    FORTNIGHTS,
    HOLIDAY,
    COUNT_OF_UNITS,
    HOLIDAY_NAME_NOUNS,
    MONTH_NAMES,
    QUARTER,
    QUARTER_CODES,
    estimate_publication,
    is_temporal,
    names_a_span,
    quarter_of_no_year,
    resolve_date,
    span_ends,
    time_from_now,
)
from storyline.annotate.entities import (
    clean_name,
    entity_spans,
    is_company_name,
    offices_before,
    organisations_named_whole,
    places_named_as_people,
    resolve_entities,
    surnames_left_untagged,
)
from storyline.annotate.opinion import (FIGURE_LABELS, WRITERS_ARGUMENT, filed_as_opinion, gives_a_figure,
                                        is_opinion_piece, opinion_reason, tells_its_own_reporting)
from storyline.annotate.quotes import (CUE_VERBS, complete_names, find_quotes, named_by_mention, people_by_their_surname,
                                       people_named_as_places, people_named_by_their_role)
from storyline.clean.text import date_line_value, numeric_dates, numeric_dates_day_first
from storyline.limits import StageTimeout, stage_seconds, time_limit
from storyline.model import Article, DateRef, Entity, Sentence, block_spans
from storyline.outlets import outlet_self_names, squash_name

__all__ = ["annotate_articles", "annotate_doc"]

BATCH_SIZE = 16


def annotate_articles(articles: list[Article]) -> list[Article]:
    """Annotate the articles that have text; others pass through unchanged."""
    todo = [a for a in articles if a.status == "ok" and a.body]
    if not todo:
        return articles
    from storyline.annotate.nlp import load_nlp  # spaCy, thinc and torch: a second to import, for annotation only

    nlp = load_nlp()
    for start in range(0, len(todo), BATCH_SIZE):
        chunk = todo[start:start + BATCH_SIZE]
        # the words a chunk adds to spaCy's vocabulary are freed after it (only plain data leaves the block):
        # without this, a long run's memory grows with every new name and misspelling it meets
        with nlp.memory_zone():
            for article, doc in zip(chunk, _parse(nlp, chunk)):
                try:
                    if doc is None:
                        raise StageTimeout(f"parsing took longer than {stage_seconds():g} s (STORYLINE_STAGE_SECONDS)")
                    with time_limit(what="annotation"):
                        annotate_doc(article, doc)
                except (StageTimeout, Exception) as error:  # one article's odd text must not stop the batch
                    article.entities, article.quotes, article.dates, article.sentences = [], [], [], []
                    article.note = (f"{article.source}: annotation failed ({type(error).__name__}: {error}); "
                                    "stored without annotations")
    return articles


def _parse(nlp, chunk: list[Article]) -> list:
    """spaCy docs of the chunk's bodies; on a time-out each body alone, None for one that times out by itself."""
    try:
        with time_limit(stage_seconds() * len(chunk), what="parsing"):
            return list(nlp.pipe((a.body for a in chunk), batch_size=BATCH_SIZE))
    except StageTimeout:
        pass
    docs = []
    for article in chunk:
        try:
            with time_limit(what="parsing"):
                docs.append(nlp(article.body))
        except StageTimeout:
            docs.append(None)
    return docs


def with_speaker_mentions(entities: list[Entity], quotes) -> list[Entity]:
    """Speakers named by a pronoun or a description ("She", "the diplomat"), or by a name the model did not tag
    ("Mayor Piers Whitlow"), become mentions of the person."""
    people = {e.canonical for e in entities if e.label == "PERSON"}
    others = {e.canonical for e in entities if e.label != "PERSON"}
    taken = [(e.start, e.end) for e in entities]
    added = []
    for quote in quotes:
        written = quote.speaker in others and quote.speaker_mention is not None \
            and clean_name(quote.speaker_mention, "ORG") == quote.speaker  # "Quillon Payments said", untagged
        if quote.speaker not in people and not named_by_mention(quote, others) and not written \
                or quote.speaker_start is None:
            continue
        span = (quote.speaker_start, quote.speaker_end)
        if any(start < span[1] and end > span[0] for start, end in taken):
            continue
        taken.append(span)
        label = "ORG" if is_company_name(quote.speaker) or written else "PERSON"  # "Quillon Payments said"
        added.append(Entity(text=quote.speaker_mention, label=label, canonical=quote.speaker,
                            start=span[0], end=span[1]))
    for entity in entities:  # "Quillon" taken for the surname of "Quillon Payments": the company too
        if entity.label == "PERSON" and is_company_name(entity.canonical or ""):
            entity.label = "ORG"
    return sorted(entities + added, key=lambda e: e.start)


_FUTURE_AUXILIARIES = frozenset({"will", "'ll", "shall", "wo"})
# "is due to meet on Wednesday", "is likely to reach the coast on Friday"
_FUTURE_ADJECTIVES = frozenset({"due", "scheduled", "set", "slated", "likely", "poised"})
# plans told as reported speech or possibility: "her office would send a team on Monday", "could begin in September"
_MODAL_AUXILIARIES = frozenset({"would", "could", "might", "may", "'d", "should"})
# "rain was forecast for Wednesday" (the words as written: the pipeline runs no lemmatizer)
_PLANNING_VERBS = frozenset("""forecast forecasts expect expects expected plan plans planned schedule schedules
    predict predicts predicted hope hopes aim aims intend intends""".split())
_PROMISES = frozenset("""promise promises promised promising pledge pledges pledged pledging vow vows vowed
    vowing""".split())
_UNTIL = frozenset({"until", "till", "til"})
# put off until a day, in any tense: "the hearing was adjourned until Thursday" (what "was suspended until
# Thursday" may have been, last week)
_PUT_OFF = frozenset("""adjourned adjourn adjourns postponed postpone postpones deferred defer defers delayed delay
    delays remanded remand bailed""".split())
# what a schedule does in the present tense; not "inflation stands at 3% in February", "he denies … on Saturday"
_SCHEDULED = frozenset("""meets meet opens open host hosts plays play starts start begins begin resumes resume
    closes close launches launch kicks reopens reopen visit visits travel travels""".split())
# more of what happens by arrangement, said in the present of a day this week: "the trial continues on Monday"
_ARRANGED = frozenset("""continues continue goes go hears hear sits sit returns return ends end takes take holds hold
    runs run arrives arrive leaves leave departs depart sails sail votes vote""".split())
_FACING = frozenset({"faces", "face", "awaits", "await"})
_PERCEPTION_VERBS = frozenset("""see seen saw hear heard watch watched feel felt"""  # "could be seen tackling"
                              .split())
_PAST_AUXILIARIES = frozenset({"was", "were", "did", "had", "'d"})
_PRESENT_BE = frozenset({"is", "are", "'s", "'re"})
# what is held on a day as arranged: "Kick-off on Saturday is at 2.30pm", "the vote on Friday is open to all"
_SCHEDULED_EVENTS = frozenset("""meeting match game kick-off kickoff vote hearing service funeral ceremony concert
    festival trial debate election referendum race final launch opening parade rally vigil memorial session
    sitting show fixture""".split())
# a day a thing is aimed at, whatever the verb's tense: "postponed to March", "closed until June", "set for May"
_TARGETS = frozenset({"for", "to", "until", "till", "by", "before"})
# what is arranged for a day ("called a strike for Tuesday"); not "mounted an operation for Sunday, which passed off"
_ARRANGING_VERBS = ("cancel", "call", "schedul", "book", "set", "plan", "postpon", "order", "announc", "reschedul",
                    "arrang", "fix")
_SPAN_BACK = frozenset({"first", "only", "time", "times", "last", "since"})
# a removed line that is a section's path, not a sidebar's heading ("Opinion | Letters", "Letters to the Editor")
_A_SECTION_PATH = re.compile(r"[|·/]|letters to the editor", re.IGNORECASE)
_DAY_RELATIVE = re.compile(r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today|tonight|tomorrow|"
                           r"last night|this (?:morning|afternoon|evening)|(?:last|next|this) week|weekend|"
                           r"days? (?:ago|earlier|later))\b", re.IGNORECASE)
_WEEKDAY_WORDS = re.compile(r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)


def _tense(ent) -> str | None:
    """Whether the clause a date is part of speaks of what will be ("ahead": "will resume on Wednesday", "is due
    to meet on Wednesday", "there is a public meeting on Tuesday") or of what was ("behind": "the plant closed in
    May", "since January"), else None."""
    first = ent.root
    while first.dep_ == "conj" and first.head.i != first.i:  # "Thursday" of "for Wednesday and Thursday"
        first = first.head
    head = first.head.lower_  # the preposition a date hangs on: "since", "until", "for", "to"
    if head == "since" or ent.text.lower().startswith("since "):
        return "behind"
    # the noun a date hangs on: "Monday's attack is the third" is the day of a thing, not of the verb
    through_noun = "'s" if ent.root.dep_ == "poss" else ""
    a_day_alone = bool(_WEEKDAY_WORDS.search(ent.text)) and not any(t.like_num for t in ent)
    arranging = first.head.head if first.head.head.pos_ in ("VERB", "AUX") else first.head.head.head
    if a_day_alone and head == "for" and arranging.lower_.startswith(_ARRANGING_VERBS):
        return "ahead"  # what is arranged for a day is arranged before it: "cancelled flights for Wednesday"
    if time_from_now(ent.text):
        if any(t.lower_ in _PROMISES for t in ent.root.ancestors):
            return "ahead"  # a time from now promised: "promising a new appointment within six weeks"
        verb = next((t for t in ent.root.ancestors if t.pos_ in ("VERB", "AUX")), None)
        if verb is not None and verb.tag_ in ("VBP", "VBZ") \
                and not any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("has", "have") for c in verb.children):
            return "ahead"  # a time from now, in the present: "voters go to the polls in a fortnight"
    if ent.root.head.lower_ in _RESULTS_NOUNS and QUARTER.fullmatch(ent.text.lower()):
        return "behind"  # a quarter's results are reported after it: "will report third-quarter results next week"
    if head in _UNTIL:
        verb = next((t for t in first.ancestors if t.pos_ in ("VERB", "AUX")), None)
        if verb is not None and verb.lower_ in _TIME_GIVEN and any(
                c.dep_ in ("xcomp", "advcl") and c.i > ent.end
                and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children) for c in verb.children):
            return "ahead"  # time asked for to do something: "needed until November to complete its review"
    if head == "by":
        verb = next((t for t in first.ancestors if t.pos_ in ("VERB", "AUX")), None)
        if verb is not None and verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) \
                and not (verb.head.lower_ in _HOPING_VERBS and any(c.lower_ == "had" for c in verb.head.children)):
            return "ahead"  # a deadline for what is to be done: "had offered to recruit 45 nurses by March"; not
            # a past hope: "had expected the line to reopen by Tuesday, but repairs took longer"
    reported = _reported_clause(first)
    if reported is not None and any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUXILIARIES for c in reported.children):
        return "ahead"
    subject = ent.root if ent.root.dep_ == "nsubj" else ent.root.head if ent.root.dep_ == "compound" else None
    if subject is not None and subject.dep_ == "nsubj" and subject.head.lower_ in _PRESENT_BE and not through_noun \
            and any(c.dep_ == "acomp" for c in subject.head.children) \
            and not any(c.dep_ == "attr" for c in subject.head.children):
        # what the day is like, not what it holds ("Wednesday is the deadline"): "Monday morning at 2 a.m. is
        # close enough" is the nearest Monday
        return None
    verb_seen = False
    for token in ent.root.ancestors:
        children = list(token.children)
        auxiliaries = [child for child in children if child.dep_ in ("aux", "auxpass")]
        if any(child.lower_ in _FUTURE_AUXILIARIES for child in auxiliaries):
            return "ahead"
        planned = not through_noun or through_noun in _SCHEDULED_EVENTS  # not "Monday's crash should serve as …"
        should = any(child.lower_ == "should" for child in auxiliaries)
        modal = any(child.lower_ in _MODAL_AUXILIARIES for child in auxiliaries) and (planned or not should)
        if modal and _plans(token, children) or token.pos_ == "VERB" and token.lower_ in _PLANNING_VERBS \
                and not (token.tag_ == "VBD" and head == "on"):
            return "ahead"  # not "predicted the test in an interview on Nov. 25": the day the prediction was made
        if planned and token.lower_ == "going" and any(c.dep_ == "xcomp" for c in children) \
                and _in_the_present(auxiliaries):
            return "ahead"  # "Wednesday is going to be the big day"; not "Monday's storm is going to cost"
        present = token.tag_ in ("VBP", "VBZ") or any(child.tag_ in ("VBP", "VBZ") for child in auxiliaries)
        perfect = any(child.lower_ in ("has", "have", "'s", "'ve") and token.tag_ == "VBN" for child in auxiliaries)
        if token.pos_ in ("VERB", "AUX") and head in _UNTIL \
                and (present and not perfect or modal or token.lower_ in _PUT_OFF):
            return "ahead"  # "trains are replaced by buses until Thursday", "was adjourned until Thursday"
        if token.tag_ in ("VBP", "VBZ") and token.lower_ in _SCHEDULED and not through_noun:
            return "ahead"  # a schedule in the present: "the council meets on Thursday", "the library opens in May"
        if token.tag_ in ("VBP", "VBZ") and token.lower_ in _FACING:
            return "ahead"  # what one faces is to come: "the premier, who faces a regional election in October"
        if token.lower_ in _FUTURE_ADJECTIVES and (any(child.lower_ in _PRESENT_BE for child in auxiliaries)
                                                    or token.head.lower_ in _PRESENT_BE):
            return "ahead"
        if token.pos_ in ("VERB", "AUX") and token.dep_ != "amod":
            # "there is a meeting on Tuesday" in a main clause (not "meaning there is a danger … on Sunday")
            existential = token.dep_ == "ROOT" and any(child.dep_ == "expl" for child in children)
            of_an_event = through_noun in _SCHEDULED_EVENTS and _where_or_when(token, children)  # "Kick-off on Saturday
            if a_day_alone and present and not perfect and (existential or of_an_event or not through_noun) \
                    and _arranged(token, auxiliaries):  # is at 2.30pm" (not "the crash on Tuesday is the third")
                return "ahead"  # "there is a public meeting on Tuesday", "the report is published on Friday"
            past = token.tag_ == "VBD" or perfect or any(child.lower_ in _PAST_AUXILIARIES for child in auxiliaries)
            copula = token.lower_ in ("was", "were")  # "said the election was in November": told in the past
            if past and not copula and not verb_seen and not through_noun and head not in _TARGETS:
                return "behind"  # the date's own verb is past: not "called an election for May 14", "moved to
            verb_seen = True     # July", "voted to close it in April", "have spoken … and hope … by Easter"
        if not through_noun and token.pos_ in ("NOUN", "PROPN") and not _time_of_day(token):
            through_noun = _noun_key(token)  # the first noun the date hangs on (not "5 a.m. on Saturday"'s time)
        # a participle with no object takes its sentence's time ("drivers returning on Sunday should expect
        # delays"); not "officers investigating the crash on Tuesday would like …", "the man arrested on Saturday"
        if token.dep_ == "acl" and token.tag_ == "VBG" and not auxiliaries and not through_noun \
                and not any(child.dep_ == "dobj" for child in children):
            continue
        expected = token.dep_ == "ccomp" and token.head.lower_ in _PLANNING_VERBS \
            and any(child.lower_ == "to" for child in auxiliaries) \
            and not any(c.dep_ == "aux" and c.lower_ == "had" for c in token.head.children)  # "expected the typhoon
        # to leave by Saturday"; not "had expected the line to reopen by Tuesday, but …"
        if token.dep_ in ("ROOT", "ccomp", "relcl", "advcl", "acl") and not expected:  # the clause ends here:
            return None  # "talks, which stalled on Monday, will resume" is last Monday
    return None


def _reported_clause(date_token):
    """The clause reported before its attribution that a date at its end belongs to, where the parser hung the
    date on the verb of saying after it ("Yoon will meet Kim … on Friday, the office said on Tuesday")."""
    preposition = date_token.head
    verb = preposition.head
    if preposition.dep_ != "prep" or verb.lower_ not in CUE_VERBS or verb.i < date_token.i:
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i < preposition.i), None)
    if subject is None or clause is None or not preposition.i < subject.i < verb.i:
        return None
    return clause


def _where_or_when(verb, children) -> bool:
    """A verb that places an event, not one that judges it: "kick-off on Saturday is at 2.30pm", "the match on
    Saturday is sold out"; not "the vote on Tuesday is a blow"."""
    if verb.lower_ not in _PRESENT_BE:
        return True
    return not any(c.dep_ in ("attr", "acomp") for c in children) \
        and any(c.dep_ == "prep" and c.lower_ in ("at", "in", "from", "on") for c in children)


_TIMES_OF_DAY = frozenset("""morning afternoon evening night noon midday midnight dawn a.m. p.m. am pm
    hours""".split())


def _time_of_day(token) -> bool:
    """A time of the day a date names ("Saturday morning", "at 5 a.m. on Saturday"): the day's, no thing's."""
    return token.ent_type_ == "TIME" or token.lower_ in _TIMES_OF_DAY


def _noun_key(noun) -> str:
    """A noun as written in lower case, with the word hyphenated before it ("kick-off")."""
    before = noun.doc[noun.i - 2] if noun.i >= 2 and noun.doc[noun.i - 1].text == "-" else None
    return f"{before.lower_}-{noun.lower_}" if before is not None else noun.lower_


def _in_the_present(auxiliaries) -> bool:
    return any(child.lower_ in _PRESENT_BE or child.lower_ == "am" for child in auxiliaries)


def _arranged(verb, auxiliaries) -> bool:
    """Whether a verb in the present tells an arrangement: being ("there is a meeting on Tuesday", "the vote is on
    Friday"), being done ("is published on Friday") or a schedule's verbs; not a headline's past told in the
    present ("markets fall sharply on Monday")."""
    return (verb.lower_ in _PRESENT_BE or verb.lower_ in _SCHEDULED or verb.lower_ in _ARRANGED
            or any(child.dep_ == "auxpass" and child.lower_ in ("is", "are") for child in auxiliaries))


def _with_its_day(ent):
    """A month with the day number before it that the model left out ("19" of "the weekend of 19 September"),
    a weekday with "this coming" before it, a span with its first day ("12 to" of "from 12 to 14 October"), a
    count of days or weeks from now ("in two weeks", "within six weeks")."""
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start else None
    if before is not None and before.lower_ == "coming" and _WEEKDAY_WORDS.search(ent.text):  # "this coming Friday"
        opening = doc[ent.start - 2] if ent.start >= 2 and doc[ent.start - 2].lower_ == "this" else before
        return doc.char_span(opening.idx, ent.end_char, label=ent.label_) or ent
    if (_a_day_number(before) and not before.ent_type_ or before is not None and _DAYS_SPAN.fullmatch(before.text)) \
            and len(ent) == 1 and ent.root.lower_ in MONTH_NAMES:  # "19 September", "14–26 September"
        return doc.char_span(before.idx, ent.end_char, label=ent.label_) or ent
    after = doc[ent.end] if ent.end < len(doc) else None
    if before is not None and before.lower_ == "within" and COUNT_OF_UNITS.fullmatch(ent.text) \
            and (after is None or after.lower_ != "of"):  # "within six weeks"; not "within two weeks of the flood"
        return doc.char_span(before.idx, ent.end_char, label=ent.label_) or ent
    if before is not None and before.lower_ == "in" and COUNT_OF_UNITS.fullmatch(ent.text) and not any(
            t.tag_ in ("JJS", "RBS") or t.lower_ in _SPAN_BACK for t in doc[max(0, ent.start - 7):ent.start - 1]):
        return doc.char_span(before.idx, ent.end_char, label=ent.label_) or ent  # "in two weeks"; not "the first
        # strike in 10 years" or "the biggest rise in two years", a span back from now
    first = doc[ent.start - 2] if ent.start >= 2 else None
    if first is not None and doc[ent.start - 1].lower_ in ("to", "-", "–") and first.ent_type_ in ("", "CARDINAL") \
            and _a_day_number(first) and len(ent) == 2 and _a_day_number(ent[0]) and ent[1].lower_ in MONTH_NAMES:
        return doc.char_span(first.idx, ent.end_char, label=ent.label_) or ent
    return ent


def _date_refs(ent, value: str | None, published, tense: str | None) -> list[DateRef]:
    """The date of ``ent``; two dates the model tagged as one ("May and June") apart, each as it reads alone; a
    span's two ends apart when a date is changed from one to the other ("postponed from
    March 3 to March 10", "the hearing was moved from Monday to Thursday": the old day and the new, each as it
    reads alone where it can, not the days between; not "cut 200 jobs from January to March", a period)."""
    both = _BOTH.fullmatch(ent.text)
    if both is not None:
        first, second = both.groups()
        shared = re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?\s+(.+)", second)
        if re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", first) and shared:  # "12 and 13 June": 12 June
            first = f"{first} {shared.group(1)}"
        elif (year := re.search(r"\b\d{4}$", second)) and not re.search(r"\b\d{4}\b", first):
            first = f"{first} {year.group(0)}"  # "March and April 2025": March 2025
        values = [resolve_date(first, published, tense), resolve_date(second, published, tense)]
        if all(values):
            return [DateRef(text=both.group(i), value=part, start=ent.start_char + both.start(i),
                            end=ent.start_char + both.end(i)) for i, part in enumerate(values, start=1)]
    ends = span_ends(ent.text) if value and "/" in value and _CHANGED_FROM.search(ent.text) else None
    verb = next((token for token in ent.root.ancestors if token.pos_ in ("VERB", "AUX")), None) if ends else None
    if verb is None or not verb.lower_.startswith(_CHANGE_VERBS) or any(
            child.dep_ in ("dobj", "dative") and _noun_key(child) not in _MOVABLE_EVENTS  # "moved the concert", not
            or child.dep_ == "prep" and child.lower_ == "to" and not ent.start <= child.i < ent.end  # "brought heavy
            for child in verb.children):  # rain from Monday to Wednesday", "moved to intensive care from …"
        return [DateRef(text=ent.text, value=value, start=ent.start_char, end=ent.end_char)]
    return [DateRef(text=ent.text[start:end], value=resolve_date(ent.text[start:end], published, tense) or part,
                    start=ent.start_char + start, end=ent.start_char + end)
            for (start, end), part in zip(ends, value.split("/"))]


_CHANGED_FROM = re.compile(r"^from\b|\bto\b", re.IGNORECASE)
_BOTH = re.compile(r"(?!between\b)(\S.*?) and (\S.*)", re.IGNORECASE)  # "May and June", "Monday and Tuesday": two
_CHANGE_VERBS = ("postpon", "delay", "moved", "move", "moving", "brought", "bring", "push", "put", "reschedul",
                 "shift", "extend", "defer", "advanc", "switch", "chang")
# what a date is moved for: "moved the concert from Friday to Sunday"
_MOVABLE_EVENTS = _SCHEDULED_EVENTS | frozenset("""flight flights deadline date talks conference summit visit tour
    event""".split())


def _dated_beside(dates: list[DateRef], text: str) -> None:
    """A weekday takes the date written beside it in brackets, where they agree ("for Tuesday (24 March)")."""
    for weekday, beside in zip(dates, dates[1:]):
        if beside.value and len(beside.value) == 10 and re.fullmatch(r"\s*\(\s*", text[weekday.end:beside.start]) \
                and date.fromisoformat(beside.value).strftime("%A").lower() == weekday.text.strip().lower():
            weekday.value = beside.value


DEICTIC_DAY = re.compile(r"(?:today|tonight|tomorrow|yesterday|this (?:morning|afternoon|evening))(?:['’]s)?",
                          re.IGNORECASE)
# characters between a speaker's mention and the day they spoke: "…,” he said on Monday", "…," he told
# supporters in Marrick late on Sunday"
SAID_ON_WITHIN = 45
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s")


def _quoted_days_from_their_saying(dates: list[DateRef], quotes, text: str) -> None:
    """"Today" in someone's own words is the day they said it, where the article gives that day in the sentence
    that quotes them ("… to return to the table today,” he said on Monday), not the day of the paper."""
    def beside(start: int, end: int) -> bool:
        return 0 <= end - start <= SAID_ON_WITHIN and not _SENTENCE_END.search(text, start, end)

    for quote in quotes:
        if quote.kind == "reported" or quote.speaker_start is None:
            continue
        said_on = next((d.value for d in dates if d.value and len(d.value) == 10
                        and not quote.start <= d.start < quote.end
                        and (beside(quote.speaker_end, d.start) or beside(d.end, quote.speaker_start))), None)
        if said_on is None:
            continue
        for ref in dates:
            if quote.start <= ref.start < quote.end and DEICTIC_DAY.fullmatch(ref.text.strip()):
                ref.value = resolve_date(ref.text, date.fromisoformat(said_on)) or ref.value


def _spans_joined(ents) -> list:
    """The model's entities, two dates it tagged apart joined where one runs to the other ("Monday" and
    "Friday" of "from Monday until Friday"; "6 October to 28" and "November last year")."""
    joined = []
    for ent in ents:
        if joined and _runs_to(joined[-1], ent):
            joined[-1] = ent.doc[joined[-1].start:ent.end]
            joined[-1].label_ = "DATE"
        else:
            joined.append(ent)
    return joined


def _runs_to(first, second) -> bool:
    doc = first.doc
    before = doc[first.start - 1].lower_ if first.start else ""
    if not first.label_ == second.label_ == "DATE" or "every" in (first[0].lower_, before):
        return False  # "every Tuesday until last fall" recurs
    if second.start == first.end + 1:
        runs = doc[first.end].lower_ in _RUNS_TO
    else:
        runs = second.start == first.end and len(first) > 1 and first[-2].lower_ in _RUNS_TO \
            and _a_day_number(first[-1]) and second[0].lower_ in MONTH_NAMES
    # joined only into a span: "adjourned on Monday until 14 September" names two days
    return runs and names_a_span(doc[first.start:second.end].text)


_RUNS_TO = frozenset({"to", "until", "till", "through", "thru", "-", "–"})  # not "—" ("on Monday — Tuesday's")
_DAYS_SPAN = re.compile(r"(?:[1-9]|[12]\d|3[01])[-–](?:[1-9]|[12]\d|3[01])")


def _a_day_number(token) -> bool:
    return token is not None and token.text.isascii() and token.text.isdigit() and 1 <= int(token.text) <= 31


def _of_a_date(ent) -> bool:
    """"the weekend" of "the weekend of 19 September": the date after it says which (not "a loss in June of
    $3 million")."""
    doc = ent.doc
    return ent.root.lower_ in ("weekend", "week") and ent.end + 1 < len(doc) and doc[ent.end].lower_ == "of" and any(
        token.ent_type_ == "DATE" or token.like_num for token in doc[ent.end + 1:ent.end + 3])


# time asked for or granted: "needed until November to complete", "was given until Friday to respond"
_TIME_GIVEN = frozenset("""need needs needed want wants wanted ask asks asked given granted allowed has have had
    requested sought""".split())
_HOPING_VERBS = frozenset({"expected", "hoped", "planned", "intended", "aimed", "wanted", "wished"})
_RESULTS_NOUNS = frozenset({"results", "earnings", "figures", "numbers", "accounts", "update", "report"})


def _of_a_game(ent) -> bool:
    """A quarter or half without its year in a sentence that speaks of no money or trade: a game's ("scored in
    the fourth quarter", "we were rubbish in the first half"), not a year's ("sales rose in the third quarter")."""
    return quarter_of_no_year(ent.text) and not _TRADE_WORDS.search(ent.sent.text)


_TRADE_WORDS = re.compile(
    r"\b(?:profits?|revenues?|sales|earnings|results|growth|econom(?:y|ies)|gdp|output|inflation|quarterly|fiscal"
    r"|forecasts?|shares|turnover|margins?|deliveries|orders|spending|income|loss(?:es)?|dividends?|guidance"
    r"|launch(?:es|ed)?|prices?|rates?|unemployment|jobs|exports?|imports?|bookings|demand|costs?)\b|%|per ?cent",
    re.IGNORECASE)


def _begins_a_name(ent) -> bool:
    """The model's date begins a place's or an event's name: "Christmas" of "Christmas Island"."""
    return ent.end < len(ent.doc) and ent.doc[ent.end].text in HOLIDAY_NAME_NOUNS


def _inside_a_longer(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether a span lies inside a longer one of ``spans``: "Sunday" of "Easter Sunday", "Easter" of "Easter
    Island"."""
    return any(outer_start <= start and end <= outer_end and outer_end - outer_start > end - start
               for outer_start, outer_end in spans)


def _dates_the_model_misreads(article: Article, doc) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The spans of numeric dates ("05/06/2026"), and of holidays ("New Year's Day", "Good Friday"), fortnights
    ("a fortnight ago", "in a fortnight") and quarters by their codes ("Q3", "FY27"), which the model tags as
    places, events, times or nothing; not a holiday inside a longer name ("Christmas Island", "the Easter
    Rising")."""
    numeric = [match.span() for match in numeric_dates(article.body)]
    names = [(ent.start_char + (4 if ent.text.lower().startswith("the ") else 0), ent.end_char)  # "the New Year's
             for ent in doc.ents if ent.label_ not in ("DATE", "TIME")]  # Eve" is no longer name than the holiday
    holidays = [match.span() for match in HOLIDAY.finditer(article.body) if not _inside_a_longer(*match.span(), names)]
    return numeric, sorted(holidays + [match.span() for pattern in (FORTNIGHTS, QUARTER_CODES)
                                       for match in pattern.finditer(article.body)])


def _written_dates(article: Article, doc, numeric, holidays, taken, published) -> list[DateRef]:
    """The numeric dates (day first where the page writes them so) and holidays as dates, where no date the model
    found overlaps them."""
    text = article.body
    day_first = numeric_dates_day_first(text, article.url) if numeric else False
    found = [(start, end, date_line_value(text[start:end], day_first=day_first)) for start, end in numeric]
    for start, end in holidays:
        span = doc.char_span(start, end, alignment_mode="expand")
        found.append((start, end, resolve_date(text[start:end], published, tense=_tense(span) if span else None)))
    return [DateRef(text=text[start:end], value=value, start=start, end=end) for start, end, value in found
            if value and not any(s < end and start < e for s, e in taken)]


def _plans(verb, children) -> bool:
    """Whether a modal puts a verb ahead: "would send", "could begin", "may resume"; not what may have happened,
    could not be done, could be seen or could only be watched."""
    looking_back = any(child.dep_ == "neg" or child.dep_ == "aux" and child.lower_ in ("have", "'ve")
                       or child.dep_ == "advmod" and child.lower_ == "only" for child in children)
    return not looking_back and verb.lower_ not in _PERCEPTION_VERBS


def annotate_doc(article: Article, doc) -> Article:
    """Fill the article's annotations from a spaCy ``Doc`` of its body."""
    spans = entity_spans(doc)
    entities = complete_names(doc, resolve_entities(spans, offices_before(doc, spans)))
    entities = places_named_as_people(doc, people_named_by_their_role(doc, people_named_as_places(doc, entities)))
    entities = organisations_named_whole(doc.text, people_by_their_surname(doc, surnames_left_untagged(doc, entities)))
    article.entities = _without_heading_only_names(article, entities)
    article.quotes = _not_the_outlets_own(find_quotes(doc, article.entities), article)
    article.entities = with_speaker_mentions(article.entities, article.quotes)
    numeric, holidays = _dates_the_model_misreads(article, doc)
    time_ents = [_with_its_day(ent) for ent in _spans_joined(doc.ents)
                 if ent.label_ in ("DATE", "TIME") and is_temporal(ent.text)
                 and not _inside_a_longer(ent.start_char, ent.end_char, holidays) and not _begins_a_name(ent)
                 and not _of_a_game(ent)
                 and not any(start < ent.end_char and ent.start_char < end for start, end in numeric)]
    published = article.published_date
    if published is None:
        # a page's copyright line is among its chrome where HTML extraction cut it ("page-chrome")
        evidence = [r.text for r in article.removed if r.kind in ("copyright", "page-chrome")] + [article.body]
        estimate = estimate_publication([ent.text for ent in time_ents if ent.label_ == "DATE"], evidence,
                                        (article.url, article.source))
        article.published_estimate = estimate.value if estimate else None
        article.published_evidence = estimate.evidence if estimate else None
        published = estimate.reference if estimate else None
    # a copyright year dates the page too loosely for its "Tuesday" or "yesterday": left unresolved, not set on
    # the year's last Tuesday (a month, from a folder or an address, sets them in that month)
    coarse = article.published_date is None and len(article.published_estimate or "") == 4
    if coarse:  # ... and its "March" is read from the middle of that year
        published = date(int(article.published_estimate), 7, 1)
    article.dates = sorted([  # a time of day counts when it names its day ("last night"), not "10:41 p.m."
        ref for ent in time_ents for tense in [_tense(ent)]  # read once: the value and the ends take it alike
        if (value := None if _of_a_date(ent) or coarse and _DAY_RELATIVE.search(ent.text)
            else resolve_date(ent.text, published, tense=tense))
        or ent.label_ == "DATE"
        for ref in _date_refs(ent, value, published, tense)
    ] + _written_dates(article, doc, numeric, holidays, [(e.start_char, e.end_char) for e in time_ents], published),
        key=lambda d: d.start)
    _dated_beside(article.dates, article.body)
    _quoted_days_from_their_saying(article.dates, article.quotes, article.body)
    article.sentences = []
    text = doc.text  # spaCy joins every token's text on each read of Doc.text
    attributed = [(q.content_start if q.content_start is not None else q.start,
                   q.content_end if q.content_end is not None else q.end) for q in article.quotes]
    headings = [(start, end) for block, (start, end) in zip(article.blocks, block_spans(article.blocks))
                if block.kind == "heading" and text[start:end] == block.text]
    turns = [(q.content_start, q.content_end) for q in article.quotes if q.cue == ":"]
    labels = tuple(f"{q.speaker_mention}:" for q in article.quotes if q.cue == ":" and q.speaker_mention)
    own: list[Sentence] = []  # the sentences that are the outlet's own words
    for start, end in sentence_spans(doc):
        heading = any(h_start <= start < h_end for h_start, h_end in headings)
        # an interview's turns are its people's words and questions, not the outlet's view ("TR: Are you hopeful?")
        in_a_turn = any(t_start < end and t_end > start for t_start, t_end in turns) \
            or bool(labels) and text.startswith(labels, start)
        reported = any(q_start < end and q_end > start for q_start, q_end in attributed)
        reason = None if heading or in_a_turn else opinion_reason(text[start:end], attributed=reported)
        article.sentences.append(Sentence(start=start, end=end, opinion=reason is not None, reason=reason))
        if not (heading or in_a_turn or reported):
            own.append(article.sentences[-1])
    if filed_as_opinion(article.url, article.title, [r.text for r in article.removed if r.kind == "byline"],
                        [r.text for r in article.removed if r.kind in ("section-label", "masthead")
                         or r.kind == "headline-list" and _A_SECTION_PATH.search(r.text)]) \
            or is_opinion_piece(len(article.sentences), [(text[s.start:s.end], s.reason) for s in own]):
        figures = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in FIGURE_LABELS]
        for sentence in own:
            if not sentence.opinion and not gives_a_figure(text[sentence.start:sentence.end], figures,
                                                           sentence.start, sentence.end) \
                    and not tells_its_own_reporting(text[sentence.start:sentence.end]):
                sentence.opinion, sentence.reason = True, WRITERS_ARGUMENT
    return article


def _not_the_outlets_own(quotes: list, article: Article) -> list:
    """The outlet reporting is no speaker of its story: what it asked ("Kestrel FM News asked the premier's office
    why …") is no one's statement, and "a spokesperson" after it speaks for someone else, unnamed."""
    own = outlet_self_names(article.outlet, article.url)
    if not own:
        return quotes
    kept = []
    for quote in quotes:
        if quote.speaker and squash_name(quote.speaker) in own:
            if quote.speaker_mention and squash_name(quote.speaker_mention) in own:
                continue  # its own question or account, in its own name
            quote.speaker = None
        kept.append(quote)
    return kept


def _without_heading_only_names(article: Article, entities: list[Entity]) -> list[Entity]:
    """Drop a name found only in a subheading that is one word other than a country or a people ("Numbers"),
    or runs on from a name of the paragraphs into Title Case words ("UN Ambassador Asks for North Korea
    Meeting" gives a place "North Korea Meeting"; "Bank of England" beside "England" stays): in Title Case the
    model takes words for names."""
    headings = [(start, end) for block, (start, end) in zip(article.blocks, block_spans(article.blocks))
                if block.kind == "heading" and article.body[start:end] == block.text]
    if not headings:
        return entities

    def in_heading(entity: Entity) -> bool:
        return any(start <= entity.start < end for start, end in headings)

    named_in_text = {entity.canonical for entity in entities if not in_heading(entity)}

    def doubtful(entity: Entity) -> bool:
        name = entity.canonical
        if name in named_in_text:
            return False
        if " " not in name:
            return entity.label not in {"GPE", "NORP"}
        return any(name.startswith(known + " ") and all(word[0].isupper() for word in name[len(known):].split())
                   for known in named_in_text)

    return [entity for entity in entities if not (in_heading(entity) and doubtful(entity))]


def sentence_spans(doc) -> list[tuple[int, int]]:
    """The parser's sentences as character spans, a quotation it cut in two put back together inside its
    paragraph ("“We have been patient. We have sat in rooms …,” he said." is one sentence, not a fragment
    without its opening quotation mark)."""
    text = doc.text
    sentences = [(sentence.start_char, sentence.end_char) for sentence in doc.sents]
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(sentences):
        start, end = sentences[index]
        while (closing := _open_quotation(text[start:end])) is not None:
            # the first later sentence of the paragraph with the closing mark; none (an opening paragraph of a
            # quotation running on, an inch mark): the sentence stays as the parser gave it
            closer = None
            for later in range(index + 1, len(sentences)):
                if "\n\n" in text[sentences[later - 1][0]:sentences[later][0]]:
                    break  # a paragraph break ends the sentence before
                if closing in text[sentences[later][0]:sentences[later][1]]:
                    closer = later
                    break
            if closer is None:
                break
            index, end = closer, sentences[closer][1]
        spans.append((start, end))
        index += 1
    return spans


def _open_quotation(text: str) -> str | None:
    """The mark that would close a quotation still open at the end of ``text``, if one is (single quotation
    marks are read as apostrophes)."""
    if text.count("“") > text.count("”"):
        return "”"
    return '"' if text.count('"') % 2 == 1 else None
