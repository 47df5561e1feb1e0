"""The workspace on a full disk (a 2 MiB tmpfs): a package import that fails while storing
files or at its commit, a photo import cut short, a score edit, and opening the workspace
at all. Every failure is one line; the workspace stays consistent (PRAGMA integrity_check,
the school list as before, no half package, no temporary file) and works again once
there is space.
"""

from __future__ import annotations

import io
import os
import sqlite3
from pathlib import Path

from PIL import Image

from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path
from workbench.evidence.verify import PackageReader
from workbench.store import Workspace

from .conftest import Disk, assert_one_line_failure, cli, integrity, make_workspace, stray_files

CODE = DEMO_SCHOOL_CODE


def blob_files(ws_root: Path) -> list[Path]:
    return [p for p in (ws_root / "blobs").rglob("*") if p.is_file()]


def schools(ws_root: Path) -> list[str]:
    r = cli("workspace", "info", "--workspace", ws_root)
    assert r.returncode == 0, r.stderr
    return [line.split()[0] for line in r.stdout.splitlines() if line.startswith("  ")]


def test_package_import_fails_cleanly_while_storing_files(small_disk: Disk) -> None:
    ws = small_disk.root / "ws"
    make_workspace(ws, with_demo=False)
    # the demo's 17 files need ~600 KB; the fallback limits each file, and 3 of them are over 40 KB
    small_disk.leave_free(200_000 if small_disk.mounted else 40_000)

    r = small_disk.run("package", "import", demo_package_path(), "--workspace", ws)
    err = assert_one_line_failure(r)
    assert "full" in err or "space" in err.lower(), err
    assert blob_files(ws) == [] and stray_files(small_disk.root) == []
    assert integrity(ws / "workspace.db") == "ok"
    small_disk.free()
    assert schools(ws) == []
    r = cli("package", "import", demo_package_path(), "--workspace", ws)  # space again: it imports
    assert r.returncode == 0, r.stderr
    assert schools(ws) == [CODE]


def test_package_import_fails_cleanly_at_commit(tmpfs_only: Disk) -> None:
    """Every file already stored, so the first thing that needs space is SQLite's commit."""
    disk = tmpfs_only
    ws = disk.root / "ws"
    make_workspace(ws, with_demo=False)
    with Workspace.open(ws) as w, PackageReader(demo_package_path()) as reader:
        for f, chunks in reader.streams():
            w.blobs.put_stream(chunks, expected_sha256=f["sha256"])
    blobs = sorted(blob_files(ws))
    # Hold a connection, so the -shm file SQLite needs to open the workspace stays; empty
    # the -wal file, so the commit has to grow it.
    con = sqlite3.connect(ws / "workspace.db", isolation_level=None)
    try:
        con.execute("SELECT count(*) FROM schools").fetchone()
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        disk.fill()
        r = cli("package", "import", demo_package_path(), "--workspace", ws)
        assert_one_line_failure(r, "the disk is full", "not saved")
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM schools").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM package_versions").fetchone()[0] == 0
    finally:
        con.close()
    assert sorted(blob_files(ws)) == blobs and stray_files(disk.root) == []
    disk.free()
    assert schools(ws) == []
    assert cli("package", "import", demo_package_path(), "--workspace", ws).returncode == 0
    assert schools(ws) == [CODE]


def _noise_jpeg(path: Path) -> Path:
    """A ~150 KB JPEG that does not compress (random pixels)."""
    rnd = os.urandom(300 * 300 * 3)
    im = Image.frombytes("RGB", (300, 300), rnd)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=95)
    path.write_bytes(buf.getvalue())
    return path


def test_photo_import_stops_at_full_disk_and_keeps_what_it_stored(tmpfs_only: Disk, tmp_path: Path) -> None:
    disk = tmpfs_only
    ws = disk.root / "ws"
    make_workspace(ws, with_demo=False)
    r = cli("package", "import", demo_package_path(), "--workspace", ws)
    assert r.returncode == 0, r.stderr
    folder = tmp_path / "photos"
    folder.mkdir()
    photos = [_noise_jpeg(folder / f"p{n}.jpg") for n in range(6)]
    size = photos[0].stat().st_size
    assert size > 100_000
    disk.leave_free(size + 100_000)  # room for one photo (and its commit), not two

    r = cli("photos", "import", CODE, folder, "--workspace", ws)
    err = assert_one_line_failure(r, "the disk is full")
    assert "1 photo(s) imported before it are kept" in err, err
    assert stray_files(disk.root) == []
    assert integrity(ws / "workspace.db") == "ok"
    disk.free()
    r = cli("photos", "list", CODE, "--workspace", ws)
    assert r.returncode == 0 and len(r.stdout.strip().splitlines()) == 1, r.stdout + r.stderr


def test_score_edit_on_full_disk_changes_nothing(tmpfs_only: Disk) -> None:
    disk = tmpfs_only
    ws = disk.root / "ws"
    make_workspace(ws)
    assert cli("workspace", "score", CODE, "B1.1", "1", "--workspace", ws).returncode == 0
    con = sqlite3.connect(ws / "workspace.db", isolation_level=None)  # keeps -shm, see above
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        disk.fill()
        r = cli("workspace", "score", CODE, "B1.1", "0.5", "--reason", "re-checked", "--workspace", ws)
        assert_one_line_failure(r, "the disk is full", "not saved")
        assert con.execute("SELECT score FROM entries WHERE item_id = 'B1.1'").fetchone()[0] == "1"
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()


def test_workspace_on_a_full_disk_still_reads(tmpfs_only: Disk) -> None:
    """With no byte free SQLite cannot make its -shm file: the workspace opens for reading."""
    disk = tmpfs_only
    ws = disk.root / "ws"
    make_workspace(ws)
    assert cli("workspace", "score", CODE, "B1.1", "1", "--workspace", ws).returncode == 0
    disk.fill()
    r = cli("workspace", "info", "--workspace", ws)
    assert r.returncode == 0 and CODE in r.stdout, r.stderr
    r = cli("workspace", "result", CODE, "--workspace", ws)
    assert r.returncode == 0 and "total" in r.stdout, r.stderr
    r = cli("workspace", "score", CODE, "B1.1", "0.5", "--workspace", ws)
    assert_one_line_failure(r, "the disk is full", "reading only")
    r = cli("photos", "import", CODE, _noise_jpeg(disk.root.parent / "p.jpg"), "--workspace", ws)
    assert_one_line_failure(r, "the disk is full", "reading only")
    disk.free()
    r = cli("workspace", "score", CODE, "B1.1", "0.5", "--workspace", ws)
    assert r.returncode == 0, r.stderr
    assert integrity(ws / "workspace.db") == "ok"


def test_new_workspace_on_full_disk_says_so(tmpfs_only: Disk) -> None:
    tmpfs_only.fill()
    r = cli("workspace", "reviewer", "--name", "王", "--workspace", tmpfs_only.root / "ws")
    assert_one_line_failure(r, "the disk is full")
