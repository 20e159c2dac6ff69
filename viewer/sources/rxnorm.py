"""RxNorm "Current Prescribable Content": derive a compact file, and read it back as products.

The shared copy (one JSON file per initial letter) nests ingredient -> clinical component (SCDC)
-> clinical drug (SCD) -> branded drug (SBD) and packs. ``derive`` flattens it once into
``data/sources/rxnorm.json.gz``: every SCD, SBD and pack as one product with its ingredients,
dose form, strength and NDCs. ``load`` turns that file into ``ProductRecord`` rows for the build.

Dose form and strength are read from RxNorm's own normalised names: an SCD is named
"[quantity] component / component dose-form", and each component is an SCDC name
("ingredient strength"), so the dose form is whatever follows the last known component.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from viewer.model import SourceKey
from viewer.sources.records import IngredientRef, ProductRecord, SourceInfo, read_json_gz

SOURCE = SourceInfo(
    key=SourceKey.RXNORM,
    title="RxNorm Current Prescribable Content",
    edition="2025-10-06",
    publisher="U.S. National Library of Medicine",
    url="https://www.nlm.nih.gov/research/umls/rxnorm/docs/prescribe.html",
    licence="Freely available subset of RxNorm, no licence restrictions (NLM)",
)

_COMPONENT = re.compile(r"^(?P<name>.+?) (?P<strength>[\d.]+(?:E-?\d+)? \S+)$")
_TRAILING_COMPONENT = re.compile(r"^/ (?P<component>.+? [\d.]+(?:E-?\d+)? \S+) (?P<rest>.+)$")
_PACK_BRAND = re.compile(r"\[(?P<brand>[^\]]+)\]$")

# The route a dose form names in its own words ("Oral Tablet" -> oral). Forms whose name
# states no route ("Prefilled Syringe", "Pack") get none rather than a guess.
_ROUTE_WORDS = {
    "oral": "oral",
    "topical": "topical",
    "ophthalmic": "ophthalmic",
    "otic": "otic",
    "nasal": "nasal",
    "rectal": "rectal",
    "vaginal": "vaginal",
    "transdermal": "transdermal",
    "sublingual": "sublingual",
    "buccal": "buccal",
    "inhalation": "inhalation",
    "inhaler": "inhalation",
    "inhalant": "inhalation",
    "intravesical": "intravesical",
    "intraperitoneal": "intraperitoneal",
    "intratracheal": "intratracheal",
    "intrauterine": "intrauterine",
    "pyelocalyceal": "pyelocalyceal",
    "mucosal": "mucosal",
    "irrigation": "irrigation",
    "injection": "injection",
    "injectable": "injection",
    "injector": "injection",
}


def route_of(dose_form: str | None) -> str | None:
    """The route a dose form's name states, or None when its name states none."""
    if not dose_form:
        return None
    for word in re.split(r"[\s-]+", dose_form.lower()):
        if word in _ROUTE_WORDS:
            return _ROUTE_WORDS[word]
    return None


@dataclass(frozen=True, slots=True)
class RxNormData:
    source: SourceInfo
    products: tuple[ProductRecord, ...]
    ingredients: dict[str, IngredientRef]
    salt_forms: tuple[tuple[str, str], ...]  # (precise name, base ingredient name)


# ---------------------------------------------------------------------------------------------
# derive: the raw shared copy -> the compact committed file


