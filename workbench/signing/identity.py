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
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import io
import json
import os
import stat
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from workbench.atomic import atomic_write
from workbench.errors import SignatureError, WorkbenchError
from workbench.inputs import loads_json, read_regular
from workbench.signing.ecdsa import Signer, signer_from_cert

ROLES = ("member", "chair", "admin")  # what a certificate's title may say for a person
KEY_FILE, CERT_FILE, CHAIN_FILE, INFO_FILE, SIGNATURE_IMAGE = (
    "key.pem", "cert.pem", "chain.pem", "identity.json", "signature.png")
MIN_PASSPHRASE = 8
CERT_DAYS = 5 * 365
KDF_ROUNDS = 600_000  # PBKDF2-HMAC-SHA256 rounds protecting key.pem (OWASP 2023)
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_PEM = 1 << 20  # a certificate chain or key is a few kB; a FIFO or /dev/zero is refused
MAX_SIGNATURE_IMAGE = 8 << 20
MAX_SIGNATURE_PIXELS = 4096 * 2048  # a drawn signature; a decompression bomb is refused
# control, format (bidi overrides, zero-width), line/paragraph separators, surrogates
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def read_file(path: Path, what: str, max_bytes: int = MAX_PEM) -> bytes:
    """A small regular file's bytes, or one-line SignatureError (never blocks on a FIFO or device)."""
    return read_regular(path, what=what, max_bytes=max_bytes, error=SignatureError)


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
    raw = read_file(p, "certificate")
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


def passphrase_bytes(passphrase: str) -> bytes:
    """The passphrase as UTF-8, or one line when it is not text.

    A passphrase read from an environment variable or a terminal in another encoding
    arrives with lone surrogates (Python's surrogateescape), which UTF-8 cannot encode.
    """
    try:
        return passphrase.encode("utf-8")
    except UnicodeEncodeError:
        raise SignatureError("the passphrase is not valid UTF-8 text (it holds bytes of another encoding)",
                             hint="type it again in a UTF-8 terminal, or set the variable in UTF-8") from None


def _check_passphrase(passphrase: str) -> bytes:
    secret = passphrase_bytes(passphrase)
    if len(passphrase) < MIN_PASSPHRASE:
        raise SignatureError(f"the passphrase is too short: use at least {MIN_PASSPHRASE} characters")
    return secret


