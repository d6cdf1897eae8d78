"""Who said what: direct, partial and reported quotations with their speakers.

An attribution is found from its cue (a verb of saying, "according to") with
the dependency parse: the cue's subject is the speaker, its clausal complement
(or, in "…, he said", the clause it interrupts) is the content. Quotation
marks add direct quotes whose cue sits in a neighbouring sentence, quotes
interrupted by their cue ("“A,” he said. “B.”") and continuation paragraphs
without a cue; a quote inside an attributed clause makes it a partial quote of
that clause's speaker. Quotation marks inside a quotation are not a separate
speaker's quote.
"""

from __future__ import annotations

import math
import re
import string
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, replace

from storyline.annotate.entities import (CLUB_WORDS, NAME_OF_TWO, OFFICES, ORGANISATION_WORDS, PARTICLE_NAME,
                                         PORTFOLIOS, POST_NOMINALS, clean_name, genders_of, given_name_gender,
                                         is_company_name, kin_of, surnames_of, title_meaning)
from storyline.model import Entity, Quote

_IRREGULAR = {
    "say": ["said"], "tell": ["told"], "write": ["wrote", "written"], "speak": ["spoke", "spoken"],
    "tweet": [], "post": [], "deny": ["denied", "denies"], "reply": ["replied", "replies"],
    "testify": ["testified", "testifies"], "quip": ["quipped"], "brag": ["bragged"], "admit": ["admitted"],
    "hold": ["held"], "forecast": ["forecast"], "predict": [], "argue": ["argued", "argues", "arguing"],
    "concede": ["conceded", "concedes", "conceding"], "declare": ["declared", "declares", "declaring"],
    "complain": [], "continue": ["continued", "continues", "continuing"], "note": ["noted", "notes", "noting"],
    "state": ["stated", "states", "stating"], "promise": ["promised", "promises", "promising"],
    "acknowledge": ["acknowledged", "acknowledges", "acknowledging"], "emphasize": ["emphasized", "emphasizes"],
    "emphasise": ["emphasised", "emphasises"], "caution": [], "describe": ["described", "describes"],
    "allege": ["alleged", "alleges"], "charge": ["charged", "charges"], "joke": ["joked", "jokes"],
    "accuse": ["accused", "accuses"], "urge": ["urged", "urges", "urging"], "vow": [], "insist": [],
    "announce": ["announced", "announces", "announcing"], "observe": ["observed", "observes"],
    "muse": ["mused"], "assure": ["assured", "assures"], "reiterate": ["reiterated", "reiterates"],
}
SPEECH_VERBS = """say tell add state note ask explain warn insist claim write emphasize emphasise stress argue
declare announce reply continue maintain accuse urge acknowledge admit recall confirm deny suggest predict
promise vow tweet post testify report speak call describe remark comment respond answer repeat mention
charge complain boast concede caution contend assert allege quip joke shout tout brag reveal disclose
indicate yell lament muse observe assure reiterate estimate conclude write highlight inform denounce condemn""".split()


def _forms(verb: str) -> set[str]:
    if verb in _IRREGULAR and _IRREGULAR[verb]:
        return {verb, verb + "s" if not verb.endswith("s") else verb + "es", *_IRREGULAR[verb],
                (verb[:-1] if verb.endswith("e") else verb) + "ing"}
    stem = verb[:-1] if verb.endswith("e") else verb
    plural = verb + ("es" if verb.endswith(("s", "sh", "ch")) else "s")
    past = verb + "d" if verb.endswith("e") else verb + "ed"
    return {verb, plural, past, stem + "ing"}


CUE_VERBS = frozenset(form for verb in SPEECH_VERBS for form in _forms(verb))
# cues that report speech only with a quotation: "called it "a disgrace"", "denounced a "massacre""
_WEAK_CUES = frozenset(form for verb in "call describe continue post denounce condemn".split() for form in _forms(verb))
_QUESTION_CUES = frozenset(form for verb in ("ask", "wonder", "inquire", "enquire") for form in _forms(verb))
_INFINITIVE_CUES = frozenset(form for verb in "urge promise vow ask tell warn call".split() for form in _forms(verb))
ROLE_NOUNS = frozenset("""ambassador diplomat envoy president minister official spokesman spokeswoman spokesperson
representative senator governor mayor secretary chairman chairwoman chair leader chief director lawyer attorney
prosecutor judge officer commissioner candidate nominee executive founder analyst economist expert researcher
scientist professor adviser advisor aide negotiator lawmaker congressman congresswoman premier chancellor
general commander sheriff manager coach captain superintendent inspector sergeant detective magistrate
coroner treasurer councillor justice recorder player striker forward defender midfielder goalkeeper keeper winger
batter bowler""".split())
SPEECH_NOUNS = frozenset("""claim claims statement statements remark remarks comment comments words assertion
assertions promise promises warning warnings accusation accusations argument arguments suggestion suggestions
pledge pledges demand demands description view views insistence contention allegation allegations""".split())
# "the chipmaker said": a company, the last one named as companies are named
COMPANY_NOUNS = frozenset("""company firm chipmaker carmaker automaker retailer lender insurer airline miner drugmaker
    broadcaster publisher manufacturer supplier startup developer group conglomerate operator""".split())
# "the bureau said": the word heads the name it describes ("Bureau of Meteorology", not "Local Government Association")
_HEAD_NOUNS = frozenset("bureau office government centre center".split())
# "the company said", "the fire service said": an organisation named before by a name that says what it is
ORGANISATION_NOUNS = frozenset("""company firm club council service league agency ministry department police union
party board authority operator group bank airline insurer commission committee court university hospital
school trust cooperative association charity foundation institute society federation""".split()) \
    | COMPANY_NOUNS | _HEAD_NOUNS


def _headed_by(name: str, noun: str) -> bool:
    """Whether ``noun`` heads the name: its last word, or before "of" ("Bureau of Meteorology"; not "Local
    Government Association")."""
    words = name.lower().split()
    return words[-1] == noun or any(a == noun and b == "of" for a, b in zip(words, words[1:]))
# the part of an organisation that speaks for it: "the Sheriff's Office", "the Department of Health regional office"
_OFFICE_NOUNS = frozenset("office department ministry service agency bureau authority board police".split())
_SAME_BODY = {"police": frozenset({"constabulary", "gardaí", "garda"})}  # another name for the same kind of body
_FORCE_ENDINGS = frozenset({"police"}) | _SAME_BODY["police"]  # "Kestrel Police"; not the Police Federation
COMPANY_LOOKBACK_TOKENS = 400
# a wire dateline opening a paragraph: its place in capitals ("CALDWELL, Ore."), then a dash ("CALDWELL, Ore.
# (Meridian Wire) — ", "LONDON (Reuters) - ") or a colon ("RAVIPUR:")
_DATELINE_PLACE = r"[A-Z][A-Z.'’ -]{1,40}(?:, [A-Z][\w.]*(?: [A-Z0-9][\w.]*)?)?"  # "CALDWELL, Ore.", "SEJIN, Dec. 3"
# a live report's entry time: "16:20 — ", "10.42am GMT - "
LIVE_STAMP = re.compile(r"\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?\s*)?(?:[A-Z]{2,4}\s*)?[—–-]+\s+")
WIRE_DATELINE = re.compile(rf"{_DATELINE_PLACE}\s*(?:\([^()\n]{{1,40}}\))?\s*[—–-]+\s")
STATEMENT_MEDIA = frozenset("""statement interview letter post email release filing briefing speech message
    video tweet""".split())
_NOT_A_SPEAKER = frozenset({"READ MORE", "MORE", "WATCH", "LISTEN", "UPDATE", "UPDATED", "CORRECTION", "RELATED",
                            "EDITOR'S NOTE", "EDITOR’S NOTE", "NOTE", "PHOTOS", "VIDEO", "ALSO READ", "SEE ALSO"})
# an unnamed source: "who asked not to be identified", "who requested anonymity", "speaking on condition of anonymity"
_ANONYMITY = re.compile(r"(asked|requested|wished|declined|spoke|speaking|talked|talking) (not to be (named|identified)"
                        r"|to be (named|identified)|anonymity|on (the )?condition (of|that)|anonymously)",
                        re.IGNORECASE)
_COLON_DATELINE = re.compile(rf"(?:^|\n){_DATELINE_PLACE}:$")
SPOKES_NOUNS = frozenset("spokesman spokeswoman spokesperson spokespeople representative".split())
_RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "him", "her", "them"})
_SUBORDINATE = frozenset({"advcl", "relcl", "acl"})  # a clause that sets the scene of the sentence's own
_SINGULAR_PRONOUNS = frozenset({"he", "she", "him", "her"})
_PLURAL_PRONOUNS = frozenset({"they", "them"})
GROUP_SENTENCES_BACK = 2  # who "they" are is the subject of the sentence or the two before
_DESCRIBING = frozenset({"appos", "relcl", "acl"})  # a phrase that describes the name it hangs on
_QUOTE = re.compile(r"“([^“”]+?)”|\"([^\"\n]+?)\"|‘‘([^’]+?)’’|(?:''|``)((?:[^'`\n]|'(?!'))+?)''"
                    r"|\"([^“”\"\n]+?)”|“([^“”\"\n]+?)\"")  # the last two: marks a scraper mixed up
_DASH_SIGNATURE = re.compile(r"\s*[—―–-]+\s*([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})")
# a turn's label: a name in capitals ("HOLLIS:", "MERE HOLLIS:") or as written ("Hollis:", "Mere Hollis:")
# (in capitals, a title and an affiliation after a comma may go with it: "SEN. HARLAN PIKE:", "BRANDON VOSS, MESA
# RIDGE DATA SYSTEMS:")
_TRANSCRIPT_TURN = re.compile(r"^[\"“]?([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}(?=(?:, [A-Z][A-Z0-9&.'’ -]+)?: )"
                              r"|[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+)?)(?:, [A-Z][A-Z0-9&.'’ -]+)?: ([^\n]+?)[\"”]?$",
                              re.MULTILINE)
# a quotation its paragraph ends before it closes; a straight mark opens after a space, before a word
_UNCLOSED = re.compile(r"“[^“”\n]+(?=\n)|(?:^|(?<=\s))\"(?=\w)[^“”\"\n]+(?=\n)")
# British style: 'We will,' she said. An opening mark follows a space or a paragraph's start and precedes a word (not
# the '90s, nor an elision: 'em, 'til, the 'sixties, rock 'n' roll); a closing one follows a non-space and precedes
# no letter (not It's)
_ELISIONS = r"(?:n|em|til|till|cause|cos|tis|twas|bout|round|fraid|ello|twenties|thirties|forties|fifties|sixties|" \
            r"seventies|eighties|nineties)\b"
