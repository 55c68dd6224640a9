"""Find what could identify someone the writer supports, and the writer's own health details.

A pure function of the text (and the colleagues' names to leave alone): no database, no logging,
no storage. ``find(text, colleagues=...)`` returns the findings in text order, none overlapping.

Precision over recall where the two pull apart: a check that cries wolf on every capitalised
word teaches people to click past it. So names are looked for only where the context says a
person is meant (a title, "client", "called", ...) or where the word is a common first name
that is not also an English word; colleagues' names are left alone; NHS numbers must pass
their Modulus 11 check digit; phone numbers must be valid UK numbers (``phonenumbers``) and not
a service's line; dates count only as birth dates when something says so. Figures:
``tests/privacy_check/test_precision_recall.py`` and the README.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import nhs_number
import phonenumbers

from apps.privacy_check import terms

# kind -> (label shown beside the highlight, who it is about)
SOMEONE_YOU_SUPPORT = "someone_you_support"
YOUR_OWN_HEALTH = "your_own_health"
KINDS = {
    "name": ("Name", SOMEONE_YOU_SUPPORT),
    "nhs_number": ("NHS number", SOMEONE_YOU_SUPPORT),
    "date_of_birth": ("Date of birth", SOMEONE_YOU_SUPPORT),
    "phone": ("Phone number", SOMEONE_YOU_SUPPORT),
    "postcode": ("Postcode", SOMEONE_YOU_SUPPORT),
    "address": ("Address", SOMEONE_YOU_SUPPORT),
    "own_health": ("Your own health", YOUR_OWN_HEALTH),
}
CATEGORY_LABELS = {
    SOMEONE_YOU_SUPPORT: "Could identify someone",
    YOUR_OWN_HEALTH: "About your own health",
}
# When two findings overlap, the earlier kind here wins (an NHS number is not also a phone number).
PRIORITY = ("nhs_number", "phone", "postcode", "date_of_birth", "address", "name", "own_health")


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    kind: str
    text: str
    why: str

    @property
    def label(self) -> str:
        return KINDS[self.kind][0]

    @property
    def category(self) -> str:
        return KINDS[self.kind][1]

    def as_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "category": self.category,
            "label": self.label,
            "text": self.text,
            "why": self.why,
        }


def _words(options: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first, spaces matching any whitespace."""
    return "|".join(re.escape(o).replace(r"\ ", r"\s+") for o in sorted(options, key=len, reverse=True))


# --- NHS numbers ------------------------------------------------------------------------------------

_NHS = re.compile(r"(?<![\d\w])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d\w])")


def _nhs_numbers(text: str) -> Iterable[Finding]:
    for match in _NHS.finditer(text):
        digits = "".join(match.groups())
        # nhs-number's is_valid: 10 digits whose last is the Modulus 11 check digit (a check
        # digit of 10 is never valid), and CHI numbers whose first six digits are a real date.
        if nhs_number.is_valid(digits):
            yield Finding(
                match.start(), match.end(), "nhs_number", match.group(), "Ten digits with a valid NHS check digit."
            )


# --- phone numbers ------------------------------------------------------------------------------------

# National numbers (without the 0) of lines that belong to services, not people: freephone
# 080, the 03 non-geographic and 084/087 business ranges, and 111/116xxx/999.
_SERVICE_PREFIXES = ("80", "30", "33", "34", "37", "84", "87", "111", "116", "999")
_DRAMA_MOBILE = "7700900"
_SERVICE_CONTEXT = re.compile(rf"\b(?:{_words(terms.SERVICE_PLACE_WORDS)})\b", re.IGNORECASE)


def _service_context(text: str, start: int, window: int = 40) -> bool:
    before = text[max(0, start - window) : start]
    before = re.split(r"[.!?\n]", before)[-1]  # only this sentence
    return bool(_SERVICE_CONTEXT.search(before))


def _phones(text: str) -> Iterable[Finding]:
    for match in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
        national = phonenumbers.national_significant_number(match.number)
        # Valid numbers, and Ofcom's mobile range kept for fiction (07700 900xxx), which the
        # library counts as unallocated but which is exactly what invented examples use.
        if not (phonenumbers.is_valid_number(match.number) or national.startswith(_DRAMA_MOBILE)):
            continue
        # A UK number is written with its leading 0 or with +44; bare digit groups are rarely phones.
        if not match.raw_string.startswith(("0", "+")):
            continue
        if match.number.country_code == 44 and national.startswith(_SERVICE_PREFIXES):
            continue
        if _service_context(text, match.start):
            continue
        yield Finding(match.start, match.end, "phone", match.raw_string, "A valid UK phone number.")


# --- postcodes ---------------------------------------------------------------------------------------

