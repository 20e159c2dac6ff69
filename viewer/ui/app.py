"""Start the window: the application object, its icon and settings, and the catalogue to show.

With no ``--catalogue`` the app uses its own catalogue and builds it (showing progress, search
enabled as soon as it is ready) when it is missing or older than the shipped sources. A named
catalogue is opened as it is; if it is unusable the window still opens and says why.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from viewer import __version__
from viewer.catalogue.errors import CatalogueError
from viewer.catalogue.locate import rebuild_reason
from viewer.catalogue.store import Catalogue
from viewer.paths import data_dir, default_catalogue_path, resources_dir
from viewer.ui.main_window import MainWindow

APP_NAME = "drugview"


def application() -> QApplication:
    """The QApplication, created once with the names QSettings and the desktop use."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_NAME)
    icon = resources_dir() / "drugview.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def open_window(catalogue: Path | None, settings: QSettings | None = None) -> MainWindow:
    """A shown main window on ``catalogue`` (or the app's own, built first when needed)."""
    window = MainWindow(settings or QSettings())
    window.show()
    if catalogue is not None:
        try:
            window.set_catalogue(Catalogue.open(catalogue))
        except CatalogueError as error:
            window.edition_label.setText("No catalogue open")
            window.show_error("Cannot open this catalogue", str(error))
        return window
    managed = default_catalogue_path()
    try:
        window.set_catalogue(Catalogue.open(managed))
    except CatalogueError:
        window.start_build(data_dir(), managed)  # first start (or a broken file): build it
        return window
    # The catalogue is usable now; whether it is older than the shipped sources is checked once
    # the window is up, and an update is built in the background and swapped in when ready.
    QTimer.singleShot(0, lambda: _update_if_stale(window, managed))
    return window


def _update_if_stale(window: MainWindow, managed: Path) -> None:
    reason = rebuild_reason(managed, data_dir())
    if reason is not None and not window.building:
        window.start_build(data_dir(), managed, update=True)


def run(catalogue: Path | None = None) -> int:
    app = application()
    window = open_window(catalogue)
    window.raise_()
    return app.exec()
