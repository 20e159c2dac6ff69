"""Print a patient handout, or save it as PDF, with Qt's rich-text layout.

The handout's HTML (``viewer.handout``) is laid out by a ``QTextDocument`` on the very device it
is printed on (a ``QPdfWriter`` or a ``QPrinter``), so font metrics match the output. Pages are
cut by the document's own pagination, which never splits a line across pages, and every page gets
a running footer ("Avonex: information for patients · page 1 of 2"). A PDF is rendered into
memory and written to a temporary file beside the target, then moved into place, so a failure
never leaves half a file.
"""

from __future__ import annotations

import os
import tempfile
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QRectF,
    QSizeF,
    Qt,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from viewer.handout import Handout, handout_html, type_sizes

MARGIN_MM = 15.0
PDF_RESOLUTION = 1200
FONT_FAMILIES = ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Noto Sans"]


class Paper(StrEnum):
    A4 = "a4"
    LETTER = "letter"

    @property
    def label(self) -> str:
        return "A4" if self is Paper.A4 else "US Letter"

    @property
    def page_size(self) -> QPageSize:
        size = QPageSize.PageSizeId.A4 if self is Paper.A4 else QPageSize.PageSizeId.Letter
        return QPageSize(size)


class PrintError(Exception):
    """Printing or saving failed; the message says what failed, in one line."""


def paper_for_locale(measurement: object | None = None) -> Paper:
    """US Letter where the locale measures in US units, A4 everywhere else."""
    from PySide6.QtCore import QLocale

    system = measurement if measurement is not None else QLocale.system().measurementSystem()
    return Paper.LETTER if system == QLocale.MeasurementSystem.ImperialUSSystem else Paper.A4


def paper_for_printer(info: QPrinterInfo | None = None) -> Paper | None:
    """The default printer's own paper, when it is A4 or US Letter; None otherwise."""
    info = info if info is not None else QPrinterInfo.defaultPrinter()
    if info.isNull():
        return None
    size = info.defaultPageSize().id()
    if size == QPageSize.PageSizeId.A4:
        return Paper.A4
    if size == QPageSize.PageSizeId.Letter:
        return Paper.LETTER
    return None


def default_paper() -> Paper:
    """Paper follows the default printer, else the locale."""
    return paper_for_printer() or paper_for_locale()


def page_layout(paper: Paper) -> QPageLayout:
    return QPageLayout(
        paper.page_size,
        QPageLayout.Orientation.Portrait,
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
        QPageLayout.Unit.Millimeter,
    )


def handout_font(point_size: float) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(point_size)
    return font


_app: QGuiApplication | None = None


def ensure_gui_application() -> QCoreApplication:
    """The running Qt application, or a new offscreen one for headless use (the CLI)."""
    global _app
    existing = QCoreApplication.instance()
    if existing is not None:
        if not isinstance(existing, QGuiApplication):
            raise PrintError("printing needs a Qt GUI application, but a console one is running")
        return existing
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication(["drugview"])
    return _app


def make_document(handout: Handout, device: QPagedPaintDevice) -> QTextDocument:
    """The handout laid out for ``device`` (its resolution decides the font metrics)."""
    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)
    document.setDocumentMargin(0)
    document.setDefaultFont(handout_font(type_sizes(handout.large_print).body))
    document.setHtml(handout_html(handout))
    return document


def _is_heading(block: QTextBlock) -> bool:
    """A short block set entirely in bold: a heading, which belongs with what follows it."""
    if block.layout().lineCount() > 2 or not block.text().strip():
        return False
    fragment = block.begin()
    while not fragment.atEnd():
        if fragment.fragment().charFormat().fontWeight() < QFont.Weight.DemiBold:
            return False
        fragment += 1
    return True


