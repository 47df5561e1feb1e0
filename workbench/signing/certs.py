"""X.509 certificates for signers: reading them safely, the subject that names a signer,
making one, and checking it is valid when it signs.

The subject *is* the signer: CN = name, O = organisation, title = role (see
`workbench.signing.ecdsa.signer_from_cert`). Whoever issues the certificate states them:
the bureau's CA, or the reviewer for a self-signed one.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import warnings
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from workbench.errors import SignatureError
from workbench.inputs import read_regular

ROLES = ("member", "chair", "admin")  # what a certificate's title may say for a person
MAX_PEM = 1 << 20  # a certificate chain or key is a few kB; a FIFO or /dev/zero is refused
MAX_SUBJECT_TEXT = 64  # X.520 upper bound for CN and O
# control, format (bidi overrides, zero-width), line/paragraph separators, surrogates
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def read_file(path: Path, what: str, max_bytes: int = MAX_PEM) -> bytes:
    """A small regular file's bytes, or one-line SignatureError (never blocks on a FIFO or device)."""
    return read_regular(path, what=what, max_bytes=max_bytes, error=SignatureError)


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


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


def is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def check_subject_text(value: str, what: str) -> str:
    """A name or organisation for a certificate subject: non-empty, valid text, one printable line."""
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
    if len(value) > MAX_SUBJECT_TEXT:
        raise SignatureError(f"the {what} is longer than {MAX_SUBJECT_TEXT} characters: shorten it")
    return value


def check_role(role: str) -> str:
    if role not in ROLES:
        raise SignatureError(f"role {role!r}: choose one of {', '.join(ROLES)}")
    return role


def subject_name(name: str, org: str, role: str | None = None) -> x509.Name:
    """CN = name, O = org, title = role (none for a CA)."""
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, name), x509.NameAttribute(NameOID.ORGANIZATION_NAME, org)]
    if role:
        attrs.append(x509.NameAttribute(NameOID.TITLE, role))
    return x509.Name(attrs)


def check_cert_valid_at(cert: x509.Certificate, at: dt.datetime, *, what: str = "the certificate") -> None:
    """Refuse to sign with a certificate that is expired or not yet valid at `at`."""
    at = at.astimezone(dt.UTC)
    if at < cert.not_valid_before_utc:
        raise SignatureError(f"{what} is not valid yet (from {cert.not_valid_before_utc:%Y-%m-%d %H:%M} UTC)",
                             hint="check this computer's clock, or wait until it is valid")
    if at > cert.not_valid_after_utc:
        raise SignatureError(f"{what} expired on {cert.not_valid_after_utc:%Y-%m-%d}",
                             hint="have it issued again (`workbench identity issue`) or create a new identity")


def build_cert(subject: x509.Name, public_key: ec.EllipticCurvePublicKey, issuer: x509.Name,
               issuer_key: ec.EllipticCurvePrivateKey, *, ca: bool, days: int,
               issuer_cert: x509.Certificate | None = None) -> x509.Certificate:
    """A CA or a signer certificate, valid from five minutes ago for `days` days."""
    now = now_utc()
    not_after = now + dt.timedelta(days=days)
    if issuer_cert is not None:
        # never valid beyond the issuer: the caller's day count was taken before the key was
        # unlocked, which can take a second, so clamp here where `now` is final
        not_after = min(not_after, issuer_cert.not_valid_after_utc)
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
         .serial_number(x509.random_serial_number())
         .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(not_after)
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
