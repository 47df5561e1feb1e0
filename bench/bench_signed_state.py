"""What the signed state costs (issue 12 item 2): `signed_state` for the open school (the
score bar, the edit guard) and the batch `signed_states` the school list calls once.

Floor, measured in the same run, interleaved: the raw rows the state must read (the setting,
the reviewer's entries, the incident, the photos, the newest package) with sqlite3 on an open
connection. Context: `Workspace.result` for the same school, which the school list already
pays per school.

    .venv/bin/python bench/bench_signed_state.py [--calls 200]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tests" / "signing"))
from sheet_helpers import PASS, make_identity  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE as CODE  # noqa: E402
from workbench.evidence import demo_package_path, import_package  # noqa: E402
from workbench.signing.from_sources import remember_signed, sheet_from_workspace  # noqa: E402
from workbench.signing.sheet import sign_sheet  # noqa: E402
from workbench.signing.state import signed_state, signed_states  # noqa: E402
from workbench.store import Workspace  # noqa: E402

FLOOR = [
    ("SELECT value FROM settings WHERE key LIKE 'signing.last_sheet.%'", ()),
    ("SELECT item_id, score, note, checks, methods FROM entries WHERE reviewer_id=? AND school_code=?", "me"),
    ("SELECT incident, description FROM incidents WHERE reviewer_id=? AND school_code=?", "me"),
    ("SELECT sha256, indicator, taken_at FROM photos WHERE removed=0 AND school_code=?", "code"),
    ("SELECT version, manifest_hash FROM package_versions WHERE school_code=?", "code"),
]


def per_call(fn, n: int) -> float:  # noqa: ANN001
    t = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t) / n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=200)
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    ws = Workspace.open(tmp / "ws")
    import_package(ws, demo_package_path())
    me = ws.set_local_reviewer("王芳", "麻江县教育和科技局", "member").id
    for i, item in enumerate(ws.school(CODE).rubric.iter_items()):  # a fully scored school with notes
        ws.set_score(CODE, me, item.id, "0.5")
        ws.set_note(CODE, me, item.id, f"现场核实 {i}")
    ident = make_identity(tmp / "id")
    sheet, rubric = sheet_from_workspace(ws, CODE, me)
    remember_signed(ws, CODE, me, sign_sheet(sheet, ident, ident.private_key(PASS), rubric))
    assert signed_state(ws, CODE, me).is_signed
    raw = sqlite3.connect(tmp / "ws" / "workspace.db")
    args = {"me": (me, CODE), "code": (CODE,), (): ()}

    def floor() -> None:
        for sql, which in FLOOR:
            raw.execute(sql, args[which]).fetchall()

    one, batch, fl, res = [], [], [], []
    for _ in range(3):  # interleaved rounds; the best of each
        one.append(per_call(lambda: signed_state(ws, CODE, me), a.calls))
        batch.append(per_call(lambda: signed_states(ws, me, [CODE]), a.calls))
        fl.append(per_call(floor, a.calls))
        res.append(per_call(lambda: ws.result(CODE, me), a.calls))
    print(f"load average {os.getloadavg()}")
    print(f"signed_state   {min(one) * 1e3:7.2f} ms   floor raw SELECTs {min(fl) * 1e3:6.3f} ms   "
          f"ratio {min(one) / min(fl):.0f}x")
    print(f"signed_states  {min(batch) * 1e3:7.2f} ms (one school)   ws.result {min(res) * 1e3:6.2f} ms "
          f"(what the list pays per school already)")
    ws.close()


if __name__ == "__main__":
    main()
