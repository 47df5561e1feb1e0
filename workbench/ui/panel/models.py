"""Qt models over a panel result (workbench-panel/1): the items × members grid and the signers.

Thin adapters: every value shown comes from the document (which the core built and the core
verifies); the models only choose colours and text. `set_document` resets them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from workbench.rubric.model import Rubric

Index = QModelIndex | QPersistentModelIndex
ItemIdRole = Qt.ItemDataRole.UserRole + 1
FlaggedRole = Qt.ItemDataRole.UserRole + 2
DISAGREE = QColor("#fde2c4")  # an item whose spread is over the threshold
EXTREME = QColor("#f6b26b")  # the member scores at the extremes of a flagged item
OVERRIDDEN = QColor("#dbeafe")  # the chair's final value differs from the computed one
UNCOUNTED = QColor("#fde0e0")  # a signature that is there but not counted (✕), unlike a missing one


class PanelGridModel(QAbstractTableModel):
    """Rows: the rubric's items. Columns: item, points, one per member, computed, final, spread."""

    FIXED_LEFT = 2  # item, points

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.doc: Mapping[str, Any] | None = None
        self.items: list[Any] = []  # rubric Item objects in rubric order
        self.members: list[Mapping[str, Any]] = []
        self.revoked: dict[str, str] = {}  # fingerprint -> revoked_at: signed before, counted (⚠)
        self.lang = "zh_CN"

    def set_document(self, doc: Mapping[str, Any] | None, rubric: Rubric | None) -> None:
        self.beginResetModel()
        self.doc = doc
        self.items = list(rubric.iter_items()) if (doc is not None and rubric is not None) else []
        self.members = list(doc["members"]) if doc is not None else []
        self.endResetModel()

    def set_revoked(self, revoked: Mapping[str, str]) -> None:
        self.revoked = dict(revoked)
        if self.members:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, self.FIXED_LEFT,
                                        self.FIXED_LEFT + len(self.members) - 1)

    # -- columns -----------------------------------------------------------------------------
    @property
    def col_computed(self) -> int:
        return self.FIXED_LEFT + len(self.members)

    @property
    def col_final(self) -> int:
        return self.col_computed + 1

    @property
    def col_spread(self) -> int:
        return self.col_computed + 2

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.doc is None else self.FIXED_LEFT + len(self.members) + 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or self.doc is None:
            return None
        member = section - self.FIXED_LEFT
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return self.tr("Item")
            if section == 1:
                return self.tr("Points")
            if 0 <= member < len(self.members):
                m = self.members[member]
                return ("⚠ " if m["fingerprint"] in self.revoked else "") + m["name"]
            return {self.col_computed: self.tr("Computed"), self.col_final: self.tr("Final"),
                    self.col_spread: self.tr("Spread")}.get(section)
        if role == Qt.ItemDataRole.ToolTipRole and 0 <= member < len(self.members):
            m = self.members[member]
            text = f"{m['name']} · {m['org']} · {m['fingerprint'][:16]}…"
            at = self.revoked.get(m["fingerprint"])
            if at is not None:
                text += "\n" + self.tr("Certificate revoked on %1; this sheet was signed before it and is "
                                       "counted: the panel decides.").replace("%1", at.replace("T", " ").rstrip("Z"))
            return text
        return None

    # -- cells -------------------------------------------------------------------------------
    def record(self, row: int) -> Mapping[str, Any]:
        assert self.doc is not None
        return self.doc["items"][self.items[row].id]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.doc is None:
            return None
        item = self.items[index.row()]
        rec = self.doc["items"][item.id]
        col = index.column()
        member = col - self.FIXED_LEFT
        if role == ItemIdRole:
            return item.id
        if role == FlaggedRole:
            return bool(rec.get("flagged"))
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return item.id
            if col == 1:
                return str(item.points.normalize())
            if 0 <= member < len(self.members):
                v = rec["scores"].get(self.members[member]["fingerprint"])
                return "—" if v is None else v
            if col == self.col_computed:
                return rec.get("computed") or "—"
            if col == self.col_final:
                return (rec.get("final") or "—") + (" *" if rec.get("override") else "")
            if col == self.col_spread:
                return (rec.get("spread") or "—") + (" ▲" if rec.get("flagged") else "")
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if col == self.col_final and rec.get("override"):
                return QBrush(OVERRIDDEN)
            if rec.get("flagged") and col >= self.FIXED_LEFT:
                if 0 <= member < len(self.members) and self._extreme(rec, self.members[member]["fingerprint"]):
                    return QBrush(EXTREME)
                return QBrush(DISAGREE)
        if role == Qt.ItemDataRole.FontRole and col == self.col_final:
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.ToolTipRole:
            text = f"{item.id} {item.text.zh if self.lang == 'zh_CN' else item.text.en}"
            if rec.get("override"):
                text += "\n" + self.tr("Final value set by the chair: %1 (computed %2). Reason: %3") \
                    .replace("%1", rec["override"]["value"]).replace("%2", rec.get("computed") or "—") \
                    .replace("%3", rec["override"]["reason"])
            if rec.get("flagged"):
                text += "\n" + self.tr("Disagreement: the spread %1 is over the threshold.").replace("%1", rec["spread"])
            return text
        return None

    @staticmethod
    def _extreme(rec: Mapping[str, Any], fp: str) -> bool:
        from decimal import Decimal

        given = [Decimal(v) for v in rec["scores"].values() if v is not None]
        v = rec["scores"].get(fp)
        return v is not None and Decimal(v) in (min(given), max(given))

    def row_of(self, item_id: str) -> int:
        return next((n for n, i in enumerate(self.items) if i.id == item_id), -1)


