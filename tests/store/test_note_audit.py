"""A note's edits: every keystroke committed at once, one audit entry per editing session."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from workbench.store import Workspace
from workbench.store import entries as entries_mod

from .conftest import CODE

SENTENCE = "领导小组文件齐全，会议记录两份。"


def _type(ws: Workspace, rid: int, item: str, text: str, session: str, start: str = "") -> None:
    for i in range(len(start) + 1, len(text) + 1):
        ws.set_note(CODE, rid, item, text[:i], session_id=session)


def test_one_session_is_one_audit_row_with_first_old_and_latest_new(ws, me) -> None:
    ws.set_note(CODE, me.id, "B1.1", "初稿")  # no session: one row per call, as before
    _type(ws, me.id, "B1.1", "初稿" + SENTENCE, "s1", start="初稿")
    assert ws.notes(CODE, me.id)["B1.1"] == "初稿" + SENTENCE
    trail = [(a.field, a.old, a.new) for a in ws.audit(CODE, "B1.1")]
    assert trail == [("note", "", "初稿"), ("note", "初稿", "初稿" + SENTENCE)]


def test_a_new_session_starts_a_new_row(ws, me) -> None:
    _type(ws, me.id, "B1.1", "甲乙", "s1")
    _type(ws, me.id, "B1.1", "甲乙丙丁", "s2", start="甲乙")
    _type(ws, me.id, "B1.2", "另一项", "s2")  # same session id, other item: its own row
    assert [(a.item_id, a.old, a.new) for a in ws.audit(CODE)] == [
        ("B1.1", "", "甲乙"), ("B1.1", "甲乙", "甲乙丙丁"), ("B1.2", "", "另一项")]


def test_another_writer_between_edits_closes_the_session(ws, me, tmp_path: Path) -> None:
    _type(ws, me.id, "B1.1", "abc", "s1")
    with Workspace.open(ws.root) as other:  # the CLI, a sync: another connection
        other.set_note(CODE, me.id, "B1.1", "abc (checked)")
    ws.set_note(CODE, me.id, "B1.1", "abc (checked)!", session_id="s1")
    assert [(a.old, a.new) for a in ws.audit(CODE, "B1.1")] == [
        ("", "abc"), ("abc", "abc (checked)"), ("abc (checked)", "abc (checked)!")]


def test_a_long_pause_closes_the_session(ws, me, monkeypatch) -> None:
    ws.set_note(CODE, me.id, "B1.1", "a", session_id="s1")
    monkeypatch.setattr(entries_mod, "NOTE_SESSION_GAP_S", -1.0)  # every earlier edit is now "too long ago"
    ws.set_note(CODE, me.id, "B1.1", "ab", session_id="s1")
    assert [(a.old, a.new) for a in ws.audit(CODE, "B1.1")] == [("", "a"), ("a", "ab")]


def test_typing_back_to_the_start_leaves_no_entry(ws, me) -> None:
    ws.set_note(CODE, me.id, "B1.1", "原文")
    ws.set_note(CODE, me.id, "B1.1", "原文x", session_id="s1")
    ws.set_note(CODE, me.id, "B1.1", "原文", session_id="s1")
    assert [(a.old, a.new) for a in ws.audit(CODE, "B1.1")] == [("", "原文")]
    ws.set_note(CODE, me.id, "B1.1", "原文y", session_id="s1")  # the session goes on: a new row
    assert [(a.old, a.new) for a in ws.audit(CODE, "B1.1")] == [("", "原文"), ("原文", "原文y")]


_CHILD = textwrap.dedent("""
    import sys, time
    from workbench.store import Workspace
    ws = Workspace.open(sys.argv[1])
    rid, code, text = int(sys.argv[2]), sys.argv[3], sys.argv[4]
    for i in range(1, len(text) + 1):
        ws.set_note(code, rid, "B2.1", text[:i], session_id="window-1")
    print("typed", flush=True)
    time.sleep(60)  # mid-session: the field still has focus when the laptop dies
""")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_kill_mid_session_keeps_the_text_and_one_row(ws, me, tmp_path: Path) -> None:
    ws.close()
    script = tmp_path / "child.py"
    script.write_text(_CHILD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    p = subprocess.Popen([sys.executable, str(script), str(ws.root), str(me.id), CODE, SENTENCE],
                         stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert p.stdout.readline().strip() == "typed"
        os.kill(p.pid, signal.SIGKILL)
        assert p.wait(10) == -signal.SIGKILL
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    with Workspace.open(ws.root) as after:
        assert after.notes(CODE, me.id)["B2.1"] == SENTENCE
        assert [(a.item_id, a.old, a.new) for a in after.audit(CODE)] == [("B2.1", "", SENTENCE)]
