"""kill -9 in the middle of a stream of score edits: no committed edit is lost, and the
database passes PRAGMA integrity_check. A real subprocess, killed at random moments."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest

from workbench.evidence import demo_package_path, import_package
from workbench.store import Workspace

from .conftest import CODE

WRITER = textwrap.dedent("""
    import sys
    from workbench.store import Workspace
    ws = Workspace.open(sys.argv[1])
    rid = int(sys.argv[2])
    items = [i.id for i in ws.school(sys.argv[3]).rubric.items]
    n = 0
    print("ready", flush=True)
    while True:
        item = items[n % len(items)]
        value = "0.5" if (n // len(items)) % 2 == 0 else "0"
        ws.set_score(sys.argv[3], rid, item, value, reason=f"edit {n}")
        ws.set_note(sys.argv[3], rid, item, f"note {n}")
        print(n, item, value, flush=True)  # printed only after both commits returned
        n += 1
""")


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> tuple[Path, int]:
    root = tmp_path_factory.mktemp("crash") / "ws"
    with Workspace.open(root) as ws:
        import_package(ws, demo_package_path())
        rid = ws.set_local_reviewer("测试", "", "member").id
    return root, rid


def _run_and_kill(root: Path, rid: int, delay: float) -> list[tuple[int, str, str]]:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(root), str(rid), CODE], stdout=subprocess.PIPE,
                            text=True, env=env)
    assert proc.stdout.readline().strip() == "ready"
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    reader.join(5)
    done = []
    for line in lines:
        parts = line.split()
        if len(parts) == 3:  # a line cut by the kill is not a confirmed edit
            done.append((int(parts[0]), parts[1], parts[2]))
    return done


def test_store_kill9_loses_no_committed_edit(prepared) -> None:
    root, rid = prepared
    rng = random.Random(20261123)
    runs = int(os.environ.get("WORKBENCH_CRASH_RUNS", "12"))
    confirmed_total = 0
    for _ in range(runs):
        with Workspace.open(root) as ws:  # each run starts from a clean slate of edits
            for item in ws.school(CODE).rubric.items:
                ws.set_score(CODE, rid, item.id, None)
        done = _run_and_kill(root, rid, rng.uniform(0.05, 0.6))
        confirmed_total += len(done)
        con = sqlite3.connect(root / "workspace.db")
        try:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            con.close()
        with Workspace.open(root) as ws:
            scores, notes = ws.scores(CODE, rid), ws.notes(CODE, rid)
            last: dict[str, tuple[int, str]] = {}
            for n, item, value in done:
                last[item] = (n, value)
            count = len(ws.school(CODE).rubric.items)

            def value_at(m: int, count: int = count) -> Decimal:
                return Decimal("0.5") if (m // count) % 2 == 0 else Decimal(0)

            for item, (n, value) in last.items():
                m = int(notes[item].split()[1])  # the last edit whose note committed
                assert m >= n, (item, m, n)  # every confirmed edit is there
                assert value_at(n) == Decimal(value)
                # its score committed just before its note; the next edit's score may have too
                assert scores[item] in {value_at(m), value_at(m + count)}, (item, scores[item], m)
    assert confirmed_total > runs  # the kills really landed mid-stream, after some edits
