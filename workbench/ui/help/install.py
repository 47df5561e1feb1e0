"""Help › User guide (F1) and Help › Keyboard shortcuts, put before About in the window's Help
menu, and the one-time shortcuts tip. The window calls `HelpMenu(window)` once; the parts
load when first used."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QKeySequence

PREF_TIP = "help.shortcuts_tip"  # in the ui prefs: the tip was shown
TIP_DELAY_MS = 1500


class HelpMenu(QObject):
    def __init__(self, window) -> None:  # noqa: ANN001 - MainWindow
        super().__init__(window)
        self.window = window
        self.guide = None  # GuideWindow, one at a time
        self.shortcuts = None
        self.tip = None
        menu = window.help_menu
        self.act_guide = menu.addAction("", self.show_guide)
        self.act_guide.setShortcuts(QKeySequence.StandardKey.HelpContents)
        self.act_shortcuts = menu.addAction("", self.show_shortcuts)
        menu.insertAction(window.act_about, self.act_guide)
        menu.insertAction(window.act_about, self.act_shortcuts)
        menu.insertSeparator(window.act_about)
        window.installEventFilter(self)
        window.pages.currentChanged.connect(self._page_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.act_guide.setText(self.tr("&User guide"))
        self.act_shortcuts.setText(self.tr("&Keyboard shortcuts"))

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:  # noqa: N802 - Qt's name
        if obj is self.window and e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if self.guide is not None:
                self.guide.set_language(self.window.lang)
        return super().eventFilter(obj, e)

    def data_folder(self):  # noqa: ANN201 - Path
        w = self.window
        return w.ws.root if w.ws is not None else w.prefs.path.parent

    def show_guide(self):  # noqa: ANN201 - GuideWindow
        from workbench.ui.help.guide_window import GuideWindow

        if self.guide is None:
            self.guide = GuideWindow(self.window.lang, self.data_folder(), self.window)
            self.guide.destroyed.connect(lambda: setattr(self, "guide", None))
        self.guide.show()
        self.guide.raise_()
        self.guide.activateWindow()
        return self.guide

    def show_shortcuts(self):  # noqa: ANN201 - ShortcutsDialog
        from workbench.ui.help.shortcuts import ShortcutsDialog
        from workbench.ui.shell_util import delete_on_close

        dlg = ShortcutsDialog(self.window)
        delete_on_close(dlg)
        self.shortcuts = dlg
        dlg.open()
        return dlg

    # ---- the one-time tip ------------------------------------------------------------
    def _page_changed(self, _index: int) -> None:
        w = self.window
        if w.review is not None and w.pages.currentWidget() is w.review and not w.prefs.get(PREF_TIP):
            # after the school's first paint and its first pages: a new widget shown in the same
            # turn as the review view's first paint lengthened that (already long) pause
            QTimer.singleShot(TIP_DELAY_MS, self.show_tip)

    def show_tip(self):  # noqa: ANN201 - ShortcutsTip | None
        from workbench.ui.help.tip import ShortcutsTip

        w = self.window
        if w.closed or w.prefs.get(PREF_TIP) or self.tip is not None:
            return None
        # once, even if the program is killed while it shows: known at once, written (with its
        # fsync) off the UI thread
        w.prefs.data[PREF_TIP] = "shown"
        w.runner.submit(_remember_tip_shown, w.prefs)
        self.tip = ShortcutsTip(w)
        self.tip.allRequested.connect(self.show_shortcuts)
        self.tip.destroyed.connect(lambda: setattr(self, "tip", None))
        self.tip.show()
        return self.tip


def _remember_tip_shown(prefs) -> None:  # noqa: ANN001 - workbench.ui.prefs.UiPrefs
    prefs.update(**{PREF_TIP: "shown"})
