"""The printed 评估验收结论表 of a panel result and its signatures: one PAdES signature per
signer, each an incremental update, all valid in poppler's pdfsig; verify lists every one and
refuses any update that is not another signature."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from panel_print_helpers import PASS, make_panel  # noqa: E402

from workbench.errors import SignatureError  # noqa: E402
from workbench.panel.document import panel_file_bytes  # noqa: E402
from workbench.printing import pdf_multisign as ms  # noqa: E402
from workbench.printing.panel_pdf import make_panel_pdf, sign_panel_pdf, verify_panel_pdf_bytes  # noqa: E402
from workbench.signing.verify import VerificationError, verify_file  # noqa: E402

poppler = pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler-utils not installed")


@pytest.fixture(scope="module")
def panel(tmp_path_factory):
    """Chair and two members: three signers, quorum two, so three signatures make it final."""
    return make_panel(tmp_path_factory.mktemp("panel"), n_members=2)


@pytest.fixture(scope="module")
def panel_bytes(panel) -> bytes:
    return panel_file_bytes(panel.signed(cosigners=2))


def _sign(pdf: bytes, ident) -> bytes:  # noqa: ANN001
    return sign_panel_pdf(pdf, ident, ident.private_key(PASS), signature_png=ident.signature_image())


@pytest.fixture(scope="module")
def chair_pdf(panel, panel_bytes) -> bytes:
    c = panel.chair
    return make_panel_pdf(panel_bytes, identity=c, key=c.private_key(PASS), signature_png=c.signature_image())


@pytest.fixture(scope="module")
def three_pdf(panel, chair_pdf, tmp_path_factory) -> Path:
    pdf = chair_pdf
    for m in panel.members:
        pdf = _sign(pdf, m)
    p = tmp_path_factory.mktemp("pdf") / "结论表.pdf"
    p.write_bytes(pdf)
    return p


def pdftext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@poppler
def test_pdfsig_lists_three_valid_signatures(three_pdf):
    out = subprocess.run(["pdfsig", str(three_pdf)], capture_output=True, text=True).stdout
    assert out.count("Signature is Valid") == 3, out
    assert out.count("ETSI.CAdES.detached") == 3, out  # PAdES, each
    assert "not signed" not in out, out
    assert out.count("Total document signed") == 1 and out.count("Not total document signed") == 2, out
    assert "CN=张组长" in out and "title=chair" in out and out.count("title=member") == 2


def test_verify_lists_every_signature_from_the_certificates(three_pdf, panel):
    v = verify_file(three_pdf, [i.cert for i in panel.everyone])
    assert [s.fingerprint for s in v.signatures] == [i.fingerprint for i in panel.everyone]
    assert [s.signer.role for s in v.signatures] == ["chair", "member", "member"]
    assert [s.signer.name for s in v.signatures] == ["张组长", "李四", "王五"]
    assert all(s.trusted_by == s.fingerprint for s in v.signatures)  # pinned certificates
    assert [s.revision for s in v.signatures] == sorted(s.revision for s in v.signatures)
    assert v.final and v.unsigned == ()
    text = v.summary()
    assert len(re.findall(r"^pdf-signature \d  valid  ", text, re.M)) == 3
    assert "张组长 (麻江县教育局, chair)" in text and "FINAL" in text


def test_not_final_until_the_quorum_signed(panel, chair_pdf):
    v = verify_panel_pdf_bytes(chair_pdf, [i.cert for i in panel.everyone])
    assert not v.final and len(v.signatures) == 1
    assert {fp for _n, _r, fp in v.unsigned} == {m.fingerprint for m in panel.members}
    one = _sign(chair_pdf, panel.members[1])  # any member order
    v = verify_panel_pdf_bytes(one, [i.cert for i in panel.everyone])
    assert not v.final and [s.signer.name for s in v.signatures] == ["张组长", "王五"]


def test_untrusted_signer_refused(three_pdf, panel):
    roots = [panel.chair.cert, panel.members[0].cert]  # the second member is not pinned
    with pytest.raises(VerificationError) as e:
        verify_file(three_pdf, roots)
    assert e.value.reason == "untrusted"


def test_printed_content(three_pdf, panel):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    text = pdftext(three_pdf)
    for want in ("评估验收结论表", "麻江县示范路小学", "评估组组长", "评估组成员", "网络安全事故", "张组长", "李四",
                 "王五", "麻江县第一中学", "合议计算值", "合议最终值", "现场复核:机房设备台账齐全", "Krippendorff",
                 "评估组意见", "该校智慧校园建设规划完整", "■ 智慧校园示范校", "B3.2", "▲"):
        assert want in text, want
    alpha = panel.doc["agreement"]["alpha"]
    assert alpha and alpha in text
    out = subprocess.run(["pdffonts", str(three_pdf)], capture_output=True, text=True, check=True).stdout
    cjk = [r.split() for r in out.splitlines()[2:] if "WenQuanYiMicroHei" in r]
    assert cjk and all(r[-5] == "yes" for r in cjk), out  # embedded


def test_signature_boxes_carry_the_handwritten_images(three_pdf, chair_pdf):
    """Each signature's widget shows an image (the signature.png) in its own box on the page."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(three_pdf.read_bytes()))
    boxes = []
    for sig in reader.embedded_signatures:
        field = sig.sig_field
        rect = [float(x) for x in field["/Rect"]]
        ap = field["/AP"]["/N"]
        xobjects = ap["/Resources"]["/XObject"]
        assert any(x.get_object().get("/Subtype") == "/Image" or "/XObject" in x.get_object().get("/Resources", {})
                   for x in xobjects.values()), "no image in the appearance"
        boxes.append(rect)
    assert len(boxes) == 3 and len({tuple(b) for b in boxes}) == 3  # three distinct boxes
    assert all(b[2] - b[0] > 100 and b[3] - b[1] > 20 for b in boxes)


