"""The plain records every importer produces and the catalogue build consumes.

Importers turn their own formats (RxNorm JSON, Drugs@FDA tables, curated TOML, labels) into
these records; the build never sees a source format, and an importer never sees SQLite.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from viewer.monograph import PharmClass  # re-exported: readers build them


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """A source's identity and edition, recorded in the catalogue's metadata."""

    key: str
    title: str
    edition: str
    publisher: str = ""
    url: str = ""
    licence: str = ""
    derived_from: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "edition": self.edition,
            "publisher": self.publisher,
            "url": self.url,
            "licence": self.licence,
            "derived_from": list(self.derived_from),
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> SourceInfo:
        return cls(
            key=raw["key"],
            title=raw["title"],
            edition=raw["edition"],
            publisher=raw.get("publisher", ""),
            url=raw.get("url", ""),
            licence=raw.get("licence", ""),
            derived_from=tuple(raw.get("derived_from", ())),
        )


@dataclass(frozen=True, slots=True)
class IngredientRef:
    """An active ingredient as a source names it; UNII and RxCUI when the source gives them."""

    name: str
    unii: str | None = None
    rxcui: str | None = None


@dataclass(frozen=True, slots=True)
class ProductRecord:
    """One product (a form of a drug) as one source describes it."""

    source: str
    product_name: str
    brand: str | None  # None for a generic product
    ingredients: tuple[IngredientRef, ...]
    dose_form: str | None
    strength: str | None
    route: str | None
    precise_names: tuple[str, ...] = ()  # salt or precise names ("atorvastatin calcium")
    package: str | None = None
    ndcs: tuple[str, ...] = ()
    rxcui: str | None = None
    application: str | None = None
    sponsor: str | None = None
    marketing_status: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class SectionRecord:
    """A typed section of monograph text, with the document it came from."""

    kind: str
    title: str
    html: str
    text: str
    source: str
    document_id: str | None = None
    document_title: str | None = None
    set_id: str | None = None
    version: str | None = None
    effective_date: date | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    reviewed_by: str | None
    credentials: str | None
    reviewed_on: date | None
    updated_on: date | None
    source_name: str | None
    source_title: str | None
    source_url: str | None = None


@dataclass(frozen=True, slots=True)
class CuratedMonograph:
    """A monograph written by hand from a named source (see data/curated/)."""

    slug: str
    title: str
    brands: tuple[str, ...]
    ingredients: tuple[IngredientRef, ...]
    sections: tuple[SectionRecord, ...]
    forms: tuple[ProductRecord, ...]
    review: ReviewRecord | None
    source: SourceInfo
    synonyms: tuple[str, ...] = field(default=())


def write_json_gz(path: Path, document: Any) -> None:
    """Write ``document`` as gzipped JSON, byte-identical for identical input."""
    payload = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    with (
        open(path, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as out,
    ):
        out.write(payload.encode("utf-8"))


def read_json_gz(path: Path) -> Any:
    with gzip.open(path, "rb") as handle:
        return json.loads(handle.read().decode("utf-8"))


class LabelError(ValueError):
    """A label (or a file of labels) cannot be imported; ``str(error)`` says why, in one line."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """Something that was not imported: where it came from (file, member, record) and why."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass(frozen=True, slots=True)
