"""Clean text at the import boundary: no control characters, no bidirectional overrides.

Label text reaches the terminal, the window and printed handouts. A control character (an
escape sequence, a NUL) can rewrite a terminal line; a right-to-left override (U+202E) turns
"evil" into "live" on paper. Neither has a place in a drug label, so every string of every
imported label is cleaned once, on import (``clean_record``), and ``for_terminal`` escapes
what a catalogue from elsewhere might still hold on output. Nothing else changes: clinical
text is never cut short. A name field (brand, generic, ingredient) past ``MAX_NAME_CHARS`` is
not a name: ``long_name`` finds it, and the importer skips that record, saying so.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

MAX_NAME_CHARS = 500  # real brand and ingredient names are under 200 characters

# C0 controls but tab, newline and carriage return; DEL and C1 controls; the bidirectional
# embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI).
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNWANTED_ON_OUTPUT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

T = TypeVar("T")


def clean(text: str) -> str:
    """``text`` without control characters (tab and line breaks stay) or bidi overrides."""
    return _UNWANTED.sub("", text)


def clean_record(record: T) -> T:
    """A copy of a label record (a frozen dataclass) with every string in it cleaned."""
    return _clean_value(record)


def _is_clean(text: str) -> bool:
    """True when ``clean`` would return ``text`` unchanged. Every unwanted character is a
    control or a format character, which ``str.isprintable`` refuses, so a printable string
    (most strings of a label) needs no second look, nor one whose only unprintable
    characters are line breaks (section text); ``isprintable`` stops at the first character
    it refuses, and the pattern decides the other strings."""
    return (
        text.isprintable()
        or text.replace("\n", " ").isprintable()
        or _UNWANTED.search(text) is None
    )


def _fields(kind: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(spec.name for spec in dataclasses.fields(kind))
    return names


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _clean_value(value: Any) -> Any:
    if isinstance(value, str):
        return value if _is_clean(value) else clean(value)
    if isinstance(value, tuple):
        items = tuple(_clean_value(item) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if isinstance(value, list):
        return [_clean_value(item) for item in value]
    if isinstance(value, dict):
        return {_clean_value(k): _clean_value(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for name in _fields(type(value)):
            old = getattr(value, name)
            new = _clean_value(old)
            if new is not old:
                changes[name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value


_NAME_FIELDS = ("product_names", "generic_names", "precise_names")


def long_name(record: Any) -> str | None:
    """Why ``record`` (a label record) names something past a sane length, or None."""
    names: list[str] = []
    for field in _NAME_FIELDS:
        names.extend(n for n in getattr(record, field, ()) if isinstance(n, str))
    names.extend(getattr(ref, "name", "") for ref in getattr(record, "ingredients", ()))
    for name in names:
        if len(name) > MAX_NAME_CHARS:
            return (
                f"names a product or ingredient {len(name):,} characters long, past the limit"
                f" of {MAX_NAME_CHARS} for a name (it is not cut short: the record is skipped)"
            )
    return None


def for_terminal(text: str) -> str:
    """``text`` safe to print: control characters and bidi overrides shown as escapes."""
    return _UNWANTED_ON_OUTPUT.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
