"""A page shown before it was built (issue 13: a first visit within a frame): the cards that fit
on screen at once, the rest over the next event-loop turns, without moving what is shown; a
jump to a card not built yet (undo, Tab, the card map) builds it then; spare cards made in quiet
turns are what such a page takes; totals never wait for cards."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

from workbench.evidence import DEMO_SCHOOL_CODE
from workbench.scoring import score
from workbench.ui.review import ReviewView
from workbench.ui.review.indicator_page import ItemCard
from workbench.ui.review.page_ahead import PageAhead
from workbench.ui.review.view import SHELL, SPARE

pytestmark = pytest.mark.gui
CODE = DEMO_SCHOOL_CODE


def make_view(qtbot, ws, runner, lang: str = "zh_CN") -> ReviewView:
    view = ReviewView(ws, ws.local_reviewer(), runner, lang=lang)
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show()
    view.activateWindow()
    qtbot.waitExposed(view)
    return view


def open_cold(qtbot, view: ReviewView, target: str) -> None:
    """Open the school and switch to `target` before the event loop turns once: its page does
    not exist yet (clicking straight to an indicator just after opening)."""
    view.open_school(CODE, "B1")
    assert target not in view.pages
    view.navigator.select(target)


def focusable_chain(card: QWidget) -> list[QWidget]:
    """The card's Tab stops in focus-chain order."""
    out, w = [], card.nextInFocusChain()
    while w is not card and w is not None:
        if card.isAncestorOf(w) and w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.focusProxy() is None:
            out.append(w)
        w = w.nextInFocusChain()
    return out


def test_a_page_shown_before_it_is_built_shows_its_first_cards_at_once_then_the_rest(qtbot, ws, runner):
    view = make_view(qtbot, ws, runner)
    open_cold(qtbot, view, "B3")  # five cards, more than fit on screen
    scroll, page = view.pages["B3"]
    items = [it.id for it in page.indicator.items]
    first = list(page.built)
    assert 1 <= len(first) < len(items) and first == items[:len(first)]
    # taller than the screen: the scroll bar is there from the start, so the later cards
    # neither narrow the page nor rewrap its text
    assert scroll.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOn
    QApplication.sendPostedEvents()
    QApplication.sendPostedEvents()  # laid out and painted; no timer has run
    assert list(page.built) == first and page.isVisible()
    shown = {iid: page.built[iid].geometry() for iid in first}
    assert page.built[first[-1]].geometry().bottom() >= scroll.viewport().height() - 30  # they fill the screen
    width = page.width()
    steps = len(view.ahead.steps)
    qtbot.waitUntil(page.complete, timeout=10_000)
    # the rest came one card per event-loop turn, as the page on screen's urgent work
    assert view.ahead.steps[steps:steps + len(items) - len(first)] == ["B3"] * (len(items) - len(first))
    QApplication.processEvents()
    assert page.width() == width and scroll.verticalScrollBar().value() == 0
    assert {iid: page.built[iid].geometry() for iid in first} == shown  # nothing on screen moved
    assert scroll.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded
    assert scroll.verticalScrollBar().isVisible()
    assert all(page.built[iid].isVisible() for iid in items)


def test_a_page_that_fits_is_built_whole_at_once(qtbot, ws, runner):
    view = make_view(qtbot, ws, runner)
    open_cold(qtbot, view, "B9")  # one card
    scroll, page = view.pages["B9"]
    assert page.complete() and scroll.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded


def test_tab_from_the_last_card_built_goes_to_the_next_card(qtbot, ws, runner):
    view = make_view(qtbot, ws, runner)
    open_cold(qtbot, view, "B3")
    view.ahead.stop()  # hold the rest back, as if the key came before the next turn
    page = view.page("B3")
    last = list(page.built)[-1]
    nxt = [it.id for it in page.indicator.items][len(page.built)]
    note = page.built[last].note
    note.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is note, timeout=3000)
    qtbot.keyClick(note, Qt.Key.Key_Tab)
    assert page.complete()
    card = page.built[nxt]
    assert QApplication.focusWidget() in (card.spin, card.spin.focusProxy())
    scroll = view.pages["B3"][0]

    def on_screen() -> bool:
        top = card.mapTo(scroll.viewport(), card.spin.geometry().topLeft()).y()
        return 0 <= top < scroll.viewport().height()

    qtbot.waitUntil(on_screen, timeout=3000)  # scrolled to it


