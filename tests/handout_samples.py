"""Monographs built in code for the handout tests. TEST DATA: not a real medicine or label.

The shipped catalogue has no label with patient sections yet, so these exercise that path:
a Medication Guide and an information-for-patients section with provenance like an imported
label's, label markup that tries to run a script, and a long guide that needs two pages.
"""

from __future__ import annotations

from datetime import date

from viewer.monograph import Form, Ingredient, Monograph, Provenance, Section, SectionKind

LABEL = Provenance(
    source="spl",
    source_title="TEST DATA labels",
    edition="2099-01-01",
    document_id="test-document",
    document_title="TESTAMAB TEST DATA label",
    set_id="00000000-0000-0000-0000-000000000000",
    version="7",
    effective_date=date(2024, 3, 1),
)
FORMS = Provenance(source="rxnorm", source_title="TEST DATA forms", edition="2099-02-02")


def _section(kind: SectionKind, title: str, html: str, text: str) -> Section:
    return Section(kind, title, html, text, LABEL)


def long_guide_html(paragraphs: int) -> str:
    return "".join(
        f"<p>Guide paragraph {n} of the test data. This sentence only fills the page so the "
        f"handout runs over more than one sheet of paper, marker{n}end.</p>"
        for n in range(1, paragraphs + 1)
    )


def long_paragraphs_html(paragraphs: int, sentences: int) -> str:
    """Paragraphs too long to move whole to the next page; every sentence has its own tag."""
    return "".join(
        "<p>"
        + " ".join(f"Sentence p{p}s{s} of the test data." for s in range(1, sentences + 1))
        + "</p>"
        for p in range(1, paragraphs + 1)
    )


def fictional_monograph(
    *,
    guide_html: str | None = None,
    with_patient_sections: bool = True,
    with_indications: bool = True,
    routes: tuple[str | None, ...] = ("subcutaneous",),
) -> Monograph:
    """A fictional brand monograph with label sections; every text says it is test data."""
    guide = guide_html or (
        "<h1>MEDICATION GUIDE</h1>"
        "<p>What is the most important information I should know about TESTAMAB?</p>"
        "<ul><li>TEST DATA point one.</li><li>TEST DATA point two.</li></ul>"
        "<script>alert('label')</script>"
        "<p>Keep &lt;tag&gt; text as text.</p>"
        '<p><img src="https://example.org/track.png">Label picture dropped.</p>'
    )
    sections = []
    if with_indications:
        sections.append(
            _section(
                SectionKind.INDICATIONS,
                "Indications and usage",
                "<p>TESTAMAB is a TEST DATA medicine used to check the handout.</p>",
                "TESTAMAB is a TEST DATA medicine used to check the handout.",
            )
        )
    if with_patient_sections:
        sections += [
            _section(SectionKind.MEDICATION_GUIDE, "Medication Guide", guide, ""),
            _section(
                SectionKind.PATIENT_INFORMATION,
                "Patient counseling information",
                "",
                "TEST DATA counseling line one.\n\nTEST DATA counseling line two.",
            ),
        ]
    forms = tuple(
        Form(dose_form="Prefilled pen", strength="40 mg/0.4 mL", route=route, provenance=FORMS)
        for route in routes
    )
    return Monograph(
        id=999_001,
        slug="testamab",
        title="Testamab",
        kind="brand",
        brands=("Testamab",),
        ingredients=(Ingredient("testamab-xyz"),),
        sections=tuple(sections),
        forms=forms,
        review=None,
        sources=("spl", "rxnorm"),
    )
