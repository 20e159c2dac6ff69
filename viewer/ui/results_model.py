"""The list model of search hits, and the delegate that draws each as two lines.

Name hits come first, then hits found in monograph text (filled in later, off the UI thread).
A widget never runs SQL: the window hands this model what the Qt-free search layer found.

The first search does not wait for the ``Qt`` namespace: touching it makes PySide6 create its
ninety-odd enum types (about 40 ms on a cold start). Item roles are therefore Qt's own fixed
numbers (``tests/ui/test_results_model.py`` checks them against ``Qt.ItemDataRole``), the item
flags are ``QAbstractListModel``'s (enabled, selectable, no children), and the delegate
loads ``Qt`` and its painting types (fonts, palette: PySide6 creates their enums too) when
it first lays out or paints, by which time the window has built the rest of itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QStyledItemDelegate

from viewer.model import SearchHit, TextHit

if TYPE_CHECKING:
    from PySide6.QtCore import QSize, Qt
    from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

Index = QModelIndex | QPersistentModelIndex
Hit = SearchHit | TextHit

# Qt.ItemDataRole values, fixed by Qt's API (see the module's docstring)
DISPLAY_ROLE = 0
TOOLTIP_ROLE = 3
ACCESSIBLE_TEXT_ROLE = 11
USER_ROLE = 0x100
HIT_ROLE = USER_ROLE + 1
DETAIL_ROLE = USER_ROLE + 3
HIGHLIGHTS_ROLE = USER_ROLE + 4

MATCH_LABELS = {
    "brand": "brand name",
    "ingredient": "ingredient",
    "synonym": "synonym",
    "title": "name",
    "class": "pharmacologic class",
}


def detail_line(hit: Hit) -> str:
    """The second line of a result: ingredients and what matched, or where the text matched."""
    if isinstance(hit, TextHit):
        return f"in text, {hit.section_title}: {hit.snippet}"
    ingredients = ", ".join(hit.ingredients) or "ingredients not stated"
    matched = MATCH_LABELS.get(hit.matched_kind.value, hit.matched_kind.value)
    parts = [ingredients, f"matched {matched}: {hit.matched_name}"]
    if hit.kind == "generic":
        parts.insert(0, "generic")
    if not hit.active:
        parts.append("not currently marketed")
    return " · ".join(parts)


def detail_highlights(hit: Hit) -> tuple[tuple[int, int], ...]:
    """Offsets in ``detail_line(hit)`` to draw in bold: the words a text hit matched."""
    if not isinstance(hit, TextHit):
        return ()
    shift = len(detail_line(hit)) - len(hit.snippet)
    return tuple((start + shift, end + shift) for start, end in hit.highlights)


class ResultsModel(QAbstractListModel):
    """Search hits, best first: name hits, then text hits appended when they arrive."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[Hit] = []
        self._name_count = 0

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == DISPLAY_ROLE:
            return hit.title
        if role in (DETAIL_ROLE, TOOLTIP_ROLE):
            return detail_line(hit)
        if role == HIGHLIGHTS_ROLE:
            return detail_highlights(hit)
        if role == ACCESSIBLE_TEXT_ROLE:
            return f"{hit.title}. {detail_line(hit)}"
        if role == HIT_ROLE:
            return hit
        return None

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        """Replace everything with new name hits (text hits for the new query come later)."""
        self.beginResetModel()
        self._hits = list(hits)
        self._name_count = len(self._hits)
        self.endResetModel()

    def set_text_hits(self, hits: Sequence[TextHit]) -> None:
        """Show ``hits`` below the name hits, replacing earlier text hits."""
        if len(self._hits) > self._name_count:
            self.beginRemoveRows(QModelIndex(), self._name_count, len(self._hits) - 1)
            del self._hits[self._name_count :]
            self.endRemoveRows()
        if hits:
            first = len(self._hits)
            self.beginInsertRows(QModelIndex(), first, first + len(hits) - 1)
            self._hits.extend(hits)
            self.endInsertRows()

    def hit(self, row: int) -> Hit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def hits(self) -> list[Hit]:
        return list(self._hits)

    def name_hits(self) -> list[SearchHit]:
        return [h for h in self._hits[: self._name_count] if isinstance(h, SearchHit)]

    def text_hits(self) -> list[TextHit]:
        return [h for h in self._hits[self._name_count :] if isinstance(h, TextHit)]


