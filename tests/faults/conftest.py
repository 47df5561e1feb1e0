"""Failures of the machine, for real: a 2 MiB tmpfs that fills up, a file system remounted
read-only, and the real `workbench` command run as a subprocess against them.

Mounting needs root (CI and these sessions run as root). Where mounting is not permitted,
the full-disk tests fall back to RLIMIT_FSIZE in the subprocess (writes past the limit fail
with EFBIG, as on a full disk); tests that need a real mount skip with the reason. A folder
whose permissions were taken away is tried by a root process without the capabilities that
let root ignore permissions (`setpriv`, util-linux), since root ignores them otherwise.
"""

from __future__ import annotations

import contextlib
import errno
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from workbench.evidence import demo_package_path, import_package
from workbench.store import Workspace

ENTRY = [sys.executable, "-m", "workbench.entry"]
# root, minus the capabilities that override file permissions: sees them as their owner would
NO_DAC = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]
# Files a writer may leave behind when it is not atomic: the helper's own temporary name,
# mkstemp's, and the blob store's.
STRAY = (".wbtmp", ".tmp")


def _try_mount(target: Path, options: str) -> str | None:
    """Mount a tmpfs on `target`; None when done, else why it could not be.
    WORKBENCH_TEST_NO_MOUNT=1 tries the fallbacks on a machine that could mount."""
    if os.environ.get("WORKBENCH_TEST_NO_MOUNT") == "1":
        return "WORKBENCH_TEST_NO_MOUNT=1"
    if shutil.which("mount") is None:
        return "no mount command"
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
                       capture_output=True, text=True)
    return None if r.returncode == 0 else (r.stderr.strip() or f"mount exited {r.returncode}")


def _umount(target: Path) -> None:
    r = subprocess.run(["umount", str(target)], capture_output=True)
    if r.returncode != 0:  # a process still holds a file there: detach it anyway
        subprocess.run(["umount", "-l", str(target)], capture_output=True)


@dataclass
class Disk:
    """A small file system for one test, or (fallback) a folder plus a file-size limit."""

    root: Path
    mounted: bool
    fsize_limit: int | None = None  # bytes, for the RLIMIT_FSIZE fallback
    filler: list[Path] = field(default_factory=list)

    def fill(self) -> None:
        """Use up every free byte (on the tmpfs); the fallback limit is applied per process."""
        if not self.mounted:
            return
        n = len(self.filler)
        p = self.root / f".filler-{n}"
        self.filler.append(p)
        block = b"\0" * 4096
        with open(p, "wb", buffering=0) as f:
            try:
                while True:
                    f.write(block)
            except OSError as e:
                assert e.errno == errno.ENOSPC, e
        # a few bytes may remain below one block: take them too
        q = self.root / f".filler-{n}b"
        self.filler.append(q)
        with open(q, "wb", buffering=0) as f, contextlib.suppress(OSError):
            while True:
                f.write(b"\0")

    def leave_free(self, nbytes: int) -> None:
        """Fill the disk, then give back about `nbytes` (the fallback: a limit of `nbytes` per file)."""
        if not self.mounted:
            self.fsize_limit = nbytes
            return
        self.fill()
        big = self.filler[-2]
        size = big.stat().st_size
        os.truncate(big, max(0, size - nbytes))

    def free(self) -> None:
        for p in self.filler:
            with contextlib.suppress(OSError):
                p.unlink()
        self.filler.clear()
        self.fsize_limit = None  # the fallback: no limit from now on

    def preexec(self):  # noqa: ANN201 - a preexec_fn for subprocess
        if self.mounted or self.fsize_limit is None:
            return None
        limit = self.fsize_limit

        def apply() -> None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # then write() fails with EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        return apply

    def run(self, *args: object, **kw) -> subprocess.CompletedProcess:  # noqa: ANN003
        return cli(*args, preexec_fn=self.preexec(), **kw)


