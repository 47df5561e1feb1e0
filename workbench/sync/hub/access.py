"""Who may see and push what: the panels (assignments) a certificate is on."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.sync.hub.auth import Caller
from workbench.sync.hub.models import AssignmentMember, Document, Enrollment


def schools_of(s: Session, fp: str) -> set[str]:
    return set(s.execute(select(AssignmentMember.school).where(AssignmentMember.fingerprint == fp)).scalars())


def on_panel(s: Session, fp: str, school: str) -> bool:
    return s.get(AssignmentMember, (school, fp)) is not None


def may_push_for(s: Session, caller: Caller, signer: str, school: str) -> bool:
    """A member pushes only their own documents; a chair also those of members on a panel
    they are on for that school; an admin anyone's."""
    if caller.role == "admin" or signer == caller.fingerprint:
        return True
    return caller.role == "chair" and on_panel(s, caller.fingerprint, school) and on_panel(s, signer, school)


def may_read(s: Session, caller: Caller, doc: Document) -> bool:
    if caller.role == "admin" or doc.kind == "rubric":
        return True
    if caller.fingerprint in (doc.signer, doc.requester):
        return True
    return doc.school is not None and on_panel(s, caller.fingerprint, doc.school)


def enrollment(s: Session, fp: str) -> Enrollment | None:
    return s.get(Enrollment, fp)
