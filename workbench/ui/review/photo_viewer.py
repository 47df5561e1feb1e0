"""One on-site photo, large: upright, fitted to the window, with its capture time and GPS.

The picture is the core's cached 1600-px upright rendering (`workbench.photos.thumbnail`),
made and decoded on a TaskRunner thread; the dialog shows a placeholder until it arrives.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget
from shiboken6 import isValid

from workbench.photos import thumbnail
from workbench.ui.review.photo_model import format_gps
from workbench.ui.screen_fit import fit_to_screen

VIEW_SIZE = 1600  # px, the longer side of the cached rendering


def load_view_image(ws, sha: str) -> QImage:
    """Worker-thread job: the photo's large upright rendering, decoded."""
    img = QImage(str(thumbnail(ws, sha, VIEW_SIZE)))
    if img.isNull():
        raise ValueError(f"photo {sha[:12]} cannot be read")
    return img


class PhotoViewer(QDialog):
    def __init__(self, ws, runner, photo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("photoViewer")
        self.photo = photo
        when = photo.taken_at.strftime("%Y-%m-%d %H:%M:%S") if photo.taken_at else self.tr("unknown")
        gps = format_gps(photo.gps) or self.tr("none")
        self.setWindowTitle(photo.original_name)
        self.info = QLabel(self.tr("Taken: {t} · GPS: {g} · {w} × {h} · SHA-256 {s}…").format(
            t=when, g=gps, w=photo.width, h=photo.height, s=photo.sha256[:16]), self)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.picture = QLabel(self.tr("Loading…"), self)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea(self)
        scroll.setWidget(self.picture)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(scroll, 1)
        lay.addWidget(self.info)
        lay.addWidget(buttons)
        fit_to_screen(self, (1000, 780))
        self.pixmap: QPixmap | None = None
        self.task = runner.submit(load_view_image, ws, photo.sha256, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, img: QImage) -> None:
        if not isValid(self):
            return
        self.pixmap = QPixmap.fromImage(img)
        self._fit()

    def _failed(self, e: BaseException) -> None:
        if isValid(self):
            self.picture.setText(self.tr("The photo cannot be shown: {e}").format(e=e))

    def _fit(self) -> None:
        if self.pixmap is None:
            return
        area = self.picture.size()
        self.picture.setPixmap(self.pixmap.scaled(area, Qt.AspectRatioMode.KeepAspectRatio,
                                                  Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()
