"""When do two duties "say the same thing"? The text-similarity rule of the overlap report.

Duty texts are short imperative phrases written by different people ("Help service users
develop a recovery plan" / "Develop recovery plans with service users"), so exact matching
misses most real overlaps. The rule, in order:

1. **Normalise** each text to a set of *content stems*: lower-case; split into words
   (letters and digits); drop English stop words and words that name the people a duty is
   done for (``service``, ``user``, ``client``, ``patient``, ``people``, ...), because
   nearly every duty mentions them and they say nothing about *what* is done; then
   reduce each word with a deliberately small suffix stemmer (see :func:`stem`).
2. Two duties are **similar** when either

   * their stem sets are equal (and not empty), or
   * the Jaccard index ``|A ∩ B| / |A ∪ B|`` is at least :data:`JACCARD_THRESHOLD` (0.5)
     *and* they share at least :data:`MIN_SHARED` (2) stems — one shared word is never
     enough, or
   * :class:`difflib.SequenceMatcher` ratio of the sorted stems joined by spaces is at
     least :data:`RATIO_THRESHOLD` (0.85) — this catches misspellings and word forms the
     stemmer does not know ("medicaton", "organise"/"organize").

Word order does not matter anywhere (sets, and sorted stems for the ratio).
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

JACCARD_THRESHOLD = 0.5
MIN_SHARED = 2
RATIO_THRESHOLD = 0.85

STOP_WORDS = frozenset(
    """
    a an the and or but nor of to for with without in on at by from as into onto about
    within across via per than then so such
    is are be been being was were am do does did done can could should would will may
    might must shall have has had
    i me my we us our you your he him his she her they them their it its own who whom
    whose which what that this these those there here where when how why
    all any each every some other others more most also etc eg ie e g i e
    """.split()
)

# Words naming the people a duty is done for or with: nearly every duty says them.
DOMAIN_STOP_WORDS = frozenset(
    "service services user users client clients patient patients people person persons individual individuals".split()
)

_WORD = re.compile(r"[a-z0-9]+")
_VOWELS = set("aeiouy")


def stem(word: str) -> str:
    """A small suffix stripper (a fraction of Porter's step 1), good enough for duty phrases.

    ``-ies`` → ``-y``; ``-ing`` / ``-ed`` dropped when a vowel remains before them (then a
    doubled final consonant is undone: "planning" → "plan"); a plural ``-s`` dropped except
    after ``s``, ``u`` or ``i`` ("assess", "focus", "crisis" stay whole); then a final
    ``-e``, so that "share", "shares", "shared" and "sharing" all become "shar".
    """
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    for suffix in ("ing", "ed"):
        if word.endswith(suffix):
            base = word[: -len(suffix)]
            if len(base) >= 3 and _VOWELS & set(base):
                if len(base) >= 4 and base[-1] == base[-2] and base[-1] not in "lsz":
                    base = base[:-1]
                return base
    if word.endswith("s") and word[-2] not in "sui":
        word = word[:-1]
    if word.endswith("e") and len(word) >= 4:
        word = word[:-1]
    return word


# Both functions are pure (text in, frozen value out), and a team's duties are compared again
# on every dashboard and overlap report: memoised per process, bounded. The dashboard's overlap
# count spent most of its time in SequenceMatcher (bench/README.md).
@lru_cache(maxsize=16384)
def content_stems(text: str) -> frozenset[str]:
    """The normalised set of stems of ``text`` that carry meaning (step 1 of the rule)."""
    words = _WORD.findall((text or "").lower())
    return frozenset(
        stem(word) for word in words if word not in STOP_WORDS and word not in DOMAIN_STOP_WORDS and len(word) > 1
    )


@dataclass(frozen=True)
class Similarity:
    jaccard: float
    ratio: float
    shared: frozenset
    similar: bool

    @property
    def shared_sorted(self) -> list[str]:
        return sorted(self.shared)


@lru_cache(maxsize=65536)
def compare(a: str | frozenset, b: str | frozenset) -> Similarity:
    """Compare two duty texts (or pre-computed stem sets) under the rule above."""
    stems_a = a if isinstance(a, frozenset) else content_stems(a)
    stems_b = b if isinstance(b, frozenset) else content_stems(b)
    if not stems_a or not stems_b:
        return Similarity(0.0, 0.0, frozenset(), False)
    shared = stems_a & stems_b
    jaccard = len(shared) / len(stems_a | stems_b)
    ratio = SequenceMatcher(None, " ".join(sorted(stems_a)), " ".join(sorted(stems_b)), autojunk=False).ratio()
    similar = (
        stems_a == stems_b or (jaccard >= JACCARD_THRESHOLD and len(shared) >= MIN_SHARED) or ratio >= RATIO_THRESHOLD
    )
    return Similarity(round(jaccard, 2), round(ratio, 2), frozenset(shared), similar)
