"""The school's evidence files for one indicator as a table: type, title, date, size.

Files dated before the rubric's evidence period (N years before the application was
submitted) are marked: the rubric asks for the last N years' material.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePosixPath

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

COL_TYPE, COL_TITLE, COL_DATE, COL_SIZE = range(4)
FileRole = Qt.ItemDataRole.UserRole + 1
OldRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


def kind_of(media_type: str, path: str) -> str:
    """"pdf", "image" or "other": decides how a file is previewed."""
    if media_type == "application/pdf" or path.lower().endswith(".pdf"):
        return "pdf"
    if media_type.startswith("image/"):
        return "image"
    return "other"


def period_start(submitted: str | None, years: int) -> date | None:
    """The first day of the evidence period, or None when the submission date is unknown."""
    if not submitted:
        return None
    try:
        d = date.fromisoformat(str(submitted)[:10])
    except ValueError:
        return None
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"


class EvidenceModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.files: list = []
        self.since: date | None = None

    def set_files(self, files: list, since: date | None) -> None:
        """Show `files` (an indicator's, on every switch) as rows removed and rows inserted, not
        as a model reset: a reset also resets the table's header, which then repaints its
        sections and asks their titles again, though they never change (~5 % of a switch)."""
        if self.files:
            self.beginRemoveRows(QModelIndex(), 0, len(self.files) - 1)
            self.files = []
            self.endRemoveRows()
        self.since = since
        if files:
            self.beginInsertRows(QModelIndex(), 0, len(files) - 1)
            self.files = list(files)
            self.endInsertRows()

    def is_old(self, f) -> bool:
        if self.since is None or not f.date:
            return False
        try:
            return date.fromisoformat(str(f.date)[:10]) < self.since
        except ValueError:
            return False

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.files)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 4

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("Type"), self.tr("Title"), self.tr("Date"), self.tr("Size")][section]
        return None

    def _kind_label(self, kind: str) -> str:
        return {"pdf": self.tr("PDF"), "image": self.tr("Image"), "other": self.tr("File")}[kind]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.files):
            return None
        f = self.files[index.row()]
        col = index.column()
        old = self.is_old(f)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_TYPE:
                return self._kind_label(kind_of(f.media_type, f.path))
            if col == COL_TITLE:
                return f.title or PurePosixPath(f.path).name
            if col == COL_DATE:
                return (f.date or "—") + (" ⚠" if old else "")
            if col == COL_SIZE:
                return human_size(f.size)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f.path
            if old:
                tip += "\n" + self.tr("Older than the evidence period (before {date})").format(
                    date=self.since.isoformat() if self.since else "")
            return tip
        if role == Qt.ItemDataRole.ForegroundRole and old:
            return QBrush(QColor("#b71c1c"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == FileRole:
            return f
        if role == OldRole:
            return old
        return None
