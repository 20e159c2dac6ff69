"""Drugs@FDA: derive a compact file from FDA's tab-separated tables, and read it back.

The shared export (about February 2023) has every approved product: application, "FORM;ROUTE",
strength, the name it is sold under, its active ingredients, the sponsor and marketing status.
``derive`` joins the four tables into one row per product; ``load`` turns the rows into
``ProductRecord`` values, deciding whether the name a product is sold under is a brand or just
its generic name (ANDA generics are listed under their ingredient's name).

Quirks of the export handled here: CRLF line ends, Latin-1 text, 13 product rows with one stray
tab, about 50 biologic rows that give a container ("VIAL") where "FORM;ROUTE" belongs, and
Federal Register notes appended to the strength.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from viewer.identity import IngredientIdentity, split_ingredients
from viewer.model import SourceKey
from viewer.sources.records import IngredientRef, ProductRecord, SourceInfo, read_json_gz
from viewer.text import display_case, normalise

SOURCE = SourceInfo(
    key=SourceKey.DRUGSATFDA,
    title="Drugs@FDA data files",
    edition="2023-02 (approximate export date)",
    publisher="U.S. Food and Drug Administration",
    url="https://www.fda.gov/drugs/drug-approvals-and-databases/drugsfda-data-files",
    licence="Public domain (U.S. government work)",
)

PRODUCT_COLUMNS = (
    "ApplNo",
    "ProductNo",
    "Form",
    "Strength",
    "ReferenceDrug",
    "DrugName",
    "ActiveIngredient",
    "ReferenceStandard",
)
_NOTE = re.compile(r"\s*\*\*(?P<note>[^*]+)\*\*\s*")
_CONTAINERS = frozenset({"VIAL", "SYRINGE", "CARTRIDGE", "AMPULE", "BOTTLE"})


class DrugsAtFdaError(ValueError):
    """A Drugs@FDA table is missing or not in the expected layout."""


@dataclass(frozen=True, slots=True)
class DrugsAtFdaData:
    source: SourceInfo
    products: tuple[ProductRecord, ...]


# ---------------------------------------------------------------------------------------------
# derive: FDA's tables -> the compact committed file


def read_table(path: Path, expected: tuple[str, ...]) -> list[list[str]]:
    """Rows of a Drugs@FDA table (header checked, header row dropped)."""
    try:
        lines = path.read_text(encoding="latin-1").splitlines()
    except OSError as error:
        raise DrugsAtFdaError(f"{path}: cannot read ({error.strerror or error})") from error
    if not lines or tuple(lines[0].split("\t")[: len(expected)]) != expected:
        raise DrugsAtFdaError(f"{path}: header is not {', '.join(expected)}")
    return [line.split("\t") for line in lines[1:] if line.strip()]


def repair_product_row(fields: list[str]) -> list[str] | None:
    """Undo the export's stray tab (9 fields instead of 8); None for rows beyond repair."""
    if len(fields) == 8:
        return fields
    if len(fields) == 9:
        if fields[8] == "":
            return fields[:8]  # a trailing extra tab
        if fields[4] == "":
            return fields[:4] + fields[5:]  # an extra tab after the strength
    return None


