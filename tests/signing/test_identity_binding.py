"""Who signed is what the certificate says: identity.json is a cache, sheets must match the subject."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes

sys.path.insert(0, str(Path(__file__).parent))
from sheet_helpers import PASS, make_identity, signed_sheet  # noqa: E402

from workbench.cli.main import main  # noqa: E402
from workbench.errors import SignatureError  # noqa: E402
from workbench.signing import identity as identity_mod  # noqa: E402
from workbench.signing.ecdsa import Signer, sign_b64  # noqa: E402
from workbench.signing.identity import (  # noqa: E402
    CERT_FILE,
    INFO_FILE,
    cert_pem,
    create_identity,
    issue_certificate,
    load_identity,
)
from workbench.signing.sheet import sheet_file_bytes, signed_payload  # noqa: E402
from workbench.signing.verify import EXIT_CODES, VerificationError, verify_sheet_bytes  # noqa: E402

ORG = "麻江县宣威镇中心小学"


@pytest.fixture(scope="module")
def bureau(tmp_path_factory):
    """A bureau CA and 王芳, a member it certified; both folders are the module's to change."""
    root = tmp_path_factory.mktemp("bureau")
    ca = create_identity(root / "ca", "麻江县教育局评估中心", "麻江县教育局", "member", PASS, ca=True, kdf_rounds=1000)
    make_identity(root / "wangfang", name="王芳", org=ORG)
    issued = issue_certificate(root / "ca", PASS, root / "wangfang", name="王芳", org=ORG, role="member")
    return ca, issued


def edit_identity_json(d: Path, **changes: object) -> None:
    info = json.loads((d / INFO_FILE).read_text(encoding="utf-8"))
    info.update(changes)
    (d / INFO_FILE).write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")


def resign(sheet: dict, key, mutate) -> bytes:
    """The signer changes her own sheet and signs it again with her real key."""
    s = json.loads(json.dumps(sheet))
    mutate(s)
    s.pop("signature")
    s["signature"] = {"alg": "ES256", "value": sign_b64(key, signed_payload(s))}
    return sheet_file_bytes(s)


def self_signed_with(key, *, name: str, org: str, role: str) -> x509.Certificate:
    """A certificate the key holder makes herself, claiming any subject."""
    subject = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, name),
                         x509.NameAttribute(x509.NameOID.ORGANIZATION_NAME, org),
                         x509.NameAttribute(x509.NameOID.TITLE, role)])
    now = dt.datetime.now(dt.UTC)
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))


def test_edited_identity_json_changes_nothing(bureau, tmp_path):
    """王芳, a member certified by the CA, edits identity.json to 张主任 / chair."""
    ca, issued = bureau
    d = tmp_path / "wf"
    shutil.copytree(issued.dir, d)
    edit_identity_json(d, name="张主任", role="chair", org="麻江县教育局")
    ident = load_identity(d)
    assert (ident.name, ident.org, ident.role) == ("王芳", ORG, "member")
    assert "differs from the certificate" in ident.cache_warning and "'张主任'" in ident.cache_warning
    sheet = signed_sheet(ident)
    assert {k: sheet["reviewer"][k] for k in ("name", "org", "role")} == {"name": "王芳", "org": ORG, "role": "member"}
    v = verify_sheet_bytes(sheet_file_bytes(sheet), [ca.cert])
    assert v.trusted_by == ca.fingerprint
    assert v.signer == Signer("王芳", ORG, "member")


@pytest.mark.parametrize(("field", "value"), [("name", "张主任"), ("role", "chair"), ("org", "麻江县教育局")])
def test_resigned_sheet_with_other_reviewer_fields_is_refused(bureau, field, value):
    ca, issued = bureau
    sheet = signed_sheet(issued)
    data = resign(sheet, issued.private_key(PASS), lambda s: s["reviewer"].__setitem__(field, value))
    with pytest.raises(VerificationError) as e:
        verify_sheet_bytes(data, [ca.cert])
    assert e.value.reason == "identity" and e.value.exit_code == EXIT_CODES["identity"] == 9
    assert f"reviewer.{field} {value!r}" in str(e.value) and "certificate" in str(e.value)
    with pytest.raises(VerificationError, match="identity"):  # integrity-only checks it too
        verify_sheet_bytes(data, None, check_trust_roots=False)


