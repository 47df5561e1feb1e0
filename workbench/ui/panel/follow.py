"""The panel view follows the workspace while it is open (issue 12).

After a sync round, a bundle import or any change the window's live refresh sees, it reads the
newest panel result again and takes it when it brings something new (co-signatures that came
back, a newer signed revision), keeping the selected item, a consensus edit or an opinion being
typed. The chair's own unsigned merge is never replaced by what the workspace holds. The
collected sheets are read again too: a revocation that arrived with the round shows at once.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from workbench.ui.panel import jobs

if TYPE_CHECKING:
    from workbench.ui.panel.view import PanelView


def key(state: jobs.PanelState) -> tuple:
    return state.panel_hash, frozenset(state.signed)


class LatestFollower(QObject):
    def __init__(self, view: PanelView) -> None:
        super().__init__(view)
        self.view = view
        self.latest_key: tuple | None = None  # the workspace's newest result, as last read
        self._reloading = self._again = False

    def reload(self, *_: Any) -> None:
        """Read the school's newest panel result and its collected sheets again."""
        if self._reloading:
            self._again = True  # one read at a time; one more after it
            return
        self._reloading = True
        v = self.view
        # not the view's _submit: the buttons and the editor stay enabled (a disabled editor loses the focus)
        v.runner.submit(jobs.latest, v.ws, v.code, on_done=self._reloaded, on_error=self._failed)
        v.runner.submit(jobs.collection, v.ws, v.code, on_done=v.show_collection, on_error=lambda _e: None)

    def _failed(self, _e: BaseException) -> None:
        self._reloading = False  # a passing failure (a locked file): the next change reads again

    def _reloaded(self, state: jobs.PanelState | None) -> None:
        self._reloading = False
        if self._again:
            self._again = False
            self.reload()
            return
        if state is None or self.view.busy or key(state) == self.latest_key:
            return  # nothing new; or the user's own job is about to show its result
        self.latest_key = key(state)
        cur = self.view.state
        if cur is not None:
            if cur.panel_hash == state.panel_hash and set(state.signed) <= set(cur.signed):
                return  # what is shown already has these signatures
            if cur.panel_hash != state.panel_hash and not cur.doc.get("signatures"):
                return  # the chair's unsigned merge in progress is not replaced
        self.take(state)

    def take(self, state: jobs.PanelState) -> None:
        """Show a state read from the workspace, keeping what the user is in the middle of."""
        v = self.view
        ed, cur = v.editor, v.state
        focus = QApplication.focusWidget()
        typed = None  # (item, value, reason, cursor) of a consensus edit not yet applied
        if ed.item_id is not None and cur is not None and editor_dirty(ed, cur):
            typed = (ed.item_id, ed.value.value(), ed.reason.toPlainText(), ed.reason.textCursor().position())
        opinion = v.opinion.toPlainText()
        opinion_typed = cur is not None and opinion.strip() != cur.doc["opinion"]
        v.show_loaded(state, self.tr("Loaded the newest panel result in this workspace (%1 signature(s)).")
                      .replace("%1", str(len(state.signed))))
        if opinion_typed:
            v.opinion.setPlainText(opinion)
        if typed is not None and ed.item_id == typed[0]:
            ed.value.setValue(typed[1])
            ed.reason.setPlainText(typed[2])
            cursor = ed.reason.textCursor()
            cursor.setPosition(min(typed[3], len(typed[2])))
            ed.reason.setTextCursor(cursor)
        v.update_buttons()
        if focus is not None and focus.isVisible() and focus.isEnabled():
            focus.setFocus()


def editor_dirty(ed: Any, cur: jobs.PanelState) -> bool:
    """Whether the consensus editor holds a value or reason the shown document does not."""
    rec = cur.doc["items"].get(ed.item_id or "")
    if rec is None:
        return False
    over = rec.get("override")
    start = Decimal(over["value"]) if over else ed._nearest(rec.get("computed"))
    return ed.reason.toPlainText() != (over["reason"] if over else "") or ed.value.value() != float(start)


def follow_window(view: PanelView, window: Any) -> None:
    """Read the newest result again when the main window's workspace changes: its live refresh
    (another process, and any commit of its own), each sync round, each bundle import."""
    live = getattr(window, "live", None)
    if live is not None:
        live.moved.connect(view.reload_latest)
    sync = getattr(window, "sync", None)
    if sync is not None:
        sync.controller.roundFinished.connect(view.reload_latest)
    drop = getattr(window, "bundle_drop", None)
    if drop is not None:
        drop.imported.connect(view.reload_latest)
