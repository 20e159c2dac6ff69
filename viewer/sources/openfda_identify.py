"""Identify the product of an openFDA record whose ``openfda`` block is empty.

openFDA fills the ``openfda`` block (brand, generic, substances, route, ...) only for labels
it could match to its product files; the rest arrive with an empty block, although the label
still names its product. Three fields of the record do:

- ``spl_product_data_elements``: the SPL's product data run together as one string, always in
  the order proprietary name, generic name, active substance(s) in upper case (the names FDA's
  substance registry gives), active moiety, inactive ingredients, imprint ("AMARYL glimepiride
  GLIMEPIRIDE GLIMEPIRIDE LACTOSE ..."). The split is found where the generic name is followed
  by the same words again (the substance), so brand and generic are read without guessing.
- ``package_label_principal_display_panel``: the carton text, which names the dose form and
  route ("Ofloxacin Ophthalmic Solution USP, 0.3%").
- ``spl_unclassified_section`` / ``dosage_forms_and_strengths`` / ``description`` /
  ``how_supplied`` (a fallback for the dose form only, when the carton text names none: prose
  mentions routes the product is not given by, "intravenous barbiturates" for an overdose).

The result is a ``LabelProduct`` (records.py), or ``Unidentified`` with the reason: "names no
product" when nothing reads as a product name, "could be A or B" when the text supports two
readings (two splits of the product data, or two dose forms or routes for one product). A wrong
identity is worse than a gap, so anything not read unambiguously is reported, never filed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from viewer.sources.records import IngredientRef, LabelProduct

MAX_NAME_WORDS = 8
MAX_BRAND_WORDS = 5
_NEGATED = re.compile(r"\bnot (?:for|to be used|to be given)\b[\w ]*$")
_JOINING = frozenset({"and", "in", "with", "of", "for", "&", "plus"})
# Dose forms as cartons write them -> the form's name (most specific first).
DOSE_FORMS: tuple[tuple[str, str], ...] = (
    (r"ophthalmic solution|eye drops?", "ophthalmic solution"),
    (r"ophthalmic suspension", "ophthalmic suspension"),
    (r"ophthalmic ointment", "ophthalmic ointment"),
    (r"otic solution|ear drops?", "otic solution"),
    (r"for oral solution", "powder for oral solution"),
    (r"for oral suspension", "powder for oral suspension"),
    (r"oral solution", "oral solution"),
    (r"oral suspension", "oral suspension"),
    (r"extended[- ]release tablets?", "extended-release tablet"),
    (r"delayed[- ]release tablets?", "delayed-release tablet"),
    (r"orally disintegrating tablets?", "orally disintegrating tablet"),
    (r"chewable tablets?", "chewable tablet"),
    (r"tablets?", "tablet"),
    (r"extended[- ]release capsules?", "extended-release capsule"),
    (r"delayed[- ]release capsules?", "delayed-release capsule"),
    (r"capsules?", "capsule"),
    (r"injectable suspension", "injectable suspension"),
    (r"for injection|injection|injectable", "injection"),
    (r"transdermal system|patch", "transdermal patch"),
    (r"cream", "cream"),
    (r"ointment", "ointment"),
    (r"gel", "gel"),
    (r"lotion", "lotion"),
    (r"nasal spray", "nasal spray"),
    (r"inhalation powder", "inhalation powder"),
    (r"inhalation aerosol", "inhalation aerosol"),
    (r"suppositor(?:y|ies)", "suppository"),
)
ROUTES: tuple[tuple[str, str], ...] = (
    (r"ophthalmic|for use in the eyes?|eye drops?", "ophthalmic"),
    (r"\botic\b|for use in the ears?", "otic"),
    (r"intravenous|for iv use", "intravenous"),
    (r"intramuscular", "intramuscular"),
    (r"subcutaneous", "subcutaneous"),
    (r"\boral\b|by mouth|tablets?|capsules?", "oral"),
    (r"topical|for external use|cream|ointment|lotion", "topical"),
    (r"transdermal", "transdermal"),
    (r"nasal", "nasal"),
    (r"rectal|suppositor", "rectal"),
    (r"vaginal", "vaginal"),
)
# An ophthalmic or otic form is its own route; one of these in a name settles the route.
_ROUTE_OF_FORM = {
    "ophthalmic solution": "ophthalmic",
    "ophthalmic suspension": "ophthalmic",
    "ophthalmic ointment": "ophthalmic",
    "otic solution": "otic",
    "oral solution": "oral",
    "oral suspension": "oral",
    "powder for oral solution": "oral",
    "powder for oral suspension": "oral",
    "transdermal patch": "transdermal",
    "nasal spray": "nasal",
}


@dataclass(frozen=True, slots=True)
class Unidentified:
    """Why a record's product could not be read unambiguously (one line)."""

    reason: str

    def __str__(self) -> str:
        return self.reason


@dataclass(frozen=True, slots=True)
class _Split:
    brand: tuple[str, ...]
    generic: tuple[str, ...]
    upper: bool  # the repeat (the substance) is in upper case, as the SPL writes substances


