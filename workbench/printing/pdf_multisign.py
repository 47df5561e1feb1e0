"""One PDF, several PAdES signatures: one per signer, each an incremental update.

The life of a multi-signed form:

1. `prepare_pdf` takes the rendered form, attaches the machine-readable document (e.g. the
   panel result) and adds one *empty* signature field per expected signer, named after the
   signer's certificate fingerprint and placed over that signer's signature box on the page.
   This is one incremental update; nothing is signed yet.
2. `sign_slot` fills the signer's own field (another incremental update). Its appearance is
   the signer's handwritten signature image and the date, so the printed page shows it; with
   no image the box stays a blank line. Each signer signs the file as the previous one left it.
3. `verify_signatures` walks every signature: intact, valid, strict CMS, low-S, its signer
   the one the field was reserved for; and the revisions after the first signature are
   signatures only: each later revision holds exactly one signature, pyHanko's difference
   analysis rates everything appended to a signed revision as no more than form filling (new
   signatures) and the last signature covers the whole file. Anything else is refused.

A field reserved for a fingerprint can be filled only by the holder of that certificate's key,
and every field of the form exists (unsigned) before the first signature, so the set of
signers is fixed by the first signature.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from workbench.errors import SignatureError
from workbench.signing.ecdsa import Signer, signer_from_cert
from workbench.signing.identity import Identity, fingerprint
from workbench.signing.verify import VerificationError, check_trust

FIELD_PREFIX = "sig-"


def field_name(fp: str) -> str:
    """The signature field reserved for the certificate with fingerprint `fp`."""
    return FIELD_PREFIX + fp


@dataclass(frozen=True)
class SignatureSlot:
    """Where one signer's signature goes: 0-based page and box (x1, y1, x2, y2) in points."""

    fingerprint: str
    page: int
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class PdfSignature:
    """One verified signature of a multi-signed PDF."""

    field: str
    fingerprint: str
    signer: Signer  # as the certificate names them
    cert: x509.Certificate
    signed_at: dt.datetime  # the signer's claimed signing time (no timestamp server offline)
    revision: int
    trusted_by: str | None  # fingerprint of the trust root, None when trust was not checked


@dataclass(frozen=True)
class MultiSigned:
    """The result of `verify_signatures`: signatures in signing order, empty fields left."""

    signatures: tuple[PdfSignature, ...]
    unsigned_fields: tuple[str, ...]
    attachment: bytes | None


def _asn1(cert: x509.Certificate) -> Any:
    from asn1crypto import x509 as ax509
    from cryptography.hazmat.primitives import serialization

    return ax509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def embed_attachment(writer: Any, name: str, data: bytes, description: str) -> None:
    """Attach `data` uncompressed (readable with any PDF tool) under `name`."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.embed import EmbeddedFileObject, EmbeddedFileParams, FileSpec, embed_file

    ef = EmbeddedFileObject.from_file_data(writer, data, compress=False, mime_type="application/json",
                                           params=EmbeddedFileParams(embed_size=True, embed_checksum=True))
    embed_file(writer, FileSpec(file_spec_string=name, file_name=name, embedded_data=ef, description=description,
                                af_relationship=generic.NameObject("/Data")))


def read_attachment(reader: Any, name: str) -> bytes:
    """The one attachment called `name`, or VerificationError."""
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
        found = [names[i + 1].get_object() for i in range(0, len(names) - 1, 2) if str(names[i]) == name]
    except (KeyError, TypeError, AttributeError):
        raise VerificationError("malformed", f"the PDF carries no {name} attachment") from None
    if len(found) != 1:
        raise VerificationError("malformed", f"the PDF must carry exactly one {name} attachment")
    try:
        return found[0]["/EF"]["/F"].get_object().data
    except Exception:  # noqa: BLE001 - untrusted structure
        raise VerificationError("malformed", f"the {name} attachment cannot be read") from None


def prepare_pdf(pdf: bytes, slots: Sequence[SignatureSlot], *, attachment: tuple[str, bytes, str] | None = None
                ) -> bytes:
    """Attach (name, data, description) and add an empty signature field per slot."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    if len({s.fingerprint for s in slots}) != len(slots):
        raise SignatureError("a signer appears twice among the form's signature boxes")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    if attachment is not None:
        embed_attachment(writer, *attachment)
    for s in slots:
        box = tuple(round(v) for v in s.box)  # pyHanko's layout needs whole points
        fields.append_signature_field(writer, fields.SigFieldSpec(field_name(s.fingerprint), on_page=s.page,
                                                                  box=box))  # type: ignore[arg-type]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _stamp(signature_png: bytes | None, *, with_date: bool = True) -> Any:
    """The visible appearance: handwritten image (if any) and the signing date."""
    from PIL import Image
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    background = None
    if signature_png:
        from workbench.signing.identity import check_signature_png
        check_signature_png(signature_png)  # an identity's signature.png is untrusted too: no bomb, one line
        img = Image.open(io.BytesIO(signature_png))
        img.load()
        if img.mode not in ("RGB", "RGBA", "L", "LA"):
            img = img.convert("RGBA")
        background = PdfImage(img)
    return TextStampStyle(
        stamp_text="%(ts)s" if with_date else "", timestamp_format="%Y-%m-%d",
        text_box_style=TextBoxStyle(font_size=7, leading=8),
        inner_content_layout=layout.SimpleBoxLayoutRule(x_align=layout.AxisAlignment.ALIGN_MAX,
                                                        y_align=layout.AxisAlignment.ALIGN_MIN,
                                                        margins=layout.Margins(1, 2, 1, 1)),
        border_width=0, background=background, background_opacity=1.0,
        background_layout=layout.SimpleBoxLayoutRule(x_align=layout.AxisAlignment.ALIGN_MIN,
                                                     y_align=layout.AxisAlignment.ALIGN_MID,
                                                     margins=layout.Margins(2, 22, 1, 1)))


