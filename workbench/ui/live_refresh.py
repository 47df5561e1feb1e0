"""Changes made by another process (the CLI, a sync, a second window) show in the open window.

Every ~2 s, and whenever the window is activated, a pool job asks the workspace for its
`data_version()` (SQLite's PRAGMA data_version on a connection of its own: ~15 µs here, but
a read transaction, so it stays off the UI thread like every other disk read). When it has
moved, the same job reads the open review's state (`load_snapshot`, ~1 ms, on the same
connection: a deferred read that never takes the write lock the window's own writes need), and
back on the UI thread the review session takes what differs, leaving alone the score or note the
user is editing (a change under it shows once the field is left); the status bar says so. The
same job reads the open school's signed state (a sheet signed by `workbench sheet export` or
`print --sign-with` in a terminal), which the score bar shows. The school list reloads (its 状态
column too) when it is the page on screen; `moved` tells other views (the panel view) to look again.
The end of a sync round or a bundle import of this window starts a look at once. Nothing is probed while the window's own
package or photo import runs (those refresh themselves when they end).

The window's own writes move the version too (they go through other connections of the
engine's pool): their snapshot equals the session's cache and changes nothing. A snapshot
read while the window wrote (the session's `write_gen` moved) is dropped and read again.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from workbench.signing.state import SIGNED, signed_state
from workbench.ui.review.session import load_snapshot
from workbench.ui.signed_badge import notify_signed

INTERVAL_MS = 2000


def _probe(ws, last: int | None, code: str | None, reviewer_id: int | None):  # noqa: ANN001, ANN202
    """On a pool thread: the data version, and the review's state and signed state if it moved."""
    version = ws.data_version()
    if version == last or last is None or code is None or reviewer_id is None:
        return version, None, None
    return version, load_snapshot(ws, code, reviewer_id), signed_state(ws, code, reviewer_id)


class LiveRefresh(QObject):
    #: changes made elsewhere were taken into the window (for tests and the status bar)
    refreshed = Signal()
    #: the workspace changed (another process, a sync round, a bundle): views that read it look again
    moved = Signal()

    def __init__(self, window, interval_ms: int = INTERVAL_MS) -> None:  # noqa: ANN001 - MainWindow
        super().__init__(window)
        self.window = window
        self.version: int | None = None
        self._busy = False
        self._again = False  # asked to look while a look was running: look once more after it
        self._strips: set = set()  # photo strips whose own changes are watched
        self._own_photos = False  # the strip changed the photos itself since the last look
        self._hooked: set[int] = set()  # ids of the sync controller / bundle drop already followed
        self.timer = QTimer(self, interval=interval_ms, timeout=self.check)
        window.installEventFilter(self)
        self.timer.start()
        self.check()  # the baseline

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if obj is self.window and event.type() == QEvent.Type.WindowActivate:
            self.check()
        return super().eventFilter(obj, event)

    def stop(self) -> None:
        self.timer.stop()

    def _session(self):  # noqa: ANN202 - ReviewSession | None
        review = self.window.review
        return review.session if review is not None else None

    def _follow_sources(self) -> None:
        """A sync round or a bundle import of this window: look at once, not at the next tick
        (both attach after start-up, so they are looked for here)."""
        sync = getattr(self.window, "sync", None)
        for source, signal in ((sync.controller if sync is not None else None, "roundFinished"),
                               (getattr(self.window, "bundle_drop", None), "imported")):
            if source is not None and id(source) not in self._hooked:
                self._hooked.add(id(source))
                getattr(source, signal).connect(self._soon)

    def _soon(self, *_: object) -> None:
        QTimer.singleShot(0, self, self.check)

    def check(self) -> None:
        w = self.window
        if self._busy:
            self._again = True
            return
        if w.closed or w.ws is None or w.runner is None:
            return
        self._follow_sources()
        if (w.importer is not None and w.importer.busy()) or \
                (w.review is not None and w.review.photos.import_task is not None):
            return  # the window's own import has the machine (and refreshes when it ends): later
        session = self._session()
        self._busy = True
        gen = session.write_gen if session is not None else 0
        w.runner.submit(_probe, w.ws, self.version, session.code if session else None,
                        session.reviewer.id if session else None,
                        on_done=lambda out: self._done(out, session, gen), on_error=self._failed)

    def _failed(self, _error: BaseException) -> None:
        self._busy = False  # a passing failure (a locked or vanished file): the next tick tries again
        self._again = False

    def _idle(self) -> None:
        self._busy = False
        if self._again:
            self._again = False
            self._soon()

    def _done(self, out, session, gen: int) -> None:  # noqa: ANN001
        self._idle()
        version, snap, signed = out
        w = self.window
        if w.closed or version == self.version:
            return
        if self.version is None:
            self.version = version
            return
        current = self._session()
        if current is not session or (session is not None and session.write_gen != gen):
            return  # read while the window wrote, or for a school no longer open: read again
        prev, self.version = self.version, version
        changed = False
        if session is not None and snap is not None:
            changed = session.apply_snapshot(snap, self._editing(session))
            if session.kept_back:
                self.version = prev  # a field being edited differs: look again once it is left
            changed = self._photos(session, snap.photos) or changed
            changed = self._signed(signed) or changed
            if changed:  # say so: values changing under the reviewer's eyes need a reason
                w.statusBar().showMessage(self.tr("Loaded changes made outside this window."), 6000)
        if w.schools is not None and w.pages.currentWidget() is w.schools:
            w.schools.refresh()  # for the reviewer it shows (no database read here)
            changed = True
        self.moved.emit()
        if changed:
            self.refreshed.emit()

    def _signed(self, state) -> bool:  # noqa: ANN001 - SignedState
        """Show a signed state that changed elsewhere (signed in a terminal, or by a sync)."""
        bar = self.window.review.score_bar
        if state is None or state == bar.signed:
            return False
        before = bar.signed
        bar.show_signed(state)
        if state.status == SIGNED and (before is None or before.revision != state.revision):
            # a new revision signed elsewhere is the same event as signing here: undo stops at it
            # (the review view), the school list reloads
            notify_signed(self.window.review.session.code)
        return True

    def _photos(self, session, key: tuple) -> bool:  # noqa: ANN001
        """Reload the photo strip when another process changed the school's photos. The strip
        reloads itself after its own imports, moves and removals (and during an import the
        core commits photo by photo: reloading then would only redo the strip's work)."""
        strip = self.window.review.photos
        if strip not in self._strips:
            self._strips.add(strip)
            strip.photosChanged.connect(lambda: setattr(self, "_own_photos", True))
        if strip.import_task is not None:
            return False
        if self._own_photos or session.photo_key is None:
            if not self._own_photos:  # the first look at this school: the strip read it on opening
                strip.reload()
            self._own_photos = False
            session.photo_key = key
            return False
        if session.photo_key == key:
            return False
        session.photo_key = key
        strip.reload()
        return True

    def _editing(self, session) -> frozenset[tuple[str, str]]:  # noqa: ANN001
        """(item, "note"|"score") of the fields the user is in: not overwritten under them."""
        keep: set[tuple[str, str]] = set()
        view = self.window.review
        if view.note_session is not None:
            keep.add((view.note_session[0], "note"))
        focus = QApplication.focusWidget()
        page = view.page()
        if page is not None and focus is not None:
            for iid, card in page.built.items():  # (cards: would build the rest of the page)
                if focus is card.note_stop or card.note_stop.isAncestorOf(focus):
                    keep.add((iid, "note"))
                elif focus is card.spin or card.spin.isAncestorOf(focus):
                    keep.add((iid, "score"))
        return frozenset(keep)
