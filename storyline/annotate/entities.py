"""Named entities, with mentions inside one article resolved to one canonical name."""

from __future__ import annotations

import re
import unicodedata

from storyline.annotate.dates import QUARTER_CODES
from storyline.model import Entity

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
ENTITY_KINDS = {"PERSON": "people", "ORG": "organisations", "GPE": "countries, cities and states",
                "LOC": "other places", "FAC": "buildings and roads", "NORP": "nationalities and groups",
                "EVENT": "named events"}  # each label as a reader says it
ENTITY_KIND = {"PERSON": "person", "ORG": "organisation", "GPE": "country, city or state", "LOC": "place",
               "FAC": "building or road", "NORP": "nationality or group", "EVENT": "named event"}  # ... one of them


def entity_label(given: str | None) -> str | None:
    """The label a filter names, in any case ("person" is PERSON); None for none; ValueError for a label that
    is no kind of entity, naming the kinds there are."""
    label = given.strip().upper() if given and given.strip() else None
    if label is not None and label not in ENTITY_LABELS:
        raise ValueError(f"“{given.strip()[:40]}” is no kind of entity; the kinds are {', '.join(ENTITY_KINDS)}")
    return label
# offices held by one person, written before the name
_OFFICES = (r"president|prime minister|premier|minister|senator|governor|mayor|ambassador|secretary|chancellor|"
            r"treasurer|judge|commissioner|(?:auditor|attorney|solicitor|inspector|surgeon)[- ]general")
_LEGISLATORS = "TD|MCA|MP|MLA|MPP|MSP|MEP|MHA"  # written before a name, in capitals: "Local TD Seán Rafferty"
_TITLES = re.compile(
    rf"^(mr|mrs|ms|miss|dr|prof|sir|dame|{_OFFICES}|sen|rep|gov|justice|recorder|judge|coroner|chief|general|gen|"
    r"colonel|col|captain|"
    r"capt|sergeant|sgt|officer|detective|det|lt|lieutenant|pope|king|queen|prince|princess|chair|chairman|"
    r"chairwoman|councillor|councilor|cllr|(?-i:Cr)|constable|superintendent|supt|inspector|insp|(?-i:DS|DI|DC|DCI|PC)|"
    rf"(?-i:{_LEGISLATORS})|hon|honourable|honorable|"  # "TD Seán Rafferty", "Hon. Fredrick Omondi"
    r"reverend|rev|bishop|archbishop|rabbi|imam|coach|sheriff|mx|alhaji|alhaja|hajia|(?-i:SP|DSP|ASP|CSP))\.?\s+",
    # "DI Shaw", not "Di Maio"; "Alhaji Rasheed Akinola", "SP Bisi Adegoke" (a superintendent of police)
    re.IGNORECASE,
)
# an office before two capitalised words: the small model often tags the whole as an organisation
_OFFICE_THEN_NAME = re.compile(
    rf"^(?i:{_OFFICES})\.?\s+(?!(?:General|Advocate|Office|Department)\b)[A-Z][\w'’-]+\s+[A-Z][\w'’-]+$")
# letters after a name ("Philip Greaves KC"), not part of it
POST_NOMINALS = frozenset("kc qc mp msp mep ms am obe mbe cbe kbe dbe phd".split())
# a title's meaning, to tell apart two people of one surname ("Mrs Pike" is not "Gareth Pike", Mr Pike's son)
_TITLE_MEANING = {"cr": "councillor", "mr": "male", "sir": "male", "mrs": "female", "ms": "female", "miss": "female",
                  "dame": "female",
                  "ds": "detective sergeant", "det": "detective", "sgt": "sergeant", "cllr": "councillor",
                  "councilor": "councillor", "prof": "professor", "dr": "doctor", "gen": "general", "col": "colonel",
                  "capt": "captain", "lt": "lieutenant", "supt": "superintendent", "insp": "inspector",
                  "rev": "reverend", "sen": "senator", "gov": "governor", "rep": "representative"}
_GENDERED = frozenset({"male", "female"})
# abbreviations whose full stop is part of the name ("Harrow Holdings Ltd.")
_ABBREVIATED_ENDINGS = frozenset("inc ltd corp co jr sr st bros plc llc".split())
# an office named with its portfolio before a person's name
# a company's officers, written before a name: "Chief Executive Teodor Brandvik", "CFO Marisol Echevarria"
_CORPORATE_OFFICES = (r"chief (?:executive|financial|operating|technology|information|commercial|marketing|legal)"
                      r"(?: officer)?|(?-i:CEO|CFO|COO|CTO|CIO)|chair(?:man|woman|person)?|(?:co-)?founder|"
                      r"managing director|general counsel")
_CORPORATE_OFFICE = re.compile(rf"^(?i:{_CORPORATE_OFFICES})$")
_DESCRIBED_OFFICE = re.compile(rf"^(?:[A-Z][\w'’&-]*\s+){{1,4}}(?:(?i:{_OFFICES}|councillor|spokesman|spokeswoman|"
                               rf"{_CORPORATE_OFFICES})|{_LEGISLATORS})\s+"
                               r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)$")
_NAME_WORD = r"(?:Ma?c|O['’])?[A-ZÀ-Þ][a-zß-ÿ]+"  # "Ann", "MacRae", "McDonald", "O'Brien", "Seán"; not "YouTube"
NAME_OF_TWO = re.compile(rf"^{_NAME_WORD}(?:-{_NAME_WORD})?\s+{_NAME_WORD}(?:-{_NAME_WORD})?$")
_POSSESSIVE = re.compile(r"['’]s?$")
_NICKNAME = re.compile(r"\s+[\"“‘'][^\"“”‘’']+[\"”’']\s+(?=\S)")
_ALIASES = {
    "us": "United States", "u.s.": "United States", "u.s": "United States", "usa": "United States",
    "u.s.a.": "United States", "america": "United States", "united states": "United States",
    "uk": "United Kingdom", "u.k.": "United Kingdom", "britain": "United Kingdom",
    "great britain": "United Kingdom", "un": "United Nations", "u.n.": "United Nations", "eu": "European Union",
}


# words the small model leaves at a name's end when it runs into the next phrase ("Terminal Four for")
_TRAILING_WORDS = frozenset({"and", "or", "of", "for", "to", "in", "on", "at", "by", "with", "the", "a", "an"})
# a preposition capitalised at a sentence's start that the model takes into the name ("Across Caldria, …")
_LEADING_WORDS = frozenset({"across", "throughout", "in", "at", "near", "along", "around", "within", "amid",
                            "among", "from", "during", "despite", "since"})
# an office alone is no one's name: "Labour Minister Sabine Holt" is tagged "Labour Minister" (ORG) + a person
_OFFICE_ONLY = re.compile(rf"^(?:[A-Z][\w'’-]+\s+){{0,2}}(?i:{_OFFICES}|spokesman|spokeswoman|spokesperson)$")
# two names the model ran together across a connective ("switched from Unity to Civic Renewal")
_RUN_TOGETHER = re.compile(r"^(?P<first>.+?)\s+(?:to|from|versus|vs\.?)\s+(?P<second>[A-Z].*)$")
# the last word of an organisation's name, never of a person's
ORGANISATION_WORDS = frozenset("""party league commission council association authority ministry bank group union
    federation company corporation inc ltd university college school hospital church front movement alliance
    coalition committee court agency department office service institute foundation society club airlines
    assembly board trust fund""".split())
# the last word of a company's name, which the small model often tags a person ("Quillon Payments said")
_COMPANY_WORDS = frozenset("""payments holdings capital systems technologies labs motors airways airlines insurance
    pharmaceuticals plc llc corp inc ltd industries networks telecom bank group company corporation energy foods
    media software logistics electronics mining resources partners ventures solutions communications
    entertainment robotics semiconductor semiconductors pharma biotech therapeutics brands properties developments
    engineering shipping manufacturing textiles looms lines ferries services contractors builders health healthcare
    consultants utilities""".split())
