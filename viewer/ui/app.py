"""Start the window: the application object, its icon and settings, and the catalogue to show.

The window's shell is shown first; its content (result list, monograph view) and the
catalogue load right after, so the window is on screen as early as Qt allows and typing can
begin at once. With no ``--catalogue`` the app uses its own catalogue and builds it (showing
progress, search enabled as soon as it is ready) when it is missing or unusable; when it is
older than the shipped sources it is updated in the background. A named catalogue is opened as
it is; if it is unusable the window still opens and says why.
"""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from viewer import __version__
from viewer.catalogue.errors import CatalogueError
from viewer.ui.main_window import MainWindow

if TYPE_CHECKING:
    from viewer.catalogue.store import Catalogue

log = logging.getLogger(__name__)

APP_NAME = "drugview"
COLLECTION_PAUSE_MS = 5000  # the longest the start pauses the garbage collector


def application() -> QApplication:
    """The QApplication, created once with the names QSettings and the desktop use."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_NAME)
    return app  # its icon is set with the rest of the window (MainWindow.build_rest)


def open_window(catalogue: Path | None, settings: QSettings | None = None) -> MainWindow:
    """A shown main window; its content and ``catalogue`` (or the app's own) load just after.

    ``window.contentReady`` fires once both are in place (or the build has started).

    Until then Python's cyclic garbage collector is paused, and the objects made so far are
    then frozen out of its later collections (``gc.freeze``): the start makes tens of
    thousands of long-lived objects (modules, PySide6's types and enums, the window) and
    almost no cyclic garbage, and walking them cost the start its collections and the exit
    a full collection (about 50 ms here, measured with bench/window_bench.py).
    """
    resume = _pause_collection()
    window = MainWindow(settings, defer_content=True)
    window.contentReady.connect(lambda: _load_catalogue(window, catalogue, resume))
    window.show()
    window.build_content_once_shown()
    QTimer.singleShot(COLLECTION_PAUSE_MS, resume)  # should the content never come
    return window


def _pause_collection() -> Callable[[], None]:
    """Pause the cyclic garbage collector; the function returned (idempotent) freezes what
    was made meanwhile and lets the collector run again, if it ran before."""
    collecting = gc.isenabled()
    gc.disable()
    paused = True

    def resume() -> None:
        nonlocal paused
        if paused:
            paused = False
            gc.freeze()  # what the start made stays for the session: no collection need walk it
            if collecting:
                gc.enable()

    return resume


def _load_catalogue(window: MainWindow, catalogue: Path | None, resume: Callable[[], None]) -> None:
    try:
        _open_or_build(window, catalogue)
    finally:
        resume()


def _open_or_build(window: MainWindow, catalogue: Path | None) -> None:
    from viewer.catalogue.errors import CataloguePendingWal

    workspace = window.workspace
    try:
        window.set_catalogue(_open(catalogue or workspace.managed))
    except CatalogueError as error:
        if catalogue is None and not isinstance(error, CataloguePendingWal):
            # first start (or a broken file): build the app's own catalogue. Never over a
            # pending write-ahead log: a rebuild would drop another program's changes.
            log.info("the app's catalogue needs building: %s", error)
            window.start_build(workspace.sources, workspace.managed)
            return
        log.warning("cannot open catalogue: %s", error)
        window.edition_label.setText("No catalogue open")
        window.show_error("Cannot open this catalogue", str(error))
        return
    if catalogue is None:
        # Once the window is up, in the background: what killed writers left beside the
        # catalogue is removed, and whether it is older than the shipped sources is checked;
        # an update is built in the background and swapped in when ready.
        QTimer.singleShot(0, lambda: _update_if_stale(window))


def _open(path: Path) -> Catalogue:
    from viewer.catalogue.store import Catalogue

    return Catalogue.open(path)


def _update_if_stale(window: MainWindow) -> None:
    """In the background, remove what killed writers left beside the app's catalogue, check
    (reading and hashing the shipped sources) whether it is older than them, and if so build
    the update."""
    workspace = window.workspace

    def checked(reason: str | None) -> None:
        if reason is not None and not window.building and window.catalogue is not None:
            log.info("catalogue update needed: %s", reason)
            window.start_build(workspace.sources, workspace.managed, update=True)

    if not window.building and window.catalogue is not None:
        window.build_tasks.submit(lambda _report: workspace.tidy_and_check(), on_done=checked)


def run(catalogue: Path | None = None, verbose: bool = False) -> int:
    app = application()
    window = open_window(catalogue)
    window.raise_()
    # The log is set up once the window is on screen: it costs a cold start about 60 ms.
    QTimer.singleShot(0, lambda: _start_log(verbose))
    return app.exec()


def _start_log(verbose: bool) -> None:
    from viewer.logs import setup_logging

    setup_logging(verbose)
    log.info("window started")
