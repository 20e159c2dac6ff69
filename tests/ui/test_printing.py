"""Handout PDFs and printing, read back: content, paper sizes, fit, large print, errors."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtPrintSupport import QPrinter

from tests.handout_samples import fictional_monograph, long_guide_html, long_paragraphs_html
from tests.pdfread import (
    PAPER_POINTS,
    POINTS_PER_MM,
    median_size,
    page_count,
    page_sizes,
    page_texts,
    pdf_text,
    poppler_page_texts,
    type_sizes,
    word_boxes,
    words,
)
from viewer.catalogue.store import Catalogue
from viewer.handout import (
    CARE_TEAM_LINE,
    Handout,
    HandoutOptions,
    build_handout,
    handout_text,
)
from viewer.model import CatalogueInfo
from viewer.monograph import Monograph
from viewer.ui import printing
from viewer.ui.printing import Paper, PrintError

TODAY = date(2026, 1, 15)
NOTES = "<script>alert('note')</script> & take with <food>"
PATIENT = "Jane <Doe> & Co"
CLINIC = 'Riverside <Clinic> "North"'


@pytest.fixture(scope="module")
def avonex(small_catalogue: Path) -> Iterator[tuple[Monograph, CatalogueInfo]]:
    with Catalogue.open(small_catalogue) as catalogue:
        yield catalogue.monograph(catalogue.monograph_id_for_slug("avonex")), catalogue.info()


def avonex_handout(avonex, **options) -> Handout:
    monograph, info = avonex
    defaults = {"clinic": CLINIC, "patient": PATIENT, "notes": NOTES, "handout_date": TODAY}
    return build_handout(monograph, info, HandoutOptions(**(defaults | options)), TODAY)


@pytest.mark.parametrize("paper", list(Paper))
def test_pdf_says_drug_route_source_date_and_fields(qapp, tmp_path, avonex, paper) -> None:
    path = tmp_path / "avonex.pdf"
    pages = printing.save_pdf(avonex_handout(avonex), path, paper)
    assert page_count(path) == pages
    text = pdf_text(path)
    for expected in (
        "Avonex",
        "interferon beta-1a",
        "Avonex is given as an injection into a muscle (intramuscular).",
        "Drugs.com",
        "Last updated 8 May 2024",
        "Catalogue edition: built",
        CARE_TEAM_LINE,
        NOTES,
        PATIENT,
        CLINIC,
    ):
        assert expected in text, expected
    width, height = PAPER_POINTS[paper.value]
    for size in page_sizes(path):
        assert size == pytest.approx((width, height), abs=1)


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-print"])
@pytest.mark.parametrize("paper", list(Paper))
def test_every_word_fits_inside_the_margins(qapp, tmp_path, avonex, paper, large) -> None:
    handout = avonex_handout(avonex, large_print=large)
    path = tmp_path / "fit.pdf"
    printing.save_pdf(handout, path, paper)
    boxes = word_boxes(path)
    margin = printing.MARGIN_MM * POINTS_PER_MM
    for box in boxes:
        assert (box.page_width, box.page_height) == pytest.approx(PAPER_POINTS[paper.value], abs=1)
        assert margin - 1 <= box.x_min and box.x_max <= box.page_width - margin + 1, box
        assert margin - 1 <= box.y_min and box.y_max <= box.page_height - margin + 1, box
    # Every word of the handout is printed, and nothing else but the page footers: so no line
    # is lost off the page, and none is drawn (even clipped) on two pages.
    pages = page_count(path)
    printed = words(" ".join(b.text for b in boxes))
    expected = words(handout_text(handout))
    footers = words(
        " ".join(f"{handout.running_footer} Page {n} of {pages}" for n in range(1, pages + 1))
    )
    assert not expected - printed, expected - printed
    assert not printed - expected - footers, printed - expected - footers


def test_large_print_really_prints_larger_type(qapp, tmp_path, avonex) -> None:
    normal, large = tmp_path / "normal.pdf", tmp_path / "large.pdf"
    normal_pages = printing.save_pdf(avonex_handout(avonex), normal, Paper.A4)
    large_pages = printing.save_pdf(avonex_handout(avonex, large_print=True), large, Paper.A4)
    assert median_size(large) >= 1.4 * median_size(normal)
    assert min(size for size, _ in type_sizes(large)) >= 16
    assert large_pages >= normal_pages


def test_two_page_handout_has_each_line_once_and_numbered_pages(qapp, tmp_path) -> None:
    monograph = fictional_monograph(guide_html=long_guide_html(40))
    handout = build_handout(monograph, None, HandoutOptions(patient="Sam"), TODAY)
    path = tmp_path / "long.pdf"
    pages = printing.save_pdf(handout, path, Paper.LETTER)
    assert pages >= 2
    texts = page_texts(path)
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {pages}" in text
        assert "Testamab · for Sam" in text
    whole = " ".join(texts)
    for n in range(1, 41):
        assert whole.count(f"marker{n}end") == 1, n


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-print"])
@pytest.mark.parametrize("paper", list(Paper))
def test_long_paragraphs_split_at_the_page_edge_and_print_once(qapp, tmp_path, paper, large):
    guide = long_paragraphs_html(paragraphs=5, sentences=30)
    handout = build_handout(
        fictional_monograph(guide_html=guide), None, HandoutOptions(large_print=large), TODAY
    )
    path = tmp_path / "paragraphs.pdf"
    pages = printing.save_pdf(handout, path, paper)
    assert pages >= 2
    boxes = word_boxes(path)
    margin = printing.MARGIN_MM * POINTS_PER_MM
    for box in boxes:
        assert margin - 1 <= box.y_min and box.y_max <= box.page_height - margin + 1, box
    tags = words(" ".join(b.text for b in boxes))
    for p in range(1, 6):
        for s in range(1, 31):
            assert tags[f"p{p}s{s}"] == 1, f"p{p}s{s}"


def test_care_team_line_is_never_split_across_pages(qapp, tmp_path, avonex) -> None:
    # Notes of growing length push the closing line across every position on the page.
    seen_split_free = 0
    for lines in range(0, 24):
        handout = avonex_handout(avonex, notes="\n".join(f"Note {n}" for n in range(lines)))
        path = tmp_path / f"care-{lines}.pdf"
        printing.save_pdf(handout, path, Paper.A4)
        holding = [t for t in poppler_page_texts(path) if "does not replace advice" in t]
        assert len(holding) == 1
        assert CARE_TEAM_LINE in holding[0]
        seen_split_free += 1
    assert seen_split_free == 24


def test_label_markup_prints_as_text_and_scripts_vanish(qapp, tmp_path) -> None:
    path = tmp_path / "label.pdf"
    printing.save_pdf(build_handout(fictional_monograph(), None, today=TODAY), path, Paper.A4)
    text = pdf_text(path)
    assert "Keep <tag> text as text." in text
    assert "alert('label')" not in text
    assert "What is the most important information I should know about TESTAMAB?" in text
    assert "an injection under the skin (subcutaneous)" in text


def test_printing_on_a_qprinter_writes_the_same_handout(qapp, tmp_path, avonex) -> None:
    printer = printing.make_printer(Paper.LETTER, "Avonex handout")
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    pages = printing.print_handout(avonex_handout(avonex), printer)
    assert page_count(tmp_path / "printer.pdf") == pages
    assert "injection into a muscle" in pdf_text(tmp_path / "printer.pdf")
    assert page_sizes(tmp_path / "printer.pdf")[0] == pytest.approx(PAPER_POINTS["letter"], abs=1)


# Qt warns when a printer cannot open; that failure is what this test is about.
@pytest.mark.qt_log_ignore(r"QPainter::begin\(\): Returned false")
def test_a_printer_that_cannot_open_says_so(qapp, tmp_path, avonex) -> None:
    printer = printing.make_printer(Paper.A4, "Avonex handout")
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "missing-folder" / "out.pdf"))
    with pytest.raises(PrintError, match="could not print on"):
        printing.print_handout(avonex_handout(avonex), printer)


def test_save_errors_name_the_file_and_leave_nothing_behind(qapp, tmp_path, avonex) -> None:
    handout = avonex_handout(avonex)
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    with pytest.raises(PrintError, match="no such folder"):
        printing.save_pdf(handout, tmp_path / "nowhere" / "x.pdf", Paper.A4)
    with pytest.raises(PrintError, match="it is a folder"):
        printing.save_pdf(handout, tmp_path, Paper.A4)
    blocker = tmp_path / "file.txt"
    blocker.write_text("keep me")
    with pytest.raises(PrintError):
        printing.save_pdf(handout, blocker / "x.pdf", Paper.A4)
    assert blocker.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


def test_saving_replaces_an_existing_file_whole(qapp, tmp_path, avonex) -> None:
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "out.pdf"
    path.write_bytes(b"old")
    printing.save_pdf(avonex_handout(avonex), path, Paper.A4)
    assert path.read_bytes().startswith(b"%PDF")
    assert [p.name for p in path.parent.iterdir()] == ["out.pdf"]


def test_paper_follows_the_locale() -> None:
    assert printing.paper_for_locale(QLocale.MeasurementSystem.ImperialUSSystem) is Paper.LETTER
    assert printing.paper_for_locale(QLocale.MeasurementSystem.MetricSystem) is Paper.A4
    assert printing.paper_for_locale(QLocale.MeasurementSystem.ImperialUKSystem) is Paper.A4