def test_undo_jumps_to_a_card_whose_page_is_not_built(qtbot, ws, runner):
    view = make_view(qtbot, ws, runner, lang="en")
    view.open_school(CODE, "B3")
    view.page().cards["B3.5"].full_button.click()
    assert ws.scores(CODE, ws.local_reviewer().id)["B3.5"] == view.session.rubric.item("B3.5").points
    view.navigator.select("B20")
    view.set_language("zh_CN")  # every page is made again; the undo history stays
    assert "B3" not in view.pages
    view.undo_stack.undo()
    assert "B3.5" not in ws.scores(CODE, ws.local_reviewer().id)
    assert view.current() == (CODE, "B3")
    card = view.page().cards["B3.5"]
    assert card.spin.decimal_value() is None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is card.spin, timeout=3000)
    scroll = view.pages["B3"][0]
    qtbot.waitUntil(lambda: scroll.verticalScrollBar().value() > 0, timeout=3000)  # scrolled to it
    top = card.mapTo(scroll.viewport(), card.rect().topLeft()).y()
    assert 0 <= top < scroll.viewport().height()


def test_the_card_map_builds_a_card_when_asked_for(qtbot, ws, runner):
    view = make_view(qtbot, ws, runner)
    open_cold(qtbot, view, "B3")
    view.ahead.stop()
    page = view.page("B3")
    assert "B3.5" in page.cards and "B3.5" not in page.built and len(page.cards) == 5
    card = page.cards["B3.5"]
    assert isinstance(card, ItemCard) and card.item.id == "B3.5" and page.complete()
    assert list(page.built) == [it.id for it in page.indicator.items]
    with pytest.raises(KeyError):
        page.cards["B4.1"]


def test_totals_do_not_wait_for_cards(qtbot, ws, runner):
    view = make_view(qtbot, ws, runner)
    open_cold(qtbot, view, "B3")
    view.ahead.stop()
    page = view.page("B3")
    assert "B3.5" not in page.built
    view.session.set_score("B3.5", Decimal("0.5"))
    s = view.session
    expected = score(s.rubric, s.scores, security_incident=False).total
    assert s.result.total == expected == Decimal("0.5")
    assert "0.5" in view.score_bar.total_label.text()
    assert "0.5" in page.subtotal.text()  # the page's subtotal too
    assert page.cards["B3.5"].spin.decimal_value() == Decimal("0.5")


def test_spare_cards_are_made_in_quiet_turns_and_taken_by_a_page_built_on_demand(qtbot, ws, runner):
    view = make_view(qtbot, ws, runner)
    view.open_school(CODE, "B1")
    qtbot.waitUntil(lambda: not view.spares.short(), timeout=10_000)
    assert SPARE in view.ahead.steps
    spares = list(view.spares._spares)
    view.ahead.stop()  # nothing built ahead: B7 is made on demand
    assert "B7" not in view.pages
    view.navigator.select("B7")
    page = view.page("B7")
    assert [page.built[iid] for iid in page.built] == spares[:len(page.built)]  # the very same cards
    qtbot.waitUntil(lambda: page.complete() and not view.spares.short(), timeout=10_000)
    # a spare bound to its item has the same Tab stops, in the same order, as a card made for it
    fresh = ItemCard(page.indicator.items[0], view.session.rubric.rules, "zh_CN", page)
    fresh.refresh(view.session, "zh_CN")
    taken = page.built[page.indicator.items[0].id]

    def names(card: ItemCard) -> list[str]:
        named = {id(card.spin): "spin", id(card.note): "note", id(card.full_button): "full",
                 id(card.half_button): "half", id(card.zero_button): "zero", id(card.clear_button): "clear"}
        named |= {id(card.checklist): "checklist", id(card.methods): "methods"}
        return [named.get(id(w), type(w).__name__) for w in focusable_chain(card)]

    assert names(taken) == names(fresh)
    assert names(taken)[:7] == ["spin", "full", "half", "zero", "clear", "checklist", "methods"] and names(taken)[-1] == "note"
    assert taken.max_label.text() == fresh.max_label.text() and taken.text_label.text() == fresh.text_label.text()
    assert taken.full_button.toolTip() == fresh.full_button.toolTip()
    assert taken.spin.maximum() == fresh.spin.maximum()
    fresh.deleteLater()


