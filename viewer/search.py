"""Find monographs by brand or ingredient name, best match first. Qt-free.

The query is folded like every stored name (case, accents, punctuation; see ``viewer.text``)
and matched in tiers, cheapest and most certain first:

    exact brand > exact ingredient or title > exact synonym (salt form) > prefix
    > word prefix ("beta-1a" in "interferon beta-1a") > substring

A query that names a salt form ("atorvastatin calcium") is also tried without its salt words.
Each monograph appears once, under its best tier; within a tier, products still prescribed or
marketed come before discontinued ones, then shorter names before longer. Tiers are numbered
with room for typo-tolerant matching to slot in below substring.
"""

from __future__ import annotations

import json
from enum import IntEnum

from viewer.catalogue.store import Catalogue
from viewer.model import NameKind, SearchHit
from viewer.text import normalise

MAX_QUERY_CHARS = 200
DEFAULT_LIMIT = 50


class Tier(IntEnum):
    EXACT_BRAND = 0
    EXACT_INGREDIENT = 1
    EXACT_SYNONYM = 2
    PREFIX = 3
    WORD_PREFIX = 4
    SUBSTRING = 5
    FUZZY = 6


_EXACT_TIER = {
    NameKind.BRAND: Tier.EXACT_BRAND,
    NameKind.TITLE: Tier.EXACT_INGREDIENT,
    NameKind.INGREDIENT: Tier.EXACT_INGREDIENT,
    NameKind.SYNONYM: Tier.EXACT_SYNONYM,
}


def query_key(query: str) -> str:
    """The normalised search key of what the user typed (bounded in length)."""
    return normalise(query[: MAX_QUERY_CHARS * 4])[:MAX_QUERY_CHARS].strip()


class NameSearch:
    """Ranked name search over one open catalogue."""

    def __init__(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue
        self._salt_words = catalogue.salt_words()

    def without_salts(self, key: str) -> str:
        """``key`` with trailing salt words removed ("atorvastatin calcium" -> "atorvastatin")."""
        words = key.split(" ")
        while len(words) > 1 and words[-1] in self._salt_words:
            words.pop()
        return " ".join(words)

    def search(self, query: str, limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
        key = query_key(query)
        if not key or limit <= 0:
            return []
        best: dict[int, tuple[int, tuple]] = {}  # monograph id -> (tier, name row)
        fetch = max(limit * 4, 100)
        keys = [key]
        stripped = self.without_salts(key)
        if stripped != key:
            keys.append(stripped)
        for k in keys:
            for row in self._catalogue.names_exact(k):
                _keep(best, row, _EXACT_TIER[NameKind(row[1])])
        for k in keys:
            for row in self._catalogue.names_prefix(k, fetch):
                _keep(best, row, Tier.PREFIX)
            for row in self._catalogue.names_word_prefix(k, fetch):
                _keep(best, row, Tier.WORD_PREFIX)
        if len(best) < limit:
            for row in self._catalogue.names_substring(key, fetch):
                _keep(best, row, Tier.SUBSTRING)
        ranked = sorted(best.values(), key=_rank)[:limit]
        return [_hit(tier, row) for tier, row in ranked]


# A name row is (norm, name kind, display, monograph id, title, monograph kind, brands JSON,
# ingredients JSON, active): see Catalogue._NAME_COLUMNS.


def _keep(best: dict[int, tuple[int, tuple]], row: tuple, tier: Tier) -> None:
    """Remember ``row`` for its monograph unless a better (or equal, shorter) match is known."""
    current = best.get(row[3])
    if current is None or (tier, len(row[2])) < (current[0], len(current[1][2])):
        best[row[3]] = (int(tier), row)


def _rank(candidate: tuple[int, tuple]) -> tuple:
    tier, row = candidate
    return (tier, not row[8], len(row[2]), row[4].casefold(), row[3])


def _hit(tier: int, row: tuple) -> SearchHit:
    _norm, name_kind, display, monograph_id, title, kind, brands, ingredients, active = row
    return SearchHit(
        monograph_id=monograph_id,
        title=title,
        kind=kind,
        brands=tuple(json.loads(brands)),
        ingredients=tuple(json.loads(ingredients)),
        matched_name=display,
        matched_kind=NameKind(name_kind),
        tier=tier,
        active=bool(active),
    )
