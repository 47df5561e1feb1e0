"""POST /v1/sheets: verify a signed sheet fully, then store it once, or record a conflict.

Verification happens before the write lock (it is the slow part); the decisions that
depend on what the hub holds (duplicate, same key, supersedes) are made after taking the
lock, so concurrent pushes of the same or rival sheets, from any worker, end the same as
if they had come one by one. Unique constraints back every rule up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cryptography import x509
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from workbench.rubric.model import Rubric
from workbench.signing.identity import load_cert_pem
from workbench.signing.sheet import sheet_file_bytes, sheet_hash
from workbench.signing.verify import VerificationError, parse_signed_sheet, verify_sheet_bytes
from workbench.sync.hub import access
from workbench.sync.hub.auth import Caller, record_nonce
from workbench.sync.hub.db import lock_seq, transaction
from workbench.sync.hub.errors import HubError
from workbench.sync.hub.ledger import add_change, issue_receipt, receipt_for
from workbench.sync.hub.models import Conflict, Document, Enrollment, Sheet
from workbench.sync.hub.rubrics import known_rubric
from workbench.sync.hub.service import Hub, utc_now
from workbench.sync.protocol import MAX_REVISION, SCHOOL_CODE_RE


@dataclass(frozen=True)
class Outcome:
    status: int  # 201 stored, 200 duplicate
    body: dict
    nonce_consumed: bool = False  # the request's nonce was recorded in the same transaction


def _invalid(e: VerificationError) -> HubError:
    if e.reason == "unknown_rubric":
        return HubError("unknown_rubric", e.message)
    return HubError("invalid_document", e.message, f"评分表验证未通过({e.reason})", reason=e.reason)


def _revoked(revoked_at: str) -> HubError:
    """The hub's arrival time is the witness, not the sheet's signed_at (docs/panel-result.md)."""
    return HubError("invalid_document", f"the sheet's certificate was revoked on {revoked_at}; the hub received "
                    "this sheet after that, whatever its signed_at says", "评分表的证书已被吊销(本中心在吊销后才收到此表)",
                    reason="untrusted")


def _duplicate(hub: Hub, caller: Caller, doc_hash: str) -> Outcome | None:
    with hub.reader() as s:
        doc = s.get(Document, doc_hash)
        if doc is None or s.execute(select(Sheet.hash).where(Sheet.hash == doc_hash)).first() is None:
            return None
        if not access.may_push_for(s, caller, doc.signer or "", doc.school or ""):
            raise HubError("forbidden", "you may push only your own sheets", "您只能提交自己的评分表")
        return Outcome(200, {"status": "duplicate", "receipt": receipt_for(s, doc_hash)})


def rubric_lookup(hub: Hub) -> Callable[[str], Rubric | None]:
    """The rubrics this hub knows (bundled and published), for the verifiers' rubric_lookup."""
    def lookup(rubric_hash: str) -> Rubric | None:
        with hub.reader() as s:
            return known_rubric(s, rubric_hash)
    return lookup


def verify(hub: Hub, caller: Caller, body: bytes) -> tuple[dict, str]:
    """Everything that does not depend on the hub's current holdings; (sheet, hash)."""
    try:
        sheet = parse_signed_sheet(body)
    except VerificationError as e:
        raise _invalid(e) from None
    reviewer = sheet.get("reviewer")
    fp = reviewer.get("fingerprint") if isinstance(reviewer, dict) else None
    school = sheet.get("school", {}).get("code") if isinstance(sheet.get("school"), dict) else None
    if not isinstance(fp, str) or not isinstance(school, str):
        raise HubError("invalid_document", "the sheet names no reviewer fingerprint or no school code",
                       reason="malformed")
    with hub.reader() as s:
        e = access.enrollment(s, fp)
        if e is None:
            raise HubError("invalid_document", "the sheet's certificate is not enrolled on this hub",
                           "评分表的证书未在本中心登记", reason="untrusted")
        if e.revoked_at is not None:
            raise _revoked(e.revoked_at)
        if not access.may_push_for(s, caller, fp, school):
            raise HubError("forbidden", "you may push only your own sheets (a chair also those of "
                           "members on their panel for that school)", "您只能提交自己的评分表")
        cert: x509.Certificate = load_cert_pem(e.certificate)
        try:  # a rubric published on the hub counts as known, as a bundled one does
            verify_sheet_bytes(body, [cert], rubric_lookup=lambda h: known_rubric(s, h))
        except VerificationError as err:
            raise _invalid(err) from None
    check_keys(school, sheet["revision"])
    return sheet, sheet_hash(sheet)


def check_keys(school: str, revision: int) -> None:
    """What the hub's columns hold: a school code as packages name schools, a 32-bit revision."""
    if not SCHOOL_CODE_RE.match(school):
        raise HubError("invalid_document", "the school code is not 1-64 characters [A-Za-z0-9._-]",
                       "学校代码应为 1–64 个字符 [A-Za-z0-9._-]", reason="malformed")
    if not 1 <= revision <= MAX_REVISION:
        raise HubError("invalid_document", f"revision must be 1..{MAX_REVISION}", reason="malformed")


