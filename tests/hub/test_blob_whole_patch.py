"""PATCH /v1/blobs/{sha} as a round sends photos (issue 11): a whole blob in one request,
signed with its name as its Content-Digest, streamed to disk by the hub; chunks with a wrong
digest refused without moving the offset; /blobs/missing naming partial uploads so the
client starts without a HEAD; a damaged local copy named as such."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from helpers.docs import photo_bytes
from helpers.identities import Person
from helpers.proxy import CuttingProxy

from workbench.errors import WorkbenchError
from workbench.sync.client import HubAuthError, HubClient, HubUnreachable, RequestSigner
from workbench.sync.hub import admin
from workbench.sync.hub.app import create_app
from workbench.sync.hub.service import Hub, init_hub

OCTET = "application/offset+octet-stream"
KiB, MiB = 1024, 1024 * 1024


@dataclass
class Api:
    hub: Hub
    http: TestClient
    requests: list[str] = field(default_factory=list)

    def patch(self, person: Person, sha: str, body: bytes, offset: int, length: int, *,
              digest: bytes | None = None, nonce: str | None = None) -> httpx.Response:
        req = self.http.build_request("PATCH", f"/v1/blobs/{sha}", content=body,
                                      headers={"Content-Type": OCTET, "Upload-Offset": str(offset),
                                               "Upload-Length": str(length)})
        RequestSigner(person.fingerprint, person.key).sign(req, body, digest=digest, nonce=nonce)
        return self.http.send(req)

    def offset(self, person: Person, sha: str) -> int:
        req = self.http.build_request("HEAD", f"/v1/blobs/{sha}")
        RequestSigner(person.fingerprint, person.key).sign(req, b"")
        return int(self.http.send(req).headers["Upload-Offset"])

    def uploads(self) -> list[str]:
        return sorted(p.name for p in self.hub.config.uploads.iterdir())

    def client(self, person: Person) -> HubClient:
        """A real HubClient whose requests go to this in-process hub (and are counted)."""
        log, inner = self.requests, self.http._transport

        class Counting(httpx.BaseTransport):
            def handle_request(self, request: httpx.Request) -> httpx.Response:
                log.append(request.method)
                return inner.handle_request(request)

        return HubClient("http://testserver", person.identity, person.key, transport=Counting())


@pytest.fixture
def api(tmp_path: Path, people) -> Iterator[Api]:  # noqa: ANN001
    hub = init_hub(tmp_path / "hub", name="整张上传")
    admin.enroll(hub, people.m1.identity.cert_pem, "member")
    with TestClient(create_app(hub), raise_server_exceptions=False) as c:
        yield Api(hub, c)
    hub.close()


def test_a_whole_photo_signed_with_its_name_is_stored_with_nothing_left_in_uploads(api, people):
    data = photo_bytes(3 * MiB + 5, seed=1)  # more than one streaming step
    sha = hashlib.sha256(data).hexdigest()
    r = api.patch(people.m1, sha, data, 0, len(data), digest=bytes.fromhex(sha))
    assert r.status_code == 201 and r.headers["Upload-Complete"] == "?1"
    assert r.headers["Upload-Offset"] == str(len(data))
    assert api.hub.blobs.path(sha).read_bytes() == data and api.uploads() == []
    again = api.patch(people.m1, sha, data, 0, len(data), digest=bytes.fromhex(sha))
    assert again.status_code == 200 and again.headers["Upload-Complete"] == "?1"


def test_a_whole_photo_whose_bytes_are_not_its_name_is_refused_and_leaves_nothing(api, people):
    data = photo_bytes(2 * MiB, seed=2)
    sha = hashlib.sha256(data).hexdigest()
    tampered = data[:-1] + bytes([data[-1] ^ 1])
    r = api.patch(people.m1, sha, tampered, 0, len(data), digest=bytes.fromhex(sha))
    assert r.status_code == 401 and r.json()["code"] == "bad_digest"
    assert not api.hub.blobs.has(sha) and api.uploads() == [] and api.offset(people.m1, sha) == 0
    # the bytes match their digest but not the name: the digest passes, the name does not
    r = api.patch(people.m1, sha, tampered, 0, len(data))
    assert r.status_code == 422 and r.json()["code"] == "hash_mismatch"
    assert not api.hub.blobs.has(sha) and api.uploads() == []


def test_a_chunk_with_a_wrong_digest_is_refused_and_the_offset_does_not_move(api, people):
    data = photo_bytes(300 * KiB, seed=3)
    sha = hashlib.sha256(data).hexdigest()
    assert api.patch(people.m1, sha, data[:100 * KiB], 0, len(data)).status_code == 204
    wrong = hashlib.sha256(b"another chunk").digest()
    r = api.patch(people.m1, sha, data[100 * KiB:200 * KiB], 100 * KiB, len(data), digest=wrong)
    assert r.status_code == 401 and r.json()["code"] == "bad_digest"
    assert api.offset(people.m1, sha) == 100 * KiB
    assert api.hub.blobs.state(sha).offset == 100 * KiB
    assert api.patch(people.m1, sha, data[100 * KiB:], 100 * KiB, len(data)).status_code == 201
    assert api.hub.blobs.path(sha).read_bytes() == data


def test_a_replayed_whole_photo_is_refused_as_a_replay(api, people):
    data = photo_bytes(100 * KiB, seed=4)
    sha = hashlib.sha256(data).hexdigest()
    nonce = "whole-photo-replay-0001"
    assert api.patch(people.m1, sha, data, 0, len(data), digest=bytes.fromhex(sha), nonce=nonce).status_code == 201
    r = api.patch(people.m1, sha, data, 0, len(data), digest=bytes.fromhex(sha), nonce=nonce)
    assert r.status_code == 401 and r.json()["code"] == "replay"
    other = photo_bytes(100 * KiB, seed=5)  # a stored nonce refuses any request, and leaves no temp file
    osha = hashlib.sha256(other).hexdigest()
    req = api.http.build_request("PATCH", f"/v1/blobs/{osha}", content=other,
                                 headers={"Content-Type": OCTET, "Upload-Offset": "0",
                                          "Upload-Length": str(len(other))})
    RequestSigner(people.m1.fingerprint, people.m1.key).sign(req, other, nonce=nonce)
    r = api.http.send(req)
    assert r.status_code == 401 and r.json()["code"] == "replay"
    assert not api.hub.blobs.has(osha) and api.uploads() == []


def test_missing_names_partial_uploads_and_the_client_continues_without_a_head(api, people):
    done, part, none = (photo_bytes(200 * KiB, seed=s) for s in (6, 7, 8))
    sd, sp, sn = (hashlib.sha256(d).hexdigest() for d in (done, part, none))
    c = api.client(people.m1)
    assert c.upload_blob(sd, done).sent == len(done)
    assert api.patch(people.m1, sp, part[:64 * KiB], 0, len(part)).status_code == 204
    assert c.missing_offsets([sd, sp, sn]) == {sp: 64 * KiB, sn: 0}
    api.requests.clear()
    res = c.upload_blob(sp, part, offset=64 * KiB, verify_source=False)
    assert res.sent == len(part) - 64 * KiB and api.requests == ["PATCH"]
    api.requests.clear()
    res = c.upload_blob(sn, none, offset=0, verify_source=False)
    assert res.sent == len(none) and api.requests == ["PATCH"]
    # a stale offset (the hub moved on) costs one 409 that names the right one, no more
    again = photo_bytes(300 * KiB, seed=9)
    sa = hashlib.sha256(again).hexdigest()
    assert api.patch(people.m1, sa, again[:100 * KiB], 0, len(again)).status_code == 204
    api.requests.clear()
    res = c.upload_blob(sa, again, offset=0, chunk=100 * KiB, verify_source=False)
    assert res.sent == 200 * KiB and api.requests.count("PATCH") == 3
    for sha, d in ((sp, part), (sn, none), (sa, again)):
        assert api.hub.blobs.path(sha).read_bytes() == d
    assert api.uploads() == []


def test_a_damaged_local_copy_is_named_as_such(api, people, tmp_path):
    data = photo_bytes(150 * KiB, seed=10)
    sha = hashlib.sha256(data).hexdigest()
    damaged = tmp_path / sha
    damaged.write_bytes(data[:1000] + bytes([data[1000] ^ 0x40]) + data[1001:])  # a store's file, rotted
    c = api.client(people.m1)
    with pytest.raises(WorkbenchError, match="damaged") as ei:
        c.upload_blob(sha, damaged, verify_source=False, offset=0)
    assert not isinstance(ei.value, HubAuthError)
    assert not api.hub.blobs.has(sha) and api.uploads() == []
    damaged.write_bytes(data)
    assert c.upload_blob(sha, damaged, verify_source=False).sent == len(data)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_whole_photo_cut_mid_body_leaves_nothing_and_goes_again(hub, people):
    """The real server behind the cutting proxy: the cut PATCH's temp file is removed, the
    blob is not stored, and the next call sends the photo again whole."""
    data = photo_bytes(6 * MiB, seed=11)
    sha = hashlib.sha256(data).hexdigest()
    with CuttingProxy(hub.proc.port) as proxy:
        c = hub.client(people.m1, url=proxy.url, resume_attempts=0)
        c.hub_info()
        proxy.cut_next(3 * MiB)
        with pytest.raises(HubUnreachable):
            c.upload_blob(sha, data, chunk=8 * MiB)
        assert c.blob_offset(sha) == (0, False)
        c.resume_attempts = 3
        res = c.upload_blob(sha, data, chunk=8 * MiB)
        assert res.sent == len(data) and not res.already
    assert hub.client(people.m2).get_blob(sha) == data
    assert [p.name for p in (hub.data / "uploads").iterdir()] == []
