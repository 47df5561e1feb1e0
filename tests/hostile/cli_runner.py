"""Run the workbench CLI in its own process per run, and take snapshots of folders.

`ForkServer` keeps one warm interpreter (forkserver.py) that forks a fresh process per run;
`console_script` runs the installed `workbench` program itself, to check that both agree.
`snapshot` records what a folder holds (paths, types, sizes, mtimes, SHA-256 of regular
files, symlink targets) without opening anything that could block (FIFOs, devices).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
# seconds per run: a hang fails the case instead of blocking the suite. A hang never ends, so
# this only has to be well above the slowest honest run: 2.1 s (sheet sign, print) of 1,062 runs
# at load 8 on 2 cores (HOSTILE_TIMES), median 0.16 s. 10 s left a loaded CI machine a factor of
# 5; a run that ends costs no more with a larger bound.
TIMEOUT = 60.0
MEMORY = 3 << 30  # address-space limit per run: a bomb fails the case, not the machine
HASH_LIMIT = 64 << 20


@dataclass(frozen=True)
class Run:
    argv: list[str]
    rc: int
    stdout: str
    stderr: str
    timed_out: bool
    seconds: float

    def describe(self) -> str:
        shown = " ".join(a if len(a) < 80 else a[:77] + "…" for a in self.argv)
        return (f"workbench {shown!r}\n  exit {self.rc}{' (TIMED OUT)' if self.timed_out else ''} in "
                f"{self.seconds:.2f} s\n  stderr: {self.stderr[-3000:]!r}\n  stdout: {self.stdout[-500:]!r}")


def _read(p: Path) -> str:
    return p.read_bytes().decode("utf-8", "backslashreplace") if p.exists() else ""


class ForkServer:
    """One warm interpreter; `run` forks a fresh process for each command."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()

    def _start(self) -> subprocess.Popen[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "WORKBENCH_"))}
        env["PYTHONPATH"] = str(REPO)
        proc = subprocess.Popen([sys.executable, str(HERE / "forkserver.py")], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True, env=env, cwd=REPO)
        assert proc.stdout is not None
        ready = proc.stdout.readline()
        assert json.loads(ready) == {"ready": True}, ready
        return proc

    def run(self, argv: list[str], *, env: dict[str, str], cwd: Path, out_dir: Path, timeout: float = TIMEOUT,
            fsize: int | None = None, obey_permissions: bool = False) -> Run:
        req = {"argv": argv, "env": env, "cwd": str(cwd), "stdout": str(out_dir / "stdout.txt"),
               "stderr": str(out_dir / "stderr.txt"), "timeout": timeout, "fsize": fsize, "memory": MEMORY,
               "obey_permissions": obey_permissions}
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._proc = self._start()
            assert self._proc.stdin is not None and self._proc.stdout is not None
            self._proc.stdin.write(json.dumps(req) + "\n")  # ensure_ascii: lone surrogates survive
            self._proc.stdin.flush()
            reply = json.loads(self._proc.stdout.readline())
        return Run(argv, reply["rc"], _read(out_dir / "stdout.txt"), _read(out_dir / "stderr.txt"),
                   reply["timed_out"], reply["seconds"])

    def close(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            assert self._proc.stdin is not None
            self._proc.stdin.close()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()


def console_script(argv: list[str], *, env: dict[str, str], cwd: Path, timeout: float = TIMEOUT) -> Run:
    """The installed `workbench` program, as a user runs it (argv as bytes: surrogateescape)."""
    exe = Path(sys.executable).with_name("workbench")
    cmd = [os.fsencode(str(exe))] + [os.fsencode(a) for a in argv]
    benv = {os.fsencode(k): os.fsencode(v) for k, v in env.items()}
    try:
        p = subprocess.run(cmd, env=benv, cwd=cwd, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as e:
        return Run(argv, -9, (e.stdout or b"").decode("utf-8", "backslashreplace"),
                   (e.stderr or b"").decode("utf-8", "backslashreplace"), True, timeout)
    return Run(argv, p.returncode, p.stdout.decode("utf-8", "backslashreplace"),
               p.stderr.decode("utf-8", "backslashreplace"), False, 0.0)


def snapshot(root: Path, *, skip: frozenset[str] = frozenset()) -> dict[str, tuple]:
    """Everything under `root` (top-level names in `skip` left out): never opens non-regular files."""
    out: dict[str, tuple] = {}

    def walk(d: Path, rel: str) -> None:
        try:
            names = sorted(os.listdir(d))
        except OSError as e:
            out[rel + "/"] = ("unlistable", e.errno)
            return
        for name in names:
            if not rel and name in skip:
                continue
            p = d / name
            key = f"{rel}/{name}" if rel else name
            st = os.lstat(p)
            if stat.S_ISREG(st.st_mode) and st.st_size > HASH_LIMIT:  # a sparse "huge" input: no 3 GB reads
                out[key] = ("file", st.st_size, st.st_mtime_ns, stat.S_IMODE(st.st_mode), "not hashed")
            elif stat.S_ISREG(st.st_mode):
                h = hashlib.sha256()
                with open(p, "rb") as f:
                    for chunk in iter(lambda f=f: f.read(1 << 20), b""):
                        h.update(chunk)
                out[key] = ("file", st.st_size, st.st_mtime_ns, stat.S_IMODE(st.st_mode), h.hexdigest())
            elif stat.S_ISLNK(st.st_mode):
                out[key] = ("symlink", os.readlink(p))
            elif stat.S_ISDIR(st.st_mode):
                out[key] = ("dir", stat.S_IMODE(st.st_mode))
                walk(p, key)
            else:
                out[key] = ("special", stat.S_IFMT(st.st_mode), st.st_mtime_ns)

    walk(root, "")
    return out


def diff(before: dict[str, tuple], after: dict[str, tuple]) -> list[str]:
    changes = [f"removed {k}" for k in before if k not in after]
    changes += [f"added {k} {after[k][:2]}" for k in after if k not in before]
    changes += [f"changed {k}: {before[k]} -> {after[k]}" for k in before if k in after and before[k] != after[k]]
    return changes
