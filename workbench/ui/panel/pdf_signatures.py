"""The PAdES signatures of a 结论表 as the print preview lists them, counted by the core.

Each row is a workbench.printing.panel_pdf.PdfSignatureCount: the same count `workbench verify
结论表.pdf` prints (count_pdf_signatures), so the window holds no rule of its own. A signature the
rule does not count is never shown as signed: ✕ 不计入 (revoked, dated before it, unwitnessed) or
✕ 已拒绝 (made after the revocation), on the panel view's shaded colour, its tooltip the reason,
what to do (in the window's language) and the core's English line, as the signer table words it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from workbench.printing.panel_pdf import COUNTED, REFUSED
from workbench.ui.panel.models import UNCOUNTED, shown_time

Index = QModelIndex | QPersistentModelIndex
WARNED_COLOR, COUNTED_COLOR, REFUSED_COLOR = QColor("#9a5b00"), QColor("#2e7d32"), QColor("#b00020")


class PdfSignatureModel(QAbstractTableModel):
    """signer, role, signed at (the signer's claim), whether it counts."""

    COLUMNS = 4

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []  # PdfSignatureCount, in signing order

    def set_counts(self, counts: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(counts)
        self.endResetModel()

    def retranslate(self) -> None:
        """Texts are read at paint time; a language change repaints the header and the cells."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMNS - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, self.COLUMNS - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return [self.tr("Signer"), self.tr("Role"), self.tr("Signed at"), self.tr("Counted")][section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return [c.name, self._role(c.role), shown_time(c.signed_at), self.status_text(c)][col]
        if role == Qt.ItemDataRole.ForegroundRole and col == 3:
            return QBrush(COUNTED_COLOR if c.status == COUNTED else WARNED_COLOR if c.counted else REFUSED_COLOR)
        if role == Qt.ItemDataRole.BackgroundRole and col == 3 and not c.counted:
            return QBrush(UNCOUNTED)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join([f"{c.name} · {self._role(c.role)} · {c.fingerprint}", *self.reason_lines(c)])
        return None

    def status_text(self, c: Any) -> str:
        if c.status == REFUSED:
            return self.tr("✕ refused")
        if not c.counted:
            return self.tr("✕ not counted")
        return self.tr("⚠ counted") if c.status != COUNTED else self.tr("✓ counted")

    def reason_lines(self, c: Any) -> list[str]:
        """Why it is counted with a warning, not counted or refused; what to do; the core's line."""
        if c.status == COUNTED:
            return []
        if c.status == REFUSED:
            why = self.tr("Certificate revoked on %1; this PDF signature was made at %2, after the revocation: "
                          "it is refused and not counted.")
            todo = self.tr("A revoked certificate signs nothing new: the signer asks the education bureau for a "
                           "new certificate and signs a newly printed form with it.")
        elif not c.counted:
            why = self.tr("Certificate revoked on %1; this PDF signature is dated %2, but no one saw it before the "
                          "revocation: only the signer's own clock says it came before, so it is not counted.")
            todo = self.tr("The signer asks the education bureau for a new certificate; the chair prints the form "
                           "from a new revision and the signer signs it with the new certificate.")
        else:
            why, todo = self.tr("Certificate revoked on %1; signed before it: the panel decides."), ""
        why = why.replace("%1", shown_time(c.revoked_at)).replace("%2", shown_time(c.signed_at))
        detail = c.detail + (f" ({c.hint})" if c.hint else "")
        return [why, *([todo] if todo else []), self.tr("Details: %1").replace("%1", detail)]

    def _role(self, role: str) -> str:
        return self.tr("chair") if role == "chair" else self.tr("member") if role == "member" else role


__all__ = ["PdfSignatureModel"]
