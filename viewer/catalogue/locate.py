"""Decide whether the app's own catalogue must be (re)built before use, and build it.

Only the app-managed catalogue (the default path) is ever rebuilt automatically. A file the
user names with ``--catalogue`` or File > Open is opened as it is, read-only, never replaced.
A rebuild carries over the labels the user imported into the catalogue it replaces.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from viewer.catalogue.atomic import sweep
from viewer.catalogue.errors import CatalogueError, CataloguePendingWal
from viewer.catalogue.fingerprint import sources_fingerprint
from viewer.catalogue.store import Catalogue

if TYPE_CHECKING:
    from viewer.catalogue.build import BuildSummary, Progress

SOURCES_CHANGED = "the shipped sources have changed since it was built"


def rebuild_reason(path: Path, data_dir: Path) -> str | None:
    """Why the managed catalogue at ``path`` must be built, or None when it is current."""
    try:
        with Catalogue.open(path, legacy_ok=True) as catalogue:  # an older schema: rebuilt
            recorded = catalogue.meta().get("sources_fingerprint")
    except CataloguePendingWal:
        raise  # rebuilding would drop another program's changes: refuse, saying why
    except CatalogueError as error:
        if not path.exists():
            return "no catalogue yet"
        return f"the catalogue cannot be used ({error.problem})"
    if recorded != sources_fingerprint(data_dir):
        return SOURCES_CHANGED
    return None


def ensure_catalogue(
    path: Path, data_dir: Path, progress: Progress | None = None
) -> BuildSummary | None:
    """Build the managed catalogue when missing or older than its sources; None if current.

    When the old catalogue is still readable (only its sources are old), the labels filed in it
    are filed again in the new one, so nothing a user imported is lost.
    """
    sweep(path)  # what a killed import or build left beside it
    reason = rebuild_reason(path, data_dir)
    if reason is None:
        return None
    from viewer.catalogue.build import build_catalogue  # only when a build is needed

    carry = path if reason == SOURCES_CHANGED else None
    return build_catalogue(data_dir, path, progress, carry_labels_from=carry)