def derive(raw_dir: Path) -> dict[str, Any]:
    """Flatten the per-letter RxNorm JSON files in ``raw_dir`` into one compact document."""
    entries: list[dict[str, Any]] = []
    letters = []
    for path in sorted(raw_dir.glob("*.json")):
        if path.name == "manifest.json":
            continue
        letters.append(path.name)
        entries.extend(json.loads(path.read_text(encoding="utf-8")))

    ingredients: dict[str, dict[str, Any]] = {}
    scdc_base: dict[str, str] = {}  # SCDC name -> IN name
    scds: dict[str, dict[str, Any]] = {}
    scd_components: dict[str, set[str]] = {}  # SCD RXCUI -> names of the SCDCs it was listed under
    for entry in entries:
        name = entry["Name"]
        if entry["TTY"] in ("IN", "PIN"):
            ingredients[name] = {
                "name": name,
                "rxcui": entry["RXCUI"],
                "unii": entry.get("UNII"),
                "tty": entry["TTY"],
            }
        for scdc in entry["SCDCs"]:
            if entry["TTY"] == "IN":
                scdc_base.setdefault(scdc["Name"], name)
            for scd in scdc["SCDs"]:
                scds.setdefault(scd["RXCUI"], scd)
                scd_components.setdefault(scd["RXCUI"], set()).add(scdc["Name"])

    salt_forms = _salt_forms(entries, scdc_base)
    products = []
    pack_ingredients: dict[str, set[str]] = {}
    packs: dict[str, dict[str, Any]] = {}
    brands = _brand_names(scds.values())
    for rxcui in sorted(scds, key=int):
        scd = scds[rxcui]
        parsed = _parse_clinical_name(scd["Name"], scd_components[rxcui], scdc_base)
        has_brands = bool(scd.get("SBDs"))
        if scd.get("NDCs") or not has_brands:
            products.append(_product("SCD", scd, None, parsed))
        for sbd in scd.get("SBDs", []):
            products.append(_product("SBD", sbd, sbd["BNs"][0]["Name"], parsed))
        for pack in scd.get("BPCKs", []) + scd.get("GPCKs", []):
            packs[pack["RXCUI"]] = pack
            pack_ingredients.setdefault(pack["RXCUI"], set()).update(parsed["ingredients"])
    for rxcui in sorted(packs, key=int):
        pack = packs[rxcui]
        brand = _pack_brand(pack, brands)
        products.append(
            {
                "tty": pack["TTY"],
                "rxcui": rxcui,
                "name": pack["Name"],
                "brand": brand,
                "ingredients": sorted(pack_ingredients[rxcui]),
                "precise": [],
                "dose_form": "Pack",
                "strength": None,
                "ndcs": sorted(pack.get("NDCs") or []),
            }
        )
    products = _dedupe(products)
    return {
        "source": {**SOURCE.to_json(), "derived_from": letters},
        "ingredients": [ingredients[k] for k in sorted(ingredients)],
        "salt_forms": salt_forms,
        "products": products,
    }


def _parse_clinical_name(
    name: str, components_known: set[str], scdc_base: dict[str, str]
) -> dict[str, Any]:
    """Split an SCD name into qualifier, components, dose form and base ingredients.

    ``components_known`` are the SCDC names the SCD was listed under. The dose form is what
    follows the last of them; whatever precedes the first (a quantity such as "0.5 ML", or a
    qualifier such as "Once-Daily") is kept in front of the strength.
    """
    first, cut = len(name), -1
    for scdc in components_known:
        at = name.rfind(scdc + " ")
        if at >= 0 and (at == 0 or name[at - 1] == " "):
            first = min(first, name.find(scdc + " "))
            cut = max(cut, at + len(scdc))
    if cut < 0:
        return {"ingredients": [], "precise": [], "dose_form": None, "strength": None}
    prefix, components, dose_form = name[:first], name[first:cut], name[cut + 1 :]
    if prefix.endswith(" / "):
        # Components before the first known one (their ingredient is missing from the copy):
        # the qualifier is the leading words that do not start with a lower-case letter.
        words = prefix.split(" ")
        lead = 0
        while lead < len(words) and not words[lead][:1].islower():
            lead += 1
        prefix, components = " ".join(words[:lead]), " ".join(words[lead:]) + components
    prefix = prefix.strip()
    while (more := _TRAILING_COMPONENT.match(dose_form)) is not None:
        # A component after the last known one (likewise unknown to the copy).
        components += " / " + more["component"]
        dose_form = more["rest"]
    ingredients, precise, strengths = [], [], []
    for component in components.split(" / "):
        part = _COMPONENT.match(component)
        if component in scdc_base or not part:
            base = scdc_base.get(component)
            if base:
                ingredients.append(base)
            if part:
                precise.append(part["name"])
                strengths.append(part["strength"])
            elif base and component.startswith(base + " "):
                strengths.append(component[len(base) + 1 :])
            else:
                strengths.append(component)
            continue
        precise.append(part["name"])
        strengths.append(part["strength"])
        ingredients.append(part["name"])
    strength = " / ".join(strengths)
    if prefix:
        strength = f"{prefix}, {strength}"
    return {
        "ingredients": sorted(set(ingredients)),
        "precise": sorted(set(precise) - set(ingredients)),
        "dose_form": dose_form,
        "strength": strength,
    }


