"""Spotting details in free text that could identify a person or a workplace.

Contributions are anonymous, so before one is published we look for what could undo that:
contact details, official numbers, people's names and named workplaces. Structured details are
matched by pattern and checked where a check exists (the NHS number's check digit, the letters
HMRC issues). Names and workplaces are judged from capitalisation, the shipped name lists and the
words around them, so a finding there is a prompt to look again rather than a verdict.
"""

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import NamedTuple

KINDS = (
    "email",
    "phone",
    "nhs_number",
    "ni_number",
    "postcode",
    "url",
    "handle",
    "name",
    "workplace",
)

KIND_LABELS = {
    "email": "email address",
    "phone": "phone number",
    "nhs_number": "NHS number",
    "ni_number": "National Insurance number",
    "postcode": "postcode",
    "url": "web address",
    "handle": "social media handle",
    "name": "name",
    "workplace": "named workplace",
}

REDACTION_TEXT = {
    "email": "[email removed]",
    "phone": "[phone number removed]",
    "nhs_number": "[NHS number removed]",
    "ni_number": "[NI number removed]",
    "postcode": "[postcode removed]",
    "url": "[link removed]",
    "handle": "[handle removed]",
    "name": "[name removed]",
    "workplace": "[workplace removed]",
}


@dataclass(frozen=True)
class Finding:
    """A detail that could identify someone: its kind and where it sits in the text."""

    kind: str
    start: int
    end: int
    text: str


def find_identifying_details(text: str) -> list[Finding]:
    """All findings, sorted by start, with overlaps resolved (prefer the longer / more specific)."""
    spans = list(_structured_spans(text))
    tokens = _tokenise(text)
    spans += _name_spans(tokens)
    spans += _workplace_spans(text, tokens)
    return [Finding(kind, start, end, text[start:end]) for start, end, kind in _resolve(spans)]


