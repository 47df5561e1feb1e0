"""The private key file: a passphrase that is text, PKCS#8 encryption with many PBKDF2 rounds,
and refusing a key file that is not encrypted."""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from workbench.errors import SignatureError

MIN_PASSPHRASE = 8


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


def check_new_passphrase(passphrase: str) -> bytes:
    """A passphrase for a new key: text, and long enough."""
    secret = passphrase_bytes(passphrase)
    if len(passphrase) < MIN_PASSPHRASE:
        raise SignatureError(f"the passphrase is too short: use at least {MIN_PASSPHRASE} characters")
    return secret


def is_unencrypted(pem: bytes) -> bool:
    """True when the key loads without a passphrase (PKCS#8 or traditional, any label)."""
    try:
        serialization.load_pem_private_key(pem, None)
    except TypeError:  # "password was not given but private key is encrypted"
        return False
    except (ValueError, UnsupportedAlgorithm):
        return False  # damaged or unknown: the passphrase step reports it
    return True


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
