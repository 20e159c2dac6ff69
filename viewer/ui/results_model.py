"""The list model of search hits, and the delegate that draws each as two lines.

A widget never runs SQL: the window hands this model the hits the Qt-free search layer found.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from viewer.model import SearchHit

Index = QModelIndex | QPersistentModelIndex

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
MONOGRAPH_ID_ROLE = Qt.ItemDataRole.UserRole + 2
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 3

MATCH_LABELS = {
    "brand": "brand name",
    "ingredient": "ingredient",
    "synonym": "synonym",
    "title": "name",
}


def detail_line(hit: SearchHit) -> str:
    """The second line of a result: its ingredients and what the query matched."""
    ingredients = ", ".join(hit.ingredients) or "ingredients not stated"
    matched = MATCH_LABELS.get(hit.matched_kind.value, hit.matched_kind.value)
    parts = [ingredients, f"matched {matched}: {hit.matched_name}"]
    if hit.kind == "generic":
        parts.insert(0, "generic")
    if not hit.active:
        parts.append("not currently marketed")
    return " · ".join(parts)


class ResultsModel(QAbstractListModel):
    """Search hits, best first. Replace them all at once with ``set_hits``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title
        if role in (DETAIL_ROLE, Qt.ItemDataRole.ToolTipRole):
            return detail_line(hit)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{hit.title}. {detail_line(hit)}"
        if role == HIT_ROLE:
            return hit
        if role == MONOGRAPH_ID_ROLE:
            return hit.monograph_id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> SearchHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def hits(self) -> list[SearchHit]:
        return list(self._hits)


class ResultDelegate(QStyledItemDelegate):
    """Draws a hit as its title over a smaller, muted line of ingredients and match."""

    PADDING = 4

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        title = QFontMetrics(self._title_font(option.font))
        detail = QFontMetrics(self._detail_font(option.font))
        height = title.height() + detail.height() + 3 * self.PADDING
        return QSize(option.rect.width() or 200, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        from PySide6.QtWidgets import QStyle  # its many enums cost start-up time; first paint

        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        option_text = option.text
        option.text = ""
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        option.text = option_text
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect = option.rect.adjusted(self.PADDING * 2, self.PADDING, -self.PADDING, -self.PADDING)
        painter.save()
        title_font = self._title_font(option.font)
        painter.setFont(title_font)
        painter.setPen(option.palette.color(group, text_role))
        title_height = QFontMetrics(title_font).height()
        painter.drawText(
            rect.adjusted(0, 0, 0, -(rect.height() - title_height)),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(title_font).elidedText(
                index.data(Qt.ItemDataRole.DisplayRole) or "",
                Qt.TextElideMode.ElideRight,
                rect.width(),
            ),
        )
        detail_font = self._detail_font(option.font)
        painter.setFont(detail_font)
        muted = option.palette.color(group, text_role)
        if not selected:
            muted = option.palette.color(group, QPalette.ColorRole.PlaceholderText)
        painter.setPen(muted)
        detail_rect = rect.adjusted(0, title_height + self.PADDING, 0, 0)
        painter.drawText(
            detail_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            QFontMetrics(detail_font).elidedText(
                index.data(DETAIL_ROLE) or "", Qt.TextElideMode.ElideRight, rect.width()
            ),
        )
        painter.restore()

    @staticmethod
    def _title_font(base: QFont) -> QFont:
        font = QFont(base)
        font.setBold(True)
        return font

    @staticmethod
    def _detail_font(base: QFont) -> QFont:
        font = QFont(base)
        size = base.pointSizeF()
        if size > 0:
            font.setPointSizeF(max(size * 0.85, 6.0))
        return font
