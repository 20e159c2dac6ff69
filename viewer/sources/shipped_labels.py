"""The official labels that ship with the app: derive ``data/labels/labels.json.gz``, read it.

Maintainers run ``python -m viewer.sources.derive ../shared/data``, which reads the SPL XML in
``spl/`` and the openFDA JSON in ``openfda/`` with the same readers ``drugview import`` uses and
writes the labels, already reduced to typed sections of safe rich text, with every section's
provenance (source, set id, document id, version, effective date) and the SHA-256 of each raw
file it came from. Files the importer refuses are listed with the reason. The build files these
labels with the same writer as an import.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from viewer.sources.labelfiles import read_labels
from viewer.sources.records import LabelRecord, Skipped, read_json_gz

FOLDERS = ("spl", "openfda")


def derive(raw: Path) -> dict[str, Any]:
    """The shipped-labels document for the raw ``spl/`` and ``openfda/`` folders under ``raw``."""
    files = sorted(
        path
        for folder in FOLDERS
        if (raw / folder).is_dir()
        for path in (raw / folder).rglob("*")
        if path.is_file()
    )
    labels: list[dict[str, Any]] = []
    refused: list[dict[str, str]] = []
    for item in read_labels(files):
        origin = _relative(item.origin, raw)
        if isinstance(item, Skipped):
            refused.append({"origin": origin, "reason": item.reason})
        else:
            labels.append({**item.to_json(), "origin": origin})
    return {
        "about": "Official labels shipped with drugview, derived by viewer.sources.shipped_labels",
        "files": [
            {
                "path": path.relative_to(raw).as_posix(),
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            }
            for path in files
        ],
        "labels": labels,
        "refused": refused,
    }


def load(path: Path) -> list[LabelRecord]:
    """The shipped labels, or none when the file is absent (a data folder without labels)."""
    if not path.exists():
        return []
    return [LabelRecord.from_json(raw) for raw in read_json_gz(path)["labels"]]


def _relative(origin: str, raw: Path) -> str:
    prefix = str(raw).rstrip("/") + "/"
    return origin[len(prefix) :] if origin.startswith(prefix) else origin