_SINGLE_OPEN = re.compile(rf"(?:^|(?<=[\s(\[—–]))[‘'](?=[^\W\d_])(?!(?i:{_ELISIONS}))", re.MULTILINE)
_SINGLE_CLOSE = re.compile(r"(?<=\S)[’'](?!\w)")
# an apostrophe that ends a word before a lowercase one: "the workers' pay", "talkin' about", rock 'n' roll; passed
# over as a closing mark when another follows before the next quotation opens
_APOSTROPHE_BEFORE_WORD = re.compile(r"(?:s|in|(?<=['‘])n)[’'] [a-z]")
MAX_SINGLE_QUOTE_CHARS = 3000  # a quotation in single marks closes within this, in its paragraph
_TRAILING_PUNCT = (",", ".", "!", "?", "…", ",—", "—")
_CONTENT_DEPS = frozenset({"ccomp", "xcomp"})
_OBJECT_DEPS = frozenset({"dobj", "oprd", "attr"})
_EDGE_PUNCT = frozenset(",.;:—–-!?")
MAX_CONTINUATION_GAP = 200
SHORT_CUE_SENTENCE = 8
MIN_CONTENT_TOKENS = 3
# A "sentence" longer than this is a misparse (a list, a run of marks): attributions inside it are not
# trusted, and skipping it keeps the cost per article linear in its length.
MAX_SENTENCE_TOKENS = 200
MIN_UNCUED_QUOTE_WORDS = 6
TITLE_MAX_WORDS = 6
GOVERNING_HOPS = 3
RECENT_SPEAKER_CHARS = 600  # "said the diplomat" right after a quote of Sung Kim's is Sung Kim
_TITLE_SMALL_WORDS = frozenset("a an and as at but by for from in into of on or the to with".split())
DIRECT_SHARE = 0.6  # quotation marks cover this much of the attributed content: a direct quote


@dataclass
class _Attribution:
    start: int  # content span, characters
    end: int
    cue: str | None
    mention: object | None  # spaCy span of the speaker mention
    quotes: list[tuple[int, int]]  # quoted words inside the content (without marks)
    marks: list[tuple[int, int]]  # the same quotes with their marks
    quoted: bool = False  # the statement is its quotation marks (a direct quote, maybe in pieces)
    speaker: str | None = None  # named by a transcript's label in capitals ("SEN. PIKE:" is Harlan Pike)


def find_quotes(doc, entities: list[Entity]) -> list[Quote]:
    """Quotes in a spaCy ``Doc`` of the article body, speakers resolved through ``entities``.

    One record per quoted piece; the pieces of one attribution (a quote
    interrupted by its cue, a continuation paragraph) share its content span.
    """
    text = doc.text
    sentences = list(doc.sents)
    sentence_starts = [s.start_char for s in sentences]
    people = [e for e in entities if e.label == "PERSON"]
    marks = _quotation_marks(text)
    attributions = _cued_attributions(sentences, marks) + _transcript_turns(doc)
    previous: _Attribution | None = None
    for open_at, close_at, inner_start, inner_end in marks:
        owner = next((a for a in attributions if open_at < a.end and close_at > a.start
                      or a.end <= open_at and text[a.end:open_at].strip() == ":"), None)  # "…: “Steadiness.”"
        if owner is not None and previous is not None and previous is not owner and previous.quoted \
                and _same_mention(previous, owner) and 0 <= open_at - previous.end <= MAX_CONTINUATION_GAP:
            # “A,” X said, “B.” where the parser gave the cue B as its clause: one statement in two pieces
            attributions.remove(previous)
            owner.start = min(owner.start, previous.start)
            owner.quotes[:0], owner.marks[:0] = previous.quotes, previous.marks
            owner.quoted = True
        if owner is not None:
            owner.start, owner.end = min(owner.start, open_at), max(owner.end, close_at)
            owner.quotes.append((inner_start, inner_end))
            owner.marks.append((open_at, close_at))
            owner.quoted = owner.quoted or (close_at - open_at) >= DIRECT_SHARE * (owner.end - owner.start)
            previous = owner
            continue
        content = text[inner_start:inner_end].strip()
        if not _starts_paragraph(text, open_at) and not _quote_kind(text, open_at, content):
            governed = _governing_clause(doc, open_at, close_at)
            if governed is not None:  # "Trump criticized the act as a “crazy system”": the verb's words, its subject's view
                start, end, cue, mention = governed
                previous = _add_or_extend(attributions, start, end, cue, mention, (inner_start, inner_end),
                                          (open_at, close_at))
                continue
        first = bisect_right(sentence_starts, open_at) - 1
        last = bisect_right(sentence_starts, close_at - 1) - 1
        cue, mention, cue_token = _main_speaker(*_find_cue(sentences[first:last + 1], open_at, close_at))
        if mention is not None and not _starts_paragraph(text, open_at) and not _quote_kind(text, open_at, content):
            if previous is not None and previous.mention is not None and previous.mention.start_char == mention.start_char \
                    and 0 <= open_at - previous.end <= MAX_CONTINUATION_GAP:
                # Mills “got immunity,” Jordan said, and still “sat in on the interview”: one statement
                previous.quotes.append((inner_start, inner_end))
                previous.marks.append((open_at, close_at))
                previous.end = max(previous.end, close_at)
                continue
            start, end = _clause_around(sentences[first], cue_token, mention, open_at, close_at)
            previous = _add_or_extend(attributions, start, end, cue, mention, (inner_start, inner_end), (open_at, close_at))
            continue
        if mention is None and last + 1 < len(sentences) and len(sentences[last + 1]) <= SHORT_CUE_SENTENCE:
            cue, mention, _ = _find_cue([sentences[last + 1]], open_at, close_at, near_only=True)
        if mention is None:
            cue, mention = _introduced(text, sentences, first, open_at, close_at)
        if mention is not None and previous is not None and previous.mention is not None \
                and previous.mention.start_char == mention.start_char and open_at - previous.end <= MAX_CONTINUATION_GAP:
            # “A,” X said, “B.” — the second piece hangs on the same cue as the first
            previous.quotes.append((inner_start, inner_end))
            previous.marks.append((open_at, close_at))
            previous.end = close_at
            continue
        if mention is None and previous is not None:
            if _interrupted(text, previous.end, open_at):
                previous.quotes.append((inner_start, inner_end))
                previous.marks.append((open_at, close_at))
                previous.end = close_at
                continue
            if _starts_paragraph(text, open_at) and _continues(text, previous.end, open_at):
                # a paragraph of quote without a cue continues the previous speaker
                attribution = _Attribution(open_at, close_at, previous.cue, previous.mention,
                                           [(inner_start, inner_end)], [(open_at, close_at)], quoted=True)
                attributions.append(attribution)
                previous = attribution
                continue
        if mention is None and len(content.split()) < MIN_UNCUED_QUOTE_WORDS:
            continue  # a scare quote, a title or a single term: not an attribution
        attribution = _Attribution(open_at, close_at, cue, mention, [(inner_start, inner_end)], [(open_at, close_at)],
                                   quoted=True)
        attributions.append(attribution)
        previous = attribution
    quotes: list[Quote] = []
    names = {p.canonical for p in people}
    others = {e.canonical for e in entities if e.label != "PERSON"}  # organisations and places that speak
    last_speaker, last_start, last_end = None, -1, -1
    for attribution in sorted(attributions, key=lambda a: a.start):
        if _writer_speaks(attribution, marks):
            continue  # "It is also, I would argue, the best investment": the column's own view, no one's quote
        recent = last_speaker if attribution.start - last_end <= RECENT_SPEAKER_CHARS else None
        pieces = _to_quotes(text, attribution, entities, people, recent, (last_start, last_end) if recent else None)
        quotes.extend(pieces)
        if pieces and pieces[0].speaker:
            last_speaker = pieces[0].speaker if pieces[0].speaker in names else last_speaker
            last_start, last_end = attribution.start, attribution.end
            _count_as_mention(pieces[0], people, names, others)
    quotes.sort(key=lambda q: (q.content_start, q.start))
    return _without_echoes(_run_on_speakers(text, quotes))


def _run_on_speakers(text: str, quotes: list[Quote]) -> list[Quote]:
    """A quotation left open at its paragraph's end, the next paragraph going on with it, is the speaker's whom
    that paragraph names ("'I told the board …" ¶ "'We will fight on,' she said.")."""
    for number in range(len(quotes) - 2, -1, -1):
        quote, following = quotes[number], quotes[number + 1]
        gap = text[quote.end:following.start]
        if quote.speaker is None and quote.kind == "direct" and following.speaker and following.kind == "direct" \
                and "\n" in gap and not gap.strip(" \n\"“‘'"):
            quotes[number] = replace(quote, speaker=following.speaker, speaker_mention=following.speaker_mention,
                                     speaker_start=following.speaker_start, speaker_end=following.speaker_end,
                                     cue=following.cue)
    return quotes


def _writer_speaks(attribution: _Attribution, marks: list[tuple[int, int, int, int]]) -> bool:
    """The writer's own "I would argue" or "we believe", outside any quotation."""
    mention = attribution.mention
    return mention is not None and not attribution.quotes and mention.text.lower() in {"i", "we"} \
        and not any(open_at <= mention.start_char < close_at for open_at, close_at, *_ in marks)


def _count_as_mention(quote: Quote, people: list[Entity], names: set[str], others: set[str]) -> None:
    """A speaker named by a name the model left untagged ("Maral, 63, said …") is the last person named for
    the pronouns after it ("… he said"), as a tagged name would be."""
    start, end = quote.speaker_start, quote.speaker_end
    if start is None or not quote.speaker_mention or quote.speaker_mention.split()[-1] not in quote.speaker.split() \
            or any(p.start < end and p.end > start for p in people):
        return  # a pronoun or a description ("the former minister") is not a name: it may have been guessed
    if quote.speaker not in names:
        if not named_by_mention(quote, others):
            return
        names.add(quote.speaker)  # "Mayor Piers Whitlow said", the model tagging no one
    mention = Entity(text=quote.speaker_mention, label="PERSON", canonical=quote.speaker, start=start, end=end)
    people.insert(bisect_right([p.start for p in people], start), mention)


def named_by_mention(quote: Quote, others: set[str]) -> bool:
    """The speaker is a person's name of two words the mention itself writes, titles aside ("Mayor Piers
    Whitlow"), and not one of ``others``: the organisations and places the article names."""
    return quote.speaker_mention is not None and clean_name(quote.speaker_mention, "PERSON") == quote.speaker \
        and bool(NAME_OF_TWO.match(quote.speaker)) and quote.speaker not in others


def _without_echoes(quotes: list[Quote]) -> list[Quote]:
    """Drop a quoted phrase that repeats another speaker's earlier words ("called out the US for
    expressing “no hostile intent”"): it cites that quote, it is not a new one."""
    first_speaker: dict[str, str | None] = {}
    kept = []
    for quote in quotes:
        key = " ".join(re.findall(r"\w+", quote.text.lower()))
        if quote.kind == "partial" and key in first_speaker and first_speaker[key] != quote.speaker:
            continue
        first_speaker.setdefault(key, quote.speaker)
        kept.append(quote)
    return kept


def _is_title(words: str) -> bool:
    """A quoted name of a show, book or slogan: short, every word capitalised, no sentence inside."""
    tokens = re.findall(r"[\w'’-]+", words)
    if not tokens or len(tokens) > TITLE_MAX_WORDS:
        return False
    content = [t for t in tokens if t.lower() not in _TITLE_SMALL_WORDS]
    return bool(content) and all(t[0].isupper() or t[0].isdigit() for t in content) and not words.rstrip(",”\"").endswith(("?", "!"))


def _add_or_extend(attributions: list[_Attribution], start: int, end: int, cue, mention, piece, mark) -> _Attribution:
    """A new attribution for a quote, or the existing one of the same speaker mention it overlaps, extended."""
    for existing in attributions:
        if existing.mention is not None and mention is not None and existing.mention.start_char == mention.start_char \
                and start < existing.end and end > existing.start:
            existing.start, existing.end = min(existing.start, start), max(existing.end, end)
            existing.quotes.append(piece)
            existing.marks.append(mark)
            return existing
    attribution = _Attribution(start, end, cue, mention, [piece], [mark])
    attributions.append(attribution)
    return attribution


def _same_mention(first: _Attribution, second: _Attribution) -> bool:
    return first.mention is not None and second.mention is not None \
        and first.mention.start_char == second.mention.start_char


