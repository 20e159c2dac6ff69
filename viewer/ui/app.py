"""Start the window: the application object, its icon and settings, and the catalogue to show.

The window's shell is shown first; its content (result list, monograph view) and the
catalogue load right after, so the window is on screen as early as Qt allows and typing can
begin at once. With no ``--catalogue`` the app uses its own catalogue and builds it (showing
progress, search enabled as soon as it is ready) when it is missing or unusable; when it is
older than the shipped sources it is updated in the background. A named catalogue is opened as
it is; if it is unusable the window still opens and says why.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from viewer import __version__
from viewer.catalogue.errors import CatalogueError
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
    """A shown main window; its content and ``catalogue`` (or the app's own) load just after.

    ``window.contentReady`` fires once both are in place (or the build has started).
    """
    window = MainWindow(settings or QSettings(), defer_content=True)
    window.contentReady.connect(lambda: _load_catalogue(window, catalogue))
    window.show()
    return window


def _load_catalogue(window: MainWindow, catalogue: Path | None) -> None:
    from viewer.catalogue.atomic import sweep
    from viewer.catalogue.errors import CataloguePendingWal
    from viewer.catalogue.store import Catalogue

    if catalogue is not None:
        try:
            window.set_catalogue(Catalogue.open(catalogue))
        except CatalogueError as error:
            window.edition_label.setText("No catalogue open")
            window.show_error("Cannot open this catalogue", str(error))
        return
    managed = default_catalogue_path()
    sweep(managed)  # temporary files a killed import or build left beside it
    try:
        window.set_catalogue(Catalogue.open(managed))
    except CataloguePendingWal as error:  # a rebuild would drop another program's changes
        window.edition_label.setText("No catalogue open")
        window.show_error("Cannot open this catalogue", str(error))
        return
    except CatalogueError:
        window.start_build(data_dir(), managed)  # first start (or a broken file): build it
        return
    # Whether the catalogue is older than the shipped sources is checked once the window is
    # up; an update is built in the background and swapped in when ready.
    QTimer.singleShot(0, lambda: _update_if_stale(window, managed))


def _update_if_stale(window: MainWindow, managed: Path) -> None:
    from viewer.catalogue.locate import rebuild_reason

    if window.building or window.catalogue is None:
        return
    if rebuild_reason(managed, data_dir()) is not None:
        window.start_build(data_dir(), managed, update=True)


def run(catalogue: Path | None = None) -> int:
    app = application()
    window = open_window(catalogue)
    window.raise_()
    return app.exec()
