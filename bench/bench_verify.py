#!/usr/bin/env python3
"""Benchmark: verify_package throughput vs `openssl dgst -sha256` over the same extracted files.

Builds a package of mixed files (stored "photos" of random bytes, deflated text
"documents"), then in the same run times
  - ours:  verify_package(pkg)  (reads the ZIP, inflates, checks size + SHA-256 of every
           entry, hashes the whole package file, checks image headers)
  - floor: `openssl dgst -sha256` over the extracted files (the same bytes, already on disk;
           the same OpenSSL SHA-256 that hashlib uses, so the honest floor)
  - reference: `sha256sum` (Debian's coreutils does not use the CPU's SHA extensions: it
           flatters us, so it is printed but not the floor)
and prints ratio = ours' throughput / openssl's (goal >= 0.8). Memory is taken during the
measured work only, in a child process that only verifies: its resident set just before
`verify_package`, then the peak (VmHWM, reset through /proc/self/clear_refs after imports)
while it runs, and tracemalloc's peak; for the full package and a quarter-size one, to show
it stays flat as the package grows.

    .venv/bin/python bench/bench_verify.py               # ~1 GB
    .venv/bin/python bench/bench_verify.py --size-mb 100 # quick
    .venv/bin/python bench/bench_verify.py --size-mb 200 --memory-mb 512,2048  # + peaks at 0.5 and 2 GB

With --memory-mb, packages of those sizes (same generator) are built one at a time after the
timing and only their verify peak is measured (needs about 1.6× each size free in --tmp).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench.evidence.manifest import FORMAT  # noqa: E402,F401  (import check)
from workbench.evidence.writer import SourceFile, write_package  # noqa: E402

MiB = 1 << 20
WORDS = ["智慧", "校园", "信息化", "会议", "记录", "计划", "总结", "教学", "资源", "网络", "安全", "管理", "教师", "学生", "培训", "设备", "school", "network", "plan", "minutes", "teacher", "student", "2025", "2026", "B1", "B2", "B3", "ok"]


def make_files(src: Path, size_mb: int, seed: int = 7) -> list[SourceFile]:
    """~size_mb of files: 60% stored random 'photos' (0.5–8 MB), 40% deflated text (50 KB–3 MB)."""
    rng = random.Random(seed)
    pool = " ".join(rng.choice(WORDS) for _ in range(200_000)).encode()  # ~1.3 MB of text
    target, done, n = size_mb * MiB, 0, 0
    files = []
    while done < target:
        ind = f"B{n % 29 + 1}"
        (src / ind).mkdir(parents=True, exist_ok=True)
        if rng.random() < 0.35:  # photos average 4.25 MB, documents 1.5 MB: ~60% of bytes
            size = rng.randint(MiB // 2, 8 * MiB)
            p = src / ind / f"photo{n:05d}.jpg"
            p.write_bytes(rng.randbytes(size))
        else:
            size = rng.randint(50_000, 3 * MiB)
            p = src / ind / f"doc{n:05d}.txt"
            with open(p, "wb") as f:
                left = size
                while left > 0:
                    off = rng.randrange(len(pool) - 70_000)
                    piece = pool[off:off + min(left, 65_536)]
                    f.write(piece)
                    left -= len(piece)
        files.append(SourceFile(f"{ind}/{p.name}", p, (ind,)))
        done += p.stat().st_size
        n += 1
    return files


HEAD = {"rubric": "majiang-2015", "school": {"code": "BENCH-1", "name": "基准学校"}}

CHILD = """
import sys, time, tracemalloc
sys.path.insert(0, {root!r})
from workbench.evidence import verify_package
import PIL.Image, PIL.JpegImagePlugin, PIL.PngImagePlugin  # imported lazily otherwise

def status(key):
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(key + ":"))

with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # reset the peak resident set (VmHWM): imports do not count
base = status("VmRSS")
if {trace!r}:
    tracemalloc.start()
