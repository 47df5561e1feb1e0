"""Who sent this request: RFC 9421 signatures checked against the hub's enrollments.

`check_headers` runs before the body is read (a stranger's large upload costs nothing),
`check_body` after it (Content-Digest, RFC 9530), then `consume_nonce` records the nonce
under a unique constraint so a replay fails in every worker. See docs/sync-protocol.md.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass

import http_sf
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from http_message_signatures import HTTPMessageVerifier, HTTPSignatureKeyResolver, algorithms
from http_message_signatures.digests import ContentDigest
from http_message_signatures.exceptions import HTTPMessageSignaturesException
from sqlalchemy import Connection, Engine, Row, bindparam, delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from workbench.signing.identity import load_cert_pem
from workbench.sync.hub.errors import HubError
from workbench.sync.hub.models import Enrollment, Nonce
from workbench.sync.protocol import (
    COVERED_COMPONENTS,
    KEYID_RE,
    MAX_CLOCK_SKEW_S,
    NONCE_RE,
    SIGNATURE_ALG,
    SIGNATURE_LABEL,
)

_PURGE_EVERY = 64  # purge expired nonces on about one request in this many


@dataclass(frozen=True)
class Caller:
    """The authenticated requester, as the hub's enrollment record names them."""

    fingerprint: str
    role: str
    name: str
    org: str
    nonce: str
    created: int


@dataclass
class SignedMessage:
    """What http_message_signatures needs of a request."""

    method: str
    url: str
    headers: object  # anything with .items() giving every field line (starlette Headers)


class _Resolver(HTTPSignatureKeyResolver):
    def __init__(self, keyid: str, key: ec.EllipticCurvePublicKey) -> None:
        self.keyid, self.key = keyid, key

    def resolve_public_key(self, key_id: str):  # noqa: ANN201 - library interface
        if key_id != self.keyid:
            raise HTTPMessageSignaturesException("unexpected keyid")
        return self.key

    def resolve_private_key(self, key_id: str):  # noqa: ANN201
        raise HTTPMessageSignaturesException("the hub signs nothing with reviewers' keys")


def _field(headers: object, name: str) -> str | None:
    values = [v for k, v in headers.items() if k.lower() == name.lower()]  # type: ignore[attr-defined]
    return ", ".join(values) if values else None


def _parse_input(headers: object) -> dict:
    """The `wb` member's parameters of Signature-Input, or a 401."""
    sig_input, sig = _field(headers, "signature-input"), _field(headers, "signature")
    if sig_input is None or sig is None or _field(headers, "content-digest") is None:
        raise HubError("unsigned")
    try:
        parsed = http_sf.parse(sig_input.encode("latin-1"), tltype="dictionary")
    except Exception:  # noqa: BLE001 - the parser raises several kinds on garbage
        raise HubError("bad_signature", "Signature-Input is not a structured dictionary",
                       "Signature-Input 格式错误") from None
    if not isinstance(parsed, dict) or list(parsed) != [SIGNATURE_LABEL]:
        raise HubError("bad_signature", f"exactly one signature labelled {SIGNATURE_LABEL!r} is required",
                       f"需要恰好一个标签为 {SIGNATURE_LABEL} 的签名")
    members, params = parsed[SIGNATURE_LABEL]
    if not isinstance(members, list) or not isinstance(params, dict):
        raise HubError("bad_signature", "Signature-Input is not an inner list", "Signature-Input 格式错误")
    covered = [m[0] for m in members if isinstance(m, tuple)]
    for c in COVERED_COMPONENTS:
        if c not in covered:
            raise HubError("bad_signature", f"the signature must cover {', '.join(COVERED_COMPONENTS)}",
                           f"签名必须覆盖 {', '.join(COVERED_COMPONENTS)}")
    if params.get("alg") != SIGNATURE_ALG:
        raise HubError("bad_signature", f"alg must be {SIGNATURE_ALG!r}", f"alg 必须为 {SIGNATURE_ALG}")
    keyid, nonce, created = params.get("keyid"), params.get("nonce"), params.get("created")
    if not isinstance(keyid, str) or not KEYID_RE.match(keyid):
        raise HubError("bad_signature", "keyid must be the certificate's SHA-256 fingerprint (64 hex)",
                       "keyid 必须是证书的 SHA-256 指纹(64 位十六进制)")
    if not isinstance(nonce, str) or not NONCE_RE.match(nonce):
        raise HubError("bad_signature", "nonce must be 16-128 characters [A-Za-z0-9_-]",
                       "nonce 必须为 16–128 个字符 [A-Za-z0-9_-]")
    if type(created) is not int:
        raise HubError("bad_signature", "created must be an integer Unix time", "created 必须为整数 Unix 时间")
    return params


