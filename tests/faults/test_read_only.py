"""A read-only workspace opens for reading: on a file system remounted read-only (a
write-protected USB stick), also when it was not closed cleanly (its last changes still in
the -wal file), and in a folder whose permissions were taken away (as the `nobody` user,
since root ignores permissions). Reading commands work; a write says "this workspace is
read-only: …" in one line; nothing in the folder changes.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path
from workbench.photos import thumbnail
from workbench.signing import identity as identity_mod
from workbench.store import Workspace

from .conftest import (
    assert_one_line_failure,
    can_drop_permission_override,
    cli,
    listing,
    make_workspace,
    tmpfs,
)

CODE = DEMO_SCHOOL_CODE
PASS = "correct horse battery"


def _remount(target: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(target)], check=True, capture_output=True)


def _fill_workspace(ws: Path, photo: Path) -> None:
    make_workspace(ws)
    with Workspace.open(ws) as w:
        me = w.local_reviewer().id
        w.set_score(CODE, me, "B1.1", "1", reason="会议记录齐全")
        w.set_score(CODE, me, "B2.1", "2.5")
        assert len(w.import_photos(CODE, [photo], me, "B3")) == 1


@pytest.fixture
def ro_disk(tmp_path: Path) -> Iterator[Path]:
    """A 32 MiB tmpfs holding a workspace (clean close), then remounted read-only; a signed
    sheet of it in tmp_path/sheet.json (exporting one records it in the workspace)."""
    from .test_full_disk_workspace import _noise_jpeg

    with tmpfs("32m", tmp_path) as m:
        if not isinstance(m, Path):
            pytest.skip(f"needs a tmpfs mount (not permitted here: {m})")
        _fill_workspace(m / "ws", _noise_jpeg(tmp_path / "机房.jpg"))
        identity_mod.create_identity(tmp_path / "id", "王老师", "麻江县电教站", "member", PASS, kdf_rounds=1000)
        r = cli("sheet", "export", "--school", CODE, "--identity", tmp_path / "id", "-o", tmp_path / "sheet.json",
                "--passphrase-env", "WB_PASS", "--allow-incomplete", "--workspace", m / "ws",
                env={"WB_PASS": PASS})
        assert r.returncode == 0, r.stderr
        try:
            _remount(m, "ro")
        except subprocess.CalledProcessError as e:
            pytest.skip(f"cannot remount read-only here: {e.stderr!r}")
        yield m / "ws"


def _reads_work(ws: Path) -> None:
    r = cli("workspace", "info", "--workspace", ws)
    assert r.returncode == 0 and CODE in r.stdout and "王老师" in r.stdout and "2 scored" in r.stdout, \
        r.stdout + r.stderr
    r = cli("workspace", "result", CODE, "--json", "--workspace", ws)
    assert r.returncode == 0 and '"B1.1"' in r.stdout, r.stderr
    r = cli("workspace", "audit", CODE, "--item", "B1.1", "--workspace", ws)
    assert r.returncode == 0 and "会议记录齐全" in r.stdout, r.stderr
    r = cli("photos", "list", CODE, "--workspace", ws)
    assert r.returncode == 0 and "B3" in r.stdout, r.stderr


def _writes_refused(ws: Path) -> None:
    for args in (("workspace", "score", CODE, "B1.1", "0.5"),
                 ("workspace", "reviewer", "--name", "李四", "--org", "县局"),
                 ("workspace", "incident", CODE, "--description", "病毒"),
                 ("photos", "remove", "1")):
        r = cli(*args, "--workspace", ws)
        assert_one_line_failure(r, "this workspace is read-only:")


def test_read_only_mount_reads_and_refuses_writes(ro_disk: Path, tmp_path: Path) -> None:
    ws = ro_disk
    before = listing(ws)
    assert not (ws / "workspace.db-wal").exists()  # closed cleanly: SQLite needs immutable=1
    _reads_work(ws)
    _writes_refused(ws)
    r = cli("photos", "import", CODE, tmp_path / "机房.jpg", "--workspace", ws)
    assert_one_line_failure(r, "this workspace is read-only:")
    r = cli("package", "import", demo_package_path(), "--workspace", ws)  # known package: nothing to write
    assert r.returncode == 0 and "nothing changed" in r.stdout, r.stderr
    assert listing(ws) == before
    # no workspace there yet, and none can be made: one line
    r = cli("workspace", "info", "--workspace", ws.parent / "another")
    assert_one_line_failure(r, "cannot create the workspace folder", "Read-only file system")


def test_read_only_mount_prints_a_form_with_photos(ro_disk: Path, tmp_path: Path) -> None:
    """`print --photos` reads the photos from the read-only workspace."""
    ws = ro_disk
    sheet = tmp_path / "sheet.json"
    form = tmp_path / "form.pdf"
    r = cli("print", sheet, "-o", form, "--photos", "--workspace", ws)
    assert r.returncode == 0, r.stderr
    assert form.read_bytes().startswith(b"%PDF")


def test_read_only_workspace_thumbnails_go_to_the_user_cache(ro_disk: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with Workspace.open(ro_disk) as ws:
        assert ws.read_only
        p = ws.photos(CODE)[0]
        thumb = thumbnail(ws, p.sha256, 128)
        assert thumb.is_file() and (tmp_path / "cache") in thumb.parents
        assert thumbnail(ws, p.sha256, 128) == thumb  # cached


# A writer that commits a score and dies without closing: the change is only in the -wal file.
DIE_AFTER_COMMIT = textwrap.dedent("""
    import os, sys
    from workbench.store import Workspace
    ws = Workspace.open(sys.argv[1])
    ws.set_score(sys.argv[2], ws.local_reviewer().id, "B29.2", "1", reason="last edit")
    os._exit(0)