# a company's legal form, written so: "Vollrath Antriebe AG" (not "Cllr John Ag", "Mary Sa")
_COMPANY_FORMS = frozenset("AG GmbH SA NV BV AB ASA SpA Oyj".split())
# "Maral's Unity Party": the person's possessive is not part of the party's name
_OWNER = re.compile(r"^(?P<owner>[A-Z][\w-]*)['’]s\s+(?P<name>[A-Z].*)$")
# lower-case roles written before a name: "Electoral Commission chair Rolf Ingram" is a person, whatever the tag
# (not owner, operator, adviser, auditor or manager: a company is one too)
_ROLES = frozenset("""chair chairman chairwoman chairperson leader spokesman spokeswoman spokesperson director chief
    head official analyst economist professor lawyer attorney executive founder editor candidate councillor
    councilor deputy officer inspector president minister secretary governor mayor ambassador senator
    commissioner chancellor judge coach captain researcher scientist resident teacher doctor nurse
    prop hooker lock flanker scrum-half fly-half winger fullback full-back quarterback linebacker receiver pitcher
    catcher striker midfielder defender goalkeeper keeper batsman bowler wicketkeeper""".split())
_ARTICLE_IN_NAME = frozenset({"the hague", "the gambia", "the bahamas"})
# what a report calls someone before their name, capitalised where it opens a sentence
_DESCRIBING_ROLES = frozenset("organiser organizer campaigner volunteer resident shopkeeper pensioner parent landlord "
                              "tenant commuter driver farmer".split())


# the last word of a sports club's name: "Dornby Rovers" is the club "the club said" names (not "City" or "Town":
# those are places as often)
CLUB_WORDS = frozenset("fc rovers rangers wanderers athletic hotspur albion united".split())
# the last word of an organisation's name that the small model tags a person ("Harwick Fire and Rescue Service")
# (not court, church or front: surnames as well)
_NEVER_A_PERSON_WORDS = (ORGANISATION_WORDS - {"court", "church", "front", "fund", "office", "movement"}
                         | {"police"} | CLUB_WORDS)


def is_organisation_name(name: str) -> bool:
    """A company's name, or a name of two words or more ending as only organisations' do."""
    words = name.split()
    return is_company_name(name) or len(words) >= 2 and words[-1].lower().strip(".,") in _NEVER_A_PERSON_WORDS


def title_meaning(text: str) -> str | None:
    """What the title a mention opens with says of the person ("Mrs" female, "DS" a detective sergeant)."""
    words = []
    name = text.strip()
    while match := _TITLES.match(name):
        words.append(match.group(1).lower())
        name = name[match.end():]
    if not words:
        return None
    return " ".join(_TITLE_MEANING.get(word, word) for word in words)


# titles taken into a person's mention, so that "Mrs Pike" and "DS Ashworth" find their own Pike and Ashworth
_KEPT_TITLES = frozenset(_TITLE_MEANING) | {"detective", "sergeant", "councillor", "constable", "inspector",
                                            "superintendent", "chief", "sheriff", "pc"}
_ONE_OF_A_KIND = frozenset({"pope", "queen", "king", "prince", "princess", "duke", "duchess", "emperor", "dalai"})
_PERSONAL_TITLES = _KEPT_TITLES - {"chief"}  # "Chief Executive Officer" is no person's title


def _titled_name(text: str, surnames: frozenset[str] | set[str] = frozenset()) -> bool:
    """"Councillor Bridget Hume", "DS Mark Ashworth": a personal title before a name of two words; or before one
    that ends a name of two words in the article ("Ms MacRae" of Fiona MacRae; not "Dr Pepper")."""
    first, _, rest = text.strip().partition(" ")
    words = rest.split()
    if first.lower().rstrip(".") not in _PERSONAL_TITLES or not words:
        return False
    if len(words) == 1:
        return words[0] in surnames
    return bool(NAME_OF_TWO.match(rest)) and words[-1].lower() not in ORGANISATION_WORDS


# given names that say a person's gender in news of many countries (names borne by women and men alike, "Jean",
# "Andrea", "Kim", "Sasha", "Alex", are in neither): "Ms Okafor" is Maria Okafor, not Daniel Okafor beside her
_FEMALE_GIVEN = frozenset("""mary maria marie anna anne ann elizabeth margaret sarah sara susan linda barbara
    patricia jennifer helen helena karen nancy lisa laura emma emily olivia sophie sophia charlotte amelia grace
    julia julie claire clara catherine katherine kate kathryn rachel rebecca hannah jessica natalie nadia nina elena
    irina olga tatiana svetlana ana carmen lucia isabel isabella rosa teresa angela fatima aisha amina mariam priya
    anita sunita lakshmi mei ingrid astrid greta freya eva ella alice victoria diana monica michelle nicole
    stephanie christine caroline louise joanna joanne jane janet judith ruth naomi esther deborah miriam renata
    agnes beatrice fiona gwen gwendolyn megan lucy amy zoe chloe heidi petra magdalena katarzyna agnieszka ewa
    natalia daria sofia giulia francesca chiara valentina camille juliette ines pauline brenda hillary theresa
    ursula kamala nikki liz susanne sabine birgit ava mia evelyn abigail scarlett aria lily layla nora hazel violet
    aurora ruby alicia amanda brittany carol cynthia denise donna doris dorothy frances gloria heather irene
    jacqueline joan joyce katie kathleen lauren marilyn martha melissa mildred pamela rose samantha sharon shirley
    tiffany virginia wendy yvonne zara ayesha leila yasmin noor zainab ngozi chioma amara adaeze funmilayo aaliyah
    xiu ling siobhan niamh aoife roisin bridget eileen maeve kirsty morag anja annika britta elke frieda hanne jana
    katja lena lotte marta mette sigrid silke tove ulla""".split())
_MALE_GIVEN = frozenset("""john james robert michael william david richard joseph thomas charles christopher daniel
    matthew mark donald paul steven andrew kenneth joshua george edward brian kevin ronald timothy jason jeffrey
    ryan jacob gary eric stephen jonathan larry justin scott frank benjamin gregory samuel raymond patrick alexander
    jack dennis jerry peter henry carl arthur harold roger albert lawrence simon martin oliver harry hugo louis luis
    carlos jose juan pedro miguel antonio manuel francisco giovanni giuseppe marco luca matteo pierre jean-pierre
    jacques francois hans klaus dieter jurgen wolfgang stefan tomas tomasz piotr pawel krzysztof ivan sergei sergey
    dmitry vladimir mikhail alexei andrei yuri boris igor oleg viktor ahmed mohammed muhammad mohamed omar hassan
    hussein ibrahim yusuf mustafa rahul raj vijay sanjay arjun hiroshi takeshi kenji wei jian gareth owen dominic
    colin nigel graham ian neil trevor keith derek barry tobias anders lars erik nils sven magnus olaf gustav jonas
    felix maximilian emmanuel rishi joe bernie mitt rafe noah liam ethan lucas mason logan elijah aiden caleb nathan
    isaac dylan tyler aaron adam connor declan eoin sean seamus ciaran padraig fergus angus hamish callum craig
    stuart duncan ewan finlay ross alan bruce douglas gordon howard leonard norman ralph russell stanley walter
    wayne kofi kwame kwabena yaw kojo chidi emeka obinna tunde segun femi chinedu ahmad hamza khalid tariq bilal
    jamal karim rashid samir youssef kenta yuto haruto min-jun ji-ho sung-min dong-hyun jakub kacper marek mateusz
    michal bjorn leif rolf torsten ulf gunnar henrik jens jorgen mikael niklas olof soren""".split())


