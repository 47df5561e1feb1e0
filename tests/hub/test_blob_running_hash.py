"""The blob store's running hash (issue 11): each byte of an upload is hashed once, a hub
restarted mid-upload re-hashes the partial file once and finishes correctly, and a running
hash is never trusted for a file other than the one it hashed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from helpers.docs import photo_bytes

from workbench.sync.hub.blobs import BlobStore
from workbench.sync.hub.errors import HubError

KiB = 1024


def _store(root: Path) -> BlobStore:
    """A hub worker's blob store; two over the same folders are two workers (or a restart)."""
    return BlobStore(root / "blobs", root / "uploads")


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "uploads").iterdir())


def test_each_chunk_extends_the_running_hash_and_completion_only_compares(tmp_path):
    data = photo_bytes(300 * KiB)
    sha = hashlib.sha256(data).hexdigest()
    s = _store(tmp_path)
    for off in range(0, 200 * KiB, 100 * KiB):
        st = s.append(sha, off, len(data), data[off:off + 100 * KiB])
        assert (st.offset, st.complete) == (off + 100 * KiB, False)
        run = s._running[sha]
        assert run.offset == off + 100 * KiB and run.hash.digest() == hashlib.sha256(data[:run.offset]).digest()
    assert not s.has(sha), "not visible before the whole blob hashed to its name"
    st = s.append(sha, 200 * KiB, len(data), data[200 * KiB:])
    assert st.complete and s.path(sha).read_bytes() == data
    assert sha not in s._running and _leftovers(tmp_path) == []


def test_a_hub_restarted_mid_upload_rehashes_the_partial_file_once(tmp_path):
    data = photo_bytes(500 * KiB, seed=3)
    sha = hashlib.sha256(data).hexdigest()
    before = _store(tmp_path)
    before.append(sha, 0, len(data), data[:200 * KiB])
    after = _store(tmp_path)  # the restarted hub: no running hash in memory
    assert after.state(sha).offset == 200 * KiB
    st = after.append(sha, 200 * KiB, len(data), data[200 * KiB:400 * KiB])
    assert (st.offset, st.complete) == (400 * KiB, False)
    assert after._running[sha].hash.digest() == hashlib.sha256(data[:400 * KiB]).digest()
    assert after.append(sha, 400 * KiB, len(data), data[400 * KiB:]).complete
    assert after.path(sha).read_bytes() == data and _leftovers(tmp_path) == []


def test_a_wrong_byte_anywhere_is_refused_at_completion_and_the_upload_starts_over(tmp_path):
    data = photo_bytes(200 * KiB, seed=4)
    sha = hashlib.sha256(data).hexdigest()
    bad = data[:50 * KiB] + b"X" + data[50 * KiB + 1:]
    s = _store(tmp_path)
    s.append(sha, 0, len(data), bad[:100 * KiB])
    with pytest.raises(HubError) as ei:
        s.append(sha, 100 * KiB, len(data), bad[100 * KiB:])
    assert ei.value.code == "hash_mismatch" and not s.has(sha)
    assert s.state(sha).offset == 0 and _leftovers(tmp_path) == []
    s.append(sha, 0, len(data), data[:100 * KiB])
    assert s.append(sha, 100 * KiB, len(data), data[100 * KiB:]).complete
    assert s.path(sha).read_bytes() == data


def test_a_running_hash_is_not_trusted_for_a_file_another_worker_replaced(tmp_path):
    """Worker A hashed the correct first half; worker B finished the upload with wrong bytes
    (discarded) and then received a *wrong* first half of the same size. A's running hash,
    plus a correct second half, would match the name although the file on disk does not:
    A must see that the .part is another file (another inode: A still holds the old one
    open) and hash what is on disk."""
    data = photo_bytes(200 * KiB, seed=5)
    sha = hashlib.sha256(data).hexdigest()
    half = 100 * KiB
    a, b = _store(tmp_path), _store(tmp_path)
    a.append(sha, 0, len(data), data[:half])
    with pytest.raises(HubError):
        b.append(sha, half, len(data), b"\0" * half)  # B re-hashes from disk, finds a mismatch, discards
    wrong_half = b"W" * half
    b.append(sha, 0, len(data), wrong_half)
    with pytest.raises(HubError) as ei:
        a.append(sha, half, len(data), data[half:])
    assert ei.value.code == "hash_mismatch"
    assert not a.has(sha), "a blob whose bytes do not hash to its name was stored"
    assert a.append(sha, 0, len(data), data).complete and a.path(sha).read_bytes() == data


def test_a_whole_blob_in_one_call_leaves_no_upload_files(tmp_path):
    data = photo_bytes(64 * KiB, seed=6)
    sha = hashlib.sha256(data).hexdigest()
    s = _store(tmp_path)
    with pytest.raises(HubError) as ei:
        s.append(sha, 0, len(data), data[:-1] + b"?")
    assert ei.value.code == "hash_mismatch" and _leftovers(tmp_path) == [] and not s.has(sha)
    st = s.append(sha, 0, len(data), data, hashlib.sha256(data))
    assert st.complete and s.path(sha).read_bytes() == data and _leftovers(tmp_path) == []


def test_running_hashes_kept_are_bounded_and_dropped_with_their_upload(tmp_path, monkeypatch):
    import workbench.sync.hub.blobs as blobs

    monkeypatch.setattr(blobs, "MAX_RUNNING", 3)
    s, other = _store(tmp_path), _store(tmp_path)
    blobs_ = [photo_bytes(20 * KiB, seed=10 + i) for i in range(5)]
    shas = [hashlib.sha256(d).hexdigest() for d in blobs_]
    for sha, d in zip(shas, blobs_, strict=True):
        s.append(sha, 0, len(d), d[:KiB])
    assert list(s._running) == shas[2:], "the oldest are dropped beyond the bound"
    other.discard(shas[4])  # another worker discarded it: its running hash must not pin the file
    s.append(shas[0], KiB, len(blobs_[0]), blobs_[0][KiB:2 * KiB])  # continued after a re-hash
    assert shas[4] not in s._running and shas[0] in s._running
