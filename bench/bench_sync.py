#!/usr/bin/env python3
"""Benchmark: one sync round pushing 200 photos (12 MP) and 7 sheets, against copying the same
bytes over loopback with plain httpx.

  - ours: `workbench.sync.worker.run_round` from a chair's workspace whose outbox holds the
    7 members' signed sheets (29 or so photos each, in the workspace's blob store) to a
    fresh hub subprocess (SQLite, 1 worker): ask which photos the hub lacks (and where any
    partial upload stands), upload them 4 at a time, each photo one RFC 9421-signed PATCH
    whose Content-Digest is its name (the hub records the nonce while it streams the body to
    disk, around the page cache, hashing it once; then fsyncs and links it into place), push
    each of the 7 sheets as soon as its
    photos are up (each verified by the hub, its receipt verified by us, every state change
    committed), then pull;
  - floor: the same 207 files PUT one after another with plain `httpx` (one connection,
    streamed from the file) to a minimal ASGI app under uvicorn on loopback that writes each
    body to a file, fsyncs it and renames it into place: bytes over loopback to disk, no
    signatures, no hashing, no verification;
  - photos: random-noise JPEGs of 4000 x 3000 pixels (noise in `--block`-pixel squares, so
    the file is the size of a real phone photo, ~4.5 MB), made once and cached in
    $TMPDIR/wb-bench-sync-photos;
  - each side runs --repeat times, interleaved, each time against a fresh server; the best
    time of each is compared (the machine is shared). Each run also prints the CPU seconds
    of the server process and of this process (the client) over the measured part, the
    round's phases, and the load average.

    .venv/bin/python bench/bench_sync.py                       # 200 photos, 7 sheets, best of 2
    .venv/bin/python bench/bench_sync.py --photos 40 --repeat 1   # quick
    .venv/bin/python bench/bench_sync.py --photos 40 --profile    # where the time goes
    .venv/bin/python bench/bench_sync.py --photos 40 --profile-cpu   # where the hub's CPU goes
    .venv/bin/python bench/bench_sync.py --photos 40 --timers        # the hub's steps, no profiler

`--profile` runs one round with one upload thread under cProfile (the client), against a hub
whose steps are timed (`bench/sync_hub_timing.py`: cProfile cannot see uvicorn's thread pool).
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
sys.path.insert(0, str(ROOT / "tests" / "hub"))
sys.path.insert(0, str(ROOT / "tests" / "sync"))

from helpers.docs import sheet_doc  # noqa: E402
from helpers.hubproc import HubProcess, init_hub  # noqa: E402
from helpers.identities import make_person  # noqa: E402
from helpers.pg import free_port  # noqa: E402
from sync_helpers import big_jpeg  # noqa: E402

from workbench.signing.sheet import sheet_file_bytes  # noqa: E402
from workbench.store import Workspace  # noqa: E402
from workbench.store.outbox import Outbox  # noqa: E402
from workbench.sync.client import HubClient  # noqa: E402
from workbench.sync.worker import run_round  # noqa: E402

SCHOOL = "MJ-PS-001"
FLOOR_APP = '''
import os, uuid
ROOT = os.environ["FLOOR_DIR"]
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    name = scope["path"].strip("/").replace("/", "_") or "x"
    tmp = os.path.join(ROOT, "." + uuid.uuid4().hex)
    with open(tmp, "wb") as f:
        more = True
        while more:
            msg = await receive()
            f.write(msg.get("body", b""))
            more = msg.get("more_body", False)
        f.flush()
        os.fsync(f.fileno())
    os.rename(tmp, os.path.join(ROOT, name))
    await send({"type": "http.response.start", "status": 201, "headers": []})
    await send({"type": "http.response.body", "body": b""})
'''


def photos(n: int, block: int) -> list[Path]:
    d = Path(tempfile.gettempdir()) / "wb-bench-sync-photos"
    d.mkdir(exist_ok=True)
    out = []
    for i in range(n):
        out.append(big_jpeg(d / f"photo-{block}-{i:03d}.jpg", seed=1000 + i, block=block))
        if i % 20 == 19:
            print(f"  photos ready: {i + 1}/{n}", flush=True)
    return out


def proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def self_cpu() -> float:
    return time.process_time()  # every thread of this process


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def floor_run(files: list[Path], work: Path) -> tuple[float, float, float]:
    """(wall s, server CPU s, client CPU s) of PUTting `files` to a fresh floor server."""
    import httpx

    d = work / "floor"
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    app = work / "floor_app.py"
    app.write_text(FLOOR_APP)
    port = free_port()
    env = dict(os.environ, FLOOR_DIR=str(d), PYTHONPATH=str(work))
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "floor_app:app", "--host", "127.0.0.1", "--port",
                             str(port), "--log-level", "warning"], env=env, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                httpx.get(url + "/ping", timeout=1, trust_env=False)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        s0, c0, t0 = proc_cpu(proc.pid), self_cpu(), time.perf_counter()
        with httpx.Client(base_url=url, timeout=60, trust_env=False) as c:
            for f in files:
                with f.open("rb") as src:
                    r = c.put("/" + f.name, content=src)
                    r.raise_for_status()
        return time.perf_counter() - t0, proc_cpu(proc.pid) - s0, self_cpu() - c0
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(d, ignore_errors=True)


def _enroll(url: str, admin, chair, members) -> None:  # noqa: ANN001 - helpers' Person
    with HubClient(url, admin.identity, admin.key) as a:
        for p, role in [(chair, "chair"), *((m, "member") for m in members)]:
            a.enroll(p.identity.cert_pem, role)
        a.assign(SCHOOL, "bench", [chair.fingerprint, *(m.fingerprint for m in members)])


def profile_round(ws, work: Path, admin, chair, members, *, clock: str = "wall") -> None:  # noqa: ANN001
    """One round under cProfile against a hub with timers (sync_hub_timing); both printed.
    clock "wall" or "cpu": the hub's cProfile clock; "off": no cProfile anywhere, the hub's
    step timers only (the round as it runs, at the default number of upload threads)."""
    import cProfile
    import pstats

    import httpx

    data = work / "hub-profile"
    init_hub(data, admin.cert_path, name="bench")
    port = free_port()
    log = work / "hub-profile.log"
    env = dict(os.environ, WORKBENCH_HUB_DATA=str(data), PYTHONPATH=os.pathsep.join([str(ROOT / "bench"), str(ROOT)]),
               WB_HUB_PROFILE_CLOCK=clock)
    with log.open("wb") as logf:
        proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "sync_hub_timing:app_from_env",
                                 "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                                env=env, stdout=logf, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(url + "/v1/hub", timeout=1, trust_env=False).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        _enroll(url, admin, chair, members)
        prof = cProfile.Profile()
        t0 = time.perf_counter()
        if clock != "off":
            prof.enable()
        rep = run_round(ws, lambda: HubClient(url, chair.identity, chair.key))
        prof.disable()
        print(f"round {time.perf_counter() - t0:.2f} s{' under cProfile' if clock != 'off' else ''} ({rep.summary()})")
        if clock != "off":
            st = pstats.Stats(prof).sort_stats("tottime")
            st.print_stats(25)
            st.sort_stats("cumulative").print_stats(30)
    finally:
        proc.terminate()
        proc.wait(30)
    print(log.read_text(errors="replace"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--photos", type=int, default=200)
    ap.add_argument("--sheets", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--block", type=int, default=10, help="noise square size: 10 gives ~4.5 MB photos")
    ap.add_argument("--upload-workers", type=int, default=None, help="photos uploaded at once (default: the worker's)")
    ap.add_argument("--profile", action="store_true", help="one round, one upload thread: client cProfile, hub timers")
    ap.add_argument("--profile-cpu", action="store_true", help="as --profile, the hub's cProfile in CPU time")
    ap.add_argument("--timers", action="store_true", help="one round as usual against the hub with step timers, "
                    "no cProfile (wall time of each step under the round's real concurrency)")
    args = ap.parse_args()
    clock = "cpu" if args.profile_cpu else "off" if args.timers else "wall"
    if args.profile or args.profile_cpu:
        args.upload_workers = 1
    args.profile = args.profile or args.profile_cpu or args.timers
    if args.profile:
        args.repeat = 1
    if args.upload_workers:
        import workbench.sync.worker as worker
        worker.UPLOAD_WORKERS = args.upload_workers

    from workbench.evidence import demo_package_path
    from workbench.evidence.importer import import_package

    work = Path(tempfile.mkdtemp(prefix="wb-bench-sync-"))
    try:
        jpgs = photos(args.photos, args.block)
        total_photo_bytes = sum(p.stat().st_size for p in jpgs)
        admin = make_person(work / "admin", "钱管理", role="admin")
        chair = make_person(work / "chair", "张组长", role="chair")
        members = [make_person(work / f"m{i}", f"成员{i}") for i in range(args.sheets)]
        ws = Workspace.open(work / "ws")
        import_package(ws, demo_package_path())
        shas = [ws.blobs.put_stream(iter([p.read_bytes()]))[0] for p in jpgs]
        ob = Outbox(ws)
        sheet_files = []
        for i, m in enumerate(members):
            mine = shas[i::args.sheets]
            data = sheet_file_bytes(sheet_doc(m, photos=mine, shift=i))
            ob.enqueue("sheet", data, mine)
            f = work / f"sheet-{i}.json"
            f.write_bytes(data)
            sheet_files.append(f)
        floor_files = jpgs + sheet_files
        total = total_photo_bytes + sum(f.stat().st_size for f in sheet_files)
        print(f"{len(jpgs)} photos, {total_photo_bytes / 1e6:.0f} MB ({total_photo_bytes / len(jpgs) / 1e6:.1f} MB "
              f"each), {args.sheets} sheets", flush=True)

        ours: list[tuple[float, float, float]] = []
        floor: list[tuple[float, float, float]] = []
        if args.profile:
            profile_round(ws, work, admin, chair, members, clock=clock)
            return
        print(f"load average at start: {loadavg()}", flush=True)
        for n in range(args.repeat):
            floor.append(floor_run(floor_files, work))
            print(f"  floor run {n + 1}: {floor[-1][0]:.2f} s (server CPU {floor[-1][1]:.2f} s, client CPU "
                  f"{floor[-1][2]:.2f} s; load {loadavg()})", flush=True)
            data = work / f"hub{n}"
            init_hub(data, admin.cert_path, name="bench")
            hub = HubProcess(data).start()
            try:
                _enroll(hub.url, admin, chair, members)
                assert hub.proc is not None
                phases: dict[str, float] = {}
                s0, c0, t0 = proc_cpu(hub.proc.pid), self_cpu(), time.perf_counter()
                rep = run_round(ws, lambda hub=hub: HubClient(hub.url, chair.identity, chair.key),
                                progress=lambda p, phases=phases: phases.setdefault(p.phase, time.perf_counter()))
                ours.append((time.perf_counter() - t0, proc_cpu(hub.proc.pid) - s0, self_cpu() - c0))
                assert rep.ok and len(rep.pushed) == args.sheets and rep.photos_uploaded == len(jpgs), rep.summary()
            finally:
                hub.stop()
                shutil.rmtree(data, ignore_errors=True)
            print(f"  round run {n + 1}: {ours[-1][0]:.2f} s (hub CPU {ours[-1][1]:.2f} s, client CPU "
                  f"{ours[-1][2]:.2f} s; load {loadavg()}) ({rep.summary()})", flush=True)
            marks = sorted(phases.items(), key=lambda kv: kv[1]) + [("end", t0 + ours[-1][0])]
            print("    phases: " + ", ".join(f"{a} {b1 - b0:.2f} s" for (a, b0), (_, b1) in zip(marks, marks[1:], strict=False)),
                  flush=True)
        ws.close()
        b_ours, b_floor = min(ours), min(floor)
        cpu_ours, cpu_floor = min(o[1] + o[2] for o in ours), min(f[1] + f[2] for f in floor)
        print(f"\nbytes {total / 1e6:.0f} MB; floor (plain httpx PUTs) best {b_floor[0]:.2f} s "
              f"({total / b_floor[0] / 1e6:.0f} MB/s); round best {b_ours[0]:.2f} s "
              f"({total / b_ours[0] / 1e6:.0f} MB/s); ratio {b_ours[0] / b_floor[0]:.2f} (goal <= 1.5)")
        print(f"CPU (server + client) best: floor {cpu_floor:.2f} s, round {cpu_ours:.2f} s, "
              f"ratio {cpu_ours / cpu_floor:.2f}; load average at end: {loadavg()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
