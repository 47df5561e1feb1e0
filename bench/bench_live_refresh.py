"""What the window's live refresh costs (issue 12 item 7): `Workspace.data_version()` every 2 s,
and `load_snapshot` (the open review's state) when another process has committed.

Floors, measured in the same run, interleaved: `SELECT 1` on an open sqlite3 connection (the
least a round trip to SQLite costs) and one raw `SELECT` of the reviewer's entries rows.

    .venv/bin/python bench/bench_live_refresh.py [--calls 2000] [--snapshots 30]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time
from pathlib import Path

from workbench.evidence import DEMO_SCHOOL_CODE as CODE
from workbench.evidence import demo_package_path, import_package
from workbench.store import Workspace
from workbench.ui.review.session import load_snapshot


def per_call(fn, n: int) -> float:  # noqa: ANN001
    t = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t) / n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=2000)
    ap.add_argument("--snapshots", type=int, default=30)
    a = ap.parse_args()
    root = Path(tempfile.mkdtemp()) / "ws"
    ws = Workspace.open(root)
    import_package(ws, demo_package_path())
    me = ws.set_local_reviewer("王芳", "麻江县教育和科技局", "member")
    for i, item in enumerate(ws.school(CODE).rubric.items):  # a fully scored school with notes
        ws.set_score(CODE, me.id, item.id, "0.5")
        ws.set_note(CODE, me.id, item.id, f"现场核实 {i}")
    raw = sqlite3.connect(root / "workspace.db")
    dv, floor_dv, snap, floor_snap = [], [], [], []
    for _ in range(3):  # interleaved rounds; the best of each
        dv.append(per_call(ws.data_version, a.calls))
        floor_dv.append(per_call(lambda: raw.execute("SELECT 1").fetchone(), a.calls))
        snap.append(per_call(lambda: load_snapshot(ws, CODE, me.id), a.snapshots))
        floor_snap.append(per_call(lambda: raw.execute(
            "SELECT item_id, score, note, checks, methods FROM entries WHERE school_code=? AND reviewer_id=?",
            (CODE, me.id)).fetchall(), a.snapshots))
    print(f"load average {os.getloadavg()}")
    print(f"data_version   {min(dv) * 1e6:8.1f} µs   floor SELECT 1 {min(floor_dv) * 1e6:6.1f} µs   "
          f"ratio {min(dv) / min(floor_dv):.1f}x")
    print(f"load_snapshot  {min(snap) * 1e3:8.2f} ms   floor raw entries SELECT {min(floor_snap) * 1e3:6.3f} ms   "
          f"ratio {min(snap) / min(floor_snap):.0f}x")
    ws.close()


if __name__ == "__main__":
    main()
