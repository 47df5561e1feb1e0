"""Receiving one blob chunk (`PATCH /v1/blobs/{sha256}`) with a single pass over its bytes.

The same checks as `web.authenticate`, in the same order (signature before the body is
read, then the body against its signed Content-Digest, then the nonce), with one difference:
the SHA-256 that checks the digest is also the blob's hash or part of it, never computed twice.

- `receive_whole`: a whole blob in one PATCH whose signed Content-Digest is its name (what
  the client sends for a photo): the body is streamed to a temp file as it arrives, hashed
  on the way, in 1 MiB steps on the thread pool (no copy of the body in memory, the disk
  write overlapping the transfer); the nonce is recorded while the file is fsynced; the
  blob is linked into place only when both are done and its hash is its name.
- `authenticate_chunk`: any other chunk, read whole first (a chunk cut in its middle is
  never written); the digest's SHA-256 state goes on to `BlobStore.append`.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from typing import Any

from fastapi import Request
from http_message_signatures.digests import ContentDigest
from http_message_signatures.exceptions import HTTPMessageSignaturesException
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from workbench.sync.hub.auth import Caller, SignedMessage, _field, check_headers, consume_nonce
from workbench.sync.hub.blobs import UploadState, WholeBlobWriter
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


def _last_write(writer: WholeBlobWriter, rest: bytes | bytearray, length: int) -> None:
    if rest:
        writer.write(rest)
    if writer.size != length or not writer.matches():
        raise HubError("bad_digest")  # the signed digest is the name: the body is not what was signed


async def receive_whole(hub: Hub, request: Request, sha: str, length: int) -> UploadState | None:
    """Signature, body streamed to a temp file, digest (= the name), nonce ‖ fsync, link.
    None, before the body is read, when the blob is stored or an upload of it is in progress:
    the ordinary path answers that."""
    msg = SignedMessage(request.method, target_uri(request), request.headers)
    caller, writer = await run_in_threadpool(_caller_and_writer, hub, msg, sha)
    if writer is None:
        return None
    done = False
    try:
        buf = bytearray()
        try:
            async for piece in request.stream():
                if writer.size + len(buf) + len(piece) > length:
                    raise HubError("too_large", f"the body may have at most {length} bytes here",
                                   f"此处请求内容不得超过 {length} 字节")
                buf += piece
                if len(buf) >= STREAM_STEP:
                    await run_in_threadpool(writer.write, buf)
                    buf = bytearray()
        except ClientDisconnect:
            raise HubError("malformed", "the body did not arrive whole (connection closed)",
                           "请求内容未完整到达") from None
        await run_in_threadpool(_last_write, writer, buf, length)
        fsync = asyncio.ensure_future(run_in_threadpool(writer.sync))
        try:
            await run_in_threadpool(consume_nonce, hub.maker, caller)
        finally:
            await fsync
        st = await run_in_threadpool(writer.commit)  # removes the temp name too
        done = True
        return st
    finally:
        if not done:
            await run_in_threadpool(writer.abort)
