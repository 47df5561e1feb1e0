"""Done-when fault tests, each asserting nothing lost and nothing duplicated on the hub:
the hub killed (-9) mid-upload and restarted; the stream cut mid-photo by a loopback proxy
and resumed from its offset; the same upload replayed 100 times, and concurrently from 8
connections against 4 workers (PostgreSQL)."""

from __future__ import annotations

import hashlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from helpers.docs import photo_bytes, sheet_bytes
from helpers.hubproc import db_snapshot
from helpers.proxy import CuttingProxy

from workbench.errors import Cancelled
from workbench.sync import protocol as P
from workbench.sync.client import HubUnreachable, document_hash
from workbench.sync.receipts import verify_chain

MiB = 1024 * 1024


def _blob_files(data: Path) -> list[Path]:
    return sorted(p for p in (data / "blobs").rglob("*") if p.is_file())


def _upload_files(data: Path) -> list[Path]:
    """Partial uploads the hub still holds. A `.wbtmp` left by a write the kill interrupted
    (atomic_write's temporary file, never renamed into place) holds no upload state."""
    d = data / "uploads"
    return sorted(p for p in d.rglob("*") if p.is_file() and not p.name.endswith(".wbtmp")) if d.exists() else []


def _counts(hub) -> dict[str, int]:
    snap = db_snapshot(hub.db_url)
    return {t: len(snap.get(t, [])) for t in ("sheets", "receipts", "documents", "changes", "conflicts")}


def test_hub_killed_mid_upload_and_restarted(hub, people):
    """kill -9 while a 48 MiB blob is going up in 4 MiB chunks and sheets are arriving; the
    client resumes against the restarted hub; every document is there exactly once."""
    data = photo_bytes(48 * MiB)
    sha = hashlib.sha256(data).hexdigest()
    c = hub.client(people.m1, resume_attempts=12)
    c.hub_info()
    killed = threading.Event()

    def killer() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # wait until the hub holds part of the blob
            if any(p.stat().st_size > 0 for p in _upload_files(hub.data)):
                break
            time.sleep(0.005)
        hub.proc.kill()
        killed.set()
        hub.proc.start()

    t = threading.Thread(target=killer)
    t.start()
    # a short pause per chunk keeps the upload going long enough to be killed in its middle
    res = c.upload_blob(sha, data, chunk=4 * MiB, progress=lambda done, total: time.sleep(0.05))
    t.join()
    assert killed.is_set()
    assert res.resumed >= 1, "the upload never noticed the kill"
    assert res.sent <= len(data) + 4 * MiB, "more than the chunk in flight was sent again"
    assert c.get_blob(sha) == data
    assert [p.name for p in _blob_files(hub.data)] == [sha]
    assert _upload_files(hub.data) == []

    # sheets pushed while the hub dies: afterwards each is stored exactly once
    sheets = [sheet_bytes(people.m1, note=f"sheet {i}") for i in range(6)]
    for i, s in enumerate(sheets):
        if i == 3:
            hub.proc.kill()
            with pytest.raises(HubUnreachable):
                c.push_sheet(s)
            hub.proc.start()
        else:
            c.push_sheet(s)
    results = [c.push_sheet(s) for s in sheets]  # the outbox sends everything again
    assert [r.status for r in results] == ["duplicate"] * 3 + ["stored"] + ["duplicate"] * 2
    counts = _counts(hub)
    assert counts["sheets"] == 6 and counts["receipts"] == 6 and counts["conflicts"] == 0
    receipts = c.receipts(0)
    assert sorted(r["document"] for r in receipts) == sorted(document_hash(s) for s in sheets)
    assert verify_chain(receipts, c.hub_info().certificate) == 6


