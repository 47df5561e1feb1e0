"""Verify a signed score sheet (JSON) or a signed form (PDF) against trust roots.

Checks, in order, each with its own reason so the user learns exactly what is wrong:

1. ``altered``          the file is not the canonical JSON the signer wrote (any changed byte);
   ``malformed``        (before the signature) a sheet format this version does not accept,
                        e.g. ``workbench-sheet/1``: sign the scores again;
2. ``signature``        the ES256 signature does not match the sheet and its certificate, or
                        is not the one low-S, strict-DER encoding;
3. ``identity``         reviewer name/org/role differ from the certificate's subject (CN/O/title);
4. ``malformed``        the signed content does not follow the score-sheet schema;
5. ``untrusted``        the certificate is neither a pinned trust root nor issued by a trusted CA;
6. ``unknown_rubric``   the rubric hash names no rubric this workbench has;
7. ``totals``           the totals/outcome do not follow from the item scores under that rubric.

The signature is checked before anything else reads the content, so everything after it
reasons about exactly what the reviewer signed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization

from workbench.errors import ScoreError, SignatureError
from workbench.inputs import read_regular
from workbench.rubric.canonical import canonical_bytes
from workbench.rubric.loader import rubric_by_hash
from workbench.schemacheck import SchemaCheck
from workbench.signing.ecdsa import Signer, decode_b64_signature, signer_from_cert, verify_low_s
from workbench.signing.identity import fingerprint, load_cert_pem, load_certs_file
from workbench.signing.sheet import (
    ALG,
    FORMAT,
    OLD_FORMATS,
    compute_result,
    sheet_hash,
    signed_payload,
)

MAX_SIGNED_FILE = 512 << 20  # a signed form with a large photo appendix; never a FIFO or a device
EXIT_CODES = {"altered": 3, "signature": 4, "malformed": 5, "untrusted": 6, "unknown_rubric": 7, "totals": 8,
              "identity": 9}


class VerificationError(SignatureError):
    """A sheet or form that does not verify; `reason` is one of EXIT_CODES."""

    def __init__(self, reason: str, message: str, *, hint: str | None = None) -> None:
        self.reason = reason
        self.exit_code = EXIT_CODES[reason]
        super().__init__(f"{reason}: {message}", hint=hint,
                         code="untrusted_signer" if reason == "untrusted" else "signature_invalid")


@dataclass(frozen=True)
class VerifiedSheet:
    sheet: dict
    sheet_hash: str
    cert: x509.Certificate
    trusted_by: str | None  # fingerprint of the trust root that vouched, None if not checked
    container: str = "JSON score sheet (canonical, ES256 signature valid)"

    @property
    def signer(self) -> Signer:
        """Who signed, as the certificate says (the sheet's reviewer fields are checked equal)."""
        return signer_from_cert(self.cert)

    def summary(self) -> str:
        s, r = self.sheet, self.sheet["result"]
        who = s["reviewer"]
        lines = [f"valid     {self.container}",
                 f"sheet     {s['sheet_id']} revision {s['revision']}"
                 + (f" (supersedes {s['supersedes']})" if s.get("supersedes") else ""),
                 f"school    {s['school'].get('code')} {s['school'].get('name')}",
                 f"reviewer  {who['name']} ({who['org']}, {who['role']}), as the certificate says",
                 f"signed    {s['signed_at']} (the signer's clock: a claim, not a trusted time)",
                 f"cert      sha256 {who['fingerprint']}",
                 f"rubric    {s['rubric']['id']} {s['rubric']['hash']}",
                 f"package   {s['package']['manifest_hash']}",
                 f"total     {r['total']}  outcome {r['outcome']}"
                 + ("  PROVISIONAL (incomplete)" if s["provisional"] else ""),
                 f"hash      {self.sheet_hash}"]
        if r.get("flags"):
            lines.append("flags     " + ", ".join(r["flags"]))
        lines.append("trust     " + (f"certificate trusted via {self.trusted_by}" if self.trusted_by
                                     else "NOT CHECKED (no trust root given)"))
        return "\n".join(lines)


@lru_cache(maxsize=1)
def _schema_check() -> SchemaCheck:
    return SchemaCheck("score-sheet.schema.json")


def load_trust_roots(paths: Iterable[str | Path]) -> list[x509.Certificate]:
    roots: list[x509.Certificate] = []
    for p in paths:
        roots.extend(load_certs_file(p))
    return roots


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def check_trust(cert: x509.Certificate, roots: Sequence[x509.Certificate], at: dt.datetime) -> str:
    """The fingerprint of the root that vouches for cert at time `at`, or VerificationError.

    A root vouches when it *is* the certificate (pinned reviewer) or is a CA certificate that
    directly issued it (bureau CA); either way the certificate must be valid at `at`.
    """
    if not roots:
        raise VerificationError("untrusted", "no trust root given",
                                hint="pass --trust with the reviewer's certificate or the bureau's CA certificate")
    if not (cert.not_valid_before_utc <= at <= cert.not_valid_after_utc):
        raise VerificationError("untrusted", f"the certificate was not valid at the signing time {at.isoformat()}")
    der = cert.public_bytes(serialization.Encoding.DER)
    for root in roots:
        if root.public_bytes(serialization.Encoding.DER) == der:
            return fingerprint(root)
    for root in roots:
        if not _is_ca(root) or root.subject != cert.issuer:
            continue
        try:
            cert.verify_directly_issued_by(root)
        except (ValueError, TypeError, InvalidSignature):
            continue
        if not (root.not_valid_before_utc <= at <= root.not_valid_after_utc):
            continue
        return fingerprint(root)
    raise VerificationError("untrusted", f"certificate {fingerprint(cert)[:16]}… ({_cn(cert)}) is not issued "
                            "by any trusted CA and is not a pinned certificate",
                            hint="check --trust; the bureau's CA or the reviewer's own certificate is needed")


def _cn(cert: x509.Certificate) -> str:
    attrs = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(attrs[0].value) if attrs else "?"


def parse_signed_at(s: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).astimezone(dt.UTC)
    except ValueError:
        raise VerificationError("malformed", f"signed_at {s!r} is not an ISO time") from None


def parse_signed_sheet(data: bytes) -> dict:
    """Parse sheet bytes and insist on the canonical form; any other byte sequence is 'altered'."""
    try:
        sheet = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):  # also an integer of more than 4,300 digits
        raise VerificationError("altered", "the sheet is not valid UTF-8 JSON any more") from None
    if not isinstance(sheet, dict):
        raise VerificationError("altered", "the sheet is not a JSON object")
    try:
        canon = canonical_bytes(sheet)
    except ValueError as e:  # CanonicalError: names the field (a lone surrogate, NaN)
        raise VerificationError("altered", f"the sheet holds values JSON cannot sign ({e})") from None
    if data not in (canon, canon + b"\n"):
        raise VerificationError("altered", "the file is not the canonical JSON that was signed "
                                "(bytes were changed, re-formatted or re-encoded)",
                                hint="use the file exactly as the signer produced it")
    return sheet


