"""The monograph view: a read-only, selectable text browser that can never fetch anything.

``SafeTextBrowser`` refuses every resource (images, style sheets, any URL) and follows no
link, whatever the HTML names; every request is recorded so tests can prove it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QFont, QPalette, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from viewer.model import SourceEdition
from viewer.monograph import Monograph
from viewer.ui.theme import Theme

MIN_POINT_SIZE = 7.0
MAX_POINT_SIZE = 32.0

WELCOME_HTML = (
    "<h2>Find a drug</h2>"
    "<p>Type a brand name or an active ingredient in the search field. Use Up and Down to move "
    "through the results and Enter to open one. Esc clears the search; Ctrl+F returns to it "
    "from anywhere.</p>"
)


class SafeTextBrowser(QTextBrowser):
    """A QTextBrowser that loads no resource and opens no link."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.refused_resources: list[str] = []
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        self.refused_resources.append(url.toString() if isinstance(url, QUrl) else str(url))
        return None

    def setSource(
        self,
        url: QUrl | str,
        kind: QTextDocument.ResourceType = QTextDocument.ResourceType.UnknownResource,
    ) -> None:
        self.refused_resources.append(url.toString() if isinstance(url, QUrl) else str(url))


def theme_from_palette(palette: QPalette) -> Theme:
    """Panel colours that follow the system's light or dark palette."""
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    dark = base.lightness() < 128
    muted = palette.color(QPalette.ColorRole.PlaceholderText)
    panel = base.lighter(125) if dark else base.darker(104)
    border = palette.color(QPalette.ColorRole.Mid)
    return Theme(
        text=text.name(),
        muted=muted.name(),
        panel=panel.name(),
        border=border.name(),
        notice_background="#4a3a10" if dark else "#fff4d6",
        notice_text="#ffe3a0" if dark else "#5c3d00",
        warning_background="#4d1a1a" if dark else "#fde8e8",
        warning_text="#ffb4b4" if dark else "#7a1010",
    )


class MonographView(SafeTextBrowser):
    """Shows one monograph as panels; zoomable; remembers nothing itself."""

    zoomChanged = Signal(float)
    pageShown = Signal()  # a monograph, another of its labels, or the welcome page is shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Monograph")
        self.setAccessibleDescription("The selected drug's monograph, in panels")
        self.monograph: Monograph | None = None
        self.editions: dict[str, SourceEdition] = {}
        self.today = date.today()
        self.label_index = 0
        self.label_titles: list[str] = []  # the monograph's labels, in the page's order
        self.contents: list[tuple[str, str]] = []  # (anchor, heading) of the page's panels
        self._base_point_size = self.font().pointSizeF() if self.font().pointSizeF() > 0 else 10.0
        self.document().setDocumentMargin(12)
        self.setHtml(WELCOME_HTML)

    def show_monograph(
        self, monograph: Monograph, editions: dict[str, SourceEdition], today: date
    ) -> None:
        self.monograph, self.editions, self.today = monograph, editions, today
        self.show_label(0)

    def show_label(self, index: int) -> None:
        """Show label ``index`` of the open monograph (the brand's label is 0)."""
        from viewer.ui.monograph_page import MonographPage

        if self.monograph is None:
            return
        page = MonographPage(
            self.monograph,
            self.editions,
            self.today,
            theme_from_palette(self.palette()),
            label=index,
        )
        self.setHtml(page.html())
        self.label_index = page.label_index
        self.label_titles = [doc.title for doc in page.labels]
        self.contents = page.contents()
        self.verticalScrollBar().setValue(0)
        self.pageShown.emit()

    def clear_monograph(self) -> None:
        self.monograph = None
        self.label_index, self.label_titles, self.contents = 0, [], []
        self.setHtml(WELCOME_HTML)
        self.pageShown.emit()

    def plain_text(self) -> str:
        return self.toPlainText()

    # -- zoom ---------------------------------------------------------------------------------

    def point_size(self) -> float:
        return self.font().pointSizeF()

    def set_point_size(self, size: float) -> None:
        size = min(max(size, MIN_POINT_SIZE), MAX_POINT_SIZE)
        font = QFont(self.font())
        font.setPointSizeF(size)
        self.setFont(font)
        self.document().setDefaultFont(font)
        self.zoomChanged.emit(size)

    def zoom_by(self, steps: int) -> None:
        self.set_point_size(self.point_size() + steps)

    def reset_zoom(self) -> None:
        self.set_point_size(self._base_point_size)

    @property
    def base_point_size(self) -> float:
        return self._base_point_size
