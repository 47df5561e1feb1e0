"""Word-wrapped plain-text labels that answer the layouts' size questions cheaply.

Indicator pages are built by the dozen and every switch to a new one lays out its texts.
A QLabel that wraps answers each height-for-width question with a fresh layout of all its
text, and works out its size hints with three to five more (its minimum width is the text
wrapped at width 0: one line per Chinese character). `WrapLabel` keeps its heights per width
until its text or font changes, and gives hints from one layout: as wide as 80 average
characters and at least 8 em, so a page's minimum width comes from its controls, not its prose.

A QLabel the mouse can select also keeps a QTextDocument and lays all of it out again at
every question; a reviewer selects a requirement's text rarely, so `SelectableOnHover`
becomes selectable when the pointer first comes over it. Both kinds wrap to the same heights
(tests/ui/test_plain_label.py checks every bundled rubric text at the widths a page takes).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QLabel

SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse
_RESIZING = (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.ContentsRectChange)


class WrapLabel(QLabel):
    def __init__(self, parent=None) -> None:  # noqa: ANN001 - QWidget | None
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self._heights: dict[int, int] = {}

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        if text != self.text():
            self._heights.clear()
            super().setText(text)

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        h = self._heights.get(width)
        if h is None:
            h = self._heights[width] = super().heightForWidth(width)
        return h

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        m = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance("M") * 8 + m.left() + m.right()
        return QSize(width, self.fontMetrics().lineSpacing() + m.top() + m.bottom())

    def sizeHint(self) -> QSize:  # noqa: N802
        """80 average characters wide, and a height estimated from the text's length: the
        layouts a page uses ask a wrapping label's height for the width they give it, so the
        hint's height only adds up into hints nobody lays out by. Measuring it would wrap the
        text once more, at a width no page has."""
        m = self.contentsMargins()
        fm = self.fontMetrics()
        width = fm.averageCharWidth() * 80 + m.left() + m.right()
        h = self._heights.get(width)
        if h is None:  # a Chinese character is about two average characters wide
            lines = -(-len(self.text()) * 2 // 80) or 1
            h = lines * fm.lineSpacing() + m.top() + m.bottom()
        return QSize(width, h)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() in _RESIZING:
            self._heights.clear()
        super().changeEvent(event)


class SelectableOnHover(WrapLabel):
    def enterEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt's names
        if not self.textInteractionFlags() & SELECTABLE:
            self.setTextInteractionFlags(SELECTABLE)
        super().enterEvent(event)
