"""The hub's own P-256 key and self-signed certificate: what signs receipts.

The key is stored unencrypted (mode 0600): a server restarts unattended. Whoever holds
the data folder can sign receipts as the hub, so the folder is the hub's secret.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from workbench.atomic import atomic_write
from workbench.signing.identity import cert_pem, load_cert_pem
from workbench.sync.hub.config import CERT_FILE, KEY_FILE
from workbench.sync.hub.errors import HubError

CERT_YEARS = 20


def make_hub_key(data: Path, name: str, hub_id: str) -> x509.Certificate:
    """Generate the key and a self-signed certificate (CN = name, OU = hub id) in `data`."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name),
                         x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, hub_id)])
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=365 * CERT_YEARS))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    atomic_write(data / KEY_FILE, pem, mode=0o600, what="hub key")
    atomic_write(data / CERT_FILE, cert_pem(cert).encode("ascii"), what="hub certificate")
    return cert


def load_hub_key(data: Path) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    try:
        key = serialization.load_pem_private_key((data / KEY_FILE).read_bytes(), None)
        cert = load_cert_pem((data / CERT_FILE).read_bytes(), what=str(data / CERT_FILE))
    except (OSError, ValueError, TypeError) as e:
        raise HubError("malformed", f"{data}: cannot load the hub's key and certificate ({e})",
                       f"{data}:无法读取中心的密钥和证书") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise HubError("malformed", f"{data / KEY_FILE}: not a P-256 key", f"{data / KEY_FILE}:不是 P-256 密钥")
    if key.public_key().public_numbers() != cert.public_key().public_numbers():
        raise HubError("malformed", f"{data}: hub-key.pem does not belong to hub-cert.pem",
                       f"{data}:hub-key.pem 与 hub-cert.pem 不匹配")
    return key, cert
