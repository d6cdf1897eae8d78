"""Sentences that carry the outlet's opinion rather than report: evaluative wording,
predictions, speculation, prescriptions and rhetorical asides, outside quotation marks.

A sentence that attributes its words to someone ("the minister said the board
should resign") reports that person's view, not the outlet's: only the markers
no attribution explains (a rhetorical question, "clearly" as a comment) count
there. A subheading asks its questions for the reader ("What was found?"), so
subheadings are not read for opinion at all.

An opinion piece (a column, an editorial, a review, a letter) argues in most of its sentences, and the markers
above catch only some of them. A piece whose own sentences (those no quotation or attribution explains) are
most of it, and whose markers flag enough of them, is read as one: there each of its own sentences that
gives no figure, date or time is the writer's argument too; those that do give the facts it argues from.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_EVALUATIVE_ADJECTIVES = (
    "odd|strange|bizarre|honest|alarming|worrying|troubling|encouraging|disappointing|baffling|cynical|naive|"
    "sensible|admirable|commendable|regrettable|inexcusable|unacceptable|overdue|welcome|shameful|absurd|"
    "extraordinary|unconvincing|laughable"
)
# the writer's own view in the first person singular, or the paper's: no report speaks so
_OWN_VIEW = (r"(?-i:\bI (would |must |can only )?(argue|think|believe|suspect|fear|doubt|suggest|submit)\b)"
             r"|(?-i:\bI (do not|don't|cannot|can't) (doubt|accept|agree|believe|say|see why|understand why)\b)"
             r"|(?-i:\bI would (\w+ly )?(suggest|urge|argue|ask|say)\b|\b([Nn]or|[Nn]either) do I\b"
             r"|(?:^|[,;:]\s+|\b(?i:and|but|so|yet)\s+)I (say|urge)\b)"  # not "World War I say"
             r"|(?-i:\bI have (never|long|always) (understood|believed|thought|argued|wondered|admired)\b"
             r"|\bI (love|hate|admire|applaud|deplore|regret)\b|\bI read (with|in) (dismay|alarm|horror|disbelief)\b)"
             r"|\b(my|our) (considered )?(guess|view|opinion|prediction|advice|suggestion|hope|fear|bet) is\b"
             r"|\bin (my|our) (considered )?(view|opinion|judge?ment)\b|\b(it is|it's) our (considered )?(view|belief)\b"
             r"|\bhere(?: is|'s) my\b|(?-i:\b[Ww]e (do not|don't) (dispute|doubt|accept|agree|believe|pretend)\b"
             r"|\b[Ww]e (believe|argue|urge|suspect|fear|doubt)\b)"
             r"|\b(this|our) (newspaper|paper|publication) (believes|thinks|argues|has (long )?argued|supports|"
             r"backs|endorses|urges|calls)\b")
_MARKERS = [  # (reason, pattern, counts in a sentence that attributes its words to someone)
    ("evaluative adverb", r"\b(clearly|obviously|undoubtedly|surely|sadly|thankfully|unfortunately|fortunately|"
     r"frankly|shockingly|disgracefully|remarkably|predictably|rightly|wrongly|mercifully|tellingly|conveniently)"
     r"\b(?! (marked|visible|labell?ed|signposted|written|stated|defined|shown|identified|audible|seen|heard|"
     r"lit|printed)\b)", True),
    ("speculation", r"\b(likely|probably|perhaps|presumably|arguably|it seems|appears to be|may well|might well)\b",
     False),
    ("prediction", r"\b(will be eagerly|is bound to|in the coming (weeks|months)|the whole world will|"
     r"remains to be seen)\b", False),
    ("prescription", r"\b(should|ought to|must now|needs to be|it is time (for|to)|deserve[sd]?|let us|let's)\b",
     False),
    ("loaded wording", r"\b(reckless|disastrous|shameful|outrageous|absurd|ridiculous|heroic|brilliant|pathetic|"
     r"strong backbone|still waiting to see|hardly)\b", False),
    ("evaluation", rf"\b(an? ({_EVALUATIVE_ADJECTIVES}) (?!(noise|smell|sound|light|number|object)s?\b)\w+|"
     rf"(is|was|seems|looks|sounds) (also )?"
     rf"({_EVALUATIVE_ADJECTIVES})|(is|was|would be) an? (\w+ )?mistake|the obvious question|"
     r"(is|was|are|were) (quite )?(right|wrong) to (?!be\b)|"
     r"\b(and|but) (he|she|they) (is|are|was|were) (quite |absolutely |entirely )?(right|wrong)"
     r"(?=\s*([.,;:!?]|$)|\s+(about|that)\b)|"
     r"(is|was|would be) the (right|wrong|correct) (response|decision|call|move|choice|approach|answer)\b|"
     r"(is|was) a (bold|brave|risky|heroic|generous|optimistic|big) (assumption|bet|gamble|claim|leap)\b|"
     r"(it is|it's|it was|it would be|would be) a (pity|shame)\b|(is|was) a waste of (an? )?(\w+ )?"
     r"(evening|time|money|opportunity|chance)\b|"
     r"(it is|it's|this is|that is) an? (disgrace|scandal|farce|travesty|outrage|shame)\b|"
     r"(is|was|are|were|would be) (nothing (short of|less than) )?an? (scandal|betrayal|insult|disgrace|travesty|"
     r"farce|shambles|embarrassment)(?!\s+(that|which|who|whose|set|involving|about|in which)\b)|"
     r"(?<!\bas )not good enough\b(?! to\b)|"
     r"the (predictable|inevitable) (result|outcome|consequence)\b|"
     r"simply (not true|untrue|wrong)|nobody (believes|buys|thinks) (that|it)|would be wise to|"
     r"speaks? for (itself|themselves)|there is a better way|no coherent|(is|are) not a luxury|"
     r"(?-i:at (best|worst))|strains? credulity|display of (hubris|arrogance|incompetence)|"
     r"(is|was) an? (triumph|masterpiece|tour de force|disappointment|letdown|fiasco|delight|joy|revelation|slog|"
     r"chore)|the best thing (in|about) (it|the)|to be fair(?=,)|"
     r"(is|was|are|were) (simply |quite |truly |utterly )?(superb|excellent|dreadful|awful|wonderful|"
     r"magnificent|mediocre|tedious|bland|delightful|sublime|forgettable|lacklustre|lackluster))\b", False),
    # a report does not speak as "we" (but for "what we know so far"); a column does
    ("the writer's voice", r"(?-i:\b([Ww]e|[Oo]urs?|us)\b)(?! know\b)|" + _OWN_VIEW, False),  # "US" is a country
    ("rhetorical question", r"\?\s*$", True),
]
_MARKERS_RE = [(reason, re.compile(pattern, re.IGNORECASE), in_attributed)
               for reason, pattern, in_attributed in _MARKERS]
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘(?:[^’]|’(?=\w))*’(?!\w)")  # ‘It’s over,’: the apostrophe inside


# the outlet as reporter, not as a voice: "told us", "has sent us this picture", "our live coverage"
_REPORTING_US = re.compile(r"\b(told|tells|sent|send|sends|gave|showed|contacted|emailed|wrote to|asked|spoke to|"
                           r"speaking to|talked to) us\b|"
                           r"\bour (live |own )?(\w+ )?(coverage|reporters?|correspondents?|team|desk|readers?|"
                           r"fact-checkers?|editors?|journalists?|staff|podcast|newsletter|bulletins?|programmes?|"
                           r"broadcasts?|website|site|page)\b|"
                           r"\bwe (cannot|can't|could not|couldn't|have not been able to|were unable to) "
                           r"(independently )?(verify|confirm)\b|"
                           r"\bwe (have )?(contacted|asked|approached|reached out|spoke to|will bring you)\b|"
                           r"\bwe(['’]ll| will) (leave|be back|bring you|update|pause)\b|"  # a live report's sign-off
                           r"\bthat['’]?s (all|it) (from us|for (now|today|tonight))\b",
                           re.IGNORECASE)


# the public told what to do, a report's service, not its view: "Anyone with information should contact police"
_PUBLIC_ADVICE = re.compile(
    r"\b(anyone|anybody|readers|residents|motorists|drivers|passengers|commuters|travell?ers|"
    r"customers|visitors|parents|patients|applicants|homeowners|households|(members of )?the public)\b[^.;?!]{0,60}?"
    r"\bshould (\w+ )?(contact|call|ring|phone|email|use|avoid|follow|check|seek|report|stay|keep|expect|allow|"
    r"plan|apply|register|visit|go|make sure|be aware|take)\b", re.IGNORECASE)


# a measured likelihood, a trial's or a study's result: "were 68 percent less likely to", "twice as likely"
_MEASURED_LIKELIHOOD = re.compile(r"\b(?:\d[\d.,]*\s?(?:%|per ?cent|percent(?:age points)?)|\w+ times|twice|"
                                  r"half|three-quarters|a (?:third|quarter))\s+(?:less|more|as) likely\b",
                                  re.IGNORECASE)


# a step a procedure requires: "The closure must now be ratified by the full council"
_PROCEDURE = re.compile(r"\bmust now be (ratified|approved|signed( off)?|confirmed|endorsed|considered|debated|"
                        r"passed|rubber-stamped) by\b", re.IGNORECASE)


# what others disputed or asked: "differed on whether the offer should stand", "the question of whether
# it should" (an indirect question reports a debate, it takes no side in it)
_WHETHER_SHOULD = re.compile(r"\bwhether\b[^.;:?!]{0,80}?\b(should|ought to)\b", re.IGNORECASE)


def opinion_reason(sentence: str, attributed: bool = False) -> str | None:
    """Why a sentence reads as the outlet's opinion, or None when it reports. ``attributed``: the sentence
    reports someone's words (it holds a quotation's content or a reported statement)."""
    unquoted = _QUOTED.sub(" ", sentence)
    for reported in (_PUBLIC_ADVICE, _PROCEDURE, _WHETHER_SHOULD, _MEASURED_LIKELIHOOD):
        unquoted = reported.sub(" ", unquoted)
    for reason, pattern, in_attributed in _MARKERS_RE:
        if (in_attributed or not attributed) and pattern.search(unquoted):
            if reason == "the writer's voice" and _REPORTING_US.search(unquoted) \
                    and not pattern.search(_REPORTING_US.sub(" ", unquoted)):
                continue
            return reason
    return None


WRITERS_ARGUMENT = "the writer's argument, in an opinion piece"
_OWN_SHARE = 0.55  # of a piece's sentences its own, at least: a report gives most of its lines to its sources
_FLAGGED_OWN = 0.12  # of its own sentences flagged by the markers, at least, and two of them
_OWN_SENTENCES = 8  # at least: a brief's one aside is no argument
# what a report never writes in its own voice: judgements and the writer's own view ("I think"). A piece
# needs one of them; then its "should", "likely", predictions and "we" count with them. Alone, those are
# a match preview's, a forecast's or a live blog's, and a question is a paywall's as often as a column's
_SIGNS = frozenset({"evaluative adverb", "loaded wording", "evaluation"})
_WITH_A_SIGN = frozenset({"prescription", "speculation", "prediction", "the writer's voice"})
_OWN_VIEW_RE = re.compile(_OWN_VIEW, re.IGNORECASE)
# without a judgement, an editorial that tells its readers what should be done, in its own "we", again and again
# (a preview's "should" and "likely" are a few of its lines, a forecast's are speculation)
_URGING = frozenset({"prescription", "the writer's voice"})
_URGED_OWN = 5
_URGED_SHARE = 0.4
FIGURE_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY", "DATE", "TIME"})
_DIGIT = re.compile(r"\d")


def _sign(text: str, reason: str | None) -> int:
    """2: a judgement or the writer's own view; 1: a sign only beside one of those; 0: none."""
    if reason in _SIGNS or reason == "the writer's voice" and _OWN_VIEW_RE.search(_QUOTED.sub(" ", text)):
        return 2
    return 1 if reason in _WITH_A_SIGN else 0


