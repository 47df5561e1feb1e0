"""The panel result (`workbench-panel/1`): the merged, signed record of one panel's scoring.

Built by the chair from the members' verified sheets; everything in it except
`signatures` is the **signed payload** (canonical JSON), signed by the chair and then
co-signed by each member over exactly the same bytes. The **panel hash** is
"sha256:" + SHA-256 of the payload, so co-signing never changes it; any change to the
payload is a new revision (same panel_id, `supersedes` = the previous panel hash) whose
signatures start over. docs/panel-result.md describes every field.

`derive()` is the single source of truth for every computed field (merged values, spread,
flags, final values, agreement, incident, result): build uses it and verify recomputes it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from workbench.atomic import atomic_write
from workbench.decimals import fmt, parse_decimal
from workbench.errors import ScoreError
from workbench.panel.errors import PanelError
from workbench.rubric.canonical import canonical_bytes, sha256_hex
from workbench.rubric.model import Rubric
from workbench.scoring.engine import score
from workbench.scoring.merge import (
    DEFAULT_METHOD,
    DEFAULT_SPREAD_THRESHOLD,
    MergeError,
    alpha_matrix,
    alpha_text,
    check_method,
    krippendorff_alpha,
    member_agreement,
    merge_items,
)
from workbench.scoring.scorefile import FACT_KEYS
from workbench.signing.ecdsa import Signer, sign_b64, signer_from_cert
from workbench.signing.identity import cert_pem, fingerprint, load_cert_pem

if TYPE_CHECKING:
    from workbench.signing.identity import Identity
    from workbench.signing.verify import VerifiedSheet

FORMAT = "workbench-panel/1"
ALG = "ES256"
ROLE_CHAIR, ROLE_MEMBER = "chair", "member"
DERIVED_KEYS = ("items", "security_incident", "agreement", "result")


@dataclass(frozen=True)
class Override:
    """The chair's final value for one item, with the reason the panel agreed on."""

    value: Decimal
    reason: str

    def to_json(self) -> dict:
        return {"value": fmt(self.value), "reason": self.reason}


