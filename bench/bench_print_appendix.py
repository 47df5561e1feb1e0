#!/usr/bin/env python3
"""Benchmark: the print dialog's re-render when the 附录：现场照片 box is switched (issue 12 item 1).

One demo school, fully scored, with N camera-sized photos attached (noise JPEGs: the worst
case for decoding and embedding). In the same run, interleaved, best of --repeat:
  - floor:    draft_form without the appendix (the form alone: 3 pages, embedded CJK subset);
  - blobs:    draft_form with the appendix read from the blob store (what `print --photos`
              does: every photo decoded at every render);
  - cached:   draft_form with the appendix from the print dialog's in-memory printed-size
              thumbnails (after the first render; what switching the box or signing costs).
Prints the load average, each time and its ratio to the floor.

    .venv/bin/python bench/bench_print_appendix.py              # 8 photos of 3000 x 2000
    .venv/bin/python bench/bench_print_appendix.py --photos 4 --repeat 1   # quick
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "signing"))

from PIL import Image  # noqa: E402
from sheet_helpers import full_scores  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE as CODE  # noqa: E402
from workbench.evidence import demo_package_path, import_package  # noqa: E402
from workbench.printing.workspace_form import draft_form  # noqa: E402
from workbench.store import Workspace  # noqa: E402


def interleaved(fns: list, repeat: int) -> list[float]:
    """Best time of each function, the functions taking turns in every round."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            t = time.perf_counter()
            fn()
            times[i].append(time.perf_counter() - t)
    return [min(t) for t in times]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--photos", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=2)
    ns = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        ws = Workspace.open(tmp / "ws")
        try:
            me = ws.set_local_reviewer("王芳", "麻江县教育和科技局", "member")
            import_package(ws, demo_package_path())
            for iid, v in full_scores().items():
                ws.set_score(CODE, me.id, iid, v)
            paths = []
            for i in range(ns.photos):
                p = tmp / f"IMG_{i:04}.jpg"
                Image.effect_noise((3000, 2000), 30 + i).convert("RGB").save(p, quality=85)
                paths.append(p)
            ws.import_photos(CODE, paths, me.id, "B3")
            draft_form(ws, CODE, me)  # warm: fonts, rubric
            draft_form(ws, CODE, me, photos=True, cached=True)  # the dialog's first render fills the cache
            print(f"load average {os.getloadavg()[0]:.1f}; {ns.photos} photos 3000x2000, best of {ns.repeat}")
            floor, blobs, cached = interleaved([lambda: draft_form(ws, CODE, me),
                                                lambda: draft_form(ws, CODE, me, photos=True),
                                                lambda: draft_form(ws, CODE, me, photos=True, cached=True)],
                                               ns.repeat)
            print(f"floor (form alone)     {floor * 1000:8.0f} ms")
            print(f"appendix from blobs    {blobs * 1000:8.0f} ms  {blobs / floor:5.1f}x floor")
            print(f"appendix, cached       {cached * 1000:8.0f} ms  {cached / floor:5.1f}x floor")
            print(f"load average {os.getloadavg()[0]:.1f}")
        finally:
            ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
