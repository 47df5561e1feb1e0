"""The review view: navigator, indicator page, evidence, photos and the score bar, wired.

This module only wires parts together. Score and note edits become QUndoCommands (whose
redo is the save); checks, methods, photos and the incident are saved directly. The last
school and indicator are kept in the workspace settings so a reopened view returns there.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

import shiboken6
from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QPixmap, QRegion, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import WorkbenchError
from workbench.rubric.loader import bundled_rubrics
from workbench.rubric.model import Rubric
from workbench.scoring.validate import validate_score
from workbench.ui.heap import freeze_long_lived, hold_collection, resume_collection
from workbench.ui.review.card_pool import CardPool
from workbench.ui.review.evidence_panel import EvidencePanel
from workbench.ui.review.glyph_warmer import GlyphWarmer, rubric_glyphs
from workbench.ui.review.indicator_page import IndicatorPage
from workbench.ui.review.navigator import Navigator
from workbench.ui.review.page_ahead import PageAhead
from workbench.ui.review.page_host import PageHost
from workbench.ui.review.photo_strip import PhotoStrip
from workbench.ui.review.score_bar import ScoreBar
from workbench.ui.review.score_spin import ScoreSpinBox
from workbench.ui.review.session import ReviewSession
from workbench.ui.review.signed_guard import allows as signed_allows
from workbench.ui.review.style import warm_up
from workbench.ui.review.undo import SetIncident, SetNote, SetScore
from workbench.ui.signed_badge import signed_events

SETTING_SCHOOL = "review.school"
SETTING_INDICATOR = "review.indicator.{code}"
PAINT_BANDS = 3  # a page built ahead is laid out in one step, then painted in this many
SPARE = "+card"  # a step of PageAhead that makes a spare item card (card_pool.py)
SHELL = "+page"  # a step that makes a spare page: its scroll area and header, no indicator yet
SHELLS = 1  # spare pages kept: one per switch, made again in the turns after it
NOTE_PAUSE_MS = 2000  # a pause this long ends a note editing session (one audit entry, one undo step)
_note_sessions = itertools.count(1)


class ReviewView(QWidget):
    locationChanged = Signal(str, str)  # school code, indicator id

    def __init__(self, ws, reviewer, runner, lang: str = "zh_CN", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        warm_up()  # the view is built at idle: PySide's first-use costs land here, not in a school's opening
        self.ws, self.reviewer, self.runner, self.lang = ws, reviewer, runner, lang
        self.session: ReviewSession | None = None
        self.undo_stack = QUndoStack(self)
        signed_events().signed.connect(self._school_signed)  # issue 12: signing is an undo checkpoint
        self.pages: dict[str, tuple[QScrollArea, IndicatorPage]] = {}
        self._shells: list[tuple[QScrollArea, IndicatorPage]] = []  # spare pages, no indicator yet

        self._pending_location: tuple[str, str] | None = None
        self._location_timer = QTimer(self, singleShot=True, interval=400, timeout=self.save_location)
        # the school's other pages, built at idle so a first visit only shows a page; and the
        # rest of a page shown before it was whole, over the turns after the switch
        self.ahead = PageAhead(self._next_unbuilt, self._build_page_ahead, self, urgent=self._urgent)
        self.ahead.finished.connect(freeze_long_lived)  # the pages live until the next school
        self.glyphs = GlyphWarmer(self)  # the rubric's characters drawn at idle (glyph_warmer.py)
        # the bundled rubrics' characters from now (the view is built at idle, before a school
        # opens), loaded off the UI thread; a school's own rubric is added when it opens
        runner.submit(bundled_rubrics, on_done=self._warm_rubrics, on_error=lambda _e: None)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#ffebee; color:#b71c1c; padding:4px;")
        self.banner.hide()
        self._banner_timer = QTimer(self, singleShot=True, interval=10000, timeout=self.banner.hide)
        # the note being typed: (item id, editing session id), ended on focus-out or a pause
        self.note_session: tuple[str, str] | None = None
        self._note_timer = QTimer(self, singleShot=True, interval=NOTE_PAUSE_MS, timeout=self.end_note_session)
        self.body: QWidget | None = None
        self.lay = QVBoxLayout(self)
        self.lay.setContentsMargins(4, 4, 4, 4)
        self.lay.addWidget(self.banner)
        # Undo/redo carry no shortcut here: the window's Edit menu owns Ctrl+Z / Ctrl+Y (through
        # a QUndoGroup holding `undo_stack`); the same keys on two actions would cancel out.
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("Undo"))
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("Redo"))
        self._build()

    def _build(self) -> None:
        """Make the parts for self.lang (again, after a language switch)."""
        lang, ws, runner = self.lang, self.ws, self.runner
        body = QWidget(self)
        self.score_bar = ScoreBar(lang, body)
        self.score_bar.write_incident = self._set_incident  # through the undo stack
        self.navigator = Navigator(lang, body)
        self.page_stack = PageHost(body)  # not a QStackedWidget: see page_host.py
        self.empty = QLabel(self.tr("Choose a school to review"), body)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_stack.addWidget(self.empty)
        self.evidence = EvidencePanel(ws, runner, body)
        self.photos = PhotoStrip(ws, self.reviewer, runner, lang, body)

        upper = QSplitter(Qt.Orientation.Horizontal, body)
        upper.addWidget(self.page_stack)
        upper.addWidget(self.evidence)
        upper.setStretchFactor(0, 3)
        upper.setStretchFactor(1, 2)
        right = QSplitter(Qt.Orientation.Vertical, body)
        right.addWidget(upper)
        right.addWidget(self.photos)
        right.setStretchFactor(0, 1)
        right.setStretchFactor(1, 0)
        right.setCollapsible(1, False)
        main = QSplitter(Qt.Orientation.Horizontal, body)
        main.addWidget(self.navigator)
        main.addWidget(right)
        main.setStretchFactor(1, 1)
        self._splitters = (main, upper)
        self._sized = False
        lay = QVBoxLayout(body)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.score_bar)
        lay.addWidget(main, 1)
        for a in (self.navigator.next_action, self.navigator.previous_action,
                  self.navigator.next_unscored_action):
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(a)
        self.navigator.indicatorSelected.connect(self._show_indicator)
        for part in (self.score_bar, self.evidence, self.photos):
            part.errorOccurred.connect(self.show_error)
        self.photos.photosChanged.connect(self.score_bar.refresh_signed)  # photos are in the signed sheet
        self.pages = {}
        self._shells = []  # (the old ones go with the old body)
        if getattr(self, "spares", None) is not None:
            self.spares.clear()
        self.spares = CardPool(lang)  # cards made in quiet turns for pages not built yet
        if self.session is not None:
            self.spares.use_rules(self.session.rubric.rules)
        self._painted: set[str] = set()  # pages painted once (shown, or rendered ahead)
        self._bands: dict[str, int] = {}  # bands of a page painted ahead so far
        if self.body is not None:
            self.lay.removeWidget(self.body)
            self.body.deleteLater()
        self.body = body
        self.lay.insertWidget(1, body, 1)  # under the error banner

    def set_language(self, lang: str) -> None:
        """Rebuild the parts in another language; the session and the undo history stay."""
        if lang == self.lang:
            return
        self.commit_pending()
        self.save_location()
        code, ind = self.current()
        self.lang = lang
        self.undo_action.setText(self.tr("Undo"))
        self.redo_action.setText(self.tr("Redo"))
        self._build()
        if self.session is not None:
            self._warm_glyphs()
            self.navigator.set_session(self.session)
            self.score_bar.set_session(self.session)
            self.navigator.select(ind or self.session.rubric.indicators[0].id)

    # ---- public interface ------------------------------------------------------------
    def review_actions(self) -> list[QAction]:
        """Actions for the window's menus. The navigation ones carry their shortcuts (do not
        give the same keys to other actions); undo/redo have none (see __init__)."""
        return [self.undo_action, self.redo_action, self.navigator.previous_action,
                self.navigator.next_action, self.navigator.next_unscored_action]

    def current(self) -> tuple[str | None, str | None]:
        return (self.session.code if self.session else None, self.navigator.current())

    def open_school(self, code: str, indicator: str | None = None) -> None:
        """Show `code`, at `indicator` or where this reviewer last was for that school.

        Raises StoreError for an unknown school (the view is left as it was)."""
        self.commit_pending()
        self.save_location()
        session = ReviewSession(self.ws, self.reviewer, code, self)  # StoreError: the caller shows it
        self.undo_stack.clear()
        self._drop_pages()
        if self.session is not None:
            self.session.deleteLater()
        self.session = session
        session.changed.connect(self._on_changed)
        session.changed.connect(self.ahead.poke)  # an edit: the reviewer is busy, build later
        session.failed.connect(self._write_failed)
        session.revealRequested.connect(self.reveal)
        self.end_note_session()
        self.photos.forget_school()
        self.spares.use_rules(session.rubric.rules)
        self._warm_glyphs()
        self.navigator.set_session(session)
        self.score_bar.set_session(session)
        self.ws.set_setting(SETTING_SCHOOL, code)
        target = indicator or self.ws.get_setting(SETTING_INDICATOR.format(code=code))
        if not target or not session.rubric.has_indicator(target):
            target = session.rubric.indicators[0].id
        self.navigator.select(target)
        self.ahead.start_now()  # after the first page's paint (posted before the timer fires)
        freeze_long_lived()  # the school's pages and session live until the next school

    def _warm_glyphs(self) -> None:
        """Queue the school's rubric characters, in this language, for drawing at idle (a
        character drawn once, in a font, costs nothing the next time, for any school)."""
        self._warm_rubrics([self.session.rubric])

    def _warm_rubrics(self, rubrics: list[Rubric]) -> None:
        if not shiboken6.isValid(self):
            return  # (a view deleted before the rubrics were loaded)
        for rubric in rubrics:
            for texts, fonts in rubric_glyphs(rubric, self.lang):
                self.glyphs.add(texts, fonts)

    def restore_last(self) -> bool:
        """Open the school and indicator this workspace showed last; False if there is none."""
        code = self.ws.get_setting(SETTING_SCHOOL)
        if not code or code not in {s.code for s in self.ws.list_schools()}:
            return False
        try:
            self.open_school(code)
        except WorkbenchError as e:
            self.show_error(str(e))
            return False
        return True

    def page(self, indicator: str | None = None) -> IndicatorPage | None:
        """The page of an indicator (the current one by default), if it was built."""
        ind = indicator or self.navigator.current()
        return self.pages[ind][1] if ind in self.pages else None

    def commit_pending(self) -> None:
        """Commit a score typed but not yet confirmed (focus still in the spin box)."""
        w = QApplication.focusWidget()
        while w is not None and not isinstance(w, ScoreSpinBox):
            w = w.parentWidget()
        if isinstance(w, ScoreSpinBox):
            w.interpretText()

    def show_error(self, text: str) -> None:
        self.banner.setText("⚠ " + text)
        self.banner.show()
        self._banner_timer.start()

    # ---- pages -----------------------------------------------------------------------
    def _drop_pages(self) -> None:
        self.ahead.stop()
        self._painted.clear()
        self._bands.clear()
        for scroll, _page in self.pages.values():
            self.page_stack.removeWidget(scroll)
            scroll.deleteLater()
        self.pages.clear()
        for scroll, _page in self._shells:  # made for the school closing (its session)
            scroll.deleteLater()
        self._shells.clear()
        self.page_stack.setCurrentWidget(self.empty)

    def _build_page(self, ind: str, now: bool = True) -> IndicatorPage:
        """A page with all its cards, or (now=False) its header only: a spare page made in
        a quiet turn if there is one (its scroll area made, polished and sized already)."""
        scroll, page = self._shells.pop(0) if self._shells else self._new_shell()
        scroll.resize(self.page_stack.size())  # (the window may have changed since)
        page.resize(self.page_stack.size())  # sized: setWidget skips a size hint it would discard
        page.bind(self.session.rubric.indicator(ind), build_now=now)
        self.page_stack.addWidget(scroll)
        self.pages[ind] = (scroll, page)
        return page

    def _new_shell(self) -> tuple[QScrollArea, IndicatorPage]:
        """A page for no indicator yet, in its scroll area, ready to be bound."""
        s = self.session
        # Made where they will live (hidden until shown): a page made as a window of its own
        # and then moved into the scroll area would be reparented widget by widget.
        scroll = QScrollArea(self.page_stack)
        scroll.hide()
        scroll.setWidgetResizable(True)
        # Text wraps to the width; a scroll bar appears only below the page's minimum width
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # At the page area's size from the start: made at QScrollArea's default 100 x 30, its
        # first show would lay the page out for a 98-pixel viewport, decide it needs a scroll
        # bar, and lay it out again without one (all of the page's text wrapped twice).
        scroll.resize(self.page_stack.size())
        page = IndicatorPage(None, s, self.lang, scroll.viewport(), on_card=self._wire_card,
                             make_card=lambda item, parent: self.spares.take(item, s.rubric.rules, parent))
        page.resize(self.page_stack.size())
        page.completed.connect(lambda: scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded))
        scroll.setWidget(page)
        return scroll, page

    def _make_shell(self) -> None:
        """A spare page for the next switch to a page not built yet (a quiet turn's step)."""
        shell = self._new_shell()
        shell[0].ensurePolished()  # the style's look for the scroll area and header, here
        self._shells.append(shell)

    def _wire_card(self, card) -> None:
        card.scoreEdited.connect(self._score_edited)
        card.noteEdited.connect(self._note_edited)
        card.checkToggled.connect(self._check_toggled)
        card.methodsEdited.connect(self._methods_edited)
        card.noteLeft.connect(self.end_note_session)  # focus-out ends the note's editing session

    def _next_unbuilt(self) -> str | None:
        """The first indicator after the current one (wrapping) whose page is not complete."""
        if self.session is None:
            return None
        ids = [b.id for b in self.session.rubric.indicators]
        cur = self.navigator.current()
        start = ids.index(cur) + 1 if cur in ids else 0
        return next((ids[(start + k) % len(ids)] for k in range(len(ids))
                     if not self._complete(ids[(start + k) % len(ids)])), None)

    def _complete(self, ind: str) -> bool:
        return ind in self._painted and self.pages[ind][1].complete()

    def _urgent(self) -> str | None:
        """Work for the turns right after a switch, before any quiet moment: the rest of the
        page on screen, then the spare cards a next page not built yet will take."""
        if not self.isVisible():
            return None
        ind = self.navigator.current()
        if ind in self.pages and not self.pages[ind][1].complete():
            return ind
        if self.spares.short():
            return SPARE
        return SHELL if self.session is not None and len(self._shells) < SHELLS else None

    def _build_page_ahead(self, ind: str) -> None:
        """One small step (one event-loop turn): the page's header, its next card, or, once
        it has all, the paint of one band of it into a scratch pixmap. Painting lays the page
        out at its real size and renders its text's glyphs, which a first show would otherwise
        do; in bands, because the first paint of new text is the longest step of all."""
        if ind == SPARE:
            self.spares.make_one()
        elif ind == SHELL:
            self._make_shell()
        elif ind not in self.pages:
            self._build_page(ind, now=False)
        elif not self.pages[ind][1].complete():
            self.pages[ind][1].build_step()
        else:
            scroll, size = self.pages[ind][0], self.page_stack.size()
            step = self._bands.get(ind, 0)
            if not size.isEmpty():
                if step == 0:  # the layout at the real size only (rendering one pixel does it)
                    scroll.setGeometry(self.page_stack.rect())
                    scroll.render(QPixmap(1, 1), QPoint(0, 0), QRegion(0, 0, 1, 1))
                else:
                    h = -(-size.height() // PAINT_BANDS)
                    scroll.render(QPixmap(size.width(), h), QPoint(0, 0),
                                  QRegion(0, (step - 1) * h, size.width(), h))
            self._bands[ind] = step + 1
            if size.isEmpty() or step == PAINT_BANDS:
                self._painted.add(ind)
                freeze_long_lived()  # the page lives until the next school: out of gc's walks

    def _show_indicator(self, ind: str) -> None:
        s = self.session
        if s is None:
            return
        hold_collection()  # no garbage collection in the middle of a switch (heap.py)
        self.ahead.poke()  # no building ahead while the reviewer moves about
        self.commit_pending()
        if ind not in self.pages:
            self._build_page(ind, now=False)
        scroll, page = self.pages[ind]
        self._fill(scroll, page)  # what is on screen at once; the rest over the next turns
        self._painted.add(ind)
        self.page_stack.setCurrentWidget(scroll)
        scroll.verticalScrollBar().setValue(0)
        self.ahead.hurry()
        self.evidence.show_indicator(s.code, ind, s.files_for(ind),
                                     s.info.application.get("submitted"),
                                     s.rubric.rules.evidence_period_years)
        self.photos.show_indicator(s.code, ind, s.rubric)
        self._pending_location = (s.code, ind)
        self._location_timer.start()  # a burst of switches writes the setting once
        self.locationChanged.emit(s.code, ind)

    def _fill(self, scroll: QScrollArea, page: IndicatorPage) -> None:
        """Build the cards that fit on screen. When more remain the page is taller than the
        screen, so its scroll bar is shown from the start: it would otherwise appear with the
        later cards, narrow the page and rewrap the text the reviewer is reading."""
        if page.complete():
            return
        size = self.page_stack.size()
        # Measured at the width it will have: less the scroll bar, which a page that fills the
        # screen has (a short page, complete here, is laid out once more without it).
        width = size.width() - scroll.verticalScrollBar().sizeHint().width()
        page.fill(width, size.height())
        # the size the scroll area will give it, so that its first layout is the last
        page.resize(width, max(size.height(), page.layout().totalHeightForWidth(width)))
        if not page.complete():
            scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)

    def save_location(self) -> None:
        """Write the current school's indicator to the workspace settings now."""
        self._location_timer.stop()
        if self._pending_location is not None:
            code, ind = self._pending_location
            self._pending_location = None
            self.ws.set_setting(SETTING_INDICATOR.format(code=code), ind)

    def showEvent(self, event) -> None:  # noqa: N802
        """Share the width once the real size is known: navigator ~a quarter, then the page
        before the evidence (the page's check boxes and buttons need the room most)."""
        super().showEvent(event)
        if not self._sized and self.width() > 200:
            self._sized = True
            main, upper = self._splitters
            nav = max(240, min(380, self.width() * 26 // 100))
            rest = self.width() - nav
            main.setSizes([nav, rest])
            upper.setSizes([rest * 58 // 100, rest - rest * 58 // 100])
        if self.session is not None and not event.spontaneous():
            self.ahead.poke()  # shown again: build the rest ahead after a quiet moment

    def hideEvent(self, event) -> None:  # noqa: N802 - the window closing hides the view
        resume_collection()
        self.commit_pending()
        self.save_location()
        if not event.spontaneous():
            self.ahead.stop()  # no one visits pages of a hidden view: build them when it shows
        super().hideEvent(event)

    def _school_signed(self, code: str) -> None:
        """Undo does not reach behind a signed revision: changing it is an edit, which asks first."""
        if self.session is not None and self.session.code == code:
            self.undo_stack.clear()

    def _on_changed(self, item_id: str) -> None:
        if not item_id:
            for _scroll, page in self.pages.values():
                page.refresh("")
            return
        ind = item_id.split(".")[0]
        if ind in self.pages:
            self.pages[ind][1].refresh(item_id)

    # ---- edits -----------------------------------------------------------------------
    def _score_edited(self, item_id: str, new: Decimal | None) -> None:
        s = self.session
        old = s.scores.get(item_id)
        if new == old:
            self._on_changed(item_id)  # show the stored value again (e.g. after a rounding)
            return
        if not signed_allows(s, self, lambda: self._score_edited(item_id, new), lambda: self._on_changed(item_id)):
            return  # a signed sheet: asked first (issue 12)
        try:
            if new is not None:
                validate_score(s.rubric, item_id, new)
            self._push(SetScore(s, item_id, old, new))
        except WorkbenchError as e:
            self.show_error(str(e))
            self._on_changed(item_id)

    def _note_edited(self, item_id: str, text: str) -> None:
        s = self.session
        old = s.notes.get(item_id, "")
        if text == old:
            return
        if not signed_allows(s, self, lambda: self._note_edited(item_id, text), lambda: self._on_changed(item_id)):
            return
        if self.note_session is None or self.note_session[0] != item_id:
            self.note_session = (item_id, f"{id(s):x}-{next(_note_sessions)}")
        self._note_timer.start()
        self._push(SetNote(s, item_id, old, text, self.note_session[1]))

    def end_note_session(self) -> None:
        """The next keystroke in a note starts a new audit entry and a new undo step."""
        self._note_timer.stop()
        self.note_session = None

    def _set_incident(self, on: bool, description: str = "") -> None:
        """The score bar's incident control, as an undoable command."""
        s = self.session
        new = (bool(on), description.strip() if on else "")
        if s is None or new == s.incident:
            return
        if not signed_allows(s, self, lambda: self._set_incident(on, description), self.score_bar.refresh):
            return  # a signed sheet: asked first, as for any other edit (issue 12)
        self._push(SetIncident(s, s.incident, new))

    def reveal(self, item_id: str, kind: str) -> None:
        """Show what an undo/redo changed: its indicator, scrolled to, with the field focused."""
        self.end_note_session()
        if self.session is None:
            return
        if not item_id:
            self.score_bar.incident_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        ind = item_id.split(".")[0]
        self.navigator.select(ind)
        page = self.page(ind)
        card = page.cards.get(item_id) if page is not None else None
        if card is None:
            return
        field = card.note if kind == "note" else card.spin
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        scroll = self.pages[ind][0]
        QTimer.singleShot(0, lambda: scroll.ensureWidgetVisible(card) if card.isVisible() else None)

    def _push(self, cmd) -> None:
        self.undo_stack.push(cmd)

    def _write_failed(self, item_id: str, message: str) -> None:
        self.show_error(message)
        self._on_changed(item_id)

    def _check_toggled(self, item_id: str, index: int, on: bool) -> None:
        if not signed_allows(self.session, self, lambda: self._check_toggled(item_id, index, on),
                             lambda: self._on_changed(item_id)):
            return
        try:
            self.session.set_check(item_id, index, on)
        except WorkbenchError as e:
            self.show_error(str(e))
            self._on_changed(item_id)

    def _methods_edited(self, item_id: str, methods: tuple[str, ...]) -> None:
        if not signed_allows(self.session, self, lambda: self._methods_edited(item_id, methods),
                             lambda: self._on_changed(item_id)):
            return
        try:
            self.session.set_methods(item_id, methods)
        except WorkbenchError as e:
            self.show_error(str(e))
            self._on_changed(item_id)
