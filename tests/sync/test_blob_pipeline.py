"""A round's photos go up in the order the documents need them, and each document is pushed
as soon as its own photos are on the hub (issue 11: the hub verifies a sheet while the next
photos are on the wire). Against a real hub subprocess."""

from __future__ import annotations

import hashlib

import pytest
from helpers.docs import photo_bytes, sheet_doc
from sync_helpers import Panel, hub_counts

import workbench.sync.worker as worker
from workbench.signing.sheet import sheet_file_bytes
from workbench.store.outbox import Outbox


def _queue_two_sheets(panel: Panel) -> tuple[list[str], list[str]]:
    """The chair's outbox holds m1's sheet (3 photos), then m2's (3 others), as when the
    chair forwards the panel's sheets; the photos are in the chair's blob store."""
    ws = panel.chair.ws
    shas = [ws.blobs.put_stream(iter([photo_bytes(200_000 + i, seed=40 + i)]))[0] for i in range(6)]
    a, b = shas[:3], shas[3:]
    ob = Outbox(ws)
    for person, photos, shift in ((panel.m1.person, a, 0), (panel.m2.person, b, 1)):
        ob.enqueue("sheet", sheet_file_bytes(sheet_doc(person, photos=photos, shift=shift)), photos)
    return a, b


def test_each_document_goes_right_after_its_own_photos(panel: Panel, tmp_path, monkeypatch):
    monkeypatch.setattr(worker, "UPLOAD_WORKERS", 1)  # one upload at a time: the order is exact
    hub = panel.start_hub(tmp_path)
    a, b = _queue_two_sheets(panel)
    seen: list[tuple[str, str]] = []

    def progress(p) -> None:  # noqa: ANN001
        if p.phase == "photos" and p.message.startswith("photo "):
            seen.append(("photo", p.message[6:18]))
        elif p.phase == "documents" and p.message:
            seen.append(("doc", str(p.done)))

    r = panel.chair.sync(hub.url, progress=progress, pull=False)
    assert r.ok and len(r.pushed) == 2 and r.photos_uploaded == 6, r.summary()
    order = list(dict.fromkeys(seen))  # each photo reports once per chunk: keep the first
    doc0, doc1 = order.index(("doc", "0")), order.index(("doc", "1"))
    pos = {s: order.index(("photo", s[:12])) for s in a + b}
    assert all(pos[s] < doc0 for s in a), order
    assert all(doc0 < pos[s] < doc1 for s in b), order
    assert hub_counts(panel.admin, hub.url)["sheet"] == 2


@pytest.mark.parametrize("workers", [3])
def test_uploads_in_the_background_still_push_everything_once(panel: Panel, tmp_path, monkeypatch, workers):
    monkeypatch.setattr(worker, "UPLOAD_WORKERS", workers)
    hub = panel.start_hub(tmp_path)
    a, b = _queue_two_sheets(panel)
    r = panel.chair.sync(hub.url, pull=False)
    assert r.ok and len(r.pushed) == 2 and r.photos_uploaded == 6, r.summary()
    with panel.m2.client(hub.url) as c:
        for sha in a + b:
            assert hashlib.sha256(c.get_blob(sha)).hexdigest() == sha
    again = panel.chair.sync(hub.url, pull=False)
    assert again.ok and again.pushed == [] and again.photos_uploaded == 0
    assert hub_counts(panel.admin, hub.url)["sheet"] == 2
