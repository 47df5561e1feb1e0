"""Request signatures: HTTP Message Signatures (RFC 9421, ecdsa-p256-sha256) over the method,
the target URI and the RFC 9530 `Content-Digest` of the body, with `created`, a random
`nonce` and keyid = the certificate's SHA-256 fingerprint (docs/sync-protocol.md)."""

from __future__ import annotations

import base64
import datetime as dt
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
            request.headers[P.HEADER_CONTENT_DIGEST] = digest_field(digest)
            extra = {"body": None, "use_existing_digest": True}
        self._signer.sign(request, key_id=self.key_id, label=P.SIGNATURE_LABEL,
                          created=dt.datetime.fromtimestamp(ts, dt.UTC),
                          nonce=nonce or secrets.token_urlsafe(18),
                          covered_component_ids=P.COVERED_COMPONENTS, **extra)
        return request


def digest_field(sha256: bytes) -> str:
    """The Content-Digest field value (RFC 9530) for a body whose SHA-256 is `sha256`."""
    return "sha-256=:" + base64.b64encode(sha256).decode("ascii") + ":"
