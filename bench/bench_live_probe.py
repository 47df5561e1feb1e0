"""What the live refresh's probe costs once it also reads the signed state (issue 12 follow-up):
`load_snapshot` + `signed_state` (what `_probe` does when the data version moved) against
`load_snapshot` alone (the probe before), interleaved, best of 3. Both run on a pool thread.

    .venv/bin/python bench/bench_live_probe.py [--snapshots 40]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "signing"))
from sheet_helpers import PASS, make_identity  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE as CODE  # noqa: E402
from workbench.evidence import demo_package_path, import_package  # noqa: E402
from workbench.signing.from_sources import remember_signed, sheet_from_workspace  # noqa: E402
from workbench.signing.sheet import sign_sheet  # noqa: E402
from workbench.store import Workspace  # noqa: E402
from workbench.ui.live_refresh import _probe  # noqa: E402
from workbench.ui.review.session import load_snapshot  # noqa: E402


def per_call(fn, n: int) -> float:  # noqa: ANN001
    t = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t) / n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--snapshots", type=int, default=40)
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    ws = Workspace.open(tmp / "ws")
    import_package(ws, demo_package_path())
    me = ws.set_local_reviewer("王芳", "麻江县教育和科技局", "member")
    for i, item in enumerate(ws.school(CODE).rubric.items):  # a fully scored school with notes, signed
        ws.set_score(CODE, me.id, item.id, "0.5")
        ws.set_note(CODE, me.id, item.id, f"现场核实 {i}")
    ident = make_identity(tmp / "id", name="王芳")
    sheet, rubric = sheet_from_workspace(ws, CODE, me.id)
    remember_signed(ws, CODE, me.id, sign_sheet(sheet, ident, ident.private_key(PASS), rubric))
    before, after = [], []
    for _ in range(3):
        before.append(per_call(lambda: load_snapshot(ws, CODE, me.id), a.snapshots))
        after.append(per_call(lambda: _probe(ws, -1, CODE, me.id), a.snapshots))
    print(f"load average {os.getloadavg()}")
    print(f"probe with signed state {min(after) * 1e3:6.2f} ms   snapshot alone {min(before) * 1e3:6.2f} ms   "
          f"ratio {min(after) / min(before):.2f}x")
    ws.close()


if __name__ == "__main__":
    main()
