"""Enroll, revoke, assign, publish: the admin's operations, the same for the operator's
CLI (straight on the data folder) and for the admin endpoints."""

from __future__ import annotations

import json
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from workbench.errors import PackageError, RubricError, SignatureError, WorkbenchError
from workbench.inputs import check_regular, loads_json, read_regular
from workbench.rubric.canonical import canonical_bytes, canonical_hash
from workbench.rubric.loader import rubric_by_hash, rubric_from_data
from workbench.signing.ecdsa import signer_from_cert
from workbench.signing.identity import cert_pem, fingerprint, load_cert_pem
from workbench.sync.hub.db import lock_seq, transaction
from workbench.sync.hub.errors import HubError
from workbench.sync.hub.ledger import add_change
from workbench.sync.hub.models import (
    Assignment,
    AssignmentMember,
    Document,
    Enrollment,
    Package,
    PublishedRubric,
)
from workbench.sync.hub.service import Hub, utc_now
from workbench.sync.protocol import MAX_DOCUMENT_BYTES, ROLES, SCHOOL_CODE_RE, SHA256_RE

ASSIGNMENT_FORMAT = "workbench-assignment/1"


def load_enrollable_cert(pem: str | bytes) -> x509.Certificate:
    try:
        cert = load_cert_pem(pem)
    except SignatureError as e:
        raise HubError("malformed", e.message, "证书格式错误") from None
    key = cert.public_key()
    if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != "secp256r1":
        raise HubError("malformed", "the certificate does not hold an ECDSA P-256 key", "证书不是 ECDSA P-256 密钥")
    return cert


def enroll(hub: Hub, pem: str | bytes, role: str) -> tuple[bool, dict]:
    """(created, record). The enrollment decides the role; a reviewer certificate whose title
    names another reviewer role is refused."""
    if role not in ROLES:
        raise HubError("malformed", f"role must be one of {', '.join(ROLES)}", f"角色必须是 {'、'.join(ROLES)} 之一")
    cert = load_enrollable_cert(pem)
    signer = signer_from_cert(cert)
    if role in ("member", "chair") and signer.role not in ("", role):
        raise HubError("forbidden", f"the certificate names the role {signer.role!r}, not {role!r}: enroll it "
                       f"as {signer.role} or issue a certificate for the role",
                       f"证书中的角色为 {signer.role},与 {role} 不符")
    if len(signer.name) > 200 or len(signer.org) > 200:
        raise HubError("malformed", "the certificate's name or organisation is longer than 200 characters",
                       "证书中的姓名或单位超过 200 个字符")
    fp = fingerprint(cert)
    rec = {"fingerprint": fp, "name": signer.name, "org": signer.org, "role": role}
    try:
        return _enroll(hub, cert, signer.name, signer.org, fp, role, rec)
    except IntegrityError:  # enrolled at the same moment by another request: look again
        return _enroll(hub, cert, signer.name, signer.org, fp, role, rec)


def _enroll(hub: Hub, cert: x509.Certificate, name: str, org: str, fp: str, role: str,
            rec: dict) -> tuple[bool, dict]:
    with transaction(hub.maker) as s:
        e = s.get(Enrollment, fp)
        if e is not None:
            if e.revoked_at is not None:
                raise HubError("revoked", "this certificate was revoked and cannot be enrolled again",
                               "该证书已被吊销,不能再次登记")
            changed = e.role != role
            e.role = role
            return changed, rec
        s.add(Enrollment(fingerprint=fp, certificate=cert_pem(cert), name=name, org=org, role=role,
                         not_before=int(cert.not_valid_before_utc.timestamp()),
                         not_after=int(cert.not_valid_after_utc.timestamp()), enrolled_at=utc_now()))
    return True, rec


def revoke(hub: Hub, fp: str) -> dict:
    fp = fp.replace(" ", "").lower()
    with transaction(hub.maker) as s:
        lock_seq(s)  # the change feed's seq stays gap-free
        e = s.get(Enrollment, fp)
        if e is None:
            raise HubError("not_found", f"no enrolled certificate {fp[:16]}…", "未找到该登记证书")
        if e.revoked_at is None:
            e.revoked_at = utc_now()
            # every client learns it at its next pull (workbench.sync.hub.pull.revocation_document)
            add_change(s, "revocation", fp, "sha256:" + fp, None)
        return {"fingerprint": fp, "revoked_at": e.revoked_at}


