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
