"""workbench.portable: the POSIX branch run for real here, the Windows branch run with what
Windows lacks taken away (no SIGKILL, no killpg, no pread) and, for the lock, a stand-in
`msvcrt` that records what it is asked (msvcrt cannot run on Linux)."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench import portable
from workbench.evidence.paths import path_problem, windows_name_problem

LOCK_CHILD = """
import os, sys
from workbench.portable import lock_exclusive_nonblocking
fd = os.open(sys.argv[1], os.O_RDWR)
print(lock_exclusive_nonblocking(fd))
"""


def _fd(path: Path, flags: int = os.O_RDWR | os.O_CREAT) -> int:
    return os.open(path, flags | portable.BINARY, 0o644)


def test_an_exclusive_lock_is_refused_to_another_open_file_and_another_process(tmp_path: Path) -> None:
    p = tmp_path / "x.part"
    a, b = _fd(p), _fd(p)
    try:
        assert portable.lock_exclusive_nonblocking(a) is True
        assert portable.lock_exclusive_nonblocking(b) is False  # another open file, same process
        out = subprocess.run([sys.executable, "-c", LOCK_CHILD, str(p)], capture_output=True, text=True,
                             timeout=60, check=True).stdout.strip()
        assert out == "False"  # another process
        portable.unlock(a)
        assert portable.lock_exclusive_nonblocking(b) is True
    finally:
        os.close(a)
        os.close(b)


class FakeMsvcrt(types.ModuleType):
    """Windows' msvcrt.locking as documented: from the file position, OSError(EACCES) when held."""

    LK_UNLCK, LK_LOCK, LK_NBLCK = 0, 1, 2

    def __init__(self, held: bool = False, fail: int = errno.EACCES) -> None:
        super().__init__("msvcrt")
        self.calls: list[tuple[int, int, int]] = []
        self.held, self.fail = held, fail

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        self.calls.append((mode, os.lseek(fd, 0, os.SEEK_CUR), nbytes))
        if mode == self.LK_NBLCK and self.held:
            raise OSError(self.fail, "Permission denied")


def _windows(monkeypatch: pytest.MonkeyPatch, msvcrt: FakeMsvcrt | None = None) -> None:
    monkeypatch.setattr(portable, "IS_WINDOWS", True)
    monkeypatch.setitem(sys.modules, "fcntl", None)  # `import fcntl` raises, as on Windows
    if msvcrt is not None:
        monkeypatch.setitem(sys.modules, "msvcrt", msvcrt)


def test_the_windows_lock_takes_one_byte_past_the_data_and_puts_the_position_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeMsvcrt()
    _windows(monkeypatch, fake)
    fd = _fd(tmp_path / "x.part")
    try:
        os.write(fd, b"12345")
        assert portable.lock_exclusive_nonblocking(fd) is True
        portable.unlock(fd)
        assert fake.calls == [(fake.LK_NBLCK, portable._WIN_LOCK_AT, 1), (fake.LK_UNLCK, portable._WIN_LOCK_AT, 1)]
        assert os.lseek(fd, 0, os.SEEK_CUR) == 5  # where the writer left it
    finally:
        os.close(fd)


@pytest.mark.parametrize("err", [errno.EACCES, getattr(errno, "EDEADLOCK", errno.EDEADLK)])
def test_the_windows_lock_held_elsewhere_is_false_and_other_failures_raise(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, err: int) -> None:
    _windows(monkeypatch, FakeMsvcrt(held=True, fail=err))
    fd = _fd(tmp_path / "x.part")
    try:
        assert portable.lock_exclusive_nonblocking(fd) is False
        assert os.lseek(fd, 0, os.SEEK_CUR) == 0
        monkeypatch.setitem(sys.modules, "msvcrt", FakeMsvcrt(held=True, fail=errno.EBADF))
        with pytest.raises(OSError):
            portable.lock_exclusive_nonblocking(fd)
    finally:
        os.close(fd)


@pytest.mark.parametrize("has_pread", [True, False])
def test_pread_reads_at_an_offset_and_an_append_writer_still_appends(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, has_pread: bool) -> None:
    if not has_pread:
        monkeypatch.delattr(os, "pread")  # as on Windows
    fd = _fd(tmp_path / "x.part", os.O_RDWR | os.O_CREAT | os.O_APPEND)
    try:
        os.write(fd, b"a\nb\r\nc")
        assert portable.pread(fd, 3, 2) == b"b\r\n"  # bytes as written: binary
        assert portable.pread(fd, 99, 5) == b"c" and portable.pread(fd, 9, 6) == b""
        os.write(fd, b"d")
        assert (tmp_path / "x.part").read_bytes() == b"a\nb\r\ncd"
    finally:
        os.close(fd)