def test_a_spare_page_is_made_in_a_quiet_turn_and_taken_by_a_page_built_on_demand(qtbot, ws, runner):
    view = make_view(qtbot, ws, runner)
    view.open_school(CODE, "B1")
    qtbot.waitUntil(lambda: len(view._shells) == 1 and not view.spares.short(), timeout=10_000)
    assert SHELL in view.ahead.steps
    spare_scroll, spare_page = view._shells[0]
    view.ahead.stop()  # nothing built ahead: B9 is made on demand
    view.navigator.select("B9")
    scroll, page = view.pages["B9"]
    assert (scroll, page) == (spare_scroll, spare_page) and view.page_stack.currentWidget() is scroll
    assert page.indicator.id == "B9" and page.title.text().startswith("B9 ") and page.built
    assert not view._shells  # taken; made again in the turns after the switch
    qtbot.waitUntil(lambda: len(view._shells) == 1, timeout=10_000)
    assert view._shells[0][1] is not page
    # a page bound from a spare shows what a page made for it shows
    fresh = view._new_shell()[1]
    fresh.bind(page.indicator, build_now=True)
    assert [fresh.area_label.text(), fresh.title.text(), fresh.subtotal.text(), list(fresh.built)] == \
        [page.area_label.text(), page.title.text(), page.subtotal.text(), list(page.built)]
    # another school or another language: the spare pages of the old one go
    view.set_language("en")
    assert view._shells == [] and list(view.pages) == ["B9"] and view.page().lang == "en"
    qtbot.waitUntil(lambda: len(view._shells) == 1, timeout=10_000)
    assert view._shells[0][1].lang == "en"


def test_urgent_work_goes_on_while_the_reviewer_acts_and_building_ahead_waits(qtbot):
    urgent = ["u1", "u2"]
    built: list[str] = []
    ahead = PageAhead(lambda: "idle" if "idle" not in built else None, built.append, quiet_ms=60_000,
                      urgent=lambda: next((u for u in urgent if u not in built), None))
    ahead.poke()  # the reviewer acted: no building ahead for a minute, but the urgent work runs
    QApplication.processEvents()
    assert built == ["u1"]  # one step per turn
    ahead.poke()
    qtbot.waitUntil(lambda: built == ["u1", "u2"], timeout=3000)
    qtbot.wait(50)
    assert built == ["u1", "u2"] and ahead.active()  # waiting for the quiet moment
    ahead.start_now()
    qtbot.waitUntil(lambda: built == ["u1", "u2", "idle"], timeout=3000)
    ahead.stop()


class _PaintedHeights(QObject):
    """Every paint of an item card, with its height then and its content's height at its width."""

    def __init__(self) -> None:
        super().__init__()
        self.painted: list[tuple[str, int, int]] = []

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        # (a spare card is painted once, unbound, when it is made: card_pool.py)
        if event.type() == QEvent.Type.Paint and isinstance(obj, ItemCard) and obj.item is not None:
            self.painted.append((obj.item.id, obj.height(), obj.heightForWidth(obj.width())))
        return False


def test_no_card_is_painted_squeezed_while_the_rest_of_a_page_on_screen_arrives(qtbot, ws, runner):
    """Each card added to the page on screen finds room first (IndicatorPage._grow): a layout
    short of room would squeeze every card below its content, rows painted over each other,
    until the scroll area grew the page."""
    view = make_view(qtbot, ws, runner)
    spy = _PaintedHeights()
    QApplication.instance().installEventFilter(spy)
    try:
        open_cold(qtbot, view, "B3")
        page = view.pages["B3"][1]
        assert not page.complete()
        qtbot.waitUntil(page.complete, timeout=10_000)
        for _ in range(5):
            QApplication.processEvents()
    finally:
        QApplication.instance().removeEventFilter(spy)
    assert {iid for iid, _h, _c in spy.painted} >= {it.id for it in page.indicator.items[:2]}
    assert [p for p in spy.painted if p[1] != p[2]] == []


def test_a_whole_page_is_as_tall_as_its_cards_no_empty_scrolling_below(qtbot, ws, runner):
    """The page's minimum height is the sum of its cards' minimums: a check list measured at
    its narrowest width once made those minimums taller than the cards, and B3's page 1,887
    pixels tall for 1,128 of cards (an empty screen of scrolling below the last card)."""
    view = make_view(qtbot, ws, runner)
    open_cold(qtbot, view, "B3")
    scroll, page = view.pages["B3"]
    qtbot.waitUntil(page.complete, timeout=10_000)
    for _ in range(5):
        QApplication.processEvents()
    content = page.layout().totalHeightForWidth(page.width())
    assert content > scroll.viewport().height()  # (five cards: taller than the screen)
    assert page.height() == content
