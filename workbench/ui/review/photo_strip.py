"""On-site photos of the current indicator: a thumbnail strip, import, move and remove.

Imports run as one TaskRunner job (the core commits photo by photo, so a cancel keeps the
ones done) with an inline progress bar and Cancel button: the reviewer can keep scoring
while a card's worth of photos comes in (and a new top-level dialog would cost the UI
thread a first paint of ~100 ms). Moving and removing are single small writes in the core;
removal is soft and audited there.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QMenu,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from workbench.errors import Cancelled
from workbench.ui.review.photo_model import THUMB, PhotoModel, PhotoRole
from workbench.ui.review.signed_guard import allows as signed_allows


class PhotoStrip(QWidget):
    errorOccurred = Signal(str)
    photosChanged = Signal()  # photos were imported, moved or removed
    importFinished = Signal(int, int)  # photos added, files skipped

    def __init__(self, ws, reviewer, runner, lang: str = "zh_CN", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.reviewer, self.runner, self.lang = ws, reviewer, runner, lang
        self.code: str | None = None
        self.indicator: str | None = None
        self.rubric = None
        self.model = PhotoModel(ws, runner, self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setUniformItemSizes(True)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setMovement(QListView.Movement.Static)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        # Hundreds of photos: lay them out in batches between event-loop turns, not in one
        # blocking pass (a 500-photo strip took ~75 ms of the UI thread in one go).
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setBatchSize(50)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setFixedHeight(THUMB + 60)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.activated.connect(self.show_photo)  # double-click or Enter: the photo, large
        self.setAcceptDrops(True)  # the list does not: drops come up to the strip

        self.caption = QLabel(self)
        self.add_files_button = QPushButton(self.tr("Add photos…"), self)
        self.add_folder_button = QPushButton(self.tr("Add folder…"), self)
        self.add_files_button.clicked.connect(self._choose_files)
        self.add_folder_button.clicked.connect(self._choose_folder)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(260)
        self.progress.setFormat(self.tr("Importing %v of %m"))
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.cancel_import)
        self.progress.hide()
        self.cancel_button.hide()
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        top.addWidget(self.progress)
        top.addWidget(self.cancel_button)
        top.addWidget(self.add_files_button)
        top.addWidget(self.add_folder_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.list)
        self.import_task = None
        self._cached_code: str | None = None
        self._by_indicator: dict[str | None, list] = {}
        self._update_caption()

    # ---- content ---------------------------------------------------------------------
    def show_indicator(self, code: str, indicator: str, rubric) -> None:
        """Show an indicator's photos from the school's list, read once per school: a switch
        between indicators asks the database nothing."""
        self.code, self.indicator, self.rubric = code, indicator, rubric
        if self._cached_code != code:
            self.reload()
            return
        self._show_cached()

    def forget_school(self) -> None:
        """Drop the cached photo list (a school was opened again: read it afresh)."""
        self._cached_code = None
        self._by_indicator = {}

    def reload(self) -> None:
        """Read the school's photos again (after an import, a move or a removal)."""
        if self.code is None:
            return
        by: dict[str | None, list] = {}
        for p in self.ws.photos(self.code):  # ordered by time taken, then id: kept per indicator
            by.setdefault(p.indicator, []).append(p)
        self._cached_code, self._by_indicator = self.code, by
        self._show_cached()

    def _show_cached(self) -> None:
        photos = self._by_indicator.get(self.indicator, [])
        if photos or self.model.photos:  # two empty lists: nothing to reset or repaint
            self.model.set_photos(photos)
        self._update_caption()

    def _update_caption(self) -> None:
        n = len(self.model.photos)
        self.caption.setText(self.tr("On-site photos for {ind}: {n}").format(ind=self.indicator or "—", n=n)
                             + ("" if n else "  " + self.tr("(drop photos here)")))
        # An empty strip is one line (caption and buttons; drops still land on it), not a
        # quarter of a 768-pixel-high screen.
        self.list.setVisible(n > 0)
        self.setMaximumHeight(THUMB + 100 if n else max(self.layout().sizeHint().height(), 28))

    def selected_photos(self) -> list:
        return [i.data(PhotoRole) for i in self.list.selectionModel().selectedIndexes()]

    # ---- the signed sheet ------------------------------------------------------------
    def _signed_ok(self, retry) -> bool:  # noqa: ANN001 - a callable
        """A signed sheet lists its photos: the first change after signing asks first, as every
        other edit does (issue 12); `retry` runs the action again once the reviewer agrees."""
        if self.code is None:
            return True
        return signed_allows(_Editing(self.ws, self.code, self.reviewer), self, retry, lambda: None)

    # ---- import ----------------------------------------------------------------------
    def _choose_files(self) -> None:
        if not self._signed_ok(self._choose_files):  # asked before the files are chosen
            return
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add on-site photos"), "",
            self.tr("Photos (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.bmp)"))
        if files:
            self.import_paths([Path(f) for f in files])

    def _choose_folder(self) -> None:
        if not self._signed_ok(self._choose_folder):
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add all photos in a folder"))
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]):
        """Import photos (files or folders) for the current indicator in the background."""
        if self.code is None or self.import_task is not None:
            return None
        if not self._signed_ok(lambda: self.import_paths(paths)):  # a drop on a signed sheet
            return None
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.add_files_button.setEnabled(False)
        self.add_folder_button.setEnabled(False)
        task = self.runner.submit(self.ws.import_photos, self.code, list(paths), self.reviewer.id,
                                  self.indicator, on_done=self._imported, on_error=self._import_failed,
                                  on_progress=self._import_progress)
        self.import_task = task
        return task

    def cancel_import(self) -> None:
        """Stop an import; the photos already done stay (the core commits one by one)."""
        if self.import_task is not None:
            self.import_task.cancel()

    def _import_progress(self, done: int, total: int, name: str) -> None:
        if not isValid(self):
            return
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress.setToolTip(name)

    def _finish_import(self) -> None:
        self.import_task = None
        self.progress.hide()
        self.cancel_button.hide()
        self.add_files_button.setEnabled(True)
        self.add_folder_button.setEnabled(True)
        self.reload()
        self.photosChanged.emit()

    def _imported(self, photos) -> None:
        if not isValid(self):
            return
        skipped = list(getattr(photos, "skipped", []))
        self._finish_import()
        if skipped:
            names = ", ".join(n for n, _ in skipped[:5]) + ("…" if len(skipped) > 5 else "")
            self.errorOccurred.emit(self.tr("{n} file(s) were not photos and were skipped: {names}").format(
                n=len(skipped), names=names))
        self.importFinished.emit(len(photos), len(skipped))

    def _import_failed(self, error: BaseException) -> None:
        if not isValid(self):
            return
        self._finish_import()
        if not isinstance(error, Cancelled):
            self.errorOccurred.emit(str(error))
        self.importFinished.emit(0, 0)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and self.code is not None:
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # ---- move / remove ---------------------------------------------------------------
    def move_photos(self, photos: list, indicator: str | None) -> None:
        if not self._signed_ok(lambda: self.move_photos(photos, indicator)):
            return
        try:
            for p in photos:
                self.ws.move_photo(p.id, indicator, self.reviewer.id)
        except Exception as e:  # noqa: BLE001 - StoreError and friends: shown, not raised
            self.errorOccurred.emit(str(e))
        self.reload()
        self.photosChanged.emit()

    def remove_photos(self, photos: list, reason: str | None = None) -> None:
        if not self._signed_ok(lambda: self.remove_photos(photos, reason)):
            return
        try:
            for p in photos:
                self.ws.remove_photo(p.id, self.reviewer.id, reason or None)
        except Exception as e:  # noqa: BLE001
            self.errorOccurred.emit(str(e))
        self.reload()
        self.photosChanged.emit()

    def show_photo(self, index) -> None:
        from workbench.ui.review.photo_viewer import PhotoViewer

        photo = self.model.data(index, PhotoRole)
        if photo is None:
            return
        viewer = PhotoViewer(self.ws, self.runner, photo, self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        viewer.show()
        self.viewer = viewer  # for tests

    def _menu(self, pos: QPoint) -> None:
        photos = self.selected_photos()
        if not photos or self.rubric is None:
            return
        menu = QMenu(self)
        move = menu.addMenu(self.tr("Move to indicator"))
        for b in self.rubric.indicators:
            if b.id != self.indicator:
                act = move.addAction(f"{b.id} {b.title.get(self.lang)}")
                act.triggered.connect(lambda _c=False, bid=b.id: self.move_photos(photos, bid))
        if len(photos) == 1:
            view = menu.addAction(self.tr("Show large"))
            view.triggered.connect(lambda: self.show_photo(self.list.currentIndex()))
        remove = menu.addAction(self.tr("Remove…"))
        remove.triggered.connect(lambda: self._ask_remove(photos))
        menu.exec(self.list.viewport().mapToGlobal(pos))

    def _ask_remove(self, photos: list) -> None:
        if not self._signed_ok(lambda: self._ask_remove(photos)):  # asked before the reason
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("Remove photos"),
            self.tr("Remove {n} photo(s) from the review? They stay in the audit trail.\n"
                    "Reason (optional):").format(n=len(photos)))
        if ok:
            self.remove_photos(photos, reason.strip())


class _Editing:
    """Who edits which school, as signed_guard reads it from a review session."""

    def __init__(self, ws, code: str, reviewer) -> None:  # noqa: ANN001
        self.ws, self.code, self.reviewer = ws, code, reviewer