def assign(hub: Hub, school: str, panel: str, members: list[str], county: str | None = None) -> dict:
    """Give `school` its panel (replacing any earlier one); returns {"hash", "assignment"}."""
    school, panel = school.strip(), panel.strip()
    if not SCHOOL_CODE_RE.match(school) or not _plain(panel, 200) or (county is not None and not _plain(county, 200)):
        raise HubError("malformed", "give a school code of 1-64 characters [A-Za-z0-9._-] (as its package names it), "
                       "a panel name and a county of at most 200 printable characters",
                       "学校代码应为 1–64 个字符 [A-Za-z0-9._-],评估组名称和区县不超过 200 个可打印字符")
    fps = sorted({m.replace(" ", "").lower() for m in members})
    if not fps:
        raise HubError("malformed", "a panel needs at least one member", "评估组至少需要一名成员")
    with transaction(hub.maker) as s:
        lock_seq(s)
        rows = []
        for fp in fps:
            e = s.get(Enrollment, fp)
            if e is None or e.revoked_at is not None:
                raise HubError("not_found", f"member {fp[:16]}… is not enrolled (or was revoked)",
                               "成员证书未登记或已吊销")
            rows.append(e)
        old = s.get(Assignment, school)
        if old is not None and old.panel == panel and old.county == county and sorted(
                s.execute(select(AssignmentMember.fingerprint).where(AssignmentMember.school == school))
                .scalars()) == fps:
            doc = s.get(Document, old.hash)
            return {"hash": old.hash, "assignment": json.loads(doc.body) if doc else None}
        body = {"format": ASSIGNMENT_FORMAT, "school": school, "panel": panel, "county": county,
                "assigned_at": utc_now(),
                "members": [{"fingerprint": e.fingerprint, "role": e.role, "name": e.name, "org": e.org,
                             "certificate": e.certificate} for e in rows]}
        h = canonical_hash(body)
        s.add(Document(hash=h, kind="assignment", item_id=school, school=school, signer=None, requester=None,
                       arrived_at=body["assigned_at"], body=canonical_bytes(body)))
        if old is None:
            s.add(Assignment(school=school, panel=panel, hash=h, county=county))
        else:
            old.panel, old.hash, old.county = panel, h, county
            s.execute(delete(AssignmentMember).where(AssignmentMember.school == school))
        s.flush()
        s.add_all([AssignmentMember(school=school, fingerprint=fp) for fp in fps])
        add_change(s, "assignment", school, h, school)
    return {"hash": h, "assignment": body}


def _plain(text: str, limit: int) -> bool:
    """1..limit printable characters (no line breaks or control characters)."""
    return 0 < len(text) <= limit and text.isprintable()


def publish_rubric(hub: Hub, data: object) -> dict:
    try:
        rubric = rubric_from_data(data)
        canonical_bytes(data)  # a lone surrogate cannot be stored or hashed
    except (RubricError, WorkbenchError) as e:
        raise HubError("invalid_document", e.message, "评估细则验证未通过", reason="malformed") from None
    h = rubric.hash
    with transaction(hub.maker) as s:
        lock_seq(s)
        if s.get(PublishedRubric, h) is None:
            if s.get(Document, h) is None:
                s.add(Document(hash=h, kind="rubric", item_id=rubric.id, school=None, signer=None, requester=None,
                               arrived_at=utc_now(), body=canonical_bytes(data)))
                s.flush()
            s.add(PublishedRubric(hash=h, rubric_id=rubric.id, published_at=utc_now()))
            add_change(s, "rubric", rubric.id, h, None)
    return {"kind": "rubric", "id": rubric.id, "hash": h, "bundled": rubric_by_hash(h) is not None}


def _verify_package(path: Path):  # noqa: ANN202 - VerifiedPackage
    from workbench.evidence.verify import verify_package

    try:
        return verify_package(path)
    except PackageError as e:
        raise HubError("invalid_document", e.message, "证据包验证未通过", reason="malformed") from None


def publish_package(hub: Hub, sha: str, verified=None) -> dict:  # noqa: ANN001 - VerifiedPackage
    if not SHA256_RE.match(sha):
        raise HubError("malformed", "a package is named by its SHA-256 (64 lowercase hex)", "包名称应为 SHA-256")
    if not hub.blobs.has(sha):
        raise HubError("missing_blobs", "upload the package as a blob first", "请先上传该证据包", missing=[sha])
    v = verified if verified is not None else _verify_package(hub.blobs.path(sha))
    school = v.manifest["school"]
    with transaction(hub.maker) as s:
        lock_seq(s)
        if s.get(Package, sha) is None:
            s.add(Package(sha256=sha, school=school["code"], school_name=str(school.get("name", "")),
                          county=None, manifest_hash=v.manifest_hash, published_at=utc_now()))
            add_change(s, "package", school["code"], "sha256:" + sha, school["code"])
    return {"kind": "package", "id": school["code"], "hash": "sha256:" + sha}


def publish_path(hub: Hub, path: Path) -> dict:
    """`hub publish FILE`: a rubric (.json) or an evidence package (anything else), checked
    before anything is copied (a FIFO, a huge file or a broken package costs nothing)."""
    try:
        if path.suffix.lower() == ".json":
            data = loads_json(read_regular(path, what="rubric (.json)", max_bytes=MAX_DOCUMENT_BYTES),
                              what=str(path))
            return publish_rubric(hub, data)
        check_regular(path, what="evidence package (.wbpkg)")
    except HubError:
        raise
    except WorkbenchError as e:
        raise HubError("malformed", str(e), f"{path}:无法读取") from None
    v = _verify_package(path)
    sha = hub.blobs.put_file(path)
    if sha != v.package_sha256:
        raise HubError("invalid_document", f"{path} changed while it was being published", reason="altered")
    return publish_package(hub, sha, v)
