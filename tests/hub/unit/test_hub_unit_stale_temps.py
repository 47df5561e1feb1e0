"""A hub killed with -9 mid-write leaves atomic_write's temp file in uploads/: the next
start removes it (and a killed publish's part), but never a temp file still being written."""

from __future__ import annotations

import hashlib
import os
import time

from fastapi.testclient import TestClient
from helpers.docs import photo_bytes

from workbench.atomic import atomic_write
from workbench.sync.hub.app import create_app
from workbench.sync.hub.blobs import STALE_AFTER


def _age(p, seconds: float) -> None:  # noqa: ANN001
    t = time.time() - seconds
    os.utime(p, (t, t))


def test_stale_temp_files_are_removed_at_start_and_the_upload_resumes(hub, people):
    data = photo_bytes(3000, seed=7)
    sha = hashlib.sha256(data).hexdigest()
    up = hub.blobs.uploads
    # what a hub killed between creating and renaming the .len file leaves, and a killed publish
    stale = [up / f".{sha}.len.0123456789ab.wbtmp", up / "publish-0f0f.part"]
    for p in stale:
        p.write_bytes(b"12")
        _age(p, STALE_AFTER + 5)
    fresh = up / f".{'b' * 64}.len.abcdefabcdef.wbtmp"  # a sibling worker writing it right now
    fresh.write_bytes(b"1")
    hub.blobs.append(sha, 0, len(data), data[:1000])  # a real upload in progress: kept
    with TestClient(create_app(hub), raise_server_exceptions=False):
        assert not any(p.exists() for p in stale)
    assert fresh.exists()
    assert (up / f"{sha}.part").stat().st_size == 1000 and (up / f"{sha}.len").read_text() == str(len(data))
    st = hub.blobs.append(sha, 1000, len(data), data[1000:])
    assert st.complete and hub.blobs.path(sha).read_bytes() == data
    assert sorted(p.name for p in up.iterdir()) == [fresh.name]


def test_clean_stale_counts_and_leaves_other_files(hub):
    up = hub.blobs.uploads
    atomic_write(up / "keep.len", b"5", what="test")  # a finished write leaves no temp file
    for i in range(3):
        p = up / f".{i:064x}.len.{i:012x}.wbtmp"
        p.write_bytes(b"")
        _age(p, STALE_AFTER * 2)
    assert hub.blobs.clean_stale() == 3
    assert hub.blobs.clean_stale() == 0
    assert [p.name for p in up.iterdir()] == ["keep.len"]
