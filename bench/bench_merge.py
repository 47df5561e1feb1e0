#!/usr/bin/env python3
"""Benchmark: the panel merge for many schools against only loading and verifying the sheets.

Setup (not timed): 7 member identities and a chair; for each of --schools schools, 7 signed
sheets (complete, varied scores) written to a temp folder. Then, best of --repeat, in the
same process:

  - floor: read each of the schools × 7 sheet files and `verify_sheet_bytes` it against the
    members' certificates (what any consumer of the sheets must do anyway);
  - merge: per school, read and verify its 7 sheets the same way, then `build_panel_result`
    (merge every item, spreads, flags, per-member deviation, Krippendorff's alpha, the
    result from the scoring engine), `sign_panel` (the chair's low-S ES256 signature) and
    `panel_file_bytes` (canonical JSON of the document).

Prints both times and the ratio merge / floor (goal ≤ 1.2).

    .venv/bin/python bench/bench_merge.py                  # 400 schools × 7 sheets
    .venv/bin/python bench/bench_merge.py --schools 40     # quick
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "panel"))

from panel_helpers import PASS, RUBRIC, make_identity, unsigned  # noqa: E402

from workbench.panel.document import build_panel_result, panel_file_bytes, sign_panel  # noqa: E402
from workbench.signing.sheet import sheet_file_bytes, sign_sheet  # noqa: E402
from workbench.signing.verify import verify_sheet_bytes  # noqa: E402

MEMBERS = 7


def make_sheets(root: Path, schools: int, seed: int = 7) -> tuple[list[list[Path]], list, object, object]:
    rnd = random.Random(seed)
    chair = make_identity(root / "chair", "王芳", "chair")
    members = [make_identity(root / f"m{k}", f"成员{k + 1}") for k in range(MEMBERS)]
    keys = [m.private_key(PASS) for m in members]
    base_school = dict(unsigned({})["school"])
    files: list[list[Path]] = []
    for s in range(schools):
        school = dict(base_school, code=f"BENCH-{s:04d}", name=f"测试学校{s:04d}")
        folder = root / "sheets" / school["code"]
        folder.mkdir(parents=True)
        paths = []
        for k, (m, key) in enumerate(zip(members, keys, strict=True)):
            scores = {i.id: max(Decimal(0), i.points - Decimal(rnd.choice([0, 0, 0, 1, 2])) / 2)
                      for i in RUBRIC.iter_items()}
            sheet = sign_sheet(unsigned(scores, school=school), m, key, RUBRIC)
            p = folder / f"m{k}.json"
            p.write_bytes(sheet_file_bytes(sheet))
            paths.append(p)
        files.append(paths)
    return files, [m.cert for m in members], chair, chair.private_key(PASS)


def floor_run(files: list[list[Path]], roots: list) -> float:
    t = time.perf_counter()
    for paths in files:
        for p in paths:
            verify_sheet_bytes(p.read_bytes(), roots)
    return time.perf_counter() - t


def merge_run(files: list[list[Path]], roots: list, chair, chair_key) -> tuple[float, int]:
    size = 0
    t = time.perf_counter()
    for paths in files:
        verified = [verify_sheet_bytes(p.read_bytes(), roots) for p in paths]
        doc = build_panel_result(RUBRIC, verified, chair=chair.cert)
        size += len(panel_file_bytes(sign_panel(doc, chair, chair_key)))
    return time.perf_counter() - t, size


def merge_only_run(verified: list[list], chair, chair_key) -> float:
    """The merge's own cost: build + sign + serialise from sheets already verified."""
    t = time.perf_counter()
    for vs in verified:
        panel_file_bytes(sign_panel(build_panel_result(RUBRIC, vs, chair=chair.cert), chair, chair_key))
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--schools", type=int, default=400)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-merge-") as tmp:
        t0 = time.perf_counter()
        files, roots, chair, chair_key = make_sheets(Path(tmp), args.schools)
        print(f"setup: {args.schools} schools × {MEMBERS} signed sheets in {time.perf_counter() - t0:.1f} s")
        merge_run(files[:2], roots, chair, chair_key)  # warm-up: imports, schema compile, caches
        floors, merges, only = [], [], []
        size = 0
        verified = [[verify_sheet_bytes(p.read_bytes(), roots) for p in paths] for paths in files]
        for _ in range(args.repeat):  # interleaved so both see the same machine load
            gc.collect()
            floors.append(floor_run(files, roots))
            gc.collect()
            m, size = merge_run(files, roots, chair, chair_key)
            merges.append(m)
            gc.collect()
            only.append(merge_only_run(verified, chair, chair_key))
        n = args.schools * MEMBERS
        f, m = min(floors), min(merges)
        print(f"floor: load + verify {n} sheets           {f:7.2f} s  ({f / n * 1e3:.2f} ms a sheet)")
        print(f"merge: load + verify + merge + sign {args.schools} panels "
              f"{m:7.2f} s  ({m / args.schools * 1e3:.1f} ms a school; {size / args.schools / 1024:.0f} KiB a panel)")
        o = min(only)
        print(f"of which the merge itself (build + sign + serialise, sheets already verified) "
              f"{o:6.2f} s  ({o / args.schools * 1e3:.1f} ms a school)")
        print(f"ratio merge / floor: {m / f:.3f} (goal <= 1.2); merge-only share of the floor {o / f:.3f}")
        print("all runs (s): floor " + " ".join(f"{x:.2f}" for x in floors)
              + " | merge " + " ".join(f"{x:.2f}" for x in merges)
              + " | merge only " + " ".join(f"{x:.2f}" for x in only))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
