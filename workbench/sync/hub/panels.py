"""POST /v1/panels: a panel result, verified against the enrolled certificates.

Keyed by (panel_id, revision). The chair pushes the result it signed; any member of the
school's panel on the hub pushes a copy carrying their own co-signature (who may push is
the caller's certificate and the hub's assignment, never a field of the document). The
payload (panel hash) of a key never changes: every copy of it is a document with its own
receipt, and its co-signatures are merged into the kept result (`merge_cosignatures`: the
kept copy's signatures, then the new signers'), which is announced in the change feed
when it gained a signature. A co-signature already kept changes nothing; the same document
again is answered "duplicate" with its original receipt. Another payload under the same
key, or a revision that does not follow the hub's current one, is a conflict (both kept).
"""

from __future__ import annotations

import json

from sqlalchemy import select

from workbench.panel.cosignatures import is_final, merge_cosignatures, signers_of
from workbench.panel.document import panel_file_bytes, panel_hash
from workbench.panel.verify import parse_panel, verify_panel_doc
from workbench.rubric.canonical import canonical_hash
from workbench.signing.identity import load_cert_pem
from workbench.signing.verify import VerificationError
from workbench.sync.hub import access
from workbench.sync.hub.auth import Caller, record_nonce
from workbench.sync.hub.db import lock_seq, transaction
from workbench.sync.hub.errors import HubError
from workbench.sync.hub.ledger import add_change, issue_receipt, receipt_for
from workbench.sync.hub.models import Conflict, Document, Enrollment, PanelResult, Sheet
from workbench.sync.hub.service import Hub, utc_now
from workbench.sync.hub.sheets import Outcome, check_keys, rubric_lookup


def _invalid(e: VerificationError) -> HubError:
    if e.reason == "unknown_rubric":
        return HubError("unknown_rubric", e.message)
    return HubError("invalid_document", e.message, f"评估组结果验证未通过({e.reason})", reason=e.reason)


def _revoked(fp: str, revoked_at: str) -> HubError:
    """As for sheets: the hub's arrival is the witness of a (co-)signature, not its signed_at, so every
    signature in a panel result this hub serves reached it before its certificate's revocation."""
    return HubError("invalid_document", f"signer {fp[:16]}…'s certificate was revoked on {revoked_at}; the hub "
                    "received this signature after that, whatever its signed_at says",
                    "签名者的证书已被吊销(本中心在吊销后才收到此签名)", reason="untrusted")


def _parse(body: bytes) -> dict:
    try:
        return parse_panel(body)
    except VerificationError as e:
        raise _invalid(e) from None


def accept(hub: Hub, caller: Caller, body: bytes, *, with_nonce: bool = False) -> Outcome:
    """As sheets.accept."""
    if caller.role not in ("chair", "member", "admin"):
        raise HubError("forbidden", "only a chair, a member of the panel (or an admin) submits a panel result",
                       "只有评估组组长、组员(或管理员)可以提交评估组结果")
    doc = _parse(body)
    doc_hash = canonical_hash(doc)
    with hub.reader() as s:
        if s.get(Document, doc_hash) is not None and receipt_for(s, doc_hash) is not None:
            return Outcome(200, {"status": "duplicate", "receipt": receipt_for(s, doc_hash)})
    v = _verify(hub, caller, doc)
    return _store(hub, caller, v, doc_hash, with_nonce=with_nonce)