def given_name_gender(name: str) -> str | None:
    """"female" or "male" where a person's first name says so ("Maria Okafor"), else None."""
    first = without_accents(name.split()[0]).lower() if " " in name else ""
    return "female" if first in _FEMALE_GIVEN else "male" if first in _MALE_GIVEN else None


def _fits(known: str | None, meaning: str) -> bool:
    """Whether a person introduced with title ``known`` may be mentioned with title ``meaning``."""
    if known is None or (known in _GENDERED) != (meaning in _GENDERED):
        return True
    return known == meaning


def is_company_name(name: str) -> bool:
    """"Quillon Payments", "Harrow Holdings Ltd": a name of two words or more ending as companies' do."""
    words = name.split()
    last = words[-1].strip(".,") if words else ""
    # not a body "of" a trade: "Department of Health", "Office of Energy"
    return len(words) >= 2 and (last.lower() in _COMPANY_WORDS and words[-2].lower() not in ("of", "for", "and")
                                or last in _COMPANY_FORMS)


_LIVE_STAMP_BEFORE = re.compile(r"^\d{1,2}[:.]\d{2}\s*[-–—]?\s*(?=[A-ZÀ-Þ])")  # a live report's "11:40 - Ní Bhriain"


def clean_name(text: str, label: str) -> str:
    """The entity's text without possessive ending, leading article, trailing function words and (for people)
    title: "the Port of Halden" and "Port of Halden" are one place."""
    name = _LIVE_STAMP_BEFORE.sub("", _POSSESSIVE.sub("", text.strip()).strip())
    if label == "PERSON":
        name = _NICKNAME.sub(" ", name)  # 'Dwayne "Scully" McLean' is Dwayne McLean
        role, _, rest = name.partition(" ")
        if role.lower() in _ROLES | _DESCRIBING_ROLES and NAME_OF_TWO.match(rest):
            name = rest  # "Organiser Bernadette Quinn", a sentence's first word capitalised: a role, no title
        while _TITLES.match(name):
            name = _TITLES.sub("", name, count=1)
        if office := _DESCRIBED_OFFICE.match(name):  # "Urban Development Minister Prakash Deshmukh"
            name = office["name"]
    elif name.lower() in _ARTICLE_IN_NAME:
        name = "The " + name[4:]
    elif name.lower().startswith("the "):
        name = name[4:]
    words = name.split()
    while label != "PERSON" and len(words) > 1 and words[0].isalpha() and words[0].islower():
        words.pop(0)  # "the state Office of Health Data Protection": the Office
    while len(words) > 1 and (words[-1] in _TRAILING_WORDS or words[-1].isalpha() and words[-1].islower()
                              or label == "PERSON" and words[-1].isdigit()
                              or label == "PERSON" and words[-1].strip(".,").lower() in POST_NOMINALS):
        words.pop()  # and a person's name the model ran on into a figure ("Kovant 95 seats")
    if words and words[-1].endswith(".") and len(words[-1]) > 2 and "." not in words[-1][:-1] \
            and words[-1][:-1].lower() not in _ABBREVIATED_ENDINGS:
        words[-1] = words[-1][:-1]  # a sentence's full stop taken into the name ("Meadowbank Transit.")
    return " ".join(words)


def without_accents(text: str) -> str:
    """The text with its letters' accents dropped ("Inês" -> "Ines")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def entity_key(canonical: str, label: str = "PERSON") -> str | None:
    """The key under which names from different articles are merged ("Kim Jong-un" = "Kim Jong-Un").

    None for a one-word person name: "Kim" in one article and "Kim" in another
    may be different people, so they are never merged across articles.
    """
    key = " ".join(re.split(r"[\s\-‐–]+", canonical.casefold())).strip()
    if label == "PERSON" and " " not in key:
        return None
    return key or None


def canonical_alias(name: str) -> str | None:
    return _ALIASES.get(name.lower())


def entity_spans(doc) -> list[tuple[str, str, int, int]]:
    """The model's entity spans (text, label, start, end), a two-word "organisation" written after a lower-case
    role ("Electoral Commission chair Rolf Ingram") made the person it is, and a preposition that opens the
    sentence left out of the name ("Across Caldria, …"; "Near East" or "From Software" inside a sentence stay)."""
    spans = []
    ents = _hyphenated_names(doc)
    common = {token.text for token in doc if token.is_lower and token.is_alpha}
    surnames = {ent[-1].text for ent in ents if ent.label_ == "PERSON" and len(ent) > 1}
    dateline = _dateline_end(doc)
    given = _given_names_mistagged(doc, ents)
    for ent in ents:
        label = ent.label_
        if ent.start in given:
            continue  # a given name the model took for a people or a place ("Anneliese" of Anneliese Brandt)
        if ent.end in given.values() or ent.start > 0 and _named_by_role(doc, ent) and label not in ("PERSON",):
            ent, label = doc[next((g for g, end in given.items() if end == ent.end), ent.start - 1):ent.end], "PERSON"
        if ent.text.islower() or QUARTER_CODES.fullmatch(ent.text) or ent.text.lower() in POST_NOMINALS:
            continue  # no name: "woodland", "Q4", the "KC" of "Ms Nadia Brisco KC"
        if label in ("ORG", "GPE", "NORP", "FAC") and ent.start > 0 and NAME_OF_TWO.match(ent.text) \
                and doc[ent.start - 1].text.rstrip(".").lower() in _PERSONAL_TITLES:
            label = "PERSON"  # "Ms Nadia Brisco": a title says a person
        if label == "PERSON" and len(ent) == 1 and ent.text not in surnames \
                and (ent.text.lower() in common or ent[0].tag_ == "VBG"):
            continue  # a word the article writes in lower case too ("16:20 — Turnout reached 48.9%"), or a
            # participle ("Prosecuting, Ms Nadia Brisco KC said")
        if label in ("ORG", "GPE", "NORP", "LOC", "FAC") and PARTICLE_NAME.fullmatch(ent.text) \
                and not any(word.lower() in ORGANISATION_WORDS for word in ent.text.split()):
            label = "PERSON"  # "Inês da Costa", "Piet van der Berg": a given name, a particle, a surname
        if label in ("ORG", "PERSON") and ent.text.isupper() and len(ent.text) > 3 and ent[0].is_sent_start \
                and ent.end < len(doc) and doc[ent.end].text in (",", "("):
            label = "GPE"  # a dateline's place: "HALLENFORD, Oct 28 (Quillby Wire) -"
        if label in ("PERSON", "ORG", "GPE") and ent.end <= dateline:
            if doc[ent.start - 1].text == "(" and doc[ent.end].text == ")":
                label = "ORG"  # the outlet a dateline credits: "DORNBY, Marl (Kell Wire) -"
            elif doc[ent.start - 1].text == "," and doc[ent.end].text == "(":
                label = "GPE"  # the region of its place: "DORNBY, Marl (Kell Wire) -"
        if label == "PERSON" and len(ent) == 1 and ent.start > 0 and doc[ent.start - 1].text == "the" \
                and ent.text.lower() not in _KEPT_TITLES | _ONE_OF_A_KIND \
                and (ent.end == len(doc) or doc[ent.end].pos_ not in ("NOUN", "PROPN")):
            label = "ORG"  # "told the Standard": a paper, no person (but "the Pope", "the Bush administration")
        if label in ("ORG", "FAC", "LOC", "GPE") and ent.start > 0 and NAME_OF_TWO.match(ent.text) \
                and _role_before(doc, ent.start):
            label = "PERSON"  # "coach Owain Rees", "prop Iestyn Harries", "scrum-half Cai Vaughan"
        officer = _corporate_office_before(doc, ent)
        if officer and label != "PERSON" and (NAME_OF_TWO.match(ent[officer:].text) or len(ent) == 1):
            label = "PERSON"  # "CFO Marisol Echevarria", "Chief Executive Teodor Brandvik" (of which it tagged
            ent = ent[officer:] if officer < len(ent) else ent  # "Brandvik"): an officer of a company, by name
            if len(ent) == 1 and ent.start > 0 and doc[ent.start - 1].is_title and doc[ent.start - 1].pos_ == "PROPN" \
                    and not doc[ent.start - 1].ent_type_:
                ent = doc[ent.start - 1:ent.end]
        if label in ("ORG", "GPE", "NORP") and _GAELIC_SURNAME.fullmatch(ent.text):
            label = "PERSON"  # "Siobhán Ní Bhriain", "Ó Súilleabháin": the particle of an Irish surname
        if len(ent) > 1 and ent[0].is_sent_start and ent[0].lower_ in _LEADING_WORDS and ent[1].is_title \
                and ent[1:].text.lower() not in _ALIASES:
            ent = ent[1:]
        if label == "PERSON":
            start = ent.start
            while start > 0 and doc[start - 1].lower_ in _NAME_PARTICLES and start > ent.start - 3:
                start -= 1  # "Van der Berg" of which the model tagged "Berg"
            if start < ent.start and start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title:
                start -= 1  # and the given name before: "Ines da Costa"
            elif len(ent) == 1 and start > 0 and _given_name_left_out(doc[start - 1], ent):
                start -= 1  # "Anders Holm", of which the model tagged "Holm"
            while start > max(0, ent.start - 2) and doc[start - 1].text[:1].isupper() \
                    and doc[start - 1].text.lower().rstrip(".") in _KEPT_TITLES:
                start -= 1
            end = ent.end
            if len(ent) == 1 and end < len(doc) and _surname_left_out(doc[end], ent):
                end += 1  # "Tomas Reyl", of which the model tagged "Tomas"
            ent = doc[start:end]
        spans.append((ent.text, label, ent.start_char, ent.end_char))
    return spans


# a person's name with a particle before the surname; not "Rio de Janeiro", "Universidad de Chile"
_NAME_PARTICLES = frozenset("van von der den da das dos ter ten".split())
PARTICLE_NAME = re.compile(rf"[A-ZÀ-Þ][\w'’-]+ (?:(?:{'|'.join(sorted(_NAME_PARTICLES))}) )+[A-ZÀ-Þ][\w'’-]+")
def _given_names_mistagged(doc, ents) -> dict[int, int]:
    """One-word names tagged a people, place or organisation that are the given name of the one-word name after
    them, whose role the sentence gives ("chief executive Anneliese Brandt", "Anneliese" a nationality): the
    given name's start, with the end of the name it begins."""
    found = {}
    for first, second in zip(ents, ents[1:]):
        if len(first) == 1 and len(second) == 1 and second.start == first.end and first.label_ != "PERSON" \
                and first[0].pos_ == "PROPN" and first[0].dep_ == "compound" and first[0].head.i == second.start \
                and NAME_OF_TWO.match(f"{first.text} {second.text}") and not is_organisation_name(
                    f"{first.text} {second.text}") and _named_with_a_role(doc, first.start):
            found[first.start] = second.end
    return found