def test_a_member_cannot_make_herself_chair_with_her_own_certificate(bureau, tmp_path):
    """Replacing cert.pem by a self-made chair certificate for the same key: the CA does not vouch."""
    ca, issued = bureau
    d = tmp_path / "wf"
    shutil.copytree(issued.dir, d)
    key = issued.private_key(PASS)
    (d / CERT_FILE).write_text(cert_pem(self_signed_with(key, name="张主任", org=ORG, role="chair")))
    forged = load_identity(d)
    assert (forged.name, forged.role) == ("张主任", "chair")
    data = sheet_file_bytes(signed_sheet(forged))
    for roots in ([ca.cert], [issued.cert]):  # neither the CA nor her pinned certificate vouches
        with pytest.raises(VerificationError) as e:
            verify_sheet_bytes(data, roots)
        assert e.value.reason == "untrusted"


def test_pinned_self_signed_certificate_trusts_exactly_that_subject(tmp_path):
    ident = make_identity(tmp_path / "lm", name="李明", org="凯里学院", role="member")
    pinned = ident.cert
    assert verify_sheet_bytes(sheet_file_bytes(signed_sheet(ident)), [pinned]).signer == Signer("李明", "凯里学院",
                                                                                                "member")
    (ident.dir / CERT_FILE).write_text(cert_pem(self_signed_with(ident.private_key(PASS), name="李明",
                                                                 org="凯里学院", role="chair")))
    chair = load_identity(ident.dir)
    assert chair.role == "chair"
    with pytest.raises(VerificationError) as e:
        verify_sheet_bytes(sheet_file_bytes(signed_sheet(chair)), [pinned])
    assert e.value.reason == "untrusted"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) not installed")
def test_printed_form_shows_the_certificate(bureau, tmp_path):
    from workbench.printing.form import render_form_bytes

    _ca, issued = bureau
    d = tmp_path / "wf"
    shutil.copytree(issued.dir, d)
    edit_identity_json(d, name="张主任", role="chair")
    pdf = tmp_path / "form.pdf"
    pdf.write_bytes(render_form_bytes(signed_sheet(load_identity(d))))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "王芳" in text and "评估组成员" in text
    assert "张主任" not in text and "评估组组长" not in text


