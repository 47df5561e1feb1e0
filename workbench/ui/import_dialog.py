"""Import a .wbpkg: choose it (file dialog or drag-and-drop), verify and store it off the UI
thread with a cancellable progress dialog, and explain a refusal in plain words.

All the work is `workbench.evidence.import_package` on a TaskRunner thread; this module
only shows progress and the outcome. A refused or cancelled import leaves nothing behind
(the importer guarantees that).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMimeData, QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from workbench.errors import Cancelled, PackageError, StoreError, WorkbenchError
from workbench.evidence import ImportResult, import_package
from workbench.ui.tasks import Task, TaskRunner

PACKAGE_SUFFIX = ".wbpkg"
_SCALE = 1000  # progress in permille: QProgressDialog holds an int, packages can pass 2 GiB


def choose_package_file(parent: QWidget | None, start_dir: str = "") -> Path | None:
    """Ask for a package file; None when the user cancels."""
    title = QCoreApplication.translate("ImportController", "Import evidence package")
    filters = QCoreApplication.translate("ImportController", "Evidence packages (*.wbpkg);;All files (*)")
    path, _ = QFileDialog.getOpenFileName(parent, title, start_dir, filters)
    return Path(path) if path else None


def package_paths(mime: QMimeData) -> list[Path]:
    """The local .wbpkg files in a drag-and-drop payload (anything else is ignored)."""
    if not mime.hasUrls():
        return []
    out = []
    for url in mime.urls():
        if url.isLocalFile():
            p = Path(url.toLocalFile())
            if p.suffix.lower() == PACKAGE_SUFFIX:
                out.append(p)
    return out


def _advice(e: WorkbenchError) -> str:
    if isinstance(e, PackageError):
        return QCoreApplication.translate(
            "ImportController", "The package is damaged, incomplete or not a workbench evidence package. "
            "Ask the school for a new copy (or rebuild it from their folder) and import that.")
    if isinstance(e, StoreError):
        return QCoreApplication.translate(
            "ImportController", "The workspace could not be written. Check that its folder is writable "
            "and the disk has free space, then import again.")
    return ""


def error_text(e: BaseException) -> tuple[str, str]:
    """(message, details) for a failure: a WorkbenchError's own words, or a generic line for a bug."""
    if isinstance(e, WorkbenchError):
        # The core's words are exact but English; say what to do in the window's language first.
        advice = _advice(e)
        core = e.message + (f"\n\n{e.hint}" if e.hint else "")
        return (f"{advice}\n\n{core}" if advice else core), ""
    message = QCoreApplication.translate("ImportController",
                                         "An unexpected error stopped the import; nothing was changed. "
                                         "Please report it with the details below.")
    return message, getattr(e, "__traceback_text__", repr(e))


class _Progress(QObject):
    """Progress from the worker thread, queued to the UI. `object`, not `int`: Qt's int is
    32-bit, and a package over 2 GiB would wrap."""

    changed = Signal(object, object, str)


class ImportController(QObject):
    """Runs one import at a time for a window. Signals tell the window what happened."""

    imported = Signal(object)  # ImportResult
    failed = Signal(str)  # the message shown (also for tests)
    cancelled = Signal()

    def __init__(self, ws, runner: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self.ws, self.runner, self.parent_widget = ws, runner, parent
        self.task: Task | None = None
        self.progress: QProgressDialog | None = None
        self.message_box: QMessageBox | None = None  # the last error shown (kept for tests)
        self.source: Path | None = None
        self._relay = _Progress(self)
        self._relay.changed.connect(self._progress)

    def busy(self) -> bool:
        return self.task is not None

    def start(self, path: str | Path) -> bool:
        """Begin importing `path`; False if another import is still running."""
        if self.busy():
            return False
        self.source = Path(path)
        dlg = QProgressDialog(self.parent_widget)
        dlg.setObjectName("importProgress")
        dlg.setWindowTitle(self.tr("Importing package"))
        dlg.setLabelText(self.tr("Verifying %1…").replace("%1", self.source.name))
        dlg.setCancelButtonText(self.tr("Cancel"))
        dlg.setRange(0, _SCALE)
        dlg.setValue(0)
        dlg.setMinimumDuration(300)  # quick imports (the demo) finish without a flash
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.setMinimumWidth(460)
        dlg.canceled.connect(self.cancel)
        self.progress = dlg
        emit = self._relay.changed.emit
        self.task = self.runner.submit(import_package, self.ws, self.source, on_done=self._done,
                                       on_error=self._error,
                                       progress=lambda done, total, label="": emit(done, total, label))
        return True

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            if self.progress is not None:
                self.progress.setLabelText(self.tr("Cancelling…"))

    def _progress(self, done: int, total: int, label: str) -> None:
        dlg = self.progress
        if dlg is None or dlg.wasCanceled():
            return
        if label:
            dlg.setLabelText(self.tr("Verifying %1…").replace("%1", label))
        # setValue() on a modal progress dialog processes events: the import may finish
        # (and _finish() drop the dialog) inside this call, so it comes last.
        dlg.setValue(int(done * _SCALE / total) if total > 0 else 0)

    def _finish(self) -> None:
        self.task = None
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _done(self, result: ImportResult) -> None:
        self._finish()
        self.imported.emit(result)

    def _error(self, e: BaseException) -> None:
        self._finish()
        if isinstance(e, Cancelled):
            self.cancelled.emit()
            return
        message, details = error_text(e)
        name = self.source.name if self.source else ""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("The package was not imported"),
                          self.tr("%1 was refused; nothing was added to the workspace.").replace("%1", name),
                          QMessageBox.StandardButton.Ok, self.parent_widget)
        box.setObjectName("importError")
        box.setInformativeText(message)  # the core's own words: what is wrong, what to do
        if details:
            box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message_box = box
        box.open()  # not exec(): the window (and the tests) keep running
        self.failed.emit(message)