def is_opinion_piece(sentences: int, own: list[tuple[str, str | None]]) -> bool:
    """Whether an article of ``sentences`` sentences argues: ``own`` holds its own sentences (no quotation or
    attribution explains them), each with its opinion reason (None where it reads as report)."""
    if len(own) < _OWN_SENTENCES or len(own) < _OWN_SHARE * sentences:
        return False
    signs = [_sign(text, reason) for text, reason in own]
    if 2 in signs:
        return sum(sign > 0 for sign in signs) >= max(2, _FLAGGED_OWN * len(own))
    urged = sum(reason in _URGING for _, reason in own)
    return urged >= max(_URGED_OWN, _URGED_SHARE * len(own))


# where a publisher files a piece as opinion: a section of its address, or a label before the headline
_OPINION_SECTIONS = frozenset("""opinion opinions editorial editorials commentisfree comment columnists op-ed oped
    letters letters-to-the-editor""".split())
# a section line over a piece, the section last: "Opinion", "Fennick Star | Opinion", "Opinion | Letters",
# "Letters to the Editor" (not a menu, "News | Opinion | Sport")
_OPINION_SECTION_LINE = re.compile(r"^(?:[\w .&'’-]{2,40}\s*[|·/]\s*)?(?:opinion|comment|editorials?|"
                                   r"letters(?: to the editor)?|columnists?)$", re.IGNORECASE)
