"""kill -9 during a package import (a real subprocess): the school is visible only with every
file stored, the workspace stays consistent (no half blob under a real name, temporary files
gone on the next open, PRAGMA integrity_check), and importing again works.

One kill lands exactly between the blob batch's fsyncs and the commit that makes the school
visible (the subprocess stops there and says so); the others at random moments of imports.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

from workbench.evidence import import_package
from workbench.rubric.canonical import canonical_bytes
from workbench.store import Workspace

IMPORTER = textwrap.dedent("""
    import os, sys, time
    from workbench.evidence import import_package
    from workbench.store import Workspace
    from workbench.store.workspace import Workspace as W

    if os.environ.get("HOLD_BEFORE_COMMIT") == "1":
        add = W.add_package_version
        def held(self, *a, **k):  # every blob is durable and named here; the commit is next
            print("committing", flush=True)
            time.sleep(60)
            return add(self, *a, **k)
        W.add_package_version = held
    ws = Workspace.open(sys.argv[1])
    print("ready", flush=True)
    r = import_package(ws, sys.argv[2])
    print("imported", r.new_blobs, flush=True)
""")
CODE = "T-001"


def _package(path: Path) -> dict[str, bytes]:
    """~6 MB in 30 files, stored and deflated: enough for two threads and many blob folders;
    and 60 notes of at most 64 KiB, which are kept in the database."""
    rng = random.Random(7)
    files = {f"B{i % 7 + 1}/f{i:02d}.{'jpg' if i % 3 == 0 else 'txt'}":
             rng.randbytes(rng.randint(50_000, 500_000)) if i % 3 == 0 else
             (b"report %d " % i) * rng.randint(2_000, 30_000) for i in range(30)}
    files.update({f"B{i % 7 + 1}/note{i:02d}.txt": rng.randbytes(rng.randint(100, 60_000)) for i in range(60)})
    manifest = {"format": "workbench-evidence/1", "rubric": "majiang-2015",
                "school": {"code": CODE, "name": "测试小学", "stage": "primary", "students": 400},
                "application": {"type": "qualified", "submitted": "2026-10-01"},
                "self_assessment": {}, "files": [
                    {"path": n, "sha256": hashlib.sha256(d).hexdigest(), "size": len(d),
                     "indicators": [n.split("/")[0]]} for n, d in files.items()]}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, d in files.items():
            zf.writestr(n, d)
        zf.writestr("manifest.json", canonical_bytes(manifest))
    return files


def _start(ws: Path, pkg: Path, *, hold: bool = False) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="1", HOLD_BEFORE_COMMIT="1" if hold else "0")
    proc = subprocess.Popen([sys.executable, "-c", IMPORTER, str(ws), str(pkg)], stdout=subprocess.PIPE,
                            text=True, env=env)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def _kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()


def _check_consistent(ws_root: Path, files: dict[str, bytes]) -> bool:
    """The workspace after a kill; True when the school is visible (then it is whole)."""
    con = sqlite3.connect(ws_root / "workspace.db")
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()
    with Workspace.open(ws_root) as ws:  # opening removes what a crash left in blobs/tmp
        assert list((ws_root / "blobs" / "tmp").iterdir()) == []
        for p in (ws_root / "blobs").rglob("*"):
            if p.is_file():  # no half-written file under a real name, ever
                assert hashlib.sha256(p.read_bytes()).hexdigest() == p.name
        with ws.engine.connect() as conn:  # nor a half-written small blob kept in the database
            for sha, data in conn.exec_driver_sql("SELECT sha256, data FROM small_blobs"):
                assert hashlib.sha256(data).hexdigest() == sha
        visible = [s.code for s in ws.list_schools()]
        if not visible:
            return False
        assert visible == [CODE]
        stored = ws.package_files(CODE)
        assert {f.path for f in stored} == set(files)
        for f in stored:
            with ws.blobs.open(f.sha256) as fh:
                assert fh.read() == files[f.path]
        return True


def _import_again(ws_root: Path, pkg: Path, files: dict[str, bytes]) -> None:
    with Workspace.open(ws_root) as ws:
        import_package(ws, pkg)
    assert _check_consistent(ws_root, files)


def test_kill_between_the_blob_fsyncs_and_the_commit(tmp_path: Path) -> None:
    pkg = tmp_path / "school.wbpkg"
    files = _package(pkg)
    ws = tmp_path / "ws"
    proc = _start(ws, pkg, hold=True)
    assert proc.stdout.readline().strip() == "committing"
    _kill(proc)
    assert _check_consistent(ws, files) is False  # no school: the commit never happened
    with Workspace.open(ws) as w:  # the blobs are there, durable and named: not written again
        assert all(w.blobs.has(hashlib.sha256(d).hexdigest()) for d in files.values())
        r = import_package(w, pkg)
        assert r.created and r.new_blobs == 0
    assert _check_consistent(ws, files)


def test_kill_at_random_moments_of_an_import_loses_nothing(tmp_path: Path) -> None:
    pkg = tmp_path / "school.wbpkg"
    files = _package(pkg)
    calibrate = tmp_path / "calibrate"
    proc = _start(calibrate, pkg)
    t = time.monotonic()
    assert proc.stdout.readline().startswith("imported")  # how long an import takes here, now
    took = time.monotonic() - t
    proc.wait()
    proc.stdout.close()
    rng = random.Random(20261127)
    outcomes = []
    for n in range(3):
        ws = tmp_path / f"ws{n}"
        proc = _start(ws, pkg)
        time.sleep(rng.uniform(0, took * 0.8))
        _kill(proc)
        outcomes.append(_check_consistent(ws, files))
        _import_again(ws, pkg, files)
    assert outcomes.count(False) >= 1  # at least one kill landed before the commit
