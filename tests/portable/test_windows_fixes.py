"""The Windows findings of the portability audit (docs/windows.md), each checked here: the
panel hub stops without SIGKILL/killpg, logs and reads UTF-8 whatever the locale, a regular
file opens where os.set_blocking refuses non-pipes, and the CLI prints Chinese to a stdout
whose code page has none."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workbench import inputs, portable
from workbench.sync.panel_hub import PanelHub, PanelHubError, _wait_ready

ROOT = Path(__file__).resolve().parents[2]
EOF_CHILD = "import sys; sys.stdin.buffer.read(); sys.exit(0)"  # as panel_hub_child: EOF, then stop
STUBBORN = "import time; time.sleep(60)"


def _hub(tmp_path: Path, code: str) -> PanelHub:
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, **portable.new_session())  # type: ignore[call-overload]
    return PanelHub(tmp_path, "127.0.0.1", 1, "h", "n", "f" * 64, proc)


def _as_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(portable, "IS_WINDOWS", True)
    monkeypatch.delattr(os, "killpg")  # Windows has none (signal.SIGKILL stays: Popen.kill needs it here)


def test_on_windows_the_panel_hub_stops_gently_by_closing_its_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _as_windows(monkeypatch)
    ph = _hub(tmp_path, EOF_CHILD)
    proc = ph.proc
    ph.stop(timeout=20)
    assert proc is not None and proc.returncode == 0  # ended by itself on EOF, not killed
    assert ph.proc is None and not ph.running


def test_on_windows_a_panel_hub_that_does_not_stop_is_killed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _as_windows(monkeypatch)
    ph = _hub(tmp_path, STUBBORN)
    proc = ph.proc
    ph.stop(timeout=0.3)
    assert proc is not None and proc.returncode not in (None, 0)


def test_on_posix_the_panel_hub_is_still_stopped_by_sigterm_to_its_group(tmp_path: Path) -> None:
    ph = _hub(tmp_path, STUBBORN)
    proc = ph.proc
    ph.stop(timeout=10)
    assert proc is not None and proc.returncode == -15


ASCII_LOCALE = {"LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}

READ_LOG = """
import locale, subprocess, sys
from pathlib import Path
from workbench.sync.panel_hub import PanelHub, PanelHubError, _wait_ready
assert locale.getpreferredencoding(False).lower() in ("ansi_x3.4-1968", "ascii", "us-ascii"), locale.getpreferredencoding(False)
d = Path(sys.argv[1])
proc = subprocess.Popen([sys.executable, "-c", "pass"]); proc.wait()
try:
    _wait_ready(PanelHub(d, "127.0.0.1", 1, "h", "n", "f" * 64, proc), None)
except PanelHubError as e:
    sys.stdout.buffer.write(str(e).encode("utf-8"))
"""


def _ascii_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHONIOENCODING"))}
    return env | ASCII_LOCALE


def test_the_panel_hub_log_is_read_as_utf8_under_a_locale_without_chinese(tmp_path: Path) -> None:
    # what the hub child writes with PYTHONIOENCODING=utf-8 (start_panel_hub sets it)
    (tmp_path / "serve.log").write_bytes("workbench: 无法监听 127.0.0.1:8470\n".encode())
    out = subprocess.run([sys.executable, "-c", READ_LOG, str(tmp_path)], env=_ascii_env(), capture_output=True,
                         timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr.decode("utf-8", "replace")
    assert "无法监听 127.0.0.1:8470" in out.stdout.decode("utf-8")


def test_the_panel_hub_log_tail_is_in_the_error_here_too(tmp_path: Path) -> None:
    (tmp_path / "serve.log").write_bytes("启动\nERROR: 端口已被占用\n".encode())
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait(30)
    with pytest.raises(PanelHubError, match="端口已被占用"):
        _wait_ready(PanelHub(tmp_path, "127.0.0.1", 1, "h", "n", "f" * 64, proc), None)


def test_a_regular_file_opens_where_set_blocking_takes_pipes_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows has no O_NONBLOCK, and its os.set_blocking (Python 3.12+) raises for anything but
    a pipe: open_regular called it on every package and score file."""
    def pipes_only(fd: int, blocking: bool) -> None:
        raise OSError(22, "The parameter is incorrect")

    monkeypatch.setattr(portable, "NONBLOCK", 0)
    monkeypatch.setattr(os, "set_blocking", pipes_only)
    p = tmp_path / "scores.json"
    p.write_bytes(b'{"a":\r\n1}')
    with inputs.open_regular(p, what="score file") as f:
        assert f.read() == b'{"a":\r\n1}'
    assert inputs.read_regular(p, what="score file", max_bytes=100) == b'{"a":\r\n1}'


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "workbench", *args], env=env, capture_output=True, timeout=120,
                          cwd=ROOT)


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "cp1252"}, ASCII_LOCALE], ids=["cp1252", "C-locale"])
def test_the_cli_prints_chinese_to_a_stdout_without_chinese(env: dict[str, str]) -> None:
    """`workbench rubric show > out.txt` on an English Windows laptop (stdout in cp1252) ended
    with "the input holds text that is not valid Unicode"; now the names come out as escapes."""
    out = _cli(["rubric", "show"], _ascii_env() | env)
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode(env.get("PYTHONIOENCODING", "ascii"))  # “quotes” are in cp1252
    assert "\\u9ebb\\u6c5f\\u53bf" in text and "[majiang-2015]" in text  # 麻江县


