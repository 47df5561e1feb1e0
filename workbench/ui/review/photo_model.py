"""On-site photos of one indicator as a list model whose thumbnails arrive in the background.

Each thumbnail is made (or read from the core's cache) and decoded on the TaskRunner; the
UI thread only turns the small finished QImage into a pixmap. At most a few jobs are in
flight at once, so a strip of hundreds of photos fills steadily without flooding the event
queue, and the photos the reviewer scrolls to are asked for first.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPixmap
from shiboken6 import isValid

from workbench.photos import thumbnail

THUMB = 112  # shown size (px); the core's 256 px cache is scaled down on the worker
IN_FLIGHT = 4
CACHE_MAX = 2000
PhotoRole = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


def load_thumb(ws, sha: str) -> QImage:
    """Worker-thread job: the core's thumbnail, decoded and scaled for the strip."""
    img = QImage(str(thumbnail(ws, sha, 256)))
    if img.isNull():
        raise ValueError(f"thumbnail of {sha[:12]} cannot be read")
    return img.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                      Qt.TransformationMode.SmoothTransformation)


def format_gps(gps: tuple[float, float] | None) -> str:
    if gps is None:
        return ""
    lat, lon = gps
    return f"{abs(lat):.5f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.5f}° {'E' if lon >= 0 else 'W'}"


class PhotoModel(QAbstractListModel):
    #: every queued thumbnail has arrived (or failed)
    thumbnailsLoaded = Signal()

    def __init__(self, ws, runner, parent=None) -> None:
        super().__init__(parent)
        self.ws, self.runner = ws, runner
        self.photos: list = []
        self._cache: OrderedDict[str, QPixmap] = OrderedDict()
        self._failed: set[str] = set()
        self._queue: list[str] = []
        self._in_flight: set[str] = set()
        self._placeholder = QPixmap(THUMB, THUMB)
        self._placeholder.fill(QColor("#e0e0e0"))

    def set_photos(self, photos: list) -> None:
        self.beginResetModel()
        self.photos = list(photos)
        self.endResetModel()
        self._queue = [p.sha256 for p in self.photos if p.sha256 not in self._cache]
        self._pump()

    def photo(self, row: int):
        return self.photos[row]

    def loaded(self) -> int:
        return sum(1 for p in self.photos if p.sha256 in self._cache or p.sha256 in self._failed)

    def pending(self) -> int:
        return len(self._queue) + len(self._in_flight)

    # ---- model -----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.photos)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.photos):
            return None
        p = self.photos[index.row()]
        if role == Qt.ItemDataRole.DecorationRole:
            pix = self._cache.get(p.sha256)
            if pix is None:
                self._prioritise(p.sha256)
                return self._placeholder
            return pix
        if role == Qt.ItemDataRole.DisplayRole:
            return p.taken_at.strftime("%m-%d %H:%M") if p.taken_at else p.original_name
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [p.original_name]
            lines.append(self.tr("Taken: {t}").format(
                t=p.taken_at.strftime("%Y-%m-%d %H:%M:%S") if p.taken_at else self.tr("unknown")))
            lines.append(self.tr("GPS: {g}").format(g=format_gps(p.gps) or self.tr("none")))
            lines.append(f"{p.width} × {p.height}")
            return "\n".join(lines)
        if role == Qt.ItemDataRole.SizeHintRole:
            return QSize(THUMB + 16, THUMB + 34)
        if role == PhotoRole:
            return p
        return None

    # ---- background thumbnails -------------------------------------------------------
    def _prioritise(self, sha: str) -> None:
        if sha in self._in_flight or sha in self._failed:
            return
        if sha in self._queue:
            self._queue.remove(sha)
        self._queue.insert(0, sha)
        self._pump()

    def _pump(self) -> None:
        while self._queue and len(self._in_flight) < IN_FLIGHT:
            sha = self._queue.pop(0)
            if sha in self._cache or sha in self._in_flight:
                continue
            self._in_flight.add(sha)
            self.runner.submit(load_thumb, self.ws, sha,
                               on_done=lambda img, sha=sha: self._arrived(sha, img),
                               on_error=lambda _e, sha=sha: self._arrived(sha, None))
        if not self._queue and not self._in_flight:
            self.thumbnailsLoaded.emit()

    def _arrived(self, sha: str, img: QImage | None) -> None:
        if not isValid(self):  # the view closed while the job ran
            return
        self._in_flight.discard(sha)
        if img is None:
            self._failed.add(sha)
        else:
            self._cache[sha] = QPixmap.fromImage(img)
            while len(self._cache) > CACHE_MAX:
                self._cache.popitem(last=False)
        for row, p in enumerate(self.photos):
            if p.sha256 == sha:
                idx = self.index(row)
                self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DecorationRole])
        self._pump()
