"""Print a handout through a real CUPS queue (the cups-pdf printer) and read the paper back.

`.ci/run` installs CUPS and cups-pdf, starts cupsd and adds a queue. The test picks that queue
through QPrinterInfo, as the print dialog would, prints from the handout dialog, waits for the
PDF cups-pdf writes, and checks its pages and, by OCR, its words (cups-pdf re-renders the fonts,
so text extraction would return symbols). Where no such queue exists the test skips and says why.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import uuid
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog

from tests.pdfread import PAPER_POINTS, ocr_text, page_count, page_sizes
from viewer.catalogue.store import Catalogue
from viewer.ui import handout_dialog
from viewer.ui.handout_dialog import HandoutDialog

pytestmark = pytest.mark.slow

CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")
ANONYMOUS_DIR = Path("/var/spool/cups-pdf/ANONYMOUS")


def cups_pdf_queue() -> str:
    """The name of a CUPS queue whose device is cups-pdf, or skip with the reason."""
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        pytest.skip("CUPS is not installed (no lpstat); .ci/run installs cups and cups-pdf")
    result = subprocess.run([lpstat, "-v"], capture_output=True, text=True, timeout=30)
    queues = re.findall(r"^device for (\S+): cups-pdf:/", result.stdout, flags=re.MULTILINE)
    if result.returncode != 0 or not queues:
        pytest.skip(
            "no CUPS queue with the cups-pdf backend (is cupsd running? .ci/run adds one): "
            + (result.stderr.strip() or "lpstat lists none")
        )
    return queues[0]


def cups_pdf_folders() -> list[Path]:
    """Where cups-pdf writes a job of this user: its `Out` setting, expanded as it does."""
    user = pwd.getpwuid(os.getuid())
    out = "${HOME}/PDF"
    if CUPS_PDF_CONF.is_file():
        for line in CUPS_PDF_CONF.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip().startswith("Out "):
                out = line.split(None, 1)[1].strip()
    out = out.replace("${HOME}", user.pw_dir).replace("${USER}", user.pw_name)
    return [Path(out), ANONYMOUS_DIR]


def printed_file(folders: list[Path], job_name: str) -> Path | None:
    for folder in folders:
        for candidate in folder.glob(f"*{job_name}*.pdf") if folder.is_dir() else ():
            try:
                if len(PdfReader(candidate).pages):
                    return candidate
            except Exception:  # still being written
                return None
    return None


def test_handout_prints_through_a_real_cups_queue(qtbot, small_catalogue, monkeypatch, tmp_path):
    queue = cups_pdf_queue()
    info = QPrinterInfo.printerInfo(queue)
    if info.isNull():
        pytest.skip(f"Qt's CUPS support does not list the queue {queue!r}")
    job_name = f"drugview-test-{uuid.uuid4().hex[:12]}"
    monkeypatch.setattr(handout_dialog, "show_error", lambda *a: pytest.fail(str(a)))

    def choose_queue(dialog: QDialog) -> int:
        """What a user does in the print dialog: pick the queue, press Print."""
        assert isinstance(dialog, QPrintDialog)
        printer = dialog.printer()
        printer.setPrinterName(info.printerName())
        printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
        printer.setDocName(job_name)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(handout_dialog, "exec_dialog", choose_queue)
    with Catalogue.open(small_catalogue) as catalogue:
        monograph = catalogue.monograph(catalogue.monograph_id_for_slug("avonex"))
        dialog = HandoutDialog(monograph, catalogue.info(), today=date(2026, 1, 15))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.patient_edit, "Jane Doe")
    qtbot.keyClicks(dialog.clinic_edit, "Riverside Clinic")
    dialog.date_edit.setDate(QDate(2026, 2, 3))
    dialog.paper_combo.setCurrentIndex(dialog.paper_combo.findData("a4"))
    assert dialog.print_handout()
    assert dialog.printer().printerName() == queue

    folders = cups_pdf_folders()
    qtbot.waitUntil(lambda: printed_file(folders, job_name) is not None, timeout=90_000)
    printed = printed_file(folders, job_name)
    try:
        copy = tmp_path / "printed.pdf"
        shutil.copyfile(printed, copy)
    finally:
        printed.unlink()

    monkeypatch.setattr(handout_dialog, "choose_save_path", lambda *a: str(tmp_path / "s.pdf"))
    dialog.save_pdf()
    assert page_count(copy) == page_count(tmp_path / "s.pdf")
    assert page_sizes(copy)[0] == pytest.approx(PAPER_POINTS["a4"], abs=2)
    text = ocr_text(copy).lower()
    for expected in (
        "avonex",
        "interferon beta",  # OCR reads "1a" as "la"
        "injection into a muscle",
        "jane doe",
        "riverside clinic",
        "3 february 2026",
        "drugs.com",
        "does not replace advice from your care team",
    ):
        assert expected in text, (expected, text)