def _check_text(value: str, what: str) -> str:
    """A name or organisation for a certificate subject: non-empty, valid text, one line."""
    value = value.strip()
    if not value:
        raise SignatureError(f"the {what} is empty: give the reviewer's {what}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise SignatureError(f"the {what} is not valid UTF-8 text", hint="type it again in a UTF-8 terminal") from None
    if any(unicodedata.category(c) in _INVISIBLE for c in value):
        raise SignatureError(f"the {what} holds control or invisible characters (a line break, a "
                             "direction override?): type it on one line, as it should be printed")
    if len(value) > 64:  # X.520 upper bound for CN and O
        raise SignatureError(f"the {what} is longer than 64 characters: shorten it")
    return value


def check_role(role: str) -> str:
    if role not in ROLES:
        raise SignatureError(f"role {role!r}: choose one of {', '.join(ROLES)}")
    return role


def check_cert_valid_at(cert: x509.Certificate, at: dt.datetime, *, what: str = "the certificate") -> None:
    """Refuse to sign with a certificate that is expired or not yet valid at `at`."""
    at = at.astimezone(dt.UTC)
    if at < cert.not_valid_before_utc:
        raise SignatureError(f"{what} is not valid yet (from {cert.not_valid_before_utc:%Y-%m-%d %H:%M} UTC)",
                             hint="check this computer's clock, or wait until it is valid")
    if at > cert.not_valid_after_utc:
        raise SignatureError(f"{what} expired on {cert.not_valid_after_utc:%Y-%m-%d}",
                             hint="have it issued again (`workbench identity issue`) or create a new identity")


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
    """A file readable only by its owner from its first byte (the key is encrypted, but still)."""
    atomic_write(path, data, mode=0o600, what="private key")


def _write_public(path: Path, data: bytes, what: str = "identity file") -> None:
    atomic_write(path, data, mode=0o644, what=what)


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
                path.unlink()
        elif private:
            _write_private(path, data)
        else:
            _write_public(path, data, what)
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
        return _is_ca(self.cert)

    def check_valid_at(self, at: dt.datetime | None = None) -> None:
        """Refuse (SignatureError) when the certificate is expired or not yet valid at `at` (now)."""
        check_cert_valid_at(self.cert, at or _now(), what=f"the certificate in {self.dir / CERT_FILE}")

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
        if _is_unencrypted(raw):
            raise SignatureError(f"{path}: the private key is not encrypted (BEGIN PRIVATE KEY)",
                                 hint="create the identity again (`workbench identity create --force`), "
                                 "or encrypt it: `openssl pkcs8 -topk8 -v2 aes-256-cbc -iter 600000`")
        secret = passphrase_bytes(passphrase)
        try:
            key = serialization.load_pem_private_key(raw, secret)
        except (ValueError, TypeError):
            raise SignatureError("wrong passphrase for this identity's private key",
                                 hint="type the passphrase chosen when the identity was created") from None
        if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
            raise SignatureError(f"{path}: not an ECDSA P-256 key")
        if key.public_key().public_numbers() != self.cert.public_key().public_numbers():
            raise SignatureError(f"{self.dir}: the private key does not belong to cert.pem",
                                 hint="the identity folder was mixed up; create or issue it again")
        return key

    def signature_image(self) -> bytes | None:
        return load_signature_image(self.dir)


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def _is_unencrypted(pem: bytes) -> bool:
    """True when the key loads without a passphrase (PKCS#8 or traditional, any label)."""
    try:
        serialization.load_pem_private_key(pem, None)
    except TypeError:  # "password was not given but private key is encrypted"
        return False
    except (ValueError, UnsupportedAlgorithm):
        return False  # damaged or unknown: the passphrase step reports it
    return True


def _role_of(cert: x509.Certificate) -> str:
    return "ca" if _is_ca(cert) else signer_from_cert(cert).role


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
    name, org = _check_text(name, "name"), _check_text(org, "organisation")
    if not ca:
        check_role(role)
    secret = _check_passphrase(passphrase)
    if ((d / KEY_FILE).exists() or (d / CERT_FILE).exists()) and not overwrite:
        raise SignatureError(f"{d}: already holds an identity", hint="choose another folder or remove it first")
    top = _first_missing(d)
    try:
        d.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise SignatureError(f"{d}: cannot create the folder ({e.strerror})") from None
    key = ec.generate_private_key(ec.SECP256R1())
    subject = _name(name, org, None if ca else role)
    cert = _build_cert(subject, key.public_key(), subject, key, ca=ca, days=days)
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
            "created": _now().isoformat().replace("+00:00", "Z")}
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
                             hint="create one with `workbench identity create --name … --org … --dir DIR`")
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
    name, org, role = _check_text(name, "name"), _check_text(org, "organisation"), check_role(role)
    ca = load_identity(ca_dir)
    if not ca.is_ca:
        raise SignatureError(f"{ca_dir}: not a CA identity",
                             hint="make one with `workbench identity create-ca --name … --org …`")
    now = _now()
    ca.check_valid_at(now)
    ca_key = ca.private_key(ca_passphrase)
    rev = load_identity(reviewer_dir)
    if rev.is_ca:
        raise SignatureError(f"{reviewer_dir}: is a CA, not a reviewer identity")
    # never valid beyond the CA itself: a verifier would refuse it then anyway
    days = max(1, min(days, (ca.cert.not_valid_after_utc - now).days))
    cert = _build_cert(_name(name, org, role), rev.cert.public_key(), ca.cert.subject, ca_key,
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


# -- the handwritten signature image ------------------------------------------------------------
def signature_image_path(directory: str | Path) -> Path:
    return Path(directory) / SIGNATURE_IMAGE


def save_signature_image(directory: str | Path, png: bytes) -> Path:
    """Store the drawn signature (PNG bytes) with the identity; the GUI pad calls this."""
    check_signature_png(png)
    p = signature_image_path(directory)
    if not (Path(directory) / CERT_FILE).exists():
        raise SignatureError(f"{directory}: no identity here; create the identity before drawing its signature")
    _write_public(p, png, "signature image")
    return p


def check_signature_png(png: bytes) -> None:
    """A PNG that decodes completely, of a size a signature has; one line otherwise."""
    from PIL import Image

    if not png.startswith(_PNG_MAGIC):
        raise SignatureError("the signature image must be a PNG")
    try:
        with Image.open(io.BytesIO(png), formats=["PNG"]) as im:
            w, h = im.size
            if w * h > MAX_SIGNATURE_PIXELS:
                raise SignatureError(f"the signature image is {w}×{h} pixels, more than a signature needs",
                                     hint="crop or scale it to at most 4096×2048")
            im.load()
    except SignatureError:
        raise
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for a damaged or hostile PNG
        raise SignatureError("the signature image is not a readable PNG (truncated or damaged)",
                             hint="save it again as PNG, or draw it in the window") from None


def load_signature_image(directory: str | Path) -> bytes | None:
    p = signature_image_path(directory)
    if not os.path.lexists(p):
        return None
    data = read_file(p, "signature image", MAX_SIGNATURE_IMAGE)
    return data if data.startswith(_PNG_MAGIC) else None


def default_identity_dir(workspace_root: str | Path) -> Path:
    """Where this laptop's identity lives unless --identity/--dir says otherwise."""
    return Path(workspace_root) / "identity"
