"""Printed forms: embedded CJK font, PAdES signature valid in poppler, every changed byte of a
signed PDF caught, wrong trust root rejected, photo appendix (the panel's 结论表: tests/panel/test_panel_print.py)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

sys.path.insert(0, str(Path(__file__).parent.parent / "signing"))
from sheet_helpers import PASS, full_scores, make_identity, signed_sheet, unsigned_sheet  # noqa: E402

from workbench.printing import pdfsign  # noqa: E402
from workbench.printing.form import qr_payload, render_form_bytes  # noqa: E402
from workbench.printing.pdfsign import sign_pdf, verify_pdf_bytes  # noqa: E402
from workbench.signing.sheet import sheet_file_bytes, sheet_hash  # noqa: E402
from workbench.signing.verify import VerificationError, verify_file  # noqa: E402

poppler = pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")


@pytest.fixture(scope="module")
def ident(tmp_path_factory):
    return make_identity(tmp_path_factory.mktemp("id") / "reviewer")


@pytest.fixture(scope="module")
def sheet(ident):
    return signed_sheet(ident)


@pytest.fixture(scope="module")
def signed_pdf(ident, sheet, tmp_path_factory) -> Path:
    png = io.BytesIO()
    Image.new("RGBA", (300, 100), (20, 30, 120, 255)).save(png, "PNG")
    pdf = sign_pdf(render_form_bytes(sheet, signature_png=png.getvalue()), sheet, ident, ident.private_key(PASS))
    p = tmp_path_factory.mktemp("pdf") / "form.pdf"
    p.write_bytes(pdf)
    return p


def pdftext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@poppler
def test_cjk_font_embedded(signed_pdf):
    out = subprocess.run(["pdffonts", str(signed_pdf)], capture_output=True, text=True, check=True).stdout
    rows = [ln.split() for ln in out.splitlines()[2:]]
    cjk = [r for r in rows if "WenQuanYiMicroHei" in r[0]]
    assert cjk, out
    assert all(r[-5] == "yes" for r in cjk), out  # "emb" column: embedded (as a subset)
    text = pdftext(signed_pdf)
    assert "评估打分表" in text and "麻江县示范路小学" in text and "评估专家签名" in text


@poppler
def test_pdfsig_reports_valid(signed_pdf):
    out = subprocess.run(["pdfsig", str(signed_pdf)], capture_output=True, text=True).stdout
    assert "Signature is Valid" in out, out
    assert "Total document signed" in out, out
    assert "ETSI.CAdES.detached" in out  # PAdES


def test_signed_pdf_round_trip_and_trust(signed_pdf, sheet, ident, tmp_path):
    v = verify_file(signed_pdf, [ident.cert])
    assert v.sheet == sheet and v.sheet_hash == sheet_hash(sheet) and "PAdES" in v.container
    other = make_identity(tmp_path / "other", name="李四")
    with pytest.raises(VerificationError) as e:
        verify_file(signed_pdf, [other.cert])
    assert e.value.reason == "untrusted"


def test_pdf_must_be_signed_by_the_sheet_signer(sheet, tmp_path):
    other = make_identity(tmp_path / "other", name="李四")
    with pytest.raises(Exception, match="another identity"):
        sign_pdf(render_form_bytes(sheet), sheet, other, other.private_key(PASS))


def _flips(data: bytes, positions, roots) -> list[int]:
    missed = []
    for i in positions:
        changed = bytearray(data)
        changed[i] ^= 0x01
        try:
            verify_pdf_bytes(bytes(changed), roots)
        except VerificationError:
            continue
        missed.append(i)
    return missed


@pytest.mark.slow
def test_single_byte_changes_in_signed_pdf_detected(signed_pdf, sheet, ident, monkeypatch):
    """Every byte of the embedded sheet, plus every 13th byte of the whole file.

    Why not every byte: ~130 kB x ~0.5 ms is over a minute. The sheet attachment is the part
    an attacker wants to edit, so all of it is covered; the stride (coprime to typical object
    layouts) touches every structure of the file: pages, fonts, xref, the signature dictionary
    and the /Contents hex. A second, sparser pass switches off the fast digest pre-check, so
    pyHanko's full validation alone is shown to catch the changes too.
    """
    data = signed_pdf.read_bytes()
    roots = [ident.cert]
    sheet_bytes = sheet_file_bytes(sheet)
    start = data.index(sheet_bytes)
    region = range(start, start + len(sheet_bytes))
    assert _flips(data, region, roots) == []
    assert _flips(data, range(0, len(data), 13), roots) == []
    m = re.search(rb"/Contents\s*<", data)
    assert m is not None
    contents = range(m.end(), m.end() + 40)  # CMS header bytes
    assert _flips(data, contents, roots) == []
    pad = data.index(b"0000000000>", m.end())  # zero padding after the CMS blob
    assert _flips(data, range(pad, pad + 10), roots) == []
    monkeypatch.setattr(pdfsign, "quick_digest_mismatch", lambda _d: False)
    assert _flips(data, range(7, len(data), 997), roots) == []
    assert _flips(data, range(start, start + len(sheet_bytes), 61), roots) == []


def test_appended_update_is_rejected(signed_pdf, ident):
    data = signed_pdf.read_bytes()
    tampered = data + b"\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
    with pytest.raises(VerificationError):
        verify_pdf_bytes(tampered, [ident.cert])


def test_qr_payload_names_the_signed_sheet(sheet):
    q = qr_payload(sheet)
    assert sheet["sheet_id"] in q and sheet_hash(sheet) in q and sheet["reviewer"]["fingerprint"] in q


def test_draft_and_provisional_forms_render(ident, tmp_path):
    partial = full_scores()
    del partial["B5.3"]
    draft = dict(unsigned_sheet(partial), reviewer={"name": "张三", "org": "县局", "role": "member"})
    pdf = render_form_bytes(draft)
    assert pdf.startswith(b"%PDF-")
    (tmp_path / "draft.pdf").write_bytes(pdf)
    prov = signed_sheet(ident, partial, allow_incomplete=True)
    (tmp_path / "prov.pdf").write_bytes(render_form_bytes(prov))
    if shutil.which("pdftotext"):
        assert "草稿" in pdftext(tmp_path / "draft.pdf")
        text = pdftext(tmp_path / "prov.pdf")
        assert "临时" in text and "未评" in text


def test_photo_appendix(ident, tmp_path):
    photos = {}
    for n in range(5):
        buf = io.BytesIO()
        Image.new("RGB", (1600, 1200), (40 * n, 120, 200)).save(buf, "JPEG")
        import hashlib
        photos[hashlib.sha256(buf.getvalue()).hexdigest()] = buf.getvalue()
    entries = [{"sha256": sha, "indicator": f"B{n + 1}", "taken_at": f"2026-11-20T10:0{n}:00"}
               for n, sha in enumerate(photos)]
    entries.append({"sha256": "f" * 64, "indicator": None, "taken_at": None})  # a missing photo
    s = signed_sheet(ident, photos=entries)
    plain = render_form_bytes(s)
    with_photos = render_form_bytes(s, photos=photos.get)
    assert len(with_photos) > len(plain) + 10_000
    (tmp_path / "p.pdf").write_bytes(with_photos)
    if shutil.which("pdftotext"):
        text = pdftext(tmp_path / "p.pdf")
        assert "现场照片" in text and "照片缺失" in text


def test_pdf_signed_with_ca_issued_certificate(tmp_path):
    from workbench.signing.identity import create_identity, issue_certificate

    ca = create_identity(tmp_path / "ca", "麻江县教育局评估中心", "麻江县教育局", "member", PASS, ca=True,
                         kdf_rounds=1000)
    make_identity(tmp_path / "rev")
    rev = issue_certificate(tmp_path / "ca", PASS, tmp_path / "rev", name="张三", org="麻江县教育局", role="member")
    s = signed_sheet(rev)
    pdf = sign_pdf(render_form_bytes(s), s, rev, rev.private_key(PASS))
    assert verify_pdf_bytes(pdf, [ca.cert]).trusted_by == ca.fingerprint
    if shutil.which("pdfsig"):
        (tmp_path / "f.pdf").write_bytes(pdf)
        out = subprocess.run(["pdfsig", str(tmp_path / "f.pdf")], capture_output=True, text=True).stdout
        assert "Signature is Valid" in out


def test_mangled_pdf_number_is_a_clean_refusal(signed_pdf, ident, monkeypatch):
    """A flipped byte inside a PDF number (595.2756 -> 595.2.56) made pyHanko's parser raise
    decimal.InvalidOperation, which escaped verification as a traceback once."""
    data = signed_pdf.read_bytes()
    m = re.search(rb"\d+\.\d{3,}", data)
    assert m is not None
    num = m.group()
    mangled = num[:-2] + b"." + num[-1:]
    tampered = data[:m.start()] + mangled + data[m.end():]
    with pytest.raises(VerificationError):
        verify_pdf_bytes(tampered, [ident.cert])
    monkeypatch.setattr(pdfsign, "quick_digest_mismatch", lambda _d: False)  # the parser's own error too
    with pytest.raises(VerificationError):
        verify_pdf_bytes(tampered, [ident.cert])
