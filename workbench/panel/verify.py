"""Verify a panel result (`workbench-panel/1`): every signature, who signed, the merge itself.

Checks, in order (reasons as for sheets, plus two of the panel's own):

1. ``altered``         not the canonical JSON that was signed;
2. ``malformed``       does not follow resources/schemas/panel-result.schema.json;
3. ``signature``       a signature does not verify over the payload (low-S, strict DER), a
                       certificate does not match its fingerprint, two signatures by one signer;
4. ``member`` (20)     a signer who is not the chair / a member, or whose certificate's role
                       is not the one the document gives them (the chair's key posing as a
                       member); a chair or member entry that does not match its certificate;
5. ``untrusted``       a signer's certificate is not vouched for by the trust roots;
   ``revoked`` (10)    with `revoked` (the workspace's revocations): a signature made at or
                       after its certificate's revocation (one made before is kept, listed in
                       `VerifiedPanel.revoked_signers` for a warning). With `witnesses` too (what
                       the workspace saw, workbench.panel.witness), one made before counts only
                       when witnessed before the revocation; otherwise it is not counted (listed
                       as missing, and in `unwitnessed_signers` with why);
6. ``unknown_rubric``  the rubric hash names no rubric this workbench has;
7. ``totals``          merged values, spreads, flags, overrides, final values, agreement or the
                       result do not follow from the members' scores, the method and the overrides;
8. ``sheets`` (21)     with `sheets`: a member's sheet is missing, does not verify, or does not
                       hold the scores, school, package or incident the panel result names.

The result is **final** when the chair and at least `quorum` members have valid signatures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from cryptography import x509

from workbench.errors import SignatureError, WorkbenchError
from workbench.panel.document import (
    ALG,
    DERIVED_KEYS,
    FORMAT,
    ROLE_CHAIR,
    ROLE_MEMBER,
    panel_hash,
    short,
    signed_payload,
    who,
)
from workbench.panel.revoked import (
    REVOKED_EXIT,
    UNWITNESSED,
    RevokedError,
    RevokedMark,
    Witness,
    check_signature_time,
    check_witnessed,
    warning,
)
from workbench.rubric.canonical import canonical_bytes
from workbench.rubric.loader import rubric_by_hash
from workbench.signing.ecdsa import Signer, decode_b64_signature, signer_from_cert, verify_low_s
from workbench.signing.identity import fingerprint, load_cert_pem
from workbench.signing.verify import (
    EXIT_CODES,
    RubricLookup,
    VerificationError,
    check_trust,
    parse_signed_at,
)

_UNWITNESSED_HINT = "a new revision, signed with the signer's new certificate, replaces it"
PANEL_EXIT_CODES = {**EXIT_CODES, "revoked": REVOKED_EXIT, "member": 20, "sheets": 21}


class PanelVerificationError(VerificationError):
    """A panel result that does not verify; `reason` is one of PANEL_EXIT_CODES."""

    def __init__(self, reason: str, message: str, *, hint: str | None = None) -> None:
        self.reason = reason
        self.exit_code = PANEL_EXIT_CODES[reason]
        SignatureError.__init__(self, f"{reason}: {message}", hint=hint)


@dataclass(frozen=True)
class VerifiedPanel:
    doc: dict
    panel_hash: str
    signers: list[tuple[Signer, str, str]]  # (who, fingerprint, signed_at), chair first
    final: bool
    missing_signers: list[tuple[Signer, str]]  # chair and members who have not signed yet
    trusted: bool = True  # False when trust was not checked
    sheets_checked: bool = False
    trusted_by: dict[str, str] = field(default_factory=dict)  # signer fingerprint -> root fingerprint
    revoked_signers: dict[str, str] = field(default_factory=dict)  # signed before its revocation: fp -> revoked_at
    revoked_warnings: dict[str, str] = field(default_factory=dict)  # fp -> the warning (witnessed by whom, or not)
    # signed before the revocation by the signer's claim only, in a workspace that could have seen it: not
    # counted (fp -> why); such a signer is in `missing_signers` like anyone who has not signed
    unwitnessed_signers: dict[str, str] = field(default_factory=dict)

    @property
    def chair_signed(self) -> bool:
        return any(fp == self.doc["chair"]["fingerprint"] for _, fp, _ in self.signers)

    @property
    def cosigners(self) -> int:
        return sum(1 for s, fp, _ in self.signers if fp != self.doc["chair"]["fingerprint"])

    def summary(self) -> str:
        d, r = self.doc, self.doc["result"]
        lines = [f"valid     panel result {d['panel_id']} revision {d['revision']}"
                 + (f" (supersedes {d['supersedes']})" if d.get("supersedes") else ""),
                 f"school    {d['school'].get('code')} {d['school'].get('name')}",
                 f"rubric    {d['rubric']['id']} {d['rubric']['hash']}",
                 f"package   {d['package']['manifest_hash']}",
                 f"method    {d['method']}, spread flag over {d['spread_threshold']} of an item's points, "
                 f"alpha {d['agreement']['alpha'] or 'n/a'}",
                 f"total     {r['total']}  outcome {r['outcome']}"
                 + (f"  flags {', '.join(r['flags'])}" if r.get("flags") else "")]
        overrides = [iid for iid, it in d["items"].items() if it.get("override")]
        if overrides:
            lines.append(f"overrides {', '.join(overrides)}")
        for m in d["members"]:
            lines.append(f"member    {m['name']} ({m['org']}) {short(m['fingerprint'])} sheet {m['sheet_hash']}"
                         + ("  sheet verified" if self.sheets_checked else ""))
        for s, fp, at in self.signers:
            lines.append(f"signed    {s.name} ({s.org}, {s.role}) {short(fp)} at {at}"
                         + (f"  WARNING: {self.revoked_warnings.get(fp) or self.revoked_signers[fp]}"
                            if fp in self.revoked_signers else ""))
        for s, fp in self.missing_signers:
            lines.append(f"unsigned  {s.name} ({s.role}) {short(fp)}"
                         + (f"  NOT COUNTED ({UNWITNESSED}): {self.unwitnessed_signers[fp]}"
                            if fp in self.unwitnessed_signers else ""))
        state = "FINAL" if self.final else (f"NOT FINAL: needs the chair and {d['quorum']} member signature(s), "
                                            f"has {'the chair and ' if self.chair_signed else 'no chair, '}"
                                            f"{self.cosigners}")
        lines.append(f"status    {state}")
        lines.append(f"hash      {self.panel_hash}")
        lines.append("trust     " + ("every signer's certificate trusted" if self.trusted
                                     else "NOT CHECKED (no trust root given)"))
        return "\n".join(lines)


@lru_cache(maxsize=1)
def _schema_validator() -> Any:
    from workbench.schemacheck import SchemaCheck

    # compiled check first; jsonschema only explains a failure
    return SchemaCheck("panel-result.schema.json")


def is_panel_bytes(data: bytes) -> bool:
    """Whether a file's bytes are a panel result (by content: its format field)."""
    head = data.lstrip()[:1]
    return head == b"{" and b'"format":"workbench-panel/1"' in data


