"""Switching indicators fast (issue 13 item 2): pages built ahead at idle, in small steps that
never hold the event loop long, equal to pages built on demand; the reviewer's acting pauses
the building; a switch asks the database nothing; the page host keeps focus in the view."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QPlainTextEdit,
    QWidget,
)
from sqlalchemy import event

from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package
from workbench.store import Workspace
from workbench.ui.review import ReviewView
from workbench.ui.review.page_ahead import PageAhead
from workbench.ui.review.score_spin import ScoreSpinBox
from workbench.ui.review.view import SHELL, SPARE
from workbench.ui.tasks import TaskRunner

from .gap_meter import GapMeter

pytestmark = pytest.mark.gui
CODE = DEMO_SCHOOL_CODE


@pytest.fixture
def ws(tmp_path):
    ws = Workspace.open(tmp_path / "ws")
    import_package(ws, demo_package_path())
    me = ws.set_local_reviewer("王芳", "麻江县教育和科技局", "member")
    rubric = ws.school(CODE).rubric
    for n, item in enumerate(rubric.items):  # something on every page for refresh() to show
        if n % 3 == 0:
            ws.set_score(CODE, me.id, item.id, item.points)
        if n % 4 == 1:
            ws.set_note(CODE, me.id, item.id, f"笔记 {item.id}")
        if n % 5 == 2:
            ws.set_check(CODE, me.id, item.id, 0, True)
            ws.set_methods(CODE, me.id, item.id, [rubric.rules.methods[n % len(rubric.rules.methods)].id])
    yield ws
    ws.close()


def open_view(qtbot, ws, indicator: str = "B1") -> tuple[ReviewView, TaskRunner]:
    runner = TaskRunner()
    view = ReviewView(ws, ws.local_reviewer(), runner, lang="zh_CN")
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show()
    qtbot.waitExposed(view)
    view.open_school(CODE, indicator)
    return view, runner


def snapshot(page) -> list:
    """What a page shows, widget by widget: types, texts, states, visibility."""
    out: list = [page.title.text()]
    for iid, card in page.cards.items():
        row: list = [iid]
        for w in card.findChildren(QWidget):
            row.append(type(w).__name__)
            if isinstance(w, QLabel):
                row += [w.text(), w.isVisibleTo(card)]
            if isinstance(w, QAbstractButton):
                row += [w.text(), w.isChecked(), w.isEnabled(), w.toolTip()]
            if isinstance(w, ScoreSpinBox):
                row.append(w.decimal_value())
            if isinstance(w, QPlainTextEdit):
                row.append(w.toPlainText())
        out.append(row)
    return out


def test_pages_are_built_ahead_in_steps_that_never_hold_the_loop(qtbot, ws):
    view, runner = open_view(qtbot, ws, "B27")
    ids = [b.id for b in ws.school(CODE).rubric.indicators]
    meter = GapMeter(interval_ms=5)  # the gaps, judged without the machine's waits (gap_meter.py)
    meter.start()
    qtbot.waitUntil(lambda: bool(view.ahead.steps) and not view.ahead.active(), timeout=60_000)
    meter.stop()
    assert sorted(view.pages) == sorted(ids)
    assert all(page.complete() for _scroll, page in view.pages.values())
    # nearest after the current indicator first, wrapping round to the start
    order = list(dict.fromkeys(x for x in view.ahead.steps if x not in (SPARE, SHELL)))  # spare cards, page
    assert order[:4] == ["B28", "B29", "B1", "B2"] and len(order) == len(ids) - 1
    # one header, one card or one paint per step: more steps than pages, each a short hold
    assert len(view.ahead.steps) > 2 * len(order)
    assert meter.ticks > 10, meter.report()
    meter.check()
    runner.wait(10000)


def test_pages_built_ahead_equal_pages_built_on_demand(qtbot, ws):
    ahead, r1 = open_view(qtbot, ws)
    qtbot.waitUntil(lambda: bool(ahead.ahead.steps) and not ahead.ahead.active(), timeout=60_000)
    ondemand, r2 = open_view(qtbot, ws)
    ondemand.ahead.stop()
    ids = [b.id for b in ws.school(CODE).rubric.indicators]
    built_ahead = {ind: snapshot(ahead.page(ind)) for ind in ids}  # before any is shown
    for ind in ids:
        ondemand.ahead.stop()  # each switch restarts the quiet timer: keep this view on demand
        ondemand.navigator.select(ind)
        ahead.navigator.select(ind)
        assert snapshot(ondemand.page(ind)) == built_ahead[ind] == snapshot(ahead.page(ind)), ind
    assert len(ondemand.pages) == len(ids)
    r1.wait(10000)
    r2.wait(10000)


def test_an_edit_while_a_page_is_half_built_shows_on_its_later_cards(qtbot, ws):
    view, runner = open_view(qtbot, ws)
    view.ahead.stop()
    view._build_page_ahead("B3")  # the header
    view._build_page_ahead("B3")  # the first card
    page = view.page("B3")
    assert list(page.built) == ["B3.1"] and not page.complete()
    view.session.set_score("B3.5", Decimal("0.5"))  # a card not built yet
    view.navigator.select("B3")  # the cards on screen now, the rest over the next turns
    qtbot.waitUntil(page.complete, timeout=10_000)
    assert page.cards["B3.5"].spin.decimal_value() == Decimal("0.5")
    assert page.cards["B3.1"].spin.decimal_value() == view.session.scores.get("B3.1")
    runner.wait(10000)


def test_acting_pauses_building_ahead_until_a_quiet_moment(qtbot):
    built: list[str] = []
    todo = ["a", "b", "c", "d"]
    turns: list[str] = []

    def build(x: str) -> None:
        built.append(x)
        turns.append("build")
        if len(built) == 1:  # a call queued now runs before the next step, if the loop turns
            QTimer.singleShot(0, lambda: turns.append("loop"))

    ahead = PageAhead(lambda: next((x for x in todo if x not in built), None), build, quiet_ms=1000)
    done: list[bool] = []
    ahead.finished.connect(lambda: done.append(True))
    ahead.poke()
    QApplication.processEvents()
    ahead.poke()  # the reviewer acted again before the quiet moment: nothing is built
    QApplication.processEvents()
    assert built == [] and ahead.active()
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert built == todo and not ahead.active()
    assert turns == ["build", "loop", "build", "build", "build"]  # one step per loop turn
    ahead.poke()
    ahead.stop()
    assert not ahead.active()


def test_a_hidden_view_builds_nothing_ahead_until_shown_again(qtbot, ws):
    view, runner = open_view(qtbot, ws)
    view.hide()  # e.g. the window went back to the school list
    assert not view.ahead.active()
    steps = len(view.ahead.steps)
    qtbot.wait(400)  # longer than the quiet moment
    assert len(view.ahead.steps) == steps
    view.show()
    qtbot.waitUntil(lambda: len(view.ahead.steps) > steps and not view.ahead.active(), timeout=60_000)
    assert len(view.pages) == len(ws.school(CODE).rubric.indicators)
    runner.wait(10000)


def test_a_switch_asks_the_database_nothing(qtbot, ws):
    view, runner = open_view(qtbot, ws)
    qtbot.waitUntil(lambda: bool(view.ahead.steps) and not view.ahead.active(), timeout=60_000)
    queries: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        queries.append(statement)

    event.listen(ws.engine, "before_cursor_execute", count)
    try:
        for ind in ("B2", "B3", "B7", "B3", "B29", "B1"):
            view.navigator.select(ind)
            qtbot.wait(1)
    finally:
        event.remove(ws.engine, "before_cursor_execute", count)
    assert queries == []
    view.save_location()  # the one write, made once after a burst of switches
    assert ws.get_setting(f"review.indicator.{CODE}") == "B1"
    runner.wait(10000)


def test_focus_on_the_page_moves_to_the_next_page_not_out_of_the_view(qtbot, ws):
    view, runner = open_view(qtbot, ws)
    view.activateWindow()
    note = view.page("B1").cards["B1.1"].note
    note.setFocus()
    assert view.window().focusWidget() is note
    view.navigator.select("B2")
    fw = view.window().focusWidget()  # as QStackedWidget chose: the new page (or in it)
    assert fw is not None and view.pages["B2"][0].isAncestorOf(fw) and view.isAncestorOf(fw)
    assert not note.isVisible() and view.page("B2").isVisible()
    runner.wait(10000)