def _product(tty: str, concept: dict[str, Any], brand: str | None, parsed: dict) -> dict:
    return {
        "tty": tty,
        "rxcui": concept["RXCUI"],
        "name": concept["Name"],
        "brand": brand,
        "ingredients": parsed["ingredients"],
        "precise": parsed["precise"],
        "dose_form": parsed["dose_form"],
        "strength": parsed["strength"],
        "ndcs": sorted(concept.get("NDCs") or []),
    }


def _brand_names(scds: Any) -> set[str]:
    return {bn["Name"] for scd in scds for sbd in scd.get("SBDs", []) for bn in sbd["BNs"]}


def _pack_brand(pack: dict[str, Any], brands: set[str]) -> str | None:
    """A branded pack's brand: the known brand its bracketed name starts with, else that name."""
    if pack["TTY"] != "BPCK":
        return None
    match = _PACK_BRAND.search(pack["Name"])
    if not match:
        return None
    label = match["brand"].strip()
    known = [b for b in brands if label == b or label.startswith(b + " ")]
    return max(known, key=len) if known else label


def _salt_forms(entries: list[dict[str, Any]], scdc_base: dict[str, str]) -> list[list[str]]:
    """(precise ingredient, base ingredient) pairs, from the components they share."""
    pairs = set()
    for entry in entries:
        if entry["TTY"] != "PIN":
            continue
        for scdc in entry["SCDCs"]:
            base = scdc_base.get(scdc["Name"])
            if base and base != entry["Name"]:
                pairs.add((entry["Name"], base))
    return [list(p) for p in sorted(pairs)]


def _dedupe(products: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    out = []
    for product in products:
        key = product["tty"] + product["rxcui"]
        if key not in seen:
            seen.add(key)
            out.append(product)
    return out


# ---------------------------------------------------------------------------------------------
# load: the compact committed file -> records for the build


def load(path: Path) -> RxNormData:
    document = read_json_gz(path)
    ingredients = {
        row["name"]: IngredientRef(row["name"], row.get("unii"), row.get("rxcui"))
        for row in document["ingredients"]
    }
    source = SourceInfo.from_json(document["source"])
    products = tuple(_record(row, ingredients) for row in document["products"])
    salt_forms = tuple((a, b) for a, b in document["salt_forms"])
    return RxNormData(source, products, ingredients, salt_forms)


def _record(row: dict[str, Any], ingredients: dict[str, IngredientRef]) -> ProductRecord:
    is_pack = row["tty"] in ("BPCK", "GPCK")
    return ProductRecord(
        source=SOURCE.key,
        product_name=row["name"],
        brand=row["brand"],
        ingredients=tuple(ingredients.get(n) or IngredientRef(n) for n in row["ingredients"]),
        precise_names=tuple(row["precise"]),
        dose_form=row["dose_form"],
        strength=row["strength"],
        route=route_of(row["dose_form"]),
        package=row["name"] if is_pack else None,
        ndcs=tuple(row["ndcs"]),
        rxcui=row["rxcui"],
    )
