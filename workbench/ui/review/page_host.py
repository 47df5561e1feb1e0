"""Shows one indicator page at a time out of many kept, like a QStackedWidget, for less.

QStackedLayout turns its parent's updates off and on around every switch, and that walks
every descendant of every page it holds, shown or not: with a school's 29 pages built that
is thousands of widgets per switch. Here only the shown page is in the layout; the others
are hidden children, untouched by a switch. The methods carry QStackedWidget's names. Focus
moves as QStackedLayout moves it: when it was on the old page, to the new page's last
focused widget or its first focusable one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget


class PageHost(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(0, 0, 0, 0)
        self._current: QWidget | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def addWidget(self, page: QWidget) -> None:  # noqa: N802 - QStackedWidget's names
        """Keep `page`: hidden until shown, unless it is the first (as in QStackedWidget)."""
        page.hide()
        if page.parentWidget() is not self:
            page.setParent(self)
        if self._current is None:
            self.setCurrentWidget(page)

    def currentWidget(self) -> QWidget | None:  # noqa: N802
        return self._current

    def setCurrentWidget(self, page: QWidget) -> None:  # noqa: N802
        old = self._current
        if page is old:
            return
        fw = self.window().focusWidget()  # as QStackedLayout: the window's, active or not
        focus_was_on_old = old is not None and fw is not None and old.isAncestorOf(fw)
        if old is not None:
            self._lay.removeWidget(old)
            old.hide()
        self._current = page
        self._lay.addWidget(page)
        page.show()
        if focus_was_on_old:
            _refocus(page, fw)

    def removeWidget(self, page: QWidget) -> None:  # noqa: N802
        """Stop keeping `page` (the caller deletes it)."""
        if page is self._current:
            self._lay.removeWidget(page)
            self._current = None
        page.hide()


def _refocus(page: QWidget, was: QWidget) -> None:
    """QStackedLayout's choice: the page's own focus widget, else its first focusable
    widget after the old one in the focus chain, else the page itself."""
    nfw = page.focusWidget()
    if nfw is not None:
        nfw.setFocus()
        return
    i = was.nextInFocusChain()
    while i is not None and i is not was:
        if ((i.focusPolicy() & Qt.FocusPolicy.TabFocus) == Qt.FocusPolicy.TabFocus and i.focusProxy() is None
                and i.isVisibleTo(page) and i.isEnabled() and page.isAncestorOf(i)):
            i.setFocus()
            return
        i = i.nextInFocusChain()
    page.setFocus()