def _named_by_role(doc, ent) -> bool:
    """A one-word name tagged an organisation after an untagged given name, the two named with a role: "her
    spokesperson, Caoimhe D'Arcy-Lund" (of which the model tagged "D'Arcy-Lund")."""
    if " " in ent.text or ent.label_ not in ("ORG", "NORP", "GPE") or ent.start < 2 or not ent.text[:1].isupper():
        return False
    before = doc[ent.start - 1]
    return before.pos_ == "PROPN" and before.is_title and not before.ent_type_ and before.dep_ == "compound" \
        and ent.start <= before.head.i < ent.end and not is_organisation_name(f"{before.text} {ent.text}") \
        and _named_with_a_role(doc, ent.start - 1)


def _named_with_a_role(doc, start: int) -> bool:
    """A role right before a name ("chief executive Anneliese …"), or before it and a comma ("her spokesperson,
    Caoimhe …")."""
    if start > 0 and _role_before(doc, start):
        return True
    return start >= 2 and doc[start - 1].text == "," and doc[start - 2].lower_ in _ROLES


def _corporate_office_before(doc, ent) -> int:
    """Where a name starts after a company officer's title the model took into it ("CFO Marisol Echevarria": 1),
    or, for one word tagged, len(ent) where the title stands before its given name ("Chief Executive Teodor
    Brandvik", of which it tagged "Brandvik"); 0 for none."""
    for words in (1, 2, 3):  # the title inside the span
        if len(ent) > words and _CORPORATE_OFFICE.match(ent[:words].text):
            return words
    if len(ent) == 1 and ent.start >= 2 and doc[ent.start - 1].is_title:
        for words in (1, 2, 3):  # the title before the given name
            first = ent.start - 1 - words
            if first >= 0 and _CORPORATE_OFFICE.match(doc[first:ent.start - 1].text):
                return 1
    return 0


def _given_name_left_out(token, ent) -> bool:
    """The proper noun right before a one-word name, hung on it, untagged, no title or office: its given name."""
    return token.pos_ == "PROPN" and token.dep_ == "compound" and token.head.i == ent.start and token.is_title \
        and not token.ent_type_ and token.lower_.rstrip(".") not in _KEPT_TITLES | OFFICES | _ROLES


DATELINE_TOKENS = 12  # a wire's dateline: a place, its region, the day, the credit


def _dateline_end(doc) -> int:
    """The index of the dash that ends a wire's dateline opening the text ("DORNBY, Marl (Kell Wire) -"), else
    0."""
    if not doc or not doc[0].text.isupper():
        return 0
    for token in doc[1:DATELINE_TOKENS]:
        if token.text == ")" and token.i + 1 < len(doc) and doc[token.i + 1].text in ("-", "—", "–", "--"):
            return token.i + 1
    return 0


def _surname_left_out(token, ent) -> bool:
    """The proper noun right after a one-word name that the name hangs on, untagged: its surname."""
    return token.pos_ == "PROPN" and ent.root.dep_ == "compound" and ent.root.head.i == token.i and token.is_title \
        and not token.ent_type_ and token.lower_ not in ORGANISATION_WORDS | _COMPANY_WORDS | _PLACE_NOUNS \
        | _STREET_NOUNS


_HYPHENATED = re.compile(rf"^{_NAME_WORD}-{_NAME_WORD}$")
_GAELIC_PARTICLES = ("Ní", "Nic", "Ó", "Uí", "Mhic")  # a surname's, which the model takes for an organisation's
_SURNAME_PARTICLES = frozenset(_GAELIC_PARTICLES) | frozenset("Mac de del della di da van von bin al".split())
# a surname's first word, in lower case, as keys are: "von ahlen", "abu zaid", "al nuaimi" are surnames
SURNAME_PARTICLES = frozenset(p.lower() for p in _SURNAME_PARTICLES) | frozenset("abu el le la du der den ter".split())
_GAELIC_SURNAME = re.compile(rf"(?:[A-ZÁÉÍÓÚ][\w'’-]+ )?(?:{'|'.join(_GAELIC_PARTICLES)}) [A-ZÁÉÍÓÚ][\w'’-]+")


