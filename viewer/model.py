"""Immutable value types the search layer returns: what a search found, and what a catalogue is.

Nothing here touches SQLite or Qt. What a monograph is made of (its sections, forms, review,
provenance) is in ``viewer.monograph``: the window searches before it loads those types.
These are ``NamedTuple``s, not frozen dataclasses: the window's first search waits for this
module, and Python defines a NamedTuple several times faster (read their fields by name).
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class SourceKey(StrEnum):
    """The key of each source a catalogue is built from, as its rows record it.

    A catalogue made elsewhere may hold other keys (``bench/generate.py`` writes "bench"), so
    rows read back keep the key as text: compare it with these members, which equal their
    values.
    """

    RXNORM = "rxnorm"
    DRUGSATFDA = "drugsatfda"
    CURATED = "curated"
    SPL = "spl"  # DailyMed SPL labels
    OPENFDA = "openfda"  # openFDA drug-label records


LABEL_SOURCE_KEYS = (SourceKey.SPL, SourceKey.OPENFDA)  # the sources of label text


class NameKind(StrEnum):
    """What a searchable name is to its monograph; also what a search hit matched on."""

    BRAND = "brand"
    INGREDIENT = "ingredient"
    SYNONYM = "synonym"
    TITLE = "title"
    PHARM_CLASS = "class"  # a pharmacologic class a label states (search hits only)


class SearchHit(NamedTuple):
    """One monograph found by a search, with what it matched on and how well."""

    monograph_id: int
    title: str
    kind: str
    brands: tuple[str, ...]
    ingredients: tuple[str, ...]
    matched_name: str
    matched_kind: NameKind
    tier: int  # lower is better; see viewer.search.Tier
    active: bool = True


class TextHit(NamedTuple):
    """One monograph found by words in its text: the best-matching section and a snippet.

    ``snippet`` is plain text (never markup); ``highlights`` are ``(start, end)`` offsets into it
    of the words that matched, for the window to emphasise after escaping the text.
    """

    monograph_id: int
    title: str
    kind: str
    brands: tuple[str, ...]
    ingredients: tuple[str, ...]
    section_kind: str
    section_title: str
    snippet: str
    highlights: tuple[tuple[int, int], ...]
    score: float  # FTS5 bm25 rank of the section: lower (more negative) is better
    active: bool = True


class SourceEdition(NamedTuple):
    """One source of the catalogue, as recorded in its metadata."""

    key: str
    title: str
    edition: str
    publisher: str = ""
    url: str = ""
    licence: str = ""
    records: int = 0


class CatalogueInfo(NamedTuple):
    path: str
    schema_version: int
    build_date: str
    app_version: str
    monographs: int
    brands: int
    ingredients: int
    forms: int
    sections: int
    sources: tuple[SourceEdition, ...]
