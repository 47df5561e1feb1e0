"""Receiving one blob chunk (`PATCH /v1/blobs/{sha256}`) with a single pass over its bytes.

The same checks as `web.authenticate` (signature before the body is read, the body against
its signed Content-Digest, the nonce), with one difference: the SHA-256 that checks the
digest is also the blob's hash or part of it, never computed twice.

- `receive_whole`: a whole blob in one PATCH whose signed Content-Digest is its name (what
  the client sends for a photo): once the signature verifies, the nonce is recorded while
  the body streams to a temp file as it arrives, hashed on the way in STREAM_STEP steps on
  the thread pool (the disk write overlapping the transfer); the blob is linked into place
  only when the nonce is recorded, the hash is its name and the file is fsynced.
- `authenticate_chunk`: any other chunk, read whole first (a chunk cut in its middle is
  never written); the digest's SHA-256 state goes on to `BlobStore.append`.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import mmap
from typing import Any

from fastapi import Request
from http_message_signatures.digests import ContentDigest
from http_message_signatures.exceptions import HTTPMessageSignaturesException
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from workbench.sync.hub.auth import Caller, SignedMessage, _field, check_headers, consume_nonce
from workbench.sync.hub.blobs import UploadState, WholeBlobWriter
from workbench.sync.hub.direct_io import BufferPool
from workbench.sync.hub.errors import HubError
from workbench.sync.hub.service import Hub
from workbench.sync.hub.web import read_body, target_uri


def chunk_digest(headers: object, body: bytes) -> Any:
    """Check `body` against the Content-Digest field (sha-256 required, every member checked,
    as `auth.check_body`); return hashlib's SHA-256 state of `body` (not finalised)."""
    value = _field(headers, "content-digest") or ""
    try:
        members = ContentDigest._parse(value)
    except HTTPMessageSignaturesException:
        raise HubError("bad_digest") from None
    if "sha-256" not in members:
        raise HubError("bad_digest", "Content-Digest must carry sha-256", "Content-Digest 必须包含 sha-256")
    h = hashlib.sha256(body)
    if not hmac.compare_digest(h.digest(), members["sha-256"]):
        raise HubError("bad_digest")
    for alg, digest in members.items():  # e.g. an extra sha-512: it must match too
        if alg != "sha-256" and not hmac.compare_digest(ContentDigest._hashers[alg](body).digest(), digest):
            raise HubError("bad_digest")
    return h


def _digest_then_nonce(hub: Hub, caller: Caller, msg: SignedMessage, body: bytes) -> Any:
    h = chunk_digest(msg.headers, body)
    consume_nonce(hub.maker, caller)
    return h


async def authenticate_chunk(hub: Hub, request: Request, limit: int) -> tuple[Caller, bytes, Any]:
    """(caller, body, SHA-256 state of body): signature, capped body, digest, nonce."""
    msg = SignedMessage(request.method, target_uri(request), request.headers)
    caller = await run_in_threadpool(check_headers, hub.reader, msg)
    body = await read_body(request, limit)
    h = await run_in_threadpool(_digest_then_nonce, hub, caller, msg, body)
    return caller, body, h


STREAM_STEP = 2 * 1024 * 1024  # bytes handed to the thread pool at a time (hash + write)
_SPARE_BUFFERS = 8               # STREAM_STEP buffers kept for reuse (two per upload in progress)


# reused from one step (and request) to the next: a fresh 2 MiB buffer per step cost 512 page
# faults and the kernel's zeroing, more than the copy into a warm one
_BUFFERS = BufferPool(STREAM_STEP, keep=_SPARE_BUFFERS)


def whole_candidate(request: Request, sha: str, limit: int) -> int | None:
    """The blob's length if this PATCH can only be a whole blob signed with its name as its
    digest (Upload-Offset 0, Upload-Length = Content-Length ≤ `limit`, Content-Digest exactly
    sha-256 = the name); None sends it the ordinary way, which gives every refusal as before."""
    h = request.headers
    off, length, declared = h.get("upload-offset"), h.get("upload-length"), h.get("content-length")
    if off != "0" or length is None or length != declared or not length.isdigit() or len(length) > 19:
        return None
    if int(length) > limit:
        return None
    try:
        members = ContentDigest._parse(h.get("content-digest") or "")
    except HTTPMessageSignaturesException:
        return None
    if list(members) != ["sha-256"] or not hmac.compare_digest(members["sha-256"], bytes.fromhex(sha)):
        return None
    return int(length)


