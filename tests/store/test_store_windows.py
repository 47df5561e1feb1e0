"""The blob store where Windows refuses what POSIX allows: a rename onto a file another handle
holds open, and removing a file a viewer has open (simulated: Windows itself never ran here)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from workbench.store import blobbatch, blobs
from workbench.store.blobs import BlobStore


def _held_open(store: BlobStore, data: bytes):  # noqa: ANN202 - a replace that acts like Windows
    def replace(src, dst) -> None:  # noqa: ANN001
        # another writer stored the same bytes a moment ago and a viewer holds them open
        Path(dst).parent.mkdir(parents=True, exist_ok=True)
        Path(dst).write_bytes(data)
        raise PermissionError(13, "The process cannot access the file", str(dst))
    return replace


def test_a_blob_stored_meanwhile_and_held_open_counts_as_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = BlobStore(tmp_path / "blobs")
    data = os.urandom(200_000)  # above the small-blob limit: a file
    monkeypatch.setattr(blobs, "replace", _held_open(store, data))
    sha, size = store.put_bytes(data)
    assert sha == hashlib.sha256(data).hexdigest() and size == len(data)
    assert store.read_bytes(sha) == data
    assert not [p for p in (tmp_path / "blobs").rglob("*") if p.is_file() and p.name != sha]  # no temp left


def test_a_refused_rename_with_nothing_in_place_is_still_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = BlobStore(tmp_path / "blobs")

    def refuse(src, dst) -> None:  # noqa: ANN001
        raise PermissionError(13, "Access is denied", str(dst))
    monkeypatch.setattr(blobs, "replace", refuse)
    with pytest.raises(Exception) as e:  # noqa: PT011 - the store's own error type or the OSError
        store.put_bytes(os.urandom(200_000))
    assert "denied" in str(e.value).lower() or "permission" in str(e.value).lower() or "cannot" in str(e.value).lower()
    assert not [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()]  # the temp file is gone


def test_a_batch_rename_refused_for_a_blob_stored_meanwhile_counts_as_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = BlobStore(tmp_path / "blobs")
    data = os.urandom(300_000)
    sha = hashlib.sha256(data).hexdigest()
    monkeypatch.setattr(blobbatch, "replace", _held_open(store, data))
    with store.batch() as batch:
        sink = batch.sink(sha, len(data))
        assert sink is not None
        sink.write(data)
        sink.done()
    assert store.read_bytes(sha) == data
    assert not list((tmp_path / "blobs").rglob("in-*"))  # the temporary file is gone


def test_removing_a_blob_a_viewer_has_open_leaves_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = BlobStore(tmp_path / "blobs")
    data = os.urandom(200_000)
    sha, _ = store.put_bytes(data)

    def unlink(self, missing_ok=False) -> None:  # noqa: ANN001
        raise PermissionError(13, "The process cannot access the file", str(self))
    monkeypatch.setattr(Path, "unlink", unlink)
    store.delete_many([sha])  # no error reaches the caller
    monkeypatch.undo()
    assert store.read_bytes(sha) == data  # a harmless orphan, still what its name says
