"""The catalogue a command reads: the one named with ``--catalogue`` as it is, or the app's own
(built first when missing or older than the shipped sources)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from viewer.catalogue.errors import CatalogueError, CataloguePendingWal
from viewer.catalogue.locate import ensure_catalogue
from viewer.catalogue.store import Catalogue
from viewer.cli.progress import build_progress
from viewer.paths import data_dir, default_catalogue_path
from viewer.session import SearchSession

log = logging.getLogger(__name__)


def ensure_managed() -> Path:
    """The app's own catalogue, built now if it is missing or out of date."""
    path = default_catalogue_path()
    summary = ensure_catalogue(path, data_dir(), build_progress(sys.stderr))
    if summary:
        log.info("catalogue built: %d monographs in %.1f s", summary.monographs, summary.seconds)
        print(
            f"built {path} ({summary.monographs} monographs) in {summary.seconds:.1f} s",
            file=sys.stderr,
        )
    return path


def open_session(explicit: Path | None) -> SearchSession:
    """A search session on the named catalogue (read-only), or on the app's own."""
    path = explicit if explicit is not None else ensure_managed()
    session = SearchSession.open(path)
    log.info("catalogue opened: %s", session.path)
    return session


def is_catalogue(path: Path) -> bool:
    try:
        Catalogue.open(path, legacy_ok=True).close()  # an older schema's labels are kept too
    except CataloguePendingWal:
        return True  # the build carries it over through SQLite, WAL included
    except CatalogueError:
        return False
    return True