def _check_format(sheet: dict) -> None:
    """Refuse a format this version does not verify, before reading anything else."""
    fmt = sheet.get("format")
    if fmt in OLD_FORMATS:
        raise VerificationError("malformed", f"this is a {fmt} sheet from an older workbench, whose reviewer "
                                "fields were not bound to the certificate and whose signature could have two "
                                "encodings; it is no longer accepted",
                                hint=f"sign the scores again with this version ({FORMAT}): "
                                "`workbench sheet sign` or `workbench sheet export`")
    if fmt != FORMAT:
        raise VerificationError("malformed", f"unknown sheet format {fmt!r} (expected {FORMAT})")


def _check_signature(sheet: dict) -> x509.Certificate:
    sig, rev = sheet.get("signature"), sheet.get("reviewer")
    if not isinstance(sig, dict) or not isinstance(rev, dict) or set(sig) != {"alg", "value"}:
        raise VerificationError("signature", "the sheet carries no signature or no reviewer")
    if sig.get("alg") != ALG or not isinstance(sig.get("value"), str):
        raise VerificationError("signature", f"unknown signature algorithm {sig.get('alg')!r} (expected {ALG})")
    pem = rev.get("certificate")
    if not isinstance(pem, str):
        raise VerificationError("signature", "the reviewer's certificate is missing")
    try:
        cert = load_cert_pem(pem, what="reviewer.certificate")
        pub = cert.public_key()
    except Exception:  # noqa: BLE001 - a damaged certificate raises many kinds (InvalidVersion, …)
        raise VerificationError("signature", "the reviewer's certificate is damaged") from None
    if rev.get("fingerprint") != fingerprint(cert):
        raise VerificationError("signature", "the reviewer's fingerprint does not match the certificate")
    try:
        verify_low_s(pub, decode_b64_signature(sig["value"]), signed_payload(sheet))  # type: ignore[arg-type]
    except SignatureError as e:
        raise VerificationError("signature", e.message) from None
    return cert


