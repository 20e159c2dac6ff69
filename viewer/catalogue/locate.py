"""Decide whether the app's own catalogue must be (re)built before use, and build it.

Only the app-managed catalogue (the default path) is ever rebuilt automatically. A file the
user names with ``--catalogue`` or File > Open is opened as it is, read-only, never replaced.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from viewer.catalogue.errors import CatalogueError
from viewer.catalogue.fingerprint import sources_fingerprint
from viewer.catalogue.store import Catalogue

if TYPE_CHECKING:
    from viewer.catalogue.build import BuildSummary, Progress


def rebuild_reason(path: Path, data_dir: Path) -> str | None:
    """Why the managed catalogue at ``path`` must be built, or None when it is current."""
    try:
        with Catalogue.open(path) as catalogue:
            recorded = catalogue.meta().get("sources_fingerprint")
    except CatalogueError as error:
        if not path.exists():
            return "no catalogue yet"
        return f"the catalogue cannot be used ({error.problem})"
    if recorded != sources_fingerprint(data_dir):
        return "the shipped sources have changed since it was built"
    return None


def ensure_catalogue(
    path: Path, data_dir: Path, progress: Progress | None = None
) -> BuildSummary | None:
    """Build the managed catalogue when missing or older than its sources; None if current."""
    if rebuild_reason(path, data_dir) is None:
        return None
    from viewer.catalogue.build import build_catalogue  # only when a build is needed

    return build_catalogue(data_dir, path, progress)