def accept(hub: Hub, caller: Caller, body: bytes, *, with_nonce: bool = False) -> Outcome:
    """Verify and store; `with_nonce` records the caller's nonce in the storing transaction
    (one commit instead of two); otherwise the caller has consumed it already."""
    try:
        doc_hash = sheet_hash(parse_signed_sheet(body))
    except VerificationError as e:
        raise _invalid(e) from None
    dup = _duplicate(hub, caller, doc_hash)
    if dup is not None:
        return dup
    sheet, doc_hash = verify(hub, caller, body)
    missing = hub.blobs.missing([p["sha256"] for p in sheet["photos"]])
    if missing:
        raise HubError("missing_blobs", f"{len(missing)} photo(s) named by the sheet are not on the hub",
                       f"评分表引用的 {len(missing)} 张照片尚未上传", missing=missing)
    try:
        return _store(hub, caller, sheet, doc_hash, with_nonce=with_nonce)
    except IntegrityError:  # a rival commit slipped past the lock (should not happen): re-read
        dup = _duplicate(hub, caller, doc_hash)
        if dup is not None:
            return dup
        raise


def _store(hub: Hub, caller: Caller, sheet: dict, doc_hash: str, *, with_nonce: bool = False) -> Outcome:
    sid, rev, fp = sheet["sheet_id"], int(sheet["revision"]), sheet["reviewer"]["fingerprint"]
    school = sheet["school"]["code"]
    conflict: HubError | None = None
    with transaction(hub.maker) as s:
        lock_seq(s)
        if with_nonce:
            record_nonce(s, caller)
        if s.execute(select(Sheet.hash).where(Sheet.hash == doc_hash)).first() is not None:
            return Outcome(200, {"status": "duplicate", "receipt": receipt_for(s, doc_hash)}, with_nonce)
        revoked_at = s.execute(select(Enrollment.revoked_at).where(Enrollment.fingerprint == fp)).scalar()
        if revoked_at is not None:  # again under the seq lock a revocation takes: every stored sheet came before it
            raise _revoked(revoked_at)
        revisions = s.execute(select(Sheet).where(Sheet.sheet_id == sid).order_by(Sheet.revision)).scalars().all()
        if revisions and revisions[0].reviewer != fp:
            raise HubError("forbidden", "this sheet_id belongs to another reviewer's sheet",
                           "该评分表编号属于另一位评审的评分表")
        now = utc_now()
        same_key = next((r for r in revisions if r.revision == rev), None)
        current = revisions[-1] if revisions else None
        if same_key is not None or (current is not None and (rev <= current.revision
                                                               or sheet.get("supersedes") != current.hash)):
            stored = same_key or current
            assert stored is not None
            reason = "same_key" if same_key is not None else "supersedes"
            conflict = _record_conflict(s, caller, sheet, doc_hash, stored, reason, now)
        else:
            if s.get(Document, doc_hash) is None:
                s.add(Document(hash=doc_hash, kind="sheet", item_id=sid, school=school, signer=fp,
                               requester=caller.fingerprint, arrived_at=now, body=sheet_file_bytes(sheet)))
                s.flush()
            result = sheet["result"]
            s.add(Sheet(sheet_id=sid, revision=rev, hash=doc_hash, reviewer=fp, school=school,
                        supersedes=sheet.get("supersedes"), total=str(result.get("total")),
                        outcome=str(result.get("outcome")), provisional=bool(sheet["provisional"]),
                        arrived_at=now))
            receipt = issue_receipt(s, hub, "sheet", doc_hash, now)
            add_change(s, "sheet", sid, doc_hash, school)
    if conflict is not None:
        conflict.nonce_consumed = with_nonce
        raise conflict  # raised after the commit: the conflict record is kept
    return Outcome(201, {"status": "stored", "receipt": receipt}, with_nonce)


def _record_conflict(s, caller: Caller, sheet: dict, doc_hash: str, stored: Sheet, reason: str,  # noqa: ANN001
                     now: str) -> HubError:
    if s.get(Document, doc_hash) is None:
        s.add(Document(hash=doc_hash, kind="sheet", item_id=sheet["sheet_id"], school=sheet["school"]["code"],
                       signer=sheet["reviewer"]["fingerprint"], requester=caller.fingerprint, arrived_at=now,
                       body=sheet_file_bytes(sheet)))
        s.flush()
    c = s.execute(select(Conflict).where(Conflict.stored_hash == stored.hash,
                                         Conflict.incoming_hash == doc_hash)).scalar_one_or_none()
    if c is None:
        c = Conflict(kind="sheet", key=f"{sheet['sheet_id']}#{sheet['revision']}", reason=reason,
                     stored_hash=stored.hash, incoming_hash=doc_hash, requester=caller.fingerprint, arrived_at=now)
        s.add(c)
        s.flush()
    en = ("another sheet is stored under this sheet_id and revision" if reason == "same_key" else
          f"this revision does not follow the hub's current revision {stored.revision} ({stored.hash})")
    zh = "中心已存储该评分表编号和版本的另一份评分表" if reason == "same_key" else \
        f"此版本未接续中心当前的第 {stored.revision} 版"
    return HubError("conflict", en, zh, conflict_id=c.id, reason=reason,
                    stored={"hash": stored.hash, "revision": stored.revision},
                    incoming={"hash": doc_hash, "revision": int(sheet["revision"])})
