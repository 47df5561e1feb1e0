"""`is_writable` tries instead of asking `os.access`: a file is made and removed in the folder,
and the database files are opened for writing. A refusal anywhere (a mode, a Windows ACL, a
read-only mount) opens the workspace read-only. Windows ACLs cannot be made on Linux: a refusal
of the probe alone is simulated with a PermissionError, as Windows raises for a denied ACL."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench.errors import StoreError
from workbench.store import Workspace
from workbench.store import workspace as workspace_mod
from workbench.store.workspace import DB_NAME, is_writable

PROBE = ".write-probe."


def _workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    Workspace.open(root).close()
    return root


def _refuse(monkeypatch: pytest.MonkeyPatch, refused: list[str], *, when: str) -> None:
    """os.open raises PermissionError for paths whose name contains `when`, as Windows does for a
    folder or file whose ACL denies writing; every other call is the real one."""
    real = os.open

    def fake(path, flags, *args, **kwargs):  # noqa: ANN001, ANN202 - os.open's own signature
        if when in os.fspath(path) and flags & (os.O_WRONLY | os.O_RDWR):
            refused.append(os.fspath(path))
            raise PermissionError(13, "Access is denied", os.fspath(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(workspace_mod.os, "open", fake)


def test_a_writable_folder_says_so_and_leaves_nothing_behind(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    before = sorted(p.name for p in root.iterdir())
    assert is_writable(root)
    assert sorted(p.name for p in root.iterdir()) == before  # the probe was removed
    with Workspace.open(root) as ws:
        assert not ws.read_only


def test_an_acl_refusing_the_folder_opens_read_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _workspace(tmp_path)
    refused: list[str] = []
    _refuse(monkeypatch, refused, when=PROBE)
    assert os.access(root, os.W_OK)  # what the old check asked, and was wrong about on Windows
    assert not is_writable(root)
    assert refused and Path(refused[0]).parent == root
    with Workspace.open(root) as ws:
        assert ws.read_only and ws.list_schools() == []
        with pytest.raises(StoreError, match="read-only"):
            ws.set_local_reviewer("王老师", "麻江县电教站", "member")
    assert not [p for p in root.iterdir() if PROBE in p.name]


def test_an_acl_refusing_the_database_file_alone_opens_read_only(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = _workspace(tmp_path)
    refused: list[str] = []
    _refuse(monkeypatch, refused, when=DB_NAME)
    assert not is_writable(root)
    assert refused == [str(root / DB_NAME)]


def test_a_probe_that_cannot_be_removed_means_not_writable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _workspace(tmp_path)
    real = os.unlink

    def refuse_unlink(path, *args, **kwargs):  # noqa: ANN001, ANN202
        if PROBE in os.fspath(path):
            raise PermissionError(13, "Access is denied", os.fspath(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(workspace_mod.os, "unlink", refuse_unlink)
    assert not is_writable(root)


def test_a_path_that_is_a_file_is_not_writable(tmp_path: Path) -> None:
    f = tmp_path / "not-a-folder"
    f.write_bytes(b"x")
    assert not is_writable(f)  # NotADirectoryError from the probe, not an exception
    assert not is_writable(tmp_path / "missing")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores file modes")
def test_a_read_only_folder_by_mode_opens_read_only(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    os.chmod(root, 0o500)
    try:
        assert not is_writable(root)
        with Workspace.open(root) as ws:
            assert ws.read_only
    finally:
        os.chmod(root, 0o700)
