"""Test identities with a small KDF round count (the default 600,000 costs ~0.5 s each)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from workbench.signing.identity import Identity, create_identity

PASS = "correct horse battery"
KDF_ROUNDS = 1000


@dataclass(frozen=True)
class Person:
    """An identity folder and its unlocked key, ready to sign requests and sheets."""

    identity: Identity
    key: ec.EllipticCurvePrivateKey

    @property
    def fingerprint(self) -> str:
        return self.identity.fingerprint

    @property
    def cert_path(self) -> Path:
        return self.identity.dir / "cert.pem"


def make_person(d: Path, name: str, role: str = "member", org: str = "麻江县教育局") -> Person:
    """A self-signed reviewer identity. Roles other than member/chair (admin) are written
    straight into the certificate's TITLE, as a bureau CA would issue them."""
    if role in ("member", "chair"):
        ident = create_identity(d, name, org, role, PASS, kdf_rounds=KDF_ROUNDS)
    else:
        ident = create_identity(d, name, org, "member", PASS, kdf_rounds=KDF_ROUNDS)
        ident = _retitle(ident, role)
    return Person(ident, ident.private_key(PASS))


def _retitle(ident: Identity, role: str) -> Identity:
    """Re-issue the self-signed certificate with another TITLE (e.g. admin)."""
    from workbench.signing.identity import (
        CERT_FILE,
        _write_info,
        _write_public,
        cert_pem,
        load_identity,
    )

    key = ident.private_key(PASS)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, ident.name),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, ident.org),
                      x509.NameAttribute(NameOID.TITLE, role)])
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    _write_public(ident.dir / CERT_FILE, cert_pem(cert).encode("ascii"))
    _write_info(ident.dir, ident.name, ident.org, role, cert)
    return load_identity(ident.dir)
