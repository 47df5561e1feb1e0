"""The glue between a Starlette request and the hub: capped body reading, the signed
request's target URI, and the one way every handler authenticates."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from workbench.sync.hub.auth import Caller, SignedMessage, check_body, check_headers, consume_nonce
from workbench.sync.hub.errors import HubError
from workbench.sync.hub.service import Hub
from workbench.sync.hub.sheets import Outcome


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, refusing (413) before reading when Content-Length says it is too big
    and as soon as the stream passes `limit` otherwise."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            n = int(declared)
        except ValueError:
            raise HubError("bad_header", "Content-Length is not a number", "Content-Length 不是数字") from None
        if n > limit:
            raise HubError("too_large", f"the body may have at most {limit} bytes here", f"此处请求内容不得超过 {limit} 字节")
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise HubError("too_large", f"the body may have at most {limit} bytes here",
                               f"此处请求内容不得超过 {limit} 字节")
            chunks.append(chunk)
    except ClientDisconnect:
        raise HubError("malformed", "the body did not arrive whole (connection closed)", "请求内容未完整到达") from None
    return b"".join(chunks)


def target_uri(request: Request) -> str:
    """The absolute URI the client signed: scheme, Host header, raw path and query."""
    scope = request.scope
    host = request.headers.get("host")
    if not host:
        raise HubError("bad_header", "the Host header is required", "缺少 Host 请求头")
    raw = scope.get("raw_path")
    path = raw.decode("latin-1") if raw else scope.get("path", "/")
    path = path.split("?", 1)[0]
    query = scope.get("query_string", b"").decode("latin-1")
    return f"{scope.get('scheme', 'http')}://{host}{path}" + (f"?{query}" if query else "")


async def authenticate(hub: Hub, request: Request, limit: int, *, consume: bool = True) -> tuple[Caller, bytes]:
    """Signature first (before the body is read), then body + digest, then the nonce
    (`consume=False`: the handler records it, see `accept_document`)."""
    msg = SignedMessage(request.method, target_uri(request), request.headers)
    caller = await run_in_threadpool(check_headers, hub.reader, msg)
    body = await read_body(request, limit)
    check_body(msg, body)
    if consume:
        await run_in_threadpool(consume_nonce, hub.maker, caller)
    return caller, body


async def accept_document(hub: Hub, request: Request, limit: int, accept: Callable[..., Outcome]) -> Outcome:
    """Authenticate and accept a sheet or panel result, recording the nonce in the storing
    transaction when there is one (one commit per stored document, not two) and in its own
    otherwise; a refused request consumes its nonce too, and a replay is told so."""
    caller, body = await authenticate(hub, request, limit, consume=False)
    try:
        out = await run_in_threadpool(partial(accept, hub, caller, body, with_nonce=True))
    except HubError as e:
        if not e.nonce_consumed and e.code != "replay":
            await run_in_threadpool(consume_nonce, hub.maker, caller)  # HubError("replay") if it was used
        raise
    if not out.nonce_consumed:
        await run_in_threadpool(consume_nonce, hub.maker, caller)
    return out
