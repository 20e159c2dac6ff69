"""Name normalisation shared by the catalogue build and the search layer.

Both sides must fold a name the same way, or a query would never meet its row: accents are
removed (SQLite 3.40's trigram tokenizer cannot), case is folded, and every run of characters
that is not a letter or digit becomes one space, so "Interferon Beta-1a" and "interferon beta 1a"
are the same key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NOT_WORD = re.compile(r"[^0-9a-z]+")
# Characters that NFKD does not decompose but that clinicians type as their base letter.
_EXTRA_FOLDS = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "þ": "th"}
)


def fold(text: str) -> str:
    """Lower-case, accent-free, ASCII-only form of ``text``; other scripts are dropped."""
    if text.isascii():  # most names: casefold is lower() and NFKD changes nothing in ASCII
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold()).translate(_EXTRA_FOLDS)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 17)
def normalise(text: str) -> str:
    """The search key of a name or query: folded words joined by single spaces.

    Memoised: the build asks for the keys of the same few thousand names millions of times.
    The cache is bounded, so a long session of typed queries cannot grow it without limit."""
    return _NOT_WORD.sub(" ", fold(text)).strip()


def words(text: str) -> list[str]:
    """The words of a name's search key."""
    key = normalise(text)
    return key.split(" ") if key else []


def word_starts(key: str) -> list[int]:
    """Offsets in a normalised key where a word begins (0 included)."""
    return [0] + [i + 1 for i, ch in enumerate(key) if ch == " "]


def tidy(text: str) -> str:
    """Collapse runs of whitespace in display text (not a search key)."""
    if _is_tidy(text):
        return text  # most label paragraphs: openFDA has collapsed them already
    return " ".join(text.split())  # the same as \s+ -> " " and strip, several times faster


def _is_tidy(text: str) -> bool:
    """True when ``tidy`` would return ``text`` unchanged, found without splitting it.

    A printable string holds no whitespace but the ASCII space (every other whitespace
    character is a control or a separator, which ``str.isprintable`` refuses), so it is tidy
    when no two spaces meet and none starts or ends it. Both checks run at C speed and stop
    at the first offending character.
    """
    return (
        text.isprintable()
        and "  " not in text
        and not text.startswith(" ")
        and not text.endswith(" ")
    )


def slugify(text: str) -> str:
    """A stable, URL-safe identifier for a monograph title."""
    return normalise(text).replace(" ", "-") or "unnamed"


def display_case(name: str) -> str:
    """Title-case an ALL-CAPS name from Drugs@FDA for display ("HUMIRA" -> "Humira").

    Names that already mix cases (RxNorm's "pH-Dose") are left alone; short capital tokens
    ("XR", "HP") keep their capitals and joining words ("and", "in") become lower case.
    """
    if name != name.upper():
        return name
    out = []
    for token in re.split(r"([^A-Za-z]+)", name):
        if token.lower() in _JOINING_WORDS:
            out.append(token.lower())
        elif len(token) > 2:
            out.append(token.capitalize())
        else:
            out.append(token)
    return "".join(out)


_JOINING_WORDS = frozenset({"and", "in", "with", "of", "for", "w"})
