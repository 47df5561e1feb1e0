"""Authenticating one blob chunk (`PATCH /v1/blobs/{sha256}`) in a single pass over its bytes.

The same checks as `web.authenticate`, in the same order (signature before the body is
read, then the body against its signed Content-Digest, then the nonce), with one difference:
the SHA-256 state that checked the digest is returned, so the blob store can use it as the
blob's own hash (a whole blob in one chunk) or the start of its running hash, instead of
hashing the same bytes again.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from fastapi import Request
from http_message_signatures.digests import ContentDigest
from http_message_signatures.exceptions import HTTPMessageSignaturesException
from starlette.concurrency import run_in_threadpool

from workbench.sync.hub.auth import Caller, SignedMessage, _field, check_headers, consume_nonce
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
