"""``drugview audit``: check drug identity over every monograph of a catalogue. Qt-free.

The checks (each a ``Check``), over every monograph:

- **header-union**: the header's ingredients are exactly the active moieties of the
  monograph's product rows: each header name is the moiety of some row's precise ingredient,
  and each row's precise ingredient belongs to some header name.
- **named-twice**: no ingredient is named twice in a header (under two spellings).
- **counter-ion**: no monograph is titled or headed by a bare counter-ion ("Sodium") unless
  its source names the ingredient so itself.
- **label-products**: a label's sections are shown only in a monograph holding products the
  label covers or may serve (``viewer.coverage``).
- **handout-route**: every route the patient handout names is the route of a product a label
  covers or serves (of any product, where no label says).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from viewer.catalogue.store import Catalogue
from viewer.handout import given_forms
from viewer.identity import COUNTER_IONS, covers, is_active
from viewer.model import SourceKey
from viewer.monograph import Monograph
from viewer.routes import plain_routes
from viewer.text import normalise


class Check(StrEnum):
    HEADER_UNION = "header-union"
    NAMED_TWICE = "named-twice"
    COUNTER_ION = "counter-ion"
    LABEL_PRODUCTS = "label-products"
    HANDOUT_ROUTE = "handout-route"


CHECK_TEXT = {
    Check.HEADER_UNION: "header ingredients are the products' active moieties",
    Check.NAMED_TWICE: "no ingredient named twice",
    Check.COUNTER_ION: "no monograph titled or headed by a bare counter-ion",
    Check.LABEL_PRODUCTS: "label text shown only for products the label covers or serves",
    Check.HANDOUT_ROUTE: "handout routes are routes of covered or served products",
}


@dataclass(frozen=True, slots=True)
class Violation:
    check: Check
    monograph_id: int
    title: str
    detail: str


@dataclass
class AuditReport:
    catalogue: str
    monographs: int = 0
    checked: dict[Check, int] = field(default_factory=lambda: dict.fromkeys(Check, 0))
    violations: list[Violation] = field(default_factory=list)

    def count(self, check: Check) -> int:
        return sum(1 for v in self.violations if v.check is check)


def audit(catalogue: Catalogue, progress: Callable[[int, int], None] | None = None) -> AuditReport:
    """Run every check over every monograph of ``catalogue``."""
    report = AuditReport(str(catalogue.path))
    total = catalogue.monograph_count()
    for monograph_id in range(1, total + 1):
        monograph = catalogue.monograph(monograph_id)
        if monograph is None:
            continue
        report.monographs += 1
        for check, detail in check_monograph(monograph):
            if detail is None:
                report.checked[check] += 1
            else:
                report.checked[check] += 1
                report.violations.append(Violation(check, monograph.id, monograph.title, detail))
        if progress and monograph_id % 1000 == 0:
            progress(monograph_id, total)
    return report


def check_monograph(monograph: Monograph) -> Iterator[tuple[Check, str | None]]:
    """(check, None) for each check passed, (check, what is wrong) for each failed."""
    header = list(monograph.ingredient_names)
    rows = [
        f for f in monograph.forms if f.provenance.source != SourceKey.CURATED and f.ingredients
    ]
    keys = [normalise(n) for n in header]
    twice = sorted({n for n in keys if keys.count(n) > 1})
    yield Check.NAMED_TWICE, (f"named twice: {', '.join(twice)}" if twice else None)
    if rows:
        precise = {p for f in rows for p in f.ingredients}
        unheld = sorted(h for h in header if not any(_belongs(p, h) for p in precise))
        stray = sorted(
            p for p in precise if is_active(p) and not any(_belongs(p, h) for h in header)
        )
        problem = "; ".join(
            filter(
                None,
                [
                    f"no product has {', '.join(unheld)}" if unheld else "",
                    f"not in the header: {', '.join(stray)}" if stray else "",
                ],
            )
        )
        yield Check.HEADER_UNION, problem or None
    bare = [
        n
        for n in [monograph.title, *header]
        if normalise(n) in COUNTER_IONS
        and not any(normalise(n) in map(normalise, f.ingredients) for f in rows)
    ]
    yield Check.COUNTER_ION, (f"bare counter-ion: {', '.join(bare)}" if bare else None)
    has_rows = any(f.provenance.source != SourceKey.CURATED for f in monograph.forms)
    for label in monograph.labels:
        if not label.known or not has_rows:
            continue
        unrelated = not (label.covers or label.serves)
        yield (
            Check.LABEL_PRODUCTS,
            f"label {label.set_id} covers none of its products" if unrelated else None,
        )
    if any(c.covers or c.serves for c in monograph.labels):
        allowed = {
            r.term
            for i in {i for c in monograph.labels for i in (*c.covers, *c.serves)}
            for r in plain_routes([monograph.forms[i].route])
        }
        said = {r.term for r in plain_routes([f.route for f in given_forms(monograph)])}
        extra = sorted(said - allowed)
        yield (
            Check.HANDOUT_ROUTE,
            f"handout says {', '.join(extra)}, no covered product is" if extra else None,
        )


def _belongs(precise: str, moiety: str) -> bool:
    return normalise(precise) == normalise(moiety) or covers(precise, moiety)


# -- rendering ------------------------------------------------------------------------------------


def render_text(report: AuditReport, examples: int = 5) -> str:
    lines = [
        f"audit of {report.catalogue}: {report.monographs} monographs,"
        f" {len(report.violations)} violations"
    ]
    for check in Check:
        found = [v for v in report.violations if v.check is check]
        lines.append(
            f"  {check.value}: {len(found)} of {report.checked[check]} checked"
            f" ({CHECK_TEXT[check]})"
        )
        for violation in found[:examples]:
            lines.append(
                f"    - {violation.title} (id {violation.monograph_id}): {violation.detail}"
            )
        if len(found) > examples:
            lines.append(f"    ... and {len(found) - examples} more")
    return "\n".join(lines) + "\n"


def report_json(report: AuditReport, examples: int = 20) -> dict[str, Any]:
    return {
        "catalogue": report.catalogue,
        "monographs": report.monographs,
        "violations": len(report.violations),
        "checks": {
            check.value: {
                "description": CHECK_TEXT[check],
                "checked": report.checked[check],
                "violations": report.count(check),
                "examples": [
                    {"id": v.monograph_id, "title": v.title, "detail": v.detail}
                    for v in report.violations
                    if v.check is check
                ][:examples],
            }
            for check in Check
        },
    }
