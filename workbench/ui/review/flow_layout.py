"""A layout that places widgets left to right and wraps to the next line (Qt's flow layout
example): the six method check boxes fit a narrow page instead of widening it.

Qt asks a height-for-width layout the same questions many times per layout pass (every card
of every page has one), and each question is a call into Python. The items' size hints and
the height for each width asked are therefore kept until Qt invalidates the layout (it does
so whenever a child's size hint may have changed, e.g. its text), so a pass costs one
arrangement per width instead of dozens.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6, line_spacing: int = 2) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._line_spacing = line_spacing
        self._hints: list[QSize] | None = None  # the items' size hints, until invalidated
        self._heights: dict[int, int] = {}  # width -> height, until invalidated
        self._minimum: QSize | None = None
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt's name
        self._items.append(item)
        self._forget()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        if not 0 <= index < len(self._items):
            return None
        self._forget()
        return self._items.pop(index)

    def invalidate(self) -> None:
        self._forget()
        super().invalidate()

    def _forget(self) -> None:
        self._hints, self._minimum = None, None
        self._heights.clear()

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        h = self._heights.get(width)
        if h is None:
            h = self._heights[width] = self._arrange(QRect(0, 0, width, 0), move=False)
        return h

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802
        if self._minimum is None:
            size = QSize()
            for item in self._items:
                size = size.expandedTo(item.minimumSize())
            m = self.contentsMargins()
            self._minimum = size + QSize(m.left() + m.right(), m.top() + m.bottom())
        return QSize(self._minimum)

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        if self._hints is None:
            self._hints = [item.sizeHint() for item in self._items]
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        right = area.right() + 1
        x, y, line = area.x(), area.y(), 0
        for item, hint in zip(self._items, self._hints, strict=True):
            w, h = hint.width(), hint.height()
            if x + w > right and line > 0:
                x, y, line = area.x(), y + line + self._line_spacing, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += w + self._spacing
            line = max(line, h)
        return y + line - rect.y() + m.bottom()