# a speaker's one word for a thing, after the verb that gives it: called the failure "unacceptable" (not a name for
# it, "called the estate the “pit”", nor "calling out Trump for his supposed “lies”")
_ENDS_A_CLAUSE = re.compile(r"\s*(?:[.,;:!?)]|and\b|$)")  # not a word's qualifier: promoting “quack” medical cures
_CHARACTERISED = re.compile(r"(?:\b(?:call|brand|label)\w*(?!\s+(?:out|for|on|off|up|upon|back|in)\b)"
                            r"(?:\s+[^\s\"“”.;:]+){1,12}"
                            r"|\bdescrib\w*(?:\s+[^\s\"“”.;:]+){1,8}\s+as)(?<!\bthe)(?<!\ban)(?<!\ba)\s*$",
                            re.IGNORECASE)

# what someone said a thing was, in their one word: "said they were “heartbroken”", "told MPs it was “unacceptable”"
_SAID_TO_BE = re.compile(r"\b(?:said|says|told|tells|insisted|insists|added|adds|warned|warns)\b[^\"“”.;:?!]{0,100}?"
                         r"\b(?:is|are|was|were|be|been|being|remains|remained|seemed|seems|felt|feels)(?:\s+an?)?\s*$",
                         re.IGNORECASE)


def _quotation_marks(text: str) -> list[tuple[int, int, int, int]]:
    """(open, close, inner start, inner end) of each quotation of two words or more.

    A quote whose paragraph ends before it closes (the convention for a quote
    running over several paragraphs) is taken to the end of its paragraph.
    """
    found = []
    paired = []  # every pair of marks, titles too: no opening of them is left unclosed
    for match in _QUOTE.finditer(text):
        paired.append((match.start(), match.end()))
        group = next(g for g in range(1, 7) if match.group(g) is not None)
        content = match.group(group).strip()
        if len(content.split()) < 2 and not content.endswith(_TRAILING_PUNCT) \
                and not ((_CHARACTERISED.search(text, max(0, match.start() - 120), match.start())
                          or _SAID_TO_BE.search(text, max(0, match.start() - 160), match.start()))
                         and _ENDS_A_CLAUSE.match(text, match.end())) \
                or _is_title(content):
            continue  # a single quoted word is a term, a capitalised one a title: not a quotation
        found.append((match.start(), match.end(), match.start(group), match.end(group)))
    doubles = list(found)  # in text order, never overlapping
    singles = []
    for open_at, close_at, inner_start, inner_end in _single_quotes(text):
        content = text[inner_start:inner_end].strip()
        if _inside(doubles, open_at) or _is_title(content) \
                or len(content.split()) < 2 and not content.endswith(_TRAILING_PUNCT):
            continue
        singles.append((open_at, close_at, inner_start, inner_end))
    if singles:  # 'He told me "we are finished" and left,' she said: the inner quote is part of hers
        found = [mark for mark in doubles if not _inside(singles, mark[0])] + singles
        found.sort()
    unclosed = []
    for match in _UNCLOSED.finditer(text):
        open_at = match.start()
        if _inside(found, open_at) or _inside(paired, open_at):
            continue
        end = match.end()
        if len(text[open_at + 1:end].split()) >= MIN_UNCUED_QUOTE_WORDS:
            unclosed.append((open_at, end, open_at + 1, end))
    if unclosed:  # a quotation in single marks inside one is part of it ("… 'The sea doesn't care,' she told me.")
        found = sorted([mark for mark in found if text[mark[0]] not in "‘'" or not _inside(unclosed, mark[0])]
                       + unclosed)
    return found


def _inside(marks: list[tuple[int, ...]], offset: int) -> bool:
    """Whether ``offset`` lies within one of ``marks`` (sorted, not overlapping: open, close, ...)."""
    index = bisect_right(marks, (offset, math.inf)) - 1
    return index >= 0 and marks[index][0] <= offset < marks[index][1]


def _single_quotes(text: str) -> list[tuple[int, int, int, int]]:
    """(open, close, inner start, inner end) of quotations in single marks, within one paragraph each; one that
    opens a paragraph and does not close in it runs to the paragraph's end (a quote over several paragraphs)."""
    spans = []
    position = 0
    while match := _SINGLE_OPEN.search(text, position):
        open_at = match.start()
        paragraph_end = text.find("\n", open_at, open_at + MAX_SINGLE_QUOTE_CHARS)
        paragraph_end = min(len(text), open_at + MAX_SINGLE_QUOTE_CHARS) if paragraph_end < 0 else paragraph_end
        close_at = _closing_mark(text, open_at + 2, paragraph_end)
        if close_at is not None:
            spans.append((open_at, close_at + 1, open_at + 1, close_at))
            position = close_at + 1
        elif _starts_paragraph(text, open_at) and len(text[open_at:paragraph_end].split()) >= MIN_UNCUED_QUOTE_WORDS:
            spans.append((open_at, paragraph_end, open_at + 1, paragraph_end))
            position = paragraph_end
        else:
            position = open_at + 1
    return spans


def _closing_mark(text: str, start: int, end: int) -> int | None:
    """The mark between ``start`` and ``end`` that closes a quotation in single marks: the first, unless it reads
    as an apostrophe ("the workers' pay") and another closing mark comes before the next quotation opens."""
    closings = _SINGLE_CLOSE.finditer(text, start, end)
    candidate = next(closings, None)
    while candidate is not None:
        later = next(closings, None)
        if later is None or not _APOSTROPHE_BEFORE_WORD.match(text, candidate.start() - 2) \
                and not _APOSTROPHE_BEFORE_WORD.match(text, candidate.start() - 1) \
                or _SINGLE_OPEN.search(text, candidate.start() + 1, later.start()):
            return candidate.start()
        candidate = later
    return None


def _introduced(text: str, sentences, first: int, open_at: int, close_at: int):
    """(cue, speaker) of a quote introduced by a colon ("Ann Lee said:" / "Ann Lee, 34, of Vell:")
    or signed after a dash ("“…” — Ann Lee")."""
    before = text[max(0, open_at - 200):open_at].rstrip()
    if before.endswith(":") and not _COLON_DATELINE.search(before):
        index = first - 1 if first > 0 and sentences[first].start_char >= open_at - 1 else first
        sentence = sentences[index]
        cue, mention, _ = _main_speaker(*_find_cue([sentence], open_at, close_at))
        if mention is not None:
            return cue, mention
        names = [e for e in sentence.ents if e.label_ in {"PERSON", "ORG"} and e.end_char <= open_at]
        if names:
            return ":", names[0]
    after = _DASH_SIGNATURE.match(text, close_at)
    if after:
        doc = sentences[0].doc
        span = doc.char_span(after.start(1), after.end(1), alignment_mode="expand")
        if span is not None:
            names = [e for e in doc.ents if e.start_char >= after.start(1) and e.start_char < after.end(1) and e.label_ == "PERSON"]
            return "—", names[0] if names else span
    return None, None


def _main_speaker(cue, mention, cue_token):
    """(cue, speaker mention, cue token), where a verb of saying in a clause that only sets the scene gives way
    to the person the sentence is about: "Dunmore put it bluntly when Civic Pulse spoke to him: “…”"."""
    if cue_token is not None and cue_token.dep_ in _SUBORDINATE and cue_token.head.i != cue_token.i:
        subject = _subject(cue_token.head)
        if subject is not None and subject.ent_type_ == "PERSON":
            return cue_token.head.text, _mention_span(subject), cue_token.head
    return cue, mention, cue_token


def _clause_around(sentence, cue, mention, open_at: int, close_at: int) -> tuple[int, int]:
    """The attributed clause around a partial quote whose cue does not govern it: the sentence without
    the cue's own words ("These employees, Stumpf explained, were “well-paid,” making …")."""
    own = {t.i for t in cue.subtree} if cue is not None else set()
    quote_inside_cue = cue is not None and any(open_at <= t.idx < close_at for t in cue.subtree)
    if quote_inside_cue:
        words = [t for t in cue.subtree if t.i != cue.i and not (mention.start <= t.i < mention.end)
                 and t.i > min(cue.i, mention.start)]
    else:
        words = [t for t in sentence if t.i not in own]
    start, end = _trimmed(words, (open_at, close_at))
    return min(start, open_at), max(end, close_at)


def _governing_clause(doc, open_at: int, close_at: int):
    """(start, end, verb, subject) for a quote embedded in a clause whose verb has a named subject."""
    span = doc.char_span(open_at, close_at, alignment_mode="expand")
    if span is None:
        return None
    verb, subject = span.root, None
    for _ in range(GOVERNING_HOPS):  # "extended an invitation to North Korea to “engage …”": up to the verb with a subject
        while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
            owners = [c for c in verb.children if c.dep_ == "poss"]
            if verb.lower_ in SPEECH_NOUNS and owners and verb.i < span.start:
                # "Trump’s claim that there were “thousands of shootings”": the claim's owner said it
                words = [t for c in verb.children if c.i > verb.i and c.dep_ in {"acl", "ccomp", "prep", "appos"}
                         for t in c.subtree]
                start, end = _trimmed(words, (open_at, close_at))
                return min(start, open_at), max(end, close_at), verb.text, _mention_span(owners[0])
            verb = verb.head
        if verb.pos_ not in {"VERB", "AUX"}:
            return None
        subject = _subject(verb)
        if subject is not None or verb.head.i == verb.i:
            break
        verb = verb.head
    if subject is None or verb.i >= span.start or subject.lower_ in {"there", "that", "which", "who"}:
        return None
    teller = None
    if verb.dep_ == "ccomp" and verb.head.lower_ in CUE_VERBS and verb.head.i < verb.i:
        teller = _subject(verb.head) or (verb.head.head if verb.head.dep_ == "acl"  # parsed as a noun's: "Moravec,
                                         and verb.head.head.pos_ in {"PROPN", "NOUN"} else None)  # …, posted that"
    if teller is not None and teller.lower_ not in {"there", "that", "which"}:
        # "Moravec posted on X that GlassMoth hits “almost always on a weekend”": her words of it, not its own
        verb, subject = verb.head, teller
    words = [t for child in verb.children if child.i > verb.i and child.dep_ not in {"punct", "cc", "conj"}
             for t in child.subtree]
    trimmed = _trimmed(words)
    if trimmed is None:
        return None
    start, end = trimmed
    return min(start, open_at), max(end, close_at), subject.head.text, _mention_span(subject)


def _interrupted(text: str, previous_end: int, open_at: int) -> bool:
    """The quote goes on after its cue in the same paragraph: “A,” she said. “B.”, or after a longer
    cue sentence when the new quote opens a sentence."""
    gap = text[previous_end:open_at]
    if "\n" in gap.strip(" ") or _quotation_marks(gap):
        return False
    return len(gap.split()) <= SHORT_CUE_SENTENCE or len(gap) <= MAX_CONTINUATION_GAP and gap.rstrip().endswith((".", ":"))


def _starts_paragraph(text: str, open_at: int) -> bool:
    line_start = text.rfind("\n", 0, open_at) + 1
    return not text[line_start:open_at].strip()