def test_unsigned_print_is_a_draft_and_the_chair_signs_first(panel, panel_bytes, tmp_path):
    unsigned = make_panel_pdf(panel_bytes)
    with pytest.raises(SignatureError, match="chair has not signed"):
        _sign(unsigned, panel.members[0])
    signed = _sign(unsigned, panel.chair)  # the chair may sign a form printed unsigned
    v = verify_panel_pdf_bytes(signed, [i.cert for i in panel.everyone])
    assert [s.signer.role for s in v.signatures] == ["chair"]
    with pytest.raises(SignatureError, match="already signed"):
        _sign(signed, panel.chair)


def test_only_the_chair_prints_signed(panel, panel_bytes):
    m = panel.members[0]
    with pytest.raises(SignatureError, match="not the panel's chair"):
        make_panel_pdf(panel_bytes, identity=m, key=m.private_key(PASS))



def test_panel_result_must_verify_before_printing(panel, panel_bytes):
    tampered = panel_bytes.replace(b'"opinion":"', b'"opinion":"X', 1)
    with pytest.raises(VerificationError):
        make_panel_pdf(tampered)


# -- updates that are not signatures ------------------------------------------------------------
def _incremental(pdf: bytes, change) -> bytes:  # noqa: ANN001
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(pdf))
    change(w)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def _add_text(w) -> None:  # noqa: ANN001
    """Draw extra text on page 1: what a forger wants ("示范校" over the real outcome)."""
    from pyhanko.pdf_utils import generic

    stream = generic.StreamObject(stream_data=b"BT /F1 30 Tf 100 100 Td (FORGED) Tj ET")
    w.add_stream_to_page(0, w.add_object(stream))


def _change_info(w) -> None:  # noqa: ANN001
    from pyhanko.pdf_utils import generic

    w.set_info(generic.DictionaryObject({generic.NameObject("/Title"): generic.TextStringObject("forged")}))


@pytest.mark.parametrize("change", [_add_text, _change_info], ids=["page content", "document info"])
def test_update_after_the_last_signature_refused(three_pdf, panel, change):
    data = _incremental(three_pdf.read_bytes(), change)
    with pytest.raises(VerificationError) as e:
        verify_panel_pdf_bytes(data, [i.cert for i in panel.everyone])
    assert e.value.reason == "altered" and "changed after" in str(e.value), e.value


def test_update_between_two_signatures_refused(panel, chair_pdf):
    """A page change after the chair signed, then a member signs: the member's signature covers
    it, but it is not a signature, so the chair's signature no longer vouches for the page."""
    changed = _incremental(chair_pdf, _add_text)
    m = panel.members[0]  # signed with the low-level tool: sign_panel_pdf itself refuses a changed form
    with pytest.raises(SignatureError, match="does not verify"):
        _sign(changed, m)
    data = ms.sign_slot(changed, m, m.private_key(PASS))
    with pytest.raises(VerificationError) as e:
        verify_panel_pdf_bytes(data, [i.cert for i in panel.everyone])
    assert e.value.reason == "altered", e.value


def test_bytes_appended_refused(three_pdf, panel):
    data = three_pdf.read_bytes() + b"\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
    with pytest.raises(VerificationError):
        verify_panel_pdf_bytes(data, [i.cert for i in panel.everyone])


