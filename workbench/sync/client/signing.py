"""Request signatures: HTTP Message Signatures (RFC 9421, ecdsa-p256-sha256) over the method,
the target URI and the RFC 9530 `Content-Digest` of the body, with `created`, a random
`nonce` and keyid = the certificate's SHA-256 fingerprint (docs/sync-protocol.md)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
import secrets
import time
from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from http_message_signatures import HTTPMessageSigner, HTTPSignatureKeyResolver, algorithms

from workbench.signing.ecdsa import sign_low_s
from workbench.sync import protocol as P


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
        self._alg = _LowS_ECDSA_P256(private_key=key)
        self._plain_key = _PLAIN_TOKEN.fullmatch(key_id) is not None
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
        nonce = nonce or secrets.token_urlsafe(18)
        if self._plain_key and P.COVERED_COMPONENTS == _PLAIN_COMPONENTS and _plain(request, ts, nonce):
            return self._sign_plain(request, hashlib.sha256(body).digest() if digest is None else digest, ts, nonce)
        return self._sign_library(request, body, ts, nonce, digest)

    def _sign_library(self, request: Any, body: bytes, ts: int, nonce: str, digest: bytes | None) -> Any:
        extra: dict[str, Any] = {"body": body}
        if digest is not None:
            request.headers[P.HEADER_CONTENT_DIGEST] = digest_field(digest)
            extra = {"body": None, "use_existing_digest": True}
        self._signer.sign(request, key_id=self.key_id, label=P.SIGNATURE_LABEL,
                          created=dt.datetime.fromtimestamp(ts, dt.UTC),
                          nonce=nonce,
                          covered_component_ids=P.COVERED_COMPONENTS, **extra)
        return request

    def _sign_plain(self, request: Any, digest: bytes, ts: int, nonce: str) -> Any:
        """The same headers `sign` gets from http_message_signatures, for a request whose
        every covered value is plain (`_plain`): the library's generic path (structured-field
        parsing and serialising, the signature base built twice) was ~0.8 ms a request, as
        much CPU as a photo's socket copy; this is the ECDSA signature and a few strings.
        tests/sync/test_request_signing_plain.py checks both give the same bytes."""
        cd = digest_field(digest)
        params = (f'("@method" "@target-uri" "content-digest");created={ts};keyid="{self.key_id}";'
                  f'alg="{_LowS_ECDSA_P256.algorithm_id}";nonce="{nonce}"')
        base = (f'"@method": {request.method}\n"@target-uri": {request.url}\n"content-digest": {cd}\n'
                f'"@signature-params": {params}').encode("ascii")
        sig = self._alg.sign(base)
        request.headers[P.HEADER_CONTENT_DIGEST] = cd
        request.headers[P.HEADER_SIGNATURE_INPUT] = f"{P.SIGNATURE_LABEL}={params}"
        request.headers[P.HEADER_SIGNATURE] = f"{P.SIGNATURE_LABEL}=:{base64.b64encode(sig).decode('ascii')}:"
        return request


# What the library's resolver returns unchanged as @target-uri: a lower-case scheme and host
# name or IPv4 address, a port that is not the scheme's default, a path of plain segments
# (no escapes, no dot segments), no query. Anything else is signed by the library.
_PLAIN_URI = re.compile(r"(https?)://[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::([1-9][0-9]{0,4}))?(?:/[A-Za-z0-9_-][A-Za-z0-9._-]*)+")
_PLAIN_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,200}")
_DEFAULT_PORT = {"http": "80", "https": "443"}
_PLAIN_COMPONENTS = ("@method", "@target-uri", "content-digest")  # what `_sign_plain` writes out


def _plain(request: Any, ts: int, nonce: str) -> bool:
    if request.method not in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE") or not 0 <= ts < 10 ** 11:
        return False
    m = _PLAIN_URI.fullmatch(str(request.url))
    return m is not None and m.group(2) != _DEFAULT_PORT[m.group(1)] and _PLAIN_TOKEN.fullmatch(nonce) is not None


def digest_field(sha256: bytes) -> str:
    """The Content-Digest field value (RFC 9530) for a body whose SHA-256 is `sha256`."""
    return "sha-256=:" + base64.b64encode(sha256).decode("ascii") + ":"
