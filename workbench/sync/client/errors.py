"""The hub's refusals and the network's failures as `HubError`s with one-line messages.

The hub answers an error with JSON `{code, message: {zh, en}}` (docs/sync-protocol.md); the
code picks the class, and `retryable` tells the caller (the outbox worker owns the retry
policy) whether trying again later can help.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from workbench.errors import WorkbenchError
from workbench.sync import protocol as P


class HubError(WorkbenchError):
    """The hub refused a request (4xx/5xx with a JSON `{code, message}`), or could not be reached."""

    retryable = False

    def __init__(self, message: str, *, code: str, status: int | None = None,
                 body: Mapping[str, Any] | None = None, hint: str | None = None) -> None:
        self.code = code
        self.status = status
        self.body: dict[str, Any] = dict(body or {})
        super().__init__(message, hint=hint)

    @property
    def message_zh(self) -> str | None:
        """The hub's own Chinese (`message.zh` of its JSON error), if it sent one (untrusted text)."""
        msg = self.body.get("message")
        zh = msg.get("zh") if isinstance(msg, Mapping) else None
        return zh if isinstance(zh, str) and zh.strip() else None


class HubUnreachable(HubError):
    """No answer: connection refused or cut, timeout, DNS. Nothing was lost; try again later."""

    retryable = True


class HubTooSlow(HubUnreachable):
    """`hub_too_slow`: the hub (or a proxy on the way) did not finish answering within the
    request's overall deadline (client/deadline.py). Retryable: the next round tries again."""


class HubUnavailable(HubError):
    """The hub answered 5xx (or 429): its fault or its load, not the request's."""

    retryable = True


class HubAuthError(HubError):
    """The hub does not accept our signature or certificate (401/403)."""


class HubConflict(HubError):
    """409 `conflict`: different bytes under the same sheet and revision, or a stale supersedes."""


class MissingBlobs(HubError):
    """422 `missing_blobs`: the document names photos the hub lacks; upload them first."""

    @property
    def missing(self) -> list[str]:
        """The blobs the hub names, well-formed SHA-256 names only: the caller opens each one in
        its blob store, and a path or `../` there must not pick a file to send to the hub."""
        items = self.body.get("missing")
        if not isinstance(items, list):
            return []
        return [s for s in items if isinstance(s, str) and P.SHA256_RE.fullmatch(s)]


class HubRefused(HubError):
    """Any other 4xx: the request itself is wrong (malformed, too large, hash mismatch, …)."""


class HubMismatch(HubError):
    """The hub's certificate is not the one this client was told to trust."""


_BY_CODE: dict[str, type[HubError]] = {
    "conflict": HubConflict,
    "missing_blobs": MissingBlobs,
    "busy": HubUnavailable,
}


def _error_class(status: int, code: str) -> type[HubError]:
    if code in _BY_CODE:
        return _BY_CODE[code]
    if status >= 500 or status == 429:
        return HubUnavailable
    if status in (401, 403):
        return HubAuthError
    return HubRefused


def error_from_response(resp: httpx.Response) -> HubError:
    """The hub's JSON error (`{code, message: {zh, en}}`) as a HubError; tolerant of any body."""
    body: dict[str, Any] = {}
    try:
        parsed = resp.json()
        if isinstance(parsed, dict):
            body = parsed
    except ValueError:
        pass
    code = body.get("code") if isinstance(body.get("code"), str) else f"http_{resp.status_code}"
    msg = body.get("message")
    text = msg.get("en") or msg.get("zh") if isinstance(msg, dict) else msg if isinstance(msg, str) else None
    if not text:
        text = resp.reason_phrase or "error"
    where = f"{resp.request.method} {resp.request.url.path}"
    cls = _error_class(resp.status_code, code)
    return cls(f"the hub refused {where}: {text} [{code}, HTTP {resp.status_code}]", code=code,
               status=resp.status_code, body=body,
               hint="try again later; nothing was lost" if cls.retryable else None)


def no_answer(e: httpx.RequestError, base_url: str, method: str, path: str) -> HubError:
    """A request that got no usable answer as one retryable error: no answer at all (timeout,
    refused, cut, DNS), or a body httpx cannot decode (a proxy that labels a plain body gzip,
    or cuts a compressed one; the request may have been applied, and retrying is safe because
    the protocol is idempotent)."""
    if isinstance(e, httpx.DecodingError):
        return HubUnavailable(f"the hub's answer to {method} {path} could not be decoded ({_reason(e)})",
                              code="bad_encoding", hint="try again later; nothing was lost")
    if isinstance(e, httpx.TimeoutException):
        return HubUnreachable(f"the hub at {base_url} did not answer in time ({method} {path})",
                              code="timeout", hint="check the network; nothing was lost, try again")
    return HubUnreachable(f"cannot reach the hub at {base_url} ({_reason(e)})", code="unreachable",
                          hint="check the network and the hub address; nothing was lost, try again")


def too_slow(base_url: str, method: str, path: str, elapsed: float) -> HubError:
    """A request cut at its overall deadline: answering that slowly is as good as no answer."""
    return HubTooSlow(f"the hub at {base_url} is too slow: {method} {path} had no complete answer after "
                      f"{elapsed:.0f} s", code="hub_too_slow",
                      hint="check the network, a proxy or the hub; nothing was lost, the next sync tries again")


def bad_address(base_url: str, e: Exception) -> HubError:
    """A hub address httpx cannot parse (a typo in the port, say): the settings only check that
    it starts with http(s)://, so it is refused here, before any request."""
    return HubError(f"not a hub address: {base_url[:200]} ({_reason(e)})", code="bad_address",
                    hint="give it as http://HOST:PORT")


def _reason(e: Exception) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else ""
    return text[:120] or type(e).__name__
