"""Which products a label's text belongs to, and how the page says so. Qt-free, SQL-free.

A label **covers** the products it names: a product row whose NDC (first nine digits: labeler
and product), RxCUI or application number (with a route the label states) is the label's own.
It may also **serve** an unbranded (generic) product row that has the same precise
ingredients, dose form, route and a strength the label's own products have: a generic of the
branded product whose label it is. It never serves another brand, strength, form, route or
precise ingredient. Curated rows are our own sources and are never a label's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from viewer.model import SourceKey
from viewer.monograph import Form, LabelCoverage, Monograph
from viewer.routes import route_terms
from viewer.sources.records import LabelProduct
from viewer.text import normalise


class How(StrEnum):
    """How a label's text relates to one product row."""

    COVERS = "covers"
    SERVES = "serves"


@dataclass(frozen=True, slots=True)
class FormFacts:
    """What the coverage rules read of one product row (a ``form`` of the catalogue)."""

    source: str
    dose_form: str | None
    route: str | None
    strength: str | None
    ndcs: tuple[str, ...]
    rxcui: str | None
    application: str | None
    ingredients: tuple[str, ...]  # precise


_HYDRATES = frozenset(
    {"monohydrate", "dihydrate", "trihydrate", "hemihydrate", "sesquihydrate", "anhydrous"}
)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_APPLICATION = re.compile(r"^(NDA|ANDA|BLA)\s*0*(\d+)$", re.IGNORECASE)


def ndc_product_key(ndc: str) -> str:
    """The labeler and product parts of an NDC as nine digits ("0071-0155-23" and
    "00071015523" both give "000710155"); "" for what is not an NDC."""
    parts = ndc.strip().split("-")
    if len(parts) >= 2 and all(p.isdigit() for p in parts):
        return parts[0].zfill(5) + parts[1].zfill(4)
    if ndc.isdigit() and len(ndc) == 11:
        return ndc[:9]
    return ""


def application_key(application: str | None) -> str:
    """ "NDA 020702" and "NDA020702" -> "NDA20702"; "" for monographs and OTC parts."""
    if not application:
        return ""
    found = _APPLICATION.match(application.strip())
    return f"{found.group(1).upper()}{found.group(2)}" if found else ""


def _precise(names: Iterable[str]) -> frozenset[str]:
    return frozenset(" ".join(w for w in normalise(n).split() if w not in _HYDRATES) for n in names)


# One route as the sources spell it apart, beyond the spellings ``viewer.routes`` already
# folds ("iv" -> intravenous, "oral-28" -> oral): SPL's "RESPIRATORY (INHALATION)" is Drugs@FDA's
# "INHALATION", and a drip (Drugs@FDA's "IV (INFUSION)") goes into a vein.
_SAME_ROUTE = {
    "respiratory (inhalation)": "inhalation",
    "oral inhalation": "inhalation",
    "infusion": "intravenous",
}
# Drugs@FDA's route "INJECTION" names no route, only that the product is injected: it agrees
# with a label stating any of these (and with nothing else, such as "oral").
_INJECTED = frozenset(
    {
        "injection",
        "intravenous",
        "intramuscular",
        "subcutaneous",
        "intradermal",
        "intravitreal",
        "intrathecal",
        "intra-articular",
        "intralesional",
        "intracavernous",
        "intra-arterial",
        "intraperitoneal",
        "epidural",
        "perineural",
    }
)


def _routes(text: str | None) -> set[str]:
    """The routes a source value states ("; " or ", " between them), each under one spelling."""
    return {
        _SAME_ROUTE.get(term, term)
        for part in (text or "").split(";")
        for term in route_terms(part)
    }


def _routes_agree(label: set[str], form: set[str]) -> bool:
    """True when a row's routes and a label's, both stated, can describe the same product."""
    if label & form:
        return True
    if form == {"injection"}:
        return label <= _INJECTED
    return label == {"injection"} and form <= _INJECTED


