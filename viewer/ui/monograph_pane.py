"""The monograph view with its reading tools: label switcher, section list, find in page.

A bar above the page offers, for the monograph on screen: which of its labels is shown (Alt+L;
the brand's label first), a list of the page's sections to jump to (Alt+G, then Up/Down and
Enter), and find in page (Ctrl+Shift+F; Enter or F3 for the next match, Shift+Enter or
Shift+F3 for the previous, Esc to leave): every match is highlighted, the current one
selected and scrolled to, and the count shown. The bar holds no data of its own: it reads the
view's page (``MonographView.contents`` and ``label_titles``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QColor,
    QKeySequence,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from viewer.ui.monograph_view import MonographView

MAX_MATCHES = 2000  # highlighting stops here; a two-letter query in a long label is noise


class FindField(QLineEdit):
    """The find-in-page field: Enter finds the next match, Shift+Enter the previous."""

    def __init__(self, pane: MonographPane) -> None:
        super().__init__()
        self.pane = pane

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            backwards = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.pane.find_next(backwards)
            return
        if event.key() == Qt.Key.Key_Escape:
            self.pane.close_find()
            return
        super().keyPressEvent(event)


class MonographPane(QWidget):
    """``view`` (the monograph) under a bar of reading tools."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = MonographView()
        self.label_box = QComboBox()
        self.label_box.setAccessibleName("Label shown")
        self.label_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.label_box.setMinimumContentsLength(24)
        self.section_box = QComboBox()
        self.section_box.setAccessibleName("Go to section")
        self.section_box.setMinimumContentsLength(18)
        self.section_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.find_field = FindField(self)
        self.find_field.setPlaceholderText("Find in page (Ctrl+Shift+F)")
        self.find_field.setAccessibleName("Find in page")
        self.find_field.setClearButtonEnabled(True)
        self.previous_button = QToolButton()
        self.previous_button.setText("Previous")
        self.next_button = QToolButton()
        self.next_button.setText("Next")
        self.match_label = QLabel()
        self.label_caption = QLabel("&Label:")
        self.label_caption.setBuddy(self.label_box)
        section_caption = QLabel("&Go to:")
        section_caption.setBuddy(self.section_box)

        bar = QHBoxLayout()
        bar.setContentsMargins(4, 4, 4, 0)
        bar.addWidget(self.label_caption)
        bar.addWidget(self.label_box, 2)
        bar.addWidget(section_caption)
        bar.addWidget(self.section_box, 1)
        bar.addWidget(self.find_field, 1)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.next_button)
        bar.addWidget(self.match_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        self.matches: list[QTextCursor] = []
        self.current = -1
        self.view.pageShown.connect(self._page_shown)
        self.label_box.activated.connect(self.view.show_label)
        self.section_box.activated.connect(self._go_to)
        self.find_field.textChanged.connect(lambda _text: self.highlight())
        self.previous_button.clicked.connect(lambda: self.find_next(backwards=True))
        self.next_button.clicked.connect(lambda: self.find_next())
        for keys, slot in (
            ("Ctrl+Shift+F", self.open_find),
            ("F3", self.find_next),
            ("Shift+F3", lambda: self.find_next(backwards=True)),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        self._page_shown()

    # -- labels and sections ------------------------------------------------------------------

    def _page_shown(self) -> None:
        titles = self.view.label_titles
        self.label_box.clear()
        self.label_box.addItems([f"{n + 1}. {t}" for n, t in enumerate(titles)])
        self.label_box.setCurrentIndex(self.view.label_index if titles else -1)
        for widget in (self.label_box, self.label_caption):
            widget.setVisible(len(titles) > 1)
        self.section_box.clear()
        for anchor, heading in self.view.contents:
            self.section_box.addItem(heading, anchor)
        self.section_box.setEnabled(bool(self.view.contents))
        self.highlight()

    def _go_to(self, index: int) -> None:
        anchor = self.section_box.itemData(index)
        if anchor:
            self.view.scrollToAnchor(anchor)

    def go_to_section(self, heading: str) -> None:
        """Jump to the panel titled ``heading`` (as the section list does)."""
        index = self.section_box.findText(heading)
        if index >= 0:
            self.section_box.setCurrentIndex(index)
            self._go_to(index)

    # -- find in page -------------------------------------------------------------------------

    def open_find(self) -> None:
        self.find_field.setFocus()
        self.find_field.selectAll()

    def close_find(self) -> None:
        self.find_field.clear()
        self.view.setFocus()

    def highlight(self) -> None:
        """Highlight every match of the find field's text; the first becomes current."""
        needle = self.find_field.text()
        document = self.view.document()
        self.matches = []
        if needle.strip():
            cursor = QTextCursor(document)
            while len(self.matches) < MAX_MATCHES:
                cursor = document.find(needle, cursor)
                if cursor.isNull():
                    break
                self.matches.append(QTextCursor(cursor))
        self.current = 0 if self.matches else -1
        self._show_current()

    def find_next(self, backwards: bool = False) -> None:
        if not self.matches:
            self.highlight()
            if not self.matches:
                return
        else:
            step = -1 if backwards else 1
            self.current = (self.current + step) % len(self.matches)
        self._show_current()

    def _show_current(self) -> None:
        everything = QTextCharFormat()
        everything.setBackground(QColor("#fff59d"))
        everything.setForeground(QColor("#000000"))
        current = QTextCharFormat()
        current.setBackground(QColor("#ff9800"))
        current.setForeground(QColor("#000000"))
        selections = []
        for n, cursor in enumerate(self.matches):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor  # type: ignore[attr-defined]
            selection.format = current if n == self.current else everything  # type: ignore[attr-defined]
            selections.append(selection)
        self.view.setExtraSelections(selections)
        if self.current >= 0:
            self.view.setTextCursor(self.matches[self.current])
            self.view.ensureCursorVisible()
            self.match_label.setText(f"{self.current + 1} of {len(self.matches)}")
        else:
            self.match_label.setText("no match" if self.find_field.text().strip() else "")

    def current_match_text(self) -> str:
        return self.matches[self.current].selectedText() if self.current >= 0 else ""
