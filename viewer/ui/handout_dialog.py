"""The "Patient handout" dialog: fill the optional fields, then preview, print or save as PDF.

The clinic line and the paper size are remembered between runs (``QSettings``); the patient's
name, the date and the notes are not. Every Qt dialog this one opens goes through a small
module-level function (``exec_dialog``, ``choose_save_path``, ``show_error``) so tests can
replace it. A failed print or save says what failed and leaves every field as typed.

Open it from the window with ``open_handout_dialog(monograph, catalogue.info(), parent,
settings=..., today=...)``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtPrintSupport import (
    QPrintDialog,
    QPrinter,
    QPrintPreviewDialog,
    QPrintPreviewWidget,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from viewer.handout import (
    DEFAULT_PARTS,
    PATIENT_KINDS,
    Handout,
    HandoutOptions,
    Part,
    build_handout,
)
from viewer.model import CatalogueInfo
from viewer.monograph import Monograph, SectionKind
from viewer.text import slugify
from viewer.ui import printing
from viewer.ui.settings import Settings, as_settings

# -- seams: every dialog this one opens, behind a function tests can patch ----------------------


def exec_dialog(dialog: QDialog) -> int:
    """Run a modal dialog (print, print preview) and return its result code."""
    return dialog.exec()


def choose_save_path(parent: QWidget, suggested: str) -> str:
    """Ask where to save the PDF; an empty string means the user cancelled."""
    path, _ = QFileDialog.getSaveFileName(
        parent, "Save handout as PDF", suggested, "PDF files (*.pdf)"
    )
    return path


def show_error(parent: QWidget, title: str, message: str) -> None:
    QMessageBox.warning(parent, title, message)


def open_at_fit_width(dialog: QPrintPreviewDialog) -> None:
    """Show the preview with the page as wide as the window (Qt's default, the whole page in
    view, is about 39% of real size on a laptop screen: too small to read)."""
    dialog.resize(900, 1000)
    widget = dialog.findChild(QPrintPreviewWidget)
    if widget is not None:
        widget.fitToWidth()


# -- the dialog -------------------------------------------------------------------------------


def _section_note(monograph: Monograph) -> str:
    kinds = [k for k in PATIENT_KINDS if monograph.sections_of(k)]
    if not kinds:
        return "none in this catalogue; the sheet says so"
    return "from the " + " and ".join(_KIND_NAMES[k] for k in kinds)


_KIND_NAMES = {
    SectionKind.MEDICATION_GUIDE: "Medication Guide",
    SectionKind.PATIENT_PACKAGE_INSERT: "patient package insert",
    SectionKind.PATIENT_INFORMATION: "label's information for patients",
    SectionKind.DRUG_FACTS: "Drug Facts",
}


class HandoutDialog(QDialog):
    """Options for one monograph's handout, with Print preview, Print and Save as PDF."""

    def __init__(
        self,
        monograph: Monograph,
        catalogue: CatalogueInfo | None = None,
        parent: QWidget | None = None,
        *,
        settings: Settings | QSettings | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.monograph = monograph
        self.catalogue = catalogue
        self.settings = as_settings(settings)
        self.today = today or date.today()
        self._printer: QPrinter | None = None
        self.setWindowTitle(f"Patient handout: {monograph.title}")
        self._build()
        self._restore()

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        heading = QLabel(f"Patient handout for {self.monograph.title}")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)

        self.warning_label = QLabel()
        self.warning_label.setTextFormat(Qt.TextFormat.PlainText)
        self.warning_label.setWordWrap(True)
        warnings = build_handout(self.monograph, self.catalogue, today=self.today).warnings
        self.warning_label.setText(" ".join(warnings))
        self.warning_label.setVisible(bool(warnings))
        layout.addWidget(self.warning_label)

        form = QFormLayout()
        self.clinic_edit = QLineEdit()
        self.clinic_edit.setPlaceholderText("Clinic name or header (remembered)")
        self.patient_edit = QLineEdit()
        self.patient_edit.setPlaceholderText("Optional")
        self.date_edit = QDateEdit(QDate(self.today.year, self.today.month, self.today.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMMM yyyy")
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText("Optional notes printed in a box on the sheet")
        self.notes_edit.setTabChangesFocus(True)
        form.addRow("&Clinic:", self.clinic_edit)
        form.addRow("&Patient name:", self.patient_edit)
        form.addRow("&Date:", self.date_edit)
        form.addRow("&Notes:", self.notes_edit)
        layout.addLayout(form)

        include = QGroupBox("Include on the sheet")
        include_layout = QVBoxLayout(include)
        self.part_checks: dict[Part, QCheckBox] = {}
        for part in Part:
            text = part.label
            if part is Part.PATIENT_INFO:
                text += f" ({_section_note(self.monograph)})"
            check = QCheckBox(text)
            check.setChecked(part in DEFAULT_PARTS)
            self.part_checks[part] = check
            include_layout.addWidget(check)
        layout.addWidget(include)

        options = QHBoxLayout()
        self.large_print_check = QCheckBox("&Large print")
        self.paper_combo = QComboBox()
        for paper in printing.Paper:
            self.paper_combo.addItem(paper.label, paper.value)
        paper_label = QLabel("Pape&r:")
        paper_label.setBuddy(self.paper_combo)
        options.addWidget(self.large_print_check)
        options.addStretch(1)
        options.addWidget(paper_label)
        options.addWidget(self.paper_combo)
        layout.addLayout(options)

        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)

        buttons = QHBoxLayout()
        self.preview_button = QPushButton("Print pre&view…")
        self.print_button = QPushButton("&Print…")
        self.pdf_button = QPushButton("&Save as PDF…")
        self.close_button = QPushButton("Close")
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_handout)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.close_button.clicked.connect(self.reject)
        self.print_button.setDefault(True)
        for button in (self.preview_button, self.print_button, self.pdf_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

    def _restore(self) -> None:
        self.clinic_edit.setText(self.settings.clinic)
        stored = self.settings.paper
        try:
            paper = printing.Paper(stored)
        except ValueError:
            paper = printing.default_paper()
        self.paper_combo.setCurrentIndex(self.paper_combo.findData(paper.value))

    def remember(self) -> None:
        """Store what is kept between runs: the clinic line and the paper, never the patient."""
        self.settings.clinic = self.clinic_edit.text().strip()
        self.settings.paper = self.paper().value
        self.settings.sync()

    def done(self, result: int) -> None:
        self.remember()
        super().done(result)

    # -- what the fields say --------------------------------------------------------------------

    def paper(self) -> printing.Paper:
        return printing.Paper(self.paper_combo.currentData())

    def options(self) -> HandoutOptions:
        chosen = self.date_edit.date()
        return HandoutOptions(
            clinic=self.clinic_edit.text(),
            patient=self.patient_edit.text(),
            handout_date=date(chosen.year(), chosen.month(), chosen.day()),
            notes=self.notes_edit.toPlainText(),
            parts=frozenset(p for p, check in self.part_checks.items() if check.isChecked()),
            large_print=self.large_print_check.isChecked(),
        )

    def handout(self) -> Handout:
        return build_handout(self.monograph, self.catalogue, self.options(), self.today)

    def printer(self) -> QPrinter:
        """The dialog's printer (kept, so the print dialog's choices last), set to the paper."""
        title = f"{self.monograph.title} handout"
        if self._printer is None:
            self._printer = printing.make_printer(self.paper(), title)
        else:
            self._printer.setPageLayout(printing.page_layout(self.paper()))
            self._printer.setDocName(title)
        return self._printer

    def _fail(self, what: str, error: Exception) -> None:
        message = f"{what}: {error}. Nothing you typed has been lost."
        self.status_label.setText(message)
        show_error(self, what, message)

    # -- actions --------------------------------------------------------------------------------

    def preview(self) -> None:
        self.remember()
        errors: list[printing.PrintError] = []

        def paint(printer: QPrinter) -> None:
            try:
                printing.paint_handout(self.handout(), printer)
            except printing.PrintError as error:
                errors.append(error)

        dialog = QPrintPreviewDialog(self.printer(), self)
        dialog.setWindowTitle(f"Print preview: {self.monograph.title} handout")
        dialog.paintRequested.connect(paint)
        open_at_fit_width(dialog)
        exec_dialog(dialog)
        dialog.deleteLater()
        if errors:
            self._fail("The preview could not be drawn", errors[-1])

    def print_handout(self) -> bool:
        """Ask for a printer, then print; True when the pages were sent."""
        self.remember()
        printer = self.printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(f"Print {self.monograph.title} handout")
        accepted = exec_dialog(dialog) == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not accepted:
            self.status_label.setText("Printing cancelled.")
            return False
        try:
            pages = printing.print_handout(self.handout(), printer)
        except printing.PrintError as error:
            self._fail("Printing failed", error)
            return False
        name = printer.printerName() or printer.outputFileName()
        self.status_label.setText(f"Sent {pages} {_pages(pages)} to “{name}”.")
        return True

    def suggested_file_name(self) -> str:
        patient = slugify(self.patient_edit.text()) if self.patient_edit.text().strip() else ""
        stem = "-".join(p for p in (self.monograph.slug, "handout", patient) if p)
        return str(Path.home() / f"{stem}.pdf")

    def save_pdf(self) -> Path | None:
        """Ask for a file, then save the handout there as PDF; the path, or None."""
        self.remember()
        chosen = choose_save_path(self, self.suggested_file_name())
        if not chosen:
            self.status_label.setText("Saving cancelled.")
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            pages = printing.save_pdf(self.handout(), path, self.paper())
        except printing.PrintError as error:
            self._fail("Saving the PDF failed", error)
            return None
        self.status_label.setText(f"Saved {pages} {_pages(pages)} to {path}.")
        return path


def _pages(count: int) -> str:
    return "page" if count == 1 else "pages"


def open_handout_dialog(
    monograph: Monograph,
    catalogue: CatalogueInfo | None,
    parent: QWidget | None = None,
    *,
    settings: Settings | QSettings | None = None,
    today: date | None = None,
) -> HandoutDialog:
    """Open the handout dialog window-modally; it deletes itself when closed.

    From the main window: ``open_handout_dialog(self.monograph_view.monograph,
    self.catalogue.info(), self, settings=self.settings, today=self.today())``.
    """
    dialog = HandoutDialog(monograph, catalogue, parent, settings=settings, today=today)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
