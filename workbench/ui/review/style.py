"""How the review view's few coloured or compact widgets look, without style sheets.

A style sheet set on any widget makes Qt style it (and everything under it) through
QStyleSheetStyle: each such widget is re-polished and rule-matched when it is made and
every time it paints. Indicator pages are built by the dozen, so their looks come from
palettes, margins and widths the plain style already honours; the colours live here, once.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QScrollArea

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