# The full-postcode shape the UK government publishes (outward code: area letters that exist,
# district; inward code: sector digit and the two unit letters, never C I K M O V).
_POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2})\b"
)


def _postcodes(text: str) -> Iterable[Finding]:
    for match in _POSTCODE.finditer(text):
        yield Finding(match.start(), match.end(), "postcode", match.group(), "The shape of a full UK postcode.")


# --- dates of birth ----------------------------------------------------------------------------------

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_NUMERIC_DATE = r"\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
_WORD_DATE = (
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?i:{_MONTHS})\.?,?\s+\d{{4}}"
    rf"|(?i:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
)
_DOB_CUE = re.compile(
    rf"(?i:\b(?:d\.?o\.?b\.?|date\s+of\s+birth|born(?:\s+on)?|birthday(?:\s+is|\s+was)?(?:\s+on)?))"
    rf"\s*[:\-–]?\s*(?:(?i:is|was|on)\s+)?({_NUMERIC_DATE}|{_WORD_DATE})"
)
_BORN_IN = re.compile(rf"(?i:\bborn\s+in)\s+((?:(?i:{_MONTHS})\s+)?(?:19|20)\d{{2}})\b")
_FULL_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?![\d/.-])")
# A full date at least this many years back reads as a birth date, whatever surrounds it.
_LONG_AGO_YEARS = 12


def _dates_of_birth(text: str, today: date) -> Iterable[Finding]:
    for match in _DOB_CUE.finditer(text):
        yield Finding(match.start(1), match.end(1), "date_of_birth", match.group(1), "A date said to be a birth date.")
    for match in _BORN_IN.finditer(text):
        yield Finding(match.start(1), match.end(1), "date_of_birth", match.group(1), "When someone was born.")
    for match in _FULL_NUMERIC.finditer(text):
        day, month, year = (int(g) for g in match.groups())
        try:
            when = date(year, month, day)  # UK order: day first
        except ValueError:
            continue
        if 1900 <= when.year <= today.year - _LONG_AGO_YEARS:
            yield Finding(
                match.start(),
                match.end(),
                "date_of_birth",
                match.group(),
                "A full date many years ago, as a birth date would be.",
            )


# --- street addresses --------------------------------------------------------------------------------

_CAP = r"(?:Mc|Mac|O['’])?[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?"
_STREET = "|".join(terms.STREET_WORDS)
_NUMBERED_ADDRESS = re.compile(
    rf"\b(?:(?:Flat|Apartment|Apt\.?|Room|Unit)\s+\d+[A-Za-z]?,?\s+)?\d{{1,4}}[A-Za-z]?,?\s+(?:{_CAP}\s+){{1,3}}"
    rf"(?:{_STREET})\b"
)
_LIVES_ON = re.compile(
    rf"(?i:\b(?:lives|living|lived|moved|moving|staying|stays|address\s+is|home\s+is)\s+(?:on|at|in|to|into)\s+"
    rf"(?:the\s+)?)((?:{_CAP}\s+){{1,3}}(?:{_STREET}|[Ee]state)\b)"
)


def _addresses(text: str) -> Iterable[Finding]:
    for match in _NUMBERED_ADDRESS.finditer(text):
        if _service_context(text, match.start()):
            continue
        yield Finding(match.start(), match.end(), "address", match.group(), "A house number and a street.")
    for match in _LIVES_ON.finditer(text):
        yield Finding(
            match.start(1), match.end(1), "address", match.group(1), "Where someone lives: a street or estate."
        )


# --- names -------------------------------------------------------------------------------------------

_NAME_TOKEN = r"(?:Mc|Mac|O['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_INITIAL = r"[A-Z]\.?(?![a-z])"
_NAME = rf"(?:{_NAME_TOKEN}|{_INITIAL})(?:\s(?:{_NAME_TOKEN}|{_INITIAL})){{0,2}}"
_TITLED = re.compile(rf"\b(?:{'|'.join(terms.TITLES)})\.?\s+({_NAME})")
_STRONG = re.compile(rf"(?i:\b(?:{_words(terms.SERVICE_USER_CUES)}))\b[,:]?\s+({_NAME})")
_WEAK = re.compile(rf"(?i:\b(?:{_words(terms.NAMING_CUES)}))\b[,:]?\s+({_NAME})")
_CAPITALISED = re.compile(rf"\b({_NAME_TOKEN})(?:\s({_NAME_TOKEN}))?\b")
_TOKEN_SPLIT = re.compile(r"[\s.]+")


