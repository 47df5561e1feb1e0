"""The school list shown right after the first paint, before the workspace is open.

Opening the workspace imports the store (SQLAlchemy, the ORM), ~0.5 s or more on a school
laptop, and the full list then scores every school. Meanwhile this page shows what
`workbench.store.school_index` reads from workspace.db with the sqlite3 module: code, name,
package version and progress, with "…" where totals, outcome and signed state will be. It
looks like the full page (same title, columns and words), which replaces it once its rows
are loaded (`workbench.ui.app`). A school chosen here is opened as soon as that happens.

This module must stay light: importing `workbench.ui.school_list` would load the store.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QModelIndex, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.store.school_index import IndexedSchool

# The full page's column headers (SchoolTableModel), in its order: a test keeps them equal.
HEADERS = ("Code", "School", "Package", "Progress", "Total", "Outcome", "State")
PENDING = "…"  # total, outcome and signed state: known once the workspace is open
# Plain role and alignment numbers: the first use of PySide's `Qt` namespace builds ~100 enum
# types (15-25 ms), which the full page pays later instead of this early one.
CODE_ROLE = 0x0100 + 1  # Qt.ItemDataRole.UserRole + 1
_ALIGNMENT_ROLE = 7  # Qt.ItemDataRole.TextAlignmentRole
_RIGHT = 0x0002 | 0x0080  # Qt.AlignmentFlag.AlignRight | AlignVCenter


def early_model(rows: Sequence[IndexedSchool], parent=None) -> QStandardItemModel:
    """A plain C++ item model (painting it calls no Python) with the full page's columns."""
    model = QStandardItemModel(len(rows), len(HEADERS), parent)
    model.setHorizontalHeaderLabels([QCoreApplication.translate("SchoolTableModel", h) for h in HEADERS])
    version = QCoreApplication.translate("SchoolTableModel", "v%1")
    for n, r in enumerate(rows):
        cells = [r.code, r.name, version.replace("%1", str(r.package_version)),
                 f"{r.scored} / {r.items if r.items is not None else '—'}", PENDING, PENDING, PENDING]
        for col, text in enumerate(cells):
            item = QStandardItem(text)
            item.setEditable(False)
            if col in (2, 3, 4):
                item.setData(_RIGHT, _ALIGNMENT_ROLE)
            model.setItem(n, col, item)
        model.item(n, 0).setData(r.code, CODE_ROLE)
    return model


def setup_school_table(table: QTableView, activated) -> None:  # noqa: ANN001 - a slot
    """The looks and behaviour the early and the full school list share (one row selected,
    the school's name takes the free width, Enter or a double-click opens it)."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    hh = table.horizontalHeader()
    hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    table.activated.connect(activated)
    table.doubleClicked.connect(activated)


class EarlySchoolList(QWidget):
    """Title, the table and "Opening the workspace…"; emits openRequested on a chosen school."""

    openRequested = Signal(str)

    def __init__(self, rows: Sequence[IndexedSchool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("earlySchoolList")
        self.model = early_model(rows, self)
        self.table = QTableView()
        self.table.setObjectName("earlySchoolTable")
        self.table.setModel(self.model)
        setup_school_table(self.table, self._activated)
        self.table.selectRow(0)
        title = QLabel(QCoreApplication.translate("SchoolListPage", "Schools"))
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 1.4)
        f.setBold(True)
        title.setFont(f)
        self.hint = QLabel(QCoreApplication.translate("MainWindow", "Opening the workspace…"))
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.hint)

    def selected_code(self) -> str | None:
        idx = self.table.currentIndex()
        return self._code(idx) if idx.isValid() else None

    def _code(self, idx: QModelIndex) -> str | None:
        return self.model.index(idx.row(), 0).data(CODE_ROLE)

    def _activated(self, idx: QModelIndex) -> None:
        code = self._code(idx)
        if code:
            self.openRequested.emit(code)