def _hyphenated_names(doc) -> list:
    """The model's entities with hyphenated surnames whole: "Damien Fraser" of "Damien Fraser-Holt" goes on
    over "-Holt", and "Sandhu-Laval" tagged an organisation or a place is a person's after a first name or a
    title ("Harjit Sandhu-Laval", "Mr Fraser-Holt"), the first name included."""
    from spacy.tokens import Span

    nicknamed = _nicknamed_names(doc)
    ents = sorted([e for e in doc.ents if not any(start < e.end and e.start < end for start, end in nicknamed)]
                  + [Span(doc, start, end, label="PERSON") for start, end in nicknamed], key=lambda e: e.start)
    index = 0
    found = []
    while index < len(ents):
        ent = ents[index]
        index += 1
        start, end, label = ent.start, ent.end, ent.label_
        if label != "PERSON" and _HYPHENATED.match(ent.text):
            first = start
            while first > max(0, start - 2) and doc[first - 1].tag_ == "NNP" and doc[first - 1].is_title \
                    and not doc[first - 1].ent_type_ and doc[first - 1].lower_.rstrip(".") not in _KEPT_TITLES \
                    and not doc[first - 1].is_sent_start:
                first -= 1  # "Harjit" of "Mediator Harjit Sandhu-Laval"
            titled = first > 0 and doc[first - 1].lower_.rstrip(".") in _KEPT_TITLES
            if first < start or titled:
                start, label = first, "PERSON"
        if label == "PERSON" and ((whole := _through_hyphens(doc, end, lambda t: t.is_title and t.is_alpha)) > end
                                  or end - start >= 2 and _ROMANISED_SYLLABLE.fullmatch(doc[end - 1].text)
                                  and (whole := _through_hyphens(doc, end, _second_syllable)) > end):
            end = whole  # "Damien Fraser" + "-Holt"; "Park Jin" + "-woo", a given name romanised in two syllables
            while index < len(ents) and ents[index].start < end:  # the model's entity for the rest ("Holt")
                end = max(end, ents[index].end) if ents[index].start == end - 1 else end
                index += 1
        while end - start >= 3 and doc[end - 2].text == "-" and doc[end - 1].lower_ in _HYPHEN_SUFFIXES:
            end -= 2  # "Sung Kim" of "a Sung Kim-led project"
        found.append(ent if (start, end, label) == (ent.start, ent.end, ent.label_)
                     else Span(doc, start, end, label=label))
    return found


_ROMANISED_SYLLABLE = re.compile(r"[A-Z][a-z]{0,4}")
# what follows a name's hyphen in English ("Kim Jin-led talks" aside, "a Park Jin-backed plan"): no syllable of it
_HYPHEN_SUFFIXES = frozenset("""led era style based backed like run born type ish esque wing sized made owned linked
    aligned funded free only inspired appointed allied friendly""".split())


def _second_syllable(token) -> bool:
    """The lower-case second syllable of a given name ("woo" of "Jin-woo", "su" of "Chol-su")."""
    return token.is_alpha and token.is_lower and len(token.text) <= 5 and token.lower_ not in _HYPHEN_SUFFIXES


_OPENING_MARKS, _CLOSING_MARKS = frozenset('"“'), frozenset('"”')


def _nicknamed_names(doc) -> list[tuple[int, int]]:
    """Token spans of names with a quoted nickname inside ('Romeo "Omeng" Dacanay', 'Brian "Lord Ember"
    Rampersad', 'Oluwaseun "Seun" Adebayo-Clarke'), which the model breaks into pieces of any label; the
    nickname is then no part of the name (``clean_name``)."""
    found = []
    for token in doc:
        opening = token.i + 1
        if not (_capitalised(token) and opening < len(doc) and doc[opening].text in _OPENING_MARKS) \
                or token.ent_type_ in ("ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"):  # not 'Apple "Think
            continue  # Different" Campaign', 'Texas "Lone Star" State'
        closing = next((i for i in range(opening + 2, min(opening + 5, len(doc))) if doc[i].text in _CLOSING_MARKS),
                       None)
        if closing is None or closing + 1 >= len(doc) or not all(map(_capitalised, doc[opening + 1:closing])) \
                or not _capitalised(doc[closing + 1]) or not doc[closing].whitespace_ \
                or doc[closing + 1].lower_ in _NOT_SURNAMES:  # 'Taylor Swift "Eras" Tour', 'Adele "Hello" Video'
            continue
        found.append((token.i, _through_hyphens(doc, closing + 2, _capitalised)))  # "Adebayo-Clarke"
    return found


def _through_hyphens(doc, end: int, a_name_word) -> int:
    """Where a name ending at token ``end`` ends with the parts hyphenated onto it ("-Holt", "-Clarke")."""
    while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
            and not doc[end].whitespace_ and a_name_word(doc[end + 1]):
        end += 2
    return end


_NOT_SURNAMES = frozenset("""tour state campaign finale video album song single show series movie film party act bill
    award awards festival day week cup trophy prize project programme program initiative plan strategy scheme network
    channel edition special concert team club book novel play musical era speech deal law""".split())


def _capitalised(token) -> bool:
    """A word of a name: "Dacanay", "McLean", "O'Brien"; not "UN", "300"."""
    return token.text[:1].isupper() and any(c.islower() for c in token.text) and not token.like_num


def _role_before(doc, start: int) -> bool:
    """A role word right before a token ("chair", "Coach", "scrum-half")."""
    at, before = start - 1, doc[start - 1].lower_
    if before not in _ROLES and start >= 3 and doc[start - 2].text == "-":
        at, before = start - 3, f"{doc[start - 3].lower_}-{before}"  # "scrum-half": three tokens
    # "the striker Real Madrid signed" is no striker's name
    return before in _ROLES and not (at > 0 and doc[at - 1].lower_ in ("the", "a", "an", "this", "that"))


_PERSON_OF = re.compile(r"^(?P<person>\S+ \S+) of (?:the )?(?P<body>[A-Z].*)$")


def _separated(spans: list[tuple[str, str, int, int]]) -> list[tuple[str, str, int, int]]:
    """Spans with two names the model ran together ("Unity to Civic Renewal") split in two, where one of them
    is a name of two words or more named on its own in the article ("Committee to Protect Journalists" stays
    whole beside a "Committee"), or after a comma a person's name or surname ("Fenmarsh, Okonkwo")."""
    named = {name for text, label, _, _ in spans if " " in (name := clean_name(text, label))}
    people = {name for text, label, _, _ in spans if label == "PERSON" and " " in (name := clean_name(text, label))}
    people |= {name.split()[-1] for name in people}
    separated = []
    for text, label, start, end in spans:
        before, comma, after = text.rpartition(", ")
        if comma and label != "PERSON" and after in people and before:  # "spread to Fenmarsh, Okonkwo said"
            separated.append((before, label, start, start + len(before)))
            separated.append((after, "PERSON", end - len(after), end))
            continue
        of = _PERSON_OF.match(text) if label in ("ORG", "PERSON") else None
        if of and NAME_OF_TWO.match(of["person"]) and not is_organisation_name(of["person"]) \
                and (is_company_name(of["body"]) or is_organisation_name(of["body"])):
            separated.append((of["person"], "PERSON", start, start + of.end("person")))  # "Ilse Moravec of
            separated.append((of["body"], "ORG", start + of.start("body"), end))  # Brackenridge Labs": two names
            continue
        joined = _RUN_TOGETHER.match(text) if label in ENTITY_LABELS - {"PERSON"} else None
        if joined and {clean_name(joined["first"], label), clean_name(joined["second"], label)} & named:
            separated.append((joined["first"], label, start, start + joined.end("first")))
            separated.append((joined["second"], label, start + joined.start("second"), end))
        else:
            separated.append((text, label, start, end))
    return separated


