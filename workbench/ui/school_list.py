"""The school list: every imported school with its package version, the local reviewer's
progress (items scored / items in the rubric), the current outcome and the signed state
(未签名 / 已签名 第 N 版 · time / 签名后已修改, from `workbench.signing.state`, all schools at once).

Rows are computed by `load_rows` (plain core calls, no Qt) on a TaskRunner thread, because
`ws.result` scores every school; the table model only displays them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from workbench.decimals import fmt
from workbench.errors import WorkbenchError
from workbench.signing.state import (
    CHANGED,
    SIGNED,
    UNSIGNED,
    UNSIGNED_STATE,
    SignedState,
    signed_states,
)
from workbench.ui.school_list_early import setup_school_table
from workbench.ui.signed_badge import BADGE_STYLE, badge_text, badge_tooltip, signed_events
from workbench.ui.tasks import TaskRunner


@dataclass(frozen=True)
class SchoolRow:
    code: str
    name: str
    package_version: int
    scored: int
    items: int
    total: Decimal | None
    outcome: str | None  # scoring Outcome value; None when the school could not be scored
    provisional: bool
    signed: SignedState = UNSIGNED_STATE


def load_rows(ws, reviewer_id: int | None) -> list[SchoolRow]:
    """One row per school, sorted by code. Runs on a worker thread (scores every school)."""
    rows = []
    schools = ws.list_schools()
    states = signed_states(ws, reviewer_id, [s.code for s in schools]) if reviewer_id is not None else {}
    for s in schools:
        info = ws.school(s.code)
        n_items = len(info.rubric.items)
        scored, total, outcome, provisional = 0, None, None, True
        if reviewer_id is not None:
            try:
                scored = len(ws.scores(s.code, reviewer_id))
                result = ws.result(s.code, reviewer_id)
                total, outcome, provisional = result.total, str(result.outcome), result.provisional
            except WorkbenchError:
                pass  # shown as "—"; the review view tells what is wrong
        rows.append(SchoolRow(s.code, s.name, s.package_version, scored, n_items, total, outcome,
                              provisional, states.get(s.code, UNSIGNED_STATE)))
    return sorted(rows, key=lambda r: r.code)


def outcome_label(outcome: str | None, provisional: bool, scored: int = 1) -> str:
    """The outcome in the reader's words; 'so far' while items are still unscored."""
    if scored == 0:
        return QCoreApplication.translate("SchoolTableModel", "Not started")
    labels = {
        "demonstration": QCoreApplication.translate("SchoolTableModel", "Demonstration school"),
        "qualified": QCoreApplication.translate("SchoolTableModel", "Qualified"),
        "not_awarded": QCoreApplication.translate("SchoolTableModel", "Not awarded"),
        "not_evaluated": QCoreApplication.translate("SchoolTableModel", "Not evaluated"),
    }
    text = labels.get(outcome or "", "—")
    if outcome and provisional:
        text = QCoreApplication.translate("SchoolTableModel", "%1 (so far)").replace("%1", text)
    return text


_STATE_RANK = {UNSIGNED: 0, CHANGED: 1, SIGNED: 2}  # sorting the state column


