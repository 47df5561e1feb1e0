"""Start the window: `workbench` with no sub-command (see workbench.entry).

    run_gui(args)  # args: argv list, or a namespace with .workspace and .lang

The language is --lang, else the one chosen last time (View › Language), else Chinese.
`start()` builds everything up to a shown window without entering the event loop, so the
startup benchmark and the tests can drive it.
"""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from workbench.errors import WorkbenchError
from workbench.ui.app_font import prefer_unshaped_text
from workbench.ui.i18n import Translators, normalize_lang, readable_system_locale, warn
from workbench.ui.prefs import UiPrefs, workspace_root

EARLY_WAIT_MS = 300  # the workspace opens after this even if the early list is still being read
# Imported by attach and the review view it builds at idle: the import controller loads the
# evidence core (openpyxl, numpy: ~0.3 s), the review view the signing core.
ATTACH_MODULES = ("workbench.ui.school_list", "workbench.ui.import_dialog", "workbench.ui.review.view")

if TYPE_CHECKING:
    import argparse

    from workbench.store.school_index import IndexedSchool
    from workbench.ui.school_list_early import EarlySchoolList
    from workbench.ui.tasks import TaskRunner


class Running:
    """What `start` built; `close()` shuts it down in order. `runner` exists once the
    window has painted (it opens the workspace)."""

    def __init__(self, app: QApplication, window: Any, translators: Translators) -> None:
        self.app, self.window, self.translators = app, window, translators
        self.runner: TaskRunner | None = None
        self.error: BaseException | None = None  # why the workspace could not be opened
        # the school list read with sqlite3 while the store loads, until the full page has its rows
        self.early: EarlySchoolList | None = None
        self.open_when_ready: str | None = None  # a school chosen in the early list

    @property
    def ws(self):
        return self.window.ws

    def close(self) -> None:
        """Close the window, let running jobs stop, release the workspace and translators."""
        self.window.close()
        if self.runner is not None:
            self.runner.cancel_all()
            self.runner.wait(10_000)
        QCoreApplication.sendPostedEvents()  # deliver the jobs' last signals before teardown
        self.translators.remove()
        if self.window.ws is not None:
            self.window.ws.close()


def parse_args(args: Sequence[str] | argparse.Namespace | None) -> argparse.Namespace:
    import argparse

    if isinstance(args, argparse.Namespace):
        return args
    if args is not None and not isinstance(args, (list, tuple)):
        return argparse.Namespace(workspace=getattr(args, "workspace", None), lang=getattr(args, "lang", None))
    ap = argparse.ArgumentParser(prog="workbench", description="The Workbench window.")
    ap.add_argument("--workspace", default=None, help="workspace folder (default: $WORKBENCH_HOME or the user data dir)")
    ap.add_argument("--lang", default=None, choices=["zh_CN", "en"], help="UI language (default: zh_CN)")
    return ap.parse_args(list(args or []))


def make_app() -> QApplication:
    readable_system_locale()  # before Qt reads the system locale
    app = QApplication.instance() or QApplication(sys.argv[:1])
    prefer_unshaped_text(app)  # app_font.py: Chinese drawn the same, measured and drawn faster
    QCoreApplication.setOrganizationName("workbench")
    QCoreApplication.setApplicationName("Workbench")
    QGuiApplication.setApplicationDisplayName("评估工作台 Workbench")
    return app  # type: ignore[return-value]


def open_workspace(root: Path):
    """On a worker thread: import the store (SQLAlchemy, Alembic) and open the workspace, then
    import what `MainWindow.attach` builds from (ATTACH_MODULES), so that the UI thread, which
    shows the early school list meanwhile, does not stall on those imports."""
    from workbench.store import Workspace

    ws = Workspace.open(root)
    for name in ATTACH_MODULES:
        try:
            importlib.import_module(name)  # defines classes only: no Qt object is made off the UI thread
        except Exception:  # noqa: BLE001 - attach imports it again and reports the failure there
            break
    return ws


class EarlyRead(threading.Thread):
    """The school list from workspace.db with sqlite3 alone (milliseconds), read on its own
    thread while the window paints (with the early list's module, which creates no Qt object
    when imported). Started after the window is built: earlier, its imports competed with the
    window's for the GIL and delayed the first paint (measured: +16 % on a busy machine)."""

    def __init__(self, root: Path) -> None:
        super().__init__(name="early-school-list", daemon=True)
        self.root = root
        self.rows: list[IndexedSchool] | None = None
        self.start()

    def run(self) -> None:
        try:
            from workbench.store.school_index import read_school_index

            self.rows = read_school_index(self.root)
            if self.rows:  # imported here, used on the UI thread (the UI thread imports it if this fails)
                import workbench.ui.school_list_early  # noqa: F401
        except Exception as e:  # noqa: BLE001 - only a preview: the workspace's own open reports problems
            warn("early school list: %s", e)