class FlaggedFilter(QSortFilterProxyModel):
    """Shows every item, or only the flagged ones."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.only_flagged = False

    def set_only_flagged(self, on: bool) -> None:
        self.beginFilterChange()
        self.only_flagged = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802
        if not self.only_flagged:
            return True
        return bool(self.sourceModel().index(row, 0, parent).data(FlaggedRole))


class SignerModel(QAbstractTableModel):
    """The chair and the members: role, name, organisation (per certificate), deviation, signature."""

    COLS = 6

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []

    def set_document(self, doc: Mapping[str, Any] | None, signed: Mapping[str, str],
                     revoked: Mapping[str, str] | None = None, not_counted: Mapping[str, Any] | None = None) -> None:
        """`revoked`: signers whose certificate was revoked after they signed (fp -> revoked_at);
        `not_counted`: signatures the document carries that the core does not count (fp ->
        jobs.NotCounted): ✕, never "not signed", so the chair sees a signature is there and why."""
        self.beginResetModel()
        self.rows = []
        revoked = revoked or {}
        not_counted = not_counted or {}
        if doc is not None:
            agreement = (doc.get("agreement") or {}).get("members") or {}
            for p, role in [(doc["chair"], "chair")] + [(m, "member") for m in doc["members"]]:
                a = agreement.get(p["fingerprint"]) or {}
                self.rows.append({"role": role, "name": p["name"], "org": p["org"], "fp": p["fingerprint"],
                                  "dev": a.get("mean_deviation"), "flagged": a.get("flagged_items"),
                                  "signed": signed.get(p["fingerprint"]), "revoked": revoked.get(p["fingerprint"]),
                                  "uncounted": None if signed.get(p["fingerprint"]) else not_counted.get(p["fingerprint"])})
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.COLS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Role"), self.tr("Name"), self.tr("Organisation"), self.tr("Deviation"),
                self.tr("Flagged"), self.tr("Signature"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return self.tr("Chair") if r["role"] == "chair" else self.tr("Member")
            if col == 1:
                return r["name"]
            if col == 2:
                return r["org"]
            if col == 3:
                d = r["dev"]
                return "" if r["role"] == "chair" else ("—" if d is None else (d if d.startswith("-") or d == "0"
                                                                                  else "+" + d))
            if col == 4:
                return "" if r["role"] == "chair" else str(r["flagged"] or 0)
            if col == 5:
                if r["signed"]:
                    return (self.tr("signed %1").replace("%1", shown_time(r["signed"])) + (" ⚠" if r["revoked"] else ""))
                return self.tr("✕ not counted") if r["uncounted"] else self.tr("not signed")
        if role == Qt.ItemDataRole.ForegroundRole and col == 5:
            return QBrush(QColor("#9a5b00") if r["revoked"] else QColor("#2e7d32") if r["signed"] else QColor("#b00020"))
        if role == Qt.ItemDataRole.BackgroundRole and col == 5 and r["uncounted"]:
            return QBrush(UNCOUNTED)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{r['name']} · {r['org']} · {r['fp']}"
            if r["revoked"]:
                tip += "\n" + self.tr("Certificate revoked on %1; signed before it: the panel decides.") \
                    .replace("%1", shown_time(r["revoked"]))
            if r["uncounted"]:
                tip += "\n" + "\n".join(self._uncounted_lines(r["uncounted"]))
            return tip
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (3, 4):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _uncounted_lines(self, nc: Any) -> list[str]:
        """Why a signature that is there does not count, what to do, and the core's own line."""
        if nc.reason == "revoked_unwitnessed" and nc.first_seen:
            why = self.tr("Certificate revoked on %1; this signature is dated %2, but this workspace first saw it "
                          "at %3, after the revocation: only the signer's own clock says it came before, so it is "
                          "not counted.").replace("%3", shown_time(nc.first_seen))
        elif nc.reason == "revoked_unwitnessed":
            why = self.tr("Certificate revoked on %1; this signature is dated %2, but no one saw it before the "
                          "revocation: only the signer's own clock says it came before, so it is not counted.")
        else:
            why = self.tr("This signature is in the result but is not counted.")
        why = why.replace("%1", shown_time(nc.revoked_at)).replace("%2", shown_time(nc.claimed_at))
        todo = self.tr("The signer asks the education bureau for a new certificate; the chair makes a new revision "
                       "and the signer signs it with the new certificate.")
        return [why, todo, self.tr("Details: %1").replace("%1", nc.detail)]


def shown_time(stamp: str | None) -> str:
    """A UTC "…Z" time as the signer table shows it: 2026-11-27 09:37:15."""
    return "—" if not stamp else stamp.replace("T", " ").rstrip("Z")
