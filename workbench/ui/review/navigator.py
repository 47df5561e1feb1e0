"""The indicator tree with its filters and the keyboard walk through the rubric.

Next/previous follow the rows the tree shows (so with a filter on, they skip what is
hidden); "next unscored" follows the rubric and wraps around.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QHeaderView, QTreeView, QVBoxLayout, QWidget

from workbench.ui.review.navigator_model import (
    COL_POINTS,
    COL_STATUS,
    COL_SUBTOTAL,
    COL_TITLE,
    IndicatorIdRole,
    NavigatorFilter,
    NavigatorModel,
)


class Navigator(QWidget):
    indicatorSelected = Signal(str)

    def __init__(self, lang: str = "zh_CN", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = NavigatorModel(lang, self)
        self.proxy = NavigatorFilter(self)
        self.proxy.setSourceModel(self.model)
        self.tree = QTreeView(self)
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        # Names like 'B27 及时总结教育技术应用研究的实践经验与理论成果' are long: a narrow indent leaves
        # them more room; the full name is the row's tooltip and the page's heading.
        self.tree.setIndentation(max(10, self.tree.fontMetrics().horizontalAdvance("M")))
        self.tree.setSelectionMode(QTreeView.SelectionMode.SingleSelection)
        self.tree.setSelectionBehavior(QTreeView.SelectionBehavior.SelectRows)
        hdr = self.tree.header()
        hdr.setStretchLastSection(False)
        hdr.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        # Fixed widths from the font, not ResizeToContents: that asks the model for every
        # row's data on each layout pass (~8,000 calls, ~60 ms when the view first opens).
        fm = self.tree.fontMetrics()
        for c in (COL_POINTS, COL_SUBTOTAL, COL_STATUS):
            head = str(self.model.headerData(c, Qt.Orientation.Horizontal) or "")
            hdr.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
            hdr.resizeSection(c, max(fm.horizontalAdvance(head), fm.horizontalAdvance("00.0")) + 16)
        self.tree.selectionModel().currentRowChanged.connect(self._on_current)

        self.unscored_box = QCheckBox(self.tr("Not scored"), self)
        self.warnings_box = QCheckBox(self.tr("Has warnings"), self)
        self.unscored_box.setToolTip(self.tr("Show only indicators with unscored items"))
        self.warnings_box.setToolTip(self.tr("Show only indicators with fact-check warnings"))
        for box in (self.unscored_box, self.warnings_box):
            box.toggled.connect(self._apply_filters)
        filters = QHBoxLayout()
        filters.addWidget(self.unscored_box)
        filters.addWidget(self.warnings_box)
        filters.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(filters)
        lay.addWidget(self.tree)

        self.next_action = self._action(self.tr("Next indicator"), self.next,
                                        ["Ctrl+Down", "PgDown"])
        self.previous_action = self._action(self.tr("Previous indicator"), self.previous,
                                            ["Ctrl+Up", "PgUp"])
        self.next_unscored_action = self._action(self.tr("Next unscored indicator"),
                                                 self.next_unscored, ["Ctrl+N", "F3"])
        self._current: str | None = None

    def _action(self, text: str, slot, keys: list[str]) -> QAction:
        a = QAction(text, self)
        a.setShortcuts([QKeySequence(k) for k in keys])
        a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        a.setToolTip(f"{text} ({', '.join(keys)})")
        a.triggered.connect(slot)
        return a

    def set_session(self, session) -> None:
        self._current = None
        self.model.set_session(session)
        self.tree.expandAll()

    def current(self) -> str | None:
        return self._current

    # ---- selection -------------------------------------------------------------------
    def select(self, indicator_id: str) -> bool:
        """Make `indicator_id` current; clears filters if they hide it."""
        src = self.model.index_of(indicator_id)
        if not src.isValid():
            return False
        idx = self.proxy.mapFromSource(src)
        if not idx.isValid():
            self.unscored_box.setChecked(False)
            self.warnings_box.setChecked(False)
            idx = self.proxy.mapFromSource(src)
        self.tree.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.tree.scrollTo(idx)
        return True

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        ind = current.data(IndicatorIdRole) if current.isValid() else None
        if ind and ind != self._current:
            self._current = ind
            self.indicatorSelected.emit(ind)

    def _visible_ids(self) -> list[str]:
        out = []
        for a in range(self.proxy.rowCount()):
            a_idx = self.proxy.index(a, 0)
            for b in range(self.proxy.rowCount(a_idx)):
                out.append(self.proxy.index(b, 0, a_idx).data(IndicatorIdRole))
        return out

    def _step(self, delta: int) -> None:
        ids = self._visible_ids()
        if not ids:
            return
        if self._current not in ids:
            self.select(ids[0] if delta > 0 else ids[-1])
            return
        pos = ids.index(self._current) + delta
        if 0 <= pos < len(ids):
            self.select(ids[pos])

    def next(self) -> None:
        self._step(1)

    def previous(self) -> None:
        self._step(-1)

    def next_unscored(self) -> bool:
        """Go to the next indicator (after the current one, wrapping) not fully scored."""
        s = self.model.session
        if s is None:
            return False
        inds = list(s.rubric.indicators)
        ids = [b.id for b in inds]
        start = ids.index(self._current) + 1 if self._current in ids else 0
        for k in range(len(inds)):
            b = inds[(start + k) % len(inds)]
            if s.status(b) != "done":
                return self.select(b.id)
        return False

    def _apply_filters(self) -> None:
        self.proxy.set_filters(self.unscored_box.isChecked(), self.warnings_box.isChecked())
        self.tree.expandAll()
        if self._current:
            idx = self.proxy.mapFromSource(self.model.index_of(self._current))
            if idx.isValid():
                self.tree.selectionModel().setCurrentIndex(
                    idx, QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
