"""Read a whole monograph, and every label filed in a catalogue, from an open catalogue.

``viewer.catalogue.store.Catalogue`` opens and checks the file and answers the search tiers;
what is read only once a monograph is opened (its sections, forms, review, label coverage) or a
catalogue is carried into a rebuild (its labels, as records) lives here, with the model and
label-record types it builds. Searching never loads this module, so the window is ready to
search before Python has created those types. Every function reads through ``db``, the
catalogue's read-only connection.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import Any

from viewer.catalogue import label_classes
from viewer.coverage import How
from viewer.model import SourceEdition
from viewer.monograph import (
    Form,
    Ingredient,
    LabelCoverage,
    Monograph,
    PharmClass,
    Provenance,
    Review,
    Section,
    SectionKind,
)
from viewer.sources.records import IngredientRef, LabelProduct, LabelRecord, SectionRecord

Editions = dict[str, SourceEdition]


def read_monograph(
    db: sqlite3.Connection,
    monograph_id: int,
    editions: Editions,
    pharm_classes: tuple[PharmClass, ...],
) -> Monograph | None:
    """The monograph ``monograph_id`` with everything filed under it, or None."""
    row = db.execute(
        "SELECT id, slug, title, kind, brands, sources FROM monograph WHERE id = ?",
        (monograph_id,),
    ).fetchone()
    if row is None:
        return None
    sections = _sections(db, monograph_id, editions)
    return Monograph(
        id=row[0],
        slug=row[1],
        title=row[2],
        kind=row[3],
        brands=tuple(json.loads(row[4])),
        ingredients=_ingredients(db, monograph_id),
        sections=sections,
        forms=_forms(db, monograph_id, editions),
        review=_review(db, monograph_id),
        sources=tuple(json.loads(row[5])),
        pharm_classes=pharm_classes,
        synonyms=tuple(
            r[0]
            for r in db.execute(
                "SELECT display FROM name WHERE monograph_id = ? AND kind = 'synonym'"
                " ORDER BY norm",
                (monograph_id,),
            )
        ),
        labels=_coverage(db, monograph_id, sections),
    )


def _coverage(
    db: sqlite3.Connection, monograph_id: int, sections: tuple[Section, ...]
) -> tuple[LabelCoverage, ...]:
    """Each label filed in the monograph, with the form rows it covers or serves."""
    positions = {
        form_id: index
        for index, (form_id,) in enumerate(
            db.execute(
                "SELECT id FROM form WHERE monograph_id = ? ORDER BY position",
                (monograph_id,),
            )
        )
    }
    out = []
    for set_id, title in dict.fromkeys(
        (s.provenance.set_id, s.provenance.document_title or "")
        for s in sections
        if s.provenance.set_id
    ):
        row = db.execute("SELECT products FROM label WHERE set_id = ?", (set_id,)).fetchone()
        products = [LabelProduct.from_json(p) for p in json.loads(row[0])] if row else []
        how: dict[str, list[int]] = {How.COVERS: [], How.SERVES: []}
        for form_id, kind in db.execute(
            "SELECT form_id, how FROM label_cover WHERE set_id = ?", (set_id,)
        ):
            if form_id in positions:
                how[kind].append(positions[form_id])
        out.append(
            LabelCoverage(
                set_id=set_id,
                document_title=title,
                products=tuple(dict.fromkeys(p.name for p in products)),
                covers=tuple(sorted(how[How.COVERS])),
                serves=tuple(sorted(how[How.SERVES])),
                known=bool(products),
            )
        )
    return tuple(out)


def _ingredients(db: sqlite3.Connection, monograph_id: int) -> tuple[Ingredient, ...]:
    rows = db.execute(
        "SELECT i.name, i.unii, i.rxcui, mi.sources FROM monograph_ingredient mi"
        " JOIN ingredient i ON i.id = mi.ingredient_id WHERE mi.monograph_id = ?"
        " ORDER BY mi.position",
        (monograph_id,),
    )
    return tuple(Ingredient(n, u, r, tuple(json.loads(s))) for n, u, r, s in rows)


def _provenance(source: str, editions: Editions, **extra: Any) -> Provenance:
    edition = editions.get(source)
    return Provenance(
        source=source,
        source_title=edition.title if edition else source,
        edition=edition.edition if edition else "",
        **extra,
    )


def _rows(db: sqlite3.Connection, sql: str, params: tuple) -> list[sqlite3.Row]:
    cursor = db.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, params).fetchall()


def _sections(db: sqlite3.Connection, monograph_id: int, editions: Editions) -> tuple[Section, ...]:
    rows = _rows(
        db, "SELECT * FROM section WHERE monograph_id = ? ORDER BY position", (monograph_id,)
    )
    sections = []
    for row in rows:
        try:
            kind = SectionKind(row["kind"])
        except ValueError:
            kind = SectionKind.OTHER
        provenance = _provenance(
            row["source"],
            editions,
            document_id=row["document_id"],
            document_title=row["document_title"],
            set_id=row["set_id"],
            version=row["version"],
            effective_date=_date(row["effective_date"]),
            url=row["url"],
        )
        sections.append(Section(kind, row["title"], row["html"], row["text"], provenance))
    return tuple(sections)


def _forms(db: sqlite3.Connection, monograph_id: int, editions: Editions) -> tuple[Form, ...]:
    rows = _rows(db, "SELECT * FROM form WHERE monograph_id = ? ORDER BY position", (monograph_id,))
    return tuple(
        Form(
            dose_form=row["dose_form"],
            strength=row["strength"],
            route=row["route"],
            provenance=_provenance(row["source"], editions),
            package=row["package"],
            ndcs=tuple(row["ndcs"].split()),
            product_name=row["product_name"],
            rxcui=row["rxcui"],
            application=row["application"],
            sponsor=row["sponsor"],
            marketing_status=row["marketing_status"],
            note=row["note"],
            ingredients=tuple(json.loads(row["ingredients"])),
        )
        for row in rows
    )


def _review(db: sqlite3.Connection, monograph_id: int) -> Review | None:
    row = db.execute(
        "SELECT reviewed_by, credentials, reviewed_on, updated_on, source_name, source_title,"
        " source_url FROM review WHERE monograph_id = ?",
        (monograph_id,),
    ).fetchone()
    if row is None:
        return None
    by, credentials, reviewed, updated, name, title, url = row
    return Review(by, credentials, _date(reviewed), _date(updated), name, title, url)


# -- labels -------------------------------------------------------------------------------------


def stored_labels(
    db: sqlite3.Connection, origin: str, sources: tuple[str, ...], with_classes: bool
) -> Iterator[LabelRecord]:
    """Every label filed in the catalogue, rebuilt from its sections and its monograph.

    Used to carry labels a user imported into a catalogue rebuilt from newer shipped
    sources. A label is given the names it was matched by: its monograph's brands (or, for
    a generic, its title), the ingredients it named, and the monograph's other names.
    ``origin`` names the catalogue in each record's origin; ``with_classes``: the catalogue
    has pharmacologic classes (``label_classes.present``).
    """
    marks = ",".join("?" * len(sources))
    sets = db.execute(
        "SELECT set_id, source, version, document_id, document_title, effective_date,"
        f" monograph_id, min(id) AS first FROM section WHERE source IN ({marks})"
        " AND set_id IS NOT NULL GROUP BY set_id ORDER BY first",
        sources,
    ).fetchall()
    holders = {row[6] for row in sets}
    synonyms: dict[int, list[str]] = {}
    for monograph_id, display in db.execute(  # one pass: name has no monograph index
        "SELECT monograph_id, display FROM name WHERE kind = 'synonym' ORDER BY id"
    ):
        if monograph_id in holders:
            synonyms.setdefault(monograph_id, []).append(display)
    for set_id, source, version, document_id, title, effective, monograph_id, _ in sets:
        kind, brands, monograph_title = db.execute(
            "SELECT kind, brands, title FROM monograph WHERE id = ?", (monograph_id,)
        ).fetchone()
        ingredients = [
            IngredientRef(name, unii)
            for name, unii, named_by in db.execute(
                "SELECT i.name, i.unii, mi.sources FROM monograph_ingredient mi"
                " JOIN ingredient i ON i.id = mi.ingredient_id WHERE mi.monograph_id = ?"
                " ORDER BY mi.position",
                (monograph_id,),
            )
            if source in json.loads(named_by)
        ]
        effective_date = _date(effective)
        sections = tuple(
            SectionRecord(
                kind=row[0],
                title=row[1],
                html=row[2],
                text=row[3],
                source=source,
                document_id=document_id,
                document_title=title,
                set_id=set_id,
                version=version,
                effective_date=effective_date,
                url=row[4],
            )
            for row in db.execute(
                "SELECT kind, title, html, text, url FROM section WHERE set_id = ?"
                " ORDER BY position",
                (set_id,),
            )
        )
        yield LabelRecord(
            source=source,
            set_id=set_id,
            document_id=document_id or "",
            version=version or "",
            effective_date=effective_date,
            document_title=title or "",
            product_names=tuple(json.loads(brands)) if kind == "brand" else (),
            generic_names=(monograph_title,) if kind == "generic" else (),
            ingredients=tuple(ingredients),
            sections=sections,
            precise_names=tuple(synonyms.get(monograph_id, ())),
            origin=f"{origin} (set id {set_id})",
            pharm_classes=label_classes.of_set(db, set_id) if with_classes else (),
            products=_label_products(db, set_id),
        )


def _label_products(db: sqlite3.Connection, set_id: str) -> tuple[LabelProduct, ...]:
    """The products a label names (none in a catalogue from before schema 2)."""
    if "label" not in {
        r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }:
        return ()
    row = db.execute("SELECT products FROM label WHERE set_id = ?", (set_id,)).fetchone()
    return tuple(LabelProduct.from_json(p) for p in json.loads(row[0])) if row else ()


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
