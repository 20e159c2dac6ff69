"""Print a medication list with its findings, for the clinician's record, or save it as PDF.

Uses the handout's printing helpers (``viewer.ui.printing``): the same page layout, fonts and
pagination, so no paragraph is split badly or printed twice; each page carries a footer with
the catalogue's build date and the page number. The PDF is written atomically.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFontMetricsF,
    QPagedPaintDevice,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from viewer.ui.printing import (
    PDF_RESOLUTION,
    Paper,
    PrintError,
    draw_page_body,
    ensure_gui_application,
    handout_font,
    page_layout,
    paginate,
)

BODY_POINTS = 10.0
FOOTER_POINTS = 8.0


def paint_record(html: str, footer: str, device: QPagedPaintDevice) -> int:
    """Paint ``html`` on ``device`` page by page with ``footer``; return the page count."""
    painter = QPainter()
    if not painter.begin(device):
        raise PrintError("the printer or file could not be opened for printing")
    try:
        area = device.pageLayout().paintRectPixels(device.logicalDpiX())
        width, height = float(area.width()), float(area.height())
        footer_font = handout_font(FOOTER_POINTS)
        metrics = QFontMetricsF(footer_font, device)
        body_height = height - metrics.height() * 2
        document = QTextDocument()
        document.documentLayout().setPaintDevice(device)
        document.setDocumentMargin(0)
        document.setDefaultFont(handout_font(BODY_POINTS))
        document.setHtml(html)
        document.setPageSize(QSizeF(width, body_height))
        paginate(document, body_height)
        pages = document.pageCount()
        for index in range(pages):
            if index and not device.newPage():
                raise PrintError(f"could not start page {index + 1}")
            draw_page_body(painter, document, index, width, body_height)
            painter.setFont(footer_font)
            box = QRectF(0, body_height, width, height - body_height)
            bottom = Qt.AlignmentFlag.AlignBottom
            painter.drawText(box, int(bottom | Qt.AlignmentFlag.AlignLeft), footer)
            painter.drawText(
                box, int(bottom | Qt.AlignmentFlag.AlignRight), f"Page {index + 1} of {pages}"
            )
    finally:
        ended = painter.end()
    if not ended:
        raise PrintError("the printer did not accept the finished pages")
    return pages


def save_record_pdf(html: str, footer: str, path: Path, paper: Paper) -> int:
    """Write the record to ``path`` as PDF (via a temporary file beside it); the page count."""
    target = path.expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise PrintError(f"cannot save the PDF as {target}: it is a folder")
    if not folder.is_dir():
        raise PrintError(f"cannot save the PDF in {folder}: no such folder")
    ensure_gui_application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(page_layout(paper))
    writer.setTitle("Medication list: what the labels say")
    writer.setCreator("drugview")
    pages = paint_record(html, footer, writer)
    del writer
    buffer.close()
    try:
        handle, temporary = tempfile.mkstemp(prefix=".medlist-", suffix=".pdf", dir=folder)
    except OSError as error:
        raise PrintError(f"cannot save the PDF in {folder}: {error.strerror or error}") from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(bytes(buffer.data().data()))
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise PrintError(f"cannot save the PDF as {target}: {error.strerror or error}") from error
    return pages