class _Look(NamedTuple):
    """What drawing a hit in one base font needs: the fonts, their metrics, Qt's enums.

    Made once per base font (``ResultDelegate._look``), not for every row painted."""

    base: QFont
    title: QFont
    title_metrics: QFontMetrics
    detail: dict[bool, QFont]  # plain, bold
    detail_metrics: dict[bool, QFontMetrics]
    elide: Qt.TextElideMode
    item: QStyle.ControlElement
    selected: QStyle.StateFlag
    active: QPalette.ColorGroup
    text: QPalette.ColorRole
    highlighted_text: QPalette.ColorRole
    placeholder_text: QPalette.ColorRole


def _make_look(base: QFont) -> _Look:
    # PySide6 creates these types' enums on first use: at the first layout, not at import
    # (see the module's docstring)
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont, QFontMetrics, QPalette
    from PySide6.QtWidgets import QStyle

    title = QFont(base)
    title.setBold(True)
    detail = {}
    for bold in (False, True):
        font = QFont(base)
        size = base.pointSizeF()
        if size > 0:
            font.setPointSizeF(max(size * 0.85, 6.0))
        font.setBold(bold)
        detail[bold] = font
    return _Look(
        base=QFont(base),
        title=title,
        title_metrics=QFontMetrics(title),
        detail=detail,
        detail_metrics={bold: QFontMetrics(font) for bold, font in detail.items()},
        elide=Qt.TextElideMode.ElideRight,
        item=QStyle.ControlElement.CE_ItemViewItem,
        selected=QStyle.StateFlag.State_Selected,
        active=QPalette.ColorGroup.Active,
        text=QPalette.ColorRole.Text,
        highlighted_text=QPalette.ColorRole.HighlightedText,
        placeholder_text=QPalette.ColorRole.PlaceholderText,
    )


class ResultDelegate(QStyledItemDelegate):
    """Draws a hit as its title over a smaller, muted line (matched words in bold)."""

    PADDING = 4

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._cached: _Look | None = None

    def _look(self, base: QFont) -> _Look:
        look = self._cached
        if look is None or look.base != base:
            look = self._cached = _make_look(base)
        return look

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        from PySide6.QtCore import QSize

        look = self._look(option.font)
        height = (
            look.title_metrics.height() + look.detail_metrics[False].height() + 3 * self.PADDING
        )
        return QSize(option.rect.width() or 200, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        look = self._look(option.font)
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        option_text = option.text
        option.text = ""
        if style:
            style.drawControl(look.item, option, painter, option.widget)
        option.text = option_text
        selected = bool(option.state & look.selected)
        text_role = look.highlighted_text if selected else look.text
        rect = option.rect.adjusted(self.PADDING * 2, self.PADDING, -self.PADDING, -self.PADDING)
        painter.save()
        painter.setFont(look.title)
        painter.setPen(option.palette.color(look.active, text_role))
        title = look.title_metrics.elidedText(
            index.data(DISPLAY_ROLE) or "", look.elide, rect.width()
        )
        painter.drawText(rect.x(), rect.y() + look.title_metrics.ascent(), title)
        muted_role = text_role if selected else look.placeholder_text
        painter.setPen(option.palette.color(look.active, muted_role))
        baseline = rect.y() + look.title_metrics.height() + self.PADDING
        self._draw_detail(
            painter,
            look,
            rect.x(),
            baseline,
            rect.width(),
            index.data(DETAIL_ROLE) or "",
            index.data(HIGHLIGHTS_ROLE) or (),
        )
        painter.restore()

    @staticmethod
    def _draw_detail(
        painter: QPainter,
        look: _Look,
        x: int,
        top: int,
        width: int,
        text: str,
        highlights: tuple[tuple[int, int], ...],
    ) -> None:
        """Draw ``text`` on one line, bold where highlighted, cut with "…" at ``width``."""
        metrics = look.detail_metrics
        y = top + metrics[False].ascent()
        limit = x + width
        position = 0
        pieces: list[tuple[str, bool]] = []
        for start, end in sorted(highlights):
            if start >= position:
                pieces += [(text[position:start], False), (text[start:end], True)]
                position = end
        pieces.append((text[position:], False))
        for piece, is_bold in pieces:
            if not piece:
                continue
            painter.setFont(look.detail[is_bold])
            room = limit - x
            shown = metrics[is_bold].elidedText(piece, look.elide, room)
            painter.drawText(x, y, shown)
            x += metrics[is_bold].horizontalAdvance(shown)
            if shown != piece or x >= limit:
                break
