"""The medication-list panel, the findings window and the side-by-side window. Keyboard first.

A thin Qt layer over ``viewer.medication_list`` (the list and its findings),
``viewer.interactions_report`` (the findings as escaped HTML) and ``viewer.side_by_side``.
``attach_medication_list(window)`` docks the panel on the main window and adds a List menu:

    Ctrl+M          add the monograph on screen
    Ctrl+Shift+M    type a name to add (Enter adds the best name match)
    Delete          remove the selected drug; Alt+Up / Alt+Down move it
    Ctrl+I          what the labels say about each pair (the findings window)
    Ctrl+Shift+B    side by side: the two selected drugs, or the monograph on screen and the
                    selected result

The list is kept in memory only, until cleared or the app closes, unless the user saves it to a
file (dialogs behind attributes, so tests replace them). Both windows show text in a
``SafeTextBrowser``: nothing remote loads, and only the ``drugview:`` links of the findings
(open a monograph at its Drug interactions section) do anything.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from viewer.medication_list import Entry, MedicationList, MedicationListError, entry_for
from viewer.ui.host import WindowHost
from viewer.ui.monograph_view import SafeTextBrowser

if TYPE_CHECKING:
    from viewer.catalogue.store import Catalogue
    from viewer.monograph import Monograph

PICK_HINT = "Add a drug: Ctrl+M adds the one on screen, or type a name here and press Enter"


class MedicationPanel(QWidget):
    """The working list: add, remove, clear, reorder, save to and open from a chosen file."""

    changed = Signal()
    checkRequested = Signal()

    def __init__(
        self,
        catalogue: Callable[[], Catalogue | None],
        on_screen: Callable[[], Monograph | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._catalogue = catalogue
        self._on_screen = on_screen
        self.medications = MedicationList()
        # dialogs, behind attributes tests can replace
        self.ask_save_path: Callable[[], str | None] = self._ask_save_path
        self.ask_open_path: Callable[[], str | None] = self._ask_open_path
        self.show_error: Callable[[str, str], None] = self._show_error

        self.name_field = QLineEdit()
        self.name_field.setPlaceholderText("Add by name")
        self.name_field.setAccessibleName("Add a drug to the medication list by name")
        self.name_field.returnPressed.connect(self.add_typed)
        self.list_view = QListWidget()
        self.list_view.setAccessibleName("Medication list")
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.message = QLabel(PICK_HINT)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Medication list message")

        self.buttons: dict[str, QPushButton] = {}
        rows = (
            (("add", "Add on screen", self.add_on_screen), ("remove", "Remove", self.remove)),
            (
                ("up", "Move up", lambda: self.move_selected(-1)),
                ("down", "Move down", lambda: self.move_selected(1)),
            ),
            (("clear", "Clear", self.clear), ("save", "Save…", self.save)),
            (
                ("open", "Open…", self.open_file),
                ("check", "What labels say", self.checkRequested.emit),
            ),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.name_field)
        layout.addWidget(self.list_view, 1)
        layout.addWidget(self.message)
        for row in rows:
            line = QHBoxLayout()
            for key, text, slot in row:
                button = QPushButton(text)
                button.clicked.connect(slot)
                self.buttons[key] = button
                line.addWidget(button)
            layout.addLayout(line)

        for keys, slot in (
            ("Delete", self.remove),
            ("Alt+Up", lambda: self.move_selected(-1)),
            ("Alt+Down", lambda: self.move_selected(1)),
        ):
            shortcut = QShortcut(QKeySequence(keys), self.list_view, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self._refresh()

    # -- editing ----------------------------------------------------------------------------------

    def add(self, monograph: Monograph) -> bool:
        added = self.medications.add(entry_for(monograph))
        self._refresh(select=self.medications.index_of(monograph.id))
        self.say(f"Added {monograph.title}." if added else f"{monograph.title} is already listed.")
        return added

    def add_on_screen(self) -> bool:
        monograph = self._on_screen()
        if monograph is None:
            self.say("Open a drug first, then add it with Ctrl+M.")
            return False
        return self.add(monograph)

    def add_typed(self) -> bool:
        """Add the best name match for what is typed; a near spelling is offered, not taken."""
        from viewer.search import NameSearch, Tier

        text = self.name_field.text().strip()
        catalogue = self._catalogue()
        if not text or catalogue is None:
            return False
        result = NameSearch(catalogue).find(text, limit=1)
        hits = [hit for hit in result.hits if hit.tier < Tier.FUZZY]
        monograph = catalogue.monograph(hits[0].monograph_id) if hits else None
        if monograph is None:
            hint = f" Did you mean {result.did_you_mean}?" if result.did_you_mean else ""
            self.say(f"No drug matches “{text[:60]}”.{hint}")
            return False
        self.name_field.clear()
        return self.add(monograph)

    def selected_rows(self) -> list[int]:
        return sorted(self.list_view.row(item) for item in self.list_view.selectedItems())

    def remove(self) -> None:
        rows = self.selected_rows() or (
            [self.list_view.currentRow()] if self.list_view.currentRow() >= 0 else []
        )
        for row in reversed(rows):
            self.medications.remove(row)
        self._refresh(select=min(rows[0], len(self.medications) - 1) if rows else None)

    def move_selected(self, steps: int) -> None:
        row = self.list_view.currentRow()
        if row < 0:
            return
        self.medications.move(row, row + steps)
        self._refresh(select=max(0, min(row + steps, len(self.medications) - 1)))

    def clear(self) -> None:
        self.medications.clear()
        self._refresh()
        self.say(PICK_HINT)

    def entries(self) -> tuple[Entry, ...]:
        return self.medications.entries

    def _refresh(self, select: int | None = None) -> None:
        self.list_view.clear()
        for number, entry in enumerate(self.medications.entries, start=1):
            item = QListWidgetItem(f"{number}. {entry.title}")
            item.setData(Qt.ItemDataRole.UserRole, entry.monograph_id)
            self.list_view.addItem(item)
        if select is not None and 0 <= select < self.list_view.count():
            self.list_view.setCurrentRow(select)
        for key in ("remove", "up", "down", "clear", "save"):
            self.buttons[key].setEnabled(bool(self.medications.entries))
        self.buttons["check"].setEnabled(len(self.medications) >= 2)
        self.changed.emit()

    def say(self, text: str) -> None:
        self.message.setText(text)

    # -- a file the user chooses ------------------------------------------------------------------

    def save(self) -> None:
        path = self.ask_save_path()
        if not path:
            return
        try:
            self.medications.save(Path(path))
        except MedicationListError as error:
            self.show_error("Cannot save the list", str(error))
            return
        self.say(f"Saved the list to {path}.")

    def open_file(self) -> None:
        catalogue = self._catalogue()
        path = self.ask_open_path()
        if not path or catalogue is None:
            return
        try:
            loaded, missing = MedicationList.load(Path(path), catalogue)
        except MedicationListError as error:
            self.show_error("Cannot open the list", str(error))
            return
        self.medications = loaded
        self._refresh(select=0)
        gone = f" Not in this catalogue: {', '.join(missing)}." if missing else ""
        self.say(f"Opened {path}.{gone}")

    def _ask_save_path(self) -> str | None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(
            self, "Save medication list", "medications.json", "Medication list (*.json)"
        )
        return path or None

    def _ask_open_path(self) -> str | None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self, "Open medication list", "", "Medication list (*.json);;All files (*)"
        )
        return path or None

    def _show_error(self, title: str, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, title, message)


class FindingsWindow(QWidget):
    """What each label says about the others, quoted; save or print it for the record."""

    openMonograph = Signal(int)

    def __init__(self, catalogue: Catalogue, entries: tuple[Entry, ...], today: date) -> None:
        super().__init__(None, Qt.WindowType.Window)
        from viewer.interactions_report import findings_html
        from viewer.medication_list import findings

        self.setWindowTitle("Medication list: what the labels say — drugview")
        self.catalogue_info = catalogue.info()
        self.today = today
        self.drugs, self.pairs = findings(catalogue, entries)
        self.ask_pdf_path: Callable[[], str | None] = self._ask_pdf_path
        self.show_error: Callable[[str, str], None] = self._show_error
        self.browser = SafeTextBrowser()
        self.browser.setAccessibleName("Findings")
        self.browser.anchorClicked.connect(self._follow)
        self.browser.setHtml(findings_html(self.drugs, self.pairs, self.catalogue_info))
        self.save_button = QPushButton("Save as PDF…")
        self.save_button.clicked.connect(self.save_pdf)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save_pdf)
        QShortcut(QKeySequence("Esc"), self, self.close)
        self.resize(900, 700)

    def record_html(self) -> str:
        from viewer.interactions_report import findings_html

        return findings_html(
            self.drugs, self.pairs, self.catalogue_info, printed_on=self.today, links=False
        )

    def footer(self) -> str:
        return (
            f"Medication list · catalogue built {self.catalogue_info.build_date[:10]}"
            f" · printed {self.today.isoformat()}"
        )

    def save_pdf(self) -> int | None:
        from viewer.ui.findings_print import save_record_pdf
        from viewer.ui.printing import PrintError, default_paper

        path = self.ask_pdf_path()
        if not path:
            return None
        try:
            return save_record_pdf(self.record_html(), self.footer(), Path(path), default_paper())
        except PrintError as error:
            self.show_error("Cannot save the PDF", str(error))
            return None

    def _follow(self, url: QUrl) -> None:
        parts = url.path().split("/")  # drugview:monograph/ID/interactions
        if url.scheme() == "drugview" and len(parts) >= 2 and parts[1].isdigit():
            self.openMonograph.emit(int(parts[1]))

    def _ask_pdf_path(self) -> str | None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(
            self, "Save as PDF", "medication-list.pdf", "PDF (*.pdf)"
        )
        return path or None

    def _show_error(self, title: str, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, title, message)


class SideBySideWindow(QWidget):
    """Two monographs, sections aligned; Up/Down in the section list jump both at once."""

    def __init__(self, left: Monograph, right: Monograph) -> None:
        super().__init__(None, Qt.WindowType.Window)
        from viewer.side_by_side import aligned_rows, side_by_side_html

        self.setWindowTitle(f"{left.title} | {right.title} — drugview")
        self.rows = aligned_rows(left, right)
        self.sections = QListWidget()
        self.sections.setAccessibleName("Sections")
        for row in self.rows:
            self.sections.addItem(row.kind.label)
        self.browser = SafeTextBrowser()
        self.browser.setAccessibleName("Side by side")
        self.browser.setHtml(side_by_side_html(left, right))
        self.sections.currentRowChanged.connect(self.jump_to)
        splitter = QSplitter()
        splitter.addWidget(self.sections)
        splitter.addWidget(self.browser)
        splitter.setSizes([200, 1000])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        QShortcut(QKeySequence("Esc"), self, self.close)
        self.sections.setFocus()
        self.resize(1200, 800)

    def jump_to(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.browser.scrollToAnchor(self.rows[row].anchor)


class MedicationListFeature:
    """The panel docked on the main window, its List menu, and the windows it opens."""

    def __init__(self, window: QMainWindow) -> None:
        self.main = window
        self.window = cast(WindowHost, window)
        self.panel = MedicationPanel(lambda: self.window.catalogue, self.on_screen)
        self.dock = QDockWidget("Medication list", window)
        self.dock.setObjectName("medication-list")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.windows: list[QWidget] = []  # kept alive while open
        self.panel.checkRequested.connect(self.check)
        bar = window.menuBar()
        menu = QMenu("&List", bar)
        menus = bar.actions()
        if menus:  # before Help, which stays the last menu
            bar.insertMenu(menus[-1], menu)
        else:
            bar.addMenu(menu)
        self.actions: dict[str, QAction] = {}
        for key, text, keys, slot in (
            ("add", "&Add drug on screen", "Ctrl+M", self.panel.add_on_screen),
            ("name", "Add by &name…", "Ctrl+Shift+M", self.focus_name),
            ("check", "&What the labels say…", "Ctrl+I", self.check),
            ("side", "&Side by side", "Ctrl+Shift+B", self.side_by_side),
            ("clear", "&Clear list", "", self.panel.clear),
        ):
            action = QAction(text, window)
            if keys:
                action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            menu.addAction(action)
            self.actions[key] = action
        menu.addAction(self.dock.toggleViewAction())

    def on_screen(self) -> Monograph | None:
        view = self.window.monograph_view
        return view.monograph if view is not None else None

    def focus_name(self) -> None:
        self.dock.show()
        self.panel.name_field.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _keep(self, widget: QWidget) -> None:
        self.windows = [w for w in self.windows if w.isVisible()]
        self.windows.append(widget)
        widget.show()
        widget.raise_()
        widget.activateWindow()  # keyboard first: the new window takes the keys

    def show_monograph(self, monograph_id: int) -> None:
        """Open a monograph of the list in the main window, at its label's interactions."""
        catalogue, view = self.window.catalogue, self.window.monograph_view
        monograph = catalogue.monograph(monograph_id) if catalogue is not None else None
        if monograph is None or view is None or catalogue is None:
            return
        view.show_monograph(monograph, {s.key: s for s in catalogue.sources()}, self.window.today())
        for anchor in ("more", "interactions"):  # the later one wins where the page has it
            view.scrollToAnchor(anchor)
        self.main.activateWindow()

    def check(self) -> FindingsWindow | None:
        catalogue = self.window.catalogue
        if catalogue is None or len(self.panel.entries()) < 2:
            self.panel.say("Add at least two drugs to see what their labels say about each other.")
            return None
        try:
            findings = FindingsWindow(catalogue, self.panel.entries(), self.window.today())
        except MedicationListError as error:
            self.panel.show_error("Cannot read the list", str(error))
            return None
        findings.openMonograph.connect(self.show_monograph)
        self._keep(findings)
        return findings

    def side_by_side(self) -> SideBySideWindow | None:
        """The two drugs selected in the list, or the one on screen and the selected result."""
        catalogue = self.window.catalogue
        if catalogue is None:
            return None
        entries = self.panel.entries()
        ids = [entries[row].monograph_id for row in self.panel.selected_rows()]
        if len(ids) != 2:
            shown = self.on_screen()
            model = self.window.results_model
            hit = model.hit(self.window.results_view.currentIndex().row()) if model else None
            ids = [shown.id, hit.monograph_id] if shown is not None and hit is not None else []
        left = catalogue.monograph(ids[0]) if len(ids) == 2 and ids[0] != ids[1] else None
        right = catalogue.monograph(ids[1]) if left is not None else None
        if left is None or right is None:
            self.panel.say(
                "Side by side: select two drugs in the list, or open one and select another"
                " in the results."
            )
            return None
        window = SideBySideWindow(left, right)
        self._keep(window)
        return window


def attach_medication_list(window: QMainWindow) -> MedicationListFeature:
    """Dock the medication list on ``window`` and add its List menu."""
    return MedicationListFeature(window)