""")


def test_read_only_mount_after_an_unclean_close_reads_the_last_changes(tmp_path: Path) -> None:
    from .test_full_disk_workspace import _noise_jpeg

    with tmpfs("32m", tmp_path) as m:
        if not isinstance(m, Path):
            pytest.skip(f"needs a tmpfs mount (not permitted here: {m})")
        ws = m / "ws"
        _fill_workspace(ws, _noise_jpeg(tmp_path / "p.jpg"))
        subprocess.run([sys.executable, "-c", DIE_AFTER_COMMIT, str(ws), CODE], check=True)
        assert (ws / "workspace.db-wal").stat().st_size > 0
        _remount(m, "ro")
        before = listing(ws)
        r = cli("workspace", "audit", CODE, "--item", "B29.2", "--workspace", ws)
        assert r.returncode == 0 and "last edit" in r.stdout, r.stdout + r.stderr
        assert_one_line_failure(cli("workspace", "score", CODE, "B1.1", "0", "--workspace", ws),
                                "this workspace is read-only:")
        assert listing(ws) == before


@pytest.fixture
def locked_folder(tmp_path: Path) -> Iterator[Path]:
    """A workspace in a folder and files without write permission (r-x / r--)."""
    why = can_drop_permission_override()
    if why:
        pytest.skip(why)
    from .test_full_disk_workspace import _noise_jpeg

    ws = tmp_path / "ws"
    _fill_workspace(ws, _noise_jpeg(tmp_path / "p.jpg"))
    for p in [ws, *ws.rglob("*")]:
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        yield ws
    finally:
        for p in [ws, *ws.rglob("*")]:
            if p.is_dir():
                p.chmod(0o755)


def test_folder_without_write_permission_reads(locked_folder: Path) -> None:
    ws = locked_folder
    before = listing(ws)
    r = cli("workspace", "info", "--workspace", ws, honour_permissions=True)
    assert r.returncode == 0 and CODE in r.stdout and "2 scored" in r.stdout, r.stdout + r.stderr
    r = cli("workspace", "audit", CODE, "--workspace", ws, honour_permissions=True)
    assert r.returncode == 0 and "会议记录齐全" in r.stdout, r.stderr
    r = cli("workspace", "score", CODE, "B1.1", "0.5", "--workspace", ws, honour_permissions=True)
    assert_one_line_failure(r, "this workspace is read-only:")
    r = cli("photos", "import", CODE, ws.parent / "p.jpg", "--workspace", ws, honour_permissions=True)
    assert_one_line_failure(r, "this workspace is read-only:")
    assert listing(ws) == before


def test_forced_read_only_needs_an_existing_workspace(tmp_path: Path) -> None:
    from workbench.errors import StoreError

    with pytest.raises(StoreError, match="no workspace in"):
        Workspace.open(tmp_path / "none", read_only=True)
    make_workspace(tmp_path / "ws", with_demo=False)
    with Workspace.open(tmp_path / "ws", read_only=True) as ws:
        assert ws.read_only and ws.local_reviewer().name == "王老师"
        ws.set_setting("lang", "en")  # the window's state: not kept, and no error
        assert ws.get_setting("lang") is None
        with pytest.raises(StoreError, match="this workspace is read-only: the change was not saved"):
            ws.set_local_reviewer("李四", "县局", "member")
        with pytest.raises(StoreError, match="this workspace is read-only: cannot store files"):
            ws.blobs.put_bytes(b"x")


def test_read_only_refuses_what_it_cannot_read_as_it_is(tmp_path: Path) -> None:
    """No migration runs read-only: an older schema is refused with what to do; so is a
    file that is not a workspace database."""
    import sqlite3

    from workbench.errors import StoreError

    make_workspace(tmp_path / "ws", with_demo=False)
    con = sqlite3.connect(tmp_path / "ws" / "workspace.db")
    with con:
        con.execute("UPDATE alembic_version SET version_num = '0001'")
    con.close()
    with pytest.raises(StoreError, match=r"another version of the workbench \(schema 0001") as e:
        Workspace.open(tmp_path / "ws", read_only=True)
    assert "open it once where it may be written" in str(e.value)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "workspace.db").write_bytes(b"not a database" * 500)
    with pytest.raises(StoreError, match="damaged or not a workbench database"):
        Workspace.open(bad, read_only=True)
