"""The CLI's last line of defence (workbench/cli/main.py, workbench/cli/failures.py).

Whatever escapes a command becomes one line on stderr and a non-zero exit: failures of the
machine and of the input with what to do (exit 2), a bug as "internal error" with its
traceback in a log file (exit 70), never on the terminal. The exceptions are real ones,
raised by the operations that raise them; a command's handler is replaced only to make one
escape on purpose (real triggers are being closed one by one by the commands themselves).
"""

from __future__ import annotations

import errno
import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import workbench.cli.cmd_score as cmd_score_module
from workbench.cli import failures
from workbench.cli.main import main


def _raised(fn) -> BaseException:  # noqa: ANN001
    try:
        fn()
    except BaseException as e:  # noqa: BLE001 - we want the real exception object
        return e
    raise AssertionError("did not raise")


def _escape(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    """Make `workbench score` raise `exc` from inside its handler."""
    def handler(args):  # noqa: ANN001, ANN202
        raise exc
    monkeypatch.setattr(cmd_score_module, "cmd_score", handler)


def _one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


REAL = {
    "disk_full": lambda: _raised(lambda: (_ for _ in ()).throw(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/x/sheet.json"))),
    "unicode": lambda: _raised(lambda: "\udcff".encode("utf-8")),
    "recursion": lambda: _raised(lambda: json.loads("[" * 100_000 + "]" * 100_000)),
    "int_limit": lambda: _raised(lambda: json.loads("1" * 5000)),
    "overflow": lambda: _raised(lambda: __import__("datetime").timedelta(days=10**12)),
}


@pytest.mark.parametrize(("name", "expected"), [
    ("disk_full", "no space left"), ("unicode", "not valid Unicode"), ("recursion", "nested too deeply"),
    ("int_limit", "too many digits"), ("overflow", "out of range"),
])
def test_escaped_failures_become_one_line_with_a_hint(name: str, expected: str, monkeypatch, capsys, tmp_path) -> None:
    exc = REAL[name]()
    _escape(monkeypatch, exc)
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    assert main(["score", "x.json"]) == 2
    line = _one_line(capsys.readouterr().err)
    assert line.startswith("workbench: ") and expected in line and "(" in line  # the hint in parentheses
    assert not (tmp_path / failures.LOG_FOLDER).exists()


@pytest.mark.parametrize(("code", "words"), [
    (errno.ENOSPC, "no space left"), (errno.EDQUOT, "no space left"), (errno.EFBIG, "no space left"),
    (errno.EROFS, "read-only"), (errno.EACCES, "permissions"), (errno.ENOENT, "no such file"),
    (errno.EISDIR, "is a folder"), (errno.ELOOP, "operating system refused"),
])
def test_os_errors_say_what_failed_and_what_to_do(code: int, words: str) -> None:
    line = failures.describe_os(OSError(code, os.strerror(code), "/data/报告.pdf"))
    assert line.startswith("/data/报告.pdf: ") and words in line and "\n" not in line


def test_sqlite_full_disk_under_sqlalchemy_is_recognised(tmp_path: Path) -> None:
    """A real 'database or disk is full' from SQLite, wrapped by SQLAlchemy as the store sees it."""
    import sqlite3

    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    db = tmp_path / "w.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE t (x BLOB)")
    con.close()
    engine = create_engine(f"sqlite:///{db}")
    with pytest.raises(OperationalError) as e, engine.begin() as c:
        c.execute(text("PRAGMA max_page_count = 3"))
        c.execute(text("INSERT INTO t VALUES (zeroblob(100000))"))
    said = failures.describe(e.value)
    assert said is not None and "no space left" in said


def test_a_bug_is_one_line_and_its_traceback_goes_to_a_log(monkeypatch, capsys, tmp_path) -> None:
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "ws"))
    monkeypatch.delenv("WORKBENCH_DEBUG", raising=False)
    _escape(monkeypatch, _raised(lambda: {}["missing key"]))
    assert main(["score", "x.json"]) == failures.EXIT_INTERNAL
    line = _one_line(capsys.readouterr().err)
    assert line.startswith("workbench: internal error: KeyError") and "please report" in line
    logs = list((tmp_path / "ws" / failures.LOG_FOLDER).iterdir())
    assert len(logs) == 1 and str(logs[0]) in line
    text = logs[0].read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "missing key" in text and "'score', 'x.json'" in text
    assert logs[0].stat().st_mode & 0o077 == 0  # tracebacks may hold paths: private to the user