class _Altered(PanelVerificationError):
    """What workbench.inputs.loads_json raises for bytes that are not strict JSON any more."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__("altered", message, hint=hint)


def parse_panel(data: bytes) -> dict:
    from workbench.inputs import loads_json

    doc = loads_json(data, what="the panel result (not strict UTF-8 JSON any more)", error=_Altered)
    if not isinstance(doc, dict):
        raise PanelVerificationError("altered", "the panel result is not a JSON object")
    try:
        canon = canonical_bytes(doc)
    except ValueError:
        raise PanelVerificationError("altered", "the panel result holds values JSON cannot sign") from None
    if data not in (canon, canon + b"\n"):
        raise PanelVerificationError("altered", "the file is not the canonical JSON that was signed "
                                     "(bytes were changed, re-formatted or re-encoded)",
                                     hint="use the file exactly as the workbench wrote it")
    return doc


def check_schema(doc: Mapping[str, Any]) -> None:
    e = _schema_validator().first_error(doc)
    if e is not None:
        where = "/".join(str(p) for p in e.absolute_path) or "(top)"
        raise PanelVerificationError("malformed", f"{where}: {e.message}")


def check_signature_entry(sig: Mapping[str, Any], payload: bytes) -> x509.Certificate:
    """One entry of `signatures`: its certificate, fingerprint and low-S ES256 value over payload."""
    name = short(str(sig.get("fingerprint", "")))
    if sig.get("alg") != ALG:
        raise PanelVerificationError("signature", f"signature by {name}: unknown algorithm {sig.get('alg')!r}")
    try:
        cert = load_cert_pem(sig["certificate"], what=f"certificate of signer {name}")
    except (SignatureError, KeyError, TypeError):
        raise PanelVerificationError("signature", f"signature by {name}: the certificate is damaged") from None
    if fingerprint(cert) != sig.get("fingerprint"):
        raise PanelVerificationError("signature", f"signature by {name}: the fingerprint does not match "
                                     "its certificate")
    try:
        verify_low_s(cert.public_key(), decode_b64_signature(sig.get("value")), payload)
    except SignatureError as e:
        raise PanelVerificationError("signature", f"signature by {signer_from_cert(cert).name} ({name}): "
                                     f"{e.message}") from None
    return cert


def _check_parties(doc: Mapping[str, Any]) -> dict[str, tuple[dict, x509.Certificate]]:
    """Chair and member entries match their certificates (name, org, role from the certificate)."""
    parties: dict[str, tuple[dict, x509.Certificate]] = {}
    entries = [(doc["chair"], ROLE_CHAIR)] + [(m, ROLE_MEMBER) for m in doc["members"]]
    for entry, role in entries:
        try:
            cert = load_cert_pem(entry["certificate"], what=f"certificate of {who(entry)}")
        except SignatureError:
            raise PanelVerificationError("member", f"{who(entry)}: the certificate is damaged") from None
        s = signer_from_cert(cert)
        if fingerprint(cert) != entry["fingerprint"]:
            raise PanelVerificationError("member", f"{who(entry)}: the fingerprint does not match the certificate")
        if s.role != role:
            raise PanelVerificationError("member", f"{who(entry)}: the certificate's role is {s.role or 'none'!r}, "
                                         f"but the panel result names them as {role}")
        if (s.name, s.org, s.role) != (entry["name"], entry["org"], entry["role"]):
            raise PanelVerificationError("member", f"{who(entry)}: name, organisation or role differ from what "
                                         "the certificate says")
        if entry["fingerprint"] in parties:
            raise PanelVerificationError("member", f"{who(entry)}: named twice in the panel (chair and member, "
                                         "or two member entries)")
        parties[entry["fingerprint"]] = (entry, cert)
    fps = [m["fingerprint"] for m in doc["members"]]
    if fps != sorted(fps):
        raise PanelVerificationError("malformed", "members are not sorted by fingerprint")
    if doc["quorum"] > len(fps):
        raise PanelVerificationError("malformed", f"quorum {doc['quorum']} exceeds the {len(fps)} members")
    return parties


def _check_derived(doc: dict, rubric_lookup: RubricLookup | None = None) -> None:
    from workbench.errors import ScoreError
    from workbench.panel.document import derive_from_doc
    from workbench.panel.errors import PanelError

    rubric = (rubric_lookup or rubric_by_hash)(doc["rubric"]["hash"])
    if rubric is None or rubric.id != doc["rubric"]["id"]:
        raise PanelVerificationError("unknown_rubric", f"rubric hash {doc['rubric']['hash']} "
                                     f"({doc['rubric']['id']}) is not a rubric this workbench has",
                                     hint="install the rubric the panel scored under")
    ids = [i.id for i in rubric.iter_items()]
    if set(doc["items"]) != set(ids):
        raise PanelVerificationError("totals", "the panel result's items are not exactly the rubric's items")
    fps = {m["fingerprint"] for m in doc["members"]}
    for iid, it in doc["items"].items():
        if set(it["scores"]) != fps:
            raise PanelVerificationError("totals", f"{iid}: the scores are not exactly one per member")
    if {d["fingerprint"] for d in doc["security_incident"]["descriptions"]} - fps:
        raise PanelVerificationError("totals", "a security-incident description names someone not in the panel")
    try:
        expected = derive_from_doc(rubric, doc)
    except PanelError as e:
        raise PanelVerificationError("totals", e.message) from None
    except ScoreError as e:
        raise PanelVerificationError("totals", f"a score is invalid under the rubric: {e.message}") from None
    for iid in ids:
        got, want = doc["items"][iid], expected["items"][iid]
        for k in ("computed", "spread", "flagged", "final", "override"):
            if got.get(k) != want[k]:
                raise PanelVerificationError("totals", f"{iid}: {k} {got.get(k)!r} does not follow from the members' "
                                             f"scores, the method and the overrides ({want[k]!r} recomputed)")
    for k in DERIVED_KEYS:
        if doc[k] != expected[k]:
            raise PanelVerificationError("totals", f"{k} does not follow from the members' scores, the method "
                                         "and the overrides")


def _check_sheets(doc: Mapping[str, Any], sheets: Mapping[str, bytes], trust: Sequence[x509.Certificate],
                  check_trust_roots: bool, rubric_lookup: RubricLookup | None = None) -> None:
    from workbench.signing.verify import verify_sheet_bytes

    by_hash: dict[str, Any] = {}
    by_reviewer: dict[str, list[str]] = {}
    for name, data in sheets.items():
        try:
            v = verify_sheet_bytes(data, trust, check_trust_roots=check_trust_roots, rubric_lookup=rubric_lookup)
        except VerificationError as e:
            raise PanelVerificationError("sheets", f"{name}: {e.message}") from None
        by_hash[v.sheet_hash] = (name, v)
        by_reviewer.setdefault(fingerprint(v.cert), []).append(v.sheet_hash)
    for m in doc["members"]:
        hit = by_hash.get(m["sheet_hash"])
        if hit is None:
            others = by_reviewer.get(m["fingerprint"])
            extra = (f"; the sheet given by this reviewer has hash {others[0]}" if others else "")
            raise PanelVerificationError("sheets", f"member {who(m)}: sheet {m['sheet_hash']} is not among the "
                                         f"sheets given{extra}", hint="give the very sheets the panel merged")
        name, v = hit
        s = v.sheet
        if fingerprint(v.cert) != m["fingerprint"]:
            raise PanelVerificationError("sheets", f"{name}: signed by {short(fingerprint(v.cert))}, "
                                         f"not by member {who(m)}")
        if (s["sheet_id"], int(s["revision"])) != (m["sheet_id"], m["revision"]):
            raise PanelVerificationError("sheets", f"{name}: sheet id or revision differ from member {who(m)}'s entry")
        if (s["school"] != doc["school"] or s["package"]["manifest_hash"] != doc["package"]["manifest_hash"]
                or s["rubric"]["hash"] != doc["rubric"]["hash"]
                or (s.get("self_assessment") or {}) != doc["self_assessment"]):
            raise PanelVerificationError("sheets", f"{name}: another school, package version or rubric than the "
                                         "panel result's")
        if s.get("provisional"):
            raise PanelVerificationError("sheets", f"{name}: is provisional")
        for iid, it in doc["items"].items():
            if s["items"][iid]["score"] != it["scores"][m["fingerprint"]]:
                raise PanelVerificationError("sheets", f"{iid}: member {who(m)} scored {s['items'][iid]['score']!r} "
                                             f"in {name}, the panel result says {it['scores'][m['fingerprint']]!r}")
        inc = s["security_incident"]
        named = [d["description"] for d in doc["security_incident"]["descriptions"]
                 if d["fingerprint"] == m["fingerprint"]]
        if (named[0] if named else None) != (inc["description"] if inc["incident"] else None):
            raise PanelVerificationError("sheets", f"{name}: the security incident of member {who(m)} differs from "
                                         "the panel result's")


def verify_panel_doc(doc: dict, trust: Sequence[x509.Certificate] | None, *,
                     sheets: Mapping[str, bytes] | Sequence[bytes] | None = None,
                     check_trust_roots: bool = True, require_signed: bool = True,
                     rubric_lookup: RubricLookup | None = None,
                     revoked: Mapping[str, RevokedMark] | None = None,
                     witnesses: Mapping[tuple[str, str], Sequence[Witness]] | None = None) -> VerifiedPanel:
    """verify_panel_bytes for an already parsed (canonical) document.

    require_signed=False lets a tool check a document it is still building (the chair has
    not signed yet): everything else is checked the same way, and it is not final.
    """
    check_schema(doc)
    if doc["format"] != FORMAT:
        raise PanelVerificationError("malformed", f"unknown panel format {doc['format']!r}")
    payload = signed_payload(doc)
    parties = _check_parties(doc)
    chair_fp = doc["chair"]["fingerprint"]
    signers: list[tuple[Signer, str, str]] = []
    seen: set[str] = set()
    trusted_by: dict[str, str] = {}
    revoked_signers: dict[str, str] = {}
    revoked_warnings: dict[str, str] = {}
    unwitnessed: dict[str, str] = {}
    for sig in doc["signatures"]:
        cert = check_signature_entry(sig, payload)
        fp = sig["fingerprint"]
        s = signer_from_cert(cert)
        if fp in seen:
            raise PanelVerificationError("signature", f"{s.name} ({short(fp)}) signed twice")
        seen.add(fp)
        if fp not in parties:
            raise PanelVerificationError("member", f"{s.name} ({short(fp)}) signed but is not a member of this panel")
        want = ROLE_CHAIR if fp == chair_fp else ROLE_MEMBER
        if s.role != want or sig.get("role") != want:
            raise PanelVerificationError("member", f"signature by {s.name} ({short(fp)}): role "
                                         f"{sig.get('role')!r}, certificate role {s.role!r}, expected {want}")
        at = sig["signed_at"]
        if check_trust_roots:
            try:
                trusted_by[fp] = check_trust(cert, trust or [], parse_signed_at(at))
            except VerificationError as e:
                raise PanelVerificationError(e.reason, f"signature by {s.name} ({short(fp)}): "
                                             f"{e.message.removeprefix(e.reason + ': ')}", hint=e.hint) from None
        try:
            mark = check_signature_time(revoked or {}, fp, s.name, at)
        except RevokedError as e:
            raise PanelVerificationError("revoked", f"signature by {e.message.removeprefix('revoked: ')}",
                                         hint=e.hint) from None
        seen_by = None
        if mark is not None and witnesses is not None:  # a workspace that could have seen it: did it?
            try:
                seen_by = check_witnessed(revoked or {}, fp, s.name, at, witnesses.get((fp, sig["value"]), ()),
                                          what="the signature", hint=_UNWITNESSED_HINT)
            except RevokedError as e:
                if e.reason != UNWITNESSED:
                    raise
                unwitnessed[fp] = f"{e.message.removeprefix(UNWITNESSED + ': ')} ({_UNWITNESSED_HINT})"
                continue  # not counted: the result is short of this signature
        if mark is not None:
            revoked_signers[fp] = mark.revoked_at
            revoked_warnings[fp] = warning(mark, seen_by[1] if seen_by else None)
        signers.append((s, fp, at))
    if require_signed and chair_fp not in seen:
        raise PanelVerificationError("signature", f"the panel result carries no signature of the chair, "
                                     f"{who(doc['chair'])}: nothing in it is vouched for",
                                     hint="the chair signs it with `workbench panel merge` first")
    _check_derived(doc, rubric_lookup)
    if sheets is not None:
        named = sheets if isinstance(sheets, Mapping) else {f"sheet #{i + 1}": b for i, b in enumerate(sheets)}
        _check_sheets(doc, named, trust or [], check_trust_roots, rubric_lookup)
    signers.sort(key=lambda t: t[1] != chair_fp)  # chair first, members in signing order
    signed = {fp for _, fp, _ in signers}
    missing = [(signer_from_cert(parties[fp][1]), fp) for fp in [chair_fp] + [m["fingerprint"] for m in doc["members"]]
               if fp not in signed]
    final = chair_fp in signed and len(signed - {chair_fp}) >= doc["quorum"]
    return VerifiedPanel(doc, panel_hash(doc), signers, final, missing, trusted=check_trust_roots,
                         sheets_checked=sheets is not None, trusted_by=trusted_by, revoked_signers=revoked_signers,
                         revoked_warnings=revoked_warnings, unwitnessed_signers=unwitnessed)


def verify_panel_bytes(data: bytes, trust: Sequence[x509.Certificate] | None, *,
                       sheets: Mapping[str, bytes] | Sequence[bytes] | None = None,
                       check_trust_roots: bool = True, require_signed: bool = True,
                       rubric_lookup: RubricLookup | None = None,
                       revoked: Mapping[str, RevokedMark] | None = None,
                       witnesses: Mapping[tuple[str, str], Sequence[Witness]] | None = None) -> VerifiedPanel:
    """Verify a panel file's bytes; raise PanelVerificationError with the first failing reason.

    `sheets` (file name -> bytes, or a list of bytes): the member sheets to check the
    panel result against (each verified with the same trust roots). `rubric_lookup`
    (rubric hash -> Rubric | None) defaults to the bundled rubrics. `revoked` and `witnesses`:
    workbench.panel.witness.WorkspaceRevocations.panel_args().
    """
    return verify_panel_doc(parse_panel(data), trust, sheets=sheets, check_trust_roots=check_trust_roots,
                            require_signed=require_signed, rubric_lookup=rubric_lookup, revoked=revoked,
                            witnesses=witnesses)


def require_final(v: VerifiedPanel) -> VerifiedPanel:
    """For callers that accept only final results (printing the signed form, the hub)."""
    if not v.final:
        names = ", ".join(s.name for s, _ in v.missing_signers) or "?"
        raise WorkbenchError(f"the panel result is not final yet: missing signatures of {names}",
                             hint="the chair and the quorum of members sign first")
    return v