def test_byte_changes_refused(three_pdf, panel):
    data = three_pdf.read_bytes()
    roots = [i.cert for i in panel.everyone]
    att = data.index(b'"format":"workbench-panel/1"')
    for pos in [att + 3, att + 500, 2000, len(data) // 3, len(data) // 2, len(data) - 300]:
        changed = bytearray(data)
        changed[pos] ^= 0x01
        with pytest.raises(VerificationError):
            verify_panel_pdf_bytes(bytes(changed), roots)


def test_outsider_signature_refused(panel, chair_pdf, tmp_path):
    """Someone outside the panel cannot use a box, and a box they add themselves is refused."""
    from pyhanko.sign import fields
    from sheet_helpers import make_identity

    out = make_identity(tmp_path / "x", name="外人", role="member")
    with pytest.raises(SignatureError, match="no signature box"):
        _sign(chair_pdf, out)
    slot = ms.SignatureSlot(out.fingerprint, 0, (40, 40, 200, 80))
    extra = _incremental(chair_pdf, lambda w: fields.append_signature_field(
        w, fields.SigFieldSpec(ms.field_name(slot.fingerprint), on_page=0, box=(40, 40, 200, 80))))
    forged = ms.sign_slot(extra, out, out.private_key(PASS))
    with pytest.raises(VerificationError):
        verify_panel_pdf_bytes(forged, [i.cert for i in panel.everyone] + [out.cert])


def test_cli_print_sign_verify(panel, panel_bytes, tmp_path, monkeypatch):
    from workbench.cli.main import main

    monkeypatch.setenv("WB_PASS", PASS)
    src = tmp_path / "PANEL.json"
    src.write_bytes(panel_bytes)
    form = tmp_path / "结论表.pdf"
    assert main(["print", "--panel", str(src), "-o", str(form), "--sign-with", str(panel.chair.dir),
                 "--passphrase-env", "WB_PASS"]) == 0
    for m in panel.members:
        assert main(["panel", "sign-pdf", str(form), "--identity", str(m.dir), "-o", str(form),
                     "--passphrase-env", "WB_PASS"]) == 0
    trust = [a for i in panel.everyone for a in ("--trust", str(i.dir))]
    env = dict(os.environ, WORKBENCH_HOME=str(tmp_path / "ws"))
    res = subprocess.run([sys.executable, "-m", "workbench", "verify", str(form), *trust],
                         capture_output=True, text=True, env=env)
    assert res.returncode == 0, res.stderr
    assert len(re.findall(r"^pdf-signature \d  valid", res.stdout, re.M)) == 3
    res = subprocess.run([sys.executable, "-m", "workbench", "verify", str(form), "--trust", str(panel.chair.dir)],
                         capture_output=True, text=True, env=env)
    assert res.returncode == 6 and res.stderr.count("\n") == 1, res.stderr  # untrusted, one line
    if shutil.which("pdfsig"):
        out = subprocess.run(["pdfsig", str(form)], capture_output=True, text=True).stdout
        assert out.count("Signature is Valid") == 3, out


def _contents(pdf: bytes) -> list[re.Match]:
    return list(re.finditer(rb"/Contents\s*<([0-9a-fA-F]+)>", pdf))


def _cms(hexdigits: bytes):  # noqa: ANN202
    from asn1crypto import cms, parser

    blob = bytes.fromhex(hexdigits.decode("ascii"))
    _c, _m, _t, header, contents, trailer = parser.parse(blob)
    return cms.ContentInfo.load(blob[:len(header) + len(contents) + len(trailer)])


def test_every_signature_is_low_s_and_a_rewritten_s_is_refused(three_pdf, panel):
    """s → n − s in one member's /Contents keeps pyHanko's check valid (the bytes are not
    covered by any digest); the multi-signature verify refuses it like the single one does."""
    from cryptography.hazmat.primitives.asymmetric.utils import (
        decode_dss_signature,
        encode_dss_signature,
    )

    from workbench.signing.ecdsa import P256_N

    pdf = three_pdf.read_bytes()
    found = _contents(pdf)
    assert len(found) == 3
    for m in found:
        sig = _cms(m.group(1))["content"]["signer_infos"][0]["signature"].native
        assert decode_dss_signature(sig)[1] <= P256_N // 2
    m = found[1]
    info = _cms(m.group(1))
    signer = info["content"]["signer_infos"][0]
    r, s = decode_dss_signature(signer["signature"].native)
    signer["signature"] = encode_dss_signature(r, P256_N - s)
    new_hex = info.dump(force=True).hex().encode("ascii")
    assert len(new_hex) <= len(m.group(1))
    forged = pdf[:m.start(1)] + new_hex + b"0" * (len(m.group(1)) - len(new_hex)) + pdf[m.end(1):]
    with pytest.raises(VerificationError) as e:
        verify_panel_pdf_bytes(forged, [i.cert for i in panel.everyone])
    assert e.value.reason == "signature" and "low-S" in str(e.value)