def _verify(hub: Hub, caller: Caller, doc: dict):  # noqa: ANN202 - VerifiedPanel
    sigs = doc.get("signatures") if isinstance(doc.get("signatures"), list) else []
    school = doc.get("school", {}).get("code") if isinstance(doc.get("school"), dict) else None
    chair = doc.get("chair", {}).get("fingerprint") if isinstance(doc.get("chair"), dict) else None
    if not isinstance(school, str) or not isinstance(chair, str):
        raise HubError("invalid_document", "the panel result names no school or no chair", reason="malformed")
    with hub.reader() as s:
        if caller.role == "chair" and (chair != caller.fingerprint or not access.on_panel(s, caller.fingerprint, school)):
            raise HubError("forbidden", "only the panel's own chair, assigned to this school on the hub, "
                           "submits its result", "只有本校评估组的组长可以提交评估组结果")
        if caller.role == "member" and not _member_copy(s, caller, doc, school):
            raise HubError("forbidden", "a member pushes only a copy they co-signed of a result of their own "
                           "panel, as assigned to this school on the hub",
                           "组员只能提交本人已会签的本校评估组结果")
        trust = []
        held = held_signatures(s, doc)
        for sig in sigs:
            fp = sig.get("fingerprint") if isinstance(sig, dict) else None
            e = access.enrollment(s, fp) if isinstance(fp, str) else None
            if e is not None and e.revoked_at is not None and (fp, sig.get("value")) not in held:
                raise _revoked(str(fp), e.revoked_at)
            if e is None:
                raise HubError("invalid_document", f"signer {str(fp)[:16]}… is not enrolled on this hub or was "
                               "revoked", "签名者未在本中心登记或证书已吊销", reason="untrusted")
            if caller.role != "admin" and not access.on_panel(s, fp, school):
                raise HubError("invalid_document", f"signer {fp[:16]}… is not on this school's panel on the hub",
                               "签名者不在本校评估组中", reason="member")
            trust.append(load_cert_pem(e.certificate))
        members = doc.get("members") if isinstance(doc.get("members"), list) else []
        # the members' sheets are checked with their enrolled certificates too; a since-revoked member's
        # sheet counts only as one the hub holds (refused below when missing), and it holds none it
        # received after the revocation: the laptop counts it with a warning, so may the result
        signer_fps = {sig.get("fingerprint") for sig in sigs if isinstance(sig, dict)}
        for m in members:
            fp = m.get("fingerprint") if isinstance(m, dict) else None
            e = access.enrollment(s, fp) if isinstance(fp, str) and fp not in signer_fps else None
            if e is not None:
                trust.append(load_cert_pem(e.certificate))
        hashes = [m.get("sheet_hash") for m in members if isinstance(m, dict)]
        rows = s.execute(select(Document.body).join(Sheet, Sheet.hash == Document.hash)
                         .where(Sheet.hash.in_([h for h in hashes if isinstance(h, str)]))).scalars().all()
        have = set(s.execute(select(Sheet.hash).where(Sheet.hash.in_([h for h in hashes if isinstance(h, str)])))
                   .scalars())
    missing = [h for h in hashes if h not in have]
    if missing:  # the merge's inputs must be on the hub, as a sheet's photos must
        raise HubError("missing_sheets", f"{len(missing)} member sheet(s) the result names are not on the hub",
                       f"评估组结果引用的 {len(missing)} 份成员评分表尚未提交", missing=missing)
    try:
        v = verify_panel_doc(doc, trust, sheets=list(rows), rubric_lookup=rubric_lookup(hub))
    except VerificationError as e:
        raise _invalid(e) from None
    check_keys(school, doc["revision"])
    return v


def held_signatures(s, doc: dict) -> set[tuple[str, str]]:  # noqa: ANN001 - Session
    """(fingerprint, value) of every signature this hub already holds on this very payload (any copy of
    the same panel_id and panel hash). Each reached the hub before its signer was revoked (the hub never
    stores one after), so a later copy may carry it: the revocation refuses only new signatures."""
    try:
        want = panel_hash(doc)
    except (TypeError, ValueError, KeyError, AttributeError):  # not a panel result: the verifier says why
        return set()
    out: set[tuple[str, str]] = set()
    for body in s.execute(select(Document.body).where(Document.kind == "panel",
                                                      Document.item_id == str(doc.get("panel_id")))).scalars():
        kept = json.loads(body)
        if panel_hash(kept) == want:
            out.update((g["fingerprint"], g["value"]) for g in kept["signatures"])
    return out


def _member_copy(s, caller: Caller, doc: dict, school: str) -> bool:  # noqa: ANN001 - Session
    """The caller (a member by certificate) is on the school's panel on the hub, is a member of
    this result and co-signed this copy (the signature itself is verified with the rest)."""
    members = doc.get("members") if isinstance(doc.get("members"), list) else []
    sigs = doc.get("signatures") if isinstance(doc.get("signatures"), list) else []
    fp = caller.fingerprint
    return (access.on_panel(s, fp, school)
            and any(isinstance(m, dict) and m.get("fingerprint") == fp for m in members)
            and any(isinstance(g, dict) and g.get("fingerprint") == fp for g in sigs))


def _merge_into(s, caller: Caller, same: PanelResult, doc: dict, now: str) -> str | None:  # noqa: ANN001
    """Merge `doc`'s co-signatures into the kept copy of its key; the merged document's hash
    when it gained a signer (stored, and kept), None when nothing was new."""
    kept = json.loads(s.get(Document, same.hash).body)
    merged, added = merge_cosignatures(kept, doc)
    if not added:
        return None
    h = canonical_hash(merged)
    if s.get(Document, h) is None:  # the merge may equal the arriving copy, or one received earlier
        s.add(Document(hash=h, kind="panel", item_id=same.panel_id, school=same.school, signer=same.chair,
                       requester=caller.fingerprint, arrived_at=now, body=panel_file_bytes(merged)))
        s.flush()
    same.hash, same.signers, same.final, same.arrived_at = h, json.dumps(signers_of(merged)), is_final(merged), now
    return h