def _transcript_turns(doc) -> list[_Attribution]:
    """Interview transcripts: a paragraph opening with the speaker's name and a colon (in capitals, or a name
    as written that opens two turns or more).

    A turn runs over the paragraphs after it until the next speaker's turn.
    """
    text = doc.text  # joined anew on each read
    found = list(_TRANSCRIPT_TURN.finditer(text))
    labels = Counter(match.group(1) for match in found)
    # a label in capitals, or one written as a name that opens two turns and names someone elsewhere ("Hollis",
    # not "Source:" or "Photo:" twice)
    speakers = {label for label, count in labels.items() if label.upper() not in _NOT_A_SPEAKER
                and (label.isupper() or count > 1 and _named_outside_labels(label, text, count))}
    matches = [match for match in found if match.group(1) in speakers
               and not any(t.ent_type_ in ("GPE", "LOC") for t in doc.char_span(
                   match.start(1), match.end(1), alignment_mode="expand") or ())]  # "LONDON:" is a dateline
    if len(matches) < 2:
        return []  # one turn is no interview
    turns = []
    named = _names_of_labels([match.group(1) for match in matches], text)
    for index, match in enumerate(matches):
        mention = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        start, end = match.start(2), match.end(2)
        if index + 1 < len(matches):  # the paragraphs up to the next turn are this speaker's too
            end = max(end, len(text[:matches[index + 1].start()].rstrip().rstrip('"”')))
        if mention is not None and len(text[start:end].split()) >= MIN_CONTENT_TOKENS:
            turns.append(_Attribution(start, end, ":", mention, [], [], speaker=named.get(match.group(1))))
    return turns


def _names_of_labels(labels: list[str], text: str) -> dict[str, str]:
    """The people a transcript's labels in capitals name, as names are written: titles left out ("CHAIRWOMAN
    TERESA DELGADO" is Teresa Delgado), a surname alone the one named in full with the same title, else the last
    named in full with it ("SEN. PIKE" is Sen. Harlan Pike, not Dr. Miriam Pike; "VOSS" is Brandon Voss)."""
    written = {label: _as_written(label, text) for label in set(labels) if label.isupper()}
    full = {label: clean_name(name, "PERSON") for label, name in written.items()}
    named = {label: name for label, name in full.items() if " " in name}
    for label, name in full.items():
        if " " in name or not name:
            continue  # a surname alone, or none: "MODERATOR" and "HOST" are left to the speaker's rules
        title = title_meaning(written[label])
        bearers = [other for other, full_name in named.items() if full_name.split()[-1] == name]
        titled = [other for other in bearers if title and title_meaning(written[other]) == title]
        if bearers:
            named[label] = named[(titled or bearers)[-1]]
    return named


def _as_written(label: str, text: str) -> str:
    """A label in capitals as the text writes the name elsewhere ("MARY O'BRIEN" as Mary O'Brien), else in
    capitalised words."""
    for found in re.finditer(re.escape(label), text, re.IGNORECASE):
        if not found.group(0).isupper():
            return found.group(0)
    return string.capwords(label.lower(), " ")


def _named_outside_labels(label: str, text: str, as_label: int) -> bool:
    """Whether a label written as a name ("Hollis") is also named in the text ("Mere Hollis took over …"), as a
    person is and "Source" or "Price" is not."""
    return len(re.findall(rf"\b{re.escape(label)}\b", text)) > as_label


def _cued_attributions(sentences, marks) -> list[_Attribution]:
    """Attributions with a cue verb or "according to" and a clause as content.

    In each sentence the outermost attribution wins: a cue inside another
    one's content is nested speech and part of it ("…, the source added"
    over "Clinton had told police that …"); a cue joined to the clause ("…
    and said that …") stands on its own.
    """
    found = []
    inside = _QuotationIndex(marks)
    for sentence in sentences:
        if len(sentence) > MAX_SENTENCE_TOKENS:
            continue
        candidates = []
        for token in sentence:
            if inside.contains(token.idx):
                continue  # a cue inside a quotation belongs to the quoted speaker's words
            attribution = _attribution_at(token, sentence, marks)
            if attribution is None:
                continue
            span, cue, mention = attribution
            speaker = set(range(mention.start, mention.end)) if mention is not None else set()
            own_clauses = {t.i for t in span if t.i != token.i and _is_coordinated_cue(t) for t in t.subtree}
            span = [t for t in span if t.i != token.i and t.i not in speaker and t.i not in own_clauses]
            words = [t for t in span if not t.is_punct or t.text in "“”\""]
            if len(words) >= MIN_CONTENT_TOKENS:
                candidates.append((span, token, cue, mention))
        taken: set[int] = set()
        for span, token, cue, mention in sorted(candidates, key=lambda c: -len(c[0])):
            if token.i in taken:
                continue
            said = sorted(span, key=lambda t: t.i)
            # a semicolon ends what was said, on the cue's side: "said crime rose by 6 per cent; the statistics
            # office puts the rise at 5.8", "Take the monitoring …; it only tells you after the fact"
            semicolons = [t.i for t in sentence if t.text == ";" and not inside.contains(t.idx)]
            after = max([i for i in semicolons if i < token.i], default=-1)
            before = min([i for i in semicolons if i > token.i], default=len(token.doc))
            said = [t for t in said if after < t.i < before]
            if len(said) > 1 and _complementiser(said[0]):
                said = said[1:]  # "said that the plant would close": what was said starts after "that"
            trimmed = _trimmed(said)
            if trimmed is None:
                continue
            taken.update(t.i for t in span)
            start, end = trimmed
            for open_at, close_at in inside.overlapping(start, end):  # a quotation the clause reaches into
                start, end = min(start, open_at), max(end, close_at)   # is part of it whole
            found.append(_Attribution(start, end, cue, mention, [], []))
    return found


class _QuotationIndex:
    """Which quotations hold a character offset (logarithmic time), or overlap a range (walking back only as far
    as an earlier quotation still reaches)."""

    def __init__(self, marks):
        self.spans = sorted((open_at, close_at) for open_at, close_at, *_ in marks)
        self.opens = [open_at for open_at, _ in self.spans]
        self.reach = []  # the furthest close among the quotations opened so far
        furthest = -1
        for _, close_at in self.spans:
            furthest = max(furthest, close_at)
            self.reach.append(furthest)

    def contains(self, offset: int) -> bool:
        k = bisect_right(self.opens, offset - 1)  # quotations opened strictly before ``offset``
        return k > 0 and self.reach[k - 1] > offset

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        found = []
        i = bisect_right(self.opens, end - 1) - 1  # the last quotation opened before ``end``
        while i >= 0 and self.reach[i] > start:  # earlier than where the reach falls to ``start``, none overlaps
            if self.spans[i][1] > start:
                found.append(self.spans[i])
            i -= 1
        return found[::-1]


def _attribution_at(token, sentence, marks):
    """(content tokens, cue, speaker mention) when ``token`` cues an attribution."""
    lowered = token.text.lower()
    if lowered == "according" and _followed_by_to(token):
        objects = [c for c in token.nbor(1).children if c.dep_ == "pobj"]
        if not objects:
            return None
        phrase = {t.i for t in token.subtree} | {t.i for t in token.nbor(1).subtree}
        content = [t for t in sentence if t.i not in phrase]
        return _contiguous(content, token), "according to", _mention_span(objects[0])
    if lowered not in CUE_VERBS or token.pos_ not in {"VERB", "AUX"} or _says_nothing(token):
        return None
    weak = lowered in _WEAK_CUES  # "called for", "described" report speech only with a quotation
    subject = _subject(token)
    if subject is not None and subject.dep_ == "nsubjpass":  # "Residents were told by the council that …": the
        subject = next((o for agent in token.children if agent.dep_ == "agent"  # council said it, not they
                        for o in agent.children if o.dep_ == "pobj"), subject)
    mention = _mention_span(subject) if subject is not None else None
    if mention is not None and mention.root.lower_ in {"it", "there"}:
        mention = None  # "it is said that…": an attribution without a source
    allowed = _CONTENT_DEPS if lowered in _INFINITIVE_CUES else {"ccomp"}
    complements = sorted((c for c in token.children if c.dep_ in allowed),
                         key=lambda c: (not _holds_quote(c, marks), c.i < token.i))  # quoted first, then after the cue
    if _after_a_closing_quote(token):  # "“…,” said Yusuf Daher, whose brother was killed": the quote is what was
        complements = [c for c in complements if c.i < token.i]  # said, not the clause after the speaker
    if len(complements) > 1 and complements[0].i > token.i and complements[1].i < token.i \
            and not _holds_quote(complements[0], marks) and _after_a_comma(complements[0]):
        # "Crime fell by 4.2 per cent, the office said on Tuesday, far less than the fall the premier claimed":
        # the clause before the cue is what was said, the one after a comma the writer's
        complements = complements[1:] + complements[:1]
    complements = complements or _said_in_a_statement(token)
    if complements and not weak:
        complement = complements[0]
        if _not_a_statement(token, complement):
            return None
        if complement.i < token.i and mention is not None:
            # "The van was due …, but the Secret Service whisked her away, another source said": the whole
            # sentence before the cue, not only the clause the parser hung on it
            # the speaker's whole description too ("federation general secretary Caspar Dunmore said")
            left = min(token.i, mention.root.left_edge.i, min(t.i for t in mention),
                       *(t.i for t in token.children if t.dep_ in {"aux", "neg"}))
            content = [t for t in sentence if t.i < left]
        else:
            content = list(complement.subtree)
            for extra in token.children:  # "they had misgivings, but could not bear to insult him": one statement
                if extra.dep_ == "conj" and extra.i > complement.i and extra.lower_ not in CUE_VERBS:
                    content += [t for t in token.children if t.dep_ in {"cc", "punct"} and complement.i < t.i < extra.i]
                    content += list(extra.subtree)
                elif extra.dep_ == "ccomp" and extra.i > complement.i \
                        and extra.left_edge.i == max(t.i for t in content) + 1:
                    content += list(extra.subtree)  # a clause the parser cut in two: "said about 300 operations
                    # postponed during the walkout | would be rescheduled within six weeks"
            content.sort(key=lambda t: t.i)
            content += _clock_suffix(content)
        return content, token.text, mention
    reported_by_head = token.dep_ == "ccomp" and token.head.lower_ in CUE_VERBS  # "X has said he will testify"
    left = token.left_edge.i  # "The court heard that X had reported …": a clause of the sentence, not its cue
    embedded = token.doc[left].lower_ in ("that", "whether") and left > sentence.start \
        and not token.doc[left - 1].is_punct
    closing = token.dep_ == "conj" and mention is not None and mention.start > sentence.start \
        and token.doc[mention.start - 1].text == "," and token.i > token.head.i \
        and all(t.i > mention.start - 1 for t in token.subtree if t.i != token.i and t.dep_ != "punct")
    if (token.dep_ in {"parataxis", "ccomp"} or closing) and token.head.i != token.i and mention is not None \
            and not weak and not reported_by_head and not embedded:
        # ("…, should take about four months, the council's engineer, Pavel Strand, told members": the parser joined
        # the cue to the clause it closes)
        # "The talks will resume, he said." / "But, he said, the talks will resume." — the cue interrupts
        # or closes the clause it attributes
        own = {t.i for t in token.subtree}
        content = [t for t in sentence if t.i not in own]
        return content, token.text, mention
    objects = [c for c in token.children if c.dep_ in _OBJECT_DEPS]
    if objects and mention is not None and any(_holds_quote(o, marks) for o in objects):
        content = sorted({t for o in objects for t in o.subtree}, key=lambda t: t.i)
        return content, token.text, mention
    return None


def _after_a_closing_quote(cue) -> bool:
    """The cue comes right after a quotation closed with a comma: “…,” said X."""
    doc, at = cue.doc, cue.i - 1
    while at >= 0 and doc[at].is_space:
        at -= 1
    return at >= 1 and doc[at].text in {'"', "”", "’", "'"} and doc[at - 1].text in {",", "!", "?"} \
        or at >= 0 and doc[at].text in {',"', ",”"}


