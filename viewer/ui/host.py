"""What the window's features (label import, the medication list) use of the main window.

Features are attached to the ``MainWindow`` and reach back into it; naming what they use as a
protocol keeps ``main_window`` -> feature -> ``main_window`` from becoming an import cycle.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QListView

    from viewer.catalogue.store import Catalogue
    from viewer.ui.monograph_view import MonographView
    from viewer.ui.results_model import ResultsModel
    from viewer.ui.tasks import TaskRunner
    from viewer.workspace import Workspace


class WindowHost(Protocol):
    """The parts of ``viewer.ui.main_window.MainWindow`` its features use."""

    @property
    def catalogue(self) -> Catalogue | None: ...
    @property
    def workspace(self) -> Workspace: ...
    @property
    def monograph_view(self) -> MonographView | None: ...
    @property
    def build_tasks(self) -> TaskRunner: ...
    @property
    def results_model(self) -> ResultsModel | None: ...
    @property
    def results_view(self) -> QListView: ...
    def open_catalogue_file(self, path: Path) -> bool: ...
    def today(self) -> date: ...