def derive(raw_dir: Path) -> dict[str, Any]:
    """Join Products, Applications and MarketingStatus into one compact document."""
    applications = {
        row[0]: (row[1], row[3].strip())
        for row in read_table(
            raw_dir / "Applications.txt",
            ("ApplNo", "ApplType", "ApplPublicNotes", "SponsorName"),
        )
        if len(row) >= 4
    }
    lookup = {
        row[0]: row[1]
        for row in read_table(
            raw_dir / "MarketingStatus_Lookup.txt",
            ("MarketingStatusID", "MarketingStatusDescription"),
        )
    }
    status = {
        (row[1], row[2]): lookup.get(row[0], row[0])
        for row in read_table(
            raw_dir / "MarketingStatus.txt", ("MarketingStatusID", "ApplNo", "ProductNo")
        )
    }
    products = []
    skipped = 0
    for raw in read_table(raw_dir / "Products.txt", PRODUCT_COLUMNS):
        fields = repair_product_row(raw)
        if fields is None:
            skipped += 1
            continue
        appl_no, product_no, form, strength, _ref, drug_name, active, _std = fields
        appl_type, sponsor = applications.get(appl_no, ("", ""))
        products.append(
            {
                "appl": appl_no,
                "product": product_no,
                "type": appl_type,
                "sponsor": sponsor,
                "form": form.strip(),
                "strength": strength.strip(),
                "name": drug_name.strip(),
                "ingredients": [i.strip() for i in active.split("; ") if i.strip()],
                "status": status.get((appl_no, product_no)),
            }
        )
    products.sort(key=lambda p: (p["appl"], p["product"]))
    return {
        "source": {
            **SOURCE.to_json(),
            "derived_from": [
                "Products.txt",
                "Applications.txt",
                "MarketingStatus.txt",
                "MarketingStatus_Lookup.txt",
            ],
        },
        "skipped_rows": skipped,
        "products": products,
    }


# ---------------------------------------------------------------------------------------------
# load: the compact committed file -> records for the build


def split_form(form: str) -> tuple[str | None, str | None, str | None]:
    """("TABLET;ORAL") -> dose form, route, container (when a container stands in for both)."""
    if ";" in form:
        dose_form, route = form.split(";", 1)
        return dose_form.strip() or None, route.strip() or None, None
    if form in _CONTAINERS:
        return None, None, form
    if form in ("", "UNKNOWN"):
        return None, None, None
    return form, None, None


def split_strength(strength: str) -> tuple[str | None, str | None]:
    """Strength without the Federal Register note, and the note."""
    match = _NOTE.search(strength)
    if not match:
        return strength or None, None
    return _NOTE.sub(" ", strength).strip() or None, match["note"].strip()


class IngredientNamer(IngredientIdentity):
    """Maps a Drugs@FDA ingredient ("ATORVASTATIN CALCIUM") to its moiety, by the rules of
    ``viewer.identity`` (RxNorm's own salt forms; never a bare counter-ion), and tells a
    generic product's name (one that only repeats its ingredients) from a brand."""

    def base(self, name: str) -> IngredientRef:
        return self.resolve(name).moiety

    def is_generic_name(self, drug_name: str, ingredients: Iterable[str]) -> bool:
        """True when a product's name only repeats its ingredients (an unbranded generic)."""
        allowed = set(self.strippable) | {"and", "in", "w", "with"}
        for ingredient in ingredients:
            allowed.update(normalise(ingredient).split())
            allowed.update(normalise(self.base(ingredient).name).split())
        name_words = normalise(drug_name).split()
        return all(w in allowed or w.replace(".", "").isdigit() for w in name_words)


def load(path: Path, namer: IngredientNamer) -> DrugsAtFdaData:
    document = read_json_gz(path)
    source = SourceInfo.from_json(document["source"])
    products = tuple(_record(row, namer) for row in document["products"])
    return DrugsAtFdaData(source, products)


def _record(row: dict[str, Any], namer: IngredientNamer) -> ProductRecord:
    dose_form, route, container = split_form(row["form"])
    strength, note = split_strength(row["strength"])
    names = [part for text in row["ingredients"] for part in split_ingredients(text)]
    resolved = namer.resolve_all(names)
    ingredients = tuple(dict.fromkeys(r.moiety for r in resolved))
    precise = tuple(r.precise for r in resolved)
    generic = namer.is_generic_name(row["name"], names)
    if container:
        note = "; ".join(
            filter(None, [f"Drugs@FDA lists the container ({container}), not a dose form", note])
        )
    return ProductRecord(
        source=SOURCE.key,
        product_name=display_case(row["name"]),
        brand=None if generic else display_case(row["name"]),
        ingredients=ingredients,
        precise_names=precise,
        dose_form=dose_form.lower() if dose_form else None,
        strength=strength,
        route=route.lower() if route else None,
        package=container.lower() if container else None,
        application=f"{row['type']} {row['appl']}".strip(),
        sponsor=row["sponsor"] or None,
        marketing_status=row["status"],
        note=note,
    )
