"""Digitally sign a printed form (PAdES, offline) and verify a signed form.

The signed score sheet is embedded as the attachment `score-sheet.json` *before* signing,
so the PDF signature covers it as well as the rendered pages: the paper view and the
machine-checkable data travel and verify together. pyHanko signs with the reviewer's
P-256 key; no timestamp server or network is involved.

As for sheets, the PDF's ECDSA signature value is low-S (s ≤ n/2) in strict DER: our
signer normalises s, and `verify` refuses a CMS signature value in any other encoding
(rewriting s to n − s needs no key and would otherwise verify).
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from asn1crypto import x509 as ax509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from workbench.errors import SignatureError
from workbench.signing.ecdsa import check_low_s_der, sign_low_s
from workbench.signing.identity import Identity, fingerprint
from workbench.signing.sheet import FORMAT, sheet_file_bytes
from workbench.signing.verify import (
    VerificationError,
    VerifiedSheet,
    check_trust,
    parse_signed_at,
    verify_sheet_bytes,
)

ATTACHMENT = "score-sheet.json"
FIELD = "ReviewerSignature"


def _asn1_cert(cert: x509.Certificate) -> ax509.Certificate:
    return ax509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def embed_sheet(writer: Any, sheet: Mapping[str, Any]) -> None:
    """Attach the signed sheet (uncompressed, so it can be read with any PDF tool)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.embed import EmbeddedFileObject, EmbeddedFileParams, FileSpec, embed_file

    data = sheet_file_bytes(sheet)
    ef = EmbeddedFileObject.from_file_data(writer, data, compress=False, mime_type="application/json",
                                           params=EmbeddedFileParams(embed_size=True, embed_checksum=True))
    spec = FileSpec(file_spec_string=ATTACHMENT, file_name=ATTACHMENT, embedded_data=ef,
                    description=f"签名评分表 (signed score sheet, {FORMAT})",
                    af_relationship=generic.NameObject("/Data"))
    embed_file(writer, spec)


def low_s_signer(identity: Identity, key: ec.EllipticCurvePrivateKey) -> Any:
    """A pyHanko Signer whose raw ECDSA signatures are low-S, made from the key in memory.

    (pyHanko's SimpleSigner signs with whatever s the library returns, half of them high.)
    The key never leaves this process, not even as an unencrypted DER blob.
    """
    from pyhanko.sign import signers
    from pyhanko.sign.general import SigningError
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    class LowSSigner(signers.Signer):
        async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
            if digest_algorithm != "sha256":
                raise SigningError(f"only SHA-256 is used with P-256 keys, not {digest_algorithm}")
            return sign_low_s(key, data)

    return LowSSigner(signing_cert=_asn1_cert(identity.cert),
                      cert_registry=SimpleCertificateStore.from_certs([_asn1_cert(c) for c in identity.chain]))


