"""Find monographs by brand or ingredient name, best match first. Qt-free.

The query is folded like every stored name (case, accents, punctuation; see ``viewer.text``)
and matched in tiers, cheapest and most certain first:

    exact brand > exact ingredient or title > exact synonym (salt form) > prefix
    > word prefix ("beta-1a" in "interferon beta-1a") > substring > typo

A query that names a salt form ("atorvastatin calcium") is also tried without its salt words.
Each monograph appears once, under its best tier; within a tier, products still prescribed or
marketed come before discontinued ones, then shorter names before longer.

The typo tier runs only when the other tiers found fewer than three monographs: each word of the
query that is not a word of any name is corrected (``viewer.fuzzy``), and the corrected query is
matched exactly, by prefix and by word prefix. Its hits rank below every other tier, nearest
correction first. The best correction is offered as "did you mean" when no name starts with
what was typed (a prefix being typed is not a typo). Words in the monographs' text are a
separate, slower tier: ``viewer.textsearch``.
"""

from __future__ import annotations

import heapq
import itertools
import re
import sqlite3
import threading
from enum import IntEnum
from typing import NamedTuple

from viewer.catalogue.store import Catalogue, NameRow
from viewer.fuzzy import Correction, Vocabulary, max_edits
from viewer.model import NameKind, SearchHit
from viewer.text import normalise

MAX_QUERY_CHARS = 200
DEFAULT_LIMIT = 50
FUZZY_BELOW = 3  # the typo tier runs when fewer monographs than this were found otherwise
MAX_FUZZY_WORDS = 6  # words of a query considered for correction
MAX_CORRECTED_QUERIES = 5


class Tier(IntEnum):
    EXACT_BRAND = 0
    EXACT_INGREDIENT = 1
    EXACT_SYNONYM = 2
    PREFIX = 3
    WORD_PREFIX = 4
    SUBSTRING = 5
    FUZZY = 6
    PHARM_CLASS = 7  # a pharmacologic class the monograph's labels state


_EXACT_TIER = {
    NameKind.BRAND: Tier.EXACT_BRAND,
    NameKind.TITLE: Tier.EXACT_INGREDIENT,
    NameKind.INGREDIENT: Tier.EXACT_INGREDIENT,
    NameKind.SYNONYM: Tier.EXACT_SYNONYM,
}


_COMBINATION_SEPARATOR = re.compile(r"\s*(?:/|\+|,|&|;|\bw/|\band\b|\bwith\b)\s*", re.IGNORECASE)


def query_key(query: str) -> str:
    """The normalised search key of what the user typed (bounded in length)."""
    return normalise(query[: MAX_QUERY_CHARS * 4])[:MAX_QUERY_CHARS].strip()


class WarmUpCancelled(Exception):
    """``NameSearch.warm_up`` stopped early because ``cancel_warm_up`` was called."""


class SearchResult(NamedTuple):
    """Ranked name hits, and the corrected query when the hits rest on a spelling correction.

    ``did_you_mean`` is set only when the typo tier found something: the window shows
    "Did you mean <did_you_mean>?" and, when it is clicked, searches for it.
    """

    hits: list[SearchHit]
    did_you_mean: str | None = None
    more: int = 0  # monographs found but left out by the limit (at least this many)


