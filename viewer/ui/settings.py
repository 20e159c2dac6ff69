"""The app's remembered settings: one typed object over ``QSettings``, with defaults and migration.

Every key the app stores is a property here, so no other module spells a settings key. Values
of the wrong type (a hand-edited file, an older version) read as the default. ``VERSION`` is
written on first use; ``_migrate`` brings older files forward (unversioned files stored a
single recent search as a bare string, and sizes as text).
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QByteArray, QSettings

from viewer.workspace import MAX_RECENT

VERSION = 1


class Settings:
    """Typed access to the app's ``QSettings`` (the user's, unless one is given)."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store if store is not None else QSettings("drugview", "drugview")
        self._migrate()

    def _migrate(self) -> None:
        version = self._int("settings/version", 0)
        if version < 1:
            recent = self.store.value("search/recent")
            if isinstance(recent, str):  # an INI file holds a one-item list as a string
                self.store.setValue("search/recent", [recent] if recent else [])
            size = self.store.value("view/point_size")
            if size is not None and self._float("view/point_size") is None:
                self.store.remove("view/point_size")
            self.store.setValue("settings/version", VERSION)

    def _int(self, key: str, default: int) -> int:
        try:
            return int(str(self.store.value(key, default)))
        except ValueError:
            return default

    def _float(self, key: str) -> float | None:
        value = self.store.value(key)
        if value is None:
            return None
        with contextlib.suppress(TypeError, ValueError):
            return float(str(value))
        return None

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.store.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def _text(self, key: str) -> str:
        value = self.store.value(key, "")
        return value if isinstance(value, str) else ""

    # -- the window -------------------------------------------------------------------------

    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self.store.setValue("window/geometry", value)

    @property
    def splitter(self) -> QByteArray | None:
        return self._bytes("window/splitter")

    @splitter.setter
    def splitter(self, value: QByteArray) -> None:
        self.store.setValue("window/splitter", value)

    @property
    def point_size(self) -> float | None:
        """The monograph's text size, or None for the default."""
        return self._float("view/point_size")

    @point_size.setter
    def point_size(self, value: float) -> None:
        self.store.setValue("view/point_size", float(value))

    @property
    def recent_searches(self) -> list[str]:
        value = self.store.value("search/recent") or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return []
        return [str(item) for item in value][:MAX_RECENT]

    @recent_searches.setter
    def recent_searches(self, value: list[str]) -> None:
        self.store.setValue("search/recent", list(value))

    # -- the handout dialog -----------------------------------------------------------------

    @property
    def clinic(self) -> str:
        """The clinic line of handouts (the patient's name, date and notes are never kept)."""
        return self._text("handout/clinic")

    @clinic.setter
    def clinic(self, value: str) -> None:
        self.store.setValue("handout/clinic", value)

    @property
    def paper(self) -> str:
        """The paper size last chosen ("a4", "letter"), or "" for the printer's or locale's."""
        return self._text("handout/paper")

    @paper.setter
    def paper(self, value: str) -> None:
        self.store.setValue("handout/paper", value)

    def sync(self) -> None:
        self.store.sync()


def as_settings(value: Settings | QSettings | None) -> Settings:
    """A ``Settings`` for what a caller holds: one already, a raw ``QSettings``, or nothing."""
    if isinstance(value, Settings):
        return value
    return Settings(value)
