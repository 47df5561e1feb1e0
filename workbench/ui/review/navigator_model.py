"""The rubric as a two-level Qt model (A areas -> B indicators) with the reviewer's progress.

Rows never change for a school (the rubric is fixed); only the data does, so a change to
one item emits dataChanged for its indicator and area rows and nothing is rebuilt.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from workbench.decimals import fmt
from workbench.rubric.model import Area, Indicator
from workbench.ui.review.session import ReviewSession

COL_TITLE, COL_POINTS, COL_SUBTOTAL, COL_STATUS = range(4)
IndicatorIdRole = Qt.ItemDataRole.UserRole + 1
StatusRole = Qt.ItemDataRole.UserRole + 2
WarningsRole = Qt.ItemDataRole.UserRole + 3

_MARK = {"done": "●", "partly": "◐", "none": "○"}
_COLOR = {"done": QColor("#2e7d32"), "partly": QColor("#ef6c00"), "none": QColor("#9e9e9e")}
_NO_PARENT = 0xFFFF

Index = QModelIndex | QPersistentModelIndex


class NavigatorModel(QAbstractItemModel):
    """A rows at the top level, B rows beneath; internalId is the A row (or _NO_PARENT)."""

    def __init__(self, lang: str = "zh_CN", parent=None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.session: ReviewSession | None = None
        self._areas: tuple[Area, ...] = ()
        self._cache: dict[tuple[int, int, int, int], object] = {}

    def set_session(self, session: ReviewSession | None) -> None:
        self.beginResetModel()
        self._cache.clear()
        if self.session is not None:
            self.session.changed.disconnect(self._on_changed)
            self.session.resultChanged.disconnect(self._forget)
        self.session = session
        self._areas = session.rubric.areas if session else ()
        if session is not None:
            session.changed.connect(self._on_changed)
            session.resultChanged.connect(self._forget)  # totals may move with no item named
        self.endResetModel()

    def _forget(self) -> None:
        self._cache.clear()

    # ---- structure -------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        # Bounds checked here rather than with hasIndex(), which calls rowCount() and
        # columnCount() back in Python: the tree asks for indexes a hundred times a switch.
        if row < 0 or not 0 <= column < 4:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _NO_PARENT) if row < len(self._areas) else QModelIndex()
        if parent.internalId() == _NO_PARENT and parent.column() == 0 \
                and row < len(self._areas[parent.row()].indicators):
            return self.createIndex(row, column, parent.row())
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _NO_PARENT:
            return QModelIndex()
        return self.createIndex(index.internalId(), 0, _NO_PARENT)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        if not parent.isValid():
            return len(self._areas)
        if parent.internalId() == _NO_PARENT and parent.column() == 0:
            return len(self._areas[parent.row()].indicators)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 4

    def node(self, index: Index) -> Area | Indicator | None:
        if not index.isValid():
            return None
        if index.internalId() == _NO_PARENT:
            return self._areas[index.row()]
        return self._areas[index.internalId()].indicators[index.row()]

    def index_of(self, indicator_id: str, column: int = 0) -> QModelIndex:
        for a_row, area in enumerate(self._areas):
            for b_row, b in enumerate(area.indicators):
                if b.id == indicator_id:
                    return self.createIndex(b_row, column, a_row)
        return QModelIndex()

    # ---- data ------------------------------------------------------------------------
    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("Indicator"), self.tr("Points"), self.tr("Score"), self.tr("Status")][section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        # Painting asks every visible cell for ~8 roles; the answers change only with the
        # session (dataChanged clears them), so each is worked out once.
        key = (index.internalId(), index.row(), index.column(), role)
        try:
            return self._cache[key]
        except KeyError:
            pass
        value = self._cache[key] = self._data(index, role)
        return value

    def _data(self, index: Index, role: int):
        node, s = self.node(index), self.session
        if node is None or s is None:
            return None
        col = index.column()
        is_b = isinstance(node, Indicator)
        if role == IndicatorIdRole:
            return node.id if is_b else None
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_TITLE:
                return f"{node.id} {node.title.get(self.lang)}"
            if col == COL_POINTS:
                return fmt(node.points if is_b else node.weight)
            if col == COL_SUBTOTAL:
                if is_b:
                    return fmt(s.result.indicators[node.id]) if s.status(node) != "none" else "—"
                return fmt(s.result.areas[node.id])
            if col == COL_STATUS and is_b:
                return _MARK[s.status(node)] + (" ⚠" if s.has_warnings(node) else "")
            return None
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_STATUS and is_b:
            return QBrush(_COLOR[s.status(node)])
        if role == Qt.ItemDataRole.ToolTipRole:
            if is_b:
                return f"{node.id} {node.title.get(self.lang)}\n" + self._status_text(s.status(node)) + (
                    "\n" + self.tr("Has fact-check warnings") if s.has_warnings(node) else "")
            return node.title.get(self.lang)
        if role == Qt.ItemDataRole.TextAlignmentRole and col != COL_TITLE:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == StatusRole and is_b:
            return s.status(node)
        if role == WarningsRole and is_b:
            return s.has_warnings(node)
        return None

    def _status_text(self, status: str) -> str:
        return {"done": self.tr("All items scored"), "partly": self.tr("Partly scored"),
                "none": self.tr("Not started")}[status]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        f = Qt.ItemFlag.ItemIsEnabled
        if index.internalId() != _NO_PARENT:
            f |= Qt.ItemFlag.ItemIsSelectable
        return f

    def _on_changed(self, item_id: str) -> None:
        """An item (or, with "", the whole school) changed: refresh its B and A rows."""
        if not self._areas:
            return
        self._cache.clear()
        if not item_id:
            self._all_changed()
            return
        b_id = item_id.split(".")[0]
        b_index = self.index_of(b_id)
        if not b_index.isValid():
            return
        self.dataChanged.emit(b_index, b_index.siblingAtColumn(COL_STATUS))
        a_index = self.parent(b_index)
        self.dataChanged.emit(a_index, a_index.siblingAtColumn(COL_STATUS))

    def _all_changed(self) -> None:
        for a_row in range(len(self._areas)):
            a = self.index(a_row, 0)
            self.dataChanged.emit(a, a.siblingAtColumn(COL_STATUS))
            n = self.rowCount(a)
            if n:
                self.dataChanged.emit(self.index(0, 0, a), self.index(n - 1, COL_STATUS, a))


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
