"""A digest of the shipped sources, to tell whether a built catalogue is current.

Kept apart from the build so that the window can check it at start-up without importing the
importers and the build machinery.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from viewer import __version__
from viewer.catalogue import schema


def sources_fingerprint(data_dir: Path) -> str:
    """A digest of every shipped source file and the schema version.

    The app rebuilds its catalogue when this differs from the one recorded inside it, so a new
    release of the data (or of the schema) is picked up without anyone deleting files.
    """
    digest = hashlib.sha256(f"schema={schema.SCHEMA_VERSION};app={__version__}".encode())
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(data_dir).as_posix()
        if relative.startswith(".") or "__pycache__" in relative:
            continue
        digest.update(relative.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
