"""Hostile input to the workspace and photo commands: each refused in one line, non-zero exit."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from PIL import Image

from workbench.cli.main import main
from workbench.errors import StoreError
from workbench.evidence import demo_package_path
from workbench.store import Workspace
from workbench.store.db import KNOWN_REVISIONS, alembic_config

from .conftest import CODE, jpeg_with_exif

NEWER = "0999_from_the_future"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def refused(result: tuple[int, str, str], *words: str) -> None:
    code, out, err = result
    assert code != 0, (out, err)
    assert err.count("\n") == 1 and err.startswith("workbench: "), err
    assert "internal error" not in err and "Traceback" not in err
    for w in words:
        assert w in err, err


@pytest.fixture
def wsdir(tmp_path: Path, capsys) -> list[str]:
    w = ["--workspace", str(tmp_path / "ws")]
    assert run(capsys, "package", "import", str(demo_package_path()), *w)[0] == 0
    assert run(capsys, "workspace", "reviewer", "--name", "王老师", "--org", "电教站", *w)[0] == 0
    return w


def _set_revision(root: Path, rev: str) -> None:
    con = sqlite3.connect(root / "workspace.db")
    with con:
        con.execute("UPDATE alembic_version SET version_num = ?", (rev,))
    con.close()


def test_known_revisions_are_alembics_history() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert {r.revision for r in script.walk_revisions()} == KNOWN_REVISIONS


def test_newer_workspace_is_refused_before_alembic(tmp_path: Path, capsys) -> None:
    root = tmp_path / "ws"
    Workspace.open(root).close()
    _set_revision(root, NEWER)
    with pytest.raises(StoreError, match=f"made by a newer version of Workbench \\(schema {NEWER}\\)"):
        Workspace.open(root)
    with pytest.raises(StoreError, match="newer version"):
        Workspace.open(root, read_only=True)
    for argv in (["workspace", "info"], ["photos", "list", CODE], ["workspace", "audit", CODE]):
        refused(run(capsys, *argv, "--workspace", str(root)), "newer version of Workbench", NEWER,
                "install that version or open another workspace")
    con = sqlite3.connect(root / "workspace.db")  # refused, not "migrated" into something else
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (NEWER,)
    con.close()


def test_photo_import_of_nothing_says_why(tmp_path: Path, wsdir: list[str], capsys) -> None:
    cases: dict[str, bytes] = {"text.jpg": b"hello, I am text\n" * 20, "empty.jpg": b""}
    good = jpeg_with_exif(tmp_path / "good.jpg")
    cases["cut.jpg"] = good.read_bytes()[:200]
    for name, data in cases.items():
        p = tmp_path / name
        p.write_bytes(data)
        refused(run(capsys, "photos", "import", CODE, str(p), *wsdir), "no photos imported", name)
    bomb = tmp_path / "bomb.png"
    Image.new("1", (12_000, 12_000)).save(bomb)  # 144 MP: over the limit, small on disk
    refused(run(capsys, "photos", "import", CODE, str(bomb), *wsdir), "no photos imported", "pixels")


def test_photo_import_refuses_special_and_huge_files(tmp_path: Path, wsdir: list[str], capsys) -> None:
    d = tmp_path / "photos"
    d.mkdir()
    os.mkfifo(d / "pipe.jpg")
    (d / "zero.jpg").symlink_to("/dev/zero")
    refused(run(capsys, "photos", "import", CODE, str(d), *wsdir), "no photos imported", "no photo files")
    refused(run(capsys, "photos", "import", CODE, str(d / "pipe.jpg"), *wsdir), "named pipe")
    refused(run(capsys, "photos", "import", CODE, str(d / "zero.jpg"), *wsdir), "character device")
    huge = tmp_path / "huge.jpg"
    huge.write_bytes(b"\xff\xd8\xff\xe0")
    os.truncate(huge, 3 << 30)  # sparse: reading it would take minutes
    refused(run(capsys, "photos", "import", CODE, str(huge), *wsdir), "no photos imported", "larger than")
    assert run(capsys, "photos", "list", CODE, *wsdir)[1] == ""


def test_partial_import_still_succeeds(tmp_path: Path, wsdir: list[str], capsys) -> None:
    d = tmp_path / "p"
    d.mkdir()
    jpeg_with_exif(d / "a.jpg")
    (d / "b.jpg").write_bytes(b"junk")
    code, out, _ = run(capsys, "photos", "import", CODE, str(d), *wsdir)
    assert code == 0 and "1 photos" in out and "skipped b.jpg" in out


@pytest.mark.parametrize("argv", [
    ["photos", "list", "NOPE-404"], ["photos", "list", CODE, "--indicator", "B99"],
    ["workspace", "audit", "NOPE-404"], ["workspace", "audit", CODE, "--item", "B99.9"],
    ["photos", "move", "99999999999999999999999999", "B4"], ["photos", "remove", "99999999999999999999999999"],
    ["photos", "move", "-1", "B4"], ["photos", "remove", "12345"],
])
def test_unknown_ids_are_refused(argv: list[str], wsdir: list[str], capsys) -> None:
    refused(run(capsys, *argv, *wsdir))


def test_known_ids_still_list(wsdir: list[str], capsys) -> None:
    assert run(capsys, "workspace", "score", CODE, "B1.1", "1", *wsdir)[0] == 0
    code, out, _ = run(capsys, "workspace", "audit", CODE, "--item", "B1.1", *wsdir)
    assert code == 0 and "B1.1" in out
    assert run(capsys, "workspace", "audit", CODE, "--item", "B3", *wsdir)[0] == 0
    assert run(capsys, "photos", "list", CODE, "--indicator", "B3", *wsdir) == (0, "", "")


@pytest.mark.parametrize("flag,value", [
    ("--name", "王老师\n伪造的第二行"), ("--name", "\x1b[31m红字\x1b[0m"), ("--name", "abc\u202edcba"),
    ("--org", "电教站\u200b"), ("--name", "x" * 65),
])
def test_reviewer_names_must_be_one_printable_line(flag: str, value: str, wsdir: list[str], capsys) -> None:
    args = ["workspace", "reviewer", "--name", value if flag == "--name" else "李老师",
            *(["--org", value] if flag == "--org" else []), *wsdir]
    code, out, err = run(capsys, *args)
    refused((code, out, err))
    assert "\x1b" not in err and "\n" not in err[:-1]
    assert run(capsys, "workspace", "reviewer", *wsdir)[1].startswith("王老师 (电教站")  # unchanged


def test_non_utf8_arguments_are_refused_centrally(tmp_path: Path, wsdir: list[str], capsys) -> None:
    bad = os.fsdecode(b"caf\xe9")
    refused(run(capsys, "workspace", "reviewer", "--name", bad, *wsdir), "argument --name", "not UTF-8")
    refused(run(capsys, "workspace", "audit", bad, *wsdir), "argument CODE", "not UTF-8")
    refused(run(capsys, "photos", "import", CODE, str(tmp_path / bad), *wsdir), "argument PATH", "not UTF-8")
    refused(run(capsys, "workspace", "info", "--workspace", str(tmp_path / bad)), "argument --workspace")
    assert not (tmp_path / bad).exists()  # refused before a workspace was made there
