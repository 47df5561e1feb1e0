"""File › 保存签名评分表… and File › 导出 Excel…: the window's side of `sheet export` and `export-xlsx`.

Each action is a short chain of steps; every step that reads the workspace, derives a key,
signs or writes runs on the TaskRunner, and the UI thread only asks (identity, file name,
passphrase) and reports. The core functions are the CLI's own:
`workbench.signing.workspace_sheets.save_sheet` and `workbench.printing.xlsx_export`.
A running job shows in the status bar with a 取消 button; errors come through error_text.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QWidget,
)

from workbench.errors import Cancelled
from workbench.ui.error_text import error_text
from workbench.ui.export.confirm import confirm_saved
from workbench.ui.signing.ensure_identity import with_identity
from workbench.ui.tasks import Task, TaskRunner

KEY_EXPORT_DIR = "ui.export_dir"
THIS_SCHOOL, ALL_SCHOOLS = "school", "all"


# ---- worker jobs (no widgets touched) -------------------------------------------------------
def status_job(ws: Any, code: str, reviewer_id: int) -> Any:
    from workbench.signing.workspace_sheets import sheet_status

    return sheet_status(ws, code, reviewer_id)


def save_job(ws: Any, code: str, path: Path, passphrase: str | None, allow_incomplete: bool) -> Any:
    from workbench.signing.workspace_sheets import save_sheet

    return save_sheet(ws, code, path, passphrase, allow_incomplete=allow_incomplete)


def sign_job(ws: Any, code: str, passphrase: str, allow_incomplete: bool) -> dict:
    from workbench.signing.workspace_sheets import sign_from_workspace

    return sign_from_workspace(ws, code, passphrase, allow_incomplete=allow_incomplete)


def xlsx_job(ws: Any, reviewer_id: int, path: Path, codes: list[str] | None, extra: list[tuple[str, bytes]],
             cancel: Callable[[], bool] | None = None) -> Any:
    from workbench.printing.xlsx_export import export_workspace

    return export_workspace(ws, reviewer_id, path, codes=codes, extra=extra, cancel=cancel)


class ExportActions(QObject):
    """The save/export flows of one main window. `finishedSaving(path)` after each file made;
    `identityCreated` when a flow had to create the signing identity first."""

    finishedSaving = Signal(str)
    identityCreated = Signal()

    def __init__(self, window: QMainWindow, ws: Any, runner: TaskRunner | None = None) -> None:
        super().__init__(window)
        self.window, self.ws = window, ws
        self.runner = runner or TaskRunner(self, max_threads=1)
        self.task: Task | None = None
        self.notice = None  # the last confirmation box
        self.busy_widget = QWidget()
        self.busy_label, self.cancel_button = QLabel(), QPushButton()
        self.cancel_button.setObjectName("exportCancelButton")
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout(self.busy_widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.busy_label)
        row.addWidget(self.cancel_button)
        self.busy_widget.hide()
        window.statusBar().addPermanentWidget(self.busy_widget)
        self.retranslate()

    def retranslate(self) -> None:
        self.cancel_button.setText(self.tr("Cancel"))

    # ---- shared steps -------------------------------------------------------------------
    def busy(self) -> bool:
        return self.task is not None

    def _refuse_if_busy(self) -> bool:
        if self.task is not None:
            self.window.statusBar().showMessage(self.tr("A save or export is running; wait for it or cancel it."),
                                                8000)
        return self.task is not None

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.busy_label.setText(self.tr("Cancelling…"))

    def _run(self, label: str, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None],
             **kwargs: Any) -> None:
        self.busy_label.setText(label)
        # 取消 only where the job stops on it (the Excel export); a signature is never half-made
        self.cancel_button.setVisible("cancel" in inspect.signature(fn).parameters)
        self.busy_widget.show()

        def done(value: Any) -> None:
            self._idle()
            on_done(value)

        self.task = self.runner.submit(fn, *args, on_done=done, on_error=self._failed, **kwargs)

    def _idle(self) -> None:
        self.task = None
        self.busy_widget.hide()

    def _failed(self, e: BaseException) -> None:
        self._idle()
        if isinstance(e, Cancelled):
            self.window.statusBar().showMessage(self.tr("Cancelled; nothing was saved."), 8000)
            return
        if getattr(e, "code", "") == "nothing_to_export":  # workbench.printing.xlsx_export.NOTHING_TO_EXPORT
            text = self.tr("There are no signed score sheets to export yet. Sign a school's scores first "
                           "(File › Save signed score sheet…).")
        else:
            text = error_text(e)
        QMessageBox.warning(self.window, self.tr("Cannot save"), text)

    def _reviewer(self, retry: Callable[[], None]) -> Any:
        """This laptop's reviewer; when there is none, the identity dialog (which records it)
        opens and `retry` runs after it."""
        me = self.ws.local_reviewer()
        if me is None:
            from workbench.signing.identity import default_identity_dir
            from workbench.ui.signing.ensure_identity import has_identity

            if has_identity(default_identity_dir(self.ws.root)):  # a key but no reviewer: the Reviewer menu
                self.window.statusBar().showMessage(self.tr("Set the reviewer first (Reviewer › Identity…)."), 8000)
            else:
                with_identity(self.window, self.ws, retry, on_created=self.identityCreated.emit)
        return me

    def _ask_path(self, title: str, name: str, filter_: str) -> Path | None:
        start = Path(self.ws.get_setting(KEY_EXPORT_DIR, "") or Path.home())
        path, _ = QFileDialog.getSaveFileName(self.window, title, str(start / name), filter_)
        if not path:
            return None
        self.ws.set_setting(KEY_EXPORT_DIR, str(Path(path).parent))
        return Path(path)

    def _ask_passphrase(self, status: Any) -> tuple[str, bool] | None:
        """(passphrase, allow_incomplete), or None when the reviewer stops."""
        allow = False
        if status.unscored:
            answer = QMessageBox.question(
                self.window, self.tr("Incomplete scores"),
                self.tr("%n item(s) are not scored. Sign a provisional sheet anyway? It is marked as not final.",
                        "", status.unscored))
            if answer != QMessageBox.StandardButton.Yes:
                return None
            allow = True
        phrase, ok = QInputDialog.getText(self.window, self.tr("Sign the score sheet"),
                                          self.tr("Passphrase of your signing key (revision %1):")
                                          .replace("%1", str(status.revision)), QLineEdit.EchoMode.Password)
        if not ok or not phrase:
            return None
        return phrase, allow

    def _then_signed(self, code: str, me: Any, then: Callable[[Any, str | None, bool], None]) -> None:
        """Find whether the school's sheet is signed and unchanged; if not, make sure there is an
        identity and ask for the passphrase. `then(status, passphrase or None, allow_incomplete)`."""
        def with_status(status: Any) -> None:
            if status.signed is not None:
                then(status, None, False)
                return
            with_identity(self.window, self.ws, lambda: ask(status), on_created=self.identityCreated.emit)

        def ask(status: Any) -> None:  # a revoked certificate is refused before anything is asked
            from workbench.signing.identity import default_identity_dir
            from workbench.ui.signing import revocation as rv

            def checked(revoked: rv.Revoked | None) -> None:
                if revoked is not None:
                    self._failed(revoked.error)
                    return
                answer = self._ask_passphrase(status)
                if answer is not None:
                    then(status, *answer)

            self._run(rv.checking(), rv.revocation, self.ws, default_identity_dir(self.ws.root), on_done=checked)

        self._run(self.tr("Reading the scores…"), status_job, self.ws, code, me.id, on_done=with_status)

    # ---- File › 保存签名评分表… --------------------------------------------------------------
    def save_sheet(self, code: str, path: str | Path | None = None) -> None:
        """Save the school's signed sheet file; sign first (a new revision) if it is not signed
        or was changed since. `path` skips the file dialog (tests, scripts)."""
        me = self._reviewer(lambda: self.save_sheet(code, path))
        if me is None or self._refuse_if_busy():
            return

        def write(status: Any, phrase: str | None, allow: bool) -> None:
            target = Path(path) if path else self._ask_path(
                self.tr("Save signed score sheet"), f"{code}-评分表-第{status.revision}版.json",
                self.tr("Signed score sheets (*.json)"))
            if target is None:
                return
            label = self.tr("Signing and saving…") if phrase else self.tr("Saving…")
            self._run(label, save_job, self.ws, code, target, phrase, allow, on_done=self._sheet_saved)

        self._then_signed(code, me, write)

    def _sheet_saved(self, saved: Any) -> None:
        s = saved.sheet
        detail = self.tr("Revision %1, total %2%3.").replace("%1", str(s["revision"])) \
            .replace("%2", s["result"]["total"]).replace("%3", self.tr(" (provisional)") if s["provisional"] else "")
        if saved.newly_signed:
            detail = self.tr("Signed now. ") + detail
        self.notice = confirm_saved(self.window, saved.path, self.tr("Signed score sheet"), detail)
        self.finishedSaving.emit(str(saved.path))

    # ---- File › 导出 Excel… ----------------------------------------------------------------
    def ask_scope(self, code: str | None) -> str | None:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Export Excel"),
                          self.tr("Export which signed score sheets to Excel?"), parent=self.window)
        school = box.addButton(self.tr("This school (%1)").replace("%1", code), QMessageBox.ButtonRole.AcceptRole) \
            if code else None
        every = box.addButton(self.tr("All signed schools"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return THIS_SCHOOL if clicked is school and school is not None else ALL_SCHOOLS if clicked is every else None

    def export_xlsx(self, code: str | None, scope: str | None = None, path: str | Path | None = None) -> None:
        """This school's signed sheet (signed first if it is not) or every signed school's."""
        me = self._reviewer(lambda: self.export_xlsx(code, scope, path))
        if me is None or self._refuse_if_busy():
            return
        scope = scope or self.ask_scope(code)
        if scope is None:
            return

        def target(name: str) -> Path | None:
            return Path(path) if path else self._ask_path(self.tr("Export Excel"), name,
                                                          self.tr("Excel workbooks (*.xlsx)"))

        if scope == ALL_SCHOOLS:
            out = target("评估结果汇总.xlsx")
            if out is not None:
                self._run(self.tr("Exporting to Excel…"), xlsx_job, self.ws, me.id, out, None, [],
                          on_done=self._xlsx_saved)
            return

        def export(status: Any, phrase: str | None, allow: bool) -> None:
            out = target(f"{code}-评估结果.xlsx")
            if out is None:
                return
            if phrase is None:
                self._run(self.tr("Exporting to Excel…"), xlsx_job, self.ws, me.id, out, [code], [],
                          on_done=self._xlsx_saved)
                return

            def signed(sheet: dict) -> None:  # a provisional sheet is not kept by the workspace: pass it
                from workbench.signing.sheet import sheet_file_bytes

                self._run(self.tr("Exporting to Excel…"), xlsx_job, self.ws, me.id, out, [code],
                          [(code, sheet_file_bytes(sheet))], on_done=self._xlsx_saved)

            self._run(self.tr("Signing…"), sign_job, self.ws, code, phrase, allow, on_done=signed)

        self._then_signed(code, me, export)

    def _xlsx_saved(self, done: Any) -> None:
        detail = self.tr("%1 score sheet(s) of %2 school(s).").replace("%1", str(done.sheets)) \
            .replace("%2", str(done.schools))
        self.notice = confirm_saved(self.window, done.path, self.tr("Excel workbook"), detail)
        self.finishedSaving.emit(str(done.path))
