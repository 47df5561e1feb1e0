"""The collected sheets under the grid: one line each, and a detail line saying what to do.

The detail line follows the selected row; with none selected it shows the first row that needs
the chair (refused, not added, in conflict, or kept with a revoked certificate), so a refusal
is never only in a tooltip.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.ui.panel import sheet_rows as k
from workbench.ui.panel.sheet_model import SheetListModel, todo_text, what_text
from workbench.ui.panel.sheet_rows import SheetRow

ROW_HEIGHT = 22
VISIBLE_ROWS = 4  # a short list: the grid above keeps the height; more rows scroll


class SheetsPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sheetsPane")
        self.model = SheetListModel(self)
        self.caption = QLabel()
        self.table = QTableView()
        self.table.setObjectName("sheetList")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setFixedHeight(head.sizeHint().height() + 2 * self.table.frameWidth() + ROW_HEIGHT * VISIBLE_ROWS)
        self.table.selectionModel().selectionChanged.connect(self._show_detail)
        self.detail = QLabel()
        self.detail.setObjectName("sheetDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.caption)
        lay.addWidget(self.table)
        lay.addWidget(self.detail)
        self.retranslate()

    def set_rows(self, rows: Sequence[SheetRow]) -> None:
        self.model.set_rows(rows)
        self._show_detail()

    @property
    def rows(self) -> list[SheetRow]:
        return self.model.rows

    def retranslate(self) -> None:
        self.caption.setText(self.tr("Collected sheets (the merge counts those marked ✓ and ⚠):"))
        self.model.retranslate()
        self._show_detail()

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802 - Qt override
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def _show_detail(self, *_: Any) -> None:
        rows = self.model.rows
        picked = self.table.selectionModel().selectedRows()
        row = rows[picked[0].row()] if picked else next((r for r in rows if r.kind != k.COUNTED and r.kind != k.STALE),
                                                         None)
        if not rows:
            self.detail.setText(self.tr("No member sheets collected yet: Add sheets…, or drop them here."))
            self.detail.setStyleSheet("")
        elif row is None:
            self.detail.setText(self.tr("%1 sheet(s) counted in the merge.")
                                .replace("%1", str(sum(1 for r in rows if r.merged))))
            self.detail.setStyleSheet("")
        else:
            todo = todo_text(row)
            self.detail.setText(self.tr("%1: %2").replace("%1", row.name).replace("%2", what_text(row))
                                + (f"\n{todo}" if todo else ""))
            colour = {k.WARNING: "#9a5b00", k.COUNTED: "", k.STALE: ""}.get(row.kind, "#b00020")
            self.detail.setStyleSheet(f"color: {colour};" if colour else "")