def resolve_entities(spans: list[tuple[str, str, int, int]], offices: dict[int, str] | None = None) -> list[Entity]:
    """Group mentions (text, label, start, end) in one article under canonical names.

    A one-word person mention ("Kim") takes the full name most recently
    mentioned before it whose surname (last word) it is, else whose any word it
    is; an acronym takes the spelled-out organisation it abbreviates. An office
    tagged apart from the name it stands before ("Labour Minister" + "Sabine
    Holt") is not a name. ``offices``: the office written before a person's mention, by its start
    ("Foreign Minister" Park), which tells two people of one surname apart as a title does.
    """
    spans = _separated(spans)
    offices = offices or {}
    entities: list[Entity] = []
    full_names: list[str] = []  # people with two or more words, in order of (latest) mention
    orgs: list[str] = []
    two_word_names = {text.split()[-1] for text, label, _, _ in spans if label in ("PERSON", "ORG")
                      and NAME_OF_TWO.match(text.strip()) and not _TITLES.match(text.strip())}  # a person's
    # name, whichever the model took it for
    named = [clean_name(text, "PERSON").split() for text, label, _, _ in spans
             if label == "PERSON" or label == "ORG" and _titled_name(text, two_word_names)]  # "Ms MacRae"
    # a surname written alone that no person named in full here ends with ("Jones" of Alex Jones is his)
    lone_surnames = {n[0] for n in named if len(n) == 1} - {n[-1] for n in named if len(n) > 1}
    surnames = {n[-1] for n in named if len(n) > 1}
    titles: dict[str, str] = {}  # a full name's title where it was introduced with one
    for index, (text, label, start, end) in enumerate(spans):
        if label not in ENTITY_LABELS:
            continue
        if label == "ORG" and _OFFICE_THEN_NAME.match(_POSSESSIVE.sub("", text.strip())):
            label = "PERSON"  # "Auditor-General Celeste Amari" is a person
        elif label == "ORG" and NAME_OF_TWO.match(text.strip()) and text.split()[-1] in lone_surnames:
            label = "PERSON"  # "Renata Oakes" tagged an organisation, "Oakes" a person: she is one
        elif label == "ORG" and _titled_name(text, two_word_names):
            label = "PERSON"  # "Councillor Bridget Hume"
        elif label == "PERSON" and is_organisation_name(text):
            label = "ORG"
        name = clean_name(text, label)
        if not name or label == "ORG" and _OFFICE_ONLY.match(name) and _title_of_next(spans, index):
            continue
        if label == "ORG" and index + 1 < len(spans) and spans[index + 1][1] == "PERSON" \
                and offices.get(spans[index + 1][2], "").startswith(f"{name.lower()} "):
            continue  # "Interior" of "Interior Minister Daniel Okafor": the portfolio of the office, no organisation
        owned = _OWNER.match(name) if label != "PERSON" else None
        if owned and owned["owner"] in surnames and " " in owned["name"] \
                and owned["name"].split()[-1].lower() in ORGANISATION_WORDS:
            name = owned["name"]  # "Maral's Unity Party"; not "Ford's Theatre" or "King's College London"
        if label != "PERSON" and " " not in name and _surname_of(name, full_names):
            label = "PERSON"  # the small model often tags a lone surname as ORG or GPE
        if label in ("ORG", "PERSON") and " " not in name and name == _POSSESSIVE.sub("", text.strip()) \
                and not any(name in n.split() for n in full_names) and (company := _short_name_of(name, orgs)):
            label, name = "ORG", company  # "Lyndale said", after "Lyndale Systems Inc." (the model may say a person)
        canonical = canonical_alias(name) if label in {"GPE", "ORG", "LOC", "NORP"} else None
        if label == "PERSON":
            meaning = title_meaning(text) or offices.get(start)
            canonical = _resolve_person(name, full_names, meaning, titles)
            if meaning and " " in canonical:
                titles.setdefault(canonical, meaning)
        elif canonical is None and label == "ORG" and name.isupper() and 2 <= len(name) <= 6:
            canonical = next((o for o in reversed(orgs) if _initials(o) == name), None)
        canonical = canonical or name
        if label == "PERSON" and len(canonical.split()) > 1:
            if canonical in full_names:
                full_names.remove(canonical)
            full_names.append(canonical)
        if label == "ORG" and canonical not in orgs:
            orgs.append(canonical)
        entities.append(Entity(text=text, label=label, canonical=canonical, start=start, end=end))
    return entities


# the offices a title or a role word names ("Governor Solberg", "the minister"): one list for names and speakers
OFFICES = frozenset("""governor minister president mayor ambassador senator chancellor premier secretary treasurer
    judge justice commissioner councillor councilor sheriff superintendent inspector magistrate coroner""".split()) \
    | {"prime minister", "vice president"}
# the word before an office that says which ("Defence Minister", "the foreign secretary"): two ministers of one
# surname are told apart by it
PORTFOLIOS = frozenset("""foreign defence defense finance interior home justice health trade education energy economy
    economic labour labor transport culture agriculture environment unification treasury industry housing
    immigration security communications""".split())


def offices_before(doc, spans: list[tuple[str, str, int, int]]) -> dict[int, str]:
    """The office written just before each person's mention, with the portfolio before it ("foreign minister"
    of "Halsan Foreign Minister Park Jin-woo"), by the mention's start."""
    found = {}
    for _, label, start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand") if label == "PERSON" else None
        if span is None or span.start == 0:
            continue
        office = doc[span.start - 1]
        if office.lower_ not in OFFICES and office.lower_ != "envoy":
            if (kin := kin_of(doc, span)) is not None:
                found[start] = kin  # "his sister, Lucy Farrow": a woman, whom "Ms Farrow" names
            continue
        which = doc[span.start - 2].lower_ if span.start >= 2 else ""
        found[start] = f"{which} {office.lower_}" if which in PORTFOLIOS else office.lower_
    return found


_FEMALE_KIN = frozenset("""sister mother wife daughter widow grandmother aunt niece girlfriend stepmother
    stepdaughter granddaughter mum""".split())
_MALE_KIN = frozenset("""brother father husband son widower grandfather uncle nephew boyfriend stepfather stepson
    grandson dad""".split())


def kin_of(doc, span) -> str | None:
    """"female" or "male" where the article names the person as a relative ("his sister, Lucy Farrow", "Lucy
    Farrow, his sister", "her brother Dominic Farrow"), else None."""
    before = doc[span.start - 1]
    if before.text == "," and span.start >= 2:
        before = doc[span.start - 2]
    words = [before.lower_, *(child.lower_ for child in span.root.children if child.dep_ == "appos")]
    # a pronoun in the clause that describes the name: "Farrow, who sat with his head bowed in the dock"
    words += [token.lower_ for child in span.root.children if child.dep_ == "relcl" for token in child.subtree
              if token.lower_ in _PRONOUN_GENDER][:1]
    if any(word in _FEMALE_KIN or _PRONOUN_GENDER.get(word) == "female" for word in words):
        return "female"
    if any(word in _MALE_KIN or _PRONOUN_GENDER.get(word) == "male" for word in words):
        return "male"
    return None


_PRONOUN_GENDER = {"he": "male", "his": "male", "him": "male", "she": "female", "her": "female"}


def genders_of(doc, entities: list[Entity]) -> dict[str, str]:
    """Each person's gender where a mention tells it: a title ("Ms Farrow") or a relative's noun ("her
    brother, Dominic Farrow"), else their given name; a person told both ways has none."""
    told: dict[str, set[str]] = {}
    for entity in entities:
        if entity.label != "PERSON":
            continue
        meaning = title_meaning(entity.text)
        span = doc.char_span(entity.start, entity.end, alignment_mode="expand")
        gender = meaning if meaning in _GENDERED else kin_of(doc, span) if span is not None and span.start else None
        gender = gender or given_name_gender(entity.canonical)
        if gender:
            told.setdefault(entity.canonical, set()).add(gender)
    return {name: next(iter(genders)) for name, genders in told.items() if len(genders) == 1}


