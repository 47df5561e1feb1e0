"""Reviewer identities: an ECDSA P-256 key pair, an X.509 certificate, a signature image.

An identity is a folder:

    identity.json   name, org, role, certificate fingerprint, creation time (public)
    cert.pem        the reviewer's certificate: self-signed, or issued by a bureau CA
    chain.pem       the issuing CA's certificate, when a bureau issued cert.pem (optional)
    key.pem         the private key, PKCS#8 encrypted with the reviewer's passphrase
    signature.png   the handwritten signature drawn on the signature pad (optional)

P-256 is used because the same key signs JSON score sheets and PDFs, and common PDF
readers (poppler, Acrobat) validate ECDSA P-256 signatures. The key never leaves the
folder unencrypted: signing asks for the passphrase each time.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from workbench.errors import SignatureError

ROLES = ("member", "chair")
KEY_FILE, CERT_FILE, CHAIN_FILE, INFO_FILE, SIGNATURE_IMAGE = (
    "key.pem", "cert.pem", "chain.pem", "identity.json", "signature.png")
MIN_PASSPHRASE = 8
CERT_DAYS = 5 * 365
KDF_ROUNDS = 600_000  # PBKDF2-HMAC-SHA256 rounds protecting key.pem (OWASP 2023)
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 of the certificate's DER, lowercase hex: what sheets and QR codes carry."""
    return cert.fingerprint(hashes.SHA256()).hex()


def format_fingerprint(fp: str) -> str:
    """"ab12 cd34 …" in groups of four, easier to compare by eye on paper."""
    return " ".join(fp[i:i + 4] for i in range(0, len(fp), 4))


def cert_pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def load_cert_pem(data: str | bytes, *, what: str = "certificate") -> x509.Certificate:
    raw = data.encode("ascii", "replace") if isinstance(data, str) else data
    with warnings.catch_warnings():  # a tampered certificate may trip deprecation warnings; it fails later
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        try:
            return x509.load_pem_x509_certificate(raw)
        except (ValueError, x509.InvalidVersion):
            try:
                return x509.load_der_x509_certificate(raw)
            except (ValueError, x509.InvalidVersion):
                raise SignatureError(f"{what}: not a PEM or DER X.509 certificate") from None


def load_certs_file(path: str | Path) -> list[x509.Certificate]:
    """Every certificate in a PEM (or one DER) file: a trust root given with --trust."""
    p = Path(path)
    if p.is_dir():
        p = p / CERT_FILE  # an identity folder: trust (pin) its certificate
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise SignatureError(f"{p}: cannot read the certificate ({e.strerror})",
                             hint="give a .pem certificate file or an identity folder") from None
    if b"-----BEGIN CERTIFICATE-----" in raw:
        try:
            return x509.load_pem_x509_certificates(raw)
        except ValueError:
            raise SignatureError(f"{p}: damaged PEM certificate") from None
    return [load_cert_pem(raw, what=str(p))]


def _name(name: str, org: str, role: str | None = None) -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, name), x509.NameAttribute(NameOID.ORGANIZATION_NAME, org)]
    if role:
        attrs.append(x509.NameAttribute(NameOID.TITLE, role))
    return x509.Name(attrs)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _check_passphrase(passphrase: str) -> bytes:
    if len(passphrase) < MIN_PASSPHRASE:
        raise SignatureError(f"the passphrase is too short: use at least {MIN_PASSPHRASE} characters")
    return passphrase.encode("utf-8")


def _build_cert(subject: x509.Name, public_key: ec.EllipticCurvePublicKey, issuer: x509.Name,
                issuer_key: ec.EllipticCurvePrivateKey, *, ca: bool, days: int,
                issuer_cert: x509.Certificate | None = None) -> x509.Certificate:
    now = _now()
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
         .serial_number(x509.random_serial_number())
         .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=days))
         .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False))
    if ca:
        b = b.add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                          data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                          crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
    else:
        b = b.add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                          data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                          crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
    if issuer_cert is not None:
        ski = issuer_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
        b = b.add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False)
    return b.sign(issuer_key, hashes.SHA256())


