"""The signed 评估验收结论表: the panel result attached, one PAdES signature per signer.

`make_panel_pdf` renders the form, attaches the panel result (`panel-result.json`, the
exact panel file) and reserves one signature field per signer (chair first), in one
incremental update; with an identity it also adds the first signature, the chair's. Each
member then adds theirs with `sign_panel_pdf` (`workbench panel sign-pdf`), one incremental
update each. `verify_panel_pdf_bytes` verifies every signature (workbench.printing.pdf_multisign),
that only signatures were appended after the first one, that the signers are exactly the
panel's chair and members as the attached result names them, and the attached result itself.

With a workspace's revocations (`workbench verify` passes WorkspaceRevocations.panel_args()) it
counts as `verify PANEL.json` does (docs/panel-result.md, "Revoked certificates"): the attached
result's (co-)signatures by the witness rule; a PAdES signature made at or after its certificate's
revocation is refused (`revoked`, exit 10), and one dated before it is not counted
(`revoked_unwitnessed`): its time is the signer's claim and nothing ever witnesses a PDF signature
(the workspace keeps no 结论表, the hub takes none).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from workbench.errors import SignatureError
from workbench.panel.revoked import UNWITNESSED, RevokedError, RevokedMark, Witness, stamp
from workbench.printing import pdf_multisign as ms
from workbench.signing.identity import Identity
from workbench.signing.verify import VerificationError

if TYPE_CHECKING:
    from workbench.panel.witness import WorkspaceRevocations

ATTACHMENT = "panel-result.json"
ATTACHMENT_DESCRIPTION = "评估组合议结果 (signed panel result, workbench-panel/1)"
_UNWITNESSED_HINT = "a form printed from a new revision, signed with the signer's new certificate, replaces it"
Witnesses = Mapping[tuple[str, str], Sequence[Witness]]


def has_panel_attachment(data: bytes) -> bool:
    """A cheap test for `workbench verify`: does this PDF carry a panel result? (It is attached
    uncompressed, so its canonical bytes are in the file as they are.)"""
    return data.startswith(b"%PDF-") and b'"format":"workbench-panel/' in data


def _verified_panel(doc_bytes: bytes, trust: Sequence[x509.Certificate] | None, check_trust_roots: bool,  # noqa: ANN202
                    revoked: Mapping[str, RevokedMark] | None = None, witnesses: Witnesses | None = None):
    from workbench.panel.verify import verify_panel_bytes

    return verify_panel_bytes(doc_bytes, trust, check_trust_roots=check_trust_roots, revoked=revoked,
                              witnesses=witnesses)


def make_panel_pdf(panel_bytes: bytes, *, identity: Identity | None = None,
                   key: ec.EllipticCurvePrivateKey | None = None, signature_png: bytes | None = None,
                   draft: bool | None = None) -> bytes:
    """The 结论表 of a panel file (verified for integrity here), signed by `identity` if given.

    The first signature must be the chair's: members add theirs afterwards.
    """
    from workbench.printing.panel import render_panel

    v = _verified_panel(panel_bytes, None, False)
    signed = {fp: at for _s, fp, at in v.signers}
    pdf, slots = render_panel(v.doc, signed=signed, panel_hash=v.panel_hash,
                              draft=(not v.chair_signed) if draft is None else draft)
    pdf = ms.prepare_pdf(pdf, slots, attachment=(ATTACHMENT, panel_bytes, ATTACHMENT_DESCRIPTION))
    if identity is not None:
        if key is None:
            raise SignatureError("internal: signing the form needs the identity's key")
        if identity.fingerprint != v.doc["chair"]["fingerprint"]:
            raise SignatureError(f"{identity.name} is not the panel's chair: the chair signs the form first",
                                 hint="print with the chair's identity; members then add theirs with "
                                 "`workbench panel sign-pdf`")
        pdf = ms.sign_slot(pdf, identity, key, signature_png=signature_png)
    return pdf


def sign_panel_pdf(pdf: bytes, identity: Identity, key: ec.EllipticCurvePrivateKey, *,
                   signature_png: bytes | None = None) -> bytes:
    """Add this signer's PAdES signature to the form (after the chair's)."""
    if not has_panel_attachment(pdf):
        raise SignatureError("this PDF is not a panel's 评估验收结论表 (no panel-result.json attached)")
    try:
        current = verify_panel_pdf_bytes(pdf, None, check_trust_roots=False, require_signed=False)
    except VerificationError as e:
        raise SignatureError(f"the form does not verify, not signed: {e}") from None
    chair_fp = current.doc["chair"]["fingerprint"]
    if identity.fingerprint != chair_fp and not any(s.fingerprint == chair_fp for s in current.signatures):
        raise SignatureError("the chair has not signed the form yet", hint="the chair signs first")
    return ms.sign_slot(pdf, identity, key, signature_png=signature_png)


COUNTED, WARNED, REFUSED = "counted", "counted_revoked", "revoked"  # with UNWITNESSED: PdfSignatureCount.status


@dataclass(frozen=True)
class PdfSignatureCount:
    """How the revocation rule counts one PAdES signature of a 结论表: what `workbench verify`
    prints for it and what the print preview lists (one rule, count_pdf_signatures)."""

    fingerprint: str
    name: str  # as the certificate names the signer
    role: str  # chair or member, as the attached result names the fingerprint
    signed_at: str  # "…Z": the signer's own claim (the CMS signing time)
    status: str  # COUNTED, WARNED (revoked after it, counted with `detail`), UNWITNESSED or REFUSED
    detail: str = ""  # the core's English line: the warning, why not counted, or why refused
    hint: str = ""  # what to do (English), for a signature not counted or refused
    revoked_at: str | None = None  # "…Z" when the workspace knows the certificate revoked

    @property
    def counted(self) -> bool:
        return self.status in (COUNTED, WARNED)


@dataclass(frozen=True)
class VerifiedPanelPdf:
    """A verified 结论表 PDF: its signatures and the attached, verified panel result."""

    signatures: tuple[ms.PdfSignature, ...]
    unsigned: tuple[tuple[str, str, str], ...]  # (name, role, fingerprint) of signers still to sign
    panel: object  # workbench.panel.verify.VerifiedPanel
    final: bool  # the chair and the panel's quorum of members have signed the PDF (counted signatures)
    counts: tuple[PdfSignatureCount, ...] = ()  # one per signature, in signing order

    # PAdES signatures of a certificate the workspace knows revoked: dated before it and counted with a
    # warning (fp -> warning; only without witnesses), not counted (fp -> why; the signer is in
    # `unsigned`), or refused (fp -> why; only with refuse_revoked=False, else verification raises)
    @property
    def revoked_warnings(self) -> dict[str, str]:
        return {c.fingerprint: c.detail for c in self.counts if c.status == WARNED}

    @property
    def unwitnessed_signers(self) -> dict[str, str]:
        return {c.fingerprint: f"{c.detail} ({c.hint})" for c in self.counts if c.status == UNWITNESSED}

    @property
    def refused_signers(self) -> dict[str, str]:
        return {c.fingerprint: c.detail for c in self.counts if c.status == REFUSED}

    @property
    def doc(self) -> dict:
        return self.panel.doc  # type: ignore[attr-defined]

    @property
    def sheet(self) -> dict:
        """What `workbench verify --json` prints: the attached panel result."""
        return self.doc

    def summary(self) -> str:
        roles = {self.doc["chair"]["fingerprint"]: "chair"} | {m["fingerprint"]: "member" for m in self.doc["members"]}
        n = len(self.signatures)
        lines = [f"valid     PDF 评估验收结论表: {n} PAdES signature(s), each intact and valid; nothing but "
                 "signatures was added after the first"]
        by_fp = {c.fingerprint: c for c in self.counts}
        for s, ln in zip(self.signatures, ms.signature_lines(self.signatures, roles), strict=True):
            c = by_fp.get(s.fingerprint)
            if c is None or c.counted:  # numbered as in the PDF; the others below
                lines.append("pdf-" + ln + (f"  WARNING: {c.detail}" if c is not None and c.detail else ""))
        for name, role, fp in self.unsigned:
            c = by_fp.get(fp)
            tail = "" if c is None or c.counted else (
                f"  NOT COUNTED ({UNWITNESSED}): {c.detail} ({c.hint})" if c.status == UNWITNESSED
                else f"  REFUSED (revoked): {c.detail} ({c.hint})")
            lines.append(f"pdf-unsigned  {name} ({role}) {fp[:16]}…{tail}")
        q = self.doc["quorum"]
        lines.append("pdf-status    " + ("FINAL: signed by the chair and the quorum of members" if self.final else
                                         f"NOT FINAL: needs the chair and {q} member signature(s) on the PDF"))
        lines.append(self.panel.summary())  # type: ignore[attr-defined]
        return "\n".join(lines)


def verify_panel_pdf_bytes(data: bytes, trust: Sequence[x509.Certificate] | None, *,
                           check_trust_roots: bool = True, require_signed: bool = True,
                           revoked: Mapping[str, RevokedMark] | None = None,
                           witnesses: Witnesses | None = None, refuse_revoked: bool = True) -> VerifiedPanelPdf:
    """Verify a 结论表 PDF: every signature, signatures only after the first, the attached result.

    `revoked` and `witnesses`: workbench.panel.witness.WorkspaceRevocations.panel_args(), as for
    verify_panel_bytes; they apply to the attached result and to the PAdES signatures (module doc).
    `refuse_revoked`: a PAdES signature made after its certificate's revocation refuses the form
    (`workbench verify`, exit 10); False: it stays listed as REFUSED and is not counted (the
    print preview shows the form and marks it)."""
    from workbench.signing.ecdsa import signer_from_cert
    from workbench.signing.identity import load_cert_pem

    multi: ms.MultiSigned | None = None
    signatures: tuple[ms.PdfSignature, ...] = ()
    if not require_signed and not _any_signed(data):  # a form printed unsigned, before the chair signs
        blob = _unsigned_attachment(data)
    else:
        multi = ms.verify_signatures(data, trust, check_trust_roots=check_trust_roots, attachment=ATTACHMENT)
        blob = multi.attachment or b""
        signatures = multi.signatures
    panel = _verified_panel(blob, trust, check_trust_roots, revoked, witnesses)
    doc = panel.doc
    chair_fp = doc["chair"]["fingerprint"]
    people = [(doc["chair"], "chair")] + [(m, "member") for m in doc["members"]]
    expected = {ms.field_name(p["fingerprint"]) for p, _ in people}
    if multi is not None:
        present = {s.field for s in multi.signatures} | set(multi.unsigned_fields)
        if present != expected:
            raise VerificationError("signature", "the PDF's signature boxes are not exactly the panel's chair "
                                    "and members")
        if multi.signatures[0].fingerprint != chair_fp:
            raise VerificationError("signature", "the first signature of the form is not the chair's")
    roles = {p["fingerprint"]: role for p, role in people}
    counts = count_pdf_signatures(signatures, roles, revoked or {}, witnessing=witnesses is not None)
    refused = next((c for c in counts if c.status == REFUSED), None)
    if refused is not None and refuse_revoked:
        from workbench.panel.verify import PanelVerificationError

        raise PanelVerificationError("revoked", refused.detail, hint=refused.hint)
    signed = {c.fingerprint for c in counts if c.counted}
    unsigned = tuple((signer_from_cert(load_cert_pem(p["certificate"])).name, role, p["fingerprint"])
                     for p, role in people if p["fingerprint"] not in signed)
    final = chair_fp in signed and len(signed - {chair_fp}) >= int(doc["quorum"])
    return VerifiedPanelPdf(signatures, unsigned, panel, final, counts)


def count_pdf_signatures(signatures: Sequence[ms.PdfSignature], roles: Mapping[str, str],
                         marks: Mapping[str, RevokedMark], *, witnessing: bool) -> tuple[PdfSignatureCount, ...]:
    """The revocation rule for the PAdES signatures of a 结论表, one count per signature.

    Not revoked: counted. Made at or after the revocation: REFUSED. Dated before it: `witnessing`
    (a workspace that could have seen it, as for a panel file) finds no witness, because none
    exists for a PDF signature, so it is not counted (UNWITNESSED); without, it counts with the
    warning that its time is unwitnessed (as verify_panel_bytes with `revoked` alone)."""
    from workbench.panel.revoked import check_signature_time, check_witnessed, warning

    out: list[PdfSignatureCount] = []
    for s in signatures:
        at = stamp(s.signed_at)
        mark = marks.get(s.fingerprint)
        base = {"fingerprint": s.fingerprint, "name": s.signer.name, "role": roles.get(s.fingerprint, ""),
                "signed_at": at, "revoked_at": mark.revoked_at if mark else None}
        try:
            check_signature_time(marks, s.fingerprint, s.signer.name, at)
            if mark is not None and witnessing:
                check_witnessed(marks, s.fingerprint, s.signer.name, at, (), what="the PDF signature",
                                hint=_UNWITNESSED_HINT)
        except RevokedError as e:
            if e.reason == UNWITNESSED:
                out.append(PdfSignatureCount(**base, status=UNWITNESSED, hint=_UNWITNESSED_HINT,
                                             detail=e.message.removeprefix(UNWITNESSED + ": ")))
            else:
                out.append(PdfSignatureCount(**base, status=REFUSED, hint=e.hint or "",
                                             detail=f"PDF signature by {e.message.removeprefix('revoked: ')}"))
            continue
        out.append(PdfSignatureCount(**base, status=WARNED if mark else COUNTED,
                                     detail=warning(mark) if mark else ""))
    return tuple(out)


def verify_panel_pdf_with(data: bytes, trust: Sequence[x509.Certificate] | None,
                          revocations: WorkspaceRevocations | None, *, check_trust_roots: bool = True,
                          require_signed: bool = True, refuse_revoked: bool = True) -> VerifiedPanelPdf:
    """A 结论表 counted with a workspace's revocations and witnesses (workbench.panel.witness:
    workspace_revocations for a path, revocations_in for an open workspace; None: none known):
    the one call of `workbench verify`, the panel print preview and export-xlsx."""
    return verify_panel_pdf_bytes(data, trust, check_trust_roots=check_trust_roots, require_signed=require_signed,
                                  refuse_revoked=refuse_revoked, **(revocations.panel_args() if revocations else {}))


def _unsigned_attachment(data: bytes) -> bytes:
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
    except Exception:  # noqa: BLE001 - a damaged file raises almost anything
        raise VerificationError("altered", "the PDF's structure is damaged") from None
    return ms.read_attachment(reader, ATTACHMENT)


def _any_signed(data: bytes) -> bool:
    try:
        return any(ms.field_names(data).values())
    except SignatureError:
        return True  # let the full verification report the damage
