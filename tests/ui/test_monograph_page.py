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
