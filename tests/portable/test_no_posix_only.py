"""The core keeps working where POSIX-only parts of Python are missing (the laptops run Windows).

1. Every core module imports in a Python where `fcntl`, `pwd`, `grp`, `resource` and `termios`
   cannot be imported (as on Windows). Attributes of `os` are not taken away for this: the
   libraries' own Linux branches use them (platformdirs: os.getuid), their Windows ones do not.
2. A scan of the core's source: POSIX-only calls (os.pread, os.killpg, signal.SIGKILL, …) only
   in workbench/portable.py, and every `os.open` gives O_BINARY (or is a reviewed exception).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "workbench"

PROBE = """
import importlib, json, pkgutil, sys
for m in ("fcntl", "pwd", "grp", "resource", "termios"):
    sys.modules[m] = None  # `import fcntl` raises ImportError, as on Windows
import workbench
failed = {}
for info in pkgutil.walk_packages(workbench.__path__, "workbench."):
    n = info.name
    if n.startswith("workbench.ui") or ".migrations" in n or n == "workbench.__main__":
        continue
    try:
        importlib.import_module(n)
    except Exception as e:  # noqa: BLE001
        failed[n] = f"{type(e).__name__}: {e}"
print(json.dumps(failed))
"""


@pytest.fixture(scope="module")
def import_failures() -> dict[str, str]:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=240, cwd=ROOT,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_every_core_module_and_the_hub_import_without_posix_only_modules(import_failures: dict[str, str]) -> None:
    assert import_failures == {}


# (path, function) -> why an os.open there needs no O_BINARY
OS_OPEN_REVIEWED = {
    ("workbench/atomic.py", "fsync_dir"): "opens a folder to fsync it; skipped on Windows",
    ("workbench/cli/main.py", "_silence_stdout"): "os.devnull for dup2: nothing is written through it",
}
# (path, function) -> why a POSIX-only module or call is fine there
POSIX_REVIEWED = {
    ("workbench/sync/hub/direct_io.py", "_set_direct"): "O_DIRECT exists on Linux only: never reached on Windows",
}
POSIX_ONLY_ATTRS = {("os", a) for a in ("pread", "pwrite", "killpg", "fork", "setsid", "getuid", "geteuid",
                                        "getpgid", "sync", "mkfifo", "statvfs")} | {("signal", "SIGKILL")}
POSIX_ONLY_MODULES = {"fcntl", "pwd", "grp", "resource", "termios", "msvcrt"}


def _core_sources() -> list[Path]:
    return sorted(p for p in CORE.rglob("*.py") if "ui" not in p.relative_to(CORE).parts[:1]
                  and "migrations" not in p.parts)


def _findings(path: Path, rel: str) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), rel)
    out: list[str] = []
    funcs: list[tuple[int, int, str]] = [(n.lineno, n.end_lineno or n.lineno, n.name) for n in ast.walk(tree)
                                         if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]

    def func_at(line: int) -> str:
        inner = [f for f in funcs if f[0] <= line <= f[1]]
        return max(inner)[2] if inner else "<module>"

    for node in ast.walk(tree):
        if (rel, func_at(getattr(node, "lineno", 0))) in POSIX_REVIEWED:
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            out += [f"{rel}:{node.lineno}: import {n}" for n in names if n.split(".")[0] in POSIX_ONLY_MODULES]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and ((node.value.id, node.attr) in POSIX_ONLY_ATTRS or node.value.id in POSIX_ONLY_MODULES):
            out.append(f"{rel}:{node.lineno}: {node.value.id}.{node.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "open" \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "os":
            flags = ast.unparse(node.args[1]) if len(node.args) > 1 else ""
            if len(node.args) > 1 and isinstance(node.args[1], ast.Name):  # flags = … first
                flags = " | ".join(ast.unparse(a.value) for a in ast.walk(tree) if isinstance(a, ast.Assign)
                                   and any(isinstance(t, ast.Name) and t.id == flags for t in a.targets))
            if "BINARY" not in flags and (rel, func_at(node.lineno)) not in OS_OPEN_REVIEWED:
                out.append(f"{rel}:{node.lineno}: os.open without O_BINARY ({flags})")
    return out


def test_posix_only_calls_live_in_portable_and_every_os_open_is_binary() -> None:
    found = []
    for p in _core_sources():
        rel = p.relative_to(ROOT).as_posix()
        if rel == "workbench/portable.py":
            continue
        found += _findings(p, rel)
    assert found == []


BAD = """
import os, signal
import fcntl

def f(path, proc, fd):
    os.killpg(proc.pid, signal.SIGKILL)
    fcntl.flock(fd, 2)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT)
    flags = os.O_RDONLY
    os.open(path, flags)
    os.open(path, os.O_RDONLY | BINARY)
    return os.pread(fd, 1, 0)
"""


def test_the_scan_sees_what_it_looks_for(tmp_path: Path) -> None:
    p = tmp_path / "bad.py"
    p.write_text(BAD, encoding="utf-8")
    found = [f.split(": ", 1)[1] for f in _findings(p, "bad.py")]
    assert sorted(found) == sorted(["import fcntl", "os.killpg", "signal.SIGKILL", "fcntl.flock", "os.pread",
                                    "os.open without O_BINARY (os.O_WRONLY | os.O_CREAT)",
                                    "os.open without O_BINARY (os.O_RDONLY)"])