def _after_a_comma(clause) -> bool:
    """The clause opens after a comma, with no "that": not what a cue just before it introduces."""
    left = clause.left_edge
    return left.i > 0 and clause.doc[left.i - 1].text == "," and left.lower_ != "that"


def _complementiser(token) -> bool:
    """"that" opening what was said, however parsed: a marker, or the object the parser gave a clause that has a
    subject of its own ("said in a statement that Pryce had left": "that" the object of "left")."""
    return token.lower_ == "that" and (token.dep_ == "mark" or token.head.dep_ in ("relcl", "ccomp") and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.i > token.i for c in token.head.children))


def _said_in_a_statement(cue) -> list:
    """The that-clause the parser hung on the medium: "said in a statement that bus links would be improved"; or
    on the gathering told: "told a packed briefing that divers had recovered the last of the missing"."""
    for preposition in (c for c in cue.children if c.dep_ == "prep" and c.lower_ in {"in", "on", "through", "via"}):
        for medium in (o for o in preposition.children if o.dep_ == "pobj" and o.lower_ in STATEMENT_MEDIA):
            clauses = [c for c in medium.children if c.dep_ in {"acl", "ccomp", "relcl"}
                       and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
            if clauses:
                return clauses[:1]
    if cue.lower_ == "told":
        for gathering in (o for o in cue.children if o.dep_ == "dobj" and o.lower_ in STATEMENT_MEDIA | _GATHERINGS):
            # (not a relative clause of its own: "told the crowd that sold tickets …" has "that" for its subject)
            clauses = [c for c in gathering.children if c.dep_ == "relcl" and c.left_edge.lower_ == "that"
                       and c.left_edge.i == gathering.i + 1
                       and any(s.dep_ in ("nsubj", "nsubjpass") and s.lower_ != "that" for s in c.children)]
            if clauses:
                return clauses[:1]
    return []


_GATHERINGS = frozenset("meeting conference hearing rally crowd audience session gathering vigil".split())


def _says_nothing(cue) -> bool:
    """A cue that reports no statement: negated ("has not said how deep"), with "what" for its object, a
    description of what someone says ("that is what officials always say"), or what someone ought to or may say
    ("the council should now explain why", "the minister will have to explain")."""
    return any(c.dep_ == "neg" or (c.dep_ == "dobj" and c.lower_ in {"what", "whatever"})
               or (c.dep_ == "aux" and c.lower_ in _NOT_SAID_MODALS) for c in cue.children) \
        or (cue.dep_ == "xcomp" and cue.head.lower_ in _OBLIGED | _REFUSED) \
        or ((subject := _subject(cue)) is not None and subject.lower_ in _WHAT_SHOWS and not subject.ent_type_) \
        or _ANONYMITY.match(cue.doc[cue.i:cue.i + 6].text) is not None \
        or any(c.dep_ == "prep" and (c.lower_, cue.lower_[:3]) in _NOT_SAYING for c in cue.children) \
        or subject is not None and _A_SHARE.match(" ".join(t.text for t in subject.subtree)) is not None \
        or cue.lower_ == "told" and subject is not None and subject.dep_ == "nsubjpass" \
        and not any(c.dep_ == "agent" for c in cue.children)
    # "who asked not to be named"; "has asked for money", "expects the drug to add to revenue"; a poll's
    # finding, no one's statement: "18% of voters said they were undecided"; what someone unnamed told people:
    # "customers were told they qualified for a grant"


_A_SHARE = re.compile(r"(?:about |some |nearly |almost |just )?(?:\d[\d.,]*\s?(?:%|per ?cent|percent)|(?:a|one|two) "
                      r"(?:third|quarter|half|fifth|tenth)s?|half|three-quarters|two-thirds) (?:of )?", re.IGNORECASE)
_THE_BENCH = frozenset({"judge", "recorder", "coroner", "magistrate", "justice", "magistrates"})
_NOT_SAYING = frozenset({("for", "ask"), ("to", "add")})  # a cue's preposition that asks for or adds a thing
_NOT_SAID_MODALS = frozenset({"should", "must", "ought", "shall", "may", "might"})
_OBLIGED = frozenset({"have", "has", "having", "need", "needs"})  # "will have to explain", "needs to say"
_REFUSED = frozenset({"declined", "declines", "decline", "refused", "refuses", "refuse"})  # "declined to say whether"
# no one, saying: "History suggests it will not", "the data show a fall"
_WHAT_SHOWS = frozenset("""history evidence data figures statistics research experience polls record records
    study studies science precedent""".split())


def _not_a_statement(cue, complement) -> bool:
    """An order given to someone unnamed ("people who were told to leave"), a question asked ("asked her
    whether …") or a thing named by what it was ("confirms what the Observer reported in February"): words
    said, but no one's claim to compare."""
    opening = complement.left_edge
    if opening.lower_ == "what" and opening.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") \
            and opening.head == complement:
        return True
    if complement.dep_ == "xcomp" and any(c.dep_ == "nsubjpass" for c in cue.children):
        return not any(c.dep_ == "agent" for c in cue.children)
    return cue.lower_ in _QUESTION_CUES and any(
        c.dep_ == "mark" and c.lower_ in {"whether", "if"} for c in complement.children)


_CLOCK = re.compile(r"^[ap]\.m\.?$", re.IGNORECASE)


def _clock_suffix(content) -> list:
    """A time of day ("10:41 p.m.") right after the content's last word: the parser hangs "p.m." on the
    sentence as its full stop, and the time on it."""
    if not content:
        return []
    doc, after = content[-1].doc, content[-1].i + 1
    for length in (1, 2):
        if after + length <= len(doc) and _CLOCK.match(doc[after + length - 1].text) \
                and all(t.like_num or ":" in t.text for t in doc[after:after + length - 1]):
            return list(doc[after:after + length])
    return []


def _is_coordinated_cue(token) -> bool:
    """A cue verb joined to the clause ("… and said that …", "…, arguing that …"): its own attribution."""
    return token.dep_ in {"conj", "advcl"} and token.lower_ in CUE_VERBS and token.pos_ == "VERB" \
        and any(c.dep_ in _CONTENT_DEPS for c in token.children)


def _subject(verb):
    """The verb's subject, or for a verb joined to or governed by another ("… and said that …", "declined to
    say") that verb's; a person named right after a cue that has none ("“…,” said Yusuf Daher, whose brother …",
    which the parser made the subject of the clause after)."""
    kinds = {"nsubj", "nsubjpass"}
    if verb.lower_ in CUE_VERBS and verb.i + 1 < len(verb.doc) and verb.doc[verb.i + 1].ent_type_ == "PERSON" \
            and not any(c.dep_ in kinds for c in verb.children) and _after_a_closing_quote(verb):
        named = verb.doc[verb.i + 1]
        while named.i + 1 < len(verb.doc) and verb.doc[named.i + 1].ent_type_ == "PERSON" \
                and verb.doc[named.i + 1].ent_iob_ == "I":
            named = verb.doc[named.i + 1]
        return named
    for _ in range(4):
        subjects = [c for c in verb.children if c.dep_ in kinds]
        if subjects:  # two subjects come from a misparsed title ("US Representative … Linda Thomas-Greenfield")
            return max(subjects, key=lambda c: (c.ent_type_ == "PERSON", c.i))
        asked = [c for c in verb.children if c.dep_ in {"ccomp", "advcl"} and c.i < verb.i
                 and c.tag_ in {"VBN", "VBD"} and c.i > 0 and c.doc[c.i - 1].text == ","  # "X, asked …, said"
                 and any(t.dep_ == "nsubj" and t.i < c.i and t.pos_ == "PROPN" for t in c.children)]
        if asked:  # "Ní Bhriain, asked about the criticism, said:", parsed as if she asked: she said it
            return next(t for t in asked[-1].children if t.dep_ == "nsubj")
        participle = verb.dep_ == "advcl" and verb.tag_ == "VBG"  # "…, claiming Delaney had been fouled"
        if verb.dep_ not in {"conj", "xcomp"} and not participle or verb.head.i == verb.i:
            return None
        if participle:  # "Pike was heckled by protesters, shouting …": not the one the main clause acts on
            kinds = {"nsubj"}
        verb = verb.head
    return None


def _holds_quote(token, marks) -> bool:
    start = min(t.idx for t in token.subtree)
    end = max(t.idx + len(t) for t in token.subtree)
    return any(start <= open_at < end for open_at, *_ in marks)


def _contiguous(tokens, cue):
    """The run of ``tokens`` on the far side of the cue phrase ("According to X, C" / "C, according to X")."""
    after = [t for t in tokens if t.i > cue.i]
    before = [t for t in tokens if t.i < cue.i]
    return after if len([t for t in after if not t.is_punct]) >= len([t for t in before if not t.is_punct]) else before


def _trimmed(tokens, fallback: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """Character span of the tokens without punctuation or paragraph breaks at either edge, nor a conjunction
    left hanging at the end ("… the pay negotiations but [urged …]"); ``fallback`` when nothing is left."""
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and (tokens[0].text in _EDGE_PUNCT or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].text in _EDGE_PUNCT or tokens[-1].is_space or tokens[-1].dep_ == "cc"):
        tokens = tokens[:-1]
    if not tokens:
        return fallback
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


_BARE_INFINITIVE = re.compile(r"to(?:\s+[\w'’-]+){1,2}")


def _to_quotes(text: str, attribution: _Attribution, entities: list[Entity], people: list[Entity],
               previous_speaker: str | None = None, previous_content: tuple[int, int] | None = None) -> list[Quote]:
    mention = attribution.mention
    together = joint_speakers(mention, entities, people, attribution.marks) if mention is not None else []
    if together and mention.root.conjuncts:  # the mention is all of them: "Kim and Noh"
        mention = mention.doc[mention.start:max(_mention_span(c).end for c in mention.root.conjuncts)]
    shared = dict(
        speaker=attribution.speaker or (names_together(together) if together else resolve_speaker(
            mention, entities, people, previous_speaker, attribution.marks, previous_content))
        if mention is not None else None, speakers=together,
        speaker_mention=mention.text if mention is not None else None, cue=attribution.cue,
        content_start=attribution.start, content_end=attribution.end,
        speaker_start=mention.start_char if mention is not None else None,
        speaker_end=mention.end_char if mention is not None else None,
    )
    if not attribution.quotes:
        start = attribution.start
        if dateline := WIRE_DATELINE.match(text, start) or LIVE_STAMP.match(text, start):  # "SEJIN, Dec. 3 (Korvel
            start = dateline.end()  # Wire) — Dorvan fired …, the military said", a live report's "16:20 — Turnout
            shared["content_start"] = start  # reached 48.9%, the commission said": the report's, not their words
        content = text[start:attribution.end]
        if _BARE_INFINITIVE.fullmatch(content):
            return []  # "urged members to accept it", "promised to keep talking": an act, no statement to compare
        return [Quote(text=content, kind="reported", start=start, end=attribution.end, **shared)]
    marked = sum(e - s for s, e in attribution.marks)
    whole = attribution.quoted or marked >= DIRECT_SHARE * (attribution.end - attribution.start)
    quotes = []
    for (start, end), (open_at, _) in zip(attribution.quotes, attribution.marks, strict=True):
        raw = text[start:end]
        words = raw.strip()
        start += len(raw) - len(raw.lstrip())  # the span holds exactly the words
        end = start + len(words)
        kind = "direct" if whole and _quote_kind(text, open_at, words) else "partial"
        quotes.append(Quote(text=words, kind=kind, start=start, end=end, **shared))
    return quotes


def _quote_kind(text: str, open_at: int, content: str) -> bool:
    """True when the quote stands as its own clause (direct), False when woven into a sentence."""
    window = text[max(0, open_at - 80):open_at]
    before = window.rstrip()
    new_paragraph = "\n" in window[len(before):]  # after a paragraph ending “…the year.”, not inside a sentence
    after_sentence = before.endswith(("”", '"', "’", "'")) and before[-2:-1] in (".", "!", "?")
    clause_start = not before or new_paragraph or after_sentence or before[-1] in ".:!?\n,—–"
    return clause_start and (content.endswith(_TRAILING_PUNCT) or len(content.split()) >= 6)


def _continues(text: str, previous_end: int, open_at: int) -> bool:
    """The previous attribution ended its paragraph (give or take a short cue) and this one opens the next."""
    gap = text[previous_end:open_at]
    rest_of_paragraph = gap.split("\n", 1)[0]
    return "\n" in gap and len(gap) <= MAX_CONTINUATION_GAP and len(rest_of_paragraph.split()) <= SHORT_CUE_SENTENCE \
        and not _quotation_marks(gap) and gap.count("\n\n") <= 1


def _followed_by_to(token) -> bool:
    return token.i + 1 < len(token.doc) and token.nbor(1).text.lower() == "to"


def _find_cue(sentences, quote_start: int, quote_end: int, near_only: bool = False):
    """(cue word, speaker span, cue token) from a speech verb outside the quote, nearest first."""
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
                subject = _subject(token)
                outside = subject is not None and not quote_start <= subject.idx < quote_end  # the speaker stands outside the quote
                span = _mention_span(subject) if outside else None
            else:
                continue
            if span is None:
                continue
            distance = min(abs(token.idx - quote_start), abs(token.idx - quote_end))
            if near_only and distance > 80:
                continue
            if best is None or distance < best[0]:
                best = (distance, token.text, span, token)
    return (best[1], best[2], best[3]) if best else (None, None, None)


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


def _tokens_of(doc, entity: Entity):
    """The tokens of an entity's mention (none where its offsets fall inside a token)."""
    return doc.char_span(entity.start, entity.end, alignment_mode="expand") or ()


def resolve_speaker(span, entities: list[Entity], people: list[Entity], previous: str | None = None,
                    quoted: list[tuple[int, int]] = (), reported: tuple[int, int] | None = None) -> str | None:
    """Canonical name of the speaker mention ``span``.

    The entity itself; a person named in apposition ("the ambassador, Sung
    Kim, said"); for a pronoun the last person named outside the statement's
    own quotation marks (``quoted``: their spans) and outside what the
    previous speaker just said (``reported``: "he told us that he had never
    met Ferrant …. He said: …" is he, not Ferrant); for a surname the model did
    not tag, the person named with it (tagged or not); for a description ("the
    diplomat") the previous speaker, else the person the article gives that
    role.
    """
    root = span.root
    if root.lower_ in POST_NOMINALS:  # "Ms Nadia Brisco KC said": the person the letters follow
        named = next((p for p in people if 0 <= root.idx - p.end <= 1), None)
        if named is not None:
            return named.canonical
        written = clean_name(" ".join(t.text for t in root.lefts if t.dep_ == "compound"), "PERSON")
        if NAME_OF_TWO.match(written):  # the name the model left untagged there, as a person of the article has it
            return next((p.canonical for p in people if p.canonical == written), written)
    sentence = span.sent  # its own text: Doc.text is joined anew on each read
    if (dateline := WIRE_DATELINE.match(sentence.text)) and span.start_char < sentence.start_char + dateline.end():
        # "CALDWELL, Ore. (Meridian Wire) — Torvane Industries said": the parser's subject was the dateline
        after = [e for e in entities if sentence.start_char + dateline.end() <= e.start < sentence.end_char]
        # the person the subject names in apposition ("SEJIN — Vestmark's envoy for Dorvan policy, Harold Kim,
        # said"), not an organisation named inside the description; else the first person or organisation
        named = next((e for e in after if e.label == "PERSON" and e.start < root.head.idx
                      and any(t.dep_ == "appos" for t in _tokens_of(root.doc, e))), None) \
            or next((e for e in after if e.label in {"PERSON", "ORG"}), None)  # not "British" of "British PM X"
        return named.canonical if named else next((e.canonical for e in after if e.label == "GPE"), None)
    if root.lower_ in _RELATIVE_PRONOUNS and root.head.dep_ == "relcl" and root.head.head.i != root.head.i:
        antecedent = root.head.head  # "Trump, who said …": the mention stays "who", the speaker is Trump
        return resolve_speaker(_mention_span(antecedent), entities, people, previous, quoted, reported)
    own_name = any(e.start <= root.idx < e.end for e in entities)
    for child in root.children:  # "The other Brodsky, Public Works Minister Anselm Brodsky, …": the name given
        if child.dep_ == "appos":  # (its words: "Prosecuting, Ms Nadia Brisco KC said" hangs the name on "KC")
            named = next((p for p in people if any(p.start <= t.idx < p.end for t in child.subtree)
                          and " " in p.canonical), None)
            if named is None and not own_name:  # "The contractor, Pellow & Daughters Roofing, said"
                named = next((e for e in entities if e.start <= child.idx < e.end and e.label in {"ORG", "GPE"}),
                             None)
            if named is not None:
                return named.canonical
    doc = root.doc
    if not own_name and root.i + 2 < len(doc) and doc[root.i + 1].text == ",":  # the parser took "&" for a list
        after = doc[root.i + 2].idx
        named = next((e for e in entities if e.start == after and e.label in {"ORG", "GPE", "PERSON"}
                      and _token_at(doc, e.end, root.i + 2) == ","), None)
        if named is not None:
            return named.canonical
    for entity in entities:
        if entity.start <= root.idx < entity.end and (entity.label in {"PERSON", "ORG", "GPE", "NORP"}
                                                      or root.lower_ in _OFFICE_NOUNS) \
                and entity.canonical.lower() not in ROLE_NOUNS:  # "the Treasurer", tagged as if a name: an office
            return entity.canonical  # "the Tamarack County Sheriff's Office", which the model may take for a building
    if root.lower_ in _OFFICE_NOUNS and not any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in root.children):
        # the organisation that names the office: "The Department of Health regional office", "Google's Mountain
        # View office" (Google's); not "the Microsoft-funded research agency"
        naming = sorted((c for c in root.children if c.dep_ in ("poss", "nmod", "compound")),
                        key=lambda c: c.dep_ != "poss")
        for child in naming:
            named = next((e for e in entities if e.label == "ORG" and e.start <= child.idx < e.end), None)
            if named is not None:
                return named.canonical
    role = root.lower_ in ROLE_NOUNS
    candidates = [c for c in root.children if c.dep_ == "appos"]
    if role:  # "US Representative to the UN Linda Thomas-Greenfield": a name inside, not the possessor's
        possessed = {t.i for c in root.children if c.dep_ == "poss" for t in c.subtree}
        candidates += [t for t in root.subtree if t.i not in possessed and t.i != root.i]
    for token in candidates:  # "the ambassador, Sung Kim," first
        for entity in people:
            if entity.start <= token.idx < entity.end:
                return entity.canonical
    earlier = [p for p in people if p.end <= span.start_char
               and not any(start <= p.start < end for start, end in quoted)]  # "“… Brinmoor needs it,” she said"
    lowered = span.text.lower()
    if lowered in _PLURAL_PRONOUNS:
        return _group_speaker(span, entities, quoted)
    if lowered in PRONOUNS:  # no one named yet: the speaker just described ("the US Ambassador … as he says")
        named = earlier
        if reported is not None:
            # (the previous speaker named between two pieces of their own quote stays)
            earlier = [p for p in earlier if not reported[0] <= p.start < reported[1] or p.canonical == previous] \
                or earlier
            # ... unless only they fit: "accused Premier Zoë Ní Bhriain of “…” after she told" is the premier
            earlier = earlier if _agreeing(earlier, people, lowered) else _agreeing(named, people, lowered) or earlier
        # "Asked about Verhagen, she said": one named in a participle clause of her own verb is not she
        opening = [t.idx for clause in root.head.children if clause.dep_ == "advcl" and clause.i < root.i
                   and not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children) for t in clause.subtree]
        earlier = [p for p in earlier if not any(p.start <= idx < p.end for idx in opening)] or earlier
        earlier = _agreeing(earlier, people, lowered) or earlier
        if not earlier:
            return previous if lowered in _SINGULAR_PRONOUNS else None
        antecedent = _antecedent(root.doc, earlier)
        between = doc.char_span(antecedent.end, span.start_char, alignment_mode="expand")
        if between is not None and _ANONYMITY.search(between.text):
            return None  # "One engineer, who asked not to be identified, …. “…,” she said": no one named before
        return antecedent.canonical
    if lowered in {"it", "its"}:
        places = [e for e in entities if e.label in {"GPE", "ORG"} and e.end <= span.start_char]
        return places[-1].canonical if places else None
    if root.lower_ in SPOKES_NOUNS and (speaks_for := _spokes_for(span, root, entities)) is not False:
        return speaks_for
    if any(c.dep_ in {"det", "nummod"} and c.lower_ in {"a", "an", "another", "one"} for c in root.children) \
            and root.lower_ not in SPOKES_NOUNS:
        return None  # "an official who requested anonymity told …", "one engineer said": someone unnamed
    if role and any(c.dep_ in {"det", "poss", "compound", "amod"} for c in root.children):
        holders = _people_with_role(root.doc, _role_of(root), people)
        if previous in holders:
            return previous
        offices = [name for name, office in holders.items() if office]
        if offices:  # "the governor": the person titled Governor (the last named, of several), not the farmer
            before = [p.canonical for p in people if p.end <= span.start_char and p.canonical in offices]
            return before[-1] if before else offices[0]
        described = [p.canonical for p in people if p.end <= span.start_char and p.canonical in holders]
        if described and any(c.dep_ in {"amod", "compound", "poss"} for c in root.children):
            # "the regional secretary" is "Gwen Tarrant, the union's regional secretary", not the nurse quoted
            return described[-1]  # before her; "the diplomat" may be the ambassador just quoted
        if not holders and root.lower_ in _THE_BENCH:
            return None  # "the judge said" after a barrister's words: the bench, whom the article does not name
        if previous and not holders and _holds_an_office(root.doc, previous, people):
            return None  # "the opposition leader said" after Premier Ní Bhriain's words: someone else, unnamed
        return previous or next(iter(holders), None)
    if root.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "the" for c in root.children) \
            and root.lower_ not in ORGANISATION_NOUNS:
        # "the farmer": the one the article described so before ("tobacco farmer Blessing Mukanya", "Suresh
        # Pillai, an accountant"), the latest of several
        earlier_people = [p for p in people if p.end <= span.start_char]  # described before, not named after
        holders = _people_with_role(root.doc, root.lower_, earlier_people)
        described = [p for p in earlier_people if p.canonical in holders]
        # not past another one unnamed: "Lorry driver Paul Shaw … The bus driver, whose name was not released, …"
        unnamed = described and any(t.lower_ == root.lower_ and not any(p.start <= t.idx < p.end for p in people)
                                    and not any(t.head.idx >= p.start and t.head.idx < p.end for p in people)
                                    and not any(c.dep_ == "appos" for c in t.children)
                                    for t in root.doc[:span.start] if t.idx >= described[-1].end)
        if described and not unnamed:
            return described[-1].canonical
    if root.lower_ == "police" and len(span) == 1:  # "Police said": the one force named before, if one
        forces = {e.canonical for e in entities if e.label == "ORG" and e.end <= span.start_char
                  and e.canonical.lower().split()[-1] in _FORCE_ENDINGS and " " in e.canonical}
        return forces.pop() if len(forces) == 1 else None
    if root.lower_ in ORGANISATION_NOUNS and any(c.dep_ == "det" and c.lower_ == "the" for c in root.children):
        return _organisation_described(span, root, entities, previous)
    if root.pos_ == "PROPN" or root.pos_ == "NOUN" and root.text[:1].isupper() and not root.is_sent_start:
        word = root.text  # a surname the model did not tag (or took for a noun, "Rees said"): the person named
        written = clean_name(span.text, "PERSON")  # "Mayor Piers Whitlow", tagged as no one
        full = root.pos_ == "PROPN" and (
            NAME_OF_TWO.match(written) and all(t.pos_ == "PROPN" for t in span if t.text in written.split())
            or PARTICLE_NAME.fullmatch(written))  # "Ines da Costa told supporters", tagged as no one
        for person in reversed(earlier or people):  # earlier with it
            if word in re.split(r"[\s-]", person.canonical) \
                    and not (full and written.split()[0] not in person.canonical):
                return person.canonical  # not another given name: "Detective Sergeant Karen Tolland" after Owen
        if root.pos_ != "PROPN":
            return None
        return written if full else _untagged_full_name(root.doc, root)
    return None


