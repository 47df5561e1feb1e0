"""A whole photo streamed from its file (workbench/sync/client/file_body.py): sent with its
Content-Length and its name as Content-Digest, stored byte for byte; a file cut while it is
sent stops the request with a clear error and leaves nothing on the hub; chunked uploads
from a file (resumes) are unchanged."""

from __future__ import annotations

import hashlib
from pathlib import Path

import httpx
import pytest
from helpers.docs import photo_bytes
from test_blob_whole_patch import Api, api  # noqa: F401 - the in-process hub fixture

from workbench.errors import WorkbenchError
from workbench.sync.client import HubClient
from workbench.sync.client.deadline import deadline_transport
from workbench.sync.client.file_body import PIECE, FileBody
from workbench.sync.client.pinning import tls_context
from workbench.sync.client.signing import digest_field

KiB, MiB = 1024, 1024 * 1024


class Watching(httpx.BaseTransport):
    """Notes each request (and its body's kind as it arrives) and calls `on_request` before
    handing it to `inner`."""

    def __init__(self, inner: httpx.BaseTransport, on_request=None) -> None:  # noqa: ANN001
        self.inner, self.on_request = inner, on_request
        self.seen: list[tuple[httpx.Request, type]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((request, type(request.stream)))
        if self.on_request is not None:
            self.on_request(request)
        return self.inner.handle_request(request)


def _client(hub_api: Api, person) -> tuple[HubClient, list[tuple[httpx.Request, type]]]:  # noqa: ANN001
    w = Watching(hub_api.http._transport)
    return HubClient("http://testserver", person.identity, person.key, transport=w), w.seen


def test_a_whole_photo_from_its_file_is_streamed_signed_and_stored(api, people, tmp_path):  # noqa: F811
    data = photo_bytes(PIECE * 3 + 7, seed=21)  # pieces and a short last one
    sha = hashlib.sha256(data).hexdigest()
    f = tmp_path / sha
    f.write_bytes(data)
    c, seen = _client(api, people.m1)
    res = c.upload_blob(sha, f, verify_source=False, offset=0)
    assert res.sent == len(data) and not res.already
    [(req, kind)] = seen
    assert req.headers["Content-Length"] == str(len(data)) and "Transfer-Encoding" not in req.headers
    assert req.headers["Content-Digest"] == digest_field(bytes.fromhex(sha))
    assert kind is not httpx.ByteStream  # read as it was sent, not held whole
    assert api.hub.blobs.path(sha).read_bytes() == data and api.uploads() == []


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_file_cut_while_it_is_sent_stops_with_a_clear_error_and_leaves_nothing(hub, people, tmp_path):
    """Over a real socket to the hub process: the file is cut after the request is signed
    and before its body is read; the client stops the body short (never a short body
    passed off as whole), says why, and the hub keeps nothing."""
    data = photo_bytes(2 * MiB, seed=22)
    sha = hashlib.sha256(data).hexdigest()
    f = tmp_path / sha
    f.write_bytes(data)
    w = Watching(deadline_transport(tls_context()), on_request=lambda _req: f.write_bytes(data[:MiB]))
    with HubClient(hub.url, people.m1.identity, people.m1.key, transport=w) as c:
        with pytest.raises(WorkbenchError, match="changed while blob") as ei:
            c.upload_blob(sha, f, verify_source=False, offset=0)
        assert "sign or list the photos again" in (ei.value.hint or "")
    f.write_bytes(data)
    with hub.client(people.m1) as c:
        assert c.blob_offset(sha) == (0, False)
        assert c.upload_blob(sha, f, verify_source=False).sent == len(data)
    assert hub.client(people.m2).get_blob(sha) == data
    assert [p.name for p in (hub.data / "uploads").iterdir()] == []


def test_chunks_from_a_file_still_resume_from_the_hubs_offset(api, people, tmp_path):  # noqa: F811
    data = photo_bytes(700 * KiB, seed=23)
    sha = hashlib.sha256(data).hexdigest()
    f = tmp_path / sha
    f.write_bytes(data)
    assert api.patch(people.m1, sha, data[:300 * KiB], 0, len(data)).status_code == 204
    c, seen = _client(api, people.m1)
    res = c.upload_blob(sha, f, chunk=256 * KiB, verify_source=False)  # HEAD, then 2 PATCHes from 300 KiB
    assert res.sent == 400 * KiB
    assert [r.method for r, _ in seen] == ["HEAD", "PATCH", "PATCH"]
    assert all(kind is httpx.ByteStream for _, kind in seen)  # chunks are hashed, so read first
    assert api.hub.blobs.path(sha).read_bytes() == data


def test_a_file_body_reads_its_range_again_on_each_pass(tmp_path: Path):
    data = photo_bytes(PIECE * 2 + 100, seed=24)
    f = tmp_path / "p"
    f.write_bytes(data)
    body = FileBody(f, len(data) - 50, offset=50)
    first, second = list(body), list(body)
    assert b"".join(first) == b"".join(second) == data[50:]
    assert len(body) == len(data) - 50 and all(len(p) <= PIECE for p in first)
    with pytest.raises(WorkbenchError, match="shorter than"):
        list(FileBody(f, len(data) + 1))
    with pytest.raises(WorkbenchError, match="cannot read"):
        list(FileBody(tmp_path / "gone", 10))
