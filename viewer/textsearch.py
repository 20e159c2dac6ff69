"""Find monographs by words in their text: the second, bounded search tier. Qt-free.

What the user typed is never handed to SQLite's full-text syntax. It is cut into words (runs of
letters and digits, as the index's own ``unicode61`` tokenizer cuts them) and each word is quoted,
so quotes, ``AND``/``OR``/``NOT``, ``NEAR``, ``*``, ``-``, parentheses and ``column:`` filters are
searched as the plain words they contain and never raise a syntax error. Several words match
sections holding all of them; sections holding them as a phrase rank first (the query is
``"w1 w2" OR ("w1" AND "w2")``, and bm25 counts the phrase as well as the words).

Sections are ranked by bm25 and each monograph appears once, under its best section, with a
short snippet whose matched words are given as offsets (the snippet itself is plain text).

Ranking every match of a common word costs time in proportion to how many sections hold it (at
the scale of all FDA labels, "patients" is in most of them), so ranking is bounded: when more than
``RANK_CAP`` sections match, only the first ``RANK_CAP`` in catalogue order are ranked. Rare words
and phrases, the useful queries, are ranked in full. See bench/README.md for the figures.

For a window: run ``TextSearch.search`` off the UI thread on a ``TextSearch`` of its own (its own
connection, from ``TextSearch.open``), debounce keystrokes, and call ``cancel()`` before starting
the next query; a cancelled or over-budget search raises ``SearchCancelled``.
"""

from __future__ import annotations

import re
import sqlite3
import time
import unicodedata
from collections.abc import Collection
from pathlib import Path

from viewer.catalogue.store import Catalogue
from viewer.model import TextHit

DEFAULT_TEXT_LIMIT = 20
RANK_CAP = 2000  # most matching sections ranked per query
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
    if not words:
        return None
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    if len(quoted) == 1:
        return quoted[0]
    phrase = '"' + " ".join(w.replace('"', '""') for w in words) + '"'
    return f"{phrase} OR ({' AND '.join(quoted)})"


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


class TextSearch:
    """Ranked full-text search over one open catalogue's section text."""

    def __init__(self, catalogue: Catalogue, time_budget: float | None = None) -> None:
        """``time_budget``: seconds after which a search gives up (``SearchCancelled``)."""
        self._catalogue = catalogue
        self._budget = time_budget

    @classmethod
    def open(cls, path: Path | str, time_budget: float | None = 1.0) -> TextSearch:
        """A text search with a connection of its own, for a worker thread."""
        return cls(Catalogue.open(path), time_budget)

    def close(self) -> None:
        self._catalogue.close()

    def cancel(self) -> None:
        """Abort the search running now, if any (safe to call from any thread)."""
        self._catalogue.interrupt()

    def search(
        self, query: str, limit: int = DEFAULT_TEXT_LIMIT, exclude: Collection[int] = ()
    ) -> list[TextHit]:
        """Monographs whose text holds the words of ``query``, best first; never a syntax error.

        ``exclude``: monograph ids to leave out (those the name tier already listed).
        """
        fts = fts_query(query)
        if fts is None or limit <= 0:
            return []
        if self._budget is not None:
            deadline = time.monotonic() + self._budget
            self._catalogue.set_progress_handler(lambda: time.monotonic() > deadline, 1000)
        try:
            return self._search(fts, limit, exclude)
        except sqlite3.OperationalError as error:
            if "interrupt" in str(error):
                raise SearchCancelled(str(error)) from error
            raise
        finally:
            if self._budget is not None:
                self._catalogue.set_progress_handler(None, 0)

    def _search(self, fts: str, limit: int, exclude: Collection[int]) -> list[TextHit]:
        catalogue = self._catalogue
        cutoff = catalogue.text_cutoff(fts, RANK_CAP)
        best: dict[int, tuple[int, float]] = {}
        for section_id, monograph_id, rank in catalogue.text_ranked(
            fts, cutoff, limit * 8 + len(exclude)
        ):
            if monograph_id not in exclude and monograph_id not in best:
                best[monograph_id] = (section_id, rank)
                if len(best) == limit:
                    break
        summaries = catalogue.monograph_summaries(list(best))
        hits = []
        for monograph_id, (section_id, rank) in best.items():
            found = catalogue.text_snippet(fts, section_id, _OPEN, _CLOSE, SNIPPET_TOKENS)
            summary = summaries.get(monograph_id)
            if found is None or summary is None:
                continue
            section_kind, section_title, marked = found
            snippet, highlights = split_snippet(marked)
            title, kind, brands, ingredients, active = summary
            hits.append(
                TextHit(
                    monograph_id=monograph_id,
                    title=title,
                    kind=kind,
                    brands=brands,
                    ingredients=ingredients,
                    section_kind=section_kind,
                    section_title=section_title,
                    snippet=snippet,
                    highlights=highlights,
                    score=rank,
                    active=bool(active),
                )
            )
        return hits
