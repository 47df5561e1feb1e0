#!/usr/bin/env python3
"""Benchmark: the sync client's CPU per photo alone, no hub. `HubClient.upload_blob` sends
whole photos (signed PATCHes, as a round does) to a loopback socket that reads and discards
each body and answers 204; the sending thread's CPU (RUSAGE_THREAD) and minor page faults
are divided by the photos. Other modes, for comparison, on the same connection:

  upload    HubClient.upload_blob (the round's path)
  floor     plain httpx PUT streaming the file (what bench_sync.py's floor does)
  bytes     plain httpx PUT of the file read whole into one bytes object
  sign      only building and signing the PATCH (no body sent)

    .venv/bin/python bench/bench_sync_client.py upload floor sign     # 40 photos, each mode twice
    .venv/bin/python bench/bench_sync_client.py --profile upload      # cProfile of one pass

Photos come from bench_sync.py's cache ($TMPDIR/wb-bench-sync-photos, made if missing).
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import socket
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "hub"))
sys.path.insert(0, str(ROOT / "bench"))

from helpers.identities import make_person  # noqa: E402

from workbench.sync.client import HubClient  # noqa: E402


def _serve(c: socket.socket) -> None:
    """Read each request's head and Content-Length body into one reused buffer; answer 204."""
    buf = bytearray(1 << 20)
    mv = memoryview(buf)
    pending = b""
    while True:
        while b"\r\n\r\n" not in pending:
            d = c.recv(65536)
            if not d:
                return
            pending += d
        head, _, rest = pending.partition(b"\r\n\r\n")
        n = next((int(h.split(b":")[1]) for h in head.split(b"\r\n") if h.lower().startswith(b"content-length:")), 0)
        left, pending = n - len(rest), b""
        if left < 0:
            pending, left = rest[n:], 0
        while left:
            left -= c.recv_into(mv[:min(left, len(buf))])
        c.sendall(b"HTTP/1.1 204 No Content\r\nUpload-Offset: %d\r\nUpload-Complete: ?1\r\n\r\n" % n)


def sink() -> str:
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)

    def accept() -> None:
        while True:
            c, _ = srv.accept()
            threading.Thread(target=_serve, args=(c,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return f"http://127.0.0.1:{srv.getsockname()[1]}"


def thread_cpu() -> tuple[float, int]:
    r = resource.getrusage(resource.RUSAGE_THREAD)
    return r.ru_utime + r.ru_stime, r.ru_minflt


def one_pass(mode: str, url: str, person, files: list[Path], shas: list[str]) -> tuple[float, float]:  # noqa: ANN001
    """(CPU ms, minor faults) per photo of sending every file once in `mode`."""
    with HubClient(url, person.identity, person.key) as c:
        c0, f0 = thread_cpu()
        for f, s in zip(files, shas, strict=True):
            if mode == "upload":
                c.upload_blob(s, f, chunk=8 << 20, verify_source=False, offset=0)
            elif mode == "floor":
                with f.open("rb") as src:
                    c._http.put("/" + s, content=src)
            elif mode == "bytes":
                c._http.put("/" + s, content=f.read_bytes())
            elif mode == "sign":
                c.build("PATCH", "/v1/blobs/" + s, body=b"x", digest=bytes.fromhex(s))
            else:
                raise SystemExit(f"unknown mode {mode}")
        c1, f1 = thread_cpu()
    return (c1 - c0) / len(files) * 1000, (f1 - f0) / len(files)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("modes", nargs="+")
    ap.add_argument("--photos", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    from bench_sync import photos

    files = photos(args.photos, 10)
    shas = [hashlib.sha256(f.read_bytes()).hexdigest() for f in files]
    person = make_person(Path(tempfile.mkdtemp(prefix="wb-bench-client-")) / "p", "张三")
    url = sink()
    if args.profile:
        import cProfile
        import pstats

        one_pass(args.modes[0], url, person, files, shas)
        prof = cProfile.Profile()
        prof.enable()
        one_pass(args.modes[0], url, person, files, shas)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)
        return
    for _ in range(args.repeat):
        for m in args.modes:
            ms, faults = one_pass(m, url, person, files, shas)
            print(f"{m}: {ms:.2f} ms CPU/photo, {faults:.0f} minor faults/photo "
                  f"(load {Path('/proc/loadavg').read_text().split()[0]})", flush=True)


if __name__ == "__main__":
    main()
