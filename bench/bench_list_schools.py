#!/usr/bin/env python3
"""Benchmark: `Workspace.list_schools` at 20 and 200 schools (issue 13: flat in the number of
schools), and the sqlite3-only read the window uses before the store is loaded.

Two workspaces are filled through `add_package_version` with the demo school's manifest under
new codes (real rows, one transaction each, no blobs). Measured interleaved, best and median
of many calls, in the same run:

  list_schools      one query over the summary stored at import (migration 0004)
  manifest parse    what list_schools did before 0004: each school's newest version row and
                    its manifest JSON parsed (not cached, as on a fresh start)
  school_index      workbench.store.school_index.read_school_index (sqlite3 module, own connection)

    .venv/bin/python bench/bench_list_schools.py [--calls 200]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package  # noqa: E402
from workbench.store import Workspace  # noqa: E402
from workbench.store.models import PackageVersionRow, School  # noqa: E402
from workbench.store.school_index import read_school_index  # noqa: E402


def fill(ws: Workspace, n: int) -> None:
    import_package(ws, demo_package_path())
    manifest = ws.school(DEMO_SCHOOL_CODE).manifest
    for i in range(n - 1):
        m = copy.deepcopy(manifest)
        m["school"]["code"] = f"52{i:010d}"
        ws.add_package_version(m, f"sha256:{i:064x}", "0" * 64, "bench.wbpkg")


def parse_manifests(ws: Workspace) -> int:
    """The pre-0004 list: newest version row per school, its manifest parsed."""
    n = 0
    with ws._tx() as s:
        for code in s.scalars(select(School.code).order_by(School.code)):
            pv = s.scalars(select(PackageVersionRow).where(PackageVersionRow.school_code == code)
                           .order_by(PackageVersionRow.version.desc())).first()
            n += bool(json.loads(pv.manifest_json)["school"])
    return n


def timed(fn: Callable[[], object], calls: int) -> list[float]:
    out = []
    for _ in range(calls):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--calls", type=int, default=200, help="calls per measurement (in 10 interleaved rounds)")
    ns = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        spaces = {n: Workspace.open(Path(tmp) / f"ws{n}") for n in (20, 200)}
        try:
            for n, ws in spaces.items():
                fill(ws, n)
                assert len(ws.list_schools()) == n
            ways: dict[str, Callable[[Workspace], object]] = {
                "list_schools": lambda ws: ws.list_schools(),
                "manifest parse (before 0004)": parse_manifests,
                "school_index (sqlite3 only)": lambda ws: read_school_index(ws.root),
            }
            times: dict[tuple[str, int], list[float]] = {}
            for _ in range(10):  # interleaved rounds: a busy machine slows every way alike
                for name, fn in ways.items():
                    k = ns.calls // 10 if fn is not parse_manifests else max(1, ns.calls // 100)  # slow: fewer
                    for n, ws in spaces.items():
                        times.setdefault((name, n), []).extend(timed(lambda f=fn, w=ws: f(w), k))
        finally:
            for ws in spaces.values():
                ws.close()
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {ns.calls} calls each "
          f"({max(10, ns.calls // 10)} for the manifest parse)")
    print(f"{'':30s} {'20 schools':>22s} {'200 schools':>22s} {'200/20 median':>14s} {'best':>5s}")
    for name in ways:
        a, b = times[(name, 20)], times[(name, 200)]
        cell = [f"{statistics.median(x) * 1e3:6.2f} ms (best {min(x) * 1e3:.2f})" for x in (a, b)]
        print(f"{name:30s} {cell[0]:>22s} {cell[1]:>22s} {statistics.median(b) / statistics.median(a):14.1f} "
              f"{min(b) / min(a):5.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
