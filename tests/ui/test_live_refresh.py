"""What another process writes (the real CLI in a subprocess) shows in an open window within a
few seconds, without clobbering a field the user is typing in."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from shell_helpers import prepared_workspace, start_window  # noqa: E402
from undo_helpers import type_text  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE as CODE  # noqa: E402
from workbench.store import Workspace  # noqa: E402

ROOT = Path(__file__).parents[2]


def cli(root: Path, *args: str) -> None:
    """The real command line, in its own process."""
    done = subprocess.run([sys.executable, "-m", "workbench", *args, "--workspace", str(root)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_data_version_moves_when_another_connection_commits(tmp_path) -> None:
    prepared_workspace(tmp_path / "ws")
    with Workspace.open(tmp_path / "ws") as ws, Workspace.open(tmp_path / "ws") as other:
        me = ws.local_reviewer()
        v = ws.data_version()
        assert ws.data_version() == v  # nothing committed: unchanged
        other.set_score(CODE, me.id, "B1.1", "1")
        assert ws.data_version() != v
        v = ws.data_version()
        other.set_score(CODE, me.id, "B1.1", "1")  # no change, no commit of data
        ws.get_setting("x")  # reading through the pool does not move it either
        assert ws.data_version() == v


def test_review_state_is_what_the_getters_say(tmp_path) -> None:
    prepared_workspace(tmp_path / "ws")
    with Workspace.open(tmp_path / "ws") as ws:
        rid = ws.local_reviewer().id
        ws.set_score(CODE, rid, "B1.1", "1")
        ws.set_note(CODE, rid, "B1.2", "记录")
        ws.set_check(CODE, rid, "B1.1", 0, True)
        ws.set_methods(CODE, rid, "B1.1", ["site_visit"])
        ws.set_security_incident(CODE, rid, True, "2026-10 勒索病毒")
        st = ws.review_state(CODE, rid)
        assert (st.scores, st.notes, st.checks, st.methods, st.incident, st.result) == (
            ws.scores(CODE, rid), ws.notes(CODE, rid), ws.checks(CODE, rid), ws.methods(CODE, rid),
            ws.security_incident(CODE, rid), ws.result(CODE, rid))
        assert sorted(st.photos) == sorted((p.id, p.indicator, p.removed)
                                           for p in ws.photos(CODE, include_removed=True))


def test_review_state_reads_while_another_process_writes(tmp_path) -> None:
    """The live refresh's read never waits for (nor takes) the write lock: the window's own
    writes on the UI thread are never made to wait behind it."""
    prepared_workspace(tmp_path / "ws")
    writer = sqlite3.connect(tmp_path / "ws" / "workspace.db", isolation_level=None)
    with Workspace.open(tmp_path / "ws") as ws:
        rid = ws.local_reviewer().id
        ws.set_score(CODE, rid, "B1.1", "1")
        writer.execute("BEGIN IMMEDIATE")  # another process in the middle of a write
        writer.execute("UPDATE entries SET score = '0.5' WHERE item_id = 'B1.1'")
        t = time.monotonic()
        st = ws.review_state(CODE, rid)
        assert time.monotonic() - t < 2  # the engine's reads would wait up to their 10 s busy timeout
        assert st.scores == {"B1.1": Decimal(1)}  # the last committed state
        writer.execute("COMMIT")
        assert ws.review_state(CODE, rid).scores == {"B1.1": Decimal("0.5")}
    writer.close()


@pytest.fixture
def window(qtbot, tmp_path):
    root = tmp_path / "ws"
    prepared_workspace(root)
    running = start_window(qtbot, root, lang="en", first_run=False)
    w = running.window
    w.live.timer.setInterval(300)  # the 2 s tick, shortened: the test waits on the real path
    assert w.open_school(CODE, "B1")
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=5000)
    yield w, root
    running.close()


@pytest.mark.gui
def test_cli_score_note_and_incident_show_in_the_open_review(qtbot, window) -> None:
    w, root = window
    view = w.review
    cli(root, "workspace", "score", CODE, "B1.1", "1")
    card = view.page("B1").cards["B1.1"]
    qtbot.waitUntil(lambda: card.spin.decimal_value() == Decimal(1), timeout=10_000)
    assert view.session.scores["B1.1"] == Decimal(1)
    assert "<b>1</b>" in view.score_bar.total_label.text()
    assert view.current() == (CODE, "B1")  # the user's place is kept
    assert w.statusBar().currentMessage() == w.live.tr("Loaded changes made outside this window.")

    with Workspace.open(root) as other:  # a sync writing a note from another process
        other.set_note(CODE, other.local_reviewer().id, "B1.2", "核对了会议记录")
    qtbot.waitUntil(lambda: view.page("B1").cards["B1.2"].note.toPlainText() == "核对了会议记录",
                    timeout=10_000)

    cli(root, "workspace", "incident", CODE, "--description", "2026-10 勒索病毒")
    qtbot.waitUntil(lambda: view.session.incident == (True, "2026-10 勒索病毒"), timeout=10_000)
    bar = view.score_bar
    assert bar.incident_button.text() == bar.tr("Clear incident")  # in whatever language is installed


@pytest.mark.gui
def test_a_field_being_typed_in_is_not_overwritten(qtbot, window) -> None:
    w, root = window
    view = w.review
    note = view.page("B1").cards["B1.1"].note
    type_text(note, "mine")
    qtbot.waitUntil(note.hasFocus, timeout=3000)
    cli(root, "workspace", "score", CODE, "B1.2", "1")  # moves the data version
    with Workspace.open(root) as other:
        other.set_note(CODE, other.local_reviewer().id, "B1.1", "theirs")
    refreshed = []
    w.live.refreshed.connect(lambda: refreshed.append(1))
    qtbot.waitUntil(lambda: view.page("B1").cards["B1.2"].spin.decimal_value() == Decimal(1), timeout=10_000)
    assert note.toPlainText() == "mine" and view.session.notes["B1.1"] == "mine"
    type_text(note, "!")  # the user's next keystroke is what is kept
    with Workspace.open(root) as other:
        assert other.notes(CODE, other.local_reviewer().id)["B1.1"] == "mine!"


@pytest.mark.gui
def test_a_change_under_a_field_shows_once_the_field_is_left(qtbot, window) -> None:
    w, root = window
    view = w.review
    card = view.page("B1").cards["B1.1"]
    card.note.setFocus()
    qtbot.waitUntil(card.note.hasFocus, timeout=3000)
    with Workspace.open(root) as other:
        other.set_note(CODE, other.local_reviewer().id, "B1.1", "theirs")
    qtbot.wait(1000)  # several ticks: the field being in use, it is left alone
    assert card.note.toPlainText() == ""
    view.page("B1").cards["B1.2"].spin.setFocus()
    qtbot.waitUntil(lambda: card.note.toPlainText() == "theirs", timeout=10_000)


@pytest.mark.gui
def test_school_list_reloads_when_it_is_on_screen(qtbot, window) -> None:
    w, root = window
    w.show_schools()
    qtbot.waitUntil(lambda: w.schools.model.rowCount() == 1, timeout=10_000)
    cli(root, "workspace", "score", CODE, "B2.1", "1")
    cli(root, "workspace", "score", CODE, "B2.2", "1")
    qtbot.waitUntil(lambda: w.schools.model.rows[0].scored == 2, timeout=10_000)
