"""The signed-request transport: one httpx connection to one hub, every request signed by the
reviewer's key (except `GET /v1/hub`), the hub pinned before the first signed request, and
every answer that is not wanted turned into a `HubError`. The calls per resource
(documents, pull, admin, blobs) build on `HubSession.request`."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Self

import httpx
from cryptography.hazmat.primitives.asymmetric import ec
from http_message_signatures.exceptions import HTTPMessageSignaturesException

from workbench.errors import WorkbenchError
from workbench.signing.identity import Identity
from workbench.sync import protocol as P
from workbench.sync.client.deadline import DeadlinePolicy, deadline_transport, running
from workbench.sync.client.errors import (
    HubRefused,
    bad_address,
    error_from_response,
    no_answer,
    too_slow,
)
from workbench.sync.client.file_body import FileBody
from workbench.sync.client.pinning import HubInfo, check_hub, normalise_fingerprint, tls_context
from workbench.sync.client.signing import RequestSigner


class HubSession:
    """One reviewer's signed connection to one hub. Not thread-safe; make one per thread.

    `hub_fingerprint`, when given (the chair's screen shows it), pins the hub: `hub_info()`
    refuses a hub whose certificate has another SHA-256, and receipts are checked against
    the pinned certificate. `transport`, `timeout` and `resume_attempts` are the hooks a
    retry policy or a test needs. `timeout` bounds each socket read or write; `deadline`
    bounds each whole request (client/deadline.py; a `transport` of the caller's own does
    not honour it).
    """

    def __init__(self, base_url: str, identity: Identity, key: ec.EllipticCurvePrivateKey, *,
                 hub_fingerprint: str | None = None, timeout: float | httpx.Timeout = 30.0,
                 transport: httpx.BaseTransport | None = None, resume_attempts: int = 5,
                 clock: Callable[[], float] = time.time, deadline: DeadlinePolicy = DeadlinePolicy()) -> None:
        if key.public_key().public_numbers() != identity.cert.public_key().public_numbers():
            raise WorkbenchError("the private key does not belong to this identity's certificate")
        self.base_url = base_url.rstrip("/")
        self.identity = identity
        self.hub_fingerprint = normalise_fingerprint(hub_fingerprint)
        self.resume_attempts = resume_attempts
        self.signer = RequestSigner(identity.fingerprint, key, clock=clock)
        self.deadline = deadline
        try:
            self._http = httpx.Client(base_url=self.base_url, timeout=timeout,
                                      transport=transport or deadline_transport(tls_context()),
                                      follow_redirects=False, trust_env=False)
        except httpx.InvalidURL as e:
            raise bad_address(self.base_url, e) from None
        self._info: HubInfo | None = None

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def build(self, method: str, path: str, *, body: bytes | FileBody = b"", content_type: str | None = None,
              params: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None,
              signed: bool = True, digest: bytes | None = None) -> httpx.Request:
        """The request as it will go on the wire, signed (a new nonce and `created` each time).
        A `FileBody` is read as it is sent; its `digest` must be given (it is signed first)."""
        hdrs = dict(headers or {})
        if content_type:
            hdrs["Content-Type"] = content_type
        if isinstance(body, FileBody):
            if digest is None:
                raise ValueError("a streamed body needs its digest")
            hdrs["Content-Length"] = str(len(body))  # else httpx would send it chunked
        try:
            req = self._http.build_request(method, path, content=body if body or method not in ("GET", "HEAD")
                                           else None, params=params, headers=hdrs)
        except httpx.InvalidURL as e:  # a control character or an over-long name in the path or a parameter
            raise HubRefused(f"cannot send {method} {path[:60]!r}: {e}", code="bad_request") from None
        if signed:
            try:
                self.signer.sign(req, b"" if isinstance(body, FileBody) else body, digest=digest)
            except HTTPMessageSignaturesException as e:  # e.g. a path with characters RFC 9421 refuses
                raise HubRefused(f"cannot sign {method} {path}: {e}", code="unsignable") from None
        return req

    def send_raw(self, req: httpx.Request) -> httpx.Response:
        """Send a built request as it is, within its deadline; the answer is returned whatever
        its status. No answer, or none in time, raises a retryable HubError."""
        d = self.deadline.start(_length(req))
        with running(d):
            try:
                return self._http.send(req)
            except httpx.RequestError as e:
                if isinstance(e, httpx.TimeoutException) and d.passed():
                    raise too_slow(self.base_url, req.method, req.url.path, d.elapsed()) from None
                raise no_answer(e, self.base_url, req.method, req.url.path) from None

    def request(self, method: str, path: str, *, body: bytes | FileBody = b"", content_type: str | None = None,
                params: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None,
                signed: bool = True, ok: Iterable[int] = (), digest: bytes | None = None) -> httpx.Response:
        """Send one signed request; a 2xx or a status in `ok` is returned, anything else raised.

        A pinned client (hub_fingerprint) checks the hub's certificate before it sends the
        first signed request. `digest`: the body's SHA-256 if already known (see RequestSigner)."""
        if signed and self.hub_fingerprint and self._info is None:
            self.hub_info()
        req = self.build(method, path, body=body, content_type=content_type, params=params, headers=headers,
                         signed=signed, digest=digest)
        resp = self.send_raw(req)
        if resp.is_success or resp.status_code in set(ok):
            return resp
        raise error_from_response(resp)

    def _json(self, resp: httpx.Response) -> Any:
        try:
            return resp.json()
        except ValueError:
            raise HubRefused(f"the hub's answer to {resp.request.method} {resp.request.url.path} is not JSON",
                             code="bad_response", status=resp.status_code) from None

    def _post_json(self, path: str, obj: Any) -> Any:
        return self._json(self.request("POST", path, body=json.dumps(obj, ensure_ascii=False).encode("utf-8"),
                                       content_type=P.JSON_MEDIA_TYPE))

    def hub_info(self) -> HubInfo:
        """`GET /v1/hub` (unsigned), checked against the pinned fingerprint if there is one."""
        data = self._json(self.request("GET", P.PATH_HUB, signed=False))
        self._info = check_hub(data, base_url=self.base_url, pinned=self.hub_fingerprint)
        return self._info

    def _hub(self) -> HubInfo:
        return self._info or self.hub_info()


def _length(req: httpx.Request) -> int:
    """The body's size as the request states it (0 when it does not)."""
    try:
        return max(0, int(req.headers.get("Content-Length", "0")))
    except ValueError:
        return 0
