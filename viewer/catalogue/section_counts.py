"""How much label text the catalogue holds: monographs per kind of section, and label dates.

One Qt-free reading shared by ``drugview info`` and the window's Help > About the catalogue, so
both report the same figures in the same words. Counts are of monographs (a drug with three
labels that each have indications counts once), over all sources of text.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any

# What a clinician asks for -> the section kinds that answer it.
KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("indications", ("indications",)),
    ("mechanism of action", ("mechanism",)),
    ("dosage and administration", ("administration",)),
    ("drug interactions", ("interactions",)),
    ("boxed warning", ("boxed_warning",)),
    (
        "patient information",
        ("patient_information", "medication_guide", "patient_package_insert"),
    ),
)


@dataclass(frozen=True, slots=True)
class Coverage:
    monographs: int
    with_label_text: int  # monographs holding any label section
    labels: int  # distinct label set ids
    by_kind: tuple[tuple[str, int], ...]  # (what, monographs with it), in KINDS order
    first_label: date | None
    last_label: date | None

    def to_json(self) -> dict[str, Any]:
        return {
            "monographs": self.monographs,
            "monographs_with_label_text": self.with_label_text,
            "labels": self.labels,
            "monographs_with": dict(self.by_kind),
            "label_dates": {
                "first": self.first_label.isoformat() if self.first_label else None,
                "last": self.last_label.isoformat() if self.last_label else None,
            },
        }


def read(db: sqlite3.Connection) -> Coverage:
    """The coverage of the catalogue open on ``db`` (read-only queries)."""
    per_kind = dict(
        db.execute("SELECT kind, count(DISTINCT monograph_id) FROM section GROUP BY kind")
    )
    by_kind = []
    for what, kinds in KINDS:
        if len(kinds) == 1:
            count = per_kind.get(kinds[0], 0)
        else:
            marks = ",".join("?" * len(kinds))
            count = db.execute(
                f"SELECT count(DISTINCT monograph_id) FROM section WHERE kind IN ({marks})", kinds
            ).fetchone()[0]
        by_kind.append((what, count))
    labelled, labels, first, last = db.execute(
        "SELECT count(DISTINCT monograph_id), count(DISTINCT set_id), min(effective_date),"
        " max(effective_date) FROM section WHERE set_id IS NOT NULL"
    ).fetchone()
    (monographs,) = db.execute("SELECT count(*) FROM monograph").fetchone()
    return Coverage(
        monographs=monographs,
        with_label_text=labelled,
        labels=labels,
        by_kind=tuple(by_kind),
        first_label=date.fromisoformat(first) if first else None,
        last_label=date.fromisoformat(last) if last else None,
    )


def lines(coverage: Coverage) -> list[str]:
    """The coverage in plain lines, for ``drugview info`` and the About box."""
    out = [
        f"{coverage.with_label_text} of {coverage.monographs} monographs have label text,"
        f" from {coverage.labels} labels"
        + (
            f" effective {coverage.first_label.isoformat()} to {coverage.last_label.isoformat()}"
            if coverage.first_label and coverage.last_label
            else ""
        )
        + ".",
        "Monographs with:",
    ]
    width = max(len(what) for what, _ in coverage.by_kind)
    out += [f"  {what + ':':<{width + 1}} {count}" for what, count in coverage.by_kind]
    return out
