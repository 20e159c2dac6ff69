"""Plain JSON-ready dictionaries of monographs, hits and catalogue info (the CLI contract)."""

from __future__ import annotations

from datetime import date
from typing import Any

from viewer.coverage import label_note
from viewer.model import CatalogueInfo, SearchHit, TextHit
from viewer.monograph import (
    Form,
    LabelCoverage,
    Monograph,
    Provenance,
    Review,
    Section,
    SectionKind,
)
from viewer.search import Tier


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def provenance_json(provenance: Provenance) -> dict[str, Any]:
    return {
        "source": provenance.source,
        "source_title": provenance.source_title,
        "edition": provenance.edition,
        "document_id": provenance.document_id,
        "document_title": provenance.document_title,
        "set_id": provenance.set_id,
        "version": provenance.version,
        "effective_date": _iso(provenance.effective_date),
        "url": provenance.url,
    }


def section_json(section: Section) -> dict[str, Any]:
    return {
        "kind": section.kind.value,
        "title": section.title,
        "text": section.text,
        "html": section.html,
        "provenance": provenance_json(section.provenance),
    }


def form_json(form: Form) -> dict[str, Any]:
    return {
        "dose_form": form.dose_form,
        "strength": form.strength,
        "route": form.route,
        "package": form.package,
        "ndcs": list(form.ndcs),
        "product_name": form.product_name,
        "ingredients": list(form.ingredients),
        "rxcui": form.rxcui,
        "application": form.application,
        "sponsor": form.sponsor,
        "marketing_status": form.marketing_status,
        "note": form.note,
        "source": form.provenance.source,
        "source_edition": form.provenance.edition,
    }


def review_json(review: Review | None) -> dict[str, Any] | None:
    if review is None:
        return None
    return {
        "reviewed_by": review.reviewed_by,
        "credentials": review.credentials,
        "reviewed_on": _iso(review.reviewed_on),
        "updated_on": _iso(review.updated_on),
        "source": review.source_name,
        "source_title": review.source_title,
        "source_url": review.source_url,
    }


def _text_of(monograph: Monograph, kind: SectionKind) -> str | None:
    section = monograph.section(kind)
    return section.text if section else None


def monograph_json(monograph: Monograph) -> dict[str, Any]:
    return {
        "id": monograph.id,
        "slug": monograph.slug,
        "title": monograph.title,
        "kind": monograph.kind,
        "brands": list(monograph.brands),
        "ingredients": list(monograph.ingredient_names),
        "ingredient_details": [
            {"name": i.name, "unii": i.unii, "rxcui": i.rxcui, "sources": list(i.sources)}
            for i in monograph.ingredients
        ],
        "synonyms": list(monograph.synonyms),
        "mechanism": _text_of(monograph, SectionKind.MECHANISM),
        "indications": _text_of(monograph, SectionKind.INDICATIONS),
        "administration": _text_of(monograph, SectionKind.ADMINISTRATION),
        "forms": [form_json(f) for f in monograph.forms],
        "review": review_json(monograph.review),
        "sections": [section_json(s) for s in monograph.sections],
        "sources": list(monograph.sources),
        "labels": [label_json(monograph, c) for c in monograph.labels],
    }


def label_json(monograph: Monograph, coverage: LabelCoverage) -> dict[str, Any]:
    """A label filed in the monograph: the products it names, the form rows (indexes into
    "forms") it covers or serves, and the note the page shows under its sections."""
    return {
        "set_id": coverage.set_id,
        "document_title": coverage.document_title,
        "products": list(coverage.products),
        "covers": list(coverage.covers),
        "serves": list(coverage.serves),
        "note": label_note(monograph, coverage),
    }


def hit_json(hit: SearchHit, did_you_mean: str | None = None) -> dict[str, Any]:
    """A name hit; a typo-tier hit also carries the corrected query it was found by."""
    document = {
        "id": hit.monograph_id,
        "title": hit.title,
        "kind": hit.kind,
        "brands": list(hit.brands),
        "ingredients": list(hit.ingredients),
        "matched": "name",
        "matched_name": hit.matched_name,
        "matched_kind": hit.matched_kind.value,
        "tier": hit.tier,
        "active": hit.active,
    }
    if did_you_mean is not None and hit.tier == Tier.FUZZY:
        document["did_you_mean"] = did_you_mean
    return document


def text_hit_json(hit: TextHit) -> dict[str, Any]:
    """A text hit: the section that matched, and a plain-text snippet with match offsets."""
    return {
        "id": hit.monograph_id,
        "title": hit.title,
        "kind": hit.kind,
        "brands": list(hit.brands),
        "ingredients": list(hit.ingredients),
        "matched": "text",
        "section_kind": hit.section_kind,
        "section_title": hit.section_title,
        "snippet": hit.snippet,
        "highlights": [list(span) for span in hit.highlights],
        "score": hit.score,
        "active": hit.active,
    }


def info_json(info: CatalogueInfo) -> dict[str, Any]:
    return {
        "path": info.path,
        "schema_version": info.schema_version,
        "build_date": info.build_date,
        "app_version": info.app_version,
        "counts": {
            "monographs": info.monographs,
            "brands": info.brands,
            "ingredients": info.ingredients,
            "forms": info.forms,
            "sections": info.sections,
        },
        "sources": [
            {
                "key": s.key,
                "title": s.title,
                "edition": s.edition,
                "publisher": s.publisher,
                "url": s.url,
                "licence": s.licence,
                "records": s.records,
            }
            for s in info.sources
        ],
    }
