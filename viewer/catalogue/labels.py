"""File official labels into a catalogue being written: match, version, names, sections, index.

One writer serves the build (the labels shipped in ``data/labels``) and ``drugview import``
(labels a user brings), so both file a label the same way:

- **Matching.** A label joins the monograph of its brand: a monograph with that brand name and
  at least one of the label's active ingredients (same UNII, or the same name once salt words
  such as "calcium" are set aside). A label whose product names only repeat its ingredients
  (a generic) joins the generic monograph of exactly its ingredients. Otherwise it creates a
  monograph named from its own product data.
- **Versions.** A set id is one label over time. A newer version replaces the sections of the
  older one (in the monograph that holds them); the same or an older version changes nothing
  and is reported as skipped.
- **Side by side.** Label sections are added after a monograph's own sections; curated text,
  forms and review metadata are never touched. Names the label adds (brands, ingredients, the
  label's precise substance names) become searchable, and every row is indexed as the build
  indexes it.

The writer works on an open connection inside the caller's transaction; it never commits.
It decides what to write; the rows themselves are written by ``viewer.catalogue.writer``, the
same code that writes the build's own monographs.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from viewer.catalogue.writer import CatalogueWriter
from viewer.coverage import FormFacts, How, relate
from viewer.identity import COUNTER_IONS, brand_family_name, same_substance_name
from viewer.model import NameKind, SourceKey
from viewer.sources import openfda, spl
from viewer.sources.records import IngredientRef, LabelRecord, SourceInfo
from viewer.text import display_case, normalise

LABEL_SOURCES: dict[str, SourceInfo] = {
    spl.SOURCE_KEY: spl.SOURCE,
    openfda.SOURCE_KEY: openfda.SOURCE,
}
_JOINING_WORDS = frozenset({"and", "in", "with", "w"})
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Outcome(StrEnum):
    """What became of one label filed."""

    IMPORTED = "imported"
    UPDATED = "updated"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Filed:
    """What became of one label (with the reason when it was skipped)."""

    outcome: Outcome
    monograph_id: int | None = None
    reason: str = ""
    created: bool = False


def compare_versions(a: str, b: str) -> int:
    """-1, 0 or 1 as SPL version ``a`` is older than, the same as, or newer than ``b``."""
    key_a = (0, int(a), "") if a.isdigit() else (1, 0, a)
    key_b = (0, int(b), "") if b.isdigit() else (1, 0, b)
    return (key_a > key_b) - (key_a < key_b)


@dataclass
class _Names:
    brands: list[str]
    ingredients: list[IngredientRef]  # base names; UNII only where the label gave it for them
    synonyms: list[str]
    generic_title: str


class LabelWriter:
    """Files labels into the catalogue open on ``db`` (inside the caller's transaction).

    ``writer``: the row writer to write through (the build passes its own, once its indexes
    are built); by default one for an indexed catalogue on ``db``.
    """

    def __init__(self, db: sqlite3.Connection, writer: CatalogueWriter | None = None) -> None:
        self.db = db
        self.writer = writer or CatalogueWriter(db)
        self.salt_words = frozenset(row[0] for row in db.execute("SELECT word FROM salt_word"))
        self._by_key: dict[str, int] = {}
        self._by_unii: dict[str, int] = {}
        self._unii_of: dict[int, str | None] = {}
        for ingredient_id, name, unii in db.execute("SELECT id, name, unii FROM ingredient"):
            self._by_key.setdefault(normalise(name), ingredient_id)
            if unii:
                self._by_unii.setdefault(unii, ingredient_id)
            self._unii_of[ingredient_id] = unii
        self._moiety_of = _moieties_of_precise_names(db)
        self._generics: dict[frozenset[int], int | None] = {}  # ingredient ids -> generic
        self._records: dict[str, int] = {}
        self._newest: dict[str, date | None] = {}
        for key, edition, records in db.execute(
            "SELECT key, edition, records FROM source WHERE key IN (?, ?)", tuple(LABEL_SOURCES)
        ):
            self._records[key] = records
            found = _ISO_DATE.search(edition)
            self._newest[key] = date.fromisoformat(found.group()) if found else None

    # -- filing -------------------------------------------------------------------------------

    def apply(self, label: LabelRecord) -> Filed:
        """File one label, or say why it was not filed."""
        if label.source not in LABEL_SOURCES:
            raise ValueError(f"unknown label source {label.source!r}")
        existing = self.db.execute(
            "SELECT version, monograph_id, source FROM section WHERE set_id = ? LIMIT 1",
            (label.set_id,),
        ).fetchone()
        created = False
        if existing:
            version, monograph_id, old_source = existing
            order = compare_versions(label.version, version)
            if order == 0:
                return Filed(
                    Outcome.SKIPPED,
                    monograph_id,
                    f"version {version} of set id {label.set_id} is already in the catalogue",
                )
            if order < 0:
                return Filed(
                    Outcome.SKIPPED,
                    monograph_id,
                    f"version {label.version} is older than version {version} of set id "
                    f"{label.set_id}, which is already in the catalogue",
                )
            names = self._names(label)
            self.writer.remove_label(label.set_id)
            self._records[old_source] = self._records.get(old_source, 1) - 1
            outcome = Outcome.UPDATED
            if old_source != label.source:
                self._drop_source_if_unused(monograph_id, old_source)
        else:
            names = self._names(label)
            monograph_id = self._match(names, label)
            outcome = Outcome.IMPORTED
        relations = self._relations(monograph_id, label) if monograph_id is not None else {}
        if (
            monograph_id is not None
            and label.products
            and not relations
            and self._has_product_rows(monograph_id)
        ):
            # The label describes none of this monograph's products (another brand, strength,
            # form or salt): it gets a monograph of its own, never shown for theirs.
            monograph_id = None
        if monograph_id is None:
            monograph_id, created = self._create(names), True
        if self._attach(monograph_id, names, label.source, created) and not created:
            # The monograph's ingredients changed (a newer version names more): forget it
            # as the generic of its old ingredients.
            self._generics = {k: v for k, v in self._generics.items() if v != monograph_id}
        if created and not names.brands:
            generic = frozenset(filter(None, map(self._ingredient_id, names.ingredients)))
            self._generics[generic] = monograph_id
        self._add_sections(monograph_id, label)
        self.writer.add_label_classes(label.set_id, monograph_id, label.pharm_classes)
        self.writer.put_label(label.set_id, label.products, relations)
        self._records[label.source] = self._records.get(label.source, 0) + 1
        newest = self._newest.get(label.source)
        if label.effective_date and (newest is None or label.effective_date > newest):
            self._newest[label.source] = label.effective_date
        return Filed(outcome, monograph_id, created=created)

    def finish(self) -> dict[str, int]:
        """Record each label source's edition and count in the ``source`` table."""
        for key, info in LABEL_SOURCES.items():
            records = self._records.get(key, 0)
            if records <= 0 and key not in self._newest:
                continue
            newest = self._newest.get(key)
            edition = f"labels effective up to {newest.isoformat()}" if newest else "undated"
            self.writer.put_source(replace(info, edition=edition), records)
        return {key: count for key, count in self._records.items() if count > 0}

    # -- names and matching -------------------------------------------------------------------

    def base_name(self, name: str) -> str:
        """``name`` as its active moiety: the moiety the catalogue's own product rows file
        this precise name under ("clopidogrel bisulfate" -> "clopidogrel"), else ``name``
        without trailing salt words ("atorvastatin calcium trihydrate" -> "atorvastatin"),
        using only the salt words the catalogue's RxNorm data shows."""
        moiety = self._moiety_of.get(normalise(name))
        if moiety is not None:  # the catalogue's own products pair this salt with its moiety
            return moiety
        words = name.split()
        while len(words) > 1 and normalise(words[-1]) in self.salt_words:
            if all(normalise(w) in COUNTER_IONS | self.salt_words for w in words[:-1]):
                break  # never down to a bare counter-ion ("ammonium lactate" stays)
            words.pop()
        return " ".join(words)

    def _names(self, label: LabelRecord) -> _Names:
        ingredients: dict[str, IngredientRef] = {}
        synonyms: dict[str, str] = {}
        for ref in label.ingredients:
            base = self.base_name(ref.name)
            unii = ref.unii if base == ref.name else None
            ingredients.setdefault(normalise(base), IngredientRef(base, unii))
            if base != ref.name:
                synonyms.setdefault(normalise(ref.name), ref.name)
        for name in label.precise_names:
            synonyms.setdefault(normalise(name), name)
        allowed = set(self.salt_words) | _JOINING_WORDS
        for name in (*label.generic_names, *(r.name for r in label.ingredients)):
            allowed.update(normalise(name).split())
        for key in ingredients:
            allowed.update(key.split())
        brands: dict[str, str] = {}
        for name in label.product_names:
            words = normalise(name).split()
            if not words:
                continue
            if all(w in allowed or w.replace(".", "").isdigit() for w in words):
                synonyms.setdefault(normalise(name), display_case(name))  # a generic's name
            else:
                brands.setdefault(normalise(name), display_case(name))
        for name in label.generic_names:
            synonyms.setdefault(normalise(name), display_case(name))
        for key in ingredients:
            synonyms.pop(key, None)
        for key in brands:
            synonyms.pop(key, None)
        generic_title = " / ".join(
            sorted((_capitalise(r.name) for r in ingredients.values()), key=normalise)
        )
        fallback = (*label.generic_names, *label.product_names, label.set_id)
        return _Names(
            brands=list(brands.values()),
            ingredients=list(ingredients.values()),
            synonyms=list(synonyms.values()),
            generic_title=generic_title or display_case(fallback[0]),
        )

    def _ingredient_id(self, ref: IngredientRef) -> int | None:
        if ref.unii and ref.unii in self._by_unii:
            return self._by_unii[ref.unii]
        return self._by_key.get(normalise(ref.name))

    def _match(self, names: _Names, label: LabelRecord) -> int | None:
        ids = [self._ingredient_id(ref) for ref in names.ingredients]
        known = {i for i in ids if i is not None}
        for brand in names.brands + [brand_family_name(b) for b in names.brands]:
            candidates = self.db.execute(
                "SELECT DISTINCT n.monograph_id FROM name n JOIN monograph m"
                " ON m.id = n.monograph_id WHERE n.norm = ? AND n.kind = 'brand'"
                " AND m.kind = 'brand' ORDER BY n.monograph_id",
                (normalise(brand),),
            ).fetchall()
            for (monograph_id,) in candidates:
                if not names.ingredients or self._ingredients_of(monograph_id) & known:
                    return monograph_id
                if self._names_its_ingredients(monograph_id, names) and self._covers_any(
                    monograph_id, label
                ):
                    # The brand's own products, by NDC, RxCUI or application, whose ingredient
                    # the label names otherwise ("crizanlizumab" for "crizanlizumab-tmca").
                    return monograph_id
        if names.brands or not ids or None in ids:
            return None
        key = frozenset(known)
        if key not in self._generics:  # many labels name the same generic: look it up once
            self._generics[key] = None
            for (monograph_id,) in self.db.execute(
                "SELECT mi.monograph_id FROM monograph_ingredient mi JOIN monograph m"
                " ON m.id = mi.monograph_id WHERE mi.ingredient_id = ? AND m.kind = 'generic'"
                " ORDER BY mi.monograph_id",
                (min(known),),
            ).fetchall():
                if self._ingredients_of(monograph_id) == known:
                    self._generics[key] = monograph_id
                    break
        return self._generics[key]

    def _names_its_ingredients(self, monograph_id: int, names: _Names) -> bool:
        """True when each of the label's ingredients is, by name, one of the monograph's:
        the same once a biologic's prefix or suffix is set aside, or one name the other
        with more words after it (a salt, a hydrate: "pemetrexed disodium heptahydrate")."""
        own = [
            row[0]
            for row in self.db.execute(
                "SELECT i.name FROM monograph_ingredient mi JOIN ingredient i"
                " ON i.id = mi.ingredient_id WHERE mi.monograph_id = ?",
                (monograph_id,),
            )
        ]
        return bool(names.ingredients) and all(
            any(same_substance_name(ref.name, name, self.salt_words) for name in own)
            for ref in names.ingredients
        )

    def _covers_any(self, monograph_id: int, label: LabelRecord) -> bool:
        """True when ``label`` covers one of the monograph's product rows by its identifiers
        (never by serving a generic)."""
        return How.COVERS in self._relations(monograph_id, label).values()

    def _ingredients_of(self, monograph_id: int) -> set[int]:
        rows = self.db.execute(
            "SELECT ingredient_id FROM monograph_ingredient WHERE monograph_id = ?",
            (monograph_id,),
        )
        return {row[0] for row in rows}

    # -- writing ------------------------------------------------------------------------------

    def _create(self, names: _Names) -> int:
        kind = "brand" if names.brands else "generic"
        title = names.brands[0] if names.brands else names.generic_title
        return self.writer.add_monograph(self.writer.free_slug(title), title, kind, active=True)

    def _attach(self, monograph_id: int, names: _Names, source: str, created: bool) -> bool:
        """Link the label's ingredients and names to the monograph; True if it gained an
        ingredient."""
        brands_json, sources_json, title = self.db.execute(
            "SELECT brands, sources, title FROM monograph WHERE id = ?", (monograph_id,)
        ).fetchone()
        gained = False
        linked = {
            ingredient_id: (position, json.loads(sources))
            for ingredient_id, position, sources in self.db.execute(
                "SELECT ingredient_id, position, sources FROM monograph_ingredient"
                " WHERE monograph_id = ?",
                (monograph_id,),
            )
        }
        # A monograph with product rows is headed by their ingredients: a label's other name
        # for one of them (its brand's products are what it covers) is a synonym, never a
        # second header ingredient.
        has_rows = not created and self._has_product_rows(monograph_id)
        other_names = [
            ref.name
            for ref in names.ingredients
            if has_rows and self._ingredient_id(ref) not in linked
        ]
        for ref in names.ingredients:
            if ref.name in other_names:
                continue
            ingredient_id = self._ingredient_id(ref) or self._new_ingredient(ref)
            if ref.unii and self._unii_of.get(ingredient_id) is None:
                self.writer.set_ingredient_unii(ingredient_id, ref.unii)
                self._unii_of[ingredient_id] = ref.unii
                self._by_unii.setdefault(ref.unii, ingredient_id)
            if ingredient_id in linked:
                position, sources = linked[ingredient_id]
                if source not in sources:
                    self.writer.set_link_sources(
                        monograph_id, ingredient_id, sorted({*sources, source})
                    )
                    linked[ingredient_id] = (position, [*sources, source])
            else:
                self.writer.link_ingredient(monograph_id, ingredient_id, len(linked), [source])
                linked[ingredient_id] = (len(linked), [source])
                gained = True
        brands = json.loads(brands_json)
        brand_keys = {normalise(b) for b in brands}
        for brand in names.brands:
            if normalise(brand) not in brand_keys:
                brands.append(brand)
                brand_keys.add(normalise(brand))
        # Each name once, under its strongest kind, as the build names a monograph.
        candidates = [
            *((NameKind.BRAND, b) for b in names.brands),
            *([(NameKind.TITLE, title)] if created else []),
            *(
                (NameKind.INGREDIENT, r.name)
                for r in names.ingredients
                if r.name not in other_names
            ),
            *((NameKind.SYNONYM, name) for name in other_names),
            *((NameKind.SYNONYM, s) for s in names.synonyms),
        ]
        known_names: set[str] = set()
        for kind, display in candidates:
            self._add_name(monograph_id, kind, display, known_names)
        ordered = sorted(linked, key=lambda i: linked[i][0])
        ingredient_names = dict(
            self.db.execute(
                f"SELECT id, name FROM ingredient WHERE id IN ({','.join('?' * len(ordered))})",
                ordered,
            ).fetchall()
        )
        self.writer.set_monograph_lists(
            monograph_id,
            brands=brands,
            ingredients=[ingredient_names[i] for i in ordered],
            sources=sorted({*json.loads(sources_json), source}),
        )
        return gained

    def _new_ingredient(self, ref: IngredientRef) -> int:
        ingredient_id = self.writer.add_ingredient(IngredientRef(ref.name, ref.unii))
        self._by_key[normalise(ref.name)] = ingredient_id
        if ref.unii:
            self._by_unii.setdefault(ref.unii, ingredient_id)
        self._unii_of[ingredient_id] = ref.unii
        return ingredient_id

    def _add_name(self, monograph_id: int, kind: NameKind, display: str, known: set[str]) -> None:
        """Add a name unless the monograph has it already (``name_by_monograph`` answers)."""
        norm = normalise(display)
        if not norm or norm in known:
            return
        known.add(norm)
        if self.db.execute(
            "SELECT 1 FROM name WHERE monograph_id = ? AND norm = ? LIMIT 1", (monograph_id, norm)
        ).fetchone():
            return
        self.writer.add_name(monograph_id, kind, display, norm)

    def _add_sections(self, monograph_id: int, label: LabelRecord) -> None:
        """The label's sections after the monograph's own, each with the label's provenance."""
        sections = [
            replace(
                section,
                source=label.source,
                document_id=label.document_id,
                document_title=label.document_title,
                set_id=label.set_id,
                version=label.version,
                effective_date=label.effective_date,
            )
            for section in label.sections
        ]
        self.writer.add_sections(
            monograph_id, sections, self.writer.next_section_position(monograph_id)
        )

    def _relations(self, monograph_id: int, label: LabelRecord) -> dict[int, How]:
        """form id -> how the label relates to it, for the monograph's product rows."""
        if not label.products:
            return {}
        (kind,) = self.db.execute(
            "SELECT kind FROM monograph WHERE id = ?", (monograph_id,)
        ).fetchone()
        found = {}
        for row in self.db.execute(
            "SELECT id, source, dose_form, route, strength, ndcs, rxcui, application, ingredients"
            " FROM form WHERE monograph_id = ?",
            (monograph_id,),
        ):
            facts = FormFacts(
                source=row[1],
                dose_form=row[2],
                route=row[3],
                strength=row[4],
                ndcs=tuple(row[5].split()),
                rxcui=row[6],
                application=row[7],
                ingredients=tuple(json.loads(row[8])),
            )
            how = relate(label.products, facts, unbranded=kind == "generic")
            if how is not None:
                found[row[0]] = how
        return found

    def _has_product_rows(self, monograph_id: int) -> bool:
        return (
            self.db.execute(
                "SELECT 1 FROM form WHERE monograph_id = ? AND source != ? LIMIT 1",
                (monograph_id, SourceKey.CURATED),
            ).fetchone()
            is not None
        )

    def _drop_source_if_unused(self, monograph_id: int, source: str) -> None:
        if self.db.execute(
            "SELECT 1 FROM section WHERE monograph_id = ? AND source = ? LIMIT 1",
            (monograph_id, source),
        ).fetchone():
            return
        (sources,) = self.db.execute(
            "SELECT sources FROM monograph WHERE id = ?", (monograph_id,)
        ).fetchone()
        remaining = [s for s in json.loads(sources) if s != source]
        self.writer.set_monograph_lists(monograph_id, sources=remaining)


def _capitalise(name: str) -> str:
    return name[:1].upper() + name[1:]


def _moieties_of_precise_names(db: sqlite3.Connection) -> dict[str, str]:
    """Precise ingredient (normalised) -> its active moiety, as the catalogue's own product
    rows pair them: a single-ingredient product whose precise name is its monograph's one
    ingredient plus more words ("clopidogrel bisulfate" under "clopidogrel"). A precise name
    paired with two different moieties is left out: the label then keeps its own name."""
    found: dict[str, str] = {}
    ambiguous: set[str] = set()
    for precise_json, moieties_json in db.execute(
        "SELECT DISTINCT f.ingredients, m.ingredients FROM form f"
        " JOIN monograph m ON m.id = f.monograph_id"
    ):
        precise, moieties = json.loads(precise_json), json.loads(moieties_json)
        if len(precise) != 1 or len(moieties) != 1:
            continue
        key, moiety = normalise(precise[0]), moieties[0]
        if not normalise(moiety) or not key.startswith(normalise(moiety) + " "):
            continue
        if found.setdefault(key, moiety) != moiety:
            ambiguous.add(key)
    return {key: moiety for key, moiety in found.items() if key not in ambiguous}