def redact(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Replace each (start, end, kind) span with REDACTION_TEXT[kind].

    Spans may be given in any order but must not overlap.
    """
    pieces = []
    position = 0
    for start, end, kind in sorted(spans):
        if start < position:
            raise ValueError("redaction spans overlap")
        pieces += [text[position:start], REDACTION_TEXT[kind]]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


# --- Structured details ---------------------------------------------------------------------------

# Where they can, patterns test their first character before any lookbehind: a pattern that opens
# with a lookbehind is tried in full at every position of the text.
_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][\w.+-]{0,63}@[A-Za-z0-9][A-Za-z0-9-]{0,62}(?:\.[A-Za-z0-9-]{1,63})+"
)
# Bare domains are limited to common endings so that abbreviations such as "e.g." stay clear.
_DOMAIN_ENDINGS = "com|org|net|uk|io|me|ly|info|app|social"
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]+"
    rf"|\b(?<![.@-])(?:[A-Za-z0-9-]+\.(?=[A-Za-z0-9-]))++(?:{_DOMAIN_ENDINGS})\b(?:/[^\s<>\"]*)?"
)
_URL_CLUE = re.compile(rf"://|www\.|\.(?:{_DOMAIN_ENDINGS})\b")
_HANDLE = re.compile(r"@(?<![\w@.]@)[A-Za-z_][\w.]{1,29}")
# A trunk 0 or +44, then digit groups; how many digits make a number is checked afterwards.
_PHONE = re.compile(
    r"(?=[+(0])(?<![\w£$.+])(?:(?:\+|00)44[ -]?(?:\(0\)[ -]?)?|\(0|0)"
    r"[1-9]\d{0,4}\)?(?:[ -]?\d{2,6}){1,4}(?!\d)"
)
_PHONE_LAST_GROUP = re.compile(r"[ -]\d+$")
_NHS_NUMBER = re.compile(r"\d(?<![\w£$.+-]\d)\d{2}[ -]?\d{3}[ -]?\d{4}(?![\w-])")
# Typed in any case and with any spacing. The final letter may be left off in capitals, but
# "on 12 34 56" in lower case is more likely something else, so there it must be given.
_NI_NUMBER = re.compile(
    r"(?<!\w)(?:(?P<upper>[A-Z]{2})[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}(?:[ -]?[A-D])?"
    r"|(?P<any>[A-Za-z]{2})[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?[A-Da-d])(?!\w)"
)
_NI_CLUE = re.compile(r"\d{2}[ -]?\d{2}[ -]?\d{2}")
_NI_BAD_FIRST = set("DFIQUV")
_NI_BAD_SECOND = set("DFIOQUV")
_NI_BAD_PREFIXES = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
# HMRC prints QQ in its examples, so people copy it; it breaks the letter rules.
_NI_EXAMPLE_PREFIX = "QQ"
_POSTCODE = re.compile(
    r"(?<!\w)(?P<outward>[A-Za-z]{1,2}\d[A-Za-z\d]?) ?(?P<inward>\d[A-Za-z]{2})(?!\w)"
)
_POSTCODE_CLUE = re.compile(r"\d[A-Za-z]{2}\b")
_POSTCODE_BAD_FIRST = set("QVX")
_POSTCODE_BAD_SECOND = set("IJZ")
_POSTCODE_BAD_INWARD_LETTERS = set("CIKMOV")
_TRAILING_PUNCTUATION = ".,;:!?)'’\""


def _structured_spans(text: str):
    for kind, clue, pattern, span_of in _STRUCTURED_DETECTORS:
        if not clue.search(text):
            continue
        for match in pattern.finditer(text):
            span = span_of(match)
            if span:
                yield span[0], span[1], kind


def _whole(match: re.Match) -> tuple[int, int]:
    return match.span()


def _without_trailing_punctuation(match: re.Match) -> tuple[int, int]:
    return match.start(), match.start() + len(match.group().rstrip(_TRAILING_PUNCTUATION))


def _phone_span(match: re.Match) -> tuple[int, int] | None:
    """Trim digit groups that belong to what follows (as in "07700 900123 12 times")."""
    number = match.group()
    while _national_digits(number) > 10 and (last_group := _PHONE_LAST_GROUP.search(number)):
        number = number[: last_group.start()]
    if 9 <= _national_digits(number) <= 10:
        return match.start(), match.start() + len(number)
    return None


def _national_digits(number: str) -> int:
    digits = re.sub(r"\D", "", number)
    if number.startswith(("+44", "0044")):
        digits = digits.removeprefix("00").removeprefix("44")
    return len(digits.removeprefix("0"))


def _nhs_number_span(match: re.Match) -> tuple[int, int] | None:
    digits = [int(ch) for ch in match.group() if ch.isdigit()]
    if len(set(digits)) > 1 and _nhs_check_digit(digits[:9]) == digits[9]:
        return match.span()
    return None


def _nhs_check_digit(digits: list[int]) -> int | None:
    """The modulus 11 check digit; None for a stem that no valid NHS number has."""
    weighted = sum(digit * weight for digit, weight in zip(digits, range(10, 1, -1), strict=True))
    check = 11 - weighted % 11
    return {11: 0, 10: None}.get(check, check)


def _ni_number_span(match: re.Match) -> tuple[int, int] | None:
    prefix = (match["upper"] or match["any"]).upper()
    if prefix == _NI_EXAMPLE_PREFIX:
        return match.span()
    if prefix[0] in _NI_BAD_FIRST or prefix[1] in _NI_BAD_SECOND or prefix in _NI_BAD_PREFIXES:
        return None
    return match.span()


def _is_ordinal(word: str) -> bool:
    """'1st', '2nd', '3rd', '5th': a digit with its own English ordinal ending, not '2th'."""
    return word[1:].lower() == {"1": "st", "2": "nd", "3": "rd"}.get(word[0], "th")


def _postcode_span(match: re.Match) -> tuple[int, int] | None:
    outward, inward = match["outward"], match["inward"]
    # Postcodes are typed in one case; mixed case is ordinary text, and in lower case "m6 5th"
    # is a motorway and an ordinal (but "b15 2th" is no ordinal, so it is a postcode).
    if not (match.group().isupper() or match.group().islower()):
        return None
    if match.group().islower() and _is_ordinal(inward):
        return None
    letters = "".join(ch for ch in outward.upper() if ch.isalpha())
    if letters[0] in _POSTCODE_BAD_FIRST or letters[1:2] in _POSTCODE_BAD_SECOND:
        return None
    if _POSTCODE_BAD_INWARD_LETTERS & set(inward[1:].upper()):
        return None
    return match.span()


_AT_SIGN = re.compile("@")
_DIGIT = re.compile(r"\d")
# (kind, a quick search that must succeed before the full pattern is worth running, the pattern,
# what turns a match into a span or rejects it)
_STRUCTURED_DETECTORS = (
    ("email", _AT_SIGN, _EMAIL, _whole),
    ("url", _URL_CLUE, _URL, _without_trailing_punctuation),
    ("handle", _AT_SIGN, _HANDLE, _without_trailing_punctuation),
    ("phone", _DIGIT, _PHONE, _phone_span),
    ("nhs_number", _DIGIT, _NHS_NUMBER, _nhs_number_span),
    ("ni_number", _NI_CLUE, _NI_NUMBER, _ni_number_span),
    ("postcode", _POSTCODE_CLUE, _POSTCODE, _postcode_span),
)


# --- Words ----------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Possessives and contractions are cut off so "Sarah's" is looked up as "Sarah" and "I'm" as "I".
_WORD_ENDING = re.compile(r"['’](?:s|m|d|ll|ve|re|t)$")
_SENTENCE_BREAKS = frozenset('.!?:;\n"“•')
# Words that may carry a full stop without ending the sentence.
_ABBREVIATIONS = {"Dr", "Mr", "Mrs", "Ms", "Prof", "St"}


class _Token(NamedTuple):
    """A capitalised word, or a lower-case one that matters to the rules below.

    Other lower-case words are left out; they still keep their neighbours apart, since the
    gap between two tokens then holds letters.
    """

    start: int
    end: int  # where the word ends once an ending such as "'s" is cut off
    full_end: int  # where it ends as written
    word: str
    gap_before: str
    # Separated from the previous word by spaces alone, so possibly one phrase with it.
    joined: bool

    @property
    def possessive(self) -> bool:
        """Written with "'s", or with another ending such as "'ll" that likewise ends a name."""
        return self.full_end != self.end


def _tokenise(text: str) -> list[_Token]:
    tokens = []
    previous_end = 0
    previous_word = ""
    for match in _WORD.finditer(text):
        raw = match.group()
        word = _WORD_ENDING.sub("", raw) if "'" in raw or "’" in raw else raw
        if not (word[0].isupper() or word in _TELLING_LOWER_CASE_WORDS):
            continue
        start, end = match.span()
        gap = text[previous_end:start]
        previous_end = end
        if previous_word in _ABBREVIATIONS and gap[:1] == ".":
            gap = gap[1:]
        joined = gap != "" and not gap.strip(" \t")
        tokens.append(_Token(start, start + len(word), end, word, gap, joined))
        previous_word = word
    return tokens


def _at_sentence_start(token: _Token) -> bool:
    before = token.gap_before.rstrip(" \t")[-1:]
    return before in _SENTENCE_BREAKS or (before == "" and token.start == len(token.gap_before))


def _is_capitalised(word: str) -> bool:
    return word[0].isupper() and not word.isupper()


def _is_title_case(word: str) -> bool:
    """Capitalised in every hyphenated part, so "Nightingale-style" is not a proper name."""
    return _is_capitalised(word) and all(part[:1].isupper() for part in word.split("-"))


@cache
def _word_list(filename: str) -> frozenset[str]:
    data = resources.files("challenges").joinpath("data", filename).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in data.splitlines() if line.strip())


def _forenames() -> frozenset[str]:
    return _word_list("uk_forenames.txt")


def _surnames() -> frozenset[str]:
    return _word_list("uk_surnames.txt")


def _is_known_name(word: str) -> bool:
    """In the name lists, or made of names joined by hyphens: "Kerry-Ann", "Patel-Hughes"."""
    if word in _forenames() or word in _surnames():
        return True
    return "-" in word and all(_is_known_name(part) for part in word.split("-"))


def _words(text: str) -> frozenset[str]:
    """A vocabulary written as running text, which reads better than a column of strings."""
    return frozenset(text.split())


# Capitalised words that begin sentences, name days and months, or are otherwise never names.
_NOT_NAMES = _words(
    """I A An The And But Or So If When Then This That These Those There Here We He She They It
    You My Our Your His Her Their Its On In At By For From To Of With After Before Yesterday Today
    Tonight Tomorrow Last Next Every Each Some Many Most All No Not One Two Three Also Since While
    Although Because As Just Even Only Still Sometimes Often Nobody Everyone Everybody Anyone
    Someone Please Thanks Thank Hi Hello Dear Yes Why What Who How Where Which Is Was Are Were Do
    Does Did Can Could Would Should Ask Contact Tell Call Ring Email Phone Text Message Monday
    Tuesday Wednesday Thursday Friday Saturday Sunday January February March April July August
    September October November December Christmas Easter Band Bay Bed Room Team Covid Staff
    Associate Associates Practitioner Practitioners Specialist Assistant Assistants Manager
    Managers Educator Navigator Advocate Worker Workers Nurses Carers Doctors Mum Mam Mom Dad Nan
    Gran Grandad"""
)
# Real names that are also everyday words or places: flagged only with a title, a role word or a
# surname beside them.
_AMBIGUOUS_NAMES = _words(
    """Amber Bill Blessing Christian Dawn Elizabeth Eve Faith Florence Frank Gift Grace Hope Ivy
    Jan Jordan Joy Jun June Junior Mark May Memory Mercy Nana Pat Patience Precious Rose Sunny
    Sue Victoria Will Baker Bell Black Brown Burns Cook Cooper Carter Costa Fisher Grant Gray
    Green Hall Hart Hill Holland Hunt Islam King Lamb Marsh Mason McDonald Mills Price Turner
    Walker Ward Webb Wells White Wood Young"""
)
# Famous people whose names label programmes, charities and buildings rather than colleagues.
_NAMESAKES = frozenset({"Marie Curie", "Florence Nightingale", "Mary Seacole", "Oliver McGowan"})


# --- Names ----------------------------------------------------------------------------------------

_HONORIFICS = _words(
    """Dr Mr Mrs Ms Miss Mx Prof Professor Sir Dame Nurse Sister Matron Doctor Auntie Aunty
    Uncle"""
)
# Compared in lower case: "my manager Sarah", "Resident Albert Hughes".
_ROLE_WORDS = _words(
    """nurse sister matron doctor manager deputy boss supervisor leader lead colleague coworker
    co-worker carer senior resident patient user client consultant registrar porter hca physio
    therapist cleaner housekeeper chef receptionist administrator coordinator co-ordinator
    director owner assistant student worker mentor preceptor midwife paramedic pharmacist
    technician chaplain volunteer driver officer practitioner secretary clerk mate trainee
    apprentice locum counsellor psychologist psychiatrist surgeon gp dietitian podiatrist
    radiographer phlebotomist caretaker son daughter husband wife partner mum dad mother father
    brother cousin aunt niece nephew grandma grandmother grandfather nan gran boyfriend girlfriend
    friend neighbour grandson granddaughter relative rep guardian inspector"""
)
# What someone "called" or "named" is, when it is a person: "a lady called Edna".
_PERSON_NOUNS = _ROLE_WORDS | _words(
    "lady man woman gentleman guy bloke chap lad girl boy child baby person someone somebody"
)
# Words that follow a person at the start of a sentence ("Priya told me", "Joanne in the office").
# Negatives are listed as the tokeniser leaves them: "isn't" is read as "isn".
_PERSON_FOLLOWERS = _words(
    """said says told tells asked asks was is has had and who from in at on works worked does did
    gets got went came left rang called phoned texted emailed shouted refused trained makes made
    will would can could keeps kept wants wanted thinks thought knows knew found saw sent gave
    covers covered cried collapsed never always also just still really even usually stayed stays
    helped helps runs ran quit resigned fixes fixed brought bought deserves took takes tried tries
    moved started starts needs needed hates loves loved used uses checks checked lost earns
    earned sorted sorts handles handled manages managed reported isn wasn doesn didn hasn"""
)
_LONGEST_NAME = 3
# Between a name and the role that describes it, "the", "our" or "my" and perhaps one other word:
# "Ye-jin the overseas nurse".
_APPOSITION_GAP = re.compile(r" (?:the|our|my) (?:[a-z-]+ )?")


def _name_spans(tokens: list[_Token]) -> list[tuple[int, int, str]]:
    flagged = [False] * len(tokens)
    for index in range(len(tokens)):
        flagged[index] = _is_name(tokens, index, flagged)
    for index in range(1, len(tokens)):
        if flagged[index] and not flagged[index - 1]:
            flagged[index - 1] = _is_unknown_forename(tokens, index - 1)
    return [
        (start, end, "name")
        for start, end, words in _runs(tokens, flagged)
        if " ".join(words) not in _NAMESAKES
    ]


def _is_name(tokens: list[_Token], index: int, flagged: list[bool]) -> bool:
    token = tokens[index]
    previous = tokens[index - 1] if index else None
    if previous and token.joined and flagged[index - 1] and not previous.possessive:
        return _continues_name(token.word) and _run_length(flagged, index) < _LONGEST_NAME
    if not _could_be_name(token.word):
        return False
    if previous and token.joined and previous.word in ("St", "Saint"):
        return False
    # Many hospitals carry a person's name, but nobody is "at the Sarah": "at the Alexandra".
    if previous and previous.word in ("at", "At") and token.gap_before == _ARTICLE_GAP:
        return False
    if _has_person_context(tokens, index):
        return True
    if token.word not in _AMBIGUOUS_NAMES and _followed_by_role(tokens, index):
        # A hyphenated word is name-shaped enough, even if missing from the lists: "Ye-jin".
        return _is_known_name(token.word) or "-" in token.word
    if not _is_known_name(token.word):
        return False
    if token.word in _AMBIGUOUS_NAMES:
        return _followed_by_surname(tokens, index)
    return not _at_sentence_start(token) or _looks_like_subject(tokens, index)


def _could_be_name(word: str) -> bool:
    return (
        _is_capitalised(word)
        and word not in _NOT_NAMES
        and word not in _HONORIFICS
        and word not in _WORKPLACE_WORDS
        and not _is_role(word)
    )


def _is_role(word: str) -> bool:
    """A word of a job title such as "Senior Carer" or "Support Workers", unless also a name."""
    lower = word.lower()
    is_role = lower in _ROLE_WORDS or lower.removesuffix("s") in _ROLE_WORDS
    return is_role and not _is_known_name(word)


def _continues_name(word: str) -> bool:
    """Whether a word can follow a name as its next part: "Tom Hughes", but also "Grace Hall"."""
    return _could_be_name(word) or (word in _surnames() and _is_capitalised(word))


def _run_length(flagged: list[bool], index: int) -> int:
    length = 0
    while index - length - 1 >= 0 and flagged[index - length - 1]:
        length += 1
    return length


def _has_person_context(tokens: list[_Token], index: int) -> bool:
    """A title, role or "called" before: "Dr Patel", "our matron, Claire,", "a lady called Edna"."""
    if index == 0:
        return False
    if _what_is_called(tokens, index) in _PERSON_NOUNS:
        return True
    token, previous = tokens[index], tokens[index - 1]
    if token.joined and (previous.word in _HONORIFICS or previous.word.lower() in _ROLE_WORDS):
        return True
    # After a comma the role may end a clause ("As a carer, Covid was hard"), so ask for more.
    if token.gap_before.strip() == "," and previous.word.lower() in _ROLE_WORDS:
        return _is_known_name(token.word) or _next_gap_starts(tokens, index, ",")
    return False


def _followed_by_role(tokens: list[_Token], index: int) -> bool:
    """A role given just after the word: "Siobhan the senior carer", "Gemma our team leader"."""
    following = tokens[index + 1 : index + 3]
    if not following or not _APPOSITION_GAP.fullmatch(following[0].gap_before):
        return False
    roles = following[:1] + [token for token in following[1:] if token.joined]
    return any(token.word.lower() in _ROLE_WORDS for token in roles)


def _followed_by_surname(tokens: list[_Token], index: int) -> bool:
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return bool(
        following
        and following.joined
        and following.word in _surnames()
        and following.word not in _AMBIGUOUS_NAMES
    )


def _looks_like_subject(tokens: list[_Token], index: int) -> bool:
    """Whether a known name opening a sentence reads as a person: "Priya told me", "Sunita, I"."""
    if tokens[index].possessive or _next_gap_starts(tokens, index, ","):
        return True
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if not following or not following.joined:
        return False
    return following.word in _PERSON_FOLLOWERS or _could_be_name(following.word)


def _is_unknown_forename(tokens: list[_Token], index: int) -> bool:
    """A capitalised word just before a known surname, as in "Thandeka Okafor"."""
    following = tokens[index + 1]
    return (
        following.joined
        and following.word in _surnames()
        and _could_be_name(tokens[index].word)
        and tokens[index].word not in _REGIONS
    )


def _next_gap_starts(tokens: list[_Token], index: int, mark: str) -> bool:
    return index + 1 < len(tokens) and tokens[index + 1].gap_before.startswith(mark)


def _runs(tokens: list[_Token], flagged: list[bool]):
    """Each stretch of flagged words written together, as (start, end, words)."""
    run: list[_Token] = []
    for token, is_flagged in zip(tokens, flagged, strict=True):
        if run and not (is_flagged and token.joined and not run[-1].possessive):
            yield run[0].start, run[-1].end, [t.word for t in run]
            run = []
        if is_flagged:
            run.append(token)
    if run:
        yield run[0].start, run[-1].end, [t.word for t in run]


# --- Workplaces -----------------------------------------------------------------------------------

# Longer forms first, so "Medical Centre" wins over a bare "Centre". Nouns are written as the
# tokeniser sees them, so "Children's Home" is matched as "Children" followed by "Home".
_PLACE_NOUNS = (
    "NHS Foundation Trust",
    "NHS Trust",
    "Foundation Trust",
    "Care Home",
    "Nursing Home",
    "Residential Home",
    "Rest Home",
    "Retirement Home",
    "Children's Home",
    # Often typed without the apostrophe.
    "Childrens Home",
    "Home Care",
    "Care Services",
    "Care Agency",
    "Nursing Agency",
    "Care Centre",
    "Resource Centre",
    "Domiciliary Services",
    "Domiciliary Care",
    "Support Services",
    "Nursing Services",
    "Health Care",
    "Healthcare",
    "Health Board",
    "Care Group",
    "Supported Living",
    "Primary Care Network",
    "Rehabilitation Centre",
    "Treatment Centre",
    "Birth Centre",
    "General Hospital",
    "General Infirmary",
    "Medical Centre",
    "Health Centre",
    "Day Centre",
    "Medical Practice",
    "Medical Group",
    "County Council",
    "Borough Council",
    "City Council",
    "District Council",
    "Hospitals",
    "Hospital",
    "Infirmary",
    "Surgery",
    "Practice",
    "Hospice",
    "Clinic",
    "Lodge",
    "House",
    "Court",
    "Manor",
    "Grange",
    "Hall",
    "View",
    "Unit",
    "Ward",
    "Trust",
    "Homecare",
    "Ltd",
    "Limited",
    "General",
    # Ward names are often written in lower case: "Beech ward".
    "ward",
    "unit",
)


def _bare(word: str) -> str:
    """A word as the tokeniser records it, without an ending such as "'s"."""
    return _WORD_ENDING.sub("", word)


def _by_first_word(phrases: tuple[str, ...]) -> dict[str, list[tuple[str, ...]]]:
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(_bare(word) for word in phrase.split())
        grouped.setdefault(words[0], []).append(words)
    return grouped


_PLACE_NOUNS_BY_FIRST_WORD = _by_first_word(_PLACE_NOUNS)
# A numbered ward names a place on its own: "Ward 12", "ward 4B", and with a block letter first,
# "Ward C5".
_WARD_NUMBER = re.compile(r" (?:\d{1,3}[A-Za-z]?|[A-Z]{1,2}\d{1,3}[A-Z]?)\b")
# "St Mary's", "St Thomas'": said alone, these are hospitals.
_SAINTS_PLACE = re.compile(r"\bSt\.? [A-Z][a-z]+(?:['’]s\b|s['’])")
_WORKPLACE_WORDS = frozenset(word for noun in _PLACE_NOUNS for word in map(_bare, noun.split()))
# Words that describe a kind of place rather than name one: "Acute Medical Unit", "Town Hall",
# "Adult Social Care Services". Possessives are written bare: "Children" for "Children's".
_GENERIC_PLACE_WORDS = _WORKPLACE_WORDS | _words(
    """Acute Medical Assessment Surgical Clinical Decisions Coronary High Dependency Mother Baby
    Psychiatric Intensive Care Critical Day Dementia Stroke Renal Maternity Neonatal Special Eating
    Disorders Spinal Injuries Minor Major Urgent Treatment Emergency Accident Admissions Discharge
    Respiratory Cardiac Cardiology Oncology Orthopaedic Trauma Paediatric Children Women Elderly
    Older People Adult Adults Rehab Rehabilitation Intermediate Community District Mental Health
    Learning Disability Disabilities Secure Forensic Outpatient Outpatients Inpatient Private NHS
    Local Main New National University Teaching Burns Ambulance Walk-in Fracture Diabetes Memory
    Sexual Pain Eye Antenatal Falls Wound Vaccination Fertility Dental Good Best Nursing Advanced
    Safe Crown County Magistrates Family Town Village Church City Dining Sports Porters Residential
    Nightingale Isolation Recovery Step-down Head Office Headquarters Social Secondary Continuing
    Integrated Personal Public Occupational Independent Specialist Palliative Respite Homes Job
    Jobcentre"""
)
# Places large enough that "a London care home" says nothing about which one.
_REGIONS = _words(
    """London Manchester Birmingham Leeds Liverpool Newcastle Bristol Sheffield Nottingham
    Leicester Coventry Bradford Hull Stoke Plymouth Southampton Portsmouth Brighton Reading Oxford
    Cambridge York Norwich Exeter Derby Wolverhampton Sunderland Middlesbrough Preston Blackpool
    Bolton Wigan Stockport Salford Oldham Kent Essex Surrey Sussex Devon Cornwall Dorset Somerset
    Norfolk Suffolk Cumbria Lancashire Yorkshire Lincolnshire Cheshire Merseyside Midlands North
    South East West Northern Southern Eastern Western Central Greater England English Wales Welsh
    Scotland Scottish Ireland Irish British Britain Anglia Humber Glasgow Edinburgh Aberdeen
    Dundee Cardiff Swansea Belfast Westminster Whitehall Hampshire Berkshire Buckinghamshire
    Oxfordshire Hertfordshire Bedfordshire Cambridgeshire Northamptonshire Leicestershire
    Nottinghamshire Derbyshire Staffordshire Shropshire Warwickshire Worcestershire Herefordshire
    Gloucestershire Wiltshire Northumberland Durham Tyneside Teesside Wirral"""
)
_LONGEST_PLACE_PREFIX = 4
# Lower-case words for kinds of place, which may be given a name: "the home's called Brambles".
_PLACE_WORDS = _words(
    "home ward unit hospital surgery practice hospice clinic centre agency company service"
)
# Words before "at" that show a workplace follows: "nights at Parkside", "a porter at Westmoor",
# "everyone at Airedale".
_WORK_WORDS = _ROLE_WORDS | _words(
    """work works worked working job jobs night nights day days shift shifts placement based
    employed staff bank agency locum ward wards unit team colleagues management managers carers
    nurses doctors midwives porters cleaners physios paramedics receptionists hcas residents
    patients everyone everybody anyone anybody nobody morale started starting post role been"""
)
# Employers with so many branches that working at one says nothing about which: "works at Tesco".
_CHAINS = _words(
    """Tesco Aldi Lidl Asda Sainsbury Sainsburys Morrisons Waitrose Iceland McDonald McDonalds
    Burger Subway Nando Greggs Costa Starbucks Pret Wetherspoons Amazon Primark Boots Superdrug
    Argos Currys Specsavers Deliveroo Uber"""
)
# Words that make a proper name an organisation or an event rather than a workplace one could
# be traced to: "at the Care Quality Commission", "at the Open University", "at the Post Office".
_ORGANISATION_WORDS = _words(
    """Commission Committee Department Ministry Government Parliament Party Union Unison Unite
    College University School Academy Society Fund Federation Association Institute Agency
    Foundation Network Alliance Forum Bureau Office Election Conference Congress Awards Inquiry
    Tribunal Olympics Games Festival"""
)
# Said alone after "the", these are what locals call their hospital: "AMU at the General".
_HOSPITAL_BY_ITSELF = _words("General Infirmary")
# Between a work word and "at" there may be a number: "ward 9 at Northwick Park".
_WORK_GAP = re.compile(r" (?:\d{1,3}[A-Za-z]? )?")
_NUMBER_AFTER = re.compile(r" ?\d")
_ARTICLE_GAP = " the "
# A place name may follow straight on or after "the": "at Parkside", "at the Royal Albert".
_NAME_OPENING = re.compile(r" (?:the )?")
# Words after which "for" or "by" names an employer: "I work for Bluebird", "employed by Acorn".
_EMPLOYED = _words("work works worked working employed")
_EMPLOYER_GAP = re.compile(r" (?:for|by)(?: the)? ")
_LONGEST_PLACE_NAME = 3
_TELLING_LOWER_CASE_WORDS = (
    _PERSON_NOUNS | _PERSON_FOLLOWERS | _PLACE_WORDS | _WORK_WORDS | {"called", "named"}
)


def _workplace_spans(text: str, tokens: list[_Token]) -> list[tuple[int, int, str]]:
    spans = [(*match.span(), "workplace") for match in _SAINTS_PLACE.finditer(text)]
    for index, token in enumerate(tokens):
        if token.word in ("called", "named") and _what_is_called(tokens, index + 1) in _PLACE_WORDS:
            name = _title_case_run(tokens, index + 1)
            spans += [(name[0].start, name[-1].end, "workplace")] if name else []
        if token.word in ("at", "At"):
            spans += _workplace_after_at(text, tokens, index)
        if token.word in _EMPLOYED:
            spans += _employer_after(text, tokens, index)
        noun = _place_noun_at(tokens, index)
        if noun:
            spans += _place_around_noun(text, tokens, index, noun)
    return spans


def _place_noun_at(tokens: list[_Token], index: int) -> tuple[str, ...] | None:
    """The place noun, such as ("Nursing", "Home"), that starts at this word, if any."""
    for noun in _PLACE_NOUNS_BY_FIRST_WORD.get(tokens[index].word, ()):
        following = tokens[index + 1 : index + len(noun)]
        if len(following) == len(noun) - 1 and all(
            token.joined and token.word == word
            for token, word in zip(following, noun[1:], strict=True)
        ):
            return noun
    return None


def _place_around_noun(
    text: str, tokens: list[_Token], index: int, noun: tuple[str, ...]
) -> list[tuple[int, int, str]]:
    end = tokens[index + len(noun) - 1].end
    number = _WARD_NUMBER.match(text, end) if noun[0] in ("Ward", "ward") else None
    if number:
        end = number.end()
    prefix_start = _place_prefix_start(tokens, index, noun)
    if prefix_start is not None:
        return [(prefix_start, end, "workplace")]
    return [(tokens[index].start, end, "workplace")] if number else []


def _employer_after(text: str, tokens: list[_Token], index: int) -> list[tuple[int, int, str]]:
    """A proper name after "work for" or "employed by": "I work for Bluebird"."""
    name = _title_case_run(tokens, index + 1, opening=_EMPLOYER_GAP)
    if not name or not _could_name_workplace(name) or _NUMBER_AFTER.match(text, name[-1].end):
        return []
    return [(name[0].start, name[-1].full_end, "workplace")]


def _workplace_after_at(text: str, tokens: list[_Token], index: int) -> list[tuple[int, int, str]]:
    """A proper name after "at" where work is the subject ("nights at Parkside", "at Guy's"), or
    after "at the", which names an institution ("at the Royal Albert", "at the General")."""
    name = _title_case_run(tokens, index + 1)
    if not name or _NUMBER_AFTER.match(text, name[-1].end):
        return []
    span = [(name[0].start, name[-1].full_end, "workplace")]
    if name[0].gap_before == _ARTICLE_GAP:
        return span if _names_institution(text, name) else []
    if not _could_name_workplace(name):
        return []
    at = tokens[index]
    if name[-1].possessive or _at_sentence_start(at) or _follows_work_word(tokens, index):
        return span
    return []


def _names_institution(text: str, name: list[_Token]) -> bool:
    """Whether "the" and this name make one place, unlike "the Department of Health"."""
    if text.startswith(" of ", name[-1].full_end):
        return False
    if len(name) == 1 and name[0].word in _HOSPITAL_BY_ITSELF:
        return True
    return _is_place_name(name)


def _could_name_workplace(name: list[_Token]) -> bool:
    """A place name that is not a person's: "at Sarah's" is someone's house."""
    first = name[0].word
    if _is_known_name(first) and first not in _AMBIGUOUS_NAMES:
        return False
    return _is_place_name(name)


def _is_place_name(name: list[_Token]) -> bool:
    """Not a day, title or shop, nor an organisation ("the Care Quality Commission"), nor only a
    region or a kind of place ("Greater Manchester", "Head Office").

    A region may start a name that says more: "Stoke Mandeville".
    """
    first = name[0].word
    if first in _NOT_NAMES or first in _HONORIFICS or first in _CHAINS:
        return False
    if any(token.word in _ORGANISATION_WORDS for token in name):
        return False
    return any(
        token.word not in _GENERIC_PLACE_WORDS and token.word not in _REGIONS for token in name
    )


def _follows_work_word(tokens: list[_Token], index: int) -> bool:
    return (
        index > 0
        and tokens[index - 1].word.lower() in _WORK_WORDS
        and _WORK_GAP.fullmatch(tokens[index].gap_before) is not None
    )


def _title_case_run(
    tokens: list[_Token], index: int, opening: re.Pattern = _NAME_OPENING
) -> list[_Token]:
    """The proper name written from this word on, up to a possessive: "Northwick Park", "Guy's".

    What may come before its first word is given by opening.
    """
    run: list[_Token] = []
    while index < len(tokens) and len(run) < _LONGEST_PLACE_NAME:
        token = tokens[index]
        joined = opening.fullmatch(token.gap_before) if not run else token.joined
        if not (joined and _is_title_case(token.word)):
            break
        run.append(token)
        if token.possessive:
            break
        index += 1
    return run


def _what_is_called(tokens: list[_Token], index: int) -> str | None:
    """The noun shortly before "called" or "named" and this word: "lady" in "a lady called Edna"."""
    if index < 2 or index >= len(tokens) or tokens[index - 1].word not in ("called", "named"):
        return None
    if not _is_title_case(tokens[index].word) or tokens[index].word in _NOT_NAMES:
        return None
    for distance in (2, 3):
        if index - distance < 0 or not tokens[index - distance + 1].joined:
            return None
        noun = tokens[index - distance].word.lower()
        if noun in _PERSON_NOUNS or noun in _PLACE_WORDS:
            return noun
    return None


def _place_prefix_start(tokens: list[_Token], index: int, noun: tuple[str, ...]) -> int | None:
    """Where the proper name before a place noun begins, if it names one place."""
    prefix = _capitalised_words_before(tokens, index)
    # "A Leeds hospital" could be any of them; "Leeds General Infirmary" is one.
    generic = _GENERIC_PLACE_WORDS | _REGIONS if noun[0].islower() else _GENERIC_PLACE_WORDS
    if not any(token.word not in generic and token.word != "St" for token in prefix):
        return None
    # "Sarah Ward" and "Emma Hall" are people.
    if len(prefix) == 1 and prefix[0].word in _forenames() and " ".join(noun) in _surnames():
        return None
    return prefix[0].start


def _capitalised_words_before(tokens: list[_Token], index: int) -> list[_Token]:
    prefix: list[_Token] = []
    while index > 0 and len(prefix) < _LONGEST_PLACE_PREFIX and tokens[index].joined:
        candidate = tokens[index - 1]
        if not (candidate.word in ("St", "Saint") or _is_title_case(candidate.word)):
            break
        if candidate.word in _NOT_NAMES or candidate.word in _HONORIFICS:
            break
        prefix.insert(0, candidate)
        index -= 1
    return prefix


# --- Overlaps -------------------------------------------------------------------------------------


def _resolve(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Merge overlapping spans of one kind, then keep the longest of any that still collide."""
    chosen: list[tuple[int, int, str]] = []
    for cluster in _overlapping_clusters(_merge_same_kind(spans)):
        kept: list[tuple[int, int, str]] = []
        # Longest first; between equals, the kind listed first in KINDS, the more specific.
        for start, end, kind in sorted(cluster, key=lambda s: (s[0] - s[1], KINDS.index(s[2]))):
            if all(end <= other_start or start >= other_end for other_start, other_end, _ in kept):
                kept.append((start, end, kind))
        chosen += sorted(kept)
    return chosen


def _overlapping_clusters(spans: list[tuple[int, int, str]]):
    """Group spans, in order of start, into runs that overlap one another."""
    cluster: list[tuple[int, int, str]] = []
    cluster_end = -1
    for span in sorted(spans):
        if cluster and span[0] >= cluster_end:
            yield cluster
            cluster = []
        cluster.append(span)
        cluster_end = max(cluster_end, span[1])
    if cluster:
        yield cluster


def _merge_same_kind(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans, key=lambda s: (s[2], s[0])):
        if merged and merged[-1][2] == kind and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]), kind)
        else:
            merged.append((start, end, kind))
    return merged