def joint_speakers(span, entities: list[Entity], people: list[Entity], quoted: list[tuple[int, int]] = ()) -> list[str]:
    """The people who said it together, where several did: each of a coordinated subject ("Kim and Noh told
    reporters"), or the two last named for "both diplomats", "the two envoys"; [] where one speaker did."""
    root = span.root
    if root.conjuncts and any(c.dep_ == "cc" and c.lower_ in {"and", "&"} for c in root.children):
        names = []
        for token in (root, *root.conjuncts):
            own = next((e for e in entities if e.start <= token.idx < e.end), None)
            if own is not None and token is not root and own.start <= root.idx < own.end:
                return []  # one name holding the "and": "Marks and Spencer"
            name = resolve_speaker(_mention_span(token), entities, people, None, quoted)
            if name is None:
                return []  # "Kim and other officials said": Kim's, as the words name no one else
            names.append(name)
        names = list(dict.fromkeys(names))
        return names if len(names) > 1 else []
    if root.tag_ != "NNS" or root.lower_.removesuffix("s") not in ROLE_NOUNS:
        return []
    both = any(c.lower_ == "both" for c in root.children)
    two = any(c.lower_ == "two" and c.dep_ == "nummod" for c in root.children) \
        and any(c.lower_ == "the" and c.dep_ == "det" for c in root.children)
    if not (both or two):
        return []
    doc, first = root.doc, span.sent.start
    for _ in range(GROUP_SENTENCES_BACK):  # the sentence and the two before: who "both" can look back to
        if first == 0:
            break
        first = doc[first - 1].sent.start
    named = [p.canonical for p in people if doc[first].idx <= p.start and p.end <= span.start_char
             and not any(start <= p.start < end for start, end in quoted) and not _modifies_a_thing(doc, p)]
    last_two = list(dict.fromkeys(reversed(named)))[:2]
    return last_two[::-1] if len(last_two) == 2 else []



