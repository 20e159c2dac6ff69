"""What each monograph panel says, Qt-free: shared by the window, the CLI and the handout.

Keeps the plain sentences for absent sections and the age check in one place, so every view of
a monograph is honest in the same words.
"""

from __future__ import annotations

from datetime import date

from viewer.monograph import Monograph, SectionKind

STALE_AFTER_DAYS = 730  # two years

_MISSING = {
    SectionKind.MECHANISM: "This catalogue has no text on how {title} works.",
    SectionKind.INDICATIONS: "This catalogue has no text on what {title} is used for.",
    SectionKind.ADMINISTRATION: "This catalogue has no text on how {title} is given.",
    SectionKind.PATIENT_INFORMATION: "This catalogue has no patient information for {title}.",
}


def missing_sentence(kind: SectionKind, title: str) -> str:
    """The one plain sentence shown where a monograph lacks a section."""
    template = _MISSING.get(kind, "This catalogue has no {label} text for {title}.")
    return template.format(title=title, label=kind.label.lower())


def no_forms_sentence(title: str) -> str:
    return f"This catalogue lists no product forms for {title}."


def no_review_sentence(title: str) -> str:
    return (
        f"No one has reviewed a written monograph for {title} in this catalogue; "
        "the product data comes from the sources listed."
    )


def content_date(monograph: Monograph) -> date | None:
    """The newest review or label date behind the monograph's text, or None if it has none."""
    dates = [s.provenance.effective_date for s in monograph.sections]
    if monograph.review:
        dates += [monograph.review.updated_on, monograph.review.reviewed_on]
    known = [d for d in dates if d is not None]
    return max(known) if known else None


def staleness_notice(monograph: Monograph, today: date) -> str | None:
    """A visible warning when the monograph's text is over two years old, else None."""
    newest = content_date(monograph)
    if newest is None or (today - newest).days <= STALE_AFTER_DAYS:
        return None
    years = (today - newest).days // 365
    return (
        f"This monograph's text was last reviewed or updated on {newest.isoformat()}, "
        f"more than {years} years ago. Check the current label before relying on it."
    )