class NameSearch:
    """Ranked name search over one open catalogue."""

    def __init__(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue
        self._salt_words = catalogue.salt_words()
        self._vocabulary: Vocabulary | None = None
        self._vocabulary_lock = threading.Lock()
        self._warming = threading.Event()
        self._stop_warming = threading.Event()
        self._warming_lock = threading.Lock()  # guards the warm-up's own connection
        self._warming_catalogue: Catalogue | None = None

    def without_salts(self, key: str) -> str:
        """``key`` with trailing salt words removed ("atorvastatin calcium" -> "atorvastatin")."""
        words = key.split(" ")
        while len(words) > 1 and words[-1] in self._salt_words:
            words.pop()
        return " ".join(words)

    def vocabulary(self) -> Vocabulary:
        """The spelling vocabulary, read from the catalogue on first use."""
        with self._vocabulary_lock:
            if self._vocabulary is None:
                self._vocabulary = Vocabulary(self._catalogue.name_key_counts())
            return self._vocabulary

    def warm_up(self) -> None:
        """Load the spelling vocabulary now, on a connection of its own: call from a worker.

        At the scale of all FDA labels the vocabulary takes a few hundred milliseconds to read;
        until it is loaded, searches made meanwhile skip the typo tier rather than wait.
        Raises ``WarmUpCancelled`` when ``cancel_warm_up`` stops it (the window closing).
        """
        self._warming.set()
        try:
            with Catalogue.open(self._catalogue.path) as own:
                with self._warming_lock:
                    if self._stop_warming.is_set():
                        raise WarmUpCancelled
                    self._warming_catalogue = own
                try:
                    counts = own.name_key_counts()
                except sqlite3.OperationalError as error:
                    if self._stop_warming.is_set():
                        raise WarmUpCancelled from error
                    raise
                finally:
                    with self._warming_lock:
                        self._warming_catalogue = None
            if self._stop_warming.is_set():
                raise WarmUpCancelled
            vocabulary = Vocabulary(counts)
            with self._vocabulary_lock:
                if self._vocabulary is None:
                    self._vocabulary = vocabulary
        finally:
            self._warming.clear()

    def cancel_warm_up(self) -> None:
        """Stop ``warm_up`` early, running or still to run (safe from any thread)."""
        with self._warming_lock:
            self._stop_warming.set()
            if self._warming_catalogue is not None:
                self._warming_catalogue.interrupt()

    def search(self, query: str, limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
        """Ranked hits for ``query`` (typo tier included); see ``find`` for "did you mean"."""
        return self.find(query, limit).hits

    def find(self, query: str, limit: int = DEFAULT_LIMIT) -> SearchResult:
        key = query_key(query)
        if not key or limit <= 0:
            return SearchResult([])
        best: dict[int, tuple[tuple, NameRow]] = {}
        fetch = max(limit * 4, 100)
        stripped = self.without_salts(key)
        parts = self.combination_parts(query)
        wanted = max(len(parts), 1)
        for row in self._catalogue.names_exact(key, fetch):
            self._keep(best, row, _EXACT_TIER[row.kind], (0,), _identity(row, wanted))
        if stripped != key:
            # a query naming a salt ranks that salt's products first, then the moiety's others
            for row in self._catalogue.names_exact(stripped, fetch):
                tier = max(_EXACT_TIER[row.kind], Tier.EXACT_SYNONYM)
                self._keep(best, row, tier, (1,), _identity(row, wanted))
        if len(parts) > 1:
            for row in self._combination_rows(parts, fetch):
                self._keep(best, row, Tier.EXACT_INGREDIENT, (0,), _identity(row, wanted))
        for k in dict.fromkeys([key, stripped]):
            for row in self._catalogue.names_prefix(k, fetch):
                self._keep(best, row, Tier.PREFIX)
            for row in self._catalogue.names_word_prefix(k, fetch):
                self._keep(best, row, Tier.WORD_PREFIX)
        if len(best) < limit:
            for row in self._catalogue.names_substring(key, fetch):
                self._keep(best, row, Tier.SUBSTRING)
        for row in self._catalogue.names_pharm_class(key, fetch):  # "beta-adrenergic blocker"
            self._keep(best, row, Tier.PHARM_CLASS)
        did_you_mean = None
        if len(best) < FUZZY_BELOW:
            suggestion = self._fuzzy(key, best, fetch)
            # offered only when no name starts with what was typed: "lipit" is not a typo
            if all(rank[0] > Tier.WORD_PREFIX for rank, _ in best.values() if rank[0] < Tier.FUZZY):
                did_you_mean = suggestion
        ranked = heapq.nsmallest(limit, best.values(), key=lambda pair: pair[0])
        return SearchResult(
            [_hit(rank, row) for rank, row in ranked], did_you_mean, len(best) - len(ranked)
        )

    # -- combinations -------------------------------------------------------------------------

    def combination_parts(self, query: str) -> list[str]:
        """The ingredient keys a query names as a combination, or [] when it names one thing.

        Any of "/", "+", ",", "&", "and", "with", "w/" separates; "-" separates only where both
        sides are known ingredient names, so "fam-trastuzumab" and "interferon beta-1a" stay
        whole.
        """
        pieces = [p for p in _COMBINATION_SEPARATOR.split(query[: MAX_QUERY_CHARS * 4]) if p]
        parts: list[str] = []
        for piece in pieces:
            halves = [query_key(h) for h in piece.split("-")]
            if len(halves) > 1 and all(h and self._is_ingredient(h) for h in halves):
                parts.extend(halves)
            elif query_key(piece):
                parts.append(query_key(piece))
        if len(parts) < 2 or len(parts) > MAX_FUZZY_WORDS:
            return []
        return [self.without_salts(p) for p in parts]

    def _is_ingredient(self, key: str) -> bool:
        rows = self._catalogue.names_exact(self.without_salts(key), 50)
        return any(row.kind in (NameKind.INGREDIENT, NameKind.TITLE) for row in rows)

    def _combination_rows(self, parts: list[str], fetch: int) -> list[NameRow]:
        """Name rows of monographs holding every ingredient ``parts`` names, in any order."""
        holders: list[dict[int, NameRow]] = []
        for part in parts:
            rows = self._catalogue.names_exact(part, fetch * 10)
            holders.append(
                {row.monograph_id: row for row in rows if row.kind is not NameKind.BRAND}
            )
        common = set(holders[0]).intersection(*holders[1:])
        wanted = set(parts)
        out = []
        for monograph_id in common:
            row = holders[0][monograph_id]
            ingredients = {normalise(i) for i in row.ingredients}
            if wanted <= ingredients:
                out.append(row)
        return out

    # -- the typo tier ------------------------------------------------------------------------

    def corrected_keys(self, key: str) -> list[tuple[str, int]]:
        """Spelling corrections of ``key`` with their edit counts, best first (may be empty)."""
        words = key.split(" ")
        if len(words) > MAX_FUZZY_WORDS or max_edits(len(key)) == 0:
            return []
        if self._vocabulary is None and self._warming.is_set():
            return []  # being loaded by warm_up(): never make a keystroke wait for it
        vocabulary = self.vocabulary()
        options: list[list[Correction]] = []
        corrected_any = False
        for position, word in enumerate(words):
            keep = [Correction(word, 0, vocabulary.uses(word))]
            if word in vocabulary:
                options.append(keep)
                continue
            fixes = vocabulary.corrections(word)
            corrected_any = corrected_any or bool(fixes)
            if position == len(words) - 1 and vocabulary.starts_a_word(word):
                # maybe still being typed ("lipit"), maybe a typo that begins another name
                # ("lipitr" of "Lipitracet"): keep it, and offer the corrections too
                options.append(keep + fixes[:2])
            else:
                options.append(fixes or keep)
        if not corrected_any:
            return []
        budget = max_edits(len(key))
        combos = [
            combo
            for combo in itertools.product(*(o[:3] for o in options))
            if 0 < sum(c.edits for c in combo) <= budget
        ]
        combos.sort(key=lambda combo: (sum(c.edits for c in combo), -sum(c.uses for c in combo)))
        return [
            (" ".join(c.word for c in combo), sum(c.edits for c in combo))
            for combo in combos[:MAX_CORRECTED_QUERIES]
        ]

    def _fuzzy(self, key: str, best: dict[int, tuple[tuple, NameRow]], fetch: int) -> str | None:
        suggestion = None
        for order, (corrected, edits) in enumerate(self.corrected_keys(key)):
            exact = self._catalogue.names_exact(corrected, fetch)
            prefix = self._catalogue.names_prefix(corrected, fetch)
            word_prefix = self._catalogue.names_word_prefix(corrected, fetch)
            for row in exact:
                self._keep(best, row, Tier.FUZZY, (edits, order, _EXACT_TIER[row.kind]))
            for row in prefix:
                self._keep(best, row, Tier.FUZZY, (edits, order, Tier.PREFIX))
            for row in word_prefix:
                self._keep(best, row, Tier.FUZZY, (edits, order, Tier.WORD_PREFIX))
            if (exact or prefix or word_prefix) and suggestion is None:
                suggestion = self._display(corrected)
        return suggestion

    def _display(self, corrected: str) -> str:
        """How to show a corrected query: a name's own spelling when it is a whole name."""
        rows = self._catalogue.names_exact(corrected, 20)
        if not rows:
            return corrected
        return min(rows, key=lambda row: (_EXACT_TIER[row.kind], row.display)).display

    # -- ranking ------------------------------------------------------------------------------

    @staticmethod
    def _keep(
        best: dict[int, tuple[tuple, NameRow]],
        row: NameRow,
        tier: Tier,
        within: tuple = (),
        identity: tuple = (),
    ) -> None:
        """Record ``row`` under ``tier`` unless its monograph already ranks as well or better.

        Within a tier: for exact ingredient matches, the family of exactly the ingredients
        asked for, then single-ingredient brands, then combinations (``identity``); then
        marketed before discontinued, shorter matched name first, then fewer ingredients (the
        product of the ingredient alone before its combinations), then title.
        """
        rank = (
            tier,
            *within,
            *identity,
            not row.active,
            len(row.display),
            len(row.ingredients) - (len(row.ingredients) > 0),  # one (or none) before combinations
            row.title.casefold(),
            row.monograph_id,
        )
        current = best.get(row.monograph_id)
        if current is None or rank < current[0]:
            best[row.monograph_id] = (rank, row)


def _identity(row: NameRow, wanted: int) -> tuple[int, bool]:
    """(how many ingredients more than asked for, not a generic family): the generic family
    of the query's ingredients first, then brands of them alone, then combinations, smallest
    first."""
    return (abs(len(row.ingredients) - wanted), row.monograph_kind != "generic")


def _hit(rank: tuple, row: NameRow) -> SearchHit:
    return SearchHit(
        monograph_id=row.monograph_id,
        title=row.title,
        kind=row.monograph_kind,
        brands=row.brands,
        ingredients=row.ingredients,
        matched_name=row.display,
        matched_kind=row.kind,
        tier=int(rank[0]),
        active=row.active,
    )
