"""The client half of the hub protocol (docs/sync-protocol.md): signed requests over httpx.

Every request except `GET /v1/hub` is signed with HTTP Message Signatures (RFC 9421,
ecdsa-p256-sha256) by the reviewer's key, covering the method, the target URI and the
RFC 9530 `Content-Digest` of the body (also of an empty body), with `created`, a random
`nonce` and keyid = the certificate's SHA-256 fingerprint. The hub decides who we are
from its enrollment of that certificate, never from anything the body says.

Blobs go up in chunks with an offset, tus-like: a broken transfer asks `HEAD` how much the
hub holds and continues from there, so a photo is never sent twice in full.

Errors: the hub's `{code, message}` becomes a `HubError` subclass carrying the code and
HTTP status; a network failure becomes `HubUnreachable`. `HubError.retryable` tells the
caller (issue 11's outbox worker, which owns the retry policy) whether trying again later
can help. No Qt here.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import json
import os
import secrets
import ssl
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from http_message_signatures import HTTPMessageSigner, HTTPSignatureKeyResolver, algorithms
from http_message_signatures.exceptions import HTTPMessageSignaturesException

from workbench.errors import Cancelled, WorkbenchError
from workbench.signing.ecdsa import sign_low_s
from workbench.signing.identity import Identity, fingerprint, load_cert_pem
from workbench.signing.sheet import sheet_hash
from workbench.sync import protocol as P
from workbench.sync.receipts import verify_receipt

Progress = Callable[[int, int], None]  # (bytes the hub holds, total)
DEFAULT_CHUNK = 4 * 1024 * 1024  # a photo in 1-4 PATCHes; a cut costs at most this much again


# -- errors -----------------------------------------------------------------------------------------
class HubError(WorkbenchError):
    """The hub refused a request (4xx/5xx with a JSON `{code, message}`), or could not be reached."""

    retryable = False

    def __init__(self, message: str, *, code: str, status: int | None = None,
                 body: Mapping[str, Any] | None = None, hint: str | None = None) -> None:
        self.code = code
        self.status = status
        self.body: dict[str, Any] = dict(body or {})
        super().__init__(message, hint=hint)


class HubUnreachable(HubError):
    """No answer: connection refused or cut, timeout, DNS. Nothing was lost; try again later."""

    retryable = True


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
        return [str(s) for s in self.body.get("missing", [])]


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


# -- signing ----------------------------------------------------------------------------------------
class _LowS_ECDSA_P256(algorithms.ECDSA_P256_SHA256):
    """RFC 9421's ecdsa-p256-sha256 (r‖s), always low-S like every signature the workbench makes."""

    def sign(self, message: bytes) -> bytes:
        return self.signature_from_der(sign_low_s(self.private_key, message))


class _OneKey(HTTPSignatureKeyResolver):
    def __init__(self, key_id: str, key: ec.EllipticCurvePrivateKey) -> None:
        self.key_id, self.key = key_id, key

    def resolve_private_key(self, key_id: str) -> ec.EllipticCurvePrivateKey:
        if key_id != self.key_id:
            raise KeyError(key_id)
        return self.key

    def resolve_public_key(self, key_id: str) -> ec.EllipticCurvePublicKey | None:
        return self.key.public_key() if key_id == self.key_id else None