def _short_name_of(word: str, orgs: list[str]) -> str | None:
    """The organisation named before whose first word ``word`` is ("Lyndale" of "Lyndale Systems Inc."), one
    with a word that says it is an organisation."""
    for org in reversed(orgs):
        first, *rest = org.split()
        if first == word and (any(w.lower().rstrip(".") in ORGANISATION_WORDS for w in rest) or is_company_name(org)):
            return org  # "Pellmore" of "Pellmore Health" too
    return None


# the small model tags many a town, street or bay as a person: "she" must not resolve to "Kestrel Bay"
# (not Hill, Park, Lane, Lake or Bridges: they are surnames as often)
_PLACE_NOUNS = frozenset("""bay row street road avenue quay river valley harbour harbor square island reef heights
    creek cove wharf dam county district village""".split())
_PLACE_PREFIXES = frozenset({"lower", "upper"})
# ... which are names of streets after "on", "along": "on Harrow Lane", "along Mill Hill"
_STREET_NOUNS = frozenset("lane hill park way drive close place gardens terrace crescent green grove walk".split())
_ON_A_STREET = frozenset({"on", "along", "off", "in", "at", "near"})
_LOCATIVES = frozenset({"in", "near", "above", "below", "across", "throughout"})
def _only_where(doc, spans: list) -> bool:
    """A name of two words or more written only where a place is, "in" it at least once ("deaths in Kel Tamar",
    "the building in Kel Tamar", "away from Kel Tamar"): a place the model took for a person."""
    before = [doc[span.start - 1].lower_ if span is not None and span.start > 0 else "" for span in spans]
    return len(before) >= 2 and "in" in before and all(word in _WHERE for word in before)


_WHERE = frozenset({"in", "near", "from", "toward", "towards", "at", "across", "outside", "inside", "of"})
_SETTLEMENTS = frozenset("town city village hamlet suburb district province region county state port capital "
                         "island municipality borough".split())  # "the town of X": a place by its kind
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def organisations_named_whole(text: str, entities: list[Entity]) -> list[Entity]:
    """A name of three words or more tagged an organisation somewhere in the article is that organisation
    wherever it is written, where the model cut it into pieces elsewhere ("Varrow Fire and" a person and
    "Rescue Service" an organisation, of "Varrow Fire and Rescue Service said"; "Dale Fire" of "Upper Dale Fire
    and Rescue Service said", the sentence's first word left out)."""
    entities = [_with_region_word(text, e) for e in _services_joined(text, entities)]
    names = sorted({e.canonical for e in entities if e.label == "ORG" and len(e.canonical.split()) >= 3},
                   key=len, reverse=True)
    whole: list[Entity] = []
    for name in names:  # the longest first: a shorter name inside a longer one is not taken apart from it
        for written in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            start, end = written.span()
            pieces = [e for e in entities if e.start < end and start < e.end]
            if any(e.start <= start and end <= e.end for e in pieces) or not pieces \
                    or any(w.start < end and start < w.end for w in whole):
                continue  # tagged whole there (or within a longer name), or not tagged at all
            whole.append(Entity(text=name, label="ORG", canonical=name, start=start, end=end))
    if not whole:
        return entities
    kept = [e for e in entities if not any(w.start <= e.start and e.end <= w.end for w in whole)]
    return sorted(kept + whole, key=lambda e: e.start)


# the first half of a service's name of two ("Kelbridge Fire and Rescue Service", "Department of Health and
# Human Services"), which the model tags apart from the second
_SERVICE_WORDS = frozenset("""fire police rescue ambulance health safety emergency marine coast border customs
    trade industry science education culture media sport sports housing transport environment energy water food
    drug agriculture fisheries wildlife tourism arts heritage family children justice immigration revenue parks
    recreation planning""".split())


def _services_joined(text: str, entities: list[Entity]) -> list[Entity]:
    """One organisation of a service's name and an organisation's joined by "and" ("Kelbridge Fire and Rescue
    Service"), which the model tags apart or only in part ("Rescue Service")."""
    joined = []
    for entity in entities:
        if entity.label != "ORG" or not entity.text[:1].isupper() \
                or entity.text.split()[-1].lower() not in ORGANISATION_WORDS:
            continue
        before = _SERVICE_BEFORE.search(text, max(0, entity.start - 80), entity.start)
        if before is None or before.group(1).split()[-1].lower() not in _SERVICE_WORDS:
            continue
        name = text[before.start():entity.end]
        joined.append(Entity(text=name, label="ORG", canonical=name, start=before.start(), end=entity.end))
    if not joined:
        return entities
    halves = {j.text.rsplit(" and ", 1)[0] for j in joined}  # "Kelbridge Fire", taken for a person elsewhere
    kept = []
    for entity in entities:
        if any(j.start <= entity.start and entity.end <= j.end for j in joined):
            continue
        if entity.canonical in halves:  # "in Kelbridge" is the town the service is named after; "Fire" of
            if entity.text != entity.canonical.split()[0]:  # "Chief Fire Officer" is no one
                continue
            entity = Entity(text=entity.text, label="GPE", canonical=entity.text, start=entity.start, end=entity.end)
        kept.append(entity)
    return sorted(kept + joined, key=lambda e: e.start)


_SERVICE_BEFORE = re.compile(r"(?<![\w'’.-])((?:[A-Z][\w'’.-]*\s){1,4})and\s$")


_REGION_WORD = re.compile(r"(?:(?<=[.!?\n]\s)|(?<=^)|(?<=[\n\"“]))"
                          r"(?:Upper|Lower|North|South|East|West|Greater|Central)\s$")


def _with_region_word(text: str, entity: Entity) -> Entity:
    """An organisation whose name's first word, a region's ("Upper", "North"), opens the sentence and was left
    out by the model: "Upper Dale Police said" tagged "Dale Police"."""
    if entity.label != "ORG" or not (word := _REGION_WORD.search(text, max(0, entity.start - 12), entity.start)):
        return entity
    name = text[word.start():entity.end]
    return Entity(text=name, label="ORG", canonical=f"{text[word.start():entity.start]}{entity.canonical}",
                  start=word.start(), end=entity.end)


def places_named_as_people(doc, entities: list[Entity]) -> list[Entity]:
    """Relabel as places the "people" whose name is a place's: ending in a place noun ("Quay Row"), tagged a
    place elsewhere in the article, or, for a lone word that is nobody's name part, written after "in", "near",
    "across"... ("in Brinmoor"). Never one that acts in the article (the subject of a verb: "Bay said",
    "Zelensky said")."""
    mentions: dict[str, list] = {}
    for entity in entities:
        if entity.label == "PERSON":
            span = doc.char_span(entity.start, entity.end, alignment_mode="expand")
            mentions.setdefault(entity.canonical, []).append((entity, span))
    acting = {name for name, spans in mentions.items()
              if any(span is not None and span.root.dep_ in _SUBJECTS for _, span in spans)}
    people = set(mentions) - acting
    named_places = {e.canonical for e in entities if e.label in _PLACE_LABELS}
    name_parts = {part for person in mentions if " " in person for part in re.split(r"[\s-]", person)}
    # "the border town of Kel Tamar", or a place elsewhere and "in Kel Tamar" here, whatever it does after
    places = {name for name, spans in mentions.items()
              if any(span is not None and span.start >= 2 and doc[span.start - 1].lower_ == "of"
                     and doc[span.start - 2].lower_ in _SETTLEMENTS
                     or span is not None and span.start >= 1 and name in named_places
                     and doc[span.start - 1].lower_ in _LOCATIVES | {"at", "from"} for _, span in spans)
              or " " in name and _only_where(doc, [span for _, span in spans])}
    for name in people:
        words = name.lower().split()
        if words[-1] in _PLACE_NOUNS or words[0] in _PLACE_PREFIXES and len(words) > 1 or name in named_places:
            places.add(name)
    for name in people - places:  # "a depot on Harrow Lane": a street, though Lane is a surname too
        if " " in name and name.lower().split()[-1] in _STREET_NOUNS and any(
                span is not None and span.start > 0 and (doc[span.start - 1].lower_ in _ON_A_STREET
                                                         or _of_an_address(doc, span.start))
                for _, span in mentions[name]):
            places.add(name)
    for name in people - places:
        if " " not in name and name not in name_parts and any(
                entity.text == name and span is not None and span.start > 0
                and doc[span.start - 1].lower_ in _LOCATIVES for entity, span in mentions[name]):
            places.add(name)
    speakers = {name for name, spans in mentions.items() if any(
        span is not None and span.root.dep_ in _SUBJECTS and span.root.head.lower_ in _SAYING for _, span in spans)}
    for name in set(mentions) - places - speakers - name_parts:  # a state acts, but has ministers and envoys
        if " " not in name and any(span is not None and _of_a_state(span.root) for _, span in mentions[name]):
            places.add(name)
    for entity in entities:
        if entity.label == "PERSON" and entity.canonical in places:
            entity.label = "LOC" if entity.canonical.lower().split()[-1] in _PLACE_NOUNS | _STREET_NOUNS else "GPE"
    return entities


