"""The school's evidence for the current indicator: the list and a preview.

Images preview with zoom, PDFs in QtPdf's view. The system viewer is offered only for the
types `workbench.evidence.viewer` recognises by content (PDF, JPEG, PNG, xlsx/docx without
macros), opened from a copy under a generated name with that type's extension, never the
package's own name; anything else "cannot be previewed" and can only be saved. Reading
blobs, sniffing types and decoding images happen on the TaskRunner; only the results come
back to the UI thread. A newer selection makes older results stale (a counter), so a slow
file never replaces the one the reviewer is looking at.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QImageReader, QPainter, QPixmap, QWheelEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from workbench.errors import PackageError
from workbench.evidence.viewer import save_copy, viewer_copy, viewer_type
from workbench.ui.review.evidence_model import (
    COL_DATE,
    COL_SIZE,
    COL_TITLE,
    COL_TYPE,
    EvidenceModel,
    FileRole,
    kind_of,
    period_start,
)

MAX_IMAGE_MB = 256  # QImageReader allocation limit: evidence files are untrusted input


def load_image(path: Path) -> QImage:
    """Decode an image (upright per EXIF) on a worker thread."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    reader.setAllocationLimit(MAX_IMAGE_MB)
    img = reader.read()
    if img.isNull():
        raise PackageError(f"{path.name}: the image cannot be shown ({reader.errorString()})",
                           hint="open it with another program, or ask the school for a new copy")
    return img