def _trim(text: str, start: int, name: str) -> tuple[int, str] | None:
    """Drop trailing tokens that are not names ("Mr Pike Said" -> "Pike"); None if nothing is left."""
    tokens = name.split()
    while tokens and tokens[-1].strip(".") in terms.NOT_NAMES:
        tokens.pop()
    if not tokens or tokens[0].strip(".") in terms.NOT_NAMES:
        return None
    kept = " ".join(tokens)
    return start, kept


def _tokens(name: str) -> set[str]:
    return {t.strip(".,'’").lower() for t in _TOKEN_SPLIT.split(name) if t.strip(".,'’")}


def _names(text: str, colleague_tokens: set[str]) -> Iterable[Finding]:
    def colleague(name: str) -> bool:
        return bool(colleague_tokens) and _tokens(name) <= colleague_tokens

    for pattern, strong, why in (
        (_STRONG, True, "A name after a word for someone you support."),
        (_TITLED, False, "A name after a title (Mr, Mrs, Ms...)."),
        (_WEAK, False, "A name after “called” or “named”."),
    ):
        for match in pattern.finditer(text):
            trimmed = _trim(text, match.start(1), match.group(1))
            if trimmed is None:
                continue
            start, name = trimmed
            if not strong and colleague(name):
                continue
            yield Finding(start, start + len(name), "name", name, why)
    for match in _CAPITALISED.finditer(text):
        first, second = match.group(1), match.group(2)
        if first not in terms.FIRST_NAMES:
            continue
        name = first if second is None or second in terms.NOT_NAMES else f"{first} {second}"
        if colleague(name) or colleague(first):
            continue
        yield Finding(match.start(1), match.start(1) + len(name), "name", name, f"“{first}” is a common first name.")


# --- the writer's own health -------------------------------------------------------------------------

_HEALTH = re.compile(
    "|".join(rf"(?:\b(?:{t})\b)" for t in (*terms.DIAGNOSES, *terms.MEDICATIONS, *terms.EVENTS)),
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z’']+")
_FIRST = set(terms.FIRST_PERSON)
_THIRD = set(terms.THIRD_PERSON)


def _whose(text: str, start: int, end: int, name_spans: list[tuple[int, int]]) -> str | None:
    """ "me" when the nearest person word in the sentence (before the term, else after it) is the
    writer; "other" when it is someone else (a pronoun, "client", a name found above)."""
    sentence_start = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    ends = [i for i in (text.find(c, end) for c in ".!?\n") if i != -1]
    sentence_end = min(ends) if ends else len(text)
    own_words = text[start:end].lower().split()
    if own_words and own_words[0] in _FIRST:
        return "me"
    before = [(m.start(), m.group().lower()) for m in _WORD.finditer(text, sentence_start, start)]
    names_before = [s for s, _ in name_spans if sentence_start <= s < start]
    for position, word in reversed(before):
        if names_before and max(names_before) > position:
            return "other"
        if word in _FIRST:
            return "me"
        if word in _THIRD:
            return "other"
    if names_before:
        return "other"
    for match in _WORD.finditer(text, end, sentence_end):
        word = match.group().lower()
        if word in _FIRST:
            return "me"
        if word in _THIRD:
            return "other"
    return None


def _own_health(text: str, name_spans: list[tuple[int, int]]) -> Iterable[Finding]:
    for match in _HEALTH.finditer(text):
        if _whose(text, match.start(), match.end(), name_spans) == "me":
            yield Finding(
                match.start(),
                match.end(),
                "own_health",
                match.group(),
                "A detail of your own health (a diagnosis, medicine, admission or self-harm).",
            )


# --- all together ------------------------------------------------------------------------------------


def colleague_tokens(names: Iterable[str]) -> set[str]:
    """The words of colleagues' names (the writer's own included), lower-cased."""
    tokens: set[str] = set()
    for name in names:
        tokens |= _tokens(name)
    return tokens


def find(text: str, *, colleagues: Iterable[str] = (), today: date | None = None) -> list[Finding]:
    """Every finding in ``text``, in text order, none overlapping (see ``PRIORITY``)."""
    today = today or date.today()
    tokens = colleague_tokens(colleagues)
    names = list(_names(text, tokens))
    found: dict[str, list[Finding]] = {
        "nhs_number": list(_nhs_numbers(text)),
        "phone": list(_phones(text)),
        "postcode": list(_postcodes(text)),
        "date_of_birth": list(_dates_of_birth(text, today)),
        "address": list(_addresses(text)),
        "name": names,
        "own_health": list(_own_health(text, [(f.start, f.end) for f in names])),
    }
    accepted: list[Finding] = []
    for kind in PRIORITY:
        for finding in sorted(found[kind], key=lambda f: (f.start, -(f.end - f.start))):
            if all(finding.end <= other.start or finding.start >= other.end for other in accepted):
                accepted.append(finding)
    return sorted(accepted, key=lambda f: f.start)
