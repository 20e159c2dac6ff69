"""Full-text search off the UI thread, so a slow query never holds up typing.

One worker thread with its own read-only connection. Each request carries a generation
number; a newer keystroke cancels the running search (``TextSearch.cancel`` is safe from any
thread) and the window ignores any answer whose generation is no longer current.
"""

from __future__ import annotations

import atexit
import contextlib
import sqlite3
import weakref
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from viewer.catalogue.errors import CatalogueError
from viewer.textsearch import DEFAULT_TEXT_LIMIT, SearchCancelled, TextSearch


class _Searcher(QObject):
    """Lives in the worker thread; runs one text search per request."""

    finished = Signal(int, list)  # generation, text hits

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._path = path
        self._search: TextSearch | None = None

    def text_search(self) -> TextSearch | None:
        if self._search is None:
            try:
                self._search = TextSearch.open(self._path)
            except CatalogueError:
                return None
        return self._search

    @Slot(int, str, list)
    def run(self, generation: int, query: str, exclude: list) -> None:
        search = self.text_search()
        if search is None:
            return
        try:
            hits = search.search(query, DEFAULT_TEXT_LIMIT, exclude=set(exclude))
        except SearchCancelled:
            return
        except sqlite3.DatabaseError:
            hits = []  # a damaged text index must not take the name results down with it
        self.finished.emit(generation, hits)

    @Slot()
    def close(self) -> None:
        if self._search is not None:
            self._search.close()
            self._search = None

    def cancel(self) -> None:
        if self._search is not None:
            self._search.cancel()


class TextSearchWorker(QObject):
    """The window's handle on the worker thread: ``request`` and ``found``."""

    found = Signal(int, list)  # generation, text hits (only for the latest request)
    _requested = Signal(int, str, list)
    _close = Signal()

    def __init__(self, catalogue_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = 0
        self._thread = QThread()
        self._thread.setObjectName("text-search")
        self._searcher = _Searcher(catalogue_path)
        self._searcher.moveToThread(self._thread)
        self._requested.connect(self._searcher.run)
        self._close.connect(self._searcher.close)
        self._searcher.finished.connect(self._deliver)
        self._thread.start()
        # However the app ends (window closed, app.quit(), interpreter exit), the thread is
        # stopped first: Qt aborts the process if a running QThread is destroyed.
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)
        atexit.register(_stop_at_exit, weakref.WeakMethod(self.stop))

    def request(self, query: str, exclude: list[int]) -> None:
        """Search ``query`` in the background, dropping any search still running."""
        self.cancel()
        self._requested.emit(self.generation, query, list(exclude))

    def cancel(self) -> None:
        """Forget the current request; a running search stops at its next step."""
        self.generation += 1
        self._searcher.cancel()

    def _deliver(self, generation: int, hits: list) -> None:
        if generation == self.generation:
            self.found.emit(generation, hits)

    def stop(self) -> None:
        """Cancel, close the connection in its own thread, and end the thread (idempotent)."""
        if not self._thread.isRunning():
            return
        self.cancel()
        self._close.emit()
        self._thread.quit()
        self._thread.wait()


def _stop_at_exit(stop: weakref.WeakMethod) -> None:
    method = stop()
    if method is not None:
        with contextlib.suppress(RuntimeError):  # the Qt object may already be gone
            method()
