"""Size windows and dialogs to the screen they open on, and keep them resizable.

A school laptop is often 1366×768 (or 1280×720) at 125% scaling, i.e. about 1093×614
logical pixels: a dialog asking for 900×1000 puts its buttons below the screen. Every
window calls `fit_to_screen(self, preferred)` instead of `resize(preferred)`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QTreeView, QWidget

# Room for the window frame and title bar, which `availableGeometry` does not subtract.
FRAME_MARGIN = QSize(16, 40)
QWIDGETSIZE_MAX = (1 << 24) - 1


def available(widget: QWidget | None = None) -> QRect:
    """The usable area (minus task bars) of the screen the widget is on, or the primary one."""
    screen: QScreen | None = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.screen() if parent is not None else None) or widget.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)


def fit_size(preferred: QSize, area: QRect) -> QSize:
    """min(preferred, area minus the frame), per dimension."""
    room = QSize(max(200, area.width() - FRAME_MARGIN.width()), max(150, area.height() - FRAME_MARGIN.height()))
    return preferred.boundedTo(room)


def fit_to_screen(widget: QWidget, preferred: QSize | tuple[int, int] | None = None) -> QSize:
    """Resize `widget` to min(preferred, available screen), cap its minimum size to the screen
    (so a layout's minimum can never push buttons off it), keep it resizable, and centre it
    on the screen if it would stick out. Returns the size set."""
    if isinstance(preferred, tuple):
        preferred = QSize(*preferred)
    area = available(widget)
    room = fit_size(QSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX), area)
    if preferred is None or not preferred.isValid():
        preferred = widget.sizeHint()
    widget.setMaximumSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX)  # resizable, never fixed
    widget.setMinimumSize(widget.minimumSizeHint().boundedTo(room).expandedTo(QSize(0, 0)))
    size = preferred.boundedTo(room).expandedTo(widget.minimumSize())
    widget.resize(size)
    keep_on_screen(widget, area)
    return size


def keep_on_screen(widget: QWidget, area: QRect | None = None) -> None:
    """Move a top-level widget so its frame lies within the available area."""
    if not widget.isWindow():
        return
    area = area or available(widget)
    w = widget.width() + FRAME_MARGIN.width()
    h = widget.height() + FRAME_MARGIN.height()
    pos = widget.pos()
    x = min(max(pos.x(), area.left()), max(area.left(), area.right() + 1 - w))
    y = min(max(pos.y(), area.top()), max(area.top(), area.bottom() + 1 - h))
    if QPoint(x, y) != pos:
        widget.move(x, y)


class _DialogFitter(QObject):
    """Fits Qt's own dialogs (file dialogs, message boxes), which the workbench does not
    construct itself, when they are first shown."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Show and isinstance(obj, QFileDialog) and not obj.property("wbFitted"):
            obj.setProperty("wbFitted", True)
            fit_to_screen(obj, QSize(920, 560))
            widen_date_column(obj)
        elif event.type() == QEvent.Type.Show and isinstance(obj, QDialog):
            keep_on_screen(obj)
        return False


def widen_date_column(dialog: QFileDialog) -> None:
    """Qt's file dialog elides its 修改日期 column ('2026/1… 10:50'): make it as wide as a date."""
    for tree in dialog.findChildren(QTreeView):
        header = tree.header()
        if header.count() >= 4:
            fm = tree.fontMetrics()
            header.resizeSection(3, fm.horizontalAdvance("2026/12/31 23:59") + 24)
            header.resizeSection(0, max(header.sectionSize(0), fm.horizontalAdvance("M") * 24))


def install_dialog_fitter(app: QApplication) -> QObject:
    """Fit every QFileDialog and keep every dialog on the screen, application-wide.
    Not installed by default: a Python filter on the application sees every event, and that
    cost lengthened the longest event-loop gap during an import from <200 ms to ~250 ms."""
    fitter = _DialogFitter(app)
    app.installEventFilter(fitter)
    return fitter
