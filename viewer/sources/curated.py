"""Curated monographs: hand-written TOML files in ``data/curated/``, reviewed like any source.

Each file is one monograph written in our own words from one named source document, with that
source's review metadata copied exactly. Section text uses a tiny plain format: paragraphs
separated by blank lines, and list items starting with "- ". It is escaped, never trusted as
markup.
"""

from __future__ import annotations

import html
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from viewer.model import SourceKey
from viewer.monograph import SectionKind
from viewer.sources.records import (
    CuratedMonograph,
    IngredientRef,
    ProductRecord,
    ReviewRecord,
    SectionRecord,
    SourceInfo,
)

SOURCE_KEY = SourceKey.CURATED


class CuratedError(ValueError):
    """A curated file is malformed; the message names the file and the problem."""


def load_dir(directory: Path) -> list[CuratedMonograph]:
    """Every ``*.toml`` monograph in ``directory``, in file-name order."""
    return [load_file(path) for path in sorted(directory.glob("*.toml"))]


def load_file(path: Path) -> CuratedMonograph:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise CuratedError(f"{path.name}: cannot read curated monograph ({error})") from error
    try:
        return _monograph(raw, path)
    except (KeyError, TypeError, ValueError) as error:
        raise CuratedError(f"{path.name}: {error}") from error


def _monograph(raw: dict[str, Any], path: Path) -> CuratedMonograph:
    document = raw["source"]
    review = raw.get("review")
    updated = _date(review.get("updated_on")) if review else None
    source = SourceInfo(
        key=SOURCE_KEY,
        title=document["title"],
        edition=updated.isoformat() if updated else "undated",
        publisher=document.get("publisher", ""),
        url=document.get("url", ""),
        derived_from=(document.get("document", ""),),
    )
    section_source = {
        "source": SOURCE_KEY,
        "document_id": document.get("document"),
        "document_title": f"{document.get('publisher', '')}: {document['title']}".lstrip(": "),
        "effective_date": updated,
        "url": document.get("url") or None,
    }
    sections = tuple(
        SectionRecord(
            kind=SectionKind(section["kind"]).value,
            title=section.get("title") or SectionKind(section["kind"]).label,
            html=plain_to_html(section["text"]),
            text=plain_to_text(section["text"]),
            **section_source,
        )
        for section in raw.get("sections", [])
    )
    ingredients = tuple(IngredientRef(i["name"]) for i in raw["ingredients"])
    brand = raw["brands"][0] if raw.get("brands") else None
    forms = tuple(
        ProductRecord(
            source=SOURCE_KEY,
            product_name=raw["title"],
            brand=brand,
            ingredients=ingredients,
            dose_form=form.get("dose_form"),
            strength=form.get("strength"),
            route=form.get("route"),
            package=form.get("package"),
            note=form.get("note"),
        )
        for form in raw.get("forms", [])
    )
    return CuratedMonograph(
        slug=raw.get("slug") or path.stem,
        title=raw["title"],
        brands=tuple(raw.get("brands", [])),
        ingredients=ingredients,
        sections=sections,
        forms=forms,
        review=_review(review) if review else None,
        source=source,
        synonyms=tuple(raw.get("synonyms", [])),
    )


def _review(raw: dict[str, Any]) -> ReviewRecord:
    return ReviewRecord(
        reviewed_by=raw.get("reviewed_by") or None,
        credentials=raw.get("credentials") or None,
        reviewed_on=_date(raw.get("reviewed_on")),
        updated_on=_date(raw.get("updated_on")),
        source_name=raw.get("source_name") or None,
        source_title=raw.get("source_title") or None,
        source_url=raw.get("source_url") or None,
    )


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """("p", [lines]) and ("ul", [items]) blocks, in the order they appear."""
    blocks: list[tuple[str, list[str]]] = []
    for line in [*text.strip().splitlines(), ""]:
        line = line.strip()
        kind = "ul" if line.startswith("- ") else "p"
        if not line:
            blocks.append(("end", []))
        elif blocks and blocks[-1][0] == kind:
            blocks[-1][1].append(line[2:] if kind == "ul" else line)
        else:
            blocks.append((kind, [line[2:] if kind == "ul" else line]))
    return [b for b in blocks if b[0] != "end"]


def plain_to_html(text: str) -> str:
    """Paragraphs and "- " lists to escaped HTML."""
    out = []
    for kind, lines in _blocks(text):
        if kind == "p":
            out.append(f"<p>{html.escape(' '.join(lines))}</p>")
        else:
            out.append("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in lines) + "</ul>")
    return "".join(out)


def plain_to_text(text: str) -> str:
    """Paragraphs and lists as plain text, one paragraph or item per line."""
    out = []
    for kind, lines in _blocks(text):
        out.extend([" ".join(lines)] if kind == "p" else ["• " + item for item in lines])
    return "\n".join(out)
