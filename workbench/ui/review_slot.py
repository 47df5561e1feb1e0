"""Where the main window gets its review view: the real `ReviewView` when its module
imports, else a placeholder with the same interface (so the shell runs on its own)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderReview(QWidget):
    """Stands in for workbench.ui.review.view.ReviewView until that lands."""

    locationChanged = Signal(str, str)

    def __init__(self, ws, reviewer, runner, lang: str = "zh_CN", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.reviewer, self.runner, self.lang = ws, reviewer, runner, lang
        self.undo_stack = QUndoStack(self)
        self._code: str | None = None
        self._indicator: str | None = None
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        QVBoxLayout(self).addWidget(self.label)
        self._show()

    def open_school(self, code: str, indicator: str | None = None) -> None:
        info = self.ws.school(code)
        self._code = code
        self._indicator = indicator or info.rubric.indicators[0].id
        self._show()
        self.locationChanged.emit(self._code, self._indicator)

    def current(self) -> tuple[str | None, str | None]:
        return self._code, self._indicator

    def _show(self) -> None:
        self.label.setText(self.tr("Review of %1, indicator %2").replace("%1", self._code or "—")
                           .replace("%2", self._indicator or "—"))

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802 - Qt override
        if e.type() == QEvent.Type.LanguageChange:
            self._show()
        super().changeEvent(e)


def review_view_class() -> type[QWidget]:
    try:
        from workbench.ui.review.view import ReviewView
    except ImportError:
        return PlaceholderReview
    return ReviewView