class RequestSigner:
    """Signs httpx requests in place as docs/sync-protocol.md says (RFC 9421 + RFC 9530)."""

    def __init__(self, key_id: str, key: ec.EllipticCurvePrivateKey, *,
                 clock: Callable[[], float] = time.time) -> None:
        self.key_id = key_id
        self._signer = HTTPMessageSigner(signature_algorithm=_LowS_ECDSA_P256, key_resolver=_OneKey(key_id, key))
        self._clock = clock

    def sign(self, request: Any, body: bytes, *, created: int | None = None, nonce: str | None = None,
             digest: bytes | None = None) -> Any:
        """Sign `request` in place: an httpx.Request, or anything with `method`, an encoded
        absolute `url` and mutable `headers` (a requests.PreparedRequest, say).

        `digest`: the body's SHA-256, when the caller already knows it (a whole blob is its
        own name), so the body is not hashed again here."""
        for h in (P.HEADER_CONTENT_DIGEST, P.HEADER_SIGNATURE, P.HEADER_SIGNATURE_INPUT):
            request.headers.pop(h, None)
        ts = int(self._clock()) if created is None else created
        extra: dict[str, Any] = {"body": body}
        if digest is not None:
            request.headers[P.HEADER_CONTENT_DIGEST] = _digest_field(digest)
            extra = {"body": None, "use_existing_digest": True}
        self._signer.sign(request, key_id=self.key_id, label=P.SIGNATURE_LABEL,
                          created=dt.datetime.fromtimestamp(ts, dt.UTC),
                          nonce=nonce or secrets.token_urlsafe(18),
                          covered_component_ids=P.COVERED_COMPONENTS, **extra)
        return request


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """httpx's default TLS context (system CAs via certifi), made once per process: loading the
    CA bundle costs 0.1-0.4 s, and a round makes a client per upload thread."""
    return httpx.create_ssl_context()


def _digest_field(sha256: bytes) -> str:
    """The Content-Digest field value (RFC 9530) for a body whose SHA-256 is `sha256`."""
    return "sha-256=:" + base64.b64encode(sha256).decode("ascii") + ":"


# -- the client -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class HubInfo:
    hub_id: str
    name: str
    certificate: x509.Certificate
    fingerprint: str
    protocol: int


@dataclass(frozen=True)
class PushResult:
    """A hub's answer to a document: "stored" (201) or "duplicate" (200), with its receipt."""

    status: str
    receipt: dict[str, Any]
    body: dict[str, Any]

    @property
    def duplicate(self) -> bool:
        return self.status == "duplicate"


@dataclass(frozen=True)
class UploadResult:
    sha256: str
    size: int
    sent: int          # body bytes this call sent (less than size when it resumed)
    resumed: int       # how many times it continued after a broken transfer or offset mismatch
    already: bool      # the hub had the whole blob before we started


def document_hash(data: bytes, kind: str | None = None) -> str:
    """The "sha256:<hex>" the hub names a document by (docs/sync-protocol.md, "Conventions").

    A sheet is named by its sheet hash (of the signed payload, without the signature:
    workbench.signing.sheet.sheet_hash); a panel result, or any other JSON document, by its
    canonical JSON, i.e. the file bytes without the final newline. `kind` None guesses
    from the bytes.
    """
    if kind in (None, "sheet"):
        sheet = _as_sheet(data)
        if sheet is not None:
            return sheet_hash(sheet)
    return "sha256:" + hashlib.sha256(data[:-1] if data.endswith(b"\n") else data).hexdigest()


def _as_sheet(data: bytes) -> dict[str, Any] | None:
    try:
        doc = json.loads(data)
    except ValueError:
        return None
    fmt = doc.get("format") if isinstance(doc, dict) else None
    return doc if isinstance(fmt, str) and fmt.startswith("workbench-sheet/") else None