def test_the_log_falls_back_to_the_temp_folder(monkeypatch, capsys, tmp_path) -> None:
    blocker = tmp_path / "ws"
    blocker.write_text("a file where the workspace should be")
    monkeypatch.setenv("WORKBENCH_HOME", str(blocker))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr("tempfile.tempdir", None)
    _escape(monkeypatch, _raised(lambda: [][1]))
    assert main(["score", "x.json"]) == failures.EXIT_INTERNAL
    line = _one_line(capsys.readouterr().err)
    logs = list((tmp_path / "tmp" / "workbench-logs").iterdir())
    assert len(logs) == 1 and str(logs[0]) in line


def test_debug_mode_re_raises(monkeypatch) -> None:
    monkeypatch.setenv("WORKBENCH_DEBUG", "1")
    _escape(monkeypatch, _raised(lambda: [][1]))
    with pytest.raises(IndexError):
        main(["score", "x.json"])


def test_usage_errors_are_one_line(capsys) -> None:
    with pytest.raises(SystemExit) as e:
        main(["photos", "move", "not-a-number", "B1"])
    assert e.value.code == 2
    line = _one_line(capsys.readouterr().err)
    assert line.startswith("workbench photos move: ") and "invalid int value" in line and "--help" in line


@pytest.mark.parametrize(("text", "shown"), [
    ("a\nb", "a b"), ("evil\u202efdp.exe", "evil\\u202efdp.exe"), ("\udcff", "\\udcff"),
    ("\x1b[31mred", "\\x1b[31mred"), ("评估表 ok", "评估表 ok"),
])
def test_one_line_escapes_what_could_forge_or_break_a_line(text: str, shown: str) -> None:
    assert failures.one_line(text) == shown


def test_full_disk_under_stdout_is_one_line(tmp_path: Path) -> None:
    """`workbench rubric show > FILE` on a full disk: the flush fails inside main, not at exit."""
    out = tmp_path / "out.txt"

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    with out.open("wb") as f:
        p = subprocess.run([sys.executable, "-m", "workbench", "rubric", "show"], stdout=f, stderr=subprocess.PIPE,
                           preexec_fn=limit, timeout=60, env={**os.environ, "WORKBENCH_HOME": str(tmp_path / "ws")})
    err = p.stderr.decode()
    assert p.returncode == 2, err
    assert "no space left" in _one_line(err)


def test_a_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    p = subprocess.Popen([sys.executable, "-m", "workbench", "rubric", "show"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env={**os.environ, "WORKBENCH_HOME": str(tmp_path / "ws")})
    assert p.stdout is not None and p.stderr is not None
    p.stdout.read(10)
    p.stdout.close()
    err = p.stderr.read().decode()
    assert p.wait(timeout=60) == 0 and err == ""


def _pixel_bomb() -> BaseException:
    import io

    from PIL import Image

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from baseline import package_kit

    return _raised(lambda: Image.open(io.BytesIO(package_kit().png_header(100_000, 100_000))))


LIBRARY = {
    "pixel_bomb": (_pixel_bomb, "decompression bomb"),
    "bad_url": (lambda: _raised(lambda: __import__("httpx").URL("http://[::1")), "not a usable URL"),
    "db_refused": (lambda: _raised(lambda: __import__("psycopg").connect("postgresql://wb@127.0.0.1:1/x",
                                                                         connect_timeout=3)),
                   "cannot connect to the database"),
}


@pytest.mark.parametrize("name", list(LIBRARY))
def test_library_failures_caused_by_the_input_are_one_line(name: str, monkeypatch, capsys, tmp_path) -> None:
    """Real exceptions from Pillow, httpx and psycopg that a command let escape."""
    make, words = LIBRARY[name]
    _escape(monkeypatch, make())
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    assert main(["score", "x.json"]) == 2
    assert words in _one_line(capsys.readouterr().err)
