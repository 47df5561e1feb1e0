"""Bad identity folders (the public part, and the key and certificate a signer needs), CA folders,
and certificates given with --trust."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from baseline import PASS
from corpus import Ctx, add, case


# -- identities (folders) --------------------------------------------------------------------
def _ident(edit: Callable[[Path, Ctx], None]) -> Callable[[Ctx], Path]:
    def make(ctx: Ctx) -> Path:
        d = ctx.copy(ctx.start("identity"), "identity")
        edit(d, ctx)
        return d
    return make


def _cert_with_validity(d: Path, ctx: Ctx, before: dt.datetime, after: dt.datetime) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization

    from workbench.signing.identity import load_identity

    ident = load_identity(d)
    key = ident.private_key(PASS)
    cert = (x509.CertificateBuilder().subject_name(ident.cert.subject).issuer_name(ident.cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(before).not_valid_after(after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    (d / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    from workbench.signing.identity import fingerprint

    info = json.loads((d / "identity.json").read_text(encoding="utf-8"))
    info["fingerprint"] = fingerprint(cert)
    (d / "identity.json").write_text(json.dumps(info, ensure_ascii=False))


_NOW = dt.datetime.now(dt.UTC)
IDENTITY_PUBLIC = {
    "info_list": lambda d, c: (d / "identity.json").write_text("[]"),
    "info_garbage": lambda d, c: (d / "identity.json").write_bytes(b"\x00\xffnot json"),
    "info_surrogate": lambda d, c: (d / "identity.json").write_text('{"name": "\\ud800", "org": "x", "role": "member"}'),
    "info_huge_int": lambda d, c: (d / "identity.json").write_text('{"name": "x", "role": ' + "1" * 5000 + "}"),
    "info_depth_bomb": lambda d, c: (d / "identity.json").write_text("[" * 100_000 + "]" * 100_000),
    "cert_missing": lambda d, c: (d / "cert.pem").unlink(),
    "cert_garbage": lambda d, c: (d / "cert.pem").write_bytes(b"-----BEGIN CERTIFICATE-----\nnot base64\n"),
    "cert_fifo": lambda d, c: ((d / "cert.pem").unlink(), os.mkfifo(d / "cert.pem")),
    "cert_dev_zero": lambda d, c: ((d / "cert.pem").unlink(), (d / "cert.pem").symlink_to("/dev/zero")),
    "info_fifo": lambda d, c: ((d / "identity.json").unlink(), os.mkfifo(d / "identity.json")),
    "chain_garbage": lambda d, c: (d / "chain.pem").write_bytes(b"-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n"),
    "chain_fifo": lambda d, c: os.mkfifo(d / "chain.pem"),
}


def _unencrypted(d: Path, ctx: Ctx) -> None:
    from cryptography.hazmat.primitives import serialization

    from workbench.signing.identity import load_identity

    key = load_identity(d).private_key(PASS)
    (d / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                           serialization.NoEncryption()))
    os.chmod(d / "key.pem", 0o600)


def _other_key(d: Path, ctx: Ctx) -> None:
    """Another identity's (encrypted) key: the chair's, which is neither the member's nor the CA's."""
    shutil.copy2(ctx.base.path("chair") / "key.pem", d / "key.pem")


IDENTITY_SIGNING = {
    "key_missing": lambda d, c: (d / "key.pem").unlink(),
    "key_world_readable": lambda d, c: os.chmod(d / "key.pem", 0o644),
    "key_group_readable": lambda d, c: os.chmod(d / "key.pem", 0o640),
    "key_unencrypted": _unencrypted,
    "key_of_another": _other_key,
    "key_garbage": lambda d, c: (d / "key.pem").write_bytes(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n@@\n"),
    "key_fifo": lambda d, c: ((d / "key.pem").unlink(), os.mkfifo(d / "key.pem", 0o600)),
    "key_dev_zero": lambda d, c: ((d / "key.pem").unlink(), (d / "key.pem").symlink_to("/dev/zero")),
    "cert_expired": lambda d, c: _cert_with_validity(d, c, _NOW - dt.timedelta(days=800), _NOW - dt.timedelta(days=1)),
    "cert_not_yet_valid": lambda d, c: _cert_with_validity(d, c, _NOW + dt.timedelta(days=2), _NOW + dt.timedelta(days=900)),
}

for _name, _edit in IDENTITY_PUBLIC.items():
    add("identity", _name, _ident(_edit))
    add("signing_identity", _name, _ident(_edit))
for _name, _edit in IDENTITY_SIGNING.items():
    add("signing_identity", _name, _ident(_edit))


def _folder_cases(kind: str) -> None:
    add(kind, "folder_is_file", lambda ctx: ctx.file("identity", b"not a folder"))
    add(kind, "folder_missing", lambda ctx: ctx.dir / "no-such-identity")
    add(kind, "folder_empty", lambda ctx: (ctx.dir / "identity").mkdir() or ctx.dir / "identity")


for _kind in ("identity", "signing_identity", "identity_folder"):
    _folder_cases(_kind)


def _ca(edit: Callable[[Path, Ctx], None]) -> Callable[[Ctx], Path]:
    def make(ctx: Ctx) -> Path:
        d = ctx.copy("ca", "ca")
        edit(d, ctx)
        return d
    return make


for _name, _edit in {**IDENTITY_PUBLIC, **{k: v for k, v in IDENTITY_SIGNING.items() if not k.startswith("cert_")}}.items():
    add("ca", _name, _ca(_edit))
add("ca", "not_a_ca", lambda ctx: ctx.copy("identity", "ca"))
_folder_cases("ca")


# -- certificates for --trust ----------------------------------------------------------------
@case("cert")
def cert_garbage(ctx: Ctx) -> Path:
    return ctx.file("trust.pem", os.urandom(700))


@case("cert")
def damaged_pem(ctx: Ctx) -> Path:
    return ctx.file("trust.pem", "-----BEGIN CERTIFICATE-----\nMIIB!!!!\n-----END CERTIFICATE-----\n")


@case("cert")
def private_key_instead(ctx: Ctx) -> Path:
    return ctx.file("trust.pem", (ctx.base.path("identity") / "key.pem").read_bytes())


@case("cert")
def another_reviewer(ctx: Ctx) -> Path:
    """A valid certificate that did not sign the sheet: untrusted."""
    return ctx.file("trust.pem", (ctx.base.path("ca") / "cert.pem").read_bytes())


@case("cert")
def empty_folder(ctx: Ctx) -> Path:
    (ctx.dir / "trusted").mkdir()
    return ctx.dir / "trusted"


@case("cert")
def pem_surrogate_bytes(ctx: Ctx) -> Path:
    return ctx.file("trust.pem", b"-----BEGIN CERTIFICATE-----\n\xed\xa0\x80\n-----END CERTIFICATE-----\n")