class ImageView(QGraphicsView):
    """An image with zoom: Ctrl+wheel or the buttons; "fit" shows the whole image."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.item = QGraphicsPixmapItem()
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self.item)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)

    def set_image(self, img: QImage) -> None:
        self.item.setPixmap(QPixmap.fromImage(img))
        self.scene().setSceneRect(self.item.boundingRect())
        self.fit()

    def zoom(self, factor: float) -> None:
        self.scale(factor, factor)

    def fit(self) -> None:
        self.resetTransform()
        if not self.item.pixmap().isNull():
            self.fitInView(self.item, Qt.AspectRatioMode.KeepAspectRatio)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1.25 if event.angleDelta().y() > 0 else 0.8)
        else:
            super().wheelEvent(event)


class EvidencePanel(QWidget):
    errorOccurred = Signal(str)
    previewShown = Signal(str)  # "image" | "pdf" | "other" | "blocked": a preview finished loading
    saved = Signal(str)  # path of a copy saved with "Save a copy…"

    def __init__(self, ws, runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.runner = ws, runner
        self.model = EvidenceModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        hdr = self.table.horizontalHeader()
        # Widths from the font for the short columns, not ResizeToContents: that asks the
        # model for every row again each time an indicator's files are shown (on every switch).
        fm = self.table.fontMetrics()
        widest = {COL_TYPE: (self.model._kind_label(k) for k in ("pdf", "image", "other")),
                  COL_DATE: ("0000-00-00 ⚠",), COL_SIZE: ("1023.9 MB",)}
        for col, samples in widest.items():
            texts = [str(self.model.headerData(col, Qt.Orientation.Horizontal) or ""), *samples]
            hdr.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            hdr.resizeSection(col, max(fm.horizontalAdvance(t) for t in texts) + 20)
        hdr.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._on_row)
        self.table.doubleClicked.connect(lambda _i: self.open_external())

        self.placeholder = QLabel(self.tr("Select a file to preview it"), self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.image_view = ImageView(self)
        self.pdf_doc = QPdfDocument(self)
        self.pdf_view = QPdfView(self)
        self.pdf_view.setDocument(self.pdf_doc)
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._pdf_buffer: QBuffer | None = None
        self.stack = QStackedWidget(self)
        for w in (self.placeholder, self.image_view, self.pdf_view):
            self.stack.addWidget(w)

        tools = QHBoxLayout()
        self.zoom_in = QPushButton(self.tr("Zoom in"), self)
        self.zoom_out = QPushButton(self.tr("Zoom out"), self)
        self.fit_button = QPushButton(self.tr("Fit"), self)
        self.open_button = QPushButton(self.tr("Open with system viewer"), self)
        self.open_button.setToolTip(self.tr("Only PDF, JPEG, PNG and Word/Excel documents without macros, "
                                            "recognised by their content, open outside the workbench"))
        self.save_button = QPushButton(self.tr("Save a copy…"), self)
        self.zoom_in.clicked.connect(lambda: self._zoom(1.25))
        self.zoom_out.clicked.connect(lambda: self._zoom(0.8))
        self.fit_button.clicked.connect(self._fit)
        self.open_button.clicked.connect(self.open_external)
        self.save_button.clicked.connect(self._ask_save)
        for b in (self.zoom_in, self.zoom_out, self.fit_button, self.open_button, self.save_button):
            b.setStyleSheet("QPushButton { padding: 3px 8px; }")  # as wide as the text
            b.setMinimumWidth(0)
        for b in (self.zoom_in, self.zoom_out, self.fit_button):
            tools.addWidget(b)
        tools.addStretch(1)
        tools.addWidget(self.open_button)
        tools.addWidget(self.save_button)

        bottom = QWidget(self)
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addLayout(tools)
        bl.addWidget(self.stack, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(bottom)
        split.setStretchFactor(1, 3)
        split.setSizes([140, 520])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)
        self._token = 0
        self._code: str | None = None
        self.viewable: bool | None = None  # the selected file's type allows the system viewer
        self._set_tools(None)

    # ---- content ---------------------------------------------------------------------
    def show_indicator(self, code: str, indicator: str, files: list, submitted: str | None,
                       period_years: int) -> None:
        self._code = code
        self._token += 1
        self.model.set_files(files, period_start(submitted, period_years))
        self._show_placeholder(self.tr("No evidence submitted for {ind}").format(ind=indicator)
                               if not files else self.tr("Select a file to preview it"))

    def current_file(self):
        idx = self.table.currentIndex()
        return idx.data(FileRole) if idx.isValid() else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _show_placeholder(self, text: str) -> None:
        self.placeholder.setText(text)
        self.stack.setCurrentWidget(self.placeholder)
        self._set_tools(None)

    def _set_tools(self, kind: str | None) -> None:
        for b in (self.zoom_in, self.zoom_out, self.fit_button):
            b.setEnabled(kind in ("image", "pdf"))
        self.open_button.setEnabled(self.current_file() is not None and bool(self.viewable))
        self.save_button.setEnabled(self.current_file() is not None)

    def _on_row(self, current: QModelIndex, _prev: QModelIndex) -> None:
        f = current.data(FileRole) if current.isValid() else None
        self._token += 1
        self.viewable = None
        if f is None:
            self._show_placeholder(self.tr("Select a file to preview it"))
            return
        token, kind = self._token, kind_of(f.media_type, f.path)
        self._show_placeholder(self.tr("Loading {name}…").format(name=PurePosixPath(f.path).name))
        self.runner.submit(self._sniff, f.sha256,
                           on_done=lambda t: self._sniffed(token, kind, t),
                           on_error=lambda e: self._failed(token, e))
        if kind == "image":
            self.runner.submit(self._read_image, f.sha256,
                               on_done=lambda img: self._image_ready(token, img),
                               on_error=lambda e: self._failed(token, e))
        elif kind == "pdf":
            self.runner.submit(self._read_bytes, f.sha256,
                               on_done=lambda data: self._pdf_ready(token, data),
                               on_error=lambda e: self._failed(token, e))

    def _sniff(self, sha: str) -> str | None:  # worker thread
        t = viewer_type(self.ws.blobs.path(sha))
        return t.name if t is not None else None

    def _sniffed(self, token: int, kind: str, type_name: str | None) -> None:
        if not isValid(self) or token != self._token:
            return
        self.viewable = type_name is not None
        self.open_button.setEnabled(self.viewable)
        if kind in ("image", "pdf"):
            return  # the in-window preview shows it (or says why not)
        if self.viewable:
            self._show_placeholder(self.tr("No preview in the window for this file. "
                                           "Double-click or use “Open with system viewer”."))
        else:
            self._show_placeholder(self.tr("Cannot preview: by its content this file is not a PDF, an "
                                           "image or an Office document, so the workbench will not open "
                                           "it. Use “Save a copy…” to keep it."))
        self.previewShown.emit("other" if self.viewable else "blocked")

    def _read_image(self, sha: str) -> QImage:  # worker thread
        return load_image(self.ws.blobs.path(sha))

    def _read_bytes(self, sha: str) -> bytes:  # worker thread
        return self.ws.blobs.read_bytes(sha)

    def _image_ready(self, token: int, img: QImage) -> None:
        if not isValid(self) or token != self._token:
            return
        self.stack.setCurrentWidget(self.image_view)
        self.image_view.set_image(img)
        self._set_tools("image")
        self.previewShown.emit("image")

    def _pdf_ready(self, token: int, data: bytes) -> None:
        if not isValid(self) or token != self._token:
            return
        self.pdf_doc.close()
        buf = QBuffer(self)
        buf.setData(QByteArray(data))
        buf.open(QIODevice.OpenModeFlag.ReadOnly)
        old, self._pdf_buffer = self._pdf_buffer, buf
        self.pdf_doc.load(buf)
        if old is not None:
            old.deleteLater()
        if self.pdf_doc.status() == QPdfDocument.Status.Error:
            self._failed(token, PackageError(self.tr("This PDF cannot be shown"),
                                             hint=self.tr("open it with the system viewer if it offers to, or save a copy")))
            return
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.stack.setCurrentWidget(self.pdf_view)
        self._set_tools("pdf")
        self.previewShown.emit("pdf")

    def _failed(self, token: int, error: BaseException) -> None:
        if not isValid(self) or token != self._token:
            return
        self._show_placeholder(str(error))
        self.errorOccurred.emit(str(error))

    def _zoom(self, factor: float) -> None:
        if self.stack.currentWidget() is self.image_view:
            self.image_view.zoom(factor)
        elif self.stack.currentWidget() is self.pdf_view:
            self.pdf_view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.pdf_view.setZoomFactor(self.pdf_view.zoomFactor() * factor)

    def _fit(self) -> None:
        if self.stack.currentWidget() is self.image_view:
            self.image_view.fit()
        else:
            self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def open_external(self) -> None:
        """Open the selected file with the system's viewer, from a copy under a generated name
        with the extension of the type its content shows; refused for any other type."""
        f = self.current_file()
        if f is None:
            return
        token = self._token
        self.runner.submit(lambda sha=f.sha256: viewer_copy(self.ws.blobs.path(sha)),  # path() may copy: off the UI thread
                           on_done=lambda p: self._open_copy(token, p),
                           on_error=lambda e: self.errorOccurred.emit(str(e)))

    def _open_copy(self, token: int, path: Path | None) -> None:
        if not isValid(self):
            return
        if path is None:
            msg = self.tr("This file cannot be opened: by its content it is not a PDF, an image or an "
                          "Office document. Use “Save a copy…” to keep it.")
            if token == self._token:
                self._show_placeholder(msg)
            self.errorOccurred.emit(msg)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _ask_save(self) -> None:
        f = self.current_file()
        if f is None:
            return
        dest, _ = QFileDialog.getSaveFileName(self, self.tr("Save a copy of the evidence file"),
                                              PurePosixPath(f.path).name)
        if dest:
            self.save_to(Path(dest))

    def save_to(self, dest: Path) -> None:
        """Save the selected file to `dest` (off the UI thread); saving never opens it."""
        f = self.current_file()
        if f is None:
            return
        self.runner.submit(lambda sha=f.sha256: save_copy(self.ws.blobs.path(sha), dest),  # path() may copy
                           on_done=lambda p: self.saved.emit(str(p)),
                           on_error=lambda e: self.errorOccurred.emit(str(e)))