_OPINION_LABEL = re.compile(r"^\s*(?:opinion|editorial|comment|column|op-ed|letters?(?: to the editor)?)"
                            r"\s*[:|–—-]\s+\S", re.IGNORECASE)


# a byline that names its writer's column: "By Marguerite Fallon, Columnist", "By the Editorial Board"
_COLUMN_BYLINE = re.compile(r"^\s*by\b.{0,80}\b(columnist|opinion (writer|editor|columnist)|editorial board|"
                            r"leader writer|op-ed contributor)\b", re.IGNORECASE)


def filed_as_opinion(url: str | None, title: str | None, bylines: list[str] = (), labels: list[str] = ()) -> bool:
    """The page says the piece is opinion: its address files it under an opinion section
    ("/opinion/2026/04/…", "/commentisfree/…"), its headline carries the label ("Opinion: …"), its byline
    (``bylines``: the byline lines cleaning took off) names a columnist, or a section line over it (``labels``:
    the short lines cleaning took off above it) is an opinion section's ("Opinion | Letters", "Letters to the
    Editor")."""
    if title and _OPINION_LABEL.match(title) or any(_COLUMN_BYLINE.match(line) for line in bylines) \
            or any(_OPINION_SECTION_LINE.match(line.strip()) for line in labels):
        return True
    if not url or "//" not in url:
        return False
    path = urlsplit(url).path.lower().split("/")[1:-1]  # the folders, not the page's own name
    return any(part in _OPINION_SECTIONS for part in path)


def gives_a_figure(sentence: str, figure_spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """A figure, a date or a time in the sentence: written in digits, or found by the model ("twenty-seven")."""
    return bool(_DIGIT.search(sentence)) or any(f_start < end and f_end > start for f_start, f_end in figure_spans)


def tells_its_own_reporting(sentence: str) -> bool:
    """The outlet tells what it did as reporter ("We asked the premier's office whether …", "That's where we'll
    leave our live coverage"): no part of a piece's argument."""
    return bool(_REPORTING_US.search(_QUOTED.sub(" ", sentence)))
