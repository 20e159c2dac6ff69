"""Fixtures for the window tests: isolated settings and a window on a real catalogue."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from viewer.catalogue.store import Catalogue
from viewer.ui.main_window import MainWindow

TODAY = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def isolated_qsettings(tmp_path: Path) -> Iterator[None]:
    """Any QSettings() made without a file writes under the test's folder, never the user's."""
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(fmt, scope, str(tmp_path / "qsettings"))
    yield


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "settings" / "drugview.ini"


@pytest.fixture
def settings(settings_file: Path) -> QSettings:
    return QSettings(str(settings_file), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, settings: QSettings):  # type: ignore[no-untyped-def]
    def make(catalogue_path: Path | None = None, window_settings: QSettings | None = None):
        window = MainWindow(window_settings or settings, today=lambda: TODAY)
        qtbot.addWidget(window)
        if catalogue_path is not None:
            window.set_catalogue(Catalogue.open(catalogue_path))
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


@pytest.fixture
def window(make_window, shipped_catalogue: Path):  # type: ignore[no-untyped-def]
    return make_window(shipped_catalogue)