def _modifies_a_thing(doc, person: Entity) -> bool:
    """The name only qualifies something else: "the Biden administration", "Trump's tariffs"."""
    tokens = _tokens_of(doc, person)
    if not tokens:
        return False
    root = tokens.root
    return root.dep_ in {"compound", "poss", "nmod", "amod"} and root.head.i >= tokens.end \
        and not root.head.ent_type_ and root.head.lower_ not in ROLE_NOUNS


def names_together(names: list[str]) -> str:
    """One speaker's name for several: "Sung Kim and Noh Kyu-Duk", "A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _spokes_for(span, root, entities: list[Entity]) -> str | None | bool:
    """The organisation "an Environment Agency spokesperson", "a spokeswoman for the Authority" or "a fire
    service spokesman" speaks for, or that the sentence before names ("Northlink Power says …. A spokesperson
    said"); None for "a union spokesperson" of no organisation named: an indefinite one is someone new, not the
    previous speaker; False for "the spokesman", who may be."""
    named = next((e for e in entities if e.label in {"ORG", "GPE", "NORP"} and span.start_char <= e.start < root.idx),
                 None)
    for preposition in (c for c in root.children if c.dep_ == "prep" and c.lower_ == "for"):  # "a spokeswoman for
        objects = {t.idx for o in preposition.children if o.dep_ == "pobj" for t in o.subtree}  # the Authority"
        named = named or next((e for e in entities if e.label in {"ORG", "GPE"} and e.start in objects
                               or e.label in {"ORG", "GPE"} and any(e.start <= i < e.end for i in objects)), None)
    if named is not None:  # "An Environment Agency spokesperson": the model may take the article in
        return re.sub(r"^(?:an?|the)\s+", "", named.canonical, flags=re.IGNORECASE) if named.start == span.start_char \
            else named.canonical
    if not any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in root.children):
        return False
    described = next((c for c in root.children if c.dep_ == "compound" and c.lower_ in ORGANISATION_NOUNS), None)
    if described is not None:
        return _organisation_described(span, described, entities, None)
    if any(c.dep_ in ("compound", "prep", "amod") for c in root.children):
        return None  # "a family spokesperson", "a spokesman for the player": someone named by no organisation
    # "Grid operator Northlink Power says … A spokesperson said": the organisation that spoke in the sentence before
    sentence = span.sent
    before = sentence.doc[sentence.start - 1].sent if sentence.start > 0 else sentence
    speakers = [token for token in before if token.dep_ == "nsubj" and token.head.lower_ in CUE_VERBS]
    return next((e.canonical for e in reversed(entities) if e.label == "ORG" and before.start_char <= e.start
                 and any(e.start <= t.idx < e.end for t in speakers)), None)


def _organisation_described(span, root, entities: list[Entity], previous: str | None) -> str | None:
    """The organisation last named before "the fire service" or "the company" whose name ends with the
    description's word ("Kestrel Police" for "the police", tagged or not), else whose name holds its words
    ("Ashcombe Fire and Rescue Service"), or, for a company, that is named as companies are (the previous speaker
    first: "Quillon Payments said … The company said")."""
    words = {t.lower_ for t in root.children if t.dep_ == "compound"} | {root.lower_}
    # "the company", and "the London-listed engineering group": a company's trade is no word of its name
    company = root.lower_ in COMPANY_NOUNS and (len(words) == 1 or not any(
        words <= set(e.canonical.lower().split()) for e in entities if e.label == "ORG"))
    if company:  # the company its own sentence names ("Saltmere Lines will …, the company said"), else the
        in_the_sentence = [name for name in _proper_noun_runs(span, span.sent.start) if is_company_name(name)]
        if in_the_sentence:  # previous speaker, a company
            return in_the_sentence[0]
        if previous and is_company_name(previous):
            return previous
    named_before = [e.canonical for e in reversed(entities) if e.label == "ORG" and e.end <= span.start_char]
    untagged = _proper_noun_runs(span)
    if root.lower_ == "club" and (club := _club_described(span, entities, untagged)) is not None:
        return club
    for name in named_before + untagged:  # "the police": Kestrel Police, not the Office for Police Conduct
        if name.lower().split()[-1] == root.lower_ and words <= set(name.lower().split()) and " " in name:
            return name
        if len(words) == 1 and name.lower().split()[-1] in _SAME_BODY.get(root.lower_, ()) and " " in name:
            return name  # "the police" for the Carrickmoyle Constabulary
    for name in named_before:  # (a government, an office: only one it heads, not "the Local Government
        # Association" for "the government")
        if words <= set(name.lower().split()) and (root.lower_ not in _HEAD_NOUNS or _headed_by(name, root.lower_)) \
                or company and is_company_name(name):
            return name
    if not company and len(words) > 1:  # named just after: "…, the regional statistics office said on Tuesday.
        # The Kilcarra Statistics Office recorded …"
        following = span.doc[span.sent.end:span.sent.end + 1].sent if span.sent.end < len(span.doc) else None
        after = [e.canonical for e in entities if e.label == "ORG" and following is not None
                 and span.end_char <= e.start < following.end_char]
        named = next((name for name in after if name.lower().split()[-1] == root.lower_
                      and words <= set(name.lower().split())), None)
        if named is not None:
            return named
    # a company the model did not tag: the last run of proper nouns named as companies are
    return next((name for name in untagged if is_company_name(name)), None) if company else None


_CLUB_PLACES = frozenset({"city", "town", "county"})  # "Redmere City", tagged a place: a club where "the club" says


def _club_described(span, entities: list[Entity], untagged: list[str]) -> str | None:
    """The club "the club said" stands for: one its own sentence names ("Redmere City have rejected a bid …, the
    club said"), else the club the article names most (the one it is about: the sacking club, not the side it
    lost to), the first named of those named as often; a club is named as organisations are, or as clubs are
    ("Dornby Rovers", tagged or not)."""
    def a_club(entity: Entity) -> bool:
        last = entity.canonical.split()[-1].lower()
        return entity.label == "ORG" and " " in entity.canonical or last in CLUB_WORDS \
            or last in _CLUB_PLACES and " " in entity.canonical and entity.label != "PERSON"

    sentence = span.sent
    own = [e.canonical for e in entities if sentence.start_char <= e.start < span.start_char and a_club(e)]
    if own:
        return own[0]
    named = [e.canonical for e in entities if e.end <= span.start_char and a_club(e)]
    named += [name for name in reversed(untagged) if name.split()[-1].lower() in CLUB_WORDS and " " in name]
    return Counter(named).most_common(1)[0][0] if named else None  # the first named of the most named


def _proper_noun_runs(span, start: int = 0) -> list[str]:
    """Runs of proper nouns before ``span`` (from token ``start`` on), latest first: names the model may have left
    untagged."""
    runs, run = [], []
    for token in span.doc[max(start, span.start - COMPANY_LOOKBACK_TOKENS):span.start]:
        if token.pos_ == "PROPN" or run and token.is_title and token.pos_ == "NOUN":  # "Saltmere Lines"
            run.append(token.text)
        elif run:
            runs.append(" ".join(run))
            run = []
    return list(reversed(runs + [" ".join(run)] if run else runs))


def _token_at(doc, offset: int, start: int) -> str | None:
    """The text of the token that begins at character ``offset``, looking from token ``start`` on (Doc.text
    would join the whole document)."""
    for token in doc[start:start + 40]:
        if token.idx >= offset:
            return token.text if token.idx == offset else None
    return None


def _group_speaker(span, entities: list[Entity], quoted: list[tuple[int, int]]) -> str | None:
    """Who "they" are: the subject last written before, outside quotation marks, if a name: an organisation
    ("Police closed the road. “…,” they said"), or a person who goes by "they"; no one where it is a noun
    ("Workers gathered. “…,” they said"), which the last person named is not."""
    doc, first = span.root.doc, span.sent.start
    for _ in range(GROUP_SENTENCES_BACK):  # the sentence of "they" and those just before
        if first == 0:
            break
        first = doc[first - 1].sent.start
    for token in reversed(doc[first:span.start]):
        if token.dep_ not in ("nsubj", "nsubjpass") or token.pos_ not in ("NOUN", "PROPN") \
                or not _main_clause(token.head) or any(start <= token.idx < end for start, end in quoted):
            continue  # "Ellis voted but warned the cap would not build …": Ellis, not the cap
        named = next((e for e in entities if e.start <= token.idx < e.end), None)
        if named is not None and named.label in {"PERSON", "ORG", "NORP", "GPE"}:
            return named.canonical
        return None
    return None


def _main_clause(verb) -> bool:
    """The verb heads its sentence, or is joined to the verb that does ("voted … but warned")."""
    while verb.dep_ == "conj":
        verb = verb.head
    return verb.dep_ == "ROOT"


_PRONOUN_GENDER = {"he": "male", "him": "male", "she": "female", "her": "female"}


def _agreeing(earlier: list[Entity], people: list[Entity], pronoun: str) -> list[Entity]:
    """The people a "she" or "he" may stand for: not one a title or a given name makes the other ("Mr Pike",
    "Daniel Okafor" for "she")."""
    gender = _PRONOUN_GENDER.get(pronoun)
    if gender is None:
        return earlier
    titled = {p.canonical: meaning for p in people if (meaning := title_meaning(p.text)) in ("male", "female")}
    return [p for p in earlier if (titled.get(p.canonical) or given_name_gender(p.canonical) or gender) == gender]


def _antecedent(doc, earlier: list[Entity]) -> Entity:
    """The person a pronoun stands for: the last one named, passing over a name inside what describes another
    ("Nadia Orrin, the Brinmoor member who …, … she said": Orrin, not the town the model took for a person)."""
    last = earlier[-1]
    span = doc.char_span(last.start, last.end, alignment_mode="expand")
    if span is None:
        return last
    for ancestor in span.root.ancestors:
        if ancestor.dep_ in _DESCRIBING:
            described = ancestor.head
            owner = next((p for p in reversed(earlier[:-1]) if p.start <= described.idx < p.end), None)
            if owner is not None:
                return owner
    return last


def complete_names(doc, entities: list[Entity]) -> list[Entity]:
    """A one-word person whose full name the model did not tag ("Ri" of "Ri Ryong-Nam") gets it."""
    untagged: dict[str, list[int]] = {}
    for token in doc:
        if token.pos_ == "PROPN" and not token.ent_type_:
            untagged.setdefault(token.text, []).append(token.i)
    for entity in entities:
        if entity.label not in {"PERSON", "GPE", "ORG", "NORP"} or " " in entity.canonical or "-" in entity.canonical \
                or entity.canonical not in untagged:
            continue
        span = doc.char_span(entity.start, entity.end, alignment_mode="expand")
        if span is not None:
            full = _untagged_full_name(doc, span.root, untagged.get(span.root.text))
            if not full or entity.canonical not in (full.split()[0], re.split(r"[\s-]", full)[-1]):
                continue
            if full.split()[-1].lower() in ORGANISATION_WORDS and entity.label != "PERSON" or is_company_name(full):
                # "Unity" of "Unity Party" is a party (a person "Court" of "Margaret Court" is hers), "Pellmore"
                # of "Pellmore Health" a company whatever the tag
                entity.canonical, entity.label = full, "ORG"
            else:
                entity.canonical, entity.label = full, "PERSON"  # the small model tags a lone surname as a place, too
    return entities


def people_named_as_places(doc, entities: list[Entity]) -> list[Entity]:
    """A "place" of two capitalised words whose second word alone is the subject of a verb of saying ("Agnes
    Haverly has been baking bread on Quay Row …" / "Haverly said she would reopen") is a person."""
    speaking = {token.text for token in doc  # written alone: "North Korea said" is a country speaking
                if token.dep_ == "nsubj" and token.pos_ == "PROPN" and token.head.lower_ in CUE_VERBS
                and (token.i == 0 or doc[token.i - 1].pos_ != "PROPN")}
    people = {entity.canonical for entity in entities if entity.label in {"GPE", "LOC", "FAC"}
              and NAME_OF_TWO.match(entity.canonical) and entity.canonical.split()[-1] in speaking}
    for entity in entities:
        if entity.canonical in people:
            entity.label = "PERSON"
    return entities


def people_named_by_their_role(doc, entities: list[Entity]) -> list[Entity]:
    """An "organisation" of two or three capitalised words that a role names ("Its manager, Ruben Castell,
    said", "Ruben Castell, the depot's manager") is a person, unless its name says it is an organisation."""
    for entity in entities:
        if entity.label != "ORG" or not 2 <= len(words := entity.canonical.split()) <= 3 \
                or not all(w[:1].isupper() for w in words) or is_company_name(entity.canonical) \
                or any(w.lower() in ORGANISATION_WORDS for w in words):
            continue
        span = doc.char_span(entity.start, entity.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        roles = [root.head] if root.dep_ == "appos" else []
        roles += [child for child in root.children if child.dep_ == "appos"]
        if any(role.lower_ in ROLE_NOUNS and role.pos_ == "NOUN" for role in roles):
            for same in entities:
                if same.canonical == entity.canonical:
                    same.label = "PERSON"
    return entities


def people_by_their_surname(doc, entities: list[Entity]) -> list[Entity]:
    """A surname written alone, left untagged or taken for an organisation, is a person where a person is said of
    it: "Okafor, who sat in the front row", or "Lindqvist said …" with "he" or "she" saying the next thing. Else
    "she said" goes to the last person the model tagged. Named in full elsewhere in the article, it is that
    person."""
    speaking_pronoun = {token.sent.start for token in doc if token.lower_ in ("he", "she")
                        and token.dep_ in ("nsubj", "nsubjpass")}
    bearers = {surname: e.canonical for e in entities if e.label == "PERSON" and " " in e.canonical
               for surname in surnames_of(e.canonical)}
    several: dict[str, list[str]] = {}
    for name in dict.fromkeys(e.canonical for e in entities if e.label == "PERSON" and " " in e.canonical):
        for surname in surnames_of(name):
            several.setdefault(surname, []).append(name)
    # whose gender the article tells, read only where two people share a surname
    genders = genders_of(doc, entities) if any(len(names) > 1 for names in several.values()) else {}
    added, relabelled = [], set()
    for token in doc:
        text = token.text
        if token.pos_ != "PROPN" or len(text) < 3 or not text[0].isupper() or text.isupper() \
                or text.lower() in ORGANISATION_WORDS or token.i > 0 and doc[token.i - 1].pos_ == "PROPN" \
                or token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN":
            continue
        entity = next((e for e in entities if e.start <= token.idx < e.end), None)
        if entity is not None and (entity.label != "ORG" or entity.text != text):
            continue
        who = token.i + 2 < len(doc) and doc[token.i + 1].text == "," and doc[token.i + 2].lower_ == "who"
        after = token.sent.end < len(doc) and doc[token.sent.end].sent.start in speaking_pronoun
        speaks = token.dep_ == "nsubj" and token.head.lower_ in CUE_VERBS and (
            token.sent.start in speaking_pronoun or after)
        if not (who or speaks):
            continue
        if entity is not None:
            relabelled.add(entity.canonical)
        else:
            gender = kin_of(doc, doc[token.i:token.i + 1]) if len(several.get(text, ())) > 1 else None
            fitting = [name for name in several.get(text, ()) if gender and genders.get(name) == gender]
            # "Farrow, who sat with his head bowed" is the brother of "his sister, Lucy Farrow"
            full = (fitting[-1] if fitting else bearers.get(text)) or _untagged_full_name(doc, token)
            added.append(Entity(text=text, label="PERSON", canonical=full or text, start=token.idx,
                                end=token.idx + len(text)))
    for entity in entities:
        if entity.canonical in relabelled:
            entity.label, entity.canonical = "PERSON", bearers.get(entity.canonical, entity.canonical)
    return sorted(entities + added, key=lambda e: e.start) if added else entities


def _untagged_full_name(doc, word, positions: list[int] | None = None) -> str | None:
    """The longest run of proper nouns around another mention of ``word`` ("Ri Ryong-Nam" for "Ri")."""
    best = None
    for token in (doc[i] for i in positions) if positions is not None else doc:
        if token.text != word.text or token.i == word.i or token.ent_type_:
            continue  # only a mention the model left untagged shows a name it missed
        start, end = token.i, token.i + 1
        while start > 0 and doc[start - 1].pos_ == "PROPN" and not doc[start - 1].ent_type_ in {"GPE", "ORG", "NORP"}:
            start -= 1
        while end < len(doc) and (doc[end].pos_ == "PROPN" or doc[end].text == "-" and end + 1 < len(doc)
                                  and doc[end + 1].pos_ == "PROPN") and not doc[end].ent_type_ in {"GPE", "ORG", "NORP"}:
            end += 1
        name = clean_name(doc[start:end].text.replace(" - ", "-").replace(" -", "-").replace("- ", "-"), "PERSON")
        if " " in name and (best is None or len(name) > len(best)):  # titles aside ("Urban Development Minister")
            best = name
    return best


# "the judge" is the one titled "Justice Miriam Okonkwo" or "Recorder Anil Desai"
_SAME_OFFICE = {"judge": ("justice", "recorder")}
_COMPOUND_ROLES = {"prime": "prime minister", "vice": "vice president"}  # another office than the bare word's


def _role_of(token) -> str:
    """The office a role word names: "minister", or "prime minister" with "Prime" before it."""
    before = token.doc[token.i - 1].lower_ if token.i > 0 else ""
    if before == "chief" and token.lower_ == "justice":  # "the chief justice": not every justice
        return "chief justice"
    if before in PORTFOLIOS and token.lower_ in OFFICES:  # "the defence minister": not the foreign minister
        return f"{before} {token.lower_}"
    return _COMPOUND_ROLES[before] if before in _COMPOUND_ROLES else token.lower_


def _holds_an_office(doc, name: str, people: list[Entity]) -> bool:
    """Whether the article gives the person an office by its title ("Premier Zoë Ní Bhriain")."""
    for entity in people:
        if entity.canonical != name:
            continue
        span = doc.char_span(entity.start, entity.end, alignment_mode="expand")
        before = doc[max(0, span.start - 2):span.start] if span is not None else ()
        if any(t.lower_ in OFFICES and t.text[:1].isupper() for t in before):
            return True
    return False


def _holds_role(title: str, role: str) -> bool:
    """Whether a title before a name ("defence minister") is the role a mention gives ("the minister", "the
    defence minister")."""
    if title == role or title in _SAME_OFFICE.get(role, ()):
        return True
    which, _, office = title.partition(" ")
    return which in PORTFOLIOS and office == role


def _people_with_role(doc, role: str, people: list[Entity]) -> dict[str, bool]:
    """The people the article names with this role word ("ambassador Sung Kim", "Sung Kim, the ambassador",
    "the ambassador, Sung Kim"), in order, each with whether it is their office, a capitalised title before the
    name ("Regional Governor Margit Solberg"), rather than a description ("South Korean diplomat Noh Kyu-Duk")."""
    holders: dict[str, bool] = {}
    for entity in people:
        span = doc.char_span(entity.start, entity.end, alignment_mode="expand")
        if span is None:
            continue
        titles = [t for t in doc[max(0, span.start - 3):span.start] if t.head.i in range(span.start, span.end)]
        titles += [t for t in span if t.text not in entity.canonical.split()]  # "Treasurer" of its own mention
        appositions = {c.lower_ for c in span.root.children if c.dep_ == "appos"}
        if span.root.dep_ == "appos":
            appositions.add(span.root.head.lower_)
        named_so = [t for t in titles if _holds_role(_role_of(t), role)]
        office = any(t.text[:1].isupper() and (not t.is_sent_start or role in OFFICES)
                     for t in named_so)  # a sentence capitalises "Diplomat Noh", not "Governor Solberg" alone
        if office or role in appositions or named_so:
            holders[entity.canonical] = holders.get(entity.canonical, False) or office
    return holders