class SchoolTableModel(QAbstractTableModel):
    COLUMNS = 7  # code, name, version, progress, total, outcome, signed state
    STATE_COLUMN = 6
    CodeRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[SchoolRow] = []

    def set_rows(self, rows: list[SchoolRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [self.tr("Code"), self.tr("School"), self.tr("Package"), self.tr("Progress"),
                self.tr("Total"), self.tr("Outcome"), self.tr("State")][section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, col = self.rows[index.row()], index.column()
        if role == self.CodeRole:
            return r.code
        if role == Qt.ItemDataRole.DisplayRole:
            return [r.code, r.name, self.tr("v%1").replace("%1", str(r.package_version)),
                    f"{r.scored} / {r.items}", fmt(r.total) if r.total is not None else "—",
                    outcome_label(r.outcome, r.provisional, r.scored), badge_text(r.signed)][col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (2, 3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == 3:
            return self.tr("Items you have scored, of all items in the rubric")
        if col == self.STATE_COLUMN and r.signed.status in BADGE_STYLE:
            fg, bg = BADGE_STYLE[r.signed.status]
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(fg)
            if role == Qt.ItemDataRole.BackgroundRole:
                return QColor(bg)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.STATE_COLUMN:
            return badge_tooltip(r.signed)
        if role == Qt.ItemDataRole.UserRole:  # sort key
            return [r.code, r.name, r.package_version, r.scored,
                    float(r.total) if r.total is not None else -1.0, r.outcome or "",
                    _STATE_RANK[r.signed.status] * 1_000_000 + (r.signed.revision or 0)][col]
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMNS - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, self.COLUMNS - 1))


class SchoolListPage(QWidget):
    """The start page: the table, or an empty-state hint; buttons to open and import."""

    openRequested = Signal(str)
    importRequested = Signal()
    demoRequested = Signal()
    loaded = Signal(int)  # number of rows, after each refresh (for tests and the status bar)

    def __init__(self, ws, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.runner = ws, runner
        self.reviewer_id: int | None = None
        self.model = SchoolTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.table = QTableView()
        self.table.setObjectName("schoolTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        setup_school_table(self.table, self._activated)
        self.title = QLabel()
        self.title.setObjectName("schoolListTitle")
        f = self.title.font()
        f.setPointSizeF(f.pointSizeF() * 1.4)
        f.setBold(True)
        self.title.setFont(f)
        self.empty = QLabel()
        self.empty.setObjectName("schoolListEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.open_button, self.import_button, self.demo_button = QPushButton(), QPushButton(), QPushButton()
        self.open_button.setObjectName("openSchoolButton")
        self.open_button.clicked.connect(self._open_selected)
        self.import_button.clicked.connect(self.importRequested)
        self.demo_button.clicked.connect(self.demoRequested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.import_button)
        self.stack = QStackedLayout()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addLayout(self.stack, 1)
        lay.addLayout(buttons)
        self._pending = False
        self._refreshing = False
        signed_events().signed.connect(self._school_signed)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Schools"))
        self.empty.setText(self.tr("No school yet.\n\nImport a school's evidence package (.wbpkg) "
                                   "with File › Import package…, or drop the file onto this window."))
        self.open_button.setText(self.tr("Open"))
        self.import_button.setText(self.tr("Import package…"))
        self.demo_button.setText(self.tr("Open demo school"))
        self.model.retranslate()

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802 - Qt override
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def refresh(self, reviewer_id: int | None = None) -> None:
        """Recompute the rows in the background; a refresh asked for meanwhile runs after it."""
        if reviewer_id is not None:
            self.reviewer_id = reviewer_id
        if self._refreshing:
            self._pending = True
            return
        self._refreshing = True
        self.runner.submit(load_rows, self.ws, self.reviewer_id, on_done=self._loaded, on_error=self._failed)

    def _school_signed(self, _code: str) -> None:
        self.refresh()  # the window signed a sheet: its row's state changed

    def _loaded(self, rows: list[SchoolRow]) -> None:
        self._refreshing = False
        if not isValid(self.table):  # rows that arrive after the window was closed and deleted
            return
        current = self.selected_code()
        self.model.set_rows(rows)
        self.stack.setCurrentWidget(self.table if rows else self.empty)
        self.open_button.setEnabled(bool(rows))
        if current:
            self.select(current)
        elif rows:
            self.table.selectRow(0)
        self.loaded.emit(len(rows))
        if self._pending:
            self._pending = False
            self.refresh()

    def _failed(self, e: BaseException) -> None:
        self._refreshing = False
        if not isValid(self.table):
            return
        msg = e.message if isinstance(e, WorkbenchError) else repr(e)
        self.empty.setText(self.tr("The school list could not be read: %1").replace("%1", msg))
        self.stack.setCurrentWidget(self.empty)
        self.loaded.emit(-1)

    def selected_code(self) -> str | None:
        idx = self.table.currentIndex()
        return idx.data(SchoolTableModel.CodeRole) if idx.isValid() else None

    def select(self, code: str) -> None:
        for row in range(self.proxy.rowCount()):
            idx = self.proxy.index(row, 0)
            if idx.data(SchoolTableModel.CodeRole) == code:
                self.table.selectRow(row)
                return

    def _activated(self, idx: QModelIndex) -> None:
        code = idx.data(SchoolTableModel.CodeRole)
        if code:
            self.openRequested.emit(code)

    def _open_selected(self) -> None:
        code = self.selected_code()
        if code:
            self.openRequested.emit(code)
