"""A conflict side by side: my document and the hub's, the items that differ, and what to do."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.ui.screen_fit import fit_to_screen
from workbench.ui.sync.conflict_diff import DiffRow

if TYPE_CHECKING:
    from workbench.store.outbox import OutboxEntry

DIFF_BG = "#fde7e9"


class DiffModel(QAbstractTableModel):
    def __init__(self, rows: list[DiffRow], parent: Any = None) -> None:
        super().__init__(parent)
        self.rows = rows

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Item"), self.tr("Mine (this laptop)"), self.tr("The hub's"))[section]
        return None

    def _key(self, key: str) -> str:
        return {"revision": self.tr("Revision"), "signed_at": self.tr("Signed at"),
                "reviewer": self.tr("Signed by")}.get(key, key)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (self._key(r.key), r.mine, r.theirs)[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and r.differs and index.column() > 0:
            return QColor(DIFF_BG)
        return None


class ConflictDialog(QDialog):
    """Shows one conflicted entry; `rows` come from conflict_diff.diff_documents (computed off the UI thread)."""

    def __init__(self, entry: OutboxEntry, rows: list[DiffRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.entry = entry
        self.setWindowTitle(self.tr("Conflict: %1").replace("%1", entry.school))
        hv = entry.hub_version or {}
        stored = hv.get("stored") if isinstance(hv.get("stored"), dict) else {}
        self.summary = QLabel(self.tr("The hub already holds revision %1 of this document with other contents. "
                                      "Both versions are kept; nothing was overwritten.")
                              .replace("%1", str(stored.get("revision", "?"))))
        self.summary.setWordWrap(True)
        self.model = DiffModel(rows, self)
        self.table = QTableView()
        self.table.setObjectName("conflictTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        n = sum(1 for r in rows if r.differs and r.key[:1] == "B")
        self.count = QLabel(self.tr("%n item(s) differ.", "", n))
        self.advice = QLabel(self.tr(
            "What to do: if the hub's version is yours (signed on another laptop), open the school, "
            "check the scores and sign again: the new revision replaces both. If the hub's version is not "
            "yours, tell the hub's administrator. Retry sends this same document again; Do not send stops sending it."))
        self.advice.setWordWrap(True)
        if not hv.get("document"):
            self.advice.setText(self.advice.text() + "\n" + self.tr("The hub did not let this laptop read its version."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        for w in (self.summary, self.table, self.count, self.advice, buttons):
            lay.addWidget(w)
        fit_to_screen(self, (900, 560))