@contextlib.contextmanager
def tmpfs(size: str, base: Path) -> Iterator[Path | str]:
    """A tmpfs of `size` mounted under `base`, unmounted afterwards even when the test
    failed; yields the reason as a str when it cannot be mounted."""
    target = base / "mnt"
    target.mkdir()
    why = _try_mount(target, f"size={size},mode=0755")
    if why is not None:
        yield why
        return
    try:
        yield target
    finally:
        _umount(target)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Disk]:
    """A real 2 MiB tmpfs (room for the demo workspace: see tmpfs_only), or a folder plus
    RLIMIT_FSIZE of 4 KiB for the subprocess (every output tried is bigger)."""
    with tmpfs("2m", tmp_path) as m:
        if isinstance(m, Path):
            yield Disk(m, mounted=True)
        else:
            d = tmp_path / "limited"
            d.mkdir()
            yield Disk(d, mounted=False, fsize_limit=4096)


@pytest.fixture
def tmpfs_only(tmp_path: Path) -> Iterator[Disk]:
    """A real 2 MiB tmpfs; skips when mounting is not permitted. (The demo's files are kept in
    the database: with their copy in the WAL the demo workspace needs ~1.4 MB for a moment.)"""
    with tmpfs("2m", tmp_path) as m:
        if not isinstance(m, Path):
            pytest.skip(f"needs a tmpfs mount (not permitted here: {m})")
        yield Disk(m, mounted=True)


def cli(*args: object, env: dict[str, str] | None = None, preexec_fn=None, honour_permissions: bool = False,  # noqa: ANN001
        timeout: float = 120) -> subprocess.CompletedProcess:
    """The real command in a subprocess (`honour_permissions`: as root that cannot override
    file permissions)."""
    e = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    e.pop("WORKBENCH_DEBUG", None)
    e.update(env or {})
    argv = [*(NO_DAC if honour_permissions and os.geteuid() == 0 else []), *ENTRY, *map(str, args)]
    return subprocess.run(argv, capture_output=True, text=True, env=e, preexec_fn=preexec_fn, timeout=timeout,
                          cwd="/")


def can_drop_permission_override() -> str | None:
    """None when `cli(honour_permissions=True)` works here, else why not."""
    if os.geteuid() != 0:
        return None  # not root: permissions apply anyway
    if shutil.which("setpriv") is None:
        return "no setpriv (util-linux) to drop root's permission override"
    r = subprocess.run([*NO_DAC, sys.executable, "-c", "pass"], capture_output=True, text=True)
    return None if r.returncode == 0 else f"setpriv failed: {r.stderr.strip()}"


def assert_one_line_failure(r: subprocess.CompletedProcess, *needles: str) -> str:
    """Non-zero exit, exactly one line on stderr from the workbench, no traceback."""
    err = r.stderr
    assert r.returncode != 0, f"expected a failure, got exit 0: {r.stdout}"
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("workbench: "), err
    for n in needles:
        assert n in err, err
    return err


def stray_files(root: Path) -> list[Path]:
    """Temporary files left anywhere under `root` (the tmpfs' own fillers do not count)."""
    out = []
    for p in root.rglob("*"):
        if p.is_file() and not p.name.startswith(".filler-") and (
                p.name.endswith(STRAY) or p.parent.name == "tmp" and p.parent.parent.name == "blobs"):
            out.append(p)
    return out


def listing(root: Path) -> dict[str, int]:
    """Every file under `root` with its size (the tmpfs' fillers left out)."""
    return {str(p.relative_to(root)): p.stat().st_size for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.startswith(".filler-")}


def integrity(db: Path) -> str:
    con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def make_workspace(root: Path, *, with_demo: bool = True) -> None:
    with Workspace.open(root) as ws:
        if with_demo:
            import_package(ws, demo_package_path())
        ws.set_local_reviewer("王老师", "麻江县电教站", "member")
