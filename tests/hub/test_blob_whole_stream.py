"""A whole photo streamed to the hub in the pieces a socket delivers (issue 11, the round's
CPU): gathered into reused 2 MiB buffers, each step hashed and written while the next one
arrives, the nonce recorded while the body streams in, the blob linked only after all of it.

Driven through the hub's real ASGI app (real SQLite, real files) with the body in many
odd-sized pieces and several uploads interleaved, as uvicorn hands them over; the HTTP
server itself is covered by the other hub tests."""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from helpers.identities import Person

from workbench.sync.client import RequestSigner
from workbench.sync.hub import admin, chunk_auth
from workbench.sync.hub.app import create_app
from workbench.sync.hub.service import Hub, init_hub

OCTET = "application/offset+octet-stream"
KiB, MiB = 1024, 1024 * 1024


@pytest.fixture
def hub(tmp_path: Path, people) -> Iterator[Hub]:  # noqa: ANN001
    h = init_hub(tmp_path / "hub", name="分段上传")
    admin.enroll(h, people.m1.identity.cert_pem, "member")
    yield h
    h.close()


def photo(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


def pieces(data: bytes, seed: int) -> list[bytes]:
    """`data` cut at random places, 1 byte to 300 KiB a piece (a socket's reads are like that)."""
    rng, out, pos = random.Random(seed), [], 0
    while pos < len(data):
        n = rng.choice([1, 7, 4 * KiB + 3, 64 * KiB, 100 * KiB + 1, 256 * KiB, 300 * KiB])
        out.append(data[pos:pos + n])
        pos += n
    return out


def signed_headers(person: Person, body: bytes, *, name: str, nonce: str | None = None) -> list[tuple[bytes, bytes]]:
    """A whole-blob PATCH of `body` under `name`, signed with the name as its digest."""
    req = httpx.Request("PATCH", f"http://hub.test/v1/blobs/{name}", content=body,
                        headers={"Content-Type": OCTET, "Upload-Offset": "0", "Upload-Length": str(len(body))})
    RequestSigner(person.fingerprint, person.key).sign(req, body, digest=bytes.fromhex(name), nonce=nonce)
    return [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in req.headers.items()]


async def patch(app: Any, name: str, headers: list[tuple[bytes, bytes]], parts: list[bytes], *,
                cut_after: int | None = None) -> tuple[int, dict]:
    """Send one request to the ASGI app; each piece after a turn of the loop (so uploads sent
    together interleave). `cut_after`: the client goes away after that many pieces."""
    path = f"/v1/blobs/{name}"
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "PATCH",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": headers, "client": ("127.0.0.1", 50000), "server": ("hub.test", 80)}
    todo = list(parts)
    sent = 0

    async def receive() -> dict:
        nonlocal sent
        await asyncio.sleep(0)
        if cut_after is not None and sent >= cut_after or not todo:
            return {"type": "http.disconnect"}
        sent += 1
        body = todo.pop(0)
        return {"type": "http.request", "body": body, "more_body": bool(todo)}

    out: list[dict] = []

    async def send(message: dict) -> None:
        out.append(message)

    await app(scope, receive, send)
    body = b"".join(m.get("body", b"") for m in out if m["type"] == "http.response.body")
    return out[0]["status"], json.loads(body) if body else {}


def stored(hub: Hub, name: str) -> bytes | None:
    p = hub.blobs.path(name)
    return p.read_bytes() if p.is_file() else None


def test_a_photo_in_many_odd_pieces_is_stored_exactly_and_the_next_reuses_the_buffers(hub, people):
    app = create_app(hub)
    first, second = photo(5 * MiB + 3, seed=1), photo(3 * MiB // 2, seed=2)  # 3 steps, then 1 on reused buffers
    for data, seed in ((first, 10), (second, 11)):
        name = hashlib.sha256(data).hexdigest()
        parts = pieces(data, seed)
        assert len(parts) > 5
        status, _ = asyncio.run(patch(app, name, signed_headers(people.m1, data, name=name), parts))
        assert status == 201
        assert stored(hub, name) == data  # nothing of the previous photo left in a reused buffer
    assert list(hub.config.uploads.iterdir()) == []
    assert 1 <= chunk_auth._BUFFERS.spare <= chunk_auth._BUFFERS.keep


def test_three_photos_at_once_interleaved_are_each_stored_exactly(hub, people):
    app = create_app(hub)
    datas = [photo(4 * MiB + 500 * KiB + n, seed=20 + n) for n in range(3)]
    names = [hashlib.sha256(d).hexdigest() for d in datas]

    async def all_three() -> list[tuple[int, dict]]:
        return await asyncio.gather(*(patch(app, name, signed_headers(people.m1, d, name=name), pieces(d, 30 + n))
                                      for n, (d, name) in enumerate(zip(datas, names, strict=True))))

    assert [s for s, _ in asyncio.run(all_three())] == [201, 201, 201]
    assert [stored(hub, n) for n in names] == datas
    assert list(hub.config.uploads.iterdir()) == []
    assert chunk_auth._BUFFERS.spare <= chunk_auth._BUFFERS.keep


def test_a_body_cut_mid_way_has_used_its_nonce_and_leaves_nothing(hub, people):
    app = create_app(hub)
    data = photo(3 * MiB, seed=3)
    name = hashlib.sha256(data).hexdigest()
    headers = signed_headers(people.m1, data, name=name, nonce="cut-mid-body-000001")
    status, body = asyncio.run(patch(app, name, headers, pieces(data, 12), cut_after=5))
    assert status == 400 and body["code"] == "malformed"
    assert stored(hub, name) is None and list(hub.config.uploads.iterdir()) == []
    status, body = asyncio.run(patch(app, name, headers, pieces(data, 13)))  # the same request again, whole
    assert status == 401 and body["code"] == "replay"
    assert stored(hub, name) is None and list(hub.config.uploads.iterdir()) == []
    status, _ = asyncio.run(patch(app, name, signed_headers(people.m1, data, name=name), pieces(data, 14)))
    assert status == 201 and stored(hub, name) == data  # a retry is a new request: it goes


def test_a_body_that_is_not_its_name_is_refused_and_its_nonce_is_used(hub, people):
    app = create_app(hub)
    data = photo(2 * MiB + 9, seed=4)
    name = hashlib.sha256(data).hexdigest()
    tampered = data[:MiB] + bytes([data[MiB] ^ 1]) + data[MiB + 1:]
    nonce = "tampered-body-00001"
    status, body = asyncio.run(patch(app, name, signed_headers(people.m1, tampered, name=name, nonce=nonce),
                                     pieces(tampered, 15)))
    assert status == 401 and body["code"] == "bad_digest"
    status, body = asyncio.run(patch(app, name, signed_headers(people.m1, data, name=name, nonce=nonce),
                                     pieces(data, 16)))
    assert status == 401 and body["code"] == "replay"
    assert stored(hub, name) is None and list(hub.config.uploads.iterdir()) == []


def test_a_replay_sent_while_the_first_is_still_streaming_is_refused_and_the_photo_stored_once(hub, people):
    app = create_app(hub)
    data = photo(4 * MiB, seed=5)
    name = hashlib.sha256(data).hexdigest()
    headers = signed_headers(people.m1, data, name=name, nonce="replayed-in-flight-1")

    async def twice() -> list[tuple[int, dict]]:
        return await asyncio.gather(patch(app, name, headers, pieces(data, 17)),
                                    patch(app, name, headers, pieces(data, 18)))

    results = sorted(asyncio.run(twice()), key=lambda r: r[0])
    assert [s for s, _ in results] == [201, 401] and results[1][1]["code"] == "replay"
    assert stored(hub, name) == data and list(hub.config.uploads.iterdir()) == []


def test_a_body_longer_than_announced_is_refused_and_leaves_nothing(hub, people):
    app = create_app(hub)
    data = photo(2 * MiB + 100, seed=6)
    name = hashlib.sha256(data).hexdigest()
    status, body = asyncio.run(patch(app, name, signed_headers(people.m1, data, name=name),
                                     pieces(data + b"more", 19)))
    assert status == 413 and body["code"] == "too_large"
    assert stored(hub, name) is None and list(hub.config.uploads.iterdir()) == []
