"""The monograph page: panels in order, forms table, provenance, and the light or dark theme."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtGui import QColor, QPalette

from viewer.catalogue.store import Catalogue
from viewer.ui.monograph_page import MonographPage
from viewer.ui.monograph_view import theme_from_palette


def page_for(catalogue_path: Path, slug: str) -> str:
    with Catalogue.open(catalogue_path) as catalogue:
        monograph = catalogue.monograph(catalogue.monograph_id_for_slug(slug) or 0)
        editions = {s.key: s for s in catalogue.sources()}
    assert monograph is not None
    return MonographPage(monograph, editions, date(2026, 11, 27)).html()


def test_panels_come_in_reading_order(shipped_catalogue: Path) -> None:
    html = page_for(shipped_catalogue, "avonex")
    order = [
        html.index(t)
        for t in (
            "About interferon beta-1a",
            "How it works",
            "What it is used for",
            "How it is given",
            "Review and sources",
        )
    ]
    assert order == sorted(order)


def test_forms_table_shows_every_source_with_its_edition(shipped_catalogue: Path) -> None:
    html = page_for(shipped_catalogue, "avonex")
    assert "Prefilled syringe, single-use" in html  # curated
    assert "Prefilled Syringe" in html and "RxNorm 2025-10-06" in html  # RxNorm
    assert "NDC 59627000206" in html
    assert "BLA 103628" in html and "Drugs@FDA 2023-02" in html
    assert "Drugs@FDA lists the container (VIAL), not a dose form" in html


def test_many_ndcs_are_summarised(shipped_catalogue: Path) -> None:
    html = page_for(shipped_catalogue, "zafirlukast")
    assert "more</td>" in html or " more" in html


def test_dark_palette_gives_dark_panels_and_light_text() -> None:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#202124"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#e8eaed"))
    dark = theme_from_palette(palette)
    assert QColor(dark.panel).lightness() < 128
    assert QColor(dark.text).lightness() > 128
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#000000"))
    light = theme_from_palette(palette)
    assert QColor(light.panel).lightness() > 128


def test_a_label_is_laid_out_under_clinical_headings_boxed_warning_first(
    shipped_catalogue: Path,
) -> None:
    html = page_for(shipped_catalogue, "coumadin")
    order = [
        html.index(t)
        for t in (
            "<h1>Coumadin</h1>",
            "Label:",
            "Boxed warning",
            "BLEEDING RISK",
            ">Indications<",
            ">Dosage and administration<",
            ">Contraindications<",
            ">Warnings and precautions<",
            ">Adverse reactions<",
            ">Drug interactions<",
            ">Use in specific populations<",
            ">Mechanism of action<",
            "How it is given, and in which forms",
            "Review and sources",
        )
    ]
    assert order == sorted(order)
    assert html.count("Boxed warning") == 1 and "3px solid" in html  # boxed, unmistakable


def test_missing_headings_are_named_in_one_line(shipped_catalogue: Path) -> None:
    with Catalogue.open(shipped_catalogue) as catalogue:
        monograph = catalogue.monograph(catalogue.monograph_id_for_slug("coumadin") or 0)
        editions = {s.key: s for s in catalogue.sources()}
    assert monograph is not None
    page = MonographPage(monograph, editions, date(2026, 11, 27))
    html = page.html()
    kinds = {s.kind.value for s in monograph.sections}
    missing = page.label.missing() if page.label else []
    assert ("dosage_forms" in kinds) == ("Dosage forms and strengths" not in missing)
    if missing:
        assert html.count("No text in this label for:") == 1
        line = html[html.index("No text in this label for:") :].split("</i>")[0]
        assert all(m.lower() in line for m in missing)
    assert [heading for _, heading in page.contents()][:2] == [
        f"Label: {page.label.title}" if page.label else "",
        "Boxed warning",
    ]


def test_the_established_class_is_in_the_header(shipped_catalogue: Path) -> None:
    html = page_for(shipped_catalogue, "coreg")
    header = html[: html.index("Label:")]
    line = header.split("Established pharmacologic class: <b>")[1].split("</b>")[0]
    assert line == "alpha-Adrenergic Blocker, beta-Adrenergic Blocker"  # as openFDA lists them
    assert "Mechanism of action class: <b>Adrenergic alpha-Antagonists," in header
    assert "[MoA]" not in header


def test_label_titles_are_shown_cleanly() -> None:
    from viewer.label_layout import clean_label_title

    humira = (
        "These highlights do not include all the information needed to use HUMIRA safely and "
        "effectively. See full prescribing information for HUMIRA.HUMIRA (adalimumab) "
        "injection, for subcutaneous useInitial U.S. Approval: 2002"
    )
    assert clean_label_title(humira) == (
        "HUMIRA (adalimumab) injection, for subcutaneous use (initial U.S. approval 2002)"
    )
    assert clean_label_title("Drug Facts") == "Drug Facts"
    assert (
        clean_label_title(
            "Coumadin: prescription drug label (openFDA record, which gives no document title)"
        )
        == "Coumadin: prescription drug label"
    )
