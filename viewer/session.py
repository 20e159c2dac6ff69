"""The search flow, written once for the window and the CLI (Qt-free).

query -> name tier (ranked names) -> typo suggestion ("Did you mean") -> text tier (words in
monograph text, bounded and cancellable). The CLI runs the whole flow at once (``search``); the
window runs the name tier on every keystroke (``find_names``) and the text tier after a pause
in typing on a background thread (``find_text``), cancelling it (``cancel_text``, safe from any
thread) when the user types on. Nothing here logs what was searched: a query can identify a
patient.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from viewer.catalogue.store import Catalogue
from viewer.model import SearchHit, TextHit
from viewer.search import DEFAULT_LIMIT, NameSearch, Tier
from viewer.textsearch import DEFAULT_TEXT_LIMIT, TextSearch

if TYPE_CHECKING:
    from viewer.monograph import Monograph

MAX_ID = 2**63 - 1  # SQLite's largest integer: no catalogue holds a larger id

log = logging.getLogger(__name__)


class NoSuchDrug(LookupError):
    """No monograph matches what was asked for; the message says what and where."""


class Results(NamedTuple):
    """One query's answer: name hits (best first), a spelling to offer, then text hits."""

    names: tuple[SearchHit, ...] = ()
    did_you_mean: str | None = None
    text: tuple[TextHit, ...] = ()
    more: int = 0  # name hits the limit left out (at least this many): never cut silently

    @property
    def empty(self) -> bool:
        return not self.names and not self.text


class SearchSession:
    """The search flow over one open catalogue. ``close()`` when done (or use ``with``).

    The text tier has a connection of its own, opened on first use, so a text search running
    on a worker thread never shares a connection with the name tier on the caller's thread;
    text searches are serialised by a lock.
    """

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._names = NameSearch(catalogue)
        self._text: TextSearch | None = None
        self._text_lock = threading.Lock()
        self._closed = False

    @classmethod
    def open(cls, path: Path) -> SearchSession:
        """A session on the catalogue at ``path`` (read-only); raises ``CatalogueError``."""
        return cls(Catalogue.open(path))

    @property
    def path(self) -> Path:
        return self.catalogue.path

    def close(self) -> None:
        """Close both connections; a text search still running is cancelled first."""
        self._closed = True
        self.cancel_text()
        with self._text_lock:
            if self._text is not None:
                self._text.close()
                self._text = None
        self.catalogue.close()

    def __enter__(self) -> SearchSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the tiers --------------------------------------------------------------------------

    def warm_up(self) -> None:
        """Load the spelling vocabulary now (a second or so on a large catalogue), so the
        first misspelling is answered without that wait. Safe on a worker thread; raises
        ``viewer.search.WarmUpCancelled`` when ``cancel_warm_up`` stops it."""
        self._names.warm_up()

    def cancel_warm_up(self) -> None:
        """Stop ``warm_up`` early (safe from any thread); it raises ``WarmUpCancelled``."""
        self._names.cancel_warm_up()

    def find_names(self, query: str, limit: int = DEFAULT_LIMIT) -> Results:
        """The name tier and, when nothing matches closely, a spelling to offer."""
        if not query.strip():
            return Results()
        result = self._names.find(query, limit)
        return Results(tuple(result.hits), result.did_you_mean, more=result.more)

    def find_text(
        self, query: str, limit: int = DEFAULT_TEXT_LIMIT, exclude: set[int] | None = None
    ) -> tuple[TextHit, ...]:
        """Monographs whose text holds the words of ``query``, leaving out ``exclude``.

        Raises ``viewer.textsearch.SearchCancelled`` when ``cancel_text`` stops it, and
        ``sqlite3.DatabaseError`` when the text index is damaged (the caller says so).
        """
        if limit <= 0 or not query.strip():
            return ()
        with self._text_lock:
            if self._closed:
                return ()
            if self._text is None:
                self._text = TextSearch.open(self.catalogue.path)
            return tuple(self._text.search(query, limit, exclude=exclude or set()))

    def cancel_text(self) -> None:
        """Stop the text search running now, if any (safe from any thread)."""
        text = self._text
        if text is not None:
            text.cancel()

    def search(self, query: str, limit: int = DEFAULT_LIMIT) -> Results:
        """The whole flow at once: name hits first, text hits fill the room up to ``limit``."""
        names = self.find_names(query, limit)
        room = limit - len(names.names)
        shown = {hit.monograph_id for hit in names.names}
        text = self.find_text(query, room, exclude=shown) if room > 0 else ()
        return Results(names.names, names.did_you_mean, text, more=names.more)

    # -- one monograph ----------------------------------------------------------------------

    def monograph(self, monograph_id: int) -> Monograph | None:
        return self.catalogue.monograph(monograph_id)

    def resolve(self, id_or_name: str) -> Monograph:
        """A monograph by numeric id, by slug, or as the best close name hit.

        A spelling correction is offered in the error, never shown in place of what was asked.
        """
        text = id_or_name.strip()
        monograph_id: int | None = None
        if text.isascii() and text.isdigit():
            if int(text) > MAX_ID:
                raise NoSuchDrug(f"the id {text} is out of range (ids go up to {MAX_ID})")
            if self.catalogue.monograph(int(text)) is not None:
                monograph_id = int(text)
        if monograph_id is None:
            monograph_id = self.catalogue.monograph_id_for_slug(text.lower())
        suggestion = None
        if monograph_id is None:
            result = self._names.find(text, limit=1)
            close = [hit for hit in result.hits if hit.tier < Tier.FUZZY]
            monograph_id = close[0].monograph_id if close else None
            suggestion = result.did_you_mean
        monograph = self.catalogue.monograph(monograph_id) if monograph_id is not None else None
        if monograph is None:
            hint = f"; did you mean {suggestion!r}?" if suggestion else ""
            raise NoSuchDrug(f"no drug matches {id_or_name!r} in {self.catalogue.path}{hint}")
        return monograph