def utc_text(t: dt.datetime | None = None) -> str:
    t = (t or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    return t.isoformat().replace("+00:00", "Z")


def short(fp: str) -> str:
    return fp[:16] + "…"


def who(m: Mapping[str, Any]) -> str:
    """"王芳 (ab12cd34ef56…)": how messages name a member or the chair."""
    return f"{m.get('name') or '?'} ({short(str(m.get('fingerprint', '')))})"


# -- the payload, the hash, the file --------------------------------------------------------

def signed_payload(doc: Mapping[str, Any]) -> bytes:
    """The exact bytes every signature covers: the canonical document minus "signatures"."""
    return canonical_bytes({k: v for k, v in doc.items() if k != "signatures"})


def panel_hash(doc: Mapping[str, Any]) -> str:
    """"sha256:<hex>" of the signed payload: names a revision; co-signing does not change it."""
    return "sha256:" + sha256_hex(signed_payload(doc))


def panel_file_bytes(doc: Mapping[str, Any]) -> bytes:
    """What a panel file holds: canonical JSON of the whole document and a newline."""
    return canonical_bytes(dict(doc)) + b"\n"


def write_panel(doc: Mapping[str, Any], path: str | Path) -> Path:
    return atomic_write(path, panel_file_bytes(doc), what="panel result")


# -- overrides ------------------------------------------------------------------------------

def check_override(rubric: Rubric, item_id: str, value: object, reason: object) -> Override:
    """The chair's value for an item: on the rubric's step within its points, with a reason."""
    if not isinstance(item_id, str) or not rubric.has_item(item_id):
        raise PanelError(f"override {item_id}: no such item in rubric {rubric.id}")
    if not isinstance(reason, str) or not reason.strip():
        raise PanelError(f"override {item_id}: a reason is required",
                         hint="say why the panel settled on this value (--reason \"…\")")
    points = rubric.item(item_id).points
    try:
        d = parse_decimal(value, what=f"override {item_id}")
    except ValueError as e:
        raise PanelError(str(e)) from None
    if d > points:
        raise PanelError(f"override {item_id}: {fmt(d)} is over the item's {fmt(points)} points")
    step = rubric.rules.score_step
    if d % step != 0:
        raise PanelError(f"override {item_id}: {fmt(d)} is not a multiple of {fmt(step)}",
                         hint="the chair's final value follows the same steps as a reviewer's score")
    return Override(d.normalize() if d else Decimal(0), reason.strip())


def _override_from_json(rubric: Rubric, item_id: str, o: Any) -> Override | None:
    if o is None:
        return None
    if not isinstance(o, Mapping):
        raise PanelError(f"override {item_id}: expected an object with value and reason")
    return check_override(rubric, item_id, o.get("value"), o.get("reason"))


# -- derived fields -------------------------------------------------------------------------

def _dec(v: Any) -> Decimal | None:
    return None if v is None else Decimal(v) if isinstance(v, str) else v


def _s(d: Decimal | None) -> str | None:
    return None if d is None else fmt(d)


def derive(rubric: Rubric, *, scores: Mapping[str, Mapping[str, Decimal | None]],
           incidents: Mapping[str, str | None], overrides: Mapping[str, Override | None],
           method: str, spread_threshold: Decimal, school: Mapping[str, Any],
           self_assessment: Mapping[str, Any]) -> dict[str, Any]:
    """Every computed field of the document from the members' scores and the chair's choices.

    `scores`: member fingerprint -> item -> score; `incidents`: fingerprint -> description
    when that member recorded a security incident, else None.
    """
    merged = merge_items(rubric, scores, method, spread_threshold=spread_threshold)
    agreement = member_agreement(merged)
    items: dict[str, Any] = {}
    finals: dict[str, Decimal] = {}
    for iid, m in merged.items():
        o = overrides.get(iid)
        final = o.value if o is not None else m.computed
        if final is not None:
            finals[iid] = final
        items[iid] = {"scores": {k: _s(v) for k, v in m.scores.items()}, "computed": _s(m.computed),
                      "final": _s(final), "override": None if o is None else o.to_json(),
                      "spread": _s(m.spread), "flagged": m.flagged}
    descriptions = [{"fingerprint": fp, "description": d} for fp, d in sorted(incidents.items()) if d is not None]
    facts = {k: v for k, v in school.items() if k in FACT_KEYS}
    result = score(rubric, finals, security_incident=bool(descriptions), self_assessment=self_assessment or None,
                   facts=facts, merged=True)
    return {
        "items": items,
        "security_incident": {"incident": bool(descriptions), "descriptions": descriptions},
        "agreement": {"alpha": alpha_text(krippendorff_alpha(alpha_matrix(merged))),
                      "members": {fp: {"mean_deviation": _s(a.mean_deviation), "flagged_items": a.flagged_items}
                                  for fp, a in agreement.items()}},
        "result": result.to_json(),
    }


def derive_from_doc(rubric: Rubric, doc: Mapping[str, Any], **changes: Any) -> dict[str, Any]:
    """derive() over a document's own member scores and choices (`changes` replace some)."""
    scores = {m["fingerprint"]: {iid: _dec(it["scores"].get(m["fingerprint"])) for iid, it in doc["items"].items()}
              for m in doc["members"]}
    by_fp = {d["fingerprint"]: d["description"] for d in doc["security_incident"]["descriptions"]}
    incidents = {m["fingerprint"]: by_fp.get(m["fingerprint"]) for m in doc["members"]}
    overrides = changes.get("overrides")
    if overrides is None:
        overrides = {iid: _override_from_json(rubric, iid, it.get("override")) for iid, it in doc["items"].items()}
    return derive(rubric, scores=scores, incidents=incidents, overrides=overrides,
                  method=changes.get("method") or doc["method"],
                  spread_threshold=_dec(changes.get("spread_threshold") or doc["spread_threshold"]),
                  school=doc["school"], self_assessment=doc["self_assessment"])


def member_results(rubric: Rubric, doc: Mapping[str, Any]) -> dict[str, Any]:
    """Each member's own Result (A/B subtotals, total, outcome) from the scores the document keeps.

    For the printed 结论表 and the panel view: fingerprint -> workbench.scoring.Result.
    """
    by_fp = {d["fingerprint"]: d["description"] for d in doc["security_incident"]["descriptions"]}
    facts = {k: v for k, v in doc["school"].items() if k in FACT_KEYS}
    out = {}
    for m in doc["members"]:
        fp = m["fingerprint"]
        scores = {iid: it["scores"][fp] for iid, it in doc["items"].items() if it["scores"].get(fp) is not None}
        out[fp] = score(rubric, scores, security_incident=fp in by_fp,
                        self_assessment=doc["self_assessment"] or None, facts=facts)
    return out


# -- building -------------------------------------------------------------------------------

def party(cert: x509.Certificate) -> dict[str, Any]:
    """A chair or member entry: who, as the certificate says (never a JSON field)."""
    s = signer_from_cert(cert)
    return {"fingerprint": fingerprint(cert), "certificate": cert_pem(cert), "name": s.name, "org": s.org,
            "role": s.role}


def _sheet_scores(rubric: Rubric, sheet: Mapping[str, Any], name: str) -> dict[str, Decimal | None]:
    out: dict[str, Decimal | None] = {}
    for item in rubric.iter_items():
        rec = sheet["items"].get(item.id)
        if rec is None:
            raise PanelError(f"sheet of {name}: item {item.id} is missing")
        out[item.id] = None if rec.get("score") is None else Decimal(rec["score"])
    return out


def _check_overrides(rubric: Rubric, overrides: Mapping[str, Any] | None) -> dict[str, Override]:
    out = {}
    for iid, o in (overrides or {}).items():
        if isinstance(o, Override):
            o = o.to_json()
        if not isinstance(o, Mapping):
            raise PanelError(f"override {iid}: expected a value and a reason")
        out[iid] = check_override(rubric, iid, o.get("value"), o.get("reason"))
    return out


def _check_quorum(quorum: int | None, n: int) -> int:
    q = n if quorum is None else quorum
    if isinstance(q, bool) or not isinstance(q, int) or not 1 <= q <= n:
        raise PanelError(f"quorum {quorum}: must be between 1 and the {n} member(s) of the panel")
    return q


def build_panel_result(rubric: Rubric, sheets: Sequence[VerifiedSheet], *, chair: x509.Certificate,
                       method: str = DEFAULT_METHOD, spread_threshold: Decimal = DEFAULT_SPREAD_THRESHOLD,
                       quorum: int | None = None, overrides: Mapping[str, Any] | None = None,
                       opinion: str = "", previous: Mapping[str, Any] | None = None,
                       panel_id: str | None = None, created_at: dt.datetime | None = None) -> dict[str, Any]:
    """An unsigned panel result from the members' verified sheets (one current sheet each).

    `sheets` are VerifiedSheet objects (workbench.signing.verify): the caller verified them
    against its trust roots. Refuses, naming the sheet/reviewer/item: sheets of other
    schools, package versions or rubrics; provisional sheets; a certificate whose role is
    not member (e.g. the chair's key posing as a member); two sheets of one reviewer;
    overrides without a reason, off the grid or out of range. `previous` makes this a new
    revision of that document (same panel_id, supersedes its panel hash).
    """
    if not sheets:
        raise PanelError("no member sheets to merge", hint="add the members' signed sheets first")
    chair_party = party(chair)
    if chair_party["role"] != ROLE_CHAIR:
        raise PanelError(f"{who(chair_party)}: the certificate's role is {chair_party['role'] or 'none'!r}, "
                         "not chair", hint="the panel result is built and signed by the chair's identity")
    first = sheets[0].sheet
    members: list[dict[str, Any]] = []
    scores: dict[str, dict[str, Decimal | None]] = {}
    incidents: dict[str, str | None] = {}
    for v in sheets:
        s = v.sheet
        m = party(v.cert)
        name = f"sheet {v.sheet_hash[:19]}… of {who(m)}"
        if m["fingerprint"] == chair_party["fingerprint"]:
            raise PanelError(f"{name}: signed with the chair's own certificate",
                             hint="the chair does not also merge a member's sheet of their own")
        if m["role"] != ROLE_MEMBER:
            raise PanelError(f"{name}: the certificate's role is {m['role'] or 'none'!r}, not member",
                             hint="a member sheet must be signed with a member's certificate")
        if m["fingerprint"] in scores:
            raise PanelError(f"{name}: a second sheet from the same reviewer",
                             hint="give one current sheet per reviewer (the newest of its revision chain)")
        if s["school"]["code"] != first["school"]["code"]:
            raise PanelError(f"{name}: school {s['school']['code']}, not {first['school']['code']}")
        if s["package"]["manifest_hash"] != first["package"]["manifest_hash"]:
            raise PanelError(f"{name}: scores another package version of {s['school']['code']}",
                             hint="every member must score the same package version")
        if s["rubric"]["hash"] != rubric.hash:
            raise PanelError(f"{name}: scored under another rubric version ({s['rubric']['id']})")
        if s.get("provisional"):
            raise PanelError(f"{name}: is provisional (not every item scored)",
                             hint="the member signs a complete sheet first")
        if s["school"] != first["school"] or s.get("self_assessment") != first.get("self_assessment"):
            raise PanelError(f"{name}: its school record differs from the other sheets of the same package")
        scores[m["fingerprint"]] = _sheet_scores(rubric, s, name)
        inc = s["security_incident"]
        incidents[m["fingerprint"]] = inc.get("description", "") if inc.get("incident") else None
        members.append(dict(m, sheet_hash=v.sheet_hash, sheet_id=s["sheet_id"], revision=int(s["revision"])))
    members.sort(key=lambda m: m["fingerprint"])
    check_method(method, len(members))
    ovr = _check_overrides(rubric, overrides)
    q = _check_quorum(quorum, len(members))
    try:
        derived = derive(rubric, scores=scores, incidents=incidents, overrides=ovr, method=method,
                         spread_threshold=spread_threshold, school=first["school"],
                         self_assessment=first.get("self_assessment") or {})
    except MergeError:
        raise
    except ScoreError as e:
        raise PanelError(e.message, hint=e.hint) from None
    if previous is not None:
        pid, revision, supersedes = previous["panel_id"], int(previous["revision"]) + 1, panel_hash(previous)
    else:
        pid, revision, supersedes = panel_id or str(uuid.uuid4()), 1, None
    doc: dict[str, Any] = {
        "format": FORMAT, "panel_id": pid, "revision": revision, "supersedes": supersedes,
        "created_at": utc_text(created_at),
        "rubric": {"id": rubric.id, "hash": rubric.hash},
        "package": {"manifest_hash": first["package"]["manifest_hash"]},
        "school": dict(first["school"]), "self_assessment": dict(first.get("self_assessment") or {}),
        "method": method, "spread_threshold": fmt(spread_threshold), "quorum": q,
        "chair": chair_party, "members": members, "opinion": opinion,
    }
    doc.update(derived)
    doc["signatures"] = []
    return doc


def revise_panel(rubric: Rubric, previous: Mapping[str, Any], *, overrides: Mapping[str, Any] | None = None,
                 opinion: str | None = None, method: str | None = None, spread_threshold: Decimal | None = None,
                 quorum: int | None = None, created_at: dt.datetime | None = None) -> dict[str, Any]:
    """A new revision of `previous` over the same member sheets with other choices; unsigned.

    `overrides` replaces the whole set of overrides when given (item -> Override or
    {"value", "reason"}; None keeps the previous ones).
    """
    ovr = (_check_overrides(rubric, overrides) if overrides is not None else
           {iid: o for iid, it in previous["items"].items()
            if (o := _override_from_json(rubric, iid, it.get("override"))) is not None})
    m = method or previous["method"]
    check_method(m, len(previous["members"]))
    t = spread_threshold if spread_threshold is not None else Decimal(previous["spread_threshold"])
    q = _check_quorum(quorum if quorum is not None else int(previous["quorum"]), len(previous["members"]))
    doc = {k: v for k, v in previous.items() if k != "signatures"}
    doc.update(revision=int(previous["revision"]) + 1, supersedes=panel_hash(previous),
               created_at=utc_text(created_at), method=m, spread_threshold=fmt(t), quorum=q,
               opinion=previous["opinion"] if opinion is None else opinion)
    try:
        doc.update(derive_from_doc(rubric, doc, overrides=ovr))
    except MergeError:
        raise
    except ScoreError as e:
        raise PanelError(e.message, hint=e.hint) from None
    doc["signatures"] = []
    return doc


# -- signing --------------------------------------------------------------------------------

def _signature(identity: Identity, key: ec.EllipticCurvePrivateKey, doc: Mapping[str, Any], role: str,
               now: dt.datetime | None) -> dict[str, Any]:
    at = now or dt.datetime.now(dt.UTC)
    identity.check_valid_at(at)  # an expired (or not yet valid) certificate signs nothing
    if key.public_key().public_numbers() != identity.cert.public_key().public_numbers():
        raise PanelError(f"{identity.dir}: the key does not belong to this identity's certificate")
    return {"fingerprint": identity.fingerprint, "certificate": identity.cert_pem, "role": role,
            "signed_at": utc_text(at), "alg": ALG, "value": sign_b64(key, signed_payload(doc))}


def _signer(identity: Identity) -> Signer:
    return signer_from_cert(identity.cert)


def sign_panel(doc: Mapping[str, Any], identity: Identity, key: ec.EllipticCurvePrivateKey, *,
               now: dt.datetime | None = None) -> dict[str, Any]:
    """The chair signs the payload; the chair's signature comes first in `signatures`."""
    chair = doc["chair"]
    if identity.fingerprint != chair["fingerprint"]:
        raise PanelError(f"this identity ({identity.name}, {short(identity.fingerprint)}) is not the chair "
                         f"named in the panel result, {who(chair)}")
    if _signer(identity).role != ROLE_CHAIR:
        raise PanelError(f"{identity.name}: the certificate's role is not chair")
    others = [s for s in doc.get("signatures", []) if s.get("fingerprint") != chair["fingerprint"]]
    out = dict(doc)
    out["signatures"] = [_signature(identity, key, doc, ROLE_CHAIR, now), *others]
    return out


def cosign_panel(doc: Mapping[str, Any], identity: Identity, key: ec.EllipticCurvePrivateKey, *,
                 now: dt.datetime | None = None) -> dict[str, Any]:
    """A member co-signs exactly the bytes the chair signed (the chair must have signed)."""
    from workbench.panel.verify import check_signature_entry

    fp = identity.fingerprint
    member = next((m for m in doc["members"] if m["fingerprint"] == fp), None)
    if member is None:
        raise PanelError(f"{identity.name} ({short(fp)}) is not a member of this panel",
                         hint="only the members whose sheets were merged co-sign")
    if _signer(identity).role != ROLE_MEMBER:
        raise PanelError(f"{identity.name}: the certificate's role is not member")
    sigs = list(doc.get("signatures", []))
    chair_sig = next((s for s in sigs if s.get("fingerprint") == doc["chair"]["fingerprint"]), None)
    if chair_sig is None:
        raise PanelError("the chair has not signed this revision yet",
                         hint="the chair signs first; members then co-sign the same bytes")
    check_signature_entry(chair_sig, signed_payload(doc))
    if any(s.get("fingerprint") == fp for s in sigs):
        raise PanelError(f"{identity.name} ({short(fp)}) has already co-signed this revision")
    out = dict(doc)
    out["signatures"] = [*sigs, _signature(identity, key, doc, ROLE_MEMBER, now)]
    return out


def cert_of(entry: Mapping[str, Any]) -> x509.Certificate:
    return load_cert_pem(entry["certificate"], what=f"certificate of {who(entry)}")
