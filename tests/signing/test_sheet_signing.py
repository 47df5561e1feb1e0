"""Signed score sheets: round trip, every changed byte caught, trust, incomplete sheets, reasons."""

from __future__ import annotations

import json
import os
import stat
import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from sheet_helpers import PASS, RUBRIC, full_scores, make_identity, signed_sheet, unsigned_sheet  # noqa: E402

from workbench.errors import SignatureError  # noqa: E402
from workbench.rubric.canonical import canonical_bytes  # noqa: E402
from workbench.signing.ecdsa import sign_b64  # noqa: E402
from workbench.signing.identity import create_identity, issue_certificate, load_identity  # noqa: E402
from workbench.signing.sheet import (  # noqa: E402
    next_revision,
    sheet_file_bytes,
    sheet_hash,
    sign_sheet,
    signed_payload,
)
from workbench.signing.verify import VerificationError, verify_file, verify_sheet_bytes  # noqa: E402


@pytest.fixture(scope="module")
def ident(tmp_path_factory):
    return make_identity(tmp_path_factory.mktemp("id") / "reviewer")


@pytest.fixture(scope="module")
def other(tmp_path_factory):
    return make_identity(tmp_path_factory.mktemp("id") / "other", name="李四")


@pytest.fixture(scope="module")
def sheet(ident):
    return signed_sheet(ident)


def resign(sheet: dict, ident, mutate) -> bytes:
    """Change a signed sheet and sign it again with the same key: the signer lies."""
    s = json.loads(json.dumps(sheet))
    mutate(s)
    s.pop("signature")
    s["signature"] = {"alg": "ES256", "value": sign_b64(ident.private_key(PASS), signed_payload(s))}
    return sheet_file_bytes(s)


def test_round_trip(sheet, ident, tmp_path):
    p = tmp_path / "s.json"
    p.write_bytes(sheet_file_bytes(sheet))
    v = verify_file(p, [ident.cert])
    assert v.sheet == sheet
    assert v.trusted_by == ident.fingerprint
    assert v.sheet_hash == sheet_hash(sheet)
    assert sheet["result"]["total"] == str(sum(full_scores().values(), Decimal(0)).normalize())
    assert sheet["provisional"] is False and sheet["revision"] == 1 and sheet["supersedes"] is None
    assert len(sheet["items"]) == 51 and sheet["items"]["B1.1"]["methods"] == ["documents", "site_visit"]
    assert sheet["reviewer"]["fingerprint"] == ident.fingerprint
    assert "total" in v.summary() and "trusted via" in v.summary()


def test_every_single_byte_change_is_detected(sheet, ident):
    """Flip each byte of the file two ways (bit 0: a different character; bit 5: case of
    letters, e.g. in hex digests) and expect every one to be refused."""
    data = sheet_file_bytes(sheet)
    roots = [ident.cert]
    verify_sheet_bytes(data, roots)
    undetected = []
    for i in range(len(data)):
        for mask in (0x01, 0x20):
            changed = bytearray(data)
            changed[i] ^= mask
            try:
                verify_sheet_bytes(bytes(changed), roots)
            except VerificationError:
                continue
            undetected.append((i, mask))
    assert undetected == [], f"undetected changes at {undetected[:10]}"
    assert len(data) > 5000


def test_reformatted_or_truncated_file_is_altered(sheet, ident):
    pretty = json.dumps(sheet, ensure_ascii=False, indent=1).encode()
    with pytest.raises(VerificationError) as e:
        verify_sheet_bytes(pretty, [ident.cert])
    assert e.value.reason == "altered"
    data = sheet_file_bytes(sheet)
    for bad in (data[:-2], data + b" ", b"\xef\xbb\xbf" + data):
        with pytest.raises(VerificationError):
            verify_sheet_bytes(bad, [ident.cert])


def test_changed_score_with_old_signature_is_signature_mismatch(sheet, ident):
    s = json.loads(json.dumps(sheet))
    s["items"]["B1.1"]["score"] = "0"
    with pytest.raises(VerificationError) as e:
        verify_sheet_bytes(sheet_file_bytes(s), [ident.cert])
    assert e.value.reason == "signature" and e.value.exit_code == 4


def test_wrong_trust_root_rejected(sheet, other):
    with pytest.raises(VerificationError) as e:
        verify_sheet_bytes(sheet_file_bytes(sheet), [other.cert])
    assert e.value.reason == "untrusted"
    with pytest.raises(VerificationError) as e:
        verify_sheet_bytes(sheet_file_bytes(sheet), [])
    assert e.value.reason == "untrusted"
    assert verify_sheet_bytes(sheet_file_bytes(sheet), [], check_trust_roots=False).trusted_by is None


