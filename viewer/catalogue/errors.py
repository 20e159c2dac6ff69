"""Errors the catalogue layer raises, each with a message a clinician can act on.

The message always names the file and says what to do; the CLI prints it on one line and the
window shows it in a dialog. No caller needs to look inside a sqlite3 exception.
"""

from __future__ import annotations

from pathlib import Path


class CatalogueError(Exception):
    """The catalogue file cannot be used. ``str(error)`` is the user-facing message."""

    def __init__(self, path: Path | str, problem: str, advice: str = "") -> None:
        self.path = Path(path)
        self.problem = problem
        self.advice = advice
        message = f"{self.path}: {problem}"
        if advice:
            message += f" {advice}"
        super().__init__(message)


class CatalogueMissing(CatalogueError):
    """No file at that path."""


class NotACatalogue(CatalogueError):
    """The file is something else: a folder, empty, not SQLite, or SQLite of another program."""


class CatalogueDamaged(CatalogueError):
    """It is a catalogue, but truncated, corrupt or missing tables."""


class CatalogueTooNew(CatalogueError):
    """Made by a newer version of the app, with a schema this version cannot read."""


class CataloguePendingWal(CatalogueError):
    """Changes committed by another program are still in the file's ``-wal``: reading the
    file alone would show stale data, so read-only commands refuse it."""


class BuildError(Exception):
    """The catalogue could not be built from its sources; nothing was replaced."""
