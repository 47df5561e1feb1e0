"""The Qt model of the chair's collected sheets: who is counted in the merge, who is not, and why.

A thin adapter over `sheet_rows.SheetRow`: the rows and their order come from the core; the
model only chooses the marks, colours and the words, Chinese first. Refused rows say what is
wrong and what to do; a sheet kept although its certificate was revoked later carries ⚠, the
revocation date and when it was received (its witness); one dated before a revocation but
received only after it is ✕ (`revoked_unwitnessed`). The tooltip adds the core's own line, as `workbench panel sheets` prints it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from workbench.ui.panel import sheet_rows as k
from workbench.ui.panel.sheet_rows import SheetRow

Index = QModelIndex | QPersistentModelIndex
KindRole = Qt.ItemDataRole.UserRole + 1
CONTEXT = "SheetListModel"
REFUSED_COLOUR = QColor("#b00020")
WARNING_COLOUR = QColor("#9a5b00")
WARNING_BACKGROUND = QColor("#fff4d6")
COUNTED_COLOUR = QColor("#2e7d32")
STALE_COLOUR = QColor("#6b6b6b")

# CollectError reasons of a sheet refused when it was added -> (what is wrong, what to do)
NOT_ADDED: dict[str, tuple[str, str]] = {
    "revoked": (QT_TRANSLATE_NOOP("SheetListModel", "signed after its certificate was revoked"),
                QT_TRANSLATE_NOOP("SheetListModel", "A revoked certificate signs nothing new: the member asks the "
                                                    "bureau for a new certificate and signs the sheet again.")),
    "revoked_unwitnessed": (QT_TRANSLATE_NOOP("SheetListModel", "dated before its certificate was revoked, but "
                                                                "received only after it"),
                            QT_TRANSLATE_NOOP("SheetListModel", "Only the signer's own clock says it was signed "
                                                                "before the revocation: ask the member to sign again "
                                                                "with the new certificate.")),
    "untrusted": (QT_TRANSLATE_NOOP("SheetListModel", "the signer's certificate is not trusted here"),
                  QT_TRANSLATE_NOOP("SheetListModel", "Trust the bureau's CA certificate or the member's "
                                                      "certificate (Trust…), then add the sheet again.")),
    "bad_signature": (QT_TRANSLATE_NOOP("SheetListModel", "the signature does not verify"),
                      QT_TRANSLATE_NOOP("SheetListModel", "The file was changed after signing: ask the member "
                                                          "for the original file.")),
    "provisional": (QT_TRANSLATE_NOOP("SheetListModel", "not every item is scored"),
                    QT_TRANSLATE_NOOP("SheetListModel", "The member scores every item and signs again.")),
    "not_member_role": (QT_TRANSLATE_NOOP("SheetListModel", "not signed with a member's certificate"),
                        QT_TRANSLATE_NOOP("SheetListModel", "A member's sheet is signed with a member certificate.")),
    "another_school": (QT_TRANSLATE_NOOP("SheetListModel", "a sheet of another school"),
                       QT_TRANSLATE_NOOP("SheetListModel", "Add it in that school's panel view.")),
    "another_package": (QT_TRANSLATE_NOOP("SheetListModel", "scored an older version of the evidence package"),
                        QT_TRANSLATE_NOOP("SheetListModel", "The member scores the newest package and signs again.")),
    "not_a_chain": (QT_TRANSLATE_NOOP("SheetListModel", "not a revision of the member's sheet already collected"),
                    QT_TRANSLATE_NOOP("SheetListModel", "The member revises the sheet already sent and signs "
                                                        "again.")),
    "unknown_rubric": (QT_TRANSLATE_NOOP("SheetListModel", "scored with a rubric this laptop does not have"),
                       QT_TRANSLATE_NOOP("SheetListModel", "Install the rubric the sheet names, then add it again.")),
}
OTHER = (QT_TRANSLATE_NOOP("SheetListModel", "the file is not a valid score sheet"),
         QT_TRANSLATE_NOOP("SheetListModel", "Ask the member for the signed sheet file again."))


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def when(stamp: str | None) -> str:
    """A UTC time as the signer table shows it: 2026-11-27 09:37:15."""
    return "—" if not stamp else stamp.replace("T", " ").rstrip("Z")


def state_text(row: SheetRow) -> str:
    return {k.COUNTED: tr("✓ counted"), k.WARNING: tr("⚠ counted"), k.REFUSED: tr("✕ refused"),
            k.NOT_ADDED: tr("✕ not added"), k.CONFLICT: tr("✕ conflict"), k.STALE: tr("not counted")}[row.kind]


def what_text(row: SheetRow) -> str:
    """One line: what is the matter with this sheet."""
    if row.kind == k.COUNTED:
        return tr("signed %1").replace("%1", when(row.signed_at))
    if row.kind == k.WARNING and row.witness == "hub":
        return (tr("certificate revoked on %1; signed before it, at %2, and received by the hub before the "
                   "revocation: counted, the panel decides")
                .replace("%1", when(row.revoked_at)).replace("%2", when(row.signed_at)))
    if row.kind == k.WARNING and row.witnessed_at:
        return (tr("certificate revoked on %1; signed before it, at %2, and received at %3: counted, the panel "
                   "decides").replace("%1", when(row.revoked_at)).replace("%2", when(row.signed_at))
                .replace("%3", when(row.witnessed_at)))
    if row.kind == k.WARNING:
        return (tr("certificate revoked on %1; signed before it, at %2: counted, the panel decides")
                .replace("%1", when(row.revoked_at)).replace("%2", when(row.signed_at)))
    if row.kind == k.REFUSED and row.reason == "revoked_unwitnessed":
        return (tr("certificate revoked on %1; dated %2, but first received at %3, after the revocation: "
                   "not counted in the merge").replace("%1", when(row.revoked_at))
                .replace("%2", when(row.signed_at)).replace("%3", when(row.witnessed_at)))
    if row.kind == k.REFUSED:
        return (tr("certificate revoked on %1; signed after it, at %2: not counted in the merge")
                .replace("%1", when(row.revoked_at)).replace("%2", when(row.signed_at)))
    if row.kind == k.NOT_ADDED:
        return tr(NOT_ADDED.get(row.reason, OTHER)[0])
    if row.kind == k.CONFLICT:
        return tr("the member's revisions do not form one chain: the merge waits")
    return tr("scored an older version of the evidence package")


def todo_text(row: SheetRow) -> str:
    """What the chair does about it; empty when nothing needs doing."""
    if row.kind == k.WARNING:
        return tr("The sheet was signed before the revocation, so it is merged; the panel decides whether "
                  "to keep it, or asks the member to sign again with a new certificate.")
    if row.kind == k.REFUSED:
        return tr(NOT_ADDED["revoked_unwitnessed" if row.reason == "revoked_unwitnessed" else "revoked"][1])
    if row.kind == k.NOT_ADDED:
        return tr(NOT_ADDED.get(row.reason, OTHER)[1])
    if row.kind == k.CONFLICT:
        return tr("Collect the missing revision, or ask the member which sheet is current.")
    if row.kind == k.STALE:
        return tr(NOT_ADDED["another_package"][1])
    return ""


class SheetListModel(QAbstractTableModel):
    """Columns: state, member (or file), revision, what."""

    COLS = 4

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[SheetRow] = []

    def set_rows(self, rows: Sequence[SheetRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def retranslate(self) -> None:
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, self.COLS - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLS - 1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.COLS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (tr("State"), tr("Member"), tr("Revision"), tr("What"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == KindRole:
            return row.kind
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return state_text(row)
            if col == 1:
                return row.name
            if col == 2:
                return "" if row.revision is None else str(row.revision)
            return what_text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole and col in (0, 3):
            colour = {k.COUNTED: COUNTED_COLOUR, k.WARNING: WARNING_COLOUR, k.STALE: STALE_COLOUR}
            return QBrush(colour.get(row.kind, REFUSED_COLOUR))
        if role == Qt.ItemDataRole.BackgroundRole and row.kind == k.WARNING:
            return QBrush(WARNING_BACKGROUND)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


def tooltip(row: SheetRow) -> str:
    parts = [f"{row.name} · {what_text(row)}", todo_text(row)]
    if row.fingerprint:
        parts.append(tr("Certificate %1").replace("%1", row.fingerprint[:16] + "…"))
    if row.detail:  # the core's own English line, as `workbench panel sheets` prints it
        parts.append(tr("Details: %1").replace("%1", row.detail))
    return "\n".join(p for p in parts if p)
