"""The review view keeps Python's collector out of a switch until the event loop has delivered
the switch's layouts and paint (workbench/ui/heap.py), and always turns it back on, even when
the view that held it is gone."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from workbench.ui.heap import collection_held, hold_collection, resume_collection

from .undo_helpers import CODE, review_env

pytestmark = pytest.mark.gui


@pytest.fixture
def env(qtbot, tmp_path):
    yield from review_env(qtbot, tmp_path)


def test_collection_resumes_once_the_posted_events_are_delivered(qtbot) -> None:
    assert gc.isenabled()
    hold_collection()
    hold_collection()  # a second switch in the same turn
    assert not gc.isenabled() and collection_held()
    QApplication.sendPostedEvents()  # the layouts and the paint: still held
    assert not gc.isenabled()
    qtbot.waitUntil(gc.isenabled, timeout=2000)  # the next turn of the loop
    assert not collection_held()


def test_a_collector_turned_off_by_someone_else_is_left_to_them(qtbot) -> None:
    gc.disable()
    try:
        hold_collection()
        assert not collection_held()
        qtbot.wait(20)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_resume_turns_collection_back_on_at_once(qtbot) -> None:
    hold_collection()
    resume_collection()
    assert gc.isenabled() and not collection_held()


def test_a_switch_holds_collection_and_the_next_turn_resumes_it(qtbot, env) -> None:
    view, _ws, _me = env
    qtbot.waitUntil(gc.isenabled, timeout=2000)
    view.navigator.select("B7")
    assert not gc.isenabled()
    qtbot.waitUntil(gc.isenabled, timeout=2000)
    view.navigator.select("B8")
    view.hide()  # the view going away never leaves it off
    assert gc.isenabled()


def test_a_view_deleted_in_the_turn_it_held_the_collector_does_not_leave_it_off(qtbot, env) -> None:
    """A full test run once went on with the collector off for good: a view selected an
    indicator and was deleted before the event loop turned, taking its timer with it."""
    from workbench.ui.review import ReviewView
    from workbench.ui.tasks import TaskRunner

    _view, ws, me = env
    qtbot.waitUntil(gc.isenabled, timeout=2000)
    runner = TaskRunner()
    other = ReviewView(ws, me, runner, lang="en")
    other.open_school(CODE)  # selects its first indicator: the collector is held
    assert not gc.isenabled()
    other.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # gone before any timer runs
    qtbot.waitUntil(gc.isenabled, timeout=2000)
    assert not collection_held()
    runner.wait(10000)
