"""The review view keeps Python's collector out of a switch until the event loop has
delivered the switch's layouts and paint (workbench/ui/heap.py, CollectLater), and always
turns it back on."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from workbench.ui.heap import CollectLater

from .undo_helpers import review_env

pytestmark = pytest.mark.gui


@pytest.fixture
def env(qtbot, tmp_path):
    yield from review_env(qtbot, tmp_path)


def test_collection_resumes_once_the_posted_events_are_delivered(qtbot) -> None:
    owner = QObject()
    later = CollectLater(owner)
    assert gc.isenabled()
    later.hold()
    later.hold()  # a second switch in the same turn
    assert not gc.isenabled() and later.held()
    QApplication.sendPostedEvents()  # the layouts and the paint: still held
    assert not gc.isenabled()
    qtbot.waitUntil(gc.isenabled, timeout=2000)  # the next turn of the loop
    assert not later.held()


def test_a_view_deleted_in_the_turn_it_held_the_collector_does_not_leave_it_off(qtbot) -> None:
    """A full test run once went on with the collector off for good: a view selected an
    indicator and was deleted before the event loop turned, taking its timer with it."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QWidget

    owner = QWidget()
    later = CollectLater(owner)
    later.hold()
    owner.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # gone before any timer runs
    assert not gc.isenabled()
    qtbot.waitUntil(gc.isenabled, timeout=2000)
    assert not later.held()


def test_a_collector_turned_off_by_someone_else_is_left_to_them(qtbot) -> None:
    owner = QObject()
    later = CollectLater(owner)
    gc.disable()
    try:
        later.hold()
        assert not later.held()
        qtbot.wait(20)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_release_turns_collection_back_on_at_once(qtbot) -> None:
    owner = QObject()
    later = CollectLater(owner)
    later.hold()
    later.release()
    assert gc.isenabled() and not later.held()


def test_a_switch_holds_collection_and_the_next_turn_resumes_it(qtbot, env) -> None:
    view, _ws, _me = env
    qtbot.waitUntil(gc.isenabled, timeout=2000)
    view.navigator.select("B7")
    assert not gc.isenabled()
    qtbot.waitUntil(gc.isenabled, timeout=2000)
    view.navigator.select("B8")
    view.hide()  # the view going away never leaves it off
    assert gc.isenabled()