def sign_pdf(pdf: bytes, sheet: Mapping[str, Any], identity: Identity, key: ec.EllipticCurvePrivateKey, *,
             reason: str = "评估专家签署评分表", location: str | None = None) -> bytes:
    """Embed the sheet and sign the whole PDF with the reviewer's key (PAdES B-B, low-S)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    if sheet.get("reviewer", {}).get("fingerprint") != identity.fingerprint:
        raise SignatureError("the sheet was signed by another identity than the one signing the PDF",
                             hint="sign the PDF with the identity that signed the sheet")
    identity.check_valid_at()
    if key.public_key().public_numbers() != identity.cert.public_key().public_numbers():
        raise SignatureError("the key does not belong to this identity's certificate")
    signer = low_s_signer(identity, key)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    embed_sheet(writer, sheet)
    meta = signers.PdfSignatureMetadata(field_name=FIELD, md_algorithm="sha256", reason=reason,
                                        location=location, name=identity.signer.name,
                                        subfilter=fields.SigSeedSubFilter.PADES)
    out = io.BytesIO()
    signers.sign_pdf(writer, meta, signer=signer, output=out)
    return out.getvalue()


def _attachment(reader: Any) -> bytes:
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
    except KeyError:
        raise VerificationError("malformed", f"the PDF carries no {ATTACHMENT} attachment") from None
    found = [names[i + 1].get_object() for i in range(0, len(names) - 1, 2) if str(names[i]) == ATTACHMENT]
    if len(found) != 1:
        raise VerificationError("malformed", f"the PDF must carry exactly one {ATTACHMENT} attachment")
    return found[0]["/EF"]["/F"].get_object().data


def _check_cms_strict(blob: bytes) -> None:
    """Account for the bytes of /Contents that no digest covers.

    pyHanko verifies the signer's signed attributes and signature value, but reads the CMS
    leniently: the zero padding after the blob, and informational fields such as
    SignedData.digestAlgorithms, could change without notice. Insist the padding is zero, the
    blob parses strictly in full, and the informational fields say what the
    signer info says, so that *every* byte of the file is accounted for.
    """
    from asn1crypto import cms, parser

    try:
        _cls, _method, _tag, header, contents, trailer = parser.parse(blob)
        end = len(header) + len(contents) + len(trailer)
        der = blob[:end]
        info = cms.ContentInfo.load(der, strict=True)
        _ = info.native  # parse every field; a changed tag or length fails here
        sd = info["content"]
        signer = sd["signer_infos"][0]
        algos = [a["algorithm"].native for a in sd["digest_algorithms"]]
        ok = (algos == [signer["digest_algorithm"]["algorithm"].native]
              and sd["version"].native == "v1" and signer["version"].native == "v1"
              and len(sd["signer_infos"]) == 1)
        value = bytes(signer["signature"].native)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        ok = False
    if not ok or any(blob[end:]):
        raise VerificationError("altered", "the PDF signature's data (/Contents) was changed")
    check_pdf_signature_value(value)


def check_pdf_signature_value(der: bytes) -> None:
    """The CMS signature value must be the one low-S, strict-DER ECDSA encoding."""
    try:
        check_low_s_der(der)
    except SignatureError as e:
        raise VerificationError("signature", f"the PDF signature value: {e.message}") from None


@contextlib.contextmanager
def _quiet(*names: str) -> Iterator[None]:
    """pyHanko logs a traceback for every signature it rejects; the reason is reported by us."""
    loggers = [logging.getLogger(n) for n in names]
    before = [lg.level for lg in loggers]
    for lg in loggers:  # child loggers (pyhanko.sign.…) inherit the raised level
        lg.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for lg, level in zip(loggers, before, strict=True):
            lg.setLevel(level)

_BYTERANGE = re.compile(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")


def quick_digest_mismatch(data: bytes) -> bool:
    """True when the signed byte ranges plainly do not hash to the signed digest.

    A cheap first check (one SHA-256 and a small DER parse, ~1 ms) so that an altered file is
    rejected without parsing the whole PDF; it never accepts anything: a False answer (or any
    doubt) leaves the decision to pyHanko's full validation.
    """
    import hashlib

    from asn1crypto import cms

    found = _BYTERANGE.findall(data)
    if len(found) != 1:
        return False
    a, b, c, d = (int(x) for x in found[0])
    if a != 0 or not (0 < b < c <= len(data)) or c + d != len(data):
        return True
    gap = data[b:c]
    if len(gap) < 2 or gap[:1] != b"<" or gap[-1:] != b">":
        return True
    try:
        blob = bytes.fromhex(gap[1:-1].decode("ascii"))
    except ValueError:
        return True
    try:
        info = cms.ContentInfo.load(blob)
        signer = info["content"]["signer_infos"][0]
        if signer["digest_algorithm"]["algorithm"].native != "sha256":
            return False
        digest = next(a["values"][0].native for a in signer["signed_attrs"] if a["type"].native == "message_digest")
    except Exception:  # noqa: BLE001 - any doubt goes to the full validation
        return False
    if hashlib.sha256(data[a:a + b] + data[c:c + d]).digest() != digest:
        return True
    try:  # the digest holds; now the bytes of /Contents that no digest covers (~15 ms)
        _check_cms_strict(blob)
    except VerificationError as e:
        return e.reason == "altered"  # other reasons (a high-S value) are reported by the full check
    return False


def verify_pdf_bytes(data: bytes, trust: Sequence[x509.Certificate] | None, *,
                     check_trust_roots: bool = True) -> VerifiedSheet:
    """Verify the PDF signature (intact, valid, whole file), then the embedded sheet."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    # --- the panel's 评估验收结论表 carries one signature per signer (issue 9) ---
    from workbench.printing.panel_pdf import has_panel_attachment, verify_panel_pdf_bytes
    if has_panel_attachment(data):
        return verify_panel_pdf_bytes(data, trust, check_trust_roots=check_trust_roots)  # type: ignore[return-value]
    # --- end of the panel branch ---
    if quick_digest_mismatch(data):
        raise VerificationError("altered", "the PDF's bytes differ from what was signed")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=True)
        sigs = reader.embedded_signatures
    except Exception:  # noqa: BLE001 - a damaged PDF makes the parser raise almost anything
        # (PdfError, ValueError, decimal.InvalidOperation for a mangled number, …)
        raise VerificationError("altered", "the PDF's structure is damaged (changed after signing?)") from None
    if len(sigs) != 1:
        raise VerificationError("signature", f"expected one digital signature in the PDF, found {len(sigs)}")
    sig = sigs[0]
    try:
        cert_asn1 = sig.signer_cert
        cert = x509.load_der_x509_certificate(cert_asn1.dump())
        _check_cms_strict(bytes(sig.pkcs7_content))
        vc = ValidationContext(trust_roots=[cert_asn1], allow_fetching=False)
        # Trust is decided below by check_trust (same rules as for sheets); pyHanko checks
        # integrity and the signature value, with the signer's own certificate as its root.
        with _quiet("pyhanko", "pyhanko_certvalidator"):
            status = validate_pdf_signature(sig, vc)
    except VerificationError:
        raise
    except Exception:  # noqa: BLE001 - as above: untrusted bytes, any parser error means damage
        raise VerificationError("altered", "the PDF signature cannot be read (changed after signing?)") from None
    if not status.intact:
        raise VerificationError("altered", "the PDF's bytes differ from what was signed")
    if not status.valid:
        raise VerificationError("signature", "the PDF signature does not match the signer's certificate")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        raise VerificationError("altered", "the PDF was changed after signing (content added after the signature)")
    try:
        sheet_bytes = _attachment(reader)
    except VerificationError:
        raise
    except Exception:  # noqa: BLE001 - as above
        raise VerificationError("malformed", f"the {ATTACHMENT} attachment cannot be read") from None
    verified = verify_sheet_bytes(sheet_bytes, trust, check_trust_roots=False)
    if verified.sheet["reviewer"]["fingerprint"] != fingerprint(cert):
        raise VerificationError("signature", "the PDF was signed with another certificate than its score sheet")
    at = parse_signed_at(verified.sheet["signed_at"])
    trusted_by = check_trust(cert, trust or [], at) if check_trust_roots else None
    return VerifiedSheet(verified.sheet, verified.sheet_hash, cert, trusted_by,
                         container="PDF (PAdES signature intact and valid, covers the whole file; "
                                   f"sheet attached as {ATTACHMENT})")