def test_damaged_identity_json_is_one_line_and_a_missing_one_is_fine(tmp_path, capsys):
    """identity.json is a cache: damaged, it is refused in one line saying to delete it; absent, nothing is lost."""
    ident = make_identity(tmp_path / "id", name="王芳", org=ORG)
    info = ident.dir / INFO_FILE
    for content, words in (("[]", "not a JSON object"), ("{not json", "not valid JSON"), ('"王芳"', "not a JSON object"),
                           ('{"name": "\\ud800"}', "lone UTF-16 surrogate"), ("[" * 100_000, "nested too deeply"),
                           ('{"role": ' + "1" * 5000 + "}", "digits")):
        info.write_text(content, encoding="utf-8")
        with pytest.raises(SignatureError, match=words) as e:
            load_identity(ident.dir)
        assert "delete it" in str(e.value) and "\n" not in str(e.value)
        assert main(["identity", "show", "--dir", str(ident.dir)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err and "only a cache" in err
    info.unlink()
    os.mkfifo(info)  # a FIFO would block a reader for ever
    with pytest.raises(SignatureError, match="named pipe"):
        load_identity(ident.dir)
    info.unlink()
    again = load_identity(ident.dir)
    assert again.cache_warning is None and again.signer == Signer("王芳", ORG, "member")
    signed_sheet(again)


def test_differing_identity_json_is_one_warning_line(tmp_path, capsys):
    ident = make_identity(tmp_path / "id", name="王芳", org=ORG)
    edit_identity_json(ident.dir, role="chair")
    assert main(["identity", "show", "--dir", str(ident.dir)]) == 0
    out, err = capsys.readouterr()
    assert "member" in out and "chair" not in out
    assert err.count("\n") == 1 and "warning" in err and "role 'chair' (certificate: 'member')" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
@pytest.mark.parametrize("name", [CERT_FILE, "chain.pem", "key.pem"])
def test_identity_files_that_are_fifos_do_not_hang(tmp_path, name):
    ident = make_identity(tmp_path / "id")
    (ident.dir / name).unlink(missing_ok=True)
    os.mkfifo(ident.dir / name, 0o600)
    with pytest.raises(SignatureError, match="named pipe"):
        load_identity(ident.dir).private_key(PASS)


def test_a_matching_identity_json_gives_no_warning(tmp_path):
    assert make_identity(tmp_path / "id").cache_warning is None


def test_issue_requires_a_role_the_ca_states(bureau, tmp_path):
    ca, _ = bureau
    make_identity(tmp_path / "r")
    for bad in ("ca", "boss", ""):
        with pytest.raises(SignatureError, match="role"):
            issue_certificate(ca.dir, PASS, tmp_path / "r", name="王芳", org=ORG, role=bad)
    with pytest.raises(SignatureError, match="name is empty"):
        issue_certificate(ca.dir, PASS, tmp_path / "r", name=" ", org=ORG, role="member")
    admin = issue_certificate(ca.dir, PASS, tmp_path / "r", name="刘管理", org="麻江县教育局", role="admin")
    assert admin.signer == Signer("刘管理", "麻江县教育局", "admin") and admin.chain == (ca.cert,)
    assert admin.cert.not_valid_after_utc <= ca.cert.not_valid_after_utc


def test_an_issued_certificate_never_outlives_its_ca_even_when_unlocking_is_slow(tmp_path, monkeypatch):
    """The day count is taken before the CA key is unlocked; the certificate is built after.

    A CI run once issued one a second past the CA's own expiry (the unlock took that second).
    Here the day count is taken in the second the CA was made (exactly its 1,825 days left) and
    the clock moves a minute before the certificate is built. Both clocks are fixed by the test:
    with the real one the day count depends on how long after the CA this test runs (in the same
    second it is 1,825 days, later 1,824 and nothing needs clamping; a module-scoped CA made this
    test pass alone and fail after the module's other tests).
    """
    from workbench.signing import certs
    from workbench.signing import identity as identity_mod

    ca = create_identity(tmp_path / "ca", "麻江县教育局评估中心", "麻江县教育局", "member", PASS, ca=True,
                         kdf_rounds=1000)
    make_identity(tmp_path / "r")
    made = ca.cert.not_valid_before_utc + dt.timedelta(minutes=5)  # build_cert's `now` for the CA
    assert ca.cert.not_valid_after_utc == made + dt.timedelta(days=identity_mod.CERT_DAYS)
    monkeypatch.setattr(identity_mod, "now_utc", lambda: made)  # the day count, before the unlock
    monkeypatch.setattr(certs, "now_utc", lambda: made + dt.timedelta(minutes=1))  # the build, after it
    issued = issue_certificate(ca.dir, PASS, tmp_path / "r", name="王芳", org=ORG, role="member", days=100_000)
    # unclamped it would be made + 1 min + 1,825 days: a minute past the CA
    assert issued.cert.not_valid_after_utc == ca.cert.not_valid_after_utc
    issued.check_valid_at(ca.cert.not_valid_after_utc)


def test_signing_with_a_ca_or_a_roleless_certificate_is_refused(bureau, tmp_path):
    ca, issued = bureau
    with pytest.raises(SignatureError, match="names no panel role"):
        signed_sheet(ca)
    d = tmp_path / "norole"
    shutil.copytree(issued.dir, d)
    key = issued.private_key(PASS)
    subject = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "王芳"),
                         x509.NameAttribute(x509.NameOID.ORGANIZATION_NAME, ORG)])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(1).not_valid_before(now - dt.timedelta(hours=1)).not_valid_after(now + dt.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    (d / CERT_FILE).write_text(cert_pem(cert))
    with pytest.raises(SignatureError, match="names no panel role"):
        signed_sheet(load_identity(d))


# -- `workbench identity issue` on the command line ---------------------------------------------
class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture()
def cli_bureau(tmp_path, monkeypatch):
    """A CA and a reviewer who made her own certificate claiming to be chair."""
    monkeypatch.setattr(identity_mod, "KDF_ROUNDS", 1000)
    monkeypatch.setenv("WB_PASS", PASS)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # no terminal
    assert main(["identity", "create-ca", "--name", "麻江县教育局评估中心", "--org", "麻江县教育局",
                 "--dir", str(tmp_path / "ca"), "--passphrase-env", "WB_PASS"]) == 0
    assert main(["identity", "create", "--name", "王芳", "--org", ORG, "--role", "chair",
                 "--dir", str(tmp_path / "wf"), "--passphrase-env", "WB_PASS"]) == 0
    return tmp_path / "ca", tmp_path / "wf"


def issue(ca: Path, rev: Path, *extra: str) -> int:
    return main(["identity", "issue", "--ca", str(ca), "--identity", str(rev), "--passphrase-env", "WB_PASS",
                 *extra])


def test_issue_cli_refuses_unstated_subject_without_a_terminal(cli_bureau, capsys):
    ca, rev = cli_bureau
    before = (rev / CERT_FILE).read_bytes()
    capsys.readouterr()
    assert issue(ca, rev) != 0
    out, err = capsys.readouterr()
    assert "current certificate says: name '王芳'" in out and "role 'chair'" in out  # shown to the operator
    assert "not stated" in err and "--role" in err and err.count("\n") == 1
    assert (rev / CERT_FILE).read_bytes() == before


def test_issue_cli_uses_the_stated_subject(cli_bureau, capsys):
    ca, rev = cli_bureau
    edit_identity_json(rev, name="张主任")  # never consulted
    assert issue(ca, rev, "--name", "王芳", "--org", ORG, "--role", "member") == 0
    ident = load_identity(rev)
    assert ident.signer == Signer("王芳", ORG, "member") and ident.cert.issuer == load_identity(ca).cert.subject
    assert json.loads((rev / INFO_FILE).read_text(encoding="utf-8"))["role"] == "member"  # the cache is rewritten
    assert ident.cache_warning is None
    assert "王芳 (" in capsys.readouterr().out


def test_issue_cli_defaults_only_after_showing_and_confirming(cli_bureau, capsys, monkeypatch):
    ca, rev = cli_bureau
    assert issue(ca, rev, "--role", "member", "--yes") == 0  # name and org taken from her certificate, shown
    out = capsys.readouterr().out
    assert "taken from it" in out and "name '王芳'" in out and "org" in out
    assert load_identity(rev).signer == Signer("王芳", ORG, "member")
    monkeypatch.setattr(sys, "stdin", _Tty("n\n"))
    assert issue(ca, rev, "--role", "chair") != 0  # the operator said no
    assert load_identity(rev).role == "member"
    monkeypatch.setattr(sys, "stdin", _Tty("y\n"))
    assert issue(ca, rev, "--role", "chair") == 0
    assert load_identity(rev).role == "chair"


def test_issue_cli_role_is_a_closed_list(cli_bureau, capsys):
    ca, rev = cli_bureau
    with pytest.raises(SystemExit) as e:
        issue(ca, rev, "--name", "王芳", "--org", ORG, "--role", "ca")
    assert e.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


@pytest.mark.parametrize(("extra", "words"), [
    (("--name", "", "--org", ORG, "--role", "member"), "name is empty"),
    (("--name", "王芳", "--org", " ", "--role", "member"), "organisation is empty"),
    (("--name", "\u202e王芳", "--org", ORG, "--role", "member"), "invisible characters"),
    (("--name", "王芳", "--org", ORG, "--role", "member", "--days", "0"), "1 to 36500"),
    (("--name", "王芳", "--org", ORG, "--role", "member", "--days", "999999999999"), "1 to 36500"),
])
def test_issue_cli_bad_fields_are_one_line(cli_bureau, capsys, extra, words):
    ca, rev = cli_bureau
    before = (rev / CERT_FILE).read_bytes()
    capsys.readouterr()
    try:
        code = issue(ca, rev, *extra)
    except SystemExit as e:  # argparse refuses --days itself
        code = e.code
    assert code == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert (rev / CERT_FILE).read_bytes() == before
