"""Test identities with a small KDF round count (the default 600,000 costs ~0.5 s each)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec

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
    """A self-signed identity whose certificate names `role` (member, chair or admin)."""
    ident = create_identity(d, name, org, role, PASS, kdf_rounds=KDF_ROUNDS)
    return Person(ident, ident.private_key(PASS))