def identify(record: dict[str, Any]) -> LabelProduct | Unidentified:
    """The product an openFDA record with an empty ``openfda`` block names, or why not."""
    elements = " ".join(_strings(record.get("spl_product_data_elements")))
    words = elements.split()
    if not words:
        return Unidentified("names no product (it has no product data elements)")
    splits = [s for s in _splits(words) if s.upper]
    if not splits:
        return Unidentified(
            "names no product that can be read (its product data elements give no generic"
            " name followed by its substance in capitals)"
        )
    best = max(splits, key=_score)
    rivals = {(_name(s.brand), _name(s.generic)) for s in splits if _score(s) == _score(best)}
    if len(rivals) > 1:
        readings = sorted(f"{b} ({g})" for b, g in rivals)
        return Unidentified("could be " + " or ".join(readings[:3]))
    brand, generic = _name(best.brand), _name(best.generic).lower()
    carton = " ".join(_strings(record.get("package_label_principal_display_panel")))
    folded_carton = " ".join(carton.casefold().split())
    if (
        {w.casefold().strip(",") for w in (best.brand[-1], best.generic[0])} & _JOINING
        or any("," in w for w in (*best.brand, *best.generic))
        or len(best.brand) > MAX_BRAND_WORDS
    ):
        return Unidentified(
            f"could be several products: '{brand} {generic}' does not split into one brand"
            " and one generic name"
        )
    if brand.casefold() not in folded_carton or generic.split()[0] not in folded_carton:
        return Unidentified(
            f"names no product its carton text confirms ('{brand}', '{generic}' are not both"
            " on its package label)"
        )
    fallback = " ".join(
        _strings(record.get("spl_unclassified_section"))
        + _strings(record.get("dosage_forms_and_strengths"))
        + _strings(record.get("description"))
        + _strings(record.get("how_supplied"))
    )
    forms = _found(DOSE_FORMS, carton) or _found(DOSE_FORMS, fallback)
    if len(forms) > 1:
        return Unidentified(f"could be {' or '.join(sorted(forms))} ({brand})")
    form = next(iter(forms), None)
    routes = {_ROUTE_OF_FORM[form]} if form in _ROUTE_OF_FORM else _found(ROUTES, carton)
    if "inhal" in folded_carton:
        routes = set()  # "oral inhalation": FDA files it as oral or as inhalation; not stated
    if form == "injection":
        routes &= {"intravenous", "intramuscular", "subcutaneous"}
    if len(routes) > 1 and form != "injection":  # an injection may be given several ways
        return Unidentified(f"could be {' or '.join(sorted(routes))} ({brand})")
    return LabelProduct(
        name=brand,
        ingredients=(IngredientRef(generic),),
        precise_names=(generic,),
        dose_form=form,
        route=", ".join(sorted(routes)) or None,
    )


def _splits(words: list[str]) -> list[_Split]:
    """Every reading brand | generic | GENERIC (repeated) within the first words."""
    found = []
    folded = [w.casefold() for w in words]
    for start in range(1, min(len(words), MAX_NAME_WORDS + 1)):
        for length in range(1, MAX_NAME_WORDS + 1):
            end = start + length
            if end + length > len(words):
                break
            if folded[start:end] == folded[end : end + length]:
                repeat = words[end : end + length]
                upper = all(w == w.upper() for w in repeat)
                found.append(_Split(tuple(words[:start]), tuple(words[start:end]), upper))
    return found


def _score(split: _Split) -> tuple[bool, int, int]:
    # The substance in upper case is how SPL writes it; then the first place the pattern
    # appears (the shortest brand); then the shortest generic (a label of several products
    # repeats its whole product block, which must not read as one long generic name).
    return (split.upper, -len(split.brand), -len(split.generic))


def _name(words: Iterable[str]) -> str:
    return " ".join(words)


def _found(table: tuple[tuple[str, str], ...], text: str) -> set[str]:
    """The names of the table whose pattern occurs in ``text``; a more specific form found
    hides the general one it contains ("ophthalmic solution" hides nothing else, but an
    "extended-release tablet" is not also a "tablet")."""
    lowered = text.casefold()
    hits: list[tuple[str, str]] = []
    for pattern, name in table:
        for match in re.finditer(rf"(?<![\w-])(?:{pattern})(?![\w-])", lowered):
            if _NEGATED.search(lowered[max(0, match.start() - 16) : match.start()]):
                continue  # "not for intravenous use" names a route the product is not for
            span = match.group()
            if not any(span in other for other, _ in hits):
                hits.append((span, name))
    return {name for _, name in hits}


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str) and v.strip()]
    return []


def as_openfda_block(product: LabelProduct) -> dict[str, list[str]]:
    """The identified product in the shape of an ``openfda`` block, so the record is filed by
    the same rules as any other (a brand that only repeats the generic name is not a brand)."""
    generic = product.precise_names[0] if product.precise_names else product.name
    block = {"brand_name": [product.name], "generic_name": [generic], "substance_name": [generic]}
    if product.route:
        block["route"] = product.route.split(", ")
    return block
