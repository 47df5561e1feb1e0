"""The main window: wires the parts together and holds no rules of its own.

Pages: the school list and the review view (one QStackedWidget). Menus: File, Edit (the
review view's undo stack through a QUndoGroup), View (schools page, language), Reviewer,
Help. Every action calls a core function or opens a part that does. The location (school,
indicator), the window geometry and the language are kept in the workspace settings, so
the next start returns to the same place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# No `Qt` namespace before the first paint: its first use builds ~100 enums (15-25 ms of a
# ~150 ms start). Hence setShortcuts(StandardKey) / listFromString below (setShortcut and
# QKeySequence(str) resolve overloads through it) and the stretch-centred label.
from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from workbench.errors import WorkbenchError
from workbench.ui.heap import freeze_long_lived
from workbench.ui.i18n import Translators, warn
from workbench.ui.prefs import UiPrefs
from workbench.ui.screen_fit import fit_to_screen
from workbench.ui.shell_util import centered, delete_on_close
from workbench.ui.undo_actions import UndoActions

if TYPE_CHECKING:  # the parts below load when first used, not before the first paint
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent

    from workbench.ui.reviewer_dialog import ReviewerDialog
    from workbench.ui.tasks import TaskRunner

KEY_GEOMETRY, KEY_STATE = "ui.geometry", "ui.window_state"
KEY_SCHOOL, KEY_INDICATOR, KEY_PAGE = "ui.last_school", "ui.last_indicator", "ui.page"
KEY_LANGUAGE = "language"
PREBUILD_DELAY_MS = 300  # after the school list's first paint
SYNC_DELAY_MS = 1500  # the Sync menu and status item (workbench.ui.sync) after that
SHOW_LATER_MS = 15  # longer than the event loop's 10 ms timers: they run between the two halves

class MainWindow(QMainWindow):
    """Built and painted before the workspace is open (see workbench.ui.app); `attach(ws)`
    then adds the pages that need it. Until then the window shows "Opening…"."""

    languageChanged = Signal(str)
    workspaceReady = Signal()

    def __init__(self, translators: Translators, prefs: UiPrefs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.ws = None
        self.closed = False
        self.runner: TaskRunner | None = None
        self.translators, self.prefs = translators, prefs
        self.lang = translators.lang or "zh_CN"
        self.review = None  # built when the first school opens (it needs a reviewer)
        self.schools = None
        self.importer = None
        self.sync = None  # workbench.ui.sync.install.SyncUi: the Sync menu and status item, after attach
        self.exports = None  # workbench.ui.export.actions.ExportActions, built on first use
        self.undo_group = QUndoGroup(self)
        self.pages = QStackedWidget()
        self.loading = QLabel()
        self.pages.addWidget(centered(self.loading))
        self.setCentralWidget(self.pages)
        self.identity_label = QLabel()
        self.statusBar().addPermanentWidget(self.identity_label)
        self._save_timer = QTimer(self, singleShot=True, interval=400)
        self._save_timer.timeout.connect(self.save_location)
        self._build_menus()
        self._enable(False)
        self.retranslate()
        self._restore_geometry(prefs.get(KEY_GEOMETRY), prefs.get(KEY_STATE))

    def attach(self, ws, runner: TaskRunner) -> None:
        """The workspace is open: add the school list and the import machinery."""
        from workbench.ui.import_dialog import ImportController  # imports the evidence core
        from workbench.ui.school_list import SchoolListPage

        self.ws, self.runner = ws, runner
        self.schools = SchoolListPage(ws, self.runner)
        self.pages.addWidget(self.schools)
        self.pages.setCurrentWidget(self.schools)
        self.importer = ImportController(ws, self.runner, self)
        self.importer.imported.connect(self._imported)
        self.schools.openRequested.connect(self.open_school)
        self.schools.importRequested.connect(self.import_package)
        self.schools.demoRequested.connect(self.import_demo)
        self.schools.loaded.connect(self._schools_loaded)
        self.setAcceptDrops(True)
        if self.prefs.get(KEY_GEOMETRY) is None and ws.get_setting(KEY_GEOMETRY):  # no cache yet
            self._restore_geometry(ws.get_setting(KEY_GEOMETRY), ws.get_setting(KEY_STATE))
        self._enable(True)
        self._show_identity()
        self.schools.refresh(self._reviewer_id())
        freeze_long_lived()  # start-up's objects (modules, ORM, widgets) live as long as the window
        # build the review view while the reviewer looks at the list, not when they open a school
        QTimer.singleShot(PREBUILD_DELAY_MS, self._prebuild_review)
        QTimer.singleShot(SYNC_DELAY_MS, self._attach_sync)  # after the first paint and start-up work
        from workbench.ui.live_refresh import LiveRefresh

        self.live = LiveRefresh(self)  # what the CLI or a sync changes shows here without reopening
        self.workspaceReady.emit()

    def _attach_sync(self) -> None:
        import importlib  # the sync modules load on a pool thread, then the menu is built here

        if self.importer is not None and self.importer.busy():  # an import has the machine: later
            QTimer.singleShot(SYNC_DELAY_MS, self._attach_sync)
        elif self.runner is not None and self.sync is None:
            self.runner.submit(importlib.import_module, "workbench.ui.sync.install", on_done=self._sync_loaded)

    def _sync_loaded(self, module) -> None:  # noqa: ANN001 - workbench.ui.sync.install
        from PySide6.QtWidgets import QMenu

        if self.sync is None and self.ws is not None and not self.closed:
            menu = QMenu(self)
            self.menuBar().insertMenu(self.help_menu.menuAction(), menu)
            self.sync = module.SyncUi(self, menu, self.ws)

    def _prebuild_review(self) -> None:
        if self.review is None and self.ws is not None and self.ws.local_reviewer() is not None:
            self._ensure_review()

    def _enable(self, on: bool) -> None:
        for a in (self.act_import, self.act_demo, self.act_print, self.act_panel, self.act_schools, self.act_review,
                  self.act_identity, self.act_signing, self.act_save_sheet, self.act_export_xlsx):
            a.setEnabled(on)

    # ---- menus -----------------------------------------------------------------------
    def _build_menus(self) -> None:
        mb = self.menuBar()
        self.file_menu, self.edit_menu = mb.addMenu(""), mb.addMenu("")
        self.view_menu, self.reviewer_menu, self.help_menu = mb.addMenu(""), mb.addMenu(""), mb.addMenu("")
        self.act_import = self.file_menu.addAction("", self.import_package)
        self.act_import.setShortcuts(QKeySequence.StandardKey.Open)
        self.act_demo = self.file_menu.addAction("", self.import_demo)
        self.act_print = self.file_menu.addAction("", self.print_form)
        self.act_save_sheet = self.file_menu.addAction("", self.save_sheet)
        self.act_save_sheet.setObjectName("actSaveSheet")
        self.act_export_xlsx = self.file_menu.addAction("", self.export_xlsx)
        self.act_export_xlsx.setObjectName("actExportXlsx")
        self.act_panel = self.file_menu.addAction("", self.open_panel)
        self.file_menu.addSeparator()
        self.act_quit = self.file_menu.addAction("", self.close)
        self.act_quit.setShortcuts(QKeySequence.StandardKey.Quit)
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.undo_actions = UndoActions(self.undo_group, self)  # texts follow the language switch
        self.act_undo, self.act_redo = self.undo_actions.undo, self.undo_actions.redo
        self.edit_menu.addActions([self.act_undo, self.act_redo])
        self.act_schools = self.view_menu.addAction("", self.show_schools)
        self.act_schools.setShortcuts(QKeySequence.listFromString("Ctrl+L"))
        self.act_review = self.view_menu.addAction("", self.show_review)
        self.act_review.setShortcuts(QKeySequence.listFromString("Ctrl+R"))
        self.view_menu.addSeparator()
        self.lang_menu = self.view_menu.addMenu("")
        group = QActionGroup(self)
        self.lang_actions: dict[str, QAction] = {}
        for code, label in (("zh_CN", "中文"), ("en", "English")):  # each in its own language, never translated
            act = self.lang_menu.addAction(label)
            act.setCheckable(True)
            act.setChecked(code == self.lang)
            act.setData(code)
            act.triggered.connect(lambda _=False, c=code: self.set_language(c))
            group.addAction(act)
            self.lang_actions[code] = act
        self.act_identity = self.reviewer_menu.addAction("", self.edit_identity)
        self.act_signing = self.reviewer_menu.addAction("", self.edit_signing_identity)
        self.act_about = self.help_menu.addAction("", self.about)
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)
        from workbench.ui.help.install import HelpMenu

        self.help_ui = HelpMenu(self)  # Help › User guide (F1), Keyboard shortcuts; the one-time tip

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Workbench — smart campus evaluation"))
        self.loading.setText(self.tr("Opening the workspace…"))
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.reviewer_menu.setTitle(self.tr("&Reviewer"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.act_import.setText(self.tr("&Import package…"))
        self.act_demo.setText(self.tr("Open &demo school"))
        self.act_print.setText(self.tr("&Print form…"))
        self.act_save_sheet.setText(self.tr("Save &signed score sheet…"))
        self.act_export_xlsx.setText(self.tr("&Export Excel…"))
        if self.exports is not None:
            self.exports.retranslate()
        self.act_panel.setText(self.tr("P&anel…"))
        self.act_quit.setText(self.tr("&Quit"))
        self.undo_actions.retranslate()
        self.act_schools.setText(self.tr("&School list"))
        self.act_review.setText(self.tr("&Review"))
        self.lang_menu.setTitle(self.tr("&Language"))
        self.act_identity.setText(self.tr("&Identity…"))
        self.act_signing.setText(self.tr("&Signing key and signature…"))
        self.act_about.setText(self.tr("&About Workbench"))
        if self.sync is not None:
            self.sync.retranslate()
        self._show_identity()

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802 - Qt override
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    # ---- reviewer ----------------------------------------------------------------------
    def _reviewer_id(self) -> int | None:
        r = self.ws.local_reviewer()
        return r.id if r is not None else None

    def _show_identity(self) -> None:
        if self.ws is None:
            self.identity_label.setText("")
            return
        r = self.ws.local_reviewer()
        if r is None:
            self.identity_label.setText(self.tr("No reviewer set"))
        else:
            role = self.tr("chair") if r.role == "chair" else self.tr("member")
            self.identity_label.setText(self.tr("Reviewer: %1 (%2, %3)").replace("%1", r.name)
                                        .replace("%2", r.org or "—").replace("%3", role))

    def edit_identity(self, first_run_: bool = False) -> ReviewerDialog:
        """Open the identity dialog (non-blocking); returns it so callers can chain on `finished`."""
        from workbench.ui.reviewer_dialog import ReviewerDialog

        dlg = ReviewerDialog(self.ws, self, first_run=first_run_)
        delete_on_close(dlg)
        dlg.accepted.connect(self._identity_saved)
        dlg.open()
        return dlg

    def edit_signing_identity(self) -> None:
        """The signing helper's dialog: key pair, certificate and signature image."""
        from workbench.ui.signing.identity_dialog import IdentityDialog

        dlg = IdentityDialog(self.ws, self)
        delete_on_close(dlg)
        dlg.accepted.connect(self._identity_saved)
        dlg.open()

    def _identity_saved(self) -> None:
        self._show_identity()
        self.schools.refresh(self._reviewer_id())
        if self.review is not None:
            self.review.reviewer = self.ws.local_reviewer()

    # ---- pages -------------------------------------------------------------------------
    def show_schools(self) -> None:
        self.pages.setCurrentWidget(self.schools)
        self.schools.refresh(self._reviewer_id())
        self._save_timer.start()

    def show_review(self) -> None:
        if self.review is not None and self.review.current()[0]:
            self.pages.setCurrentWidget(self.review)
            self._save_timer.start()
        else:
            code = self.schools.selected_code()
            if code:
                self.open_school(code)

    def _ensure_review(self) -> bool:
        """The review view, built once (it needs the reviewer); False if there is none yet."""
        if self.review is not None:
            return True
        reviewer = self.ws.local_reviewer()
        if reviewer is None:
            self.edit_identity(first_run_=True)
            return False
        from workbench.ui.review import ReviewView  # loads the review parts when first needed

        self.review = ReviewView(self.ws, reviewer, self.runner, self.lang)
        self.review.setObjectName("reviewView")
        self.pages.addWidget(self.review)
        self.undo_group.addStack(self.review.undo_stack)
        self.undo_group.setActiveStack(self.review.undo_stack)
        self.review.locationChanged.connect(lambda *_: self._save_timer.start())
        # next / previous / next unscored indicator, with the view's own shortcuts (undo and
        # redo are the Edit menu's, through the undo group)
        own = {self.review.undo_action, self.review.redo_action}
        self.view_menu.insertSeparator(self.lang_menu.menuAction())
        for a in self.review.review_actions():
            if a not in own:
                self.view_menu.insertAction(self.lang_menu.menuAction(), a)
        self.view_menu.insertSeparator(self.lang_menu.menuAction())
        return True

    def open_school(self, code: str, indicator: str | None = None, *, show_later: bool = False) -> bool:
        """Open `code` in the review view. `show_later`: build it now and show it after the event
        loop has turned once more (a timer, not a posted event), so building the first page and
        laying out and painting the view are two pauses, not one (used after an import)."""
        if not self._ensure_review():
            return False
        try:
            self.review.open_school(code, indicator)
        except WorkbenchError as e:
            self.statusBar().showMessage(e.message, 10000)
            return False
        if show_later:
            QTimer.singleShot(SHOW_LATER_MS, self, lambda: self._show_opened(code))
        else:
            self.pages.setCurrentWidget(self.review)
        self._save_timer.start()
        return True

    def _show_opened(self, code: str) -> None:
        if not self.closed and self.review is not None and self.review.current()[0] == code:
            self.pages.setCurrentWidget(self.review)

    def current_location(self) -> tuple[str | None, str | None, str]:
        page = "review" if self.review is not None and self.pages.currentWidget() is self.review else "schools"
        code, ind = self.review.current() if self.review is not None else (None, None)
        return code, ind, page

    def save_location(self) -> None:
        code, ind, page = self.current_location()
        try:
            self.ws.set_setting(KEY_PAGE, page)
            if code:
                self.ws.set_setting(KEY_SCHOOL, code)
                self.ws.set_setting(KEY_INDICATOR, ind or "")
        except WorkbenchError as e:  # a full disk must not close the window
            warn("could not save the location: %s", e)

    def restore_location(self) -> bool:
        """Reopen the school and indicator of the last session; False if there is none."""
        code = self.ws.get_setting(KEY_SCHOOL)
        if not code or self.ws.get_setting(KEY_PAGE, "review") != "review" or self.ws.local_reviewer() is None:
            return False
        if code not in {s.code for s in self.ws.list_schools()}:
            return False
        return self.open_school(code, self.ws.get_setting(KEY_INDICATOR) or None)

    def _schools_loaded(self, n: int) -> None:
        # The count is the least important line: a reload after a save or a sign must not
        # replace the message that says what was saved and where.
        if n >= 0 and not self.statusBar().currentMessage():
            self.statusBar().showMessage(self.tr("Schools: %1").replace("%1", str(n)), 5000)

    # ---- import --------------------------------------------------------------------------
    def import_package(self) -> None:
        from workbench.ui.import_dialog import choose_package_file

        path = choose_package_file(self, self.ws.get_setting("ui.import_dir", "") or "")
        if path is not None:
            self.ws.set_setting("ui.import_dir", str(path.parent))
            self.importer.start(path)

    def import_demo(self) -> None:
        from workbench.evidence import demo_package_path

        try:
            self.importer.start(demo_package_path())
        except WorkbenchError as e:
            QMessageBox.warning(self, self.tr("No demo school"), e.message + (f"\n\n{e.hint}" if e.hint else ""))

    def _imported(self, result) -> None:  # an ImportResult
        if result.created:
            msg = self.tr("Imported %1 (%2), package version %3.")
        else:
            msg = self.tr("%1 (%2) package version %3 was already imported.")
        self.statusBar().showMessage(msg.replace("%1", result.school_name).replace("%2", result.school_code)
                                     .replace("%3", str(result.version)), 10000)
        self.schools.refresh(self._reviewer_id())
        self.schools.select(result.school_code)
        self.open_school(result.school_code, show_later=True)

    def dragEnterEvent(self, e: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        from workbench.ui.import_dialog import package_paths
        from workbench.ui.sync.bundle_drop import bundle_paths

        if self.ws is not None and (package_paths(e.mimeData()) or bundle_paths(e.mimeData())):
            e.acceptProposedAction()
        else:
            super().dragEnterEvent(e)

    def dropEvent(self, e: QDropEvent) -> None:  # noqa: N802 - Qt override
        from workbench.ui.import_dialog import package_paths
        from workbench.ui.sync.bundle_drop import BundleDrop, bundle_paths

        bundles = bundle_paths(e.mimeData()) if self.ws is not None else []
        if bundles:  # a .wbsync: the sync bundle import (workbench/ui/sync/bundle_drop.py)
            e.acceptProposedAction()
            if getattr(self, "bundle_drop", None) is None:
                self.bundle_drop = BundleDrop(self, self.ws, self.runner)
            self.bundle_drop.start(bundles[0])  # one at a time: it says so itself
            return None
        paths = package_paths(e.mimeData())
        if not paths or self.ws is None:
            return super().dropEvent(e)
        e.acceptProposedAction()
        if not self.importer.start(paths[0]):
            self.statusBar().showMessage(self.tr("An import is already running."), 5000)
        elif len(paths) > 1:
            self.statusBar().showMessage(self.tr("One package at a time: importing %1.")
                                         .replace("%1", paths[0].name), 8000)

    # ---- other actions -------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        """Switch the UI language live and remember it for the next start."""
        if lang == self.lang:
            return
        self.lang = self.translators.install(lang)
        # Qt posts LanguageChange to each window; deliver it now so every widget re-translates before we return
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        self.prefs.update(**{KEY_LANGUAGE: self.lang})
        if self.ws is not None:
            self.ws.set_setting(KEY_LANGUAGE, self.lang)
        for code, act in self.lang_actions.items():
            act.setChecked(code == self.lang)
        if self.review is not None:
            self.review.set_language(self.lang)  # rubric texts (zh/en) are data, not Qt translations
        self.languageChanged.emit(self.lang)

    def print_form(self) -> None:
        code = self.current_location()[0] or self.schools.selected_code()
        reviewer = self.ws.local_reviewer()
        if code and reviewer is None:  # who signs is not set yet: the identity dialog, then the form
            from workbench.signing.identity import default_identity_dir
            from workbench.ui.signing.ensure_identity import has_identity, with_identity

            if not has_identity(default_identity_dir(self.ws.root)):
                with_identity(self, self.ws, self.print_form, on_created=self._identity_saved)
                return
        if not code or reviewer is None:
            self.statusBar().showMessage(self.tr("Open a school first."), 5000)
            return
        from workbench.ui.signing.print_dialog import (
            show_print_dialog,  # ReportLab loads on first use
        )

        show_print_dialog(self, self.ws, code, reviewer)

    def _export_actions(self):  # noqa: ANN202 - ExportActions (loaded on first use)
        if self.exports is None:
            from workbench.ui.export.actions import ExportActions

            self.exports = ExportActions(self, self.ws, self.runner)
            self.exports.identityCreated.connect(self._identity_saved)
        return self.exports

    def save_sheet(self) -> None:
        """File › Save signed score sheet: sign first when needed (workbench.ui.export.actions)."""
        code = self.current_location()[0] or self.schools.selected_code()
        if not code:
            self.statusBar().showMessage(self.tr("Open a school first."), 5000)
            return
        self._export_actions().save_sheet(code)

    def export_xlsx(self) -> None:
        """File › Export Excel: this school or every signed school, as `workbench export-xlsx`."""
        self._export_actions().export_xlsx(self.current_location()[0] or self.schools.selected_code())

    def open_panel(self) -> None:
        """The panel view (评估组合议) of the current or selected school."""
        code = self.current_location()[0] or self.schools.selected_code()
        if not code:
            self.statusBar().showMessage(self.tr("Open a school first."), 5000)
            return
        from workbench.ui.panel.view import show_panel_view

        self.panel_view = show_panel_view(self, self.ws, code, self.lang)

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About Workbench"),
                          self.tr("<b>Workbench (评估工作台)</b><p>Evidence, scoring, signing and printing "
                                  "for smart-campus evaluation panels. Works offline.</p>"
                                  "<p>Workspace: %1</p>").replace("%1", str(self.prefs.path.parent)))

    def first_run(self) -> None:
        """Ask for the reviewer and offer the demo school when they are missing."""
        from workbench.ui import first_run

        first_run.start(self)

    # ---- geometry and closing ------------------------------------------------------------
    def _restore_geometry(self, geo: str | None, state: str | None) -> None:
        if not geo or not self.restoreGeometry(QByteArray.fromBase64(geo.encode())):
            fit_to_screen(self, (1280, 800))
        else:
            fit_to_screen(self, self.size())  # a geometry saved on a bigger screen
        if state:
            self.restoreState(QByteArray.fromBase64(state.encode()))

    def closeEvent(self, e: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.closed = True
        self._save_timer.stop()
        geo = bytes(self.saveGeometry().toBase64()).decode()
        state = bytes(self.saveState().toBase64()).decode()
        self.prefs.update(**{KEY_GEOMETRY: geo, KEY_STATE: state})
        if self.ws is not None:
            if self.importer.busy():
                self.importer.cancel()
            try:
                self.ws.set_setting(KEY_GEOMETRY, geo)
                self.ws.set_setting(KEY_STATE, state)
            except WorkbenchError as err:
                warn("could not save the window geometry: %s", err)
            self.save_location()
        if self.sync is not None:
            self.sync.shutdown()
        if self.runner is not None:
            self.runner.cancel_all()
        super().closeEvent(e)