t, c = time.perf_counter(), time.process_time()
v = verify_package({pkg!r})
dt, cpu = time.perf_counter() - t, time.process_time() - c
peak = tracemalloc.get_traced_memory()[1] if {trace!r} else 0
print(base, status("VmHWM"), dt, v.total_size, peak, cpu)
"""


def child_verify(pkg: Path, trace: bool = False) -> tuple[int, int, float, int, int, float]:
    """(RSS just before verifying KiB, peak RSS while verifying KiB, seconds, bytes, tracemalloc
    peak B, CPU seconds of all threads)."""
    code = CHILD.format(root=str(ROOT), pkg=str(pkg), trace=trace)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    return int(out[0]), int(out[1]), float(out[2]), int(out[3]), int(out[4]), float(out[5])


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def time_sha256sum(paths: list[Path]) -> float:
    t = time.perf_counter()
    subprocess.run(["xargs", "-0", "sha256sum"], input=b"\0".join(str(p).encode() for p in paths),
                   stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t


def time_openssl(paths: list[Path]) -> tuple[float, float]:
    """The floor: OpenSSL's SHA-256 (SHA-NI where the CPU has it), as hashlib uses it.
    (seconds, CPU seconds of xargs + openssl)."""
    t, c = time.perf_counter(), _children_cpu()
    subprocess.run(["xargs", "-0", "openssl", "dgst", "-sha256"],
                   input=b"\0".join(str(p).encode() for p in paths),
                   stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t, _children_cpu() - c


def main() -> int:
    ap = argparse.ArgumentParser(description="verify_package vs openssl dgst -sha256")
    ap.add_argument("--size-mb", type=int, default=1024)
    ap.add_argument("--runs", type=int, default=3, help="best of N timings (default 3)")
    ap.add_argument("--tmp", type=Path, default=None, help="scratch folder (default: system temp)")
    ap.add_argument("--memory-mb", default="", help="comma-separated package sizes (MiB) for the "
                    "memory peak only, e.g. 512,2048")
    args = ap.parse_args()
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        files = make_files(tmp / "src", args.size_mb)
        pkg = tmp / "big.wbpkg"
        write_package(pkg, HEAD, files)
        small_files = files[: max(1, len(files) // 4)]
        small = tmp / "small.wbpkg"
        write_package(small, HEAD, small_files)
        total = sum(f.source.stat().st_size for f in files)
        print(f"built {len(files)} files, {total / MiB:.0f} MiB uncompressed, package "
              f"{pkg.stat().st_size / MiB:.0f} MiB, in {time.perf_counter() - t0:.0f} s")
        paths = [f.source for f in files]
        time_sha256sum(paths)  # warm the page cache for all three
        ours, floor, ref, cpu_ours, cpu_floor = [], [], [], [], []
        for _ in range(args.runs):  # interleaved so all see the same machine load
            wall, cpu = time_openssl(paths)
            floor.append(wall)
            cpu_floor.append(cpu)
            v = child_verify(pkg)
            ours.append(v[2])
            cpu_ours.append(v[5])
            ref.append(time_sha256sum(paths))
        t_ours, t_floor, t_ref = min(ours), min(floor), min(ref)
        ratio = t_floor / t_ours
        print(f"floor: openssl dgst -sha256 over extracted files: {t_floor:.2f} s ({total / MiB / t_floor:.0f} MiB/s)")
        print(f"verify_package:                                   {t_ours:.2f} s ({total / MiB / t_ours:.0f} MiB/s)")
        print(f"ratio (our throughput / openssl's): {ratio:.2f}  (goal >= 0.80) "
              f"{'OK' if ratio >= 0.8 else 'BELOW GOAL'}")
        print(f"reference (flatters us): sha256sum {t_ref:.2f} s ({total / MiB / t_ref:.0f} MiB/s); "
              f"ratio to it {t_ref / t_ours:.2f}")
        print("all runs (s): ours " + " ".join(f"{x:.2f}" for x in ours)
              + " | openssl " + " ".join(f"{x:.2f}" for x in floor))
        print(f"CPU seconds (all threads; load-proof): ours {min(cpu_ours):.2f}, openssl {min(cpu_floor):.2f}; "
              f"ours on 2 cores at best {min(cpu_ours) / 2:.2f} s wall, ratio {min(cpu_floor) / (min(cpu_ours) / 2):.2f}")
        for label, p in (("small", small), ("full", pkg)):
            base, peak, _, size, _, _ = child_verify(p)
            traced = child_verify(p, trace=True)[4]
            print(f"{label}: verifying {size / MiB:.0f} MiB: RSS before {base / 1024:.1f} MiB, peak while "
                  f"verifying {peak / 1024:.1f} MiB (+{(peak - base) / 1024:.1f} MiB); peak Python "
                  f"allocations during verify {traced / MiB:.2f} MiB")
        shutil.rmtree(tmp / "src")
        for mb in [int(x) for x in args.memory_mb.split(",") if x.strip()]:
            files = make_files(tmp / "mem", mb)
            p = tmp / "mem.wbpkg"
            write_package(p, HEAD, files)
            shutil.rmtree(tmp / "mem")  # only the package stays on disk
            base, peak, seconds, size, _, _ = child_verify(p)
            print(f"memory {mb} MiB: {len(files)} files, package {p.stat().st_size / MiB:.0f} MiB; verifying "
                  f"{size / MiB:.0f} MiB took {seconds:.2f} s: RSS before {base / 1024:.1f} MiB, peak while "
                  f"verifying {peak / 1024:.1f} MiB (+{(peak - base) / 1024:.1f} MiB)")
            p.unlink()
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