def show_early_list(running: Running, rows: list[IndexedSchool] | None) -> EarlySchoolList | None:
    """Show the early school list, unless the workspace won the race or there is nothing to list."""
    window = running.window
    if not rows or window.closed or window.ws is not None:
        return None
    from workbench.ui.school_list_early import EarlySchoolList

    running.early = page = EarlySchoolList(rows)
    page.openRequested.connect(lambda code: setattr(running, "open_when_ready", code))
    window.pages.addWidget(page)
    window.pages.setCurrentWidget(page)
    return page


def hand_over_early_list(running: Running) -> None:
    """The workspace is attached and the full school page shown: until that page has loaded its
    rows, it shows the early table in its place (no empty table between); then the early list
    goes, the same school stays selected, and a school chosen meanwhile is opened."""
    window, page = running.window, running.early
    if page is None:
        return
    running.early = None
    schools, table = window.schools, page.table
    window.pages.removeWidget(page)
    schools.stack.addWidget(table)  # the full page's own stack: it shows its table once loaded
    schools.stack.setCurrentWidget(table)

    def loaded(_n: int) -> None:
        schools.loaded.disconnect(loaded)
        code = page.selected_code()
        schools.stack.removeWidget(table)
        page.deleteLater()  # with its model; the table is deleted on its own
        table.deleteLater()
        if code and window.pages.currentWidget() is schools:
            schools.select(code)
        if running.open_when_ready and not window.closed:
            window.open_school(running.open_when_ready)

    schools.loaded.connect(loaded)


def start(args: Sequence[str] | argparse.Namespace | None = None, *, first_run: bool = True) -> Running:
    """Show the main window at once, then open the workspace off the UI thread.

    The window paints in the remembered language and size (UiPrefs); right after, the early
    school list (read with sqlite3 while the window painted) is shown, and once it has painted
    the store is imported and opened on a TaskRunner thread; `MainWindow.attach` then fills
    the window, and with `first_run` the identity question, the demo offer or the last place
    follow.
    """
    ns = parse_args(args)
    root = workspace_root(ns.workspace)

    from workbench.ui.main_window import KEY_LANGUAGE, MainWindow

    app = make_app()
    prefs = UiPrefs(root)
    translators = Translators(app)
    translators.install(normalize_lang(ns.lang or prefs.get(KEY_LANGUAGE)))
    window = MainWindow(translators, prefs)
    running = Running(app, window, translators)

    def opened(ws) -> None:
        if window.closed:  # closed while the workspace was opening
            ws.close()
            return
        stored = ws.get_setting(KEY_LANGUAGE)
        if not ns.lang and stored and normalize_lang(stored) != translators.lang:
            window.set_language(normalize_lang(stored))  # the cache was missing or stale
        window.attach(ws, running.runner)
        hand_over_early_list(running)
        if first_run:
            window.first_run()

    def failed(e: BaseException) -> None:
        running.error = e
        message = e.message + (f"\n\n{e.hint}" if e.hint else "") if isinstance(e, WorkbenchError) else repr(e)
        print(f"error: {e}", file=sys.stderr)
        QMessageBox.critical(window, "Workbench", message)
        window.close()
        app.exit(getattr(e, "exit_code", 1))

    opening: list[bool] = []

    def open_now() -> None:  # once: after the early list has painted, or when there is none
        if not opening:  # (a window closed meanwhile: `opened` releases the workspace)
            opening.append(True)
            running.runner.submit(open_workspace, root, on_done=opened, on_error=failed)

    def early_read(_: object = None) -> None:
        page = show_early_list(running, early.rows)
        if page is not None:
            after_first_paint(page, open_now)  # the store's import would compete for the GIL
            QTimer.singleShot(EARLY_WAIT_MS, open_now)  # in case the page is never painted
        else:
            open_now()

    def painted() -> None:
        from workbench.ui.tasks import TaskRunner

        running.runner = TaskRunner(app)
        if early.is_alive():  # a slow disk: wait on a worker, and do not hold up the workspace
            running.runner.submit(early.join, on_done=early_read, on_error=early_read)
            QTimer.singleShot(EARLY_WAIT_MS, open_now)
        else:
            early_read()

    early = EarlyRead(root)  # while the window is painted
    window.show()
    after_first_paint(window, painted)
    return running


def run_gui(args: Sequence[str] | argparse.Namespace | None = None) -> int:
    """Open the window on the local workspace and run until it is closed; the exit code."""
    running = start(args)
    try:
        code = running.app.exec()
    finally:
        running.close()
    if running.error is not None and code == 0:
        code = getattr(running.error, "exit_code", 1)
    return code


def main() -> int:
    return run_gui(sys.argv[1:])


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, fn: Callable[[], None]) -> None:
        super().__init__(widget)
        self.fn = fn
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self.fn)  # once this paint has finished
            self.deleteLater()
        return False


def after_first_paint(widget: QWidget, fn: Callable[[], None]) -> None:
    """Call `fn` from the event loop right after `widget` is first painted, so the user
    sees the window at once (used by start-up and by bench/bench_startup.py)."""
    _FirstPaint(widget, fn)


if __name__ == "__main__":
    raise SystemExit(main())
