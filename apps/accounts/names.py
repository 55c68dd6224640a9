"""Names people are known by: usernames and display names, and the keys that keep them apart.

Two people must never look alike on a page or in an e-mail. The database enforces it: each
user row carries a *key* for its username (unique everywhere) and for its display name
(unique among the current workers of one organisation), and a unique constraint on each key
holds however many requests race. A key is the TR39-style *skeleton* of the name: NFKC,
case-folded, each character replaced by the representative of its confusable class, so
"pat", "PAT", "ｐａｔ" (full width) and "раt" (Cyrillic р and а) share one key.

The confusable classes come from ``confusable_homoglyphs`` (Unicode's confusables.txt,
packaged and kept by the maintainers of django-registration's username checks), not from a
table written here. Its data lists, for a character, the characters that look like it; the
lists are not always symmetric (``I`` lists ``l``, ``l`` lists ``1`` and ``|``), so the
classes are closed with a union-find once per process and each class is represented by its
plainest member (single ASCII character first). After a library upgrade that changes the
data, recompute the keys with a data migration like accounts 0004.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from confusable_homoglyphs import confusables

# Characters a display name loses: control (Cc), format (Cf: bidi overrides such as U+202E,
# zero-width joiners and marks), surrogates, private use and unassigned code points. Line and
# paragraph separators become spaces.
_DROPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
_SPACE_CATEGORIES = {"Zs", "Zl", "Zp"}
_SPACES = re.compile(r"\s+")


def clean_display_name(value: str) -> str:
    """A display name as stored: NFC, no control/format characters, single spaces, trimmed."""
    value = unicodedata.normalize("NFC", value or "")
    kept = []
    for char in value:
        category = unicodedata.category(char)
        if category in _DROPPED_CATEGORIES and char not in "\t\n\r":
            continue
        kept.append(" " if category in _SPACE_CATEGORIES or char in "\t\n\r" else char)
    return _SPACES.sub(" ", "".join(kept)).strip()


def _sort_key(member: str) -> tuple:
    # The plainest member represents its class: one character before several, ASCII before
    # the rest, then the lowest code point (deterministic across processes).
    return (len(member) != 1, not member.isascii(), [ord(c) for c in member])


@lru_cache(maxsize=1)
def _representatives() -> dict[str, str]:
    """``{character: representative}`` for every character in a confusable class."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for char, homoglyphs in confusables.confusables_data.items():
        for homoglyph in homoglyphs:
            # The data wraps right-to-left glyphs in U+200E marks; they are not part of the glyph.
            glyph = homoglyph["c"].replace("\u200e", "").replace("\u200f", "")
            if glyph:
                a, b = find(char), find(glyph)
                if a != b:
                    parent[max(a, b, key=_sort_key)] = min(a, b, key=_sort_key)
    return {x: find(x) for x in parent if len(x) == 1}


def _fold(value: str) -> str:
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())


def skeleton(value: str) -> str:
    """The key two names share when they look alike (see the module docstring)."""
    table = _representatives()
    folded = _fold(value)
    return _fold("".join(table.get(char, char) for char in folded))


def username_key(username: str) -> str:
    return skeleton(username)


def display_name_key(display_name: str) -> str:
    return skeleton(clean_display_name(display_name))


def mixes_lookalike_scripts(value: str) -> bool:
    """Letters of several scripts, some of which look like letters of another ("pаt" with a
    Cyrillic а): refused for usernames even before anyone holds the Latin one."""
    return bool(confusables.is_dangerous(unicodedata.normalize("NFKC", value)))