def field_names(pdf: bytes) -> dict[str, bool]:
    """Every signature field of the PDF: name -> signed already."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        return {name: value is not None for name, value, _ref in enumerate_sig_fields(reader)}
    except Exception:  # noqa: BLE001 - a damaged file raises almost anything
        raise SignatureError("the PDF cannot be read (damaged?)") from None


def sign_slot(pdf: bytes, identity: Identity, key: ec.EllipticCurvePrivateKey, *,
              signature_png: bytes | None = None, reason: str = "评估组签署评估验收结论表",
              location: str | None = None) -> bytes:
    """Fill the identity's own signature field with a PAdES signature (an incremental update)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from workbench.printing.pdfsign import low_s_signer

    identity.check_valid_at()
    if key.public_key().public_numbers() != identity.cert.public_key().public_numbers():
        raise SignatureError("the key does not belong to this identity's certificate")
    name = field_name(identity.fingerprint)
    existing = field_names(pdf)
    if name not in existing:
        raise SignatureError(f"the form has no signature box for {signer_from_cert(identity.cert).name} "
                             f"(certificate {identity.fingerprint[:16]}…)",
                             hint="only the panel's chair and members named on the form can sign it")
    if existing[name]:
        raise SignatureError(f"{signer_from_cert(identity.cert).name} has already signed this form")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(field_name=name, md_algorithm="sha256", reason=reason,
                                        location=location, name=signer_from_cert(identity.cert).name,
                                        subfilter=fields.SigSeedSubFilter.PADES)
    pdf_signer = signers.PdfSigner(meta, signer=low_s_signer(identity, key), stamp_style=_stamp(signature_png))
    out = io.BytesIO()
    pdf_signer.sign_pdf(writer, existing_fields_only=True, output=out)
    return out.getvalue()


# -- verification -----------------------------------------------------------------------------
def _unsigned_or_foreign_fields(reader: Any) -> tuple[list[str], list[str]]:
    """(empty signature fields, fields that are not signature fields)."""
    from pyhanko.pdf_utils.generic import NameObject

    empty: list[str] = []
    foreign: list[str] = []
    try:
        form_fields = reader.root["/AcroForm"]["/Fields"]
    except KeyError:
        return empty, foreign
    for ref in form_fields:
        f = ref.get_object()
        name = str(f.get("/T", "?"))
        if f.get("/FT") != NameObject("/Sig") or "/Kids" in f:
            foreign.append(name)
        elif f.get("/V") is None:
            empty.append(name)
    return empty, foreign