class LabelProduct:
    """One product a label covers, as the label's own product data names it.

    Filled from the SPL product data elements or the openFDA block (or, for a record whose
    openFDA block is empty, from its product data elements, title and package label text).
    ``ingredients`` are the active moieties; ``precise_names`` the substances exactly as the
    label names them (salts, esters: "haloperidol decanoate").
    """

    name: str  # the proprietary (brand) name, or the generic name for an unbranded product
    ingredients: tuple[IngredientRef, ...] = ()
    precise_names: tuple[str, ...] = ()
    dose_form: str | None = None
    route: str | None = None
    strength: str | None = None
    ndcs: tuple[str, ...] = ()
    rxcuis: tuple[str, ...] = ()
    application: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "ingredients": [[i.name, i.unii] for i in self.ingredients],
            "precise_names": list(self.precise_names),
            "dose_form": self.dose_form,
            "route": self.route,
            "strength": self.strength,
            "ndcs": list(self.ndcs),
            "rxcuis": list(self.rxcuis),
            "application": self.application,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> LabelProduct:
        return cls(
            name=raw["name"],
            ingredients=tuple(IngredientRef(n, u) for n, u in raw.get("ingredients", ())),
            precise_names=tuple(raw.get("precise_names", ())),
            dose_form=raw.get("dose_form"),
            route=raw.get("route"),
            strength=raw.get("strength"),
            ndcs=tuple(raw.get("ndcs", ())),
            rxcuis=tuple(raw.get("rxcuis", ())),
            application=raw.get("application"),
        )


@dataclass(frozen=True, slots=True)
class LabelRecord:
    """One official label document (DailyMed SPL or an openFDA record), ready to file.

    ``product_names`` are the names the label's products are sold under, exactly as printed;
    whether each is a brand or only repeats the generic name is decided when the label is filed,
    where the catalogue's salt words are known. ``ingredients`` name the active moieties (with
    their UNII when the label gives one); ``precise_names`` the substances as the label names
    them when they differ ("atorvastatin calcium trihydrate").
    """

    source: str  # SourceKey.SPL or SourceKey.OPENFDA
    set_id: str
    document_id: str
    version: str
    effective_date: date | None
    document_title: str
    product_names: tuple[str, ...]
    generic_names: tuple[str, ...]
    ingredients: tuple[IngredientRef, ...]
    sections: tuple[SectionRecord, ...]
    precise_names: tuple[str, ...] = ()
    origin: str = ""  # the file (and archive member or record number) it came from
    products: tuple[LabelProduct, ...] = ()  # the products the label covers, when it says
    pharm_classes: tuple[PharmClass, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "set_id": self.set_id,
            "document_id": self.document_id,
            "version": self.version,
            "effective_date": self.effective_date.isoformat() if self.effective_date else None,
            "document_title": self.document_title,
            "product_names": list(self.product_names),
            "generic_names": list(self.generic_names),
            "ingredients": [[i.name, i.unii] for i in self.ingredients],
            "precise_names": list(self.precise_names),
            "origin": self.origin,
            "sections": [[s.kind, s.title, s.html, s.text] for s in self.sections],
            # Written only when present, so files derived before these fields read the same.
            **({"products": [p.to_json() for p in self.products]} if self.products else {}),
            **(
                {"pharm_classes": [[c.kind, c.name] for c in self.pharm_classes]}
                if self.pharm_classes
                else {}
            ),
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> LabelRecord:
        effective = date.fromisoformat(raw["effective_date"]) if raw["effective_date"] else None
        provenance = {
            "source": raw["source"],
            "document_id": raw["document_id"],
            "document_title": raw["document_title"],
            "set_id": raw["set_id"],
            "version": raw["version"],
            "effective_date": effective,
            "url": label_url(raw["set_id"]),
        }
        return cls(
            source=raw["source"],
            set_id=raw["set_id"],
            document_id=raw["document_id"],
            version=raw["version"],
            effective_date=effective,
            document_title=raw["document_title"],
            product_names=tuple(raw["product_names"]),
            generic_names=tuple(raw["generic_names"]),
            ingredients=tuple(IngredientRef(name, unii) for name, unii in raw["ingredients"]),
            sections=tuple(
                SectionRecord(kind, title, html, text, **provenance)
                for kind, title, html, text in raw["sections"]
            ),
            precise_names=tuple(raw.get("precise_names", ())),
            origin=raw.get("origin", ""),
            products=tuple(LabelProduct.from_json(p) for p in raw.get("products", ())),
            pharm_classes=tuple(PharmClass(k, n) for k, n in raw.get("pharm_classes", ())),
        )


def label_url(set_id: str) -> str:
    """Where a reader can see the current version of a label (shown as text, never fetched)."""
    return f"https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid={set_id}"
