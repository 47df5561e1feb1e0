"""Reviewer identities: an ECDSA P-256 key pair, an X.509 certificate, a signature image.

An identity is a folder:

    cert.pem        the reviewer's certificate: self-signed, or issued by a bureau CA. Its
                    subject is the identity: CN = name, O = organisation, title = role
    identity.json   a cache of the certificate's name, org, role and fingerprint (never an
                    authority: `load_identity` reads them from cert.pem and reports a
                    differing or damaged identity.json in `Identity.cache_warning`)
    chain.pem       the issuing CA's certificate, when a bureau issued cert.pem (optional)
    key.pem         the private key, PKCS#8 encrypted with the reviewer's passphrase
    signature.png   the handwritten signature drawn on the signature pad (optional)

P-256 is used because the same key signs JSON score sheets and PDFs, and common PDF
readers (poppler, Acrobat) validate ECDSA P-256 signatures. The key never leaves the
folder unencrypted: signing asks for the passphrase each time, and refuses a key file
that is not encrypted or that other users may read, and a certificate not valid now.

Certificates (`certs`), the key file (`keyfile`) and the signature image
(`signature_image`) live in their own modules; their public names are re-exported here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from workbench.atomic import atomic_write
from workbench.errors import SignatureError, WorkbenchError
from workbench.inputs import loads_json
from workbench.signing.certs import (
    MAX_PEM,
    ROLES,
    build_cert,
    cert_pem,
    check_cert_valid_at,
    check_role,
    check_subject_text,
    fingerprint,
    format_fingerprint,
    is_ca,
    load_cert_pem,
    now_utc,
    read_file,
    subject_name,
)
from workbench.signing.ecdsa import Signer, signer_from_cert
from workbench.signing.keyfile import (
    MIN_PASSPHRASE,
    check_new_passphrase,
    encrypt_private_key,
    is_unencrypted,
    passphrase_bytes,
)
from workbench.signing.signature_image import (
    MAX_SIGNATURE_IMAGE,
    SIGNATURE_IMAGE,
    check_signature_png,
    load_signature_image,
    save_signature_image,
    signature_image_path,
)

__all__ = [  # the names other modules use; several are re-exported from certs, keyfile, signature_image
    "CERT_DAYS", "CERT_FILE", "CHAIN_FILE", "INFO_FILE", "KDF_ROUNDS", "KEY_FILE", "MAX_PEM", "MAX_SIGNATURE_IMAGE",
    "MIN_PASSPHRASE", "ROLES", "SIGNATURE_IMAGE", "Identity", "cert_pem", "check_cert_valid_at", "check_role",
    "check_signature_png", "create_identity", "default_identity_dir", "encrypt_private_key", "fingerprint",
    "format_fingerprint", "issue_certificate", "load_cert_pem", "load_certs_file", "load_identity",
    "load_signature_image", "passphrase_bytes", "read_file", "save_signature_image", "signature_image_path",
]

KEY_FILE, CERT_FILE, CHAIN_FILE, INFO_FILE = "key.pem", "cert.pem", "chain.pem", "identity.json"
CERT_DAYS = 5 * 365
KDF_ROUNDS = 600_000  # PBKDF2-HMAC-SHA256 rounds protecting key.pem (OWASP 2023)


def load_certs_file(path: str | Path) -> list[x509.Certificate]:
    """Every certificate in a PEM (or one DER) file: a trust root given with --trust."""
    p = Path(path)
    if p.is_dir():
        p = p / CERT_FILE  # an identity folder: trust (pin) its certificate
    raw = read_file(p, "certificate")
    if b"-----BEGIN CERTIFICATE-----" in raw:
        try:
            return x509.load_pem_x509_certificates(raw)
        except ValueError:
            raise SignatureError(f"{p}: damaged PEM certificate") from None
    return [load_cert_pem(raw, what=str(p))]


class _Rollback:
    """Files written by one identity operation, undone together if a later write fails.

    Each file is written atomically, but an identity is several files: a full disk after
    key.pem must not leave a key without its certificate (or a new key beside the old one).
    """

    def __init__(self) -> None:
        self.done: list[tuple[Path, bytes | None]] = []

    def write(self, path: Path, data: bytes | None, *, private: bool = False, what: str = "identity file") -> None:
        """Write `data` to `path` (or remove `path` when data is None), remembering what was there."""
        before = read_file(path, "identity file") if os.path.lexists(path) else None
        if data is None:
            if before is not None:
                try:
                    path.unlink()
                except OSError as e:
                    raise SignatureError(f"{path}: cannot remove ({e.strerror})") from None
        else:
            atomic_write(path, data, mode=0o600 if private else 0o644, what="private key" if private else what)
        self.done.append((path, before))

    def undo(self) -> None:
        """Best effort: restore each file as it was (on a full disk a restore may fail too)."""
        for path, before in reversed(self.done):
            with contextlib.suppress(OSError, WorkbenchError):
                if before is None:
                    path.unlink(missing_ok=True)
                else:
                    atomic_write(path, before, mode=0o600 if path.name == KEY_FILE else 0o644)


@dataclass(frozen=True)
class Identity:
    """The public half of an identity folder; `private_key(passphrase)` unlocks the key.

    `name`, `org` and `role` are the certificate's subject (CN, O, title; "ca" for a CA
    certificate), never identity.json's; `cache_warning` says when identity.json differs.
    """

    dir: Path
    name: str
    org: str
    role: str
    cert: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()
    cache_warning: str | None = None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.cert)

    @property
    def cert_pem(self) -> str:
        return cert_pem(self.cert)

    @property
    def signer(self) -> Signer:
        """Who signs with this identity, as the certificate says."""
        return signer_from_cert(self.cert)

    @property
    def is_ca(self) -> bool:
        return is_ca(self.cert)

    def check_valid_at(self, at: dt.datetime | None = None) -> None:
        """Refuse (SignatureError) when the certificate is expired or not yet valid at `at` (now)."""
        check_cert_valid_at(self.cert, at or now_utc(), what=f"the certificate in {self.dir / CERT_FILE}")

    def private_key(self, passphrase: str) -> ec.EllipticCurvePrivateKey:
        """The decrypted key, after checking the key file is private and encrypted."""
        path = self.dir / KEY_FILE
        raw = read_file(path, "private key")
        try:
            st = os.stat(path)
        except OSError as e:
            raise SignatureError(f"{path}: cannot read the private key ({e.strerror})") from None
        if os.name == "posix" and st.st_mode & 0o077:
            raise SignatureError(f"{path}: other users may read the private key file "
                                 f"(mode {stat.S_IMODE(st.st_mode):o})",
                                 hint=f"run `chmod 600 {path}`, then sign again")
        if is_unencrypted(raw):
            raise SignatureError(f"{path}: the private key is not encrypted (BEGIN PRIVATE KEY)",
                                 hint="create the identity again (`workbench identity create --force`), "
                                 "or encrypt it: `openssl pkcs8 -topk8 -v2 aes-256-cbc -iter 600000`")
        secret = passphrase_bytes(passphrase)
        try:
            key = serialization.load_pem_private_key(raw, secret)
        except (ValueError, TypeError):
            raise SignatureError("wrong passphrase for this identity's private key", code="wrong_passphrase",
                                 hint="type the passphrase chosen when the identity was created") from None
        if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
            raise SignatureError(f"{path}: not an ECDSA P-256 key")
        if key.public_key().public_numbers() != self.cert.public_key().public_numbers():
            raise SignatureError(f"{self.dir}: the private key does not belong to cert.pem",
                                 hint="the identity folder was mixed up; create or issue it again")
        return key

    def signature_image(self) -> bytes | None:
        return load_signature_image(self.dir)


def _role_of(cert: x509.Certificate) -> str:
    return "ca" if is_ca(cert) else signer_from_cert(cert).role


def _first_missing(d: Path) -> Path | None:
    """The outermost folder of `d` that does not exist yet (to remove again after a failure)."""
    top = None
    for p in (d, *d.parents):
        if p.exists():
            break
        top = p
    return top


def _remove_made_dirs(d: Path, top: Path | None) -> None:
    if top is None:
        return
    for p in (d, *d.parents):
        with contextlib.suppress(OSError):
            p.rmdir()  # only succeeds when empty
        if p == top:
            break


def create_identity(directory: str | Path, name: str, org: str, role: str, passphrase: str, *,
                    ca: bool = False, days: int = CERT_DAYS, overwrite: bool = False,
                    kdf_rounds: int | None = None) -> Identity:
    """Make a key pair and a self-signed certificate in `directory` (a bureau CA if ca=True).

    All or nothing: if a file cannot be written (a full disk), the files already written
    are removed or restored and a folder made for it is removed again.
    """
    d = Path(directory)
    name, org = check_subject_text(name, "name"), check_subject_text(org, "organisation")
    if not ca:
        check_role(role)
    secret = check_new_passphrase(passphrase)
    if ((d / KEY_FILE).exists() or (d / CERT_FILE).exists()) and not overwrite:
        raise SignatureError(f"{d}: already holds an identity", hint="choose another folder or remove it first")
    top = _first_missing(d)
    try:
        d.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise SignatureError(f"{d}: cannot create the folder ({e.strerror})") from None
    key = ec.generate_private_key(ec.SECP256R1())
    subject = subject_name(name, org, None if ca else role)
    cert = build_cert(subject, key.public_key(), subject, key, ca=ca, days=days)
    enc = encrypt_private_key(key, secret, rounds=kdf_rounds or KDF_ROUNDS)
    rb = _Rollback()
    try:
        rb.write(d / KEY_FILE, enc, private=True)
        rb.write(d / CERT_FILE, cert_pem(cert).encode("ascii"), what="certificate")
        rb.write(d / CHAIN_FILE, None)
        rb.write(d / INFO_FILE, _info_bytes(cert))
    except WorkbenchError:
        rb.undo()
        _remove_made_dirs(d, top)
        raise
    return load_identity(d)


def _info_bytes(cert: x509.Certificate) -> bytes:
    """identity.json: a readable cache of what the certificate says."""
    who = signer_from_cert(cert)
    info = {"name": who.name, "org": who.org, "role": _role_of(cert), "fingerprint": fingerprint(cert),
            "created": now_utc().isoformat().replace("+00:00", "Z")}
    return json.dumps(info, ensure_ascii=False, indent=2).encode("utf-8")


def _cache_warning(d: Path, cert: x509.Certificate) -> str | None:
    """One line when identity.json differs from the certificate; None when it agrees or is absent.

    A damaged identity.json (not a regular file, not JSON, not an object, invalid text) is
    refused with one line saying to delete it: it holds nothing the certificate does not.
    """
    p = d / INFO_FILE
    if not os.path.lexists(p):
        return None
    hint = "identity.json is only a cache of cert.pem: delete it; `workbench identity show` says who you are"
    try:
        info = loads_json(read_file(p, "identity cache"), what=str(p), error=SignatureError)
    except SignatureError as e:
        raise SignatureError(e.message, hint=hint) from None
    if not isinstance(info, dict):
        raise SignatureError(f"{p}: not a JSON object", hint=hint)
    who = signer_from_cert(cert)
    truth = {"name": who.name, "org": who.org, "role": _role_of(cert), "fingerprint": fingerprint(cert)}
    differ = [f"{k} {info[k]!r} (certificate: {v!r})" for k, v in truth.items() if k in info and info[k] != v]
    if not differ:
        return None
    return f"{p} differs from the certificate and is ignored: " + "; ".join(differ)


def load_identity(directory: str | Path) -> Identity:
    """The identity in `directory`: who it is comes from cert.pem alone."""
    d = Path(directory)
    if not os.path.lexists(d / CERT_FILE):
        raise SignatureError(f"{d}: no identity here",
                             hint="create one with `workbench identity create --name … --org … --dir DIR`",
                             code="no_identity")
    cert = load_cert_pem(read_file(d / CERT_FILE, "certificate"), what=str(d / CERT_FILE))
    chain: tuple[x509.Certificate, ...] = ()
    if os.path.lexists(d / CHAIN_FILE):
        chain = tuple(load_certs_file(d / CHAIN_FILE))
    if not isinstance(cert.public_key(), ec.EllipticCurvePublicKey):
        raise SignatureError(f"{d / CERT_FILE}: not an ECDSA certificate")
    who = signer_from_cert(cert)
    return Identity(d, who.name, who.org, _role_of(cert), cert, chain, _cache_warning(d, cert))


def issue_certificate(ca_dir: str | Path, ca_passphrase: str, reviewer_dir: str | Path, *,
                      name: str, org: str, role: str, days: int = CERT_DAYS) -> Identity:
    """The bureau's CA certifies the reviewer's public key as name/org/role (the CA operator's word).

    cert.pem is replaced and chain.pem added; only the CA's passphrase is needed, the
    reviewer's key stays where it is. A verifier then trusts the CA certificate instead of
    pinning each reviewer. The subject is never taken from the reviewer's files: the
    operator states it (the CLI shows the reviewer's current subject before defaulting to it).
    """
    name, org, role = check_subject_text(name, "name"), check_subject_text(org, "organisation"), check_role(role)
    ca = load_identity(ca_dir)
    if not ca.is_ca:
        raise SignatureError(f"{ca_dir}: not a CA identity",
                             hint="make one with `workbench identity create-ca --name … --org …`")
    now = now_utc()
    ca.check_valid_at(now)
    ca_key = ca.private_key(ca_passphrase)
    rev = load_identity(reviewer_dir)
    if rev.is_ca:
        raise SignatureError(f"{reviewer_dir}: is a CA, not a reviewer identity")
    # never valid beyond the CA itself: a verifier would refuse it then anyway
    days = max(1, min(days, (ca.cert.not_valid_after_utc - now).days))
    cert = build_cert(subject_name(name, org, role), rev.cert.public_key(), ca.cert.subject, ca_key,
                       ca=False, days=days, issuer_cert=ca.cert)
    d = Path(reviewer_dir)
    rb = _Rollback()
    try:
        rb.write(d / CERT_FILE, cert_pem(cert).encode("ascii"), what="certificate")
        rb.write(d / CHAIN_FILE, ca.cert_pem.encode("ascii"), what="CA certificate")
        rb.write(d / INFO_FILE, _info_bytes(cert))
    except WorkbenchError:
        rb.undo()
        raise
    return load_identity(d)


def default_identity_dir(workspace_root: str | Path) -> Path:
    """Where this laptop's identity lives unless --identity/--dir says otherwise."""
    return Path(workspace_root) / "identity"
