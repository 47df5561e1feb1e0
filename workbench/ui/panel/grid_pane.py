"""The left side of the panel view: the items × members grid with its filter, agreement and
totals lines, and the collected sheets beneath it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.ui.panel.models import FlaggedFilter, ItemIdRole, PanelGridModel
from workbench.ui.panel.sheets_pane import SheetsPane


class GridPane(QWidget):
    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state: Any = None
        self.grid_model = PanelGridModel(self)
        self.grid_model.lang = lang
        self.proxy = FlaggedFilter(self)
        self.proxy.setSourceModel(self.grid_model)
        self.grid = QTableView()
        self.grid.setObjectName("panelGrid")
        self.grid.setModel(self.proxy)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.verticalHeader().setVisible(False)
        self.grid.verticalHeader().setDefaultSectionSize(22)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.only_flagged = QCheckBox()
        self.only_flagged.setObjectName("onlyFlagged")
        self.only_flagged.toggled.connect(self.proxy.set_only_flagged)
        self.alpha_label = QLabel()
        self.alpha_label.setObjectName("alphaLabel")
        self.totals_label = QLabel()
        self.sheets = SheetsPane()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.only_flagged)
        row.addStretch(1)
        row.addWidget(self.alpha_label)
        lay.addLayout(row)
        lay.addWidget(self.grid, 1)
        lay.addWidget(self.totals_label)
        lay.addWidget(self.sheets)
        self.retranslate()

    def retranslate(self) -> None:
        self.only_flagged.setText(self.tr("Only flagged items"))
        self.show_state(self.state)

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802 - Qt override
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def set_document(self, state: Any) -> None:
        """A new document in the grid (the selection is the view's to restore)."""
        self.grid_model.set_document(state.doc, state.rubric)
        self.grid.resizeColumnToContents(0)
        self.show_state(state)

    def set_revoked(self, revoked: Mapping[str, str]) -> None:
        """Members whose certificate was revoked after they signed: fingerprint -> revoked_at."""
        self.grid_model.set_revoked(revoked)

    def selected_item(self) -> str | None:
        rows = self.grid.selectionModel().selectedRows()
        return rows[0].data(ItemIdRole) if rows else None

    def select(self, item_id: str) -> None:
        row = self.grid_model.row_of(item_id)
        idx = self.proxy.mapFromSource(self.grid_model.index(row, 0))
        if idx.isValid():
            self.grid.selectRow(idx.row())
            self.grid.scrollTo(idx)

    def show_state(self, state: Any) -> None:
        """The agreement and totals lines of `state` (None: no result yet)."""
        self.state = state
        if state is None:
            self.alpha_label.setText("")
            self.totals_label.setText("")
            return
        d = state.doc
        alpha = d["agreement"].get("alpha")
        flagged = sum(1 for r in d["items"].values() if r.get("flagged"))
        self.alpha_label.setText(self.tr("Krippendorff's α %1 · flagged items %2")
                                 .replace("%1", alpha if alpha is not None else "—").replace("%2", str(flagged)))
        r = d["result"]
        outcome = {"demonstration": self.tr("demonstration school"), "qualified": self.tr("qualified school"),
                   "not_awarded": self.tr("not awarded"), "not_evaluated": self.tr("not evaluated")}[r["outcome"]]
        overrides = sum(1 for x in d["items"].values() if x.get("override"))
        self.totals_label.setText(self.tr("Revision %1 · final total %2 · %3 · %4 override(s)")
                                  .replace("%1", str(d["revision"])).replace("%2", r["total"])
                                  .replace("%3", outcome).replace("%4", str(overrides)))
