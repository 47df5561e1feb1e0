"""What an item card shows in place of its note editor until the reviewer goes there.

A `QPlainTextEdit` (viewport, two scroll bars, a document and its layout) is the costliest
widget of a card, and most notes are never opened on a visit. `NotePreview` is one plain
widget drawn like the editor: its frame, the note's text (or the grey hint), the I-beam
cursor. Focus reaching it (Tab, a click, a jump) asks its card for the real editor, which
takes its place, its Tab stop and the focus (`opened`); a click also says where, so the
editor's cursor goes where the reviewer clicked.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QFrame, QWidget

from workbench.ui.review.style import draw_frame_line, draws_frame_line

MARGIN = 4  # QTextDocument's default document margin: the text sits where the editor puts it


class NotePreview(QFrame):
    #: focus came (its reason) or a click (its point, else None): the card opens the editor
    opened = Signal(object, object)

    def __init__(self, hint: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.hint, self.text = hint, ""
        self.setFrameStyle(QFrame.Shape.StyledPanel | QFrame.Shadow.Sunken)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.IBeamCursor)
        self.setAccessibleName(hint)

    def set_text(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self.setAccessibleDescription(text)
            self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        cheap = draws_frame_line(self)
        if not cheap:
            super().paintEvent(event)  # the style's frame
        p = QPainter(self)
        if cheap:
            draw_frame_line(self, p)  # Fusion's frame line, drawn cheaply (style.py)
        rect: QRect = self.contentsRect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        role = QPalette.ColorRole.Text if self.text else QPalette.ColorRole.PlaceholderText
        p.setPen(self.palette().color(role))
        p.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
                   self.text or self.hint)

    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.opened.emit(event.reason(), None)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        # the click gave focus first (and the editor is open by now): this places its cursor
        if event.button() == Qt.MouseButton.LeftButton:
            self.opened.emit(Qt.FocusReason.MouseFocusReason, QPoint(event.position().toPoint()))
        else:
            super().mousePressEvent(event)
