"""What the window does that is not drawing, Qt-free: which catalogue is open, how the app's own
catalogue is built or updated, recent searches, and the status line.

The window (``viewer.ui.main_window``) renders this state and runs ``Workspace.build`` on its
background runner; everything here can be driven and tested without Qt. Events are logged
(catalogue opened, built, failed, with timings); what was searched never is.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from viewer.paths import data_dir, default_catalogue_path

if TYPE_CHECKING:  # loaded with the first catalogue, not with the window's first frame
    from viewer.catalogue.store import Catalogue
    from viewer.model import SourceEdition
    from viewer.session import SearchSession

log = logging.getLogger(__name__)

MAX_RECENT = 10

Progress = Callable[[str, int, int], None]


class RecentSearches:
    """The last ``MAX_RECENT`` searches the user opened a drug from, newest first, no repeats."""

    def __init__(self, items: Iterable[str] = (), limit: int = MAX_RECENT) -> None:
        self.limit = limit
        self.items: list[str] = []
        for item in items:
            text = str(item).strip()
            if text and text not in self.items:
                self.items.append(text)
        del self.items[limit:]

    def remember(self, query: str) -> bool:
        """Put ``query`` first; False when there is nothing to remember."""
        query = query.strip()
        if not query:
            return False
        self.items = [query, *(q for q in self.items if q != query)][: self.limit]
        return True

    def clear(self) -> None:
        self.items = []


class BuildResult(NamedTuple):  # a NamedTuple: the window imports this module before its frame
    path: Path
    monographs: int
    seconds: float


def edition_summary(build_date: str, sources: tuple[SourceEdition, ...], monographs: int) -> str:
    """One line for the status bar: build date, each source's edition, and the count."""
    from viewer.model import LABEL_SOURCE_KEYS, SourceKey  # with the catalogue (see above)

    def describe(source: SourceEdition) -> str:
        if source.key in (SourceKey.RXNORM, SourceKey.DRUGSATFDA):
            name = "RxNorm" if source.key == SourceKey.RXNORM else "Drugs@FDA"
            return f"{name} {source.edition.split(' ')[0]}"
        if source.key in LABEL_SOURCE_KEYS:
            name = "SPL" if source.key == SourceKey.SPL else "openFDA"
            return f"{source.records:,} {name} labels"
        return source.key

    editions = " · ".join(describe(s) for s in sources)
    return f"Catalogue built {build_date[:10]} · {editions} · {monographs:,} monographs"


def runtime_versions() -> tuple[str, str]:
    """The Python and SQLite versions, for the About box."""
    import platform
    import sqlite3

    return platform.python_version(), sqlite3.sqlite_version


class Workspace:
    """The open catalogue and its search session; the app's own catalogue and its builds."""

    def __init__(self, managed: Path | None = None, sources: Path | None = None) -> None:
        self.managed = managed or default_catalogue_path()
        self.sources = sources or data_dir()
        self.session: SearchSession | None = None
        self.editions: dict[str, SourceEdition] = {}
        self.status_text = ""

    @property
    def catalogue(self) -> Catalogue | None:
        return self.session.catalogue if self.session else None

    def adopt(self, catalogue: Catalogue) -> Catalogue | None:
        """Make ``catalogue`` the open one; returns the previous one (already closed)."""
        from viewer.session import SearchSession

        previous = self.session
        self.session = SearchSession(catalogue)
        sources = catalogue.sources()
        self.editions = {s.key: s for s in sources}
        count = catalogue.monograph_count()
        self.status_text = edition_summary(catalogue.meta().get("build_date", ""), sources, count)
        log.info("catalogue opened: %s (%d monographs)", catalogue.path, count)
        if previous is not None and previous.catalogue is not catalogue:
            previous.close()
        return previous.catalogue if previous else None

    def open(self, path: Path) -> Catalogue | None:
        """Open the catalogue at ``path`` read-only and adopt it; ``CatalogueError`` if
        unusable (then the open one stays). Returns the previous catalogue (closed)."""
        from viewer.catalogue.store import Catalogue

        try:
            catalogue = Catalogue.open(path)
        except Exception as error:
            log.warning("cannot open catalogue %s: %s", path, error)
            raise
        return self.adopt(catalogue)

    def close(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None

    # -- the app's own catalogue --------------------------------------------------------------

    def update_reason(self) -> str | None:
        """Why the app's own catalogue should be rebuilt now (newer shipped sources), or None."""
        from viewer.catalogue.locate import rebuild_reason

        return rebuild_reason(self.managed, self.sources)

    def tidy_and_check(self) -> str | None:
        """Once the app's own catalogue is open: remove what killed writers left beside it
        (temporary files, a stale lock), then ``update_reason``."""
        from viewer.catalogue.atomic import sweep

        removed = sweep(self.managed)
        if removed:
            log.info("removed %d file(s) a killed import or build left", removed)
        return self.update_reason()

    def build(
        self,
        progress: Progress | None = None,
        update: bool = False,
        sources: Path | None = None,
        output: Path | None = None,
    ) -> BuildResult:
        """Build a catalogue (the app's own by default) from ``sources``, on a worker thread; an
        update keeps the labels imported into the catalogue it replaces.

        Raises ``BuildError`` with the reason (the caller shows and logs it).
        """
        from viewer.catalogue.build import build_catalogue

        sources = sources or self.sources
        output = output or self.managed
        carry = output if update else None
        started = time.perf_counter()
        log.info("catalogue %s started: %s", "update" if update else "build", output)
        summary = build_catalogue(sources, output, progress, carry_labels_from=carry)
        seconds = time.perf_counter() - started
        log.info("catalogue built: %d monographs in %.1f s", summary.monographs, seconds)
        return BuildResult(summary.path, summary.monographs, seconds)
