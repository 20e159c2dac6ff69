"""How the CLI writes results: JSON documents, search hits as lines, a monograph as plain text.

Provenance is worded by ``viewer.provenance.cite``, as in the window and on the handout.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any

from viewer import panels
from viewer.coverage import label_note
from viewer.model import CatalogueInfo, SearchHit, TextHit
from viewer.monograph import Monograph, SectionKind
from viewer.provenance import cite


def print_json(document: Any) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def name_hit_line(hit: SearchHit) -> str:
    ingredients = ", ".join(hit.ingredients)
    return (
        f"{hit.monograph_id:>6}  {hit.title}  ({ingredients})"
        f"  [{hit.matched_kind.value}: {hit.matched_name}]"
    )


def text_hit_line(hit: TextHit) -> str:
    where = hit.section_title or hit.section_kind
    return f"{hit.monograph_id:>6}  {hit.title}  [text: {where}]  {marked(hit)}"


def marked(hit: TextHit) -> str:
    """The snippet with its matched words between asterisks, for a terminal."""
    out, last = [], 0
    for start, end in hit.highlights:
        out += [hit.snippet[last:start], "*", hit.snippet[start:end], "*"]
        last = end
    return "".join([*out, hit.snippet[last:]])


def monograph_text(monograph: Monograph, today: date) -> str:
    lines = [monograph.title, "=" * len(monograph.title)]
    if monograph.brands:
        lines.append("Brands: " + ", ".join(monograph.brands))
    lines.append("Ingredients: " + (", ".join(monograph.ingredient_names) or "not stated"))
    notice = panels.staleness_notice(monograph, today)
    if notice:
        lines += ["", "NOTICE: " + notice]
    for kind in (SectionKind.MECHANISM, SectionKind.INDICATIONS, SectionKind.ADMINISTRATION):
        lines += ["", kind.label.upper()]
        found = monograph.sections_of(kind)
        for section in found:
            lines += [section.text, f"  [source: {cite(section.provenance)}]"]
        if not found:
            lines.append(panels.missing_sentence(kind, monograph.title))
    for coverage in monograph.labels:  # whose text the label sections are, and for what
        lines += ["", f"LABEL {coverage.document_title} (set id {coverage.set_id})"]
        lines.append(label_note(monograph, coverage))
    lines += ["", "FORMS"]
    for form in monograph.forms:
        parts = [
            form.dose_form or "dose form not stated",
            form.strength or "",
            form.route or "",
            form.package or "",
        ]
        lines.append(
            "- "
            + ", ".join(p for p in parts if p)
            + f"  [{form.provenance.source}"
            + (f" {form.application}" if form.application else "")
            + (f", {form.marketing_status}" if form.marketing_status else "")
            + "]"
        )
    if not monograph.forms:
        lines.append(panels.no_forms_sentence(monograph.title))
    lines += ["", "REVIEW AND SOURCES"]
    review = monograph.review
    if review:
        who = ", ".join(p for p in (review.reviewed_by, review.credentials) if p)
        lines.append(f"Reviewed by: {who or 'not stated'}")
        lines.append(f"Reviewed on: {review.reviewed_on or 'not stated'}")
        lines.append(f"Last updated: {review.updated_on or 'not stated'}")
        lines.append(
            f"Source: {review.source_name or 'not stated'}"
            + (f', "{review.source_title}"' if review.source_title else "")
        )
    else:
        lines.append(panels.no_review_sentence(monograph.title))
    lines.append("Sources: " + ", ".join(monograph.sources))
    return "\n".join(lines) + "\n"


def info_text(info: CatalogueInfo) -> str:
    lines = [
        f"catalogue:      {info.path}",
        f"schema version: {info.schema_version}",
        f"build date:     {info.build_date}",
        f"built by:       drugview {info.app_version}",
        f"monographs:     {info.monographs} ({info.brands} brands)",
        f"ingredients:    {info.ingredients}",
        f"forms:          {info.forms}",
        f"sections:       {info.sections}",
        "sources:",
    ]
    for source in info.sources:
        lines.append(
            f"  {source.key}: {source.title}, edition {source.edition} ({source.records} records)"
        )
    return "\n".join(lines) + "\n"
