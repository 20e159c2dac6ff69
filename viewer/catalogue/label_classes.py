"""The pharmacologic classes labels state (openFDA ``pharm_class_*``), stored and looked up.

A label that states "Beta-Adrenergic Blocker [EPC]" gets a ``label_class`` row for its set id
and the monograph it is filed under, so the monograph header can show its established
pharmacologic class and a search for the class finds every monograph whose label states it.
The table was added to schema version 1 as ``name_by_monograph`` was: a catalogue without it
reads the same (it simply has no classes), and ``drugview import`` adds it to the file it
writes. Qt-free. Its rows are written by ``viewer.catalogue.writer``, as every catalogue row is.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, NamedTuple

from viewer.catalogue.schema import LABEL_CLASS_DDL as DDL
from viewer.catalogue.schema import LABEL_CLASS_TABLE as TABLE
from viewer.text import normalise

if TYPE_CHECKING:  # loaded with a monograph; every search reads this module (``matching``)
    from viewer.monograph import PharmClass

KIND_ORDER = {"epc": 0, "moa": 1, "pe": 2, "cs": 3}
MIN_PREFIX = 4  # a class is found by prefix only from this many characters ("beta")


def create(db: sqlite3.Connection) -> None:
    for statement in DDL:
        db.execute(statement)


def present(db: sqlite3.Connection) -> bool:
    return bool(
        db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)
        ).fetchone()
    )


def of_monograph(db: sqlite3.Connection, monograph_id: int) -> tuple[PharmClass, ...]:
    """The classes the monograph's labels state, each once: EPC first, then MoA, PE, CS."""
    from viewer.monograph import PharmClass

    rows = db.execute(
        "SELECT DISTINCT kind, name FROM label_class WHERE monograph_id = ?", (monograph_id,)
    ).fetchall()
    unique = {(kind, normalise(name)): PharmClass(kind, name) for kind, name in sorted(rows)}
    return tuple(sorted(unique.values(), key=lambda c: (KIND_ORDER.get(c.kind, 9), c.name)))


def of_set(db: sqlite3.Connection, set_id: str) -> tuple[PharmClass, ...]:
    from viewer.monograph import PharmClass

    rows = db.execute(
        "SELECT kind, name FROM label_class WHERE set_id = ? ORDER BY rowid", (set_id,)
    )
    return tuple(PharmClass(kind, name) for kind, name in rows)


class ClassMatch(NamedTuple):
    """A class a label states, found by its name, and the monograph the label is filed in."""

    norm: str
    name: str
    monograph_id: int


def matching(db: sqlite3.Connection, key: str, limit: int) -> list[ClassMatch]:
    """Classes named ``key`` or, from ``MIN_PREFIX`` characters, starting with it, each with
    the monograph of a label that states it; exact names first."""
    if not key:
        return []
    rows = db.execute(
        "SELECT DISTINCT norm, name, monograph_id FROM label_class WHERE norm = ?"
        " ORDER BY monograph_id LIMIT ?",
        (key, limit),
    ).fetchall()
    if len(key) >= MIN_PREFIX and len(rows) < limit:
        rows += db.execute(
            "SELECT DISTINCT norm, name, monograph_id FROM label_class WHERE norm > ?"
            " AND norm < ? ORDER BY norm, monograph_id LIMIT ?",
            (key, key + "\uffff", limit - len(rows)),
        ).fetchall()
    return [ClassMatch(norm, name, monograph_id) for norm, name, monograph_id in rows]