def _same_form(label_form: str | None, form: str | None) -> bool:
    if not label_form or not form:
        return False
    head = normalise(label_form).split(" ")[0]
    return head in normalise(form).split(" ")


def covers(product: LabelProduct, form: FormFacts) -> bool:
    if form.rxcui and form.rxcui in product.rxcuis:
        return True
    keys = {ndc_product_key(n) for n in product.ndcs} - {""}
    if any(ndc_product_key(n) in keys for n in form.ndcs):
        return True
    own = application_key(product.application)
    if own and own == application_key(form.application):
        # one application sells several strengths and forms: the label's product data says
        # which of them it describes
        label_routes, form_routes = _routes(product.route), _routes(form.route)
        if label_routes and form_routes and not _routes_agree(label_routes, form_routes):
            return False
        return _same_strength(product.strength, form.strength)
    return False


def _same_strength(label: str | None, form: str | None) -> bool:
    """True when the row's strength has the label's numbers (or the label states none)."""
    wanted = _NUMBER.findall(label or "")
    return not wanted or set(wanted) <= set(_NUMBER.findall(form or ""))


def serves(product: LabelProduct, form: FormFacts) -> bool:
    if not product.precise_names or _precise(product.precise_names) != _precise(form.ingredients):
        return False
    if not _same_form(product.dose_form, form.dose_form):
        return False
    if not _routes(product.route) or _routes(product.route) != _routes(form.route):
        return False
    return bool(_NUMBER.findall(product.strength or "")) and _same_strength(
        product.strength, form.strength
    )


def relate(products: Sequence[LabelProduct], form: FormFacts, unbranded: bool) -> How | None:
    """How a label with ``products`` relates to ``form`` (None: not at all)."""
    if form.source == SourceKey.CURATED:
        return None
    if any(covers(p, form) for p in products):
        return How.COVERS
    if unbranded and any(serves(p, form) for p in products):
        return How.SERVES
    return None


def coverage_note(
    label_title: str, covered: Sequence[str], served: Sequence[str], others: Sequence[str]
) -> str:
    """The sentence under a label's sections naming the products it is shown for."""
    parts = []
    if covered:
        parts.append(f"This label covers: {'; '.join(covered)}.")
    if served:
        parts.append(
            f"Shown also for {'; '.join(served)}: from the {label_title} label, same"
            " ingredient, form, route and strength."
        )
    if not covered and not served:
        parts.append("The catalogue lists none of this label's products.")
    if others:
        parts.append(f"Not covered by this label: {'; '.join(others)}.")
    return " ".join(parts)


def row_name(form: Form) -> str:
    """A product row as the coverage note names it: product, precise ingredients, form and
    strength ("Lipitor (atorvastatin calcium), tablet, 10 mg")."""
    name = form.product_name or "unnamed product"
    if form.ingredients and normalise(" ".join(form.ingredients)) not in normalise(name):
        name += f" ({', '.join(form.ingredients)})"
    details = [d for d in (form.dose_form, form.strength) if d]
    return ", ".join([name, *details])


def label_note(monograph: Monograph, coverage: LabelCoverage) -> str:
    """The note under a label's sections: the rows it covers, serves, and does not cover."""
    if not coverage.known:
        return "This label states no product data; it is filed under the names it gives."
    rows = [f for f in monograph.forms if f.provenance.source != SourceKey.CURATED]
    related = {*coverage.covers, *coverage.serves}
    others = [
        row_name(f)
        for i, f in enumerate(monograph.forms)
        if i not in related and f.provenance.source != SourceKey.CURATED
    ]
    title = coverage.products[0] if coverage.products else "this"
    note = coverage_note(
        title,
        _distinct(row_name(monograph.forms[i]) for i in coverage.covers),
        _distinct(row_name(monograph.forms[i]) for i in coverage.serves),
        _distinct(others),
    )
    if not rows:
        note = f"This label names {', '.join(coverage.products) or 'no product'}. " + note
    return note


def _distinct(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))