def _page_of(y: float, page_height: float) -> int:
    # Qt puts a line pushed to a new page at the page edge give or take rounding.
    return int((y + 0.5) // page_height)


def _break_before(block: QTextBlock) -> None:
    fmt = block.blockFormat()
    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    QTextCursor(block).setBlockFormat(fmt)


def _split_at_line(document: QTextDocument, block: QTextBlock, line: int) -> None:
    """End ``block`` after ``line - 1`` lines and start a new paragraph with the rest."""
    cursor = QTextCursor(document)
    cursor.setPosition(block.position() + block.layout().lineAt(line).textStart())
    cursor.insertBlock()
    head = cursor.block().previous()
    fmt = head.blockFormat()
    fmt.setBottomMargin(0)
    QTextCursor(head).setBlockFormat(fmt)
    fmt = cursor.block().blockFormat()
    fmt.setTopMargin(0)
    cursor.setBlockFormat(fmt)


def paginate(document: QTextDocument, page_height: float) -> int:
    """Settle page breaks so every paragraph reads well and prints once.

    Works on a document already paginated to ``page_height``. A heading left at the foot of a
    page moves to the next; a short paragraph (or list item) that would be split moves whole;
    a long one is split into two paragraphs at the page edge, keeping two lines on each side.
    Splitting matters beyond looks: Qt draws a paragraph's last line above a page's top edge
    again (clipped, invisible), which would put it twice into the PDF's text. Blocks inside
    tables are left to Qt. Returns the number of changes.
    """
    changes = 0
    document.pageCount()  # lay the document out
    block = document.begin()
    while block.isValid():
        layout = block.layout()
        lines = layout.lineCount()
        if lines and QTextCursor(block).currentTable() is None:
            origin = layout.position().y()
            tops = [origin + layout.lineAt(i).y() for i in range(lines)]
            last = layout.lineAt(lines - 1)
            bottom = tops[-1] + last.height()
            page = _page_of(tops[0], page_height)
            at_page_top = tops[0] - page * page_height < 1
            spans = _page_of(tops[-1], page_height) != page
            room_after = (page + 1) * page_height - bottom
            stranded = _is_heading(block) and not spans and room_after < 3 * last.height()
            if not at_page_top and (stranded or (spans and (lines <= 4 or block.textList()))):
                _break_before(block)
                changes += 1
            elif spans:
                first_next = next(i for i, y in enumerate(tops) if _page_of(y, page_height) > page)
                if lines - first_next < 2:  # no single line alone at the top of a page
                    first_next = lines - 2
                if first_next < 2 and not at_page_top:  # nor alone at the foot of one
                    _break_before(block)
                else:
                    _split_at_line(document, block, max(first_next, 1))
                changes += 1
            if changes:
                document.pageCount()  # lay out again from here
        block = block.next()
    return changes


def paint_handout(handout: Handout, device: QPagedPaintDevice) -> int:
    """Paint every page of ``handout`` on ``device``; return the number of pages."""
    painter = QPainter()
    if not painter.begin(device):
        raise PrintError("the printer or file could not be opened for printing")
    try:
        pages = _paint_pages(handout, device, painter)
    finally:
        ended = painter.end()
    if not ended:
        raise PrintError("the printer did not accept the finished pages")
    return pages


def draw_page_body(
    painter: QPainter, document: QTextDocument, index: int, width: float, body_height: float
) -> None:
    """Paint page ``index`` of ``document`` (paginated to ``body_height``) at the page's top."""
    top = index * body_height
    painter.save()
    painter.translate(0, -top)
    painter.setClipRect(QRectF(0, top, width, body_height))
    context = QAbstractTextDocumentLayout.PaintContext()
    # Lines that end exactly on the page edge belong to the page above: leave them out, or
    # they would be written (clipped, invisible, but extractable) on this page too.
    context.clip = QRectF(0, top + 1, width, body_height - 2)
    document.documentLayout().draw(painter, context)
    painter.restore()


def _paint_pages(handout: Handout, device: QPagedPaintDevice, painter: QPainter) -> int:
    resolution = device.logicalDpiY()  # QPrinter.resolution() and QPdfWriter.resolution()
    area = device.pageLayout().paintRectPixels(resolution)
    width, height = float(area.width()), float(area.height())
    footer_font = handout_font(type_sizes(handout.large_print).small)
    metrics = QFontMetricsF(footer_font, device)
    footer_height = metrics.height() * 2.2
    body_height = height - footer_height
    if width <= 0 or body_height <= metrics.height():
        raise PrintError("the page is too small for the handout (check the paper size)")

    document = make_document(handout, device)
    document.setPageSize(QSizeF(width, body_height))
    paginate(document, body_height)
    pages = document.pageCount()
    for index in range(pages):
        if index and not device.newPage():
            raise PrintError(f"could not start page {index + 1}")
        draw_page_body(painter, document, index, width, body_height)

        painter.save()
        painter.setFont(footer_font)
        pen = QPen(Qt.GlobalColor.black)
        pen.setWidthF(max(1.0, resolution / 150))
        painter.setPen(pen)
        rule_y = height - footer_height + metrics.height() * 0.6
        painter.drawLine(0, int(rule_y), int(width), int(rule_y))
        text_box = QRectF(0, rule_y, width, footer_height - metrics.height() * 0.6)
        page_text = f"Page {index + 1} of {pages}"
        flags = Qt.AlignmentFlag.AlignBottom
        left = metrics.elidedText(
            handout.running_footer,
            Qt.TextElideMode.ElideRight,
            width - metrics.horizontalAdvance(page_text) - metrics.height() * 2,
        )
        painter.drawText(text_box, int(flags | Qt.AlignmentFlag.AlignLeft), left)
        painter.drawText(text_box, int(flags | Qt.AlignmentFlag.AlignRight), page_text)
        painter.restore()
    return pages


def pdf_bytes(handout: Handout, paper: Paper) -> tuple[bytes, int]:
    """The handout as PDF bytes on ``paper``, and its page count."""
    ensure_gui_application()
    buffer = QBuffer()  # owns its byte array
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(page_layout(paper))
    writer.setTitle(f"{handout.title}: information for patients")
    writer.setCreator("drugview")
    pages = paint_handout(handout, writer)
    del writer  # flushes the PDF into the buffer
    buffer.close()
    return bytes(buffer.data().data()), pages


def save_pdf(handout: Handout, path: Path | str, paper: Paper) -> int:
    """Write the handout to ``path`` as PDF (atomically); return the page count."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise PrintError(f"cannot save the PDF as {target}: it is a folder")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise PrintError(f"cannot save the PDF in {folder}: no such folder")
    data, pages = pdf_bytes(handout, paper)
    try:
        handle, temporary = tempfile.mkstemp(prefix=".handout-", suffix=".pdf", dir=folder)
    except OSError as error:
        raise PrintError(f"cannot save the PDF in {folder}: {error.strerror}") from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise PrintError(f"cannot save the PDF as {target}: {error.strerror}") from error
    return pages


def make_printer(paper: Paper, title: str) -> QPrinter:
    """A printer on the system's default queue, set to ``paper`` with the handout's margins."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(page_layout(paper))
    printer.setDocName(title)
    printer.setCreator("drugview")
    return printer


def print_handout(handout: Handout, printer: QPrinter) -> int:
    """Print the handout on ``printer``; return the page count, or raise PrintError."""
    if not printer.isValid():
        raise PrintError(f"the printer “{printer.printerName()}” is not available")
    name = printer.printerName() or printer.outputFileName() or "the printer"
    try:
        pages = paint_handout(handout, printer)
    except PrintError as error:
        raise PrintError(f"could not print on “{name}”: {error}") from error
    if printer.printerState() == QPrinter.PrinterState.Error:
        raise PrintError(f"could not print on “{name}”: the printer reported an error")
    return pages
