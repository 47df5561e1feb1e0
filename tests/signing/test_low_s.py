"""One encoding per signature: low-S only, for sheets and PDFs, and a sheet hash no re-encoding changes."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import sys
from pathlib import Path

import pytest
from asn1crypto import cms, parser
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

sys.path.insert(0, str(Path(__file__).parent))
from sheet_helpers import PASS, RUBRIC, make_identity, signed_sheet, unsigned_sheet  # noqa: E402

from workbench.printing import pdfsign  # noqa: E402
from workbench.printing.form import render_form_bytes  # noqa: E402
from workbench.printing.pdfsign import sign_pdf, verify_pdf_bytes  # noqa: E402
from workbench.signing.ecdsa import P256_N, sign_b64  # noqa: E402
from workbench.signing.sheet import (  # noqa: E402
    FORMAT,
    next_revision,
    sheet_file_bytes,
    sheet_hash,
    sign_sheet,
    signed_payload,
)
from workbench.signing.verify import VerificationError, verify_sheet_bytes  # noqa: E402


@pytest.fixture(scope="module")
def ident(tmp_path_factory):
    return make_identity(tmp_path_factory.mktemp("id") / "reviewer")


@pytest.fixture(scope="module")
def sheet(ident):
    return signed_sheet(ident)


def s_of(sig_b64: str) -> int:
    return decode_dss_signature(base64.b64decode(sig_b64))[1]


def with_signature(sheet: dict, der: bytes) -> dict:
    return dict(sheet, signature={"alg": "ES256", "value": base64.b64encode(der).decode("ascii")})


def high_s(der: bytes) -> bytes:
    """The same signature with s rewritten to n − s: no key needed, ECDSA still accepts it."""
    r, s = decode_dss_signature(der)
    return encode_dss_signature(r, P256_N - s)


def test_sheets_are_signed_low_s(ident):
    key = ident.private_key(PASS)
    assert all(s_of(sign_b64(key, b"payload %d" % i)) <= P256_N // 2 for i in range(200))
    sheets = [signed_sheet(ident) for _ in range(12)]  # with high-S allowed, all low has odds 1/4096
    assert all(s["format"] == FORMAT == "workbench-sheet/2" for s in sheets)
    assert all(s_of(s["signature"]["value"]) <= P256_N // 2 for s in sheets)


def test_rewritten_s_is_refused(sheet, ident):
    der = base64.b64decode(sheet["signature"]["value"])
    forged = with_signature(sheet, high_s(der))
    ident.cert.public_key().verify(high_s(der), signed_payload(sheet), ec.ECDSA(hashes.SHA256()))  # valid ECDSA
    with pytest.raises(VerificationError) as e:
        verify_sheet_bytes(sheet_file_bytes(forged), [ident.cert])
    assert e.value.reason == "signature" and "low-S" in str(e.value)
    verify_sheet_bytes(sheet_file_bytes(sheet), [ident.cert])  # the original still verifies


def test_non_strict_der_is_refused(sheet, ident):
    der = base64.b64decode(sheet["signature"]["value"])
    r, s = decode_dss_signature(der)
    rb = b"\x00" + r.to_bytes((r.bit_length() + 8) // 8, "big")  # one needless leading zero
    sb = s.to_bytes((s.bit_length() + 8) // 8, "big")
    body = b"\x02" + bytes([len(rb)]) + rb + b"\x02" + bytes([len(sb)]) + sb
    padded_int = b"\x30" + bytes([len(body)]) + body
    long_length = b"\x30\x81" + der[1:]  # BER long-form length for the same content
    for loose in (padded_int, long_length, der + b"\x00"):
        with pytest.raises(VerificationError) as e:
            verify_sheet_bytes(sheet_file_bytes(with_signature(sheet, loose)), [ident.cert])
        assert e.value.reason == "signature" and "DER" in str(e.value)


def test_sheet_hash_does_not_depend_on_the_signature_encoding(sheet, ident):
    der = base64.b64decode(sheet["signature"]["value"])
    forged = with_signature(sheet, high_s(der))
    again = with_signature(sheet, base64.b64decode(sign_b64(ident.private_key(PASS), signed_payload(sheet))))
    assert again["signature"] != sheet["signature"]  # ECDSA is randomised: another valid signature
    assert sheet_file_bytes(forged) != sheet_file_bytes(sheet) != sheet_file_bytes(again)
    h = sheet_hash(sheet)
    assert h == sheet_hash(forged) == sheet_hash(again)
    assert h == "sha256:" + hashlib.sha256(signed_payload(sheet)).hexdigest()
    assert verify_sheet_bytes(sheet_file_bytes(again), [ident.cert]).sheet_hash == h
    assert next_revision(forged)["supersedes"] == next_revision(sheet)["supersedes"] == h


def test_sheet_hash_names_the_content(sheet):
    changed = json.loads(json.dumps(sheet))
    changed["items"]["B1.1"]["note"] += "。"
    assert sheet_hash(changed) != sheet_hash(sheet)


def test_old_format_sheets_are_refused_with_what_to_do(sheet, ident):
    old = json.loads(json.dumps(sheet))
    old["format"] = "workbench-sheet/1"
    old.pop("signature")
    old["signature"] = {"alg": "ES256", "value": sign_b64(ident.private_key(PASS), signed_payload(old))}
    with pytest.raises(VerificationError) as e:
        verify_sheet_bytes(sheet_file_bytes(old), [ident.cert])
    msg = str(e.value)
    assert e.value.reason == "malformed" and "workbench-sheet/1" in msg and "sign the scores again" in msg
    assert "\n" not in msg
    odd = dict(old, format="workbench-sheet/9")
    with pytest.raises(VerificationError, match="unknown sheet format"):
        verify_sheet_bytes(sheet_file_bytes(odd), [ident.cert])


# -- PDF signatures ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def form(sheet):
    return render_form_bytes(sheet)


def cms_blob(pdf: bytes) -> tuple[re.Match, bytes]:
    m = re.search(rb"/Contents\s*<([0-9a-fA-F]+)>", pdf)
    assert m is not None
    blob = bytes.fromhex(m.group(1).decode("ascii"))
    _c, _m, _t, header, contents, trailer = parser.parse(blob)
    return m, blob[:len(header) + len(contents) + len(trailer)]


def signature_value(pdf: bytes) -> bytes:
    return cms.ContentInfo.load(cms_blob(pdf)[1])["content"]["signer_infos"][0]["signature"].native


def rewrite_s(pdf: bytes) -> bytes:
    """An attacker's edit: s → n − s inside /Contents, re-padded to the same length. The signed
    byte ranges and the signed attributes are untouched, so the PDF signature still validates."""
    m, der = cms_blob(pdf)
    info = cms.ContentInfo.load(der)
    signer = info["content"]["signer_infos"][0]
    signer["signature"] = high_s(signer["signature"].native)
    new_hex = info.dump(force=True).hex().encode("ascii")
    old_len = len(m.group(1))
    assert len(new_hex) <= old_len
    return pdf[:m.start(1)] + new_hex + b"0" * (old_len - len(new_hex)) + pdf[m.end(1):]


def test_pdf_signatures_are_low_s(sheet, ident, form):
    key = ident.private_key(PASS)
    for _ in range(12):  # pyHanko's own signer gives high S half of the time
        pdf = sign_pdf(form, sheet, ident, key)
        r, s = decode_dss_signature(signature_value(pdf))
        assert s <= P256_N // 2
    assert verify_pdf_bytes(pdf, [ident.cert]).sheet_hash == sheet_hash(sheet)


def test_pdf_with_rewritten_s_is_refused(sheet, ident, form):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    pdf = sign_pdf(form, sheet, ident, ident.private_key(PASS))
    forged = rewrite_s(pdf)
    assert forged != pdf and len(forged) == len(pdf)
    sig = PdfFileReader(io.BytesIO(forged)).embedded_signatures[0]
    vc = ValidationContext(trust_roots=[sig.signer_cert], allow_fetching=False)
    status = validate_pdf_signature(sig, vc)
    assert status.intact and status.valid  # the attack is real: pyHanko alone accepts it
    with pytest.raises(VerificationError) as e:
        verify_pdf_bytes(forged, [ident.cert])
    assert e.value.reason == "signature" and "low-S" in str(e.value)


def test_pdf_signed_high_s_is_refused(sheet, ident, form, monkeypatch):
    """A signer that produces high S (as pyHanko's SimpleSigner may) is refused by verify."""
    from workbench.signing.ecdsa import sign_low_s

    monkeypatch.setattr(pdfsign, "sign_low_s", lambda key, data: high_s(sign_low_s(key, data)))
    pdf = sign_pdf(form, sheet, ident, ident.private_key(PASS))
    assert decode_dss_signature(signature_value(pdf))[1] > P256_N // 2
    with pytest.raises(VerificationError) as e:
        verify_pdf_bytes(pdf, [ident.cert])
    assert e.value.reason == "signature"


def test_incomplete_sheet_hash_is_stable_across_resigning(ident):
    """Duplicate detection: the same content signed twice at the same second is one sheet."""
    import datetime as dt

    now = ident.cert.not_valid_before_utc + dt.timedelta(hours=1, microseconds=1)  # one fixed signing second
    base = unsigned_sheet()
    a = sign_sheet(base, ident, ident.private_key(PASS), RUBRIC, now=now)
    b = sign_sheet(base, ident, ident.private_key(PASS), RUBRIC, now=now)
    assert a["signature"] != b["signature"] and sheet_hash(a) == sheet_hash(b)