def encrypt_private_key(key: ec.EllipticCurvePrivateKey, secret: bytes, *, rounds: int) -> bytes:
    """PEM "ENCRYPTED PRIVATE KEY" (PKCS#8, PBES2: PBKDF2-HMAC-SHA256 + AES-256-CBC).

    Written by hand because cryptography's BestAvailableEncryption uses only 2,048 PBKDF2
    rounds for PKCS#8; a stolen laptop's key file should resist guessing far longer.
    OpenSSL (and so `load_pem_private_key`) reads any round count.
    """
    from asn1crypto import algos as aalgos
    from asn1crypto import keys as akeys
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    salt, iv = os.urandom(16), os.urandom(16)
    aes_key = PBKDF2HMAC(hashes.SHA256(), 32, salt, rounds).derive(secret)
    plain = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption())
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plain) + padder.finalize()
    enc = Cipher(algorithms.AES(aes_key), modes.CBC(iv)).encryptor()
    blob = enc.update(padded) + enc.finalize()
    info = akeys.EncryptedPrivateKeyInfo({
        "encryption_algorithm": {"algorithm": "pbes2", "parameters": {
            "key_derivation_func": {"algorithm": "pbkdf2", "parameters": {
                "salt": aalgos.Pbkdf2Salt(name="specified", value=salt), "iteration_count": rounds, "prf": {"algorithm": "sha256"}}},
            "encryption_scheme": {"algorithm": "aes256_cbc", "parameters": iv}}},
        "encrypted_data": blob})
    b64 = base64.encodebytes(info.dump()).decode("ascii").replace("\n", "")
    body = "\n".join(b64[i:i + 64] for i in range(0, len(b64), 64))
    return f"-----BEGIN ENCRYPTED PRIVATE KEY-----\n{body}\n-----END ENCRYPTED PRIVATE KEY-----\n".encode()