def _names(data: bytes, doc_hash: str) -> bool:
    """Whether `data` is the document `doc_hash`: a JSON document or a package's exact bytes."""
    return document_hash(data) == doc_hash or "sha256:" + hashlib.sha256(data).hexdigest() == doc_hash


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class HubClient:
    """One reviewer talking to one hub. Not thread-safe; make one per thread.

    `hub_fingerprint`, when given (the chair's screen shows it), pins the hub: `hub_info()`
    refuses a hub whose certificate has another SHA-256, and receipts are checked against
    the pinned certificate. `transport`, `timeout` and `resume_attempts` are the hooks a
    retry policy or a test needs.
    """

    def __init__(self, base_url: str, identity: Identity, key: ec.EllipticCurvePrivateKey, *,
                 hub_fingerprint: str | None = None, timeout: float | httpx.Timeout = 30.0,
                 transport: httpx.BaseTransport | None = None, resume_attempts: int = 5,
                 clock: Callable[[], float] = time.time) -> None:
        if key.public_key().public_numbers() != identity.cert.public_key().public_numbers():
            raise WorkbenchError("the private key does not belong to this identity's certificate")
        self.base_url = base_url.rstrip("/")
        self.identity = identity
        self.hub_fingerprint = hub_fingerprint.replace(" ", "").lower() if hub_fingerprint else None
        self.resume_attempts = resume_attempts
        self.signer = RequestSigner(identity.fingerprint, key, clock=clock)
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout, transport=transport,
                                  follow_redirects=False, trust_env=False, verify=_tls_context())
        self._info: HubInfo | None = None

    # -- plumbing ---------------------------------------------------------------------------------
    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def build(self, method: str, path: str, *, body: bytes = b"", content_type: str | None = None,
              params: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None,
              signed: bool = True, digest: bytes | None = None) -> httpx.Request:
        """The request as it will go on the wire, signed (a new nonce and `created` each time)."""
        hdrs = dict(headers or {})
        if content_type:
            hdrs["Content-Type"] = content_type
        req = self._http.build_request(method, path, content=body if body or method not in ("GET", "HEAD")
                                       else None, params=params, headers=hdrs)
        if signed:
            try:
                self.signer.sign(req, body, digest=digest)
            except HTTPMessageSignaturesException as e:  # e.g. a path with characters RFC 9421 refuses
                raise HubRefused(f"cannot sign {method} {path}: {e}", code="unsignable") from None
        return req

    def send_raw(self, req: httpx.Request) -> httpx.Response:
        """Send a built request as it is; the answer is returned whatever its status."""
        return self._http.send(req)

    def request(self, method: str, path: str, *, body: bytes = b"", content_type: str | None = None,
                params: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None,
                signed: bool = True, ok: Iterable[int] = (), digest: bytes | None = None) -> httpx.Response:
        """Send one signed request; a 2xx or a status in `ok` is returned, anything else raised.

        A pinned client (hub_fingerprint) checks the hub's certificate before it sends the
        first signed request. `digest`: the body's SHA-256 if already known (see RequestSigner)."""
        if signed and self.hub_fingerprint and self._info is None:
            self.hub_info()
        req = self.build(method, path, body=body, content_type=content_type, params=params, headers=headers,
                         signed=signed, digest=digest)
        try:
            resp = self._http.send(req)
        except httpx.TimeoutException:
            raise HubUnreachable(f"the hub at {self.base_url} did not answer in time ({method} {path})",
                                 code="timeout", hint="check the network; nothing was lost, try again") from None
        except httpx.TransportError as e:
            raise HubUnreachable(f"cannot reach the hub at {self.base_url} ({_reason(e)})", code="unreachable",
                                 hint="check the network and the hub address; nothing was lost, try again") from None
        if resp.is_success or resp.status_code in set(ok):
            return resp
        raise error_from_response(resp)

    def _json(self, resp: httpx.Response) -> Any:
        try:
            return resp.json()
        except ValueError:
            raise HubRefused(f"the hub's answer to {resp.request.method} {resp.request.url.path} is not JSON",
                             code="bad_response", status=resp.status_code) from None

    # -- the hub ----------------------------------------------------------------------------------
    def hub_info(self) -> HubInfo:
        """`GET /v1/hub` (unsigned), checked against the pinned fingerprint if there is one."""
        data = self._json(self.request("GET", P.PATH_HUB, signed=False))
        try:
            cert = load_cert_pem(data["certificate"], what="the hub's certificate")
            info = HubInfo(str(data["hub_id"]), str(data.get("name", "")), cert, fingerprint(cert),
                           int(data.get("protocol", 0)))
        except (KeyError, TypeError, ValueError, WorkbenchError):
            raise HubRefused("the hub's description (/v1/hub) is malformed", code="bad_response") from None
        if self.hub_fingerprint and info.fingerprint != self.hub_fingerprint:
            raise HubMismatch(f"the hub at {self.base_url} has certificate {info.fingerprint[:16]}…, not the "
                              f"expected {self.hub_fingerprint[:16]}…", code="hub_mismatch",
                              hint="compare the fingerprint with the one on the chair's screen; do not connect")
        if info.protocol != P.PROTOCOL_VERSION:
            raise HubRefused(f"the hub speaks protocol {info.protocol}, this workbench {P.PROTOCOL_VERSION}",
                             code="protocol_version", hint="update the workbench or the hub")
        self._info = info
        return info

    def _hub(self) -> HubInfo:
        return self._info or self.hub_info()

    # -- documents --------------------------------------------------------------------------------
    def _push(self, path: str, data: bytes, content_type: str, kind: str) -> PushResult:
        resp = self.request("POST", path, body=data, content_type=content_type)
        body = self._json(resp)
        receipt = body.get("receipt") if isinstance(body, dict) else None
        if not isinstance(receipt, dict):
            raise HubRefused(f"the hub accepted the {kind} but sent no receipt", code="bad_response")
        hub = self._hub()
        verify_receipt(receipt, hub.certificate, hub_id=hub.hub_id, document=document_hash(data, kind))
        if receipt["kind"] != kind:
            raise HubRefused(f"the hub's receipt is for a {receipt['kind']}, not a {kind}", code="bad_response")
        return PushResult(str(body.get("status", "stored" if resp.status_code == 201 else "duplicate")),
                          receipt, body)

    def push_sheet(self, data: bytes) -> PushResult:
        """Send a signed sheet file's exact bytes; the receipt is verified before it is returned."""
        return self._push(P.PATH_SHEETS, data, P.SHEET_MEDIA_TYPE, "sheet")

    def push_panel(self, data: bytes) -> PushResult:
        """Send a panel result file's exact bytes (the hub takes it from a chair only)."""
        return self._push(P.PATH_PANELS, data, P.PANEL_MEDIA_TYPE, "panel")

    def document(self, doc_hash: str) -> bytes:
        """A document's exact bytes by its "sha256:<hex>" name, checked against that name."""
        resp = self.request("GET", P.document_path(doc_hash))
        if not _names(resp.content, doc_hash if doc_hash.startswith("sha256:") else "sha256:" + doc_hash):
            raise HubRefused(f"the hub sent other bytes than document {doc_hash[:20]}…", code="hash_mismatch")
        return resp.content

    def changes(self, since: int = 0, *, limit: int | None = None, school: str | None = None) -> dict[str, Any]:
        """`{"cursor": N, "more": bool, "changes": [...]}`: what concerns this reviewer after
        `since` (only `school`'s, and rubrics, when given)."""
        params: dict[str, Any] = {"since": int(since)}
        if limit is not None:
            params["limit"] = int(limit)
        if school is not None:
            params["school"] = school
        body = self._json(self.request("GET", P.PATH_CHANGES, params=params))
        if not isinstance(body, dict) or not isinstance(body.get("changes"), list):
            raise HubRefused("the hub's change list is malformed", code="bad_response")
        return body

    def receipts(self, since: int = 0) -> list[dict[str, Any]]:
        """The hub's receipts after `since`, each signature verified (chain: receipts.verify_chain)."""
        body = self._json(self.request("GET", P.PATH_RECEIPTS, params={"since": int(since)}))
        items = body.get("receipts") if isinstance(body, dict) else body
        if not isinstance(items, list):
            raise HubRefused("the hub's receipt list is malformed", code="bad_response")
        hub = self._hub()
        for r in items:
            verify_receipt(r, hub.certificate, hub_id=hub.hub_id)
        return items

    def whoami(self) -> dict[str, Any]:
        """What the hub knows of this certificate: fingerprint, role, name, org."""
        return self._json(self.request("GET", P.PATH_WHOAMI))

    def conflicts(self) -> list[dict[str, Any]]:
        body = self._json(self.request("GET", P.PATH_CONFLICTS))
        return list(body.get("conflicts", [])) if isinstance(body, dict) else []

    # -- admin (role admin) -----------------------------------------------------------------------
    def _post_json(self, path: str, obj: Any) -> Any:
        return self._json(self.request("POST", path, body=json.dumps(obj, ensure_ascii=False).encode("utf-8"),
                                       content_type=P.JSON_MEDIA_TYPE))

    def enroll(self, cert_pem: str, role: str) -> dict[str, Any]:
        return self._post_json(P.PATH_ADMIN_ENROLL, {"certificate": cert_pem, "role": role})

    def revoke(self, fp: str) -> dict[str, Any]:
        return self._post_json(P.PATH_ADMIN_REVOKE, {"fingerprint": fp})

    def assign(self, school: str, panel: str, members: Iterable[str]) -> dict[str, Any]:
        return self._post_json(P.PATH_ADMIN_ASSIGN, {"school": school, "panel": panel, "members": list(members)})

    def publish(self, *, rubric: Mapping[str, Any] | None = None, package_sha256: str | None = None) -> dict[str, Any]:
        if (rubric is None) == (package_sha256 is None):
            raise ValueError("publish a rubric or a package, one of them")
        return self._post_json(P.PATH_ADMIN_PUBLISH,
                               {"rubric": dict(rubric)} if rubric is not None else {"package": package_sha256})

    # -- blobs ------------------------------------------------------------------------------------
    def missing_blobs(self, shas: Iterable[str]) -> list[str]:
        """Which of these SHA-256 (hex) the hub lacks."""
        return list(self.missing_offsets(shas))

    def missing_offsets(self, shas: Iterable[str]) -> dict[str, int]:
        """The blobs of these the hub lacks, each with the bytes it already holds (an upload
        in progress; 0 otherwise): where `upload_blob(offset=…)` starts, without a HEAD."""
        want = sorted(set(shas))
        if not want:
            return {}
        body = self._post_json(P.PATH_BLOBS_MISSING, {"sha256": want})
        missing = body.get("missing") if isinstance(body, dict) else None
        partial = body.get("partial", {}) if isinstance(body, dict) else None
        if not isinstance(missing, list) or not isinstance(partial, dict):
            raise HubRefused("the hub's missing-blob answer is malformed", code="bad_response")
        out = {}
        for s in missing:
            n = partial.get(s, 0)
            out[str(s)] = n if type(n) is int and n >= 0 else 0  # a wrong guess only costs a 409
        return out

    def blob_offset(self, sha: str) -> tuple[int, bool]:
        """(bytes the hub holds of this blob, whether it is complete) from `HEAD`."""
        resp = self.request("HEAD", P.blob_path(sha), ok=(404,))
        if resp.status_code == 404:
            return 0, False
        complete = resp.headers.get(P.HEADER_UPLOAD_COMPLETE, "").strip() == "?1"
        try:
            off = int(resp.headers.get(P.HEADER_UPLOAD_OFFSET, "0"))
        except ValueError:
            raise HubRefused("the hub's Upload-Offset is not a number", code="bad_response") from None
        return off, complete

    def get_blob(self, sha: str) -> bytes:
        resp = self.request("GET", P.blob_path(sha))
        if hashlib.sha256(resp.content).hexdigest() != sha:
            raise HubRefused(f"the hub sent other bytes than blob {sha[:16]}…", code="hash_mismatch")
        return resp.content

    def upload_blob(self, sha: str, source: str | os.PathLike[str] | bytes, *, chunk: int = DEFAULT_CHUNK,
                    progress: Progress | None = None,
                    cancelled: Callable[[], bool] | None = None, verify_source: bool = True,
                    offset: int | None = None) -> UploadResult:
        """Upload a blob in chunks, continuing from the hub's offset after any broken transfer.

        The hub's `HEAD` decides where to start, so calling this again after a crash (ours or
        the hub's) sends only what the hub lacks. Gives up with HubUnreachable after
        `resume_attempts` broken transfers in a row without progress. `cancelled()` is asked
        before every chunk; True stops with `Cancelled` (what was sent stays on the hub).

        `offset`: where the hub's copy ends, when the caller was just told (`missing_offsets`):
        no `HEAD` then (a wrong guess costs a 409 that names the right offset). Each byte is
        hashed at most once here: a chunk that is the whole blob is signed with the blob's
        name as its digest; other chunks are hashed as they are read.
        """
        if not 0 < chunk <= P.MAX_CHUNK_BYTES:
            raise ValueError(f"chunk must be 1..{P.MAX_CHUNK_BYTES} bytes")
        data, path = (source, None) if isinstance(source, bytes) else (None, Path(source))
        size = len(data) if data is not None else path.stat().st_size  # type: ignore[union-attr]
        # verify_source=False: the caller's store is content-addressed and checked on write (the
        # workspace's blobs); the hub still checks what arrives, so a damaged file is refused there
        if not verify_source:
            actual = sha
        else:
            actual = hashlib.sha256(data).hexdigest() if data is not None else _sha256_file(path)  # type: ignore[arg-type]
        if actual != sha:
            raise WorkbenchError(f"the file does not hash to {sha[:16]}…; it changed since it was listed",
                                 hint="sign or list the photos again")
        if offset is None:
            offset, complete = self.blob_offset(sha)
            if complete:
                return UploadResult(sha, size, 0, 0, True)
        sent = resumed = failures = 0
        f = path.open("rb") if path is not None else None
        try:
            while True:
                if cancelled is not None and cancelled():
                    raise Cancelled(f"upload of {sha[:16]}… cancelled at {offset} of {size} bytes; "
                                    "it continues from there next time")
                if offset > size:
                    raise HubRefused(f"the hub holds {offset} bytes of a {size}-byte blob", code="bad_response")
                if f is not None:
                    f.seek(offset)
                    body = f.read(min(chunk, size - offset))
                else:
                    body = data[offset:offset + chunk]  # type: ignore[index]
                whole = offset == 0 and len(body) == size
                digest = bytes.fromhex(sha) if whole else hashlib.sha256(body).digest()
                try:
                    resp = self.request("PATCH", P.blob_path(sha), body=body, digest=digest,
                                        content_type=P.BLOB_MEDIA_TYPE,
                                        headers={P.HEADER_UPLOAD_OFFSET: str(offset), P.HEADER_UPLOAD_LENGTH: str(size)},
                                        ok=(409,))
                except HubUnreachable:
                    failures += 1
                    if failures > self.resume_attempts:
                        raise
                    resumed += 1
                    offset, complete = self._offset_after_break(sha, failures)
                    if complete:
                        return UploadResult(sha, size, sent, resumed, False)
                    continue
                except HubAuthError as err:
                    if whole and err.code == "bad_digest" and hashlib.sha256(body).digest() != digest:
                        raise WorkbenchError(f"the local copy of blob {sha[:16]}… is damaged: its bytes do not "
                                             "hash to its name", hint="import the photo again") from None
                    raise
                if resp.status_code == 409:
                    # offset_mismatch: the hub says where its copy ends; busy: another
                    # connection is uploading the same blob (a replay), wait and look again
                    err = error_from_response(resp)
                    if err.code not in ("offset_mismatch", "busy"):
                        raise err
                    failures += 1
                    if failures > self.resume_attempts:
                        raise err
                    resumed += 1
                    if err.code == "busy":
                        time.sleep(min(2.0, 0.05 * (2 ** failures)))
                    offset, complete = self.blob_offset(sha)
                    if complete:
                        return UploadResult(sha, size, sent, resumed, False)
                    continue
                sent += len(body)
                new = _int_header(resp, P.HEADER_UPLOAD_OFFSET, offset + len(body))
                if new > offset:
                    failures = 0
                offset = new
                if progress:
                    progress(offset, size)
                if resp.headers.get(P.HEADER_UPLOAD_COMPLETE, "").strip() == "?1" or offset >= size:
                    return UploadResult(sha, size, sent, resumed, False)
        finally:
            if f is not None:
                f.close()

    def _offset_after_break(self, sha: str, failures: int) -> tuple[int, bool]:
        """After a broken PATCH: ask the hub where it is (it may itself still be coming back)."""
        last: HubUnreachable | None = None
        for attempt in range(max(1, self.resume_attempts)):
            try:
                return self.blob_offset(sha)
            except HubUnreachable as e:
                last = e
                time.sleep(min(2.0, 0.1 * (2 ** attempt)))
        assert last is not None
        raise last


def _int_header(resp: httpx.Response, name: str, default: int) -> int:
    try:
        return int(resp.headers.get(name, default))
    except ValueError:
        return default


def _reason(e: Exception) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else ""
    return text[:120] or type(e).__name__