def verify_signatures(data: bytes, trust: Sequence[x509.Certificate] | None, *,
                      check_trust_roots: bool = True, attachment: str | None = None,
                      allowed: Iterable[str] | None = None) -> MultiSigned:
    """Verify every signature and that nothing but signatures follows the first one.

    `allowed`: fingerprints that may sign (the form's signers); `attachment`: the name of the
    attached document to return (its bytes are covered by the first signature).
    """
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    from workbench.printing.pdfsign import _check_cms_strict, _quiet

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=True)
        sigs = sorted(reader.embedded_signatures, key=lambda s: s.signed_revision)
        total_revisions = reader.xrefs.total_revisions
        empty, foreign = _unsigned_or_foreign_fields(reader)
    except Exception:  # noqa: BLE001 - damaged PDFs make the parser raise almost anything
        raise VerificationError("altered", "the PDF's structure is damaged (changed after signing?)") from None
    if not sigs:
        raise VerificationError("signature", "the PDF carries no digital signature")
    if foreign:
        raise VerificationError("altered", f"the PDF holds form fields that are not signatures: {', '.join(foreign)}")
    allowed_set = set(allowed) if allowed is not None else None
    first = sigs[0].signed_revision
    out: list[PdfSignature] = []
    for n, sig in enumerate(sigs):
        try:
            name = str(sig.field_name)
            cert_asn1 = sig.signer_cert
            cert = x509.load_der_x509_certificate(cert_asn1.dump())
            if sig.sig_object_type != "/Sig":
                raise VerificationError("altered", f"{name}: a {sig.sig_object_type} is not a signer's signature")
            _check_cms_strict(bytes(sig.pkcs7_content))  # every /Contents byte accounted for; low-S value
            vc = ValidationContext(trust_roots=[cert_asn1], allow_fetching=False)
            with _quiet("pyhanko", "pyhanko_certvalidator"):
                status = validate_pdf_signature(sig, vc)
        except VerificationError:
            raise
        except Exception:  # noqa: BLE001 - untrusted bytes: any parser error means damage
            raise VerificationError("altered", f"signature {n + 1} cannot be read (changed after signing?)") from None
        fp = fingerprint(cert)
        name = f"signature {n + 1} ({signer_from_cert(cert).name}, {fp[:12]}…)"  # as messages name it
        if not status.intact:
            raise VerificationError("altered", f"{name}: the PDF's bytes differ from what was signed")
        if not status.valid:
            raise VerificationError("signature", f"{name}: the signature does not match the signer's certificate")
        if str(sig.field_name) != field_name(fp):
            raise VerificationError("signature", f"{name}: signed in a box reserved for another certificate")
        if allowed_set is not None and fp not in allowed_set:
            raise VerificationError("signature", f"{name}: {signer_from_cert(cert).name} is not one of the "
                                    "form's signers")
        # Signing order: the k-th signature is the k-th revision after the first one; a
        # revision in between (or after the last) is an update that is not a signature.
        if sig.signed_revision != first + n:
            raise VerificationError("altered", f"{name}: the PDF was changed between two signatures "
                                    "(an update that is not a signature)")
        last = n == len(sigs) - 1
        if last:
            if status.coverage != SignatureCoverageLevel.ENTIRE_FILE or sig.signed_revision != total_revisions - 1:
                raise VerificationError("altered", "the PDF was changed after the last signature "
                                        "(content added that is not a signature)")
        else:
            level = status.modification_level
            if (status.coverage != SignatureCoverageLevel.ENTIRE_REVISION or level is None
                    or level > ModificationLevel.FORM_FILLING):
                raise VerificationError("altered", f"{name}: the PDF was changed after this signature by "
                                        "more than another signature")
        when = status.signer_reported_dt or sig.self_reported_timestamp
        if when is None:
            raise VerificationError("malformed", f"{name}: the signature carries no signing time")
        when = when.astimezone(dt.UTC)
        trusted_by = check_trust(cert, trust or [], when) if check_trust_roots else None
        out.append(PdfSignature(str(sig.field_name), fp, signer_from_cert(cert), cert, when, sig.signed_revision, trusted_by))
    blob = None
    if attachment is not None:
        blob = read_attachment(reader, attachment)
    return MultiSigned(tuple(out), tuple(empty), blob)


def signature_lines(signatures: Sequence[PdfSignature], labels: Mapping[str, str] | None = None) -> list[str]:
    """One line per signature for `workbench verify`: who (per certificate), when, trust."""
    lines = []
    for n, s in enumerate(signatures, 1):
        role = (labels or {}).get(s.fingerprint) or s.signer.role or "-"
        trust = f"trusted via {s.trusted_by[:16]}…" if s.trusted_by else "trust NOT CHECKED"
        lines.append(f"signature {n}  valid  {s.signer.name} ({s.signer.org}, {role})  "
                     f"signed {s.signed_at.strftime('%Y-%m-%dT%H:%M:%SZ')}  cert {s.fingerprint[:16]}…  {trust}")
    return lines