def test_bureau_ca_issued_certificate(tmp_path):
    ca = create_identity(tmp_path / "ca", "麻江县教育局评估中心", "麻江县教育局", "member", PASS, ca=True,
                         kdf_rounds=1000)
    other_ca = create_identity(tmp_path / "ca2", "别的中心", "别处", "member", PASS, ca=True, kdf_rounds=1000)
    rev = make_identity(tmp_path / "rev")
    self_signed = rev.cert
    issued = issue_certificate(tmp_path / "ca", PASS, tmp_path / "rev", name="张三", org="麻江县教育局",
                               role="member")
    assert issued.cert.issuer == ca.cert.subject and issued.chain[0] == ca.cert
    assert load_identity(tmp_path / "rev").fingerprint == issued.fingerprint
    data = sheet_file_bytes(signed_sheet(issued))
    assert verify_sheet_bytes(data, [ca.cert]).trusted_by == ca.fingerprint
    for roots in ([other_ca.cert], [self_signed]):
        with pytest.raises(VerificationError) as e:
            verify_sheet_bytes(data, roots)
        assert e.value.reason == "untrusted"
    with pytest.raises(SignatureError):  # a reviewer identity cannot issue certificates
        issue_certificate(tmp_path / "rev", PASS, tmp_path / "ca2", name="张三", org="县局", role="member")


def test_incomplete_sheet_refused_unless_allowed(ident):
    scores = full_scores()
    del scores["B29.2"], scores["B3.1"]
    with pytest.raises(SignatureError, match=r"incomplete: 2 item\(s\) not scored \(B3.1 B29.2\)"):
        signed_sheet(ident, scores)
    s = signed_sheet(ident, scores, allow_incomplete=True)
    assert s["provisional"] is True and s["result"]["provisional"] is True
    assert s["items"]["B29.2"]["score"] is None
    assert verify_sheet_bytes(sheet_file_bytes(s), [ident.cert]).sheet["provisional"] is True


def test_totals_not_matching_items(sheet, ident):
    def lie(s):
        s["result"]["total"] = "99"
    with pytest.raises(VerificationError) as e:
        verify_sheet_bytes(resign(sheet, ident, lie), [ident.cert])
    assert e.value.reason == "totals" and "total 99" in str(e.value)

    def outcome(s):
        s["result"]["outcome"] = "not_awarded"
    with pytest.raises(VerificationError, match="totals"):
        verify_sheet_bytes(resign(sheet, ident, outcome), [ident.cert])

    def bad_score(s):
        s["items"]["B1.1"]["score"] = "7"
    with pytest.raises(VerificationError, match="totals: an item score is invalid"):
        verify_sheet_bytes(resign(sheet, ident, bad_score), [ident.cert])

    def provisional(s):
        s["provisional"] = True
    with pytest.raises(VerificationError, match="provisional"):
        verify_sheet_bytes(resign(sheet, ident, provisional), [ident.cert])


def test_unknown_rubric_hash(sheet, ident):
    def other_rubric(s):
        s["rubric"]["hash"] = "sha256:" + "0" * 64
    with pytest.raises(VerificationError) as e:
        verify_sheet_bytes(resign(sheet, ident, other_rubric), [ident.cert])
    assert e.value.reason == "unknown_rubric" and e.value.exit_code == 7


def test_malformed_signed_content(sheet, ident):
    def extra(s):
        s["surprise"] = 1
    with pytest.raises(VerificationError) as e:
        verify_sheet_bytes(resign(sheet, ident, extra), [ident.cert])
    assert e.value.reason == "malformed"


def test_revisions_chain(ident):
    first = signed_sheet(ident)
    second = sign_sheet(unsigned_sheet(**next_revision(first)), ident, ident.private_key(PASS), RUBRIC)
    assert second["sheet_id"] == first["sheet_id"] and second["revision"] == 2
    assert second["supersedes"] == sheet_hash(first)
    verify_sheet_bytes(sheet_file_bytes(second), [ident.cert])


def test_key_encrypted_at_rest(ident):
    pem = (ident.dir / "key.pem").read_bytes()
    assert pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    if os.name == "posix":
        assert stat.S_IMODE((ident.dir / "key.pem").stat().st_mode) == 0o600
    with pytest.raises(SignatureError, match="wrong passphrase"):
        ident.private_key("not the passphrase")
    assert ident.private_key(PASS).public_key().public_numbers() == ident.cert.public_key().public_numbers()


def test_identity_rules(tmp_path):
    with pytest.raises(SignatureError, match="too short"):
        create_identity(tmp_path / "a", "王五", "县局", "member", "short")
    with pytest.raises(SignatureError, match="role"):
        create_identity(tmp_path / "a", "王五", "县局", "boss", PASS)
    make_identity(tmp_path / "b")
    with pytest.raises(SignatureError, match="already holds"):
        make_identity(tmp_path / "b")
    with pytest.raises(SignatureError, match="no identity here"):
        load_identity(tmp_path / "nothing")


def test_signing_needs_matching_rubric_and_incident_description(ident):
    with pytest.raises(SignatureError, match="security incident needs a description"):
        unsigned_sheet(incident=True)
    s = unsigned_sheet(incident=True, incident_description="2026-10-02 勒索病毒感染教务系统")
    signed = sign_sheet(s, ident, ident.private_key(PASS), RUBRIC)
    assert signed["result"]["outcome"] == "not_evaluated" and "security_incident" in signed["result"]["flags"]
    assert canonical_bytes(signed) + b"\n" == sheet_file_bytes(signed)