# Core statements on a plain connection, not ORM sessions: every request runs these, and the
# ORM's unit of work costs ~0.5 ms of CPU each time for a one-row read or insert
_ENROLLMENTS, _NONCES = Enrollment.__table__, Nonce.__table__
_ENROLLMENT = select(_ENROLLMENTS).where(_ENROLLMENTS.c.fingerprint == bindparam("fp"))
_INSERT_NONCE = insert(_NONCES)
_PURGE_NONCES = delete(_NONCES).where(_NONCES.c.created < bindparam("before"))


def _engine(maker: sessionmaker[Session]) -> Engine:
    return maker.kw["bind"]  # the hub's sessionmakers are each bound to one engine (db.sessions)


def _enrollment(maker: sessionmaker[Session], keyid: str, now: int) -> Row:
    """The enrollment row (a fresh read every request: a revocation counts at once, in every worker)."""
    with _engine(maker).connect() as conn:
        e = conn.execute(_ENROLLMENT, {"fp": keyid}).first()
    if e is None:
        raise HubError("unknown_key")
    if e.revoked_at is not None:
        raise HubError("revoked")
    if not (e.not_before <= now <= e.not_after):
        raise HubError("expired")
    return e


_CERT_CACHE: dict[str, x509.Certificate] = {}  # parsed certificates by fingerprint: pure, immutable


def _public_key(e: Row) -> ec.EllipticCurvePublicKey:
    cert = _CERT_CACHE.get(e.fingerprint)
    if cert is None:
        cert = load_cert_pem(e.certificate)
        if len(_CERT_CACHE) > 10_000:
            _CERT_CACHE.clear()
        _CERT_CACHE[e.fingerprint] = cert
    key = cert.public_key()
    assert isinstance(key, ec.EllipticCurvePublicKey)  # enrollment admits only P-256
    return key


def check_headers(maker: sessionmaker[Session], msg: SignedMessage, *, now: float | None = None) -> Caller:
    """Verify the signature over method, target URI and Content-Digest; 401/403 otherwise."""
    t = int(now if now is not None else time.time())
    params = _parse_input(msg.headers)
    if abs(params["created"] - t) > MAX_CLOCK_SKEW_S:
        raise HubError("stale")
    e = _enrollment(maker, params["keyid"], t)
    verifier = HTTPMessageVerifier(signature_algorithm=algorithms.ECDSA_P256_SHA256,
                                   key_resolver=_Resolver(e.fingerprint, _public_key(e)))
    verifier.max_clock_skew = dt.timedelta(seconds=MAX_CLOCK_SKEW_S)
    try:
        verifier.verify(msg, max_age=None, require_components=COVERED_COMPONENTS)
    except (HTTPMessageSignaturesException, ValueError, TypeError):
        raise HubError("bad_signature") from None
    return Caller(e.fingerprint, e.role, e.name, e.org, params["nonce"], params["created"])


def check_body(msg: SignedMessage, body: bytes) -> None:
    """The body must match the (signed) Content-Digest; sha-256 is required."""
    value = _field(msg.headers, "content-digest") or ""
    try:
        if "sha-256" not in ContentDigest._parse(value):
            raise HubError("bad_digest", "Content-Digest must carry sha-256", "Content-Digest 必须包含 sha-256")
        ContentDigest.verify(value, body)
    except HTTPMessageSignaturesException:
        raise HubError("bad_digest") from None


def record_nonce(s: Session | Connection, caller: Caller) -> None:
    """Record the nonce in the caller's transaction; a second use anywhere (any worker) is a
    replay (401) and the transaction must be rolled back (the exception does that)."""
    try:
        s.execute(_INSERT_NONCE, {"nonce": caller.nonce, "keyid": caller.fingerprint, "created": caller.created})
    except IntegrityError:
        raise HubError("replay") from None
    if random.randrange(_PURGE_EVERY) == 0:
        # older than the window: `created` would be refused as stale anyway
        s.execute(_PURGE_NONCES, {"before": int(time.time()) - 2 * MAX_CLOCK_SKEW_S})


def consume_nonce(maker: sessionmaker[Session], caller: Caller) -> None:
    """Record the nonce in a transaction of its own (committed, i.e. durable, on return)."""
    with _engine(maker).begin() as conn:
        record_nonce(conn, caller)


def require_role(caller: Caller, roles: Iterable[str]) -> None:
    roles = tuple(roles)
    if caller.role not in roles:
        raise HubError("forbidden", f"this request needs the role {' or '.join(roles)}; you are {caller.role}",
                       f"此请求需要角色 {' 或 '.join(roles)};您的角色是 {caller.role}")