def test_a_utf8_stdout_is_left_as_it_is() -> None:
    out = _cli(["rubric", "show"], _ascii_env() | {"PYTHONIOENCODING": "utf-8"})
    assert out.returncode == 0 and "麻江县" in out.stdout.decode("utf-8")


def _replace_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """os.replace as Windows answers when another program (Excel, a PDF reader) has the target open."""
    real = os.replace

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst).exists():
            raise PermissionError(13, "Access is denied", str(dst))
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize(("windows", "code"), [(True, "in_use"), (False, "read_only")])
def test_replacing_a_file_another_program_has_open_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           windows: bool, code: str) -> None:
    from workbench.atomic import WriteError, atomic_write

    target = tmp_path / "结论表.pdf"
    target.write_bytes(b"old")
    monkeypatch.setattr(portable, "IS_WINDOWS", windows)
    monkeypatch.setattr(portable, "REPLACE_RETRIES", (0.0,))  # still refused when tried again: in use
    _replace_refused(monkeypatch)
    with pytest.raises(WriteError) as e:
        atomic_write(target, b"new", what="PDF")
    assert e.value.code == code
    if windows:
        assert "close the file in the program that has it open" in str(e.value.hint)
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["结论表.pdf"]
    atomic_write(tmp_path / "new.pdf", b"new")  # a name nobody has open is written as ever
    assert (tmp_path / "new.pdf").read_bytes() == b"new"


class _Tty:
    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, s: str) -> int:
        self.text += s
        return len(s)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("windows", [True, False])
def test_package_progress_uses_no_escape_codes_on_windows(monkeypatch: pytest.MonkeyPatch, windows: bool) -> None:
    from workbench.cli import cmd_package

    tty = _Tty()
    monkeypatch.setattr(portable, "IS_WINDOWS", windows)
    monkeypatch.setattr(sys, "stderr", tty)
    show = cmd_package._progress("verifying")
    assert show is not None
    show(1, 2, "B3/机房.jpg")
    show(2, 2, "B3/机房.jpg")
    assert "verifying  50%  B3/机房.jpg" in tty.text
    assert ("\x1b" in tty.text) is not windows


def test_a_pulled_package_is_imported_through_a_temp_folder_that_is_always_removed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """sync.importing writes a package that arrived in memory to a temporary folder for the
    verifier; on Windows a file still open there cannot be removed, and that must never
    replace the import's own error (ignore_cleanup_errors)."""
    import tempfile

    from workbench.errors import PackageError
    from workbench.evidence import demo_package_path
    from workbench.store import Workspace
    from workbench.sync.importing import import_document

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "t"))
    (tmp_path / "t").mkdir()
    data = demo_package_path().read_bytes()
    with Workspace.open(tmp_path / "ws") as ws:
        assert import_document(ws, "package", data, doc_hash="x", source="hub") is True
        with pytest.raises(PackageError):
            import_document(ws, "package", data[: len(data) // 2], doc_hash="x", source="hub")
    assert list((tmp_path / "t").iterdir()) == []
