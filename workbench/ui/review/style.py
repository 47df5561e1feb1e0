"""How the review view's few coloured or compact widgets look, without style sheets.

A style sheet set on any widget makes Qt style it (and everything under it) through
QStyleSheetStyle: each such widget is re-polished and rule-matched when it is made and
every time it paints. Indicator pages are built by the dozen, so their looks come from
palettes, margins and widths the plain style already honours; the colours live here, once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QScrollArea, QWidget

WARNING = ("#b71c1c", "#fff3e0")  # fact-check warnings: dark red on light orange
NOTICE = ("#0d47a1", "#e3f2fd")  # what the score field changed or refused: blue on light blue
ERROR = ("#b71c1c", "#ffebee")  # the view's error banner


def tint(label: QLabel, colors: tuple[str, str], padding: int) -> None:
    """Text and background colour and a padding, as "color; background; padding" would."""
    fg, bg = colors
    pal = label.palette()
    pal.setColor(QPalette.ColorRole.WindowText, QColor(fg))
    pal.setColor(QPalette.ColorRole.Window, QColor(bg))
    label.setPalette(pal)
    label.setAutoFillBackground(True)
    label.setMargin(padding)


def compact(button: QAbstractButton, padding: int) -> None:
    """As wide as its text plus `padding` each side (the style's 80-pixel minimum would
    widen a narrow page), and free to shrink below that when the page is narrower still."""
    text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    frame = button.style().pixelMetric(button.style().PixelMetric.PM_DefaultFrameWidth, None, button)
    button.setMaximumWidth(button.fontMetrics().horizontalAdvance(text) + 2 * (padding + frame))
    button.setMinimumWidth(0)


def draws_frame_line(widget: QWidget) -> bool:
    """Whether `draw_frame_line` draws `widget`'s frame line (Fusion, with a plain window colour)."""
    return widget.style().name() == "fusion" and widget.palette().window().style() != Qt.BrushStyle.TexturePattern


def draw_frame_line(widget: QWidget, painter: QPainter | None = None) -> bool:
    """Draw the line Fusion draws around a styled-panel frame (an item card, the note), as four
    one-pixel fills; False, drawing nothing, under any other style (the caller draws the style's).

    Fusion draws it (PE_Frame) as a rectangle stroked with a non-cosmetic pen, through Qt's
    general path stroker: about 100,000 instructions for a card's outline, 8 % of a switch to a
    page not built yet. The fills give the same pixels but for the four corner ones
    (tests/ui/test_frame_line.py compares them)."""
    if not draws_frame_line(widget):
        return False
    color = widget.palette().window().color().darker(140).lighter(108)  # Fusion's outline, lighter(108)
    p = painter if painter is not None else QPainter(widget)
    w, h = widget.width(), widget.height()
    p.fillRect(0, 0, w, 1, color)
    p.fillRect(0, h - 1, w, 1, color)
    p.fillRect(0, 1, 1, h - 2, color)
    p.fillRect(w - 1, 1, 1, h - 2, color)
    if painter is None:
        p.end()
    return True


def warm_up() -> None:
    """Pay PySide's one-time costs of the types a page uses before a school opens (the view is
    built at idle): the first wrap of the application's QStyle builds its ~50 Python enums, the
    first `viewport()` its QWidget wrapper (18 + 9 ms, measured in the first school's opening,
    which is already the window's longest pause)."""
    style = QApplication.style()
    style.pixelMetric(style.PixelMetric.PM_DefaultFrameWidth)
    area = QScrollArea()
    area.viewport()
    area.deleteLater()
