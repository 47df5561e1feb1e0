"""A table model over the outbox entries: kind, school, state, attempts, what went wrong
(by code in our words, else the hub's own Chinese the outbox kept, else the English line)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from workbench.ui.sync.error_words import SyncWords, words

if TYPE_CHECKING:
    from workbench.store.outbox import OutboxEntry

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 2  # the message column: the client's English line
STATE_COLORS = {"conflict": "#b3261e", "refused": "#b3261e", "sent": "#2e7d32", "cancelled": "#8a8a8a"}



def state_label(state: str) -> str:
    labels = {
        "waiting": QCoreApplication.translate("OutboxModel", "waiting"),
        "sending": QCoreApplication.translate("OutboxModel", "sending"),
        "sent": QCoreApplication.translate("OutboxModel", "sent"),
        "conflict": QCoreApplication.translate("OutboxModel", "conflict"),
        "refused": QCoreApplication.translate("OutboxModel", "refused"),
        "cancelled": QCoreApplication.translate("OutboxModel", "cancelled"),
    }
    return labels.get(state, state)


def kind_label(kind: str) -> str:
    labels = {"sheet": QCoreApplication.translate("OutboxModel", "score sheet"),
              "panel": QCoreApplication.translate("OutboxModel", "panel result")}
    return labels.get(kind, kind)


class OutboxModel(QAbstractTableModel):
    COLUMNS = ("kind", "school", "state", "attempts", "message", "document")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[OutboxEntry] = []

    def set_entries(self, entries: list[OutboxEntry] | tuple[OutboxEntry, ...]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Document"), self.tr("School"), self.tr("State"), self.tr("Attempts"),
                    self.tr("Message"), self.tr("Hash"))[section]
        return None

    def entry(self, row: int) -> OutboxEntry | None:
        return self.entries[row] if 0 <= row < len(self.entries) else None

    @staticmethod
    def error_words(e: OutboxEntry) -> SyncWords | None:
        """The entry's last error in the window's language (None: no error shown): our own words
        for its stable code when we have them, else the hub's Chinese (a newer hub's code), else
        the English line; the English line is always the tooltip's detail."""
        if e.last_error is None or e.state == "sent":
            return None
        return words(e.last_error.code, e.last_error.message, e.last_error.zh)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        e = self.entry(index.row()) if index.isValid() else None
        if e is None:
            return None
        col = self.COLUMNS[index.column()]
        if role == ENTRY_ROLE:
            return e
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "kind":
                return kind_label(e.kind)
            if col == "school":
                return e.school
            if col == "state":
                return state_label(e.state)
            if col == "attempts":
                return str(e.attempts)
            if col == "message":
                if e.state == "conflict":
                    return self.tr("The hub holds other contents for this revision: Show conflict…")
                w = self.error_words(e)
                return w.short if w else ""  # one line; the tooltip says what to do
            return e.doc_hash[7:19] + "…" if e.doc_hash.startswith("sha256:") else e.doc_hash[:12]
        if role == Qt.ItemDataRole.ForegroundRole and col == "state" and e.state in STATE_COLORS:
            return QColor(STATE_COLORS[e.state])
        if role == DETAIL_ROLE and col == "message":
            w = self.error_words(e)
            return w.detail if w else ""
        if role == Qt.ItemDataRole.ToolTipRole and col in ("message", "document"):
            if col == "document":
                return e.doc_hash
            w = self.error_words(e)
            return w.tooltip if w else None
        return None
