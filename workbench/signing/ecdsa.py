"""ECDSA P-256 signatures with exactly one valid encoding, and the signer a certificate names.

Shared by every signed document (score sheets, panel results, hub receipts, requests).

**One encoding per signature.** An ECDSA signature (r, s) verifies just as well as
(r, n − s), so anyone can turn one valid signature into a second without the key. We
produce only *low-S* signatures (s ≤ n/2, as Bitcoin's BIP 62 and many JOSE libraries
require) and refuse high-S ones, and the DER must be the strict minimal encoding.

**Who signed is what the certificate says.** `signer_from_cert` reads the name
(subject CN), organisation (subject O) and role (subject title, set by whoever issued the
certificate: the bureau's CA, or the reviewer for a pinned self-signed one). A JSON field
or a local file never decides it.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.x509.oid import NameOID

from workbench.errors import SignatureError

# Order of the P-256 group (SEC 2, secp256r1 "n").
P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
_HALF_N = P256_N // 2
ROLE_LABELS = {"member": "评估组成员", "chair": "评估组组长", "admin": "管理员", "ca": "证书签发机构"}


@dataclass(frozen=True)
class Signer:
    """The signer as its certificate names them."""

    name: str
    org: str
    role: str  # "member", "chair", "admin", "ca", or "" when the certificate names none


def _attr(cert: x509.Certificate, oid: x509.ObjectIdentifier) -> str:
    attrs = cert.subject.get_attributes_for_oid(oid)
    if not attrs:
        return ""
    v = attrs[0].value
    return v if isinstance(v, str) else v.decode("utf-8", "replace")


def signer_from_cert(cert: x509.Certificate) -> Signer:
    """Name (CN), organisation (O) and role (title) from the certificate's subject."""
    return Signer(_attr(cert, NameOID.COMMON_NAME), _attr(cert, NameOID.ORGANIZATION_NAME),
                  _attr(cert, NameOID.TITLE))


def sign_low_s(key: ec.EllipticCurvePrivateKey, payload: bytes) -> bytes:
    """DER ECDSA-SHA256 signature of `payload`, normalised to low S."""
    r, s = decode_dss_signature(key.sign(payload, ec.ECDSA(hashes.SHA256())))
    if s > _HALF_N:
        s = P256_N - s
    return encode_dss_signature(r, s)


def sign_b64(key: ec.EllipticCurvePrivateKey, payload: bytes) -> str:
    """`sign_low_s` as canonical base64, as documents carry it."""
    return base64.b64encode(sign_low_s(key, payload)).decode("ascii")


def decode_b64_signature(value: object) -> bytes:
    """Strict base64 (canonical, no whitespace) to DER bytes, or SignatureError."""
    if not isinstance(value, str):
        raise SignatureError("the signature value is not a string")
    try:
        der = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError("the signature value is not base64") from None
    if base64.b64encode(der).decode("ascii") != value:
        raise SignatureError("the signature value is not canonical base64")
    return der


def check_low_s_der(der: bytes) -> None:
    """Refuse a DER signature that is not minimal or whose S is in the high half."""
    try:
        r, s = decode_dss_signature(der)
    except ValueError:
        raise SignatureError("the signature is not a DER ECDSA signature") from None
    if encode_dss_signature(r, s) != der:
        raise SignatureError("the signature is not in strict DER form")
    if not (1 <= r < P256_N and 1 <= s <= _HALF_N):
        raise SignatureError("the signature is not in low-S form (s > n/2): a re-encoded "
                             "signature is refused so that one signed document has one encoding")


def verify_low_s(public_key: ec.EllipticCurvePublicKey, der: bytes, payload: bytes) -> None:
    """Verify an ECDSA-SHA256 P-256 signature that must be low-S; SignatureError otherwise."""
    if not isinstance(public_key, ec.EllipticCurvePublicKey) or public_key.curve.name != "secp256r1":
        raise SignatureError("the certificate does not hold an ECDSA P-256 key")
    check_low_s_der(der)
    try:
        public_key.verify(der, payload, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise SignatureError("signature mismatch: the content is not what this certificate's key signed") from None
