"""Find monographs by words in their text: the second, bounded search tier. Qt-free.

What the user typed is never handed to SQLite's full-text syntax. It is cut into words (runs of
letters and digits, as the index's own ``unicode61`` tokenizer cuts them) and each word is quoted,
so quotes, ``AND``/``OR``/``NOT``, ``NEAR``, ``*``, ``-``, parentheses and ``column:`` filters are
searched as the plain words they contain and never raise a syntax error. Several words match
sections holding all of them; sections holding them as a phrase rank first (the query is
``"w1 w2" OR ("w1" AND "w2")``, and bm25 counts the phrase as well as the words).

Sections are ranked by bm25 and each monograph appears once, under its best section, with a
short snippet whose matched words are given as offsets (the snippet itself is plain text).

Ranking is bounded, because FTS5's bm25 costs time in proportion to how many sections hold each
word (at the scale of all FDA labels "the" or "patients" is in most of them):

* a word in more than ``COMMON_FRACTION`` of all sections ranks nothing: it only filters, as a
  stop word would ("liver the" ranks on "liver" and keeps the sections that also hold "the");
  a query of only such words lists the first matching sections in catalogue order, unranked;
* when more than ``RANK_CAP`` sections match, only the first ``RANK_CAP`` in catalogue order are
  ranked. Rare words and phrases, the useful queries, are ranked in full.

See bench/README.md for the figures at 150,000 monographs.

For a window: run ``TextSearch.search`` off the UI thread on a ``TextSearch`` of its own (its own
connection, from ``TextSearch.open``), debounce keystrokes, and call ``cancel()`` before starting
the next query (a cancelled search raises ``SearchCancelled``); drop results of stale queries.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Collection
from pathlib import Path

from viewer.catalogue.store import Catalogue
from viewer.model import TextHit

DEFAULT_TEXT_LIMIT = 20
RANK_CAP = 2000  # most matching sections ranked per query
COMMON_FRACTION = 0.1  # a word in more than this share of sections only filters, never ranks
COMMON_PROBE = 1000  # matches read to estimate that share
MAX_WORDS = 12
MAX_WORD_CHARS = 64
MAX_QUERY_CHARS = 1000
SNIPPET_TOKENS = 16
_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use marks around matches, removed from snippets
_WORD = re.compile(r"[^\W_]+")


class SearchCancelled(Exception):
    """The text search was cancelled (``TextSearch.cancel``) or ran over its time budget."""


def query_words(query: str) -> list[str]:
    """The searchable words of what the user typed, bounded in number and length."""
    text = unicodedata.normalize("NFC", query[: MAX_QUERY_CHARS * 4])[:MAX_QUERY_CHARS]
    words: list[str] = []
    for word in _WORD.findall(text):
        word = word[:MAX_WORD_CHARS].casefold()
        if word not in words:
            words.append(word)
        if len(words) == MAX_WORDS:
            break
    return words


def fts_query(query: str) -> str | None:
    """An FTS5 query matching what the user typed as plain text; None when it has no words."""
    words = query_words(query)
    return fts_query_for(words) if words else None


def fts_query_for(words: list[str]) -> str:
    """Sections holding all ``words``; as a phrase they also score the phrase (bm25)."""
    if len(words) == 1:
        return _quote(words[0])
    return f"{_quote(' '.join(words))} OR ({and_query(words)})"


def split_snippet(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A snippet with match marks -> (plain text, (start, end) offsets of the matches)."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    start: int | None = None
    for piece in re.split(f"([{_OPEN}{_CLOSE}])", marked):
        if piece == _OPEN:
            start = length
        elif piece == _CLOSE:
            if start is not None and length > start:
                spans.append((start, length))
            start = None
        else:
            plain.append(piece)
            length += len(piece)
    return "".join(plain), tuple(spans)


def and_query(words: list[str]) -> str:
    """An FTS5 query for sections holding every one of ``words`` (already split)."""
    return " AND ".join(_quote(w) for w in words)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


class TextSearch:
    """Ranked full-text search over one open catalogue's section text."""

    def __init__(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue
        self._cancelled = False
        self._id_bound: int | None = None

    @classmethod
    def open(cls, path: Path | str) -> TextSearch:
        """A text search with a connection of its own, for a worker thread."""
        return cls(Catalogue.open(path))

    def close(self) -> None:
        self._catalogue.close()

    def cancel(self) -> None:
        """Stop the search running now, if any, at its next step (safe from any thread).

        SQLite is interrupted between statements and rows; a single FTS5 step cannot be cut
        short, so a cancelled search may take a few more milliseconds to raise.
        """
        self._cancelled = True
        self._catalogue.interrupt()

    def search(
        self, query: str, limit: int = DEFAULT_TEXT_LIMIT, exclude: Collection[int] = ()
    ) -> list[TextHit]:
        """Monographs whose text holds the words of ``query``, best first; never a syntax error.

        ``exclude``: monograph ids to leave out (those the name tier already listed).
        Raises ``SearchCancelled`` only when ``cancel()`` was called during the search.
        """
        self._cancelled = False
        words = query_words(query)
        if not words or limit <= 0:
            return []
        try:
            return self._search(words, limit, exclude)
        except sqlite3.OperationalError as error:
            if "interrupt" in str(error):
                raise SearchCancelled(str(error)) from error
            raise

    def _check(self) -> None:
        if self._cancelled:
            raise SearchCancelled("text search cancelled")

    def is_common(self, word: str) -> bool:
        """True for a word in more than ``COMMON_FRACTION`` of all sections ("the", "patients").

        Estimated from where its ``COMMON_PROBE``-th match lies (sections are spread evenly
        enough through the catalogue for this), at the cost of reading that many matches.
        """
        if self._id_bound is None:
            self._id_bound = self._catalogue.section_id_bound()
        if self._id_bound * COMMON_FRACTION < COMMON_PROBE:
            return False
        nth = self._catalogue.text_nth_match(_quote(word), COMMON_PROBE)
        return nth is not None and nth * COMMON_FRACTION < COMMON_PROBE

    def _search(self, words: list[str], limit: int, exclude: Collection[int]) -> list[TextHit]:
        catalogue = self._catalogue
        fetch = limit * 8 + len(exclude)
        common = {w for w in words if self.is_common(w)}
        self._check()
        rare = [w for w in words if w not in common]
        scores: dict[int, float] = {}
        if not rare:
            # Only very common words: any ranking would rank most of the catalogue, and bm25
            # must count every row holding each word. The first matches, in catalogue order.
            match = fts_query_for(words)
            sections = catalogue.text_scan(match, fetch)
        else:
            # Rank on the selective words; common ones only filter (like stop words).
            ranking = fts_query_for(rare) if not common else and_query(rare)
            cutoff = catalogue.text_nth_match(ranking, RANK_CAP)
            self._check()
            scores = {
                ranked.section_id: ranked.rank
                for ranked in catalogue.text_ranked(ranking, cutoff, fetch)
            }
            sections = list(scores)
            match = ranking
            if common:
                match = and_query(words)
                self._check()
                keep = catalogue.text_filter(match, sections)
                sections = [s for s in sections if s in keep]
        self._check()
        owners = catalogue.section_owners(sections)
        best: dict[int, int] = {}
        for section_id in sections:
            monograph_id = owners.get(section_id)
            if monograph_id is None or monograph_id in exclude or monograph_id in best:
                continue
            best[monograph_id] = section_id
            if len(best) == limit:
                break
        summaries = catalogue.monograph_summaries(list(best))
        hits = []
        for monograph_id, section_id in best.items():
            self._check()
            found = catalogue.text_snippet(match, section_id, _OPEN, _CLOSE, SNIPPET_TOKENS)
            summary = summaries.get(monograph_id)
            if found is None or summary is None:
                continue
            snippet, highlights = split_snippet(found.marked)
            hits.append(
                TextHit(
                    monograph_id=monograph_id,
                    title=summary.title,
                    kind=summary.kind,
                    brands=summary.brands,
                    ingredients=summary.ingredients,
                    section_kind=found.section_kind,
                    section_title=found.section_title,
                    snippet=snippet,
                    highlights=highlights,
                    score=scores.get(section_id, 0.0),
                    active=summary.active,
                )
            )
        return hits
