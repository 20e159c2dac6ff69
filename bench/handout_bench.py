"""Benchmark: a two-page patient handout to PDF, beside baselines measured in the same run.

Run from the repository root: ``python -m bench.handout_bench [--runs N] [--paper a4|letter]``.
Not part of the test suite. The handout is Avonex's with a clinic, a patient and a few lines of
notes, so that it fills two pages. Rows:

- ``handout``: what "Save as PDF" does: build the content from the monograph, render the HTML,
  lay it out on a QPdfWriter, settle page breaks, paint pages with their footers.
- ``baseline-plain``: a bare QTextDocument holding the same text as plain text, printed with
  Qt's own ``QTextDocument.print_`` to a QPdfWriter (the cheapest way to put that text on paper).
- ``baseline-html``: the same handout HTML through ``QTextDocument.print_`` (Qt's pagination,
  no footer, no page-break pass): the cost of our own page loop is the difference.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QPdfWriter, QTextDocument

from bench.stats import percentile
from viewer.catalogue.build import build_catalogue
from viewer.catalogue.store import Catalogue
from viewer.handout import (
    HandoutOptions,
    build_handout,
    handout_html,
    handout_text,
    type_sizes,
)
from viewer.paths import data_dir
from viewer.ui import printing

NOTES = "\n".join(
    f"Note {n}: bring this sheet and your questions to the next visit." for n in range(1, 9)
)


def writer(paper: printing.Paper) -> tuple[QPdfWriter, QBuffer]:
    buffer = QBuffer()  # owns its byte array
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pdf = QPdfWriter(buffer)
    pdf.setResolution(printing.PDF_RESOLUTION)
    pdf.setPageLayout(printing.page_layout(paper))
    return pdf, buffer


def measure(action: Callable[[], object], runs: int) -> tuple[float, list[float]]:
    started = time.perf_counter()
    action()
    cold = time.perf_counter() - started
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return cold, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--paper", choices=["a4", "letter"], default="a4")
    args = parser.parse_args()
    paper = printing.Paper(args.paper)
    started = time.perf_counter()
    printing.ensure_gui_application()
    app_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "catalogue.sqlite"
        build_catalogue(data_dir(), path)
        with Catalogue.open(path) as catalogue:
            monograph = catalogue.monograph(catalogue.monograph_id_for_slug("avonex"))
            info = catalogue.info()

    options = HandoutOptions(
        clinic="Riverside Neurology Clinic", patient="Jane Doe", notes=NOTES, handout_date=None
    )
    today = date.today()
    started = time.perf_counter()
    sample = build_handout(monograph, info, options, today)
    pages = printing.pdf_bytes(sample, paper)[1]
    first_seconds = time.perf_counter() - started
    if pages != 2:
        raise SystemExit(f"the sample handout has {pages} pages, not 2: adjust NOTES")
    text, markup = handout_text(sample), handout_html(sample)

    def handout() -> object:
        return printing.pdf_bytes(build_handout(monograph, info, options, today), paper)

    def baseline_plain() -> object:
        pdf, buffer = writer(paper)
        document = QTextDocument()
        document.setDefaultFont(printing.handout_font(type_sizes(False).body))
        document.setPlainText(text)
        document.print_(pdf)
        del pdf
        return buffer.data().size()

    def baseline_html() -> object:
        pdf, buffer = writer(paper)
        document = QTextDocument()
        document.setDefaultFont(printing.handout_font(type_sizes(False).body))
        document.setHtml(markup)
        document.print_(pdf)
        del pdf
        return buffer.data().size()

    large_options = HandoutOptions(
        clinic=options.clinic, patient=options.patient, notes=options.notes, large_print=True
    )

    def handout_large() -> object:
        return printing.pdf_bytes(build_handout(monograph, info, large_options, today), paper)

    rows = [
        ("handout", handout),
        ("handout-large", handout_large),
        ("baseline-plain", baseline_plain),
        ("baseline-html", baseline_html),
    ]
    results = {name: measure(action, args.runs) for name, action in rows}
    base = statistics.median(results["baseline-plain"][1])
    large_pages = printing.pdf_bytes(build_handout(monograph, info, large_options, today), paper)[1]
    print(f"Avonex handout, {pages} pages ({large_pages} in large print), {paper.label}")
    print(f"Qt application start {app_seconds * 1000:.0f} ms; first handout in the process")
    print(f"(fonts loading) {first_seconds * 1000:.0f} ms; then {args.runs} runs per row")
    print(f"{'row':<16}{'cold ms':>9}{'median ms':>11}{'p95 ms':>8}{'x baseline':>12}")
    for name, (cold, times) in results.items():
        median = statistics.median(times)
        p95 = percentile(times, 95)
        print(
            f"{name:<16}{cold * 1000:>9.1f}{median * 1000:>11.1f}{p95 * 1000:>8.1f}"
            f"{median / base:>12.2f}"
        )


if __name__ == "__main__":
    main()