def test_stream_cut_mid_photo_resumes_from_the_hubs_offset(hub, people):
    photo = photo_bytes(5 * MiB)
    sha = hashlib.sha256(photo).hexdigest()
    with CuttingProxy(hub.proc.port) as proxy:
        c = hub.client(people.m1, url=proxy.url, resume_attempts=0)
        c.hub_info()
        before = proxy.stats.bytes_up
        proxy.cut_next(2 * MiB + 600 * 1024)  # the third 1 MiB chunk is cut in its middle
        with pytest.raises(HubUnreachable):
            c.upload_blob(sha, photo, chunk=1 * MiB)
        assert proxy.stats.cuts == 1
        offset, complete = c.blob_offset(sha)
        assert (offset, complete) == (2 * MiB, False), "the hub keeps whole chunks only"
        assert _blob_files(hub.data) == []

        c.resume_attempts = 3
        mark = proxy.stats.bytes_up
        res = c.upload_blob(sha, photo, chunk=1 * MiB)
        assert res.sent == 3 * MiB and not res.already
        resent = proxy.stats.bytes_up - mark
        assert 3 * MiB <= resent < 3 * MiB + 64 * 1024, "the second call did not start from the hub's offset"
        assert proxy.stats.bytes_up - before < len(photo) + 1 * MiB + 64 * 1024

        # a cut during the next upload is resumed within one call
        photo2 = photo_bytes(4 * MiB)
        sha2 = hashlib.sha256(photo2).hexdigest()
        proxy.cut_next(1 * MiB + 300 * 1024)
        res2 = c.upload_blob(sha2, photo2, chunk=1 * MiB)
        assert res2.resumed == 1 and res2.sent == len(photo2)
    direct = hub.client(people.m2)
    assert direct.get_blob(sha) == photo and direct.get_blob(sha2) == photo2

    # cancelled between chunks by the user: what was sent stays, the next call continues
    photo3 = photo_bytes(3 * MiB)
    sha3 = hashlib.sha256(photo3).hexdigest()
    chunks: list[int] = []
    with pytest.raises(Cancelled):
        direct.upload_blob(sha3, photo3, chunk=1 * MiB, progress=lambda done, total: chunks.append(done),
                           cancelled=lambda: len(chunks) >= 2)
    assert direct.blob_offset(sha3) == (2 * MiB, False)
    assert direct.upload_blob(sha3, photo3, chunk=1 * MiB).sent == 1 * MiB
    assert direct.get_blob(sha3) == photo3
    assert sorted(p.name for p in _blob_files(hub.data)) == sorted([sha, sha2, sha3])
    assert _upload_files(hub.data) == []


def test_the_same_upload_replayed_100_times(hub, people):
    c = hub.client(people.m1)
    photo = photo_bytes(300_000)
    sha = hashlib.sha256(photo).hexdigest()
    first_up = c.upload_blob(sha, photo, chunk=64 * 1024)
    assert not first_up.already
    s = sheet_bytes(people.m1, photos=[sha])
    first = c.push_sheet(s)
    assert first.status == "stored"
    snap = _counts(hub)
    for _ in range(99):
        assert c.upload_blob(sha, photo).already
        again = c.push_sheet(s)
        assert again.duplicate and again.receipt == first.receipt
        # a raw PATCH of the whole blob again: "already stored", body ignored
        resp = c.send_raw(c.build("PATCH", P.blob_path(sha), body=photo[:1000], content_type=P.BLOB_MEDIA_TYPE,
                                  headers={P.HEADER_UPLOAD_OFFSET: "0", P.HEADER_UPLOAD_LENGTH: str(len(photo))}))
        assert resp.status_code == 200 and resp.headers[P.HEADER_UPLOAD_COMPLETE] == "?1"
    assert _counts(hub) == snap
    assert snap["sheets"] == 1 and snap["receipts"] == 1
    assert [p.name for p in _blob_files(hub.data)] == [sha]


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_replayed_concurrently_from_8_connections_against_4_workers(make_hub, people):
    hub = make_hub(workers=4)
    photo = photo_bytes(3 * MiB)
    sha = hashlib.sha256(photo).hexdigest()
    s = sheet_bytes(people.m1, photos=[sha])
    n_threads, per_thread = 8, 13  # 104 pushes

    def one(i: int) -> list:
        c = hub.client(people.m1, resume_attempts=50)
        out = [c.upload_blob(sha, photo, chunk=256 * 1024)]
        out += [c.push_sheet(s) for _ in range(per_thread)]
        return out

    with ThreadPoolExecutor(n_threads) as pool:
        results = list(pool.map(one, range(n_threads)))
    uploads = [r[0] for r in results]
    pushes = [p for r in results for p in r[1:]]
    assert all(u.sha256 == sha for u in uploads)
    assert sum(p.status == "stored" for p in pushes) == 1
    assert sum(p.duplicate for p in pushes) == n_threads * per_thread - 1
    assert len({repr(sorted(p.receipt.items())) for p in pushes}) == 1, "every answer carries the one receipt"
    counts = _counts(hub)
    assert counts["sheets"] == 1 and counts["receipts"] == 1 and counts["conflicts"] == 0
    assert [p.name for p in _blob_files(hub.data)] == [sha]
    assert _upload_files(hub.data) == []
    c = hub.client(people.m2)
    assert c.get_blob(sha) == photo
    # the workers really were several processes
    assert hub.proc.tail(100_000).count("Application startup complete") >= 4
