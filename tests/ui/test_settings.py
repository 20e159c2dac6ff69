"""The typed settings object: defaults, wrong types read as defaults, older files migrated."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from viewer.ui.settings import VERSION, Settings, as_settings


def ini(path: Path) -> QSettings:
    return QSettings(str(path), QSettings.Format.IniFormat)


def test_defaults_on_a_fresh_file(tmp_path: Path) -> None:
    settings = Settings(ini(tmp_path / "s.ini"))
    assert settings.geometry is None and settings.splitter is None
    assert settings.point_size is None
    assert settings.recent_searches == []
    assert (settings.clinic, settings.paper) == ("", "")


def test_values_round_trip_through_the_file(tmp_path: Path) -> None:
    settings = Settings(ini(tmp_path / "s.ini"))
    settings.point_size = 13.5
    settings.recent_searches = ["rebif", "avon"]
    settings.clinic = "Riverside Clinic"
    settings.paper = "letter"
    settings.geometry = QByteArray(b"\x01\x02")
    settings.sync()
    again = Settings(ini(tmp_path / "s.ini"))
    assert again.point_size == 13.5
    assert again.recent_searches == ["rebif", "avon"]
    assert (again.clinic, again.paper) == ("Riverside Clinic", "letter")
    assert again.geometry == QByteArray(b"\x01\x02")


def test_an_unversioned_file_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.ini"
    path.write_text("[search]\nrecent=avon\n[view]\npoint_size=huge\n")
    settings = Settings(ini(path))
    assert settings.recent_searches == ["avon"]
    assert settings.point_size is None  # a value of the wrong kind reads as the default
    settings.sync()
    text = path.read_text()
    assert f"version={VERSION}" in text and "point_size" not in text


def test_as_settings_wraps_a_qsettings_once(tmp_path: Path) -> None:
    raw = ini(tmp_path / "s.ini")
    wrapped = as_settings(raw)
    assert wrapped.store is raw and as_settings(wrapped) is wrapped
