"""A `.wbsync` bundle dropped on the main window: imported off the UI thread, like `workbench
bundle import` (the same core `import_bundle`), with progress in the status bar and the result
in one line there (and in the sync panel, when it is open).

The main window's drag-and-drop dispatches here by suffix (`.wbsync`; `.wbpkg` stays the
package import); the core then checks the content as for any untrusted archive, and a
tampered, truncated or foreign bundle is one translated line, with nothing stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtWidgets import QMainWindow, QProgressBar

from workbench.errors import PackageError, WorkbenchError
from workbench.ui.error_text import error_text

SUFFIX = ".wbsync"  # workbench.sync.bundle.SUFFIX, without importing the sync core on every drag
MESSAGE_MS = 15_000


def bundle_paths(mime: QMimeData) -> list[Path]:
    """The local .wbsync files in a drag-and-drop payload."""
    if not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls()
            if u.isLocalFile() and Path(u.toLocalFile()).suffix.lower() == SUFFIX]


class BundleDrop(QObject):
    """Imports one dropped bundle at a time for the main window."""

    imported = Signal(object)  # workbench.sync.bundle.ImportReport
    finished = Signal(str)  # the line shown, success or failure (also for tests)

    def __init__(self, window: QMainWindow, ws: Any, runner: Any) -> None:
        super().__init__(window)
        self.window, self.ws, self.runner = window, ws, runner
        self.task: Any = None
        self.name = ""
        self.bar = QProgressBar()
        self.bar.setObjectName("bundleProgress")
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(False)
        self.bar.setVisible(False)
        window.statusBar().addPermanentWidget(self.bar)

    def busy(self) -> bool:
        return self.task is not None

    def start(self, path: str | Path) -> bool:
        """Begin importing `path`; False when a bundle is still being imported."""
        from workbench.sync.bundle import import_bundle

        if self.busy():
            self._say(self.tr("A sync bundle is already being imported: %1.").replace("%1", self.name), 5000)
            return False
        self.name = Path(path).name
        self.bar.setRange(0, 0)  # busy until the first document is counted
        self.bar.setVisible(True)
        self._say(self.tr("Importing the sync bundle %1…").replace("%1", self.name))
        self.task = self.runner.submit(import_bundle, self.ws, Path(path), on_done=self._done,
                                       on_error=self._error, on_progress=self._progress)
        return True

    def _progress(self, done: int, total: int, _label: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            self._say(self.tr("Importing the sync bundle %1: document %2 of %3…").replace("%1", self.name)
                      .replace("%2", str(min(done + 1, total))).replace("%3", str(total)))

    def _finish(self, text: str) -> None:
        self.task = None
        self.bar.setVisible(False)
        self._say(text, MESSAGE_MS)
        sync = getattr(self.window, "sync", None)
        if sync is not None:  # the outbox may have grown (a chair forwards co-signatures)
            sync.controller.refresh()
            panel = sync.dialogs.get("panel")
            if panel is not None:
                panel.status.setText(text)
        self.finished.emit(text)

    def _done(self, report: Any) -> None:
        text = result_text(self, self.name, report)
        self._finish(text)
        self.imported.emit(report)

    def _error(self, e: BaseException) -> None:
        self._finish(refusal_text(self, self.name, e))

    def _say(self, text: str, ms: int = 0) -> None:
        self.window.statusBar().showMessage(text, ms)


def result_text(ctx: QObject, name: str, report: Any) -> str:
    """One line, in the sync panel's words: what the bundle brought."""
    text = (ctx.tr("%1: received %2, already here %3, yours %4, refused %5, photos %6.")
            .replace("%1", name).replace("%2", str(len(report.added))).replace("%3", str(len(report.duplicates)))
            .replace("%4", str(len(report.own))).replace("%5", str(len(report.refused)))
            .replace("%6", str(report.photos)))
    if report.refused:
        text += " " + ctx.tr("Refused: %1").replace("%1", report.refused[0][1])
    return text


def refusal_text(ctx: QObject, name: str, e: BaseException) -> str:
    """One line saying why nothing was imported."""
    from workbench.sync.bundle import BundleError

    code = getattr(e, "code", "")
    if code == "bundle_wrong_school":
        return ctx.tr("%1 was not imported: it was made for a school that is not in this workspace. "
                      "Nothing was changed.").replace("%1", name)
    if isinstance(e, (BundleError, PackageError)):  # tampered, truncated, not a bundle: refused whole
        return ctx.tr("%1 was not imported: it was changed, is incomplete or is not a sync bundle. "
                      "Nothing was changed; export it again on the laptop that made it.").replace("%1", name)
    detail = error_text(e) if isinstance(e, WorkbenchError) else repr(e)
    return ctx.tr("%1 was not imported: %2").replace("%1", name).replace("%2", " ".join(detail.split()))