def _write_private(path: Path, data: bytes) -> None:
    """Write a file readable only by its owner (the key is encrypted, but still)."""
    tmp = path.with_name(path.name + f".{uuid.uuid4().hex}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def _write_public(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + f".{uuid.uuid4().hex}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


@dataclass(frozen=True)
class Identity:
    """The public half of an identity folder; `private_key(passphrase)` unlocks the key."""

    dir: Path
    name: str
    org: str
    role: str
    cert: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.cert)

    @property
    def cert_pem(self) -> str:
        return cert_pem(self.cert)

    @property
    def is_ca(self) -> bool:
        try:
            return bool(self.cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
        except x509.ExtensionNotFound:
            return False

    def private_key(self, passphrase: str) -> ec.EllipticCurvePrivateKey:
        try:
            raw = (self.dir / KEY_FILE).read_bytes()
        except OSError as e:
            raise SignatureError(f"{self.dir}: cannot read the private key ({e.strerror})") from None
        try:
            key = serialization.load_pem_private_key(raw, passphrase.encode("utf-8"))
        except (ValueError, TypeError):
            raise SignatureError("wrong passphrase for this identity's private key",
                                 hint="type the passphrase chosen when the identity was created") from None
        if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
            raise SignatureError(f"{self.dir / KEY_FILE}: not an ECDSA P-256 key")
        if key.public_key().public_numbers() != self.cert.public_key().public_numbers():
            raise SignatureError(f"{self.dir}: the private key does not belong to cert.pem",
                                 hint="the identity folder was mixed up; create or issue it again")
        return key

    def signature_image(self) -> bytes | None:
        return load_signature_image(self.dir)


def create_identity(directory: str | Path, name: str, org: str, role: str, passphrase: str, *,
                    ca: bool = False, days: int = CERT_DAYS, overwrite: bool = False,
                    kdf_rounds: int | None = None) -> Identity:
    """Make a key pair and a self-signed certificate in `directory` (a bureau CA if ca=True)."""
    d = Path(directory)
    name, org = name.strip(), org.strip()
    if not name:
        raise SignatureError("the name is empty: give the reviewer's full name")
    if not org:
        raise SignatureError("the organisation is empty: give the reviewer's organisation")
    if role not in ROLES and not ca:
        raise SignatureError(f"role {role!r}: choose one of {', '.join(ROLES)}")
    secret = _check_passphrase(passphrase)
    if (d / KEY_FILE).exists() and not overwrite:
        raise SignatureError(f"{d}: already holds an identity", hint="choose another folder or remove it first")
    try:
        d.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise SignatureError(f"{d}: cannot create the folder ({e.strerror})") from None
    key = ec.generate_private_key(ec.SECP256R1())
    subject = _name(name, org, None if ca else role)
    cert = _build_cert(subject, key.public_key(), subject, key, ca=ca, days=days)
    enc = encrypt_private_key(key, secret, rounds=kdf_rounds or KDF_ROUNDS)
    _write_private(d / KEY_FILE, enc)
    _write_public(d / CERT_FILE, cert_pem(cert).encode("ascii"))
    (d / CHAIN_FILE).unlink(missing_ok=True)
    _write_info(d, name, org, "ca" if ca else role, cert)
    return load_identity(d)


def _write_info(d: Path, name: str, org: str, role: str, cert: x509.Certificate) -> None:
    info = {"name": name, "org": org, "role": role, "fingerprint": fingerprint(cert),
            "created": _now().isoformat().replace("+00:00", "Z")}
    _write_public(d / INFO_FILE, json.dumps(info, ensure_ascii=False, indent=2).encode("utf-8"))


def load_identity(directory: str | Path) -> Identity:
    d = Path(directory)
    try:
        info = json.loads((d / INFO_FILE).read_text(encoding="utf-8"))
        pem = (d / CERT_FILE).read_bytes()
    except FileNotFoundError:
        raise SignatureError(f"{d}: no identity here",
                             hint="create one with `workbench identity create --name … --org … --dir DIR`") from None
    except (OSError, ValueError) as e:
        raise SignatureError(f"{d}: cannot read the identity ({e})") from None
    cert = load_cert_pem(pem, what=str(d / CERT_FILE))
    chain: tuple[x509.Certificate, ...] = ()
    if (d / CHAIN_FILE).exists():
        chain = tuple(load_certs_file(d / CHAIN_FILE))
    if not isinstance(cert.public_key(), ec.EllipticCurvePublicKey):
        raise SignatureError(f"{d / CERT_FILE}: not an ECDSA certificate")
    return Identity(d, str(info.get("name", "")), str(info.get("org", "")), str(info.get("role", "member")),
                    cert, chain)


def issue_certificate(ca_dir: str | Path, ca_passphrase: str, reviewer_dir: str | Path, *,
                      days: int = CERT_DAYS) -> Identity:
    """The bureau's CA signs the reviewer's public key: cert.pem is replaced, chain.pem added.

    Only the CA's passphrase is needed: the reviewer's key stays where it is. A verifier
    then trusts the CA certificate instead of pinning each reviewer.
    """
    ca = load_identity(ca_dir)
    if not ca.is_ca:
        raise SignatureError(f"{ca_dir}: not a CA identity",
                             hint="make one with `workbench identity create-ca --name … --org …`")
    ca_key = ca.private_key(ca_passphrase)
    rev = load_identity(reviewer_dir)
    if rev.is_ca:
        raise SignatureError(f"{reviewer_dir}: is a CA, not a reviewer identity")
    cert = _build_cert(_name(rev.name, rev.org, rev.role), rev.cert.public_key(), ca.cert.subject, ca_key,
                       ca=False, days=days, issuer_cert=ca.cert)
    d = Path(reviewer_dir)
    _write_public(d / CERT_FILE, cert_pem(cert).encode("ascii"))
    _write_public(d / CHAIN_FILE, ca.cert_pem.encode("ascii"))
    _write_info(d, rev.name, rev.org, rev.role, cert)
    return load_identity(d)


# -- the handwritten signature image ------------------------------------------------------------
def signature_image_path(directory: str | Path) -> Path:
    return Path(directory) / SIGNATURE_IMAGE


def save_signature_image(directory: str | Path, png: bytes) -> Path:
    """Store the drawn signature (PNG bytes) with the identity; the GUI pad calls this."""
    if not png.startswith(_PNG_MAGIC):
        raise SignatureError("the signature image must be a PNG")
    p = signature_image_path(directory)
    if not (Path(directory) / INFO_FILE).exists():
        raise SignatureError(f"{directory}: no identity here; create the identity before drawing its signature")
    _write_public(p, png)
    return p


def load_signature_image(directory: str | Path) -> bytes | None:
    p = signature_image_path(directory)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise SignatureError(f"{p}: cannot read the signature image ({e.strerror})") from None
    return data if data.startswith(_PNG_MAGIC) else None


def default_identity_dir(workspace_root: str | Path) -> Path:
    """Where this laptop's identity lives unless --identity/--dir says otherwise."""
    return Path(workspace_root) / "identity"