_SUBJECT_FIELDS = (("name", "name", "subject CN"), ("org", "org", "subject O"), ("role", "role", "subject title"))


def check_reviewer_matches(reviewer: Any, cert: x509.Certificate, where: str = "reviewer") -> Signer:
    """The certificate's Signer, or VerificationError("identity") naming the first differing field.

    Who signed is what the certificate says; a sheet may repeat it but never differ.
    """
    who = signer_from_cert(cert)
    rev = reviewer if isinstance(reviewer, dict) else {}
    for field, attr, label in _SUBJECT_FIELDS:
        truth = getattr(who, attr)
        if rev.get(field) != truth:
            raise VerificationError("identity", f"{where}.{field} {rev.get(field)!r} is not what the certificate "
                                    f"says ({label} {truth!r})",
                                    hint="the signer's name, organisation and role come from the certificate; "
                                    "sign again with this version, or have the bureau CA issue the certificate "
                                    "with the right subject")
    return who


RubricLookup = Callable[[str], Any]  # rubric hash -> Rubric | None


def verify_sheet_bytes(data: bytes, trust: Sequence[x509.Certificate] | None, *,
                       check_trust_roots: bool = True, rubric_lookup: RubricLookup | None = None) -> VerifiedSheet:
    """Verify a signed sheet's bytes; raise VerificationError with the first failing reason.

    check_trust_roots=False checks integrity only (summary says trust was not checked).
    rubric_lookup finds the rubric by hash (default: the bundled rubrics; the hub also
    knows the rubrics published on it).
    """
    sheet = parse_signed_sheet(data)
    _check_format(sheet)
    cert = _check_signature(sheet)
    check_reviewer_matches(sheet["reviewer"], cert)
    e = _schema_check().first_error(sheet)
    if e is not None:
        where = "/".join(str(p) for p in e.absolute_path) or "(top)"
        raise VerificationError("malformed", f"{where}: {e.message}")
    signed_at = parse_signed_at(sheet["signed_at"])
    trusted_by = check_trust(cert, trust or [], signed_at) if check_trust_roots else None
    rubric = (rubric_lookup or rubric_by_hash)(sheet["rubric"]["hash"])
    if rubric is None:
        raise VerificationError("unknown_rubric", f"rubric hash {sheet['rubric']['hash']} "
                                f"({sheet['rubric']['id']}) is not a rubric this workbench has",
                                hint="install the rubric the sheet was scored under")
    if rubric.id != sheet["rubric"]["id"]:
        raise VerificationError("unknown_rubric", f"rubric id {sheet['rubric']['id']!r} does not match its hash")
    if set(sheet["items"]) != {i.id for i in rubric.iter_items()}:
        raise VerificationError("totals", "the sheet's items are not exactly the rubric's items")
    try:
        expected = compute_result(rubric, sheet)
    except ScoreError as e:
        raise VerificationError("totals", f"an item score is invalid under the rubric: {e.message}") from None
    if expected.to_json() != sheet["result"]:
        got = sheet["result"]
        detail = (f"total {got.get('total')} vs {expected.to_json()['total']} recomputed"
                  if got.get("total") != expected.to_json()["total"] else "totals, outcome or flags differ")
        raise VerificationError("totals", f"the sheet's result does not follow from its item scores: {detail}")
    if sheet["provisional"] != bool(expected.missing):
        raise VerificationError("totals", "the provisional mark does not match the scored items")
    return VerifiedSheet(sheet, sheet_hash(sheet), cert, trusted_by)


def verify_file(path: str | Path, trust: Sequence[x509.Certificate] | None, *,
                check_trust_roots: bool = True) -> VerifiedSheet:
    """A .json sheet or a signed .pdf form (by content, not by name)."""
    data = read_regular(path, what="score sheet or signed form", max_bytes=MAX_SIGNED_FILE, error=SignatureError)
    if data.startswith(b"%PDF-"):
        from workbench.printing.pdfsign import verify_pdf_bytes
        return verify_pdf_bytes(data, trust, check_trust_roots=check_trust_roots)
    return verify_sheet_bytes(data, trust, check_trust_roots=check_trust_roots)
