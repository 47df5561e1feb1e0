"""Sync › 导出 U 盘数据包… / 导入 U 盘数据包…: the USB bundle without the command line.

Export writes this school's signed sheets, panel results and their photos with the core
`export_bundle` (as `workbench bundle export`) on a worker thread, then says what was made
and where; import hands the chosen file to the same `BundleDrop` a dropped `.wbsync` uses
(the core `import_bundle`, as `workbench bundle import`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMainWindow

from workbench.errors import WorkbenchError
from workbench.portable import safe_file_name  # a school code may be CON or NUL
from workbench.ui.error_text import error_text

CONTEXT = "SyncMenu"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class BundleActions(QObject):
    """The two menu actions, one export at a time."""

    exported = Signal(object)  # workbench.sync.bundle.ExportReport
    failed = Signal(str)       # the line shown

    def __init__(self, window: QMainWindow, ws: Any) -> None:
        super().__init__(window)
        self.window, self.ws = window, ws
        self.task: Any = None

    # ---- import -------------------------------------------------------------------------
    def ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, tr("Import a USB sync bundle"), "",
                                              tr("Sync bundles (*.wbsync)"))
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path) -> bool:
        from workbench.ui.sync.bundle_drop import BundleDrop

        w = self.window
        if getattr(w, "bundle_drop", None) is None:
            w.bundle_drop = BundleDrop(w, self.ws, w.runner)
        return w.bundle_drop.start(path)

    # ---- export -------------------------------------------------------------------------
    def school(self) -> str | None:
        w = self.window
        return w.current_location()[0] or w.schools.selected_code()

    def ask_export(self) -> None:
        code = self.school()
        if not code:
            self._say(tr("Open or select a school first."), 5000)
            return
        path, _ = QFileDialog.getSaveFileName(self.window, tr("Export a USB sync bundle"),
                                              str(Path.home() / safe_file_name(f"{code}.wbsync")), tr("Sync bundles (*.wbsync)"))
        if path:
            self.export_to(code, Path(path))

    def export_to(self, code: str, path: Path) -> bool:
        from workbench.sync.bundle import export_bundle

        if self.task is not None:
            self._say(tr("A sync bundle is already being exported."), 5000)
            return False
        if path.suffix.lower() != ".wbsync":
            path = path.with_name(path.name + ".wbsync")
        self._say(tr("Exporting the sync bundle of %1…").replace("%1", code))
        self.task = self.window.runner.submit(export_bundle, self.ws, code, path,
                                              on_done=self._done, on_error=self._error)
        return True

    def _done(self, report: Any) -> None:
        from workbench.ui.export.confirm import confirm_saved

        self.task = None
        detail = (tr("%1 sheet(s), %2 panel result(s), %3 photo(s). Copy the file to a USB stick and import "
                     "it on the other laptop (Sync › Import USB sync bundle…, or drop it on the window).")
                  .replace("%1", str(report.sheets)).replace("%2", str(report.panels)).replace("%3", str(report.photos)))
        self.notice = confirm_saved(self.window, report.path, tr("Sync bundle"), detail)
        self.exported.emit(report)

    def _error(self, e: BaseException) -> None:
        self.task = None
        text = tr("The sync bundle was not exported: %1").replace(
            "%1", " ".join((error_text(e) if isinstance(e, WorkbenchError) else repr(e)).split()))
        self._say(text, 15_000)
        self.failed.emit(text)

    def _say(self, text: str, ms: int = 0) -> None:
        self.window.statusBar().showMessage(text, ms)
