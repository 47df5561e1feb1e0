"""The rubric as a two-level Qt model (A areas -> B indicators) with the reviewer's progress.

Rows never change for a school (the rubric is fixed); only the data does, so a change to
one item sets the data of its indicator and area rows and nothing is rebuilt. The data lives
in Qt's own QStandardItemModel: painting a row asks each of its four cells for about ten
roles, and a model written in Python answered each through a call into Python (about 1 ms of
every indicator switch went to repainting the two rows whose selection changed).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel

from workbench.decimals import fmt
from workbench.rubric.model import Area, Indicator
from workbench.ui.review.session import ReviewSession

COL_TITLE, COL_POINTS, COL_SUBTOTAL, COL_STATUS = range(4)
IndicatorIdRole = Qt.ItemDataRole.UserRole + 1
StatusRole = Qt.ItemDataRole.UserRole + 2
WarningsRole = Qt.ItemDataRole.UserRole + 3

_MARK = {"done": "●", "partly": "◐", "none": "○"}
_COLOR = {"done": QColor("#2e7d32"), "partly": QColor("#ef6c00"), "none": QColor("#9e9e9e")}
_CENTER = int(Qt.AlignmentFlag.AlignCenter)

Index = QModelIndex | QPersistentModelIndex


class NavigatorModel(QStandardItemModel):
    """A rows at the top level, B rows beneath, four columns; every cell of a B row carries
    its indicator's id, status and warnings in the user roles."""

    def __init__(self, lang: str = "zh_CN", parent=None) -> None:
        super().__init__(0, 4, parent)
        self.lang = lang
        self.session: ReviewSession | None = None
        self._rows: dict[str, tuple[Area | Indicator, list[QStandardItem]]] = {}  # by A or B id
        self.setHorizontalHeaderLabels([self.tr("Indicator"), self.tr("Points"), self.tr("Score"), self.tr("Status")])

    def set_session(self, session: ReviewSession | None) -> None:
        if self.session is not None:
            self.session.changed.disconnect(self._on_changed)
            self.session.resultChanged.disconnect(self._all_changed)
        self.session = session
        self._rows.clear()
        self.removeRows(0, self.rowCount())
        for area in session.rubric.areas if session else ():
            a_row = self._make_row(area)
            for b in area.indicators:
                a_row[0].appendRow(self._make_row(b))
            self.appendRow(a_row)
        if session is not None:
            session.changed.connect(self._on_changed)
            session.resultChanged.connect(self._all_changed)  # totals may move with no item named

    def _make_row(self, node: Area | Indicator) -> list[QStandardItem]:
        is_b = isinstance(node, Indicator)
        cells = []
        for col in range(4):
            cell = QStandardItem()
            cell.setEditable(False)
            cell.setSelectable(is_b)
            if col != COL_TITLE:
                cell.setData(_CENTER, Qt.ItemDataRole.TextAlignmentRole)
            if is_b:
                cell.setData(node.id, IndicatorIdRole)
            cells.append(cell)
        cells[COL_TITLE].setData(f"{node.id} {node.title.get(self.lang)}", Qt.ItemDataRole.DisplayRole)
        cells[COL_POINTS].setData(fmt(node.points if is_b else node.weight), Qt.ItemDataRole.DisplayRole)
        self._rows[node.id] = (node, cells)
        self._fill(node, cells)
        return cells

    def _fill(self, node: Area | Indicator, cells: list[QStandardItem]) -> None:
        """The cells' data that follows the session (setData signals only what changed)."""
        s = self.session
        if s is None:
            return
        if isinstance(node, Indicator):
            status, warns = s.status(node), s.has_warnings(node)
            sub = fmt(s.result.indicators[node.id]) if status != "none" else "—"
            tip = f"{node.id} {node.title.get(self.lang)}\n" + self._status_text(status) + (
                "\n" + self.tr("Has fact-check warnings") if warns else "")
            for cell in cells:
                cell.setData(tip, Qt.ItemDataRole.ToolTipRole)
                cell.setData(status, StatusRole)
                cell.setData(warns, WarningsRole)
            cells[COL_SUBTOTAL].setData(sub, Qt.ItemDataRole.DisplayRole)
            cells[COL_STATUS].setData(_MARK[status] + (" ⚠" if warns else ""), Qt.ItemDataRole.DisplayRole)
            cells[COL_STATUS].setData(QBrush(_COLOR[status]), Qt.ItemDataRole.ForegroundRole)
        else:
            tip = node.title.get(self.lang)
            for cell in cells:
                cell.setData(tip, Qt.ItemDataRole.ToolTipRole)
            cells[COL_SUBTOTAL].setData(fmt(s.result.areas[node.id]), Qt.ItemDataRole.DisplayRole)

    def _status_text(self, status: str) -> str:
        return {"done": self.tr("All items scored"), "partly": self.tr("Partly scored"),
                "none": self.tr("Not started")}[status]

    # ---- lookups ---------------------------------------------------------------------
    def index_of(self, indicator_id: str, column: int = 0) -> QModelIndex:
        entry = self._rows.get(indicator_id)
        if entry is None or not isinstance(entry[0], Indicator):
            return QModelIndex()
        return entry[1][column].index()

    # ---- changes ---------------------------------------------------------------------
    def _on_changed(self, item_id: str) -> None:
        """An item (or, with "", the whole school) changed: refresh its B and A rows."""
        if not item_id:
            self._all_changed()
            return
        entry = self._rows.get(item_id.split(".")[0])
        if entry is None or not isinstance(entry[0], Indicator):
            return
        self._fill(*entry)
        area = self._rows.get(entry[0].area_id)
        if area is not None:
            self._fill(*area)

    def _all_changed(self) -> None:
        for node, cells in self._rows.values():
            self._fill(node, cells)


class NavigatorFilter(QSortFilterProxyModel):
    """Shows only B rows that are not fully scored and/or have warnings (A rows follow)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.only_unscored = False
        self.only_warnings = False
        self.setRecursiveFilteringEnabled(True)
        # Not dynamic: scoring the current indicator must not make its row vanish under the
        # reviewer's hands; the filter is applied again when a toggle changes.
        self.setDynamicSortFilter(False)

    def set_filters(self, only_unscored: bool, only_warnings: bool) -> None:
        self.beginFilterChange()
        self.only_unscored, self.only_warnings = only_unscored, only_warnings
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        idx = model.index(row, 0, parent)
        if not parent.isValid():  # an A row: shown when a child is (recursive filtering)
            return not (self.only_unscored or self.only_warnings)
        if self.only_unscored and model.data(idx, StatusRole) == "done":
            return False
        return not (self.only_warnings and not model.data(idx, WarningsRole))