def _store(hub: Hub, caller: Caller, v, doc_hash: str, *, with_nonce: bool = False) -> Outcome:  # noqa: ANN001
    doc = v.doc
    pid, rev, school = doc["panel_id"], int(doc["revision"]), doc["school"]["code"]
    signers = [fp for _, fp, _ in v.signers]
    conflict: HubError | None = None
    with transaction(hub.maker) as s:
        lock_seq(s)
        if with_nonce:
            record_nonce(s, caller)
        if receipt_for(s, doc_hash) is not None:
            return Outcome(200, {"status": "duplicate", "receipt": receipt_for(s, doc_hash)}, with_nonce)
        revoked = dict(s.execute(select(Enrollment.fingerprint, Enrollment.revoked_at)
                                 .where(Enrollment.fingerprint.in_(signers), Enrollment.revoked_at.is_not(None))).all())
        if revoked:  # again under the seq lock a revocation takes: only signatures held before it pass
            held = held_signatures(s, doc)
            for g in doc["signatures"]:
                if g["fingerprint"] in revoked and (g["fingerprint"], g["value"]) not in held:
                    raise _revoked(g["fingerprint"], revoked[g["fingerprint"]])
        rows = s.execute(select(PanelResult).where(PanelResult.panel_id == pid)
                         .order_by(PanelResult.revision)).scalars().all()
        same = next((r for r in rows if r.revision == rev), None)
        current = rows[-1] if rows else None
        now = utc_now()
        if same is not None and same.panel_hash != v.panel_hash:
            conflict = _conflict(s, caller, doc, doc_hash, same.hash, "same_key", now)
        elif same is None and current is not None and (rev <= current.revision
                                                       or doc.get("supersedes") != current.panel_hash):
            conflict = _conflict(s, caller, doc, doc_hash, current.hash, "supersedes", now)
        else:
            if s.get(Document, doc_hash) is None:
                s.add(Document(hash=doc_hash, kind="panel", item_id=pid, school=school,
                               signer=doc["chair"]["fingerprint"], requester=caller.fingerprint, arrived_at=now,
                               body=panel_file_bytes(doc)))
                s.flush()
            if same is None:
                s.add(PanelResult(panel_id=pid, revision=rev, school=school, panel_hash=v.panel_hash, hash=doc_hash,
                                  chair=doc["chair"]["fingerprint"], signers=json.dumps(signers), final=v.final,
                                  total=str(doc["result"].get("total")), outcome=str(doc["result"].get("outcome")),
                                  arrived_at=now))
                changed: str | None = doc_hash
            else:
                changed = _merge_into(s, caller, same, doc, now)
            receipt = issue_receipt(s, hub, "panel", doc_hash, now)
            if changed is not None:  # the kept result gained signers: members and the chair pull it
                add_change(s, "panel", pid, changed, school)
            kept = same.hash if same is not None else doc_hash
            final = same.final if same is not None else v.final
    if conflict is not None:
        conflict.nonce_consumed = with_nonce
        raise conflict
    return Outcome(201, {"status": "stored", "receipt": receipt, "final": final, "kept": kept}, with_nonce)


def _conflict(s, caller: Caller, doc: dict, doc_hash: str, stored_hash: str, reason: str, now: str) -> HubError:  # noqa: ANN001
    if s.get(Document, doc_hash) is None:
        s.add(Document(hash=doc_hash, kind="panel", item_id=doc["panel_id"], school=doc["school"]["code"],
                       signer=doc["chair"]["fingerprint"], requester=caller.fingerprint, arrived_at=now,
                       body=panel_file_bytes(doc)))
        s.flush()
    c = s.execute(select(Conflict).where(Conflict.stored_hash == stored_hash,
                                         Conflict.incoming_hash == doc_hash)).scalar_one_or_none()
    if c is None:
        c = Conflict(kind="panel", key=f"{doc['panel_id']}#{doc['revision']}", reason=reason, stored_hash=stored_hash,
                     incoming_hash=doc_hash, requester=caller.fingerprint, arrived_at=now)
        s.add(c)
        s.flush()
    return HubError("conflict", "another panel result is stored under this panel_id and revision"
                    if reason == "same_key" else "this revision does not follow the hub's current revision",
                    "与中心已有的评估组结果冲突", conflict_id=c.id, reason=reason,
                    stored={"hash": stored_hash}, incoming={"hash": doc_hash, "revision": int(doc["revision"])})
