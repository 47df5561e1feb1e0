#!/usr/bin/env python3
"""Benchmark: import_package throughput against verify_package's over the same package.

The package comes from bench_verify.py's generator (stored random "photos", deflated text
"documents"). In the same run, interleaved, each in a fresh child process:
  - floor: verify_package(pkg)                      (checks every entry; writes nothing)
  - ours:  import_package(Workspace.open(new), pkg) (checks every entry and stores the new
           ones durably: entries of at most 64 KiB committed to the database in ~4 MiB
           transactions, larger ones as files, each fsynced, each folder once; then the commit)
and prints ratio = import throughput / verify throughput (goal >= 0.5). Each import goes
into a new workspace in the scratch folder (on the same disk as the package), removed after
the run; the page cache is warm for both. Also printed: the import's peak resident set
during the measured work (VmHWM reset after the imports of modules).

    .venv/bin/python bench/bench_import.py --size-mb 200 --small-files 2000 --runs 2
    .venv/bin/python bench/bench_import.py --size-mb 0 --small-files 2000   # the small files only
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_verify import HEAD, MiB, child_verify, make_files  # noqa: E402

from workbench.evidence.writer import SourceFile, write_package  # noqa: E402

CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from workbench.evidence import import_package
from workbench.store import Workspace
import PIL.Image, PIL.JpegImagePlugin, PIL.PngImagePlugin  # imported lazily otherwise

def status(key):
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(key + ":"))

ws = Workspace.open({ws!r})
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # the peak resident set from here on
base = status("VmRSS")
t = time.perf_counter()
r = import_package(ws, {pkg!r})
dt = time.perf_counter() - t
ws.close()
import sqlite3
con = sqlite3.connect({ws!r} + "/workspace.db")
in_db = con.execute("SELECT count(*) FROM small_blobs").fetchone()[0]
con.close()
print(base, status("VmHWM"), dt, r.bytes, r.new_blobs, in_db)
"""


def child_import(pkg: Path, ws: Path) -> tuple[int, int, float, int, int, int]:
    """(RSS before KiB, peak RSS KiB, seconds, bytes, new blobs, of which in the database) of one
    import into a new workspace."""
    code = CHILD.format(root=str(ROOT), pkg=str(pkg), ws=str(ws))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return int(out[0]), int(out[1]), float(out[2]), int(out[3]), int(out[4]), int(out[5])


def make_small(src: Path, count: int, seed: int = 11) -> list[SourceFile]:
    """`count` small text files (2–20 KB), where per-file costs (fsync, rename) dominate."""
    import random

    rng = random.Random(seed)
    files = []
    for n in range(count):
        ind = f"B{n % 29 + 1}"
        (src / ind).mkdir(parents=True, exist_ok=True)
        p = src / ind / f"note{n:05d}.txt"
        p.write_bytes(rng.randbytes(rng.randint(1_000, 10_000)).hex().encode())
        files.append(SourceFile(f"{ind}/{p.name}", p, (ind,)))
    return files


def compare(tmp: Path, pkg: Path, runs: int, label: str) -> None:
    child_verify(pkg)  # warm the page cache
    ours, floor, peaks = [], [], []
    for n in range(runs):  # interleaved so both see the same machine load
        floor.append(child_verify(pkg)[2])
        ws = tmp / f"ws{n}"
        base, peak, dt, total, new, in_db = child_import(pkg, ws)
        ours.append(dt)
        peaks.append((peak - base) / 1024)
        shutil.rmtree(ws)
    t_ours, t_floor = min(ours), min(floor)
    ratio = t_floor / t_ours
    print(f"[{label}] {new} files ({in_db} kept in the database), {total / MiB:.0f} MiB")
    print(f"  floor: verify_package: {t_floor:.2f} s ({total / MiB / t_floor:.0f} MiB/s)")
    print(f"  import_package:        {t_ours:.2f} s ({total / MiB / t_ours:.0f} MiB/s, "
          f"{t_ours / new * 1000:.2f} ms per file)")
    print(f"  ratio (import throughput / verify's): {ratio:.2f}  (goal >= 0.50) "
          f"{'OK' if ratio >= 0.5 else 'BELOW GOAL'}")
    print("  all runs (s): import " + " ".join(f"{x:.2f}" for x in ours)
          + " | verify " + " ".join(f"{x:.2f}" for x in floor))
    print(f"  import's peak RSS above its start: {max(peaks):.1f} MiB")


def main() -> int:
    ap = argparse.ArgumentParser(description="import_package vs verify_package")
    ap.add_argument("--size-mb", type=int, default=200, help="bench_verify's mix of this size (0: skip)")
    ap.add_argument("--small-files", type=int, default=2000,
                    help="also a package of this many small files (0: skip)")
    ap.add_argument("--runs", type=int, default=3, help="best of N timings (default 3)")
    ap.add_argument("--tmp", type=Path, default=None, help="scratch folder (default: system temp)")
    args = ap.parse_args()
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        tmp = Path(tmp)
        if args.size_mb:
            t0 = time.perf_counter()
            pkg = tmp / "bench.wbpkg"
            write_package(pkg, HEAD, make_files(tmp / "src", args.size_mb))
            shutil.rmtree(tmp / "src")  # only the package is read from here on
            print(f"built the package ({pkg.stat().st_size / MiB:.0f} MiB) in {time.perf_counter() - t0:.0f} s")
            compare(tmp, pkg, args.runs, f"{args.size_mb} MiB, bench_verify's mix")
        if args.small_files:
            small = tmp / "small.wbpkg"
            write_package(small, HEAD, make_small(tmp / "src", args.small_files))
            shutil.rmtree(tmp / "src")
            compare(tmp, small, args.runs, f"{args.small_files} small files")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