def _caller_and_writer(hub: Hub, msg: SignedMessage, sha: str) -> tuple[Caller, WholeBlobWriter | None]:
    """The signature first (before any file is made), then a writer unless the ordinary path
    must answer; one trip to the thread pool."""
    caller = check_headers(hub.reader, msg)
    return caller, hub.blobs.whole_writer(sha)


def _last_write(writer: WholeBlobWriter, buf: mmap.mmap, used: int, length: int) -> None:
    if used:
        writer.write(buf, used)
    if writer.size != length or not writer.matches():
        raise HubError("bad_digest")  # the signed digest is the name: the body is not what was signed


def _finish_whole(writer: WholeBlobWriter, buf: mmap.mmap, used: int, length: int) -> UploadState:
    """The last bytes, the digest (= the name), fsync, link: one trip to the thread pool."""
    _last_write(writer, buf, used, length)
    writer.sync()
    return writer.commit()  # removes the temp name too


async def _settled(fut: asyncio.Future[Any] | None) -> None:
    """Wait for a hand-off still running (a thread cannot be cancelled), its error retrieved:
    raised already, or moot after the one being raised."""
    if fut is not None:
        await asyncio.wait([fut])
        if not fut.cancelled():
            fut.exception()


async def receive_whole(hub: Hub, request: Request, sha: str, length: int) -> UploadState | None:
    """Signature, then nonce ‖ body streamed to a temp file, then digest (= the name), fsync
    and link. None, before the body is read, when the blob is stored or an upload of it is in
    progress: the ordinary path answers that.

    The nonce's commit runs while the body arrives (never on the path to the answer; a replay
    is still refused before anything becomes visible). The body is gathered into STREAM_STEP
    buffers (reused, page-aligned: direct_io); each full one is hashed and written on the
    thread pool while the next one fills, one hand-off per step."""
    msg = SignedMessage(request.method, target_uri(request), request.headers)
    caller, writer = await run_in_threadpool(_caller_and_writer, hub, msg, sha)
    if writer is None:
        return None
    nonce = asyncio.ensure_future(run_in_threadpool(consume_nonce, hub.maker, caller))
    done = False
    buf, used, received = _BUFFERS.take(), 0, 0
    writing: asyncio.Future[None] | None = None  # the previous step, being hashed and written
    written = buf                                # its buffer (given back once it is done)
    try:
        try:
            async for piece in request.stream():
                received += len(piece)
                if received > length:
                    raise HubError("too_large", f"the body may have at most {length} bytes here",
                                   f"此处请求内容不得超过 {length} 字节")
                view = memoryview(piece)
                while view:
                    n = min(len(view), STREAM_STEP - used)
                    buf[used:used + n] = view[:n]
                    used, view = used + n, view[n:]
                    if used == STREAM_STEP:
                        if writing is not None:
                            await writing
                            writing = None  # its buffer is given back exactly once
                            _BUFFERS.give(written)
                        written, buf, used = buf, _BUFFERS.take(), 0
                        writing = asyncio.ensure_future(run_in_threadpool(writer.write, written))
        except ClientDisconnect:
            raise HubError("malformed", "the body did not arrive whole (connection closed)",
                           "请求内容未完整到达") from None
        if writing is not None:
            await writing
        await nonce  # HubError("replay"): refused, nothing linked
        st = await run_in_threadpool(_finish_whole, writer, buf, used, length)
        done = True
        return st
    finally:
        await _settled(nonce)
        if writing is not None:
            await _settled(writing)  # never reuse a buffer or close the file under a write
            _BUFFERS.give(written)
        _BUFFERS.give(buf)
        if not done:
            await run_in_threadpool(writer.abort)
