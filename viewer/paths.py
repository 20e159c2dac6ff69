"""Where the app finds its shipped sources and keeps its catalogue.

An installed wheel carries the sources inside the package (``viewer/_data``); a source checkout
uses the repository's ``data/``. The built catalogue is per user (XDG data folder), or wherever
``DRUGVIEW_CATALOGUE`` points.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
CATALOGUE_FILE_NAME = "catalogue.sqlite"


def data_dir() -> Path:
    """The folder of shipped sources: curated monographs, derived RxNorm and Drugs@FDA, labels."""
    installed = PACKAGE_DIR / "_data"
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / "data"


def resources_dir() -> Path:
    installed = PACKAGE_DIR / "_resources"
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / "resources"


def user_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "drugview"


def default_catalogue_path() -> Path:
    """The catalogue the app opens when none is named: ``$DRUGVIEW_CATALOGUE`` or the user's."""
    override = os.environ.get("DRUGVIEW_CATALOGUE")
    if override:
        return Path(override).expanduser()
    return user_data_dir() / CATALOGUE_FILE_NAME