GROUP = """
import subprocess, sys, time
kid = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
print(kid.pid, flush=True)
time.sleep(60)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def _wait_gone(pid: int, seconds: float = 10.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if not _alive(pid):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("hard", [False, True])
def test_signal_group_reaches_the_childs_own_children(hard: bool) -> None:
    proc = subprocess.Popen([sys.executable, "-c", GROUP], stdout=subprocess.PIPE, text=True,
                            **portable.new_session())  # type: ignore[call-overload]
    try:
        grandchild = int(proc.stdout.readline())  # type: ignore[union-attr]
        portable.signal_group(proc, hard=hard)
        assert proc.wait(10) == (-signal.SIGKILL if hard else -signal.SIGTERM)
        assert _wait_gone(grandchild)
    finally:
        portable.kill_hard(proc)
        proc.wait(10)
        proc.stdout.close()  # type: ignore[union-attr]


def test_on_windows_a_gentle_group_stop_is_the_callers_and_a_hard_one_kills(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(portable, "IS_WINDOWS", True)
    monkeypatch.delattr(os, "killpg")  # (signal.SIGKILL stays: Popen.kill needs it on Linux)
    assert portable.new_session() == {}
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        portable.signal_group(proc, hard=False)
        with pytest.raises(subprocess.TimeoutExpired):
            proc.wait(0.3)
        portable.signal_group(proc, hard=True)
        assert proc.wait(10) != 0
        portable.kill_hard(proc)  # already gone: nothing raised
    finally:
        proc.kill()
        proc.wait(10)


@pytest.mark.parametrize(("name", "safe"), [
    ("CON", "_CON"), ("con.wbsync", "_con.wbsync"), ("NUL.x.json", "_NUL.x.json"), ("COM1 .pdf", "_COM1 .pdf"),
    ("Console.pdf", "Console.pdf"), ("MJ-PS-001-评估打分表.pdf", "MJ-PS-001-评估打分表.pdf"),
    ("10:42 现场.jpg", "10_42 现场.jpg"), ("a/b\\c", "a_b_c"), ('q<>"|?*.txt', "q______.txt"),
    ("name. . ", "name"), ("", "file"), ("...", "file"), (" ", "file"), ("\u202efdp.exe", "_fdp.exe"),
])
def test_safe_file_name(name: str, safe: str) -> None:
    assert portable.safe_file_name(name) == safe


def test_a_long_chinese_name_is_cut_on_a_character_keeping_its_extension() -> None:
    out = portable.safe_file_name("麻江县" * 100 + ".pdf")
    assert out.endswith(".pdf") and len(out.encode("utf-8")) <= portable.MAX_NAME_BYTES
    assert out[:-4] == "麻江县" * 21 + "麻江"[: len(out) - 4 - 63]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_whatever_the_data_the_name_is_one_windows_can_create(name: str) -> None:
    out = portable.safe_file_name(name)
    assert out and len(out.encode("utf-8")) <= portable.MAX_NAME_BYTES
    problem = path_problem(out) or windows_name_problem(out)
    # a disguised double extension ("x.pdf.exe") is the package rules' concern, not a name's
    assert problem is None or "executable extension" in problem, (name, out, problem)


def test_the_package_rules_and_portable_share_the_reserved_names() -> None:
    for n in ("CON", "prn.txt", "Aux.json", "nul", "COM9.x", "lpt¹", "CONOUT$"):
        assert portable.is_reserved_name(n) and windows_name_problem(n) is not None
    assert not portable.is_reserved_name("CONSOLE") and not portable.is_reserved_name("COM10")


def _refusing_replace(monkeypatch: pytest.MonkeyPatch, times: int) -> list[str]:
    """os.replace that fails `times` times with PermissionError, as Windows does while a virus
    scanner or the indexer holds the new file, then renames for real."""
    real, calls = os.replace, []

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append(str(dst))
        if len(calls) <= times:
            raise PermissionError(13, "Access is denied")
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    return calls


def test_on_windows_a_rename_refused_for_a_moment_is_tried_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(portable, "IS_WINDOWS", True)
    monkeypatch.setattr(portable, "REPLACE_RETRIES", (0.0, 0.0, 0.0))
    (tmp_path / "a").write_bytes(b"new")
    calls = _refusing_replace(monkeypatch, 2)
    portable.replace(tmp_path / "a", tmp_path / "b")
    assert len(calls) == 3 and (tmp_path / "b").read_bytes() == b"new"
    (tmp_path / "c").write_bytes(b"x")
    calls = _refusing_replace(monkeypatch, 99)
    with pytest.raises(PermissionError):
        portable.replace(tmp_path / "c", tmp_path / "b")
    assert len(calls) == 4 and (tmp_path / "b").read_bytes() == b"new"


def test_on_posix_a_refused_rename_is_not_tried_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a").write_bytes(b"new")
    calls = _refusing_replace(monkeypatch, 1)
    with pytest.raises(PermissionError):
        portable.replace(tmp_path / "a", tmp_path / "b")
    assert len(calls) == 1