def _of_an_address(doc, start: int) -> bool:
    """The name follows a person's age and "of": "Jean Whitcombe, 66, of Orchard Close" is where she lives."""
    return start >= 4 and doc[start - 1].lower_ == "of" and doc[start - 2].text == "," and doc[start - 3].like_num \
        and doc[start - 4].text == ","


_SAYING = frozenset("say says said tell tells told add adds added".split())  # a person's "X said"
# what a state has, and a person hardly: "Vestmark's foreign minister", "the Halsan military", "Tarenia's envoy"
_STATE_NOUNS = frozenset("""minister ministry ministers government military army navy embassy envoy ambassador
    parliament capital border official officials troops forces delegation regime coastguard representative""".split())


def _of_a_state(token) -> bool:
    """A word written as a state's, before what a state has: "Vestmark's envoy", "Halsan Foreign Minister"."""
    head = token.head
    return token.dep_ in ("poss", "compound", "nmod") and head.i != token.i and head.pos_ in ("NOUN", "PROPN") \
        and head.lower_ in _STATE_NOUNS


def surnames_left_untagged(doc, entities: list[Entity]) -> list[Entity]:
    """A surname the model tagged nowhere ("Baptiste denies wrongdoing.", "Tolliver, 52, was hired") is a
    mention of the one person named in full with it; of two such people, of neither."""
    bearers: dict[str, set[str]] = {}
    for entity in entities:
        if entity.label == "PERSON" and " " in entity.canonical and not is_organisation_name(entity.canonical):
            for surname in surnames_of(entity.canonical):
                bearers.setdefault(surname, set()).add(entity.canonical)
    covered = [(entity.start, entity.end) for entity in entities]
    added = []
    for token in doc:
        names = bearers.get(token.text)
        if token.pos_ != "PROPN" or token.ent_type_ or names is None or len(names) != 1 \
                or any(start <= token.idx < end for start, end in covered):
            continue
        if token.i > 0 and doc[token.i - 1].text == next(iter(names)).split()[-2] \
                or token.i + 1 < len(doc) and next(iter(names)).startswith(f"{token.text} {doc[token.i + 1].text}"):
            continue  # the full name itself, of which the model tagged only the first word (or the last)
        before = doc[token.i - 1] if token.i > 0 else None
        if before is not None and before.pos_ == "PROPN" and before.is_title \
                and before.lower_.rstrip(".") not in _KEPT_TITLES | _ROLES | OFFICES:
            continue  # another given name: "Detective Sergeant Karen Tolland" is not Owen Tolland
        if before is not None and before.lower_ == "the" and token.i + 1 < len(doc) \
                and doc[token.i + 1].pos_ == "PROPN" and doc[token.i + 1].is_title:
            continue  # a name of a thing that bears theirs: "the Pennock Timber yard"
        added.append(Entity(text=token.text, label="PERSON", canonical=next(iter(names)), start=token.idx,
                            end=token.idx + len(token.text)))
    return sorted(entities + added, key=lambda entity: entity.start) if added else entities


def _title_of_next(spans: list[tuple[str, str, int, int]], index: int) -> bool:
    """Whether the span right after ``spans[index]`` is a person's name it stands before as a title."""
    end = spans[index][3]
    return index + 1 < len(spans) and spans[index + 1][1] == "PERSON" and 0 <= spans[index + 1][2] - end <= 1


def _resolve_person(name: str, full_names: list[str], meaning: str | None = None,
                    titles: dict[str, str] | None = None) -> str:
    words = name.split()
    if len(words) == 2 and _INITIAL.fullmatch(words[0]):  # "K. Mensah": the Mensah whose given name is K's
        initialled = [c for c in full_names if len(c.split()) > 1 and c.split()[-1] == words[1]
                      and c[0].upper() == words[0][0].upper()]
        if len(set(initialled)) == 1:
            return initialled[0]
    if len(words) > 1:  # a surname of two words, of a longer name seen before ("Ní Bhriain" of "Siobhán Ní
        # Bhriain", "Gutiérrez Solís" of "María José Gutiérrez Solís"); else the name itself ("Sung Kim", and
        # "Jessica Parker" beside Sarah Jessica Parker)
        lowered = [word.lower() for word in words]  # "Van der Meer", opening a sentence, of Joris van der Meer
        return next((candidate for candidate in reversed(full_names)
                     if [word.lower() for word in candidate.split()[-len(words):]] == lowered
                     and (len(candidate.split()) > len(words) + 1 or lowered[0] in SURNAME_PARTICLES)), name)
    key = words[0].lower()
    bearers = [candidate for candidate in reversed(full_names) if candidate.split()[-1].lower() == key] \
        or [candidate for candidate in reversed(full_names) if key in map(str.lower, surnames_of(candidate))]
    if meaning:  # the latest of that title, else the latest it may be; a family name written first counts here
        titled = bearers + [c for c in reversed(full_names) if c.split()[0].lower() == key and c not in bearers]
        if meaning in _GENDERED:  # not one whose given name says otherwise ("Ms Okafor" is not Daniel Okafor)
            titled = [c for c in titled if given_name_gender(c) in (meaning, None)] or titled
            bearers = [c for c in bearers if c in titled] or bearers
        same = [c for c in titled if (titles or {}).get(c) == meaning]  # ("Foreign Minister Park" of Park Jin-woo)
        fitting = same or ([c for c in titled if _fits((titles or {}).get(c), meaning)] if len(titled) > 1 else [])
        if fitting:
            return fitting[0]
    if bearers:
        return bearers[0]
    for candidate in reversed(full_names):
        if key in (w.lower() for w in re.split(r"[\s-]", candidate)):
            return candidate
    return name


_INITIAL = re.compile(r"[A-Z]\.?")


def _surname_of(word: str, full_names: list[str]) -> bool:
    lowered = word.lower()  # "Al-Rashidi" of Muhammad al-Rashidi
    return any(lowered in (surname.lower() for surname in surnames_of(candidate)) for candidate in full_names)


_ROMANISED_GIVEN_NAME = re.compile(r"[A-Z][a-z]{0,4}-[a-z]{1,5}")


def surnames_of(name: str) -> tuple[str, ...]:
    """The words a person is named by alone: the last, and the first where a romanised given name in two
    syllables follows it, the family name written first ("Park" of Park Jin-woo, "Kim" of Kim Chol-su)."""
    words = name.split()
    if len(words) >= 2 and _ROMANISED_GIVEN_NAME.fullmatch(words[1]):
        return (words[-1], words[0])
    return (words[-1],)


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())
