"""Signing checks the signer: certificate validity now, an encrypted and private key file, a passphrase that is text."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

sys.path.insert(0, str(Path(__file__).parent))
from sheet_helpers import PASS, RUBRIC, full_scores, make_identity, signed_sheet, unsigned_sheet  # noqa: E402

from workbench.cli.main import main  # noqa: E402
from workbench.errors import SignatureError  # noqa: E402
from workbench.evidence import demo_package_path  # noqa: E402
from workbench.printing.form import render_form_bytes  # noqa: E402
from workbench.printing.pdfsign import sign_pdf  # noqa: E402
from workbench.signing import identity as identity_mod  # noqa: E402
from workbench.signing.identity import (  # noqa: E402
    CERT_FILE,
    KEY_FILE,
    cert_pem,
    create_identity,
    issue_certificate,
    load_identity,
)
from workbench.signing.sheet import sign_sheet  # noqa: E402

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


@pytest.fixture()
def ident(tmp_path):
    return make_identity(tmp_path / "id", name="王芳")


def recertify(ident, *, start: dt.timedelta, end: dt.timedelta) -> None:
    """Replace cert.pem by one for the same key and subject, valid from now+start to now+end."""
    key = ident.private_key(PASS)
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(ident.cert.subject).issuer_name(ident.cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now + start).not_valid_after(now + end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    (ident.dir / CERT_FILE).write_text(cert_pem(cert))


def write_scores(path: Path) -> Path:
    path.write_text(json.dumps({"rubric": "majiang-2015", "scores": {k: str(v) for k, v in full_scores().items()}}))
    return path


def sign_cli(ident_dir: Path, out: Path, tmp_path: Path) -> int:
    return main(["sheet", "sign", str(write_scores(tmp_path / "scores.json")), "--package", str(demo_package_path()),
                 "--identity", str(ident_dir), "-o", str(out), "--passphrase-env", "WB_PASS"])


@pytest.mark.parametrize(("start", "end", "words"), [
    (dt.timedelta(days=-30), dt.timedelta(days=-1), "expired"),
    (dt.timedelta(days=2), dt.timedelta(days=30), "not valid yet"),
])
def test_certificate_not_valid_now_is_refused(ident, tmp_path, capsys, monkeypatch, start, end, words):
    recertify(ident, start=start, end=end)
    again = load_identity(ident.dir)
    with pytest.raises(SignatureError, match=words):
        signed_sheet(again)
    sheet = signed_sheet(ident)  # made while the old certificate was in place
    with pytest.raises(SignatureError, match=words):
        sign_pdf(render_form_bytes(sheet), dict(sheet, reviewer=dict(sheet["reviewer"],
                                                                     fingerprint=again.fingerprint)),
                 again, again.private_key(PASS))
    monkeypatch.setenv("WB_PASS", PASS)
    out = tmp_path / "sheet.json"
    assert sign_cli(ident.dir, out, tmp_path) != 0
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()


def test_signing_time_is_checked_against_the_certificate(ident):
    key = ident.private_key(PASS)
    for when, words in ((ident.cert.not_valid_after_utc + dt.timedelta(days=1), "expired"),
                        (ident.cert.not_valid_before_utc - dt.timedelta(days=1), "not valid yet")):
        with pytest.raises(SignatureError, match=words):
            sign_sheet(unsigned_sheet(), ident, key, RUBRIC, now=when)


def test_expired_ca_cannot_issue(tmp_path):
    ca = create_identity(tmp_path / "ca", "评估中心", "教育局", "member", PASS, ca=True, kdf_rounds=1000)
    key = ca.private_key(PASS)
    now = dt.datetime.now(dt.UTC)
    old = (x509.CertificateBuilder().subject_name(ca.cert.subject).issuer_name(ca.cert.subject)
           .public_key(key.public_key()).serial_number(1).not_valid_before(now - dt.timedelta(days=9))
           .not_valid_after(now - dt.timedelta(days=1))
           .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
           .sign(key, hashes.SHA256()))
    (ca.dir / CERT_FILE).write_text(cert_pem(old))
    make_identity(tmp_path / "rev")
    with pytest.raises(SignatureError, match="expired"):
        issue_certificate(ca.dir, PASS, tmp_path / "rev", name="王芳", org="县局", role="member")


@pytest.mark.parametrize("fmt", ["pkcs8", "traditional"])
def test_unencrypted_private_key_is_refused(ident, tmp_path, capsys, monkeypatch, fmt):
    key = ident.private_key(PASS)
    pem = key.private_bytes(serialization.Encoding.PEM,
                            serialization.PrivateFormat.PKCS8 if fmt == "pkcs8"
                            else serialization.PrivateFormat.TraditionalOpenSSL,
                            serialization.NoEncryption())
    assert b"ENCRYPTED" not in pem
    (ident.dir / KEY_FILE).write_bytes(pem)
    os.chmod(ident.dir / KEY_FILE, 0o600)
    with pytest.raises(SignatureError, match="not encrypted") as e:
        ident.private_key(PASS)
    assert "identity create" in str(e.value)
    monkeypatch.setenv("WB_PASS", PASS)
    assert sign_cli(ident.dir, tmp_path / "s.json", tmp_path) != 0
    err = capsys.readouterr().err
    assert "not encrypted" in err and err.count("\n") == 1


@posix_only
@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644, 0o660])
def test_key_readable_by_others_is_refused(ident, mode, tmp_path, capsys, monkeypatch):
    path = ident.dir / KEY_FILE
    os.chmod(path, mode)
    with pytest.raises(SignatureError) as e:
        ident.private_key(PASS)
    assert f"chmod 600 {path}" in str(e.value) and "other users" in str(e.value)
    monkeypatch.setenv("WB_PASS", PASS)
    assert sign_cli(ident.dir, tmp_path / "s.json", tmp_path) != 0
    assert "chmod 600" in capsys.readouterr().err
    os.chmod(path, 0o600)
    assert ident.private_key(PASS).public_key().public_numbers() == ident.cert.public_key().public_numbers()


def test_passphrase_that_is_not_text(ident, tmp_path, capsys, monkeypatch):
    bad = "correct horse\udcff\udcfe"  # what surrogateescape makes of Latin-1 bytes
    with pytest.raises(SignatureError, match="not valid UTF-8"):
        ident.private_key(bad)
    with pytest.raises(SignatureError, match="not valid UTF-8"):
        create_identity(tmp_path / "new", "王芳", "县局", "member", bad, kdf_rounds=1000)
    assert not (tmp_path / "new").exists()
    with pytest.raises(SignatureError, match="passphrase is not valid UTF-8"):
        create_identity(tmp_path / "new", "王芳", "县局", "member", "\ud800", kdf_rounds=1000)
    monkeypatch.setenv("WB_PASS", bad)
    assert sign_cli(ident.dir, tmp_path / "s.json", tmp_path) != 0
    err = capsys.readouterr().err
    assert "passphrase is not valid UTF-8" in err and err.count("\n") == 1


def test_passphrase_bytes_from_a_real_environment(ident, tmp_path):
    """A Latin-1 passphrase in the environment of a UTF-8 process: one line, exit 2, no traceback."""
    env = {k.encode(): v.encode("utf-8", "surrogateescape") for k, v in os.environ.items()}
    env[b"WB_PASS"] = "correct horse ü".encode("latin-1")
    env[b"PYTHONUTF8"] = b"1"
    code = ("import sys; from workbench.entry import main; raise SystemExit(main(sys.argv[1:]))")
    r = subprocess.run([sys.executable, "-c", code, "sheet", "sign", str(write_scores(tmp_path / "sc.json")),
                        "--package", str(demo_package_path()), "--identity", str(ident.dir),
                        "-o", str(tmp_path / "s.json"), "--passphrase-env", "WB_PASS"],
                       env=env, capture_output=True, timeout=120)
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 2, err
    assert "passphrase is not valid UTF-8" in err and err.count("\n") == 1 and "Traceback" not in err


def test_names_that_are_not_text_are_refused(tmp_path):
    for name, words in (("王\udcff芳", "not valid UTF-8"), ("王芳\n张主任", "one line"), ("王" * 65, "64")):
        with pytest.raises(SignatureError, match=words):
            create_identity(tmp_path / "x", name, "县局", "member", PASS, kdf_rounds=1000)
    assert not (tmp_path / "x").exists()


def test_identity_create_cli_with_non_utf8_name_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(identity_mod, "KDF_ROUNDS", 1000)
    monkeypatch.setenv("WB_PASS", PASS)
    assert main(["identity", "create", "--name", "\udcc3\udcbc", "--org", "县局", "--dir", str(tmp_path / "i"),
                 "--passphrase-env", "WB_PASS"]) == 2
    err = capsys.readouterr().err
    # refused where the arguments are parsed, before anything is created
    assert "argument --name is not valid text (not UTF-8)" in err and err.count("\n") == 1
    assert not (tmp_path / "i").exists()


def test_incident_description_that_is_not_text(ident, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("WB_PASS", PASS)
    out = tmp_path / "s.json"
    assert main(["sheet", "sign", str(write_scores(tmp_path / "scores.json")), "--package", str(demo_package_path()),
                 "--identity", str(ident.dir), "-o", str(out), "--passphrase-env", "WB_PASS",
                 "--incident-description", "\udcff"]) == 2
    err = capsys.readouterr().err
    assert "argument --incident-description is not valid text (not UTF-8)" in err
    assert err.count("\n") == 1 and not out.exists()


def test_revision_out_of_range(ident):
    from workbench.signing.ecdsa import sign_b64
    from workbench.signing.sheet import sheet_file_bytes, signed_payload
    from workbench.signing.verify import VerificationError, verify_sheet_bytes

    with pytest.raises(SignatureError, match="revision must be 1 to 1,000,000"):
        unsigned_sheet(revision=10**30)
    s = signed_sheet(ident)
    s["revision"] = 10**30
    s["signature"]["value"] = sign_b64(ident.private_key(PASS), signed_payload(s))
    with pytest.raises(VerificationError) as e:
        verify_sheet_bytes(sheet_file_bytes(s), [ident.cert])
    assert e.value.reason == "malformed" and "revision" in str(e.value)
