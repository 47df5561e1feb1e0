"""The admin's views of the hub: `hub status` (counts, conflicts, last arrivals) and
`hub results` (per school: panel, members who signed, outcome, final or not)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from workbench.atomic import atomic_open
from workbench.sync.hub.models import (
    Assignment,
    AssignmentMember,
    Change,
    Conflict,
    Document,
    Enrollment,
    Package,
    PanelResult,
    PublishedRubric,
    Receipt,
    Sheet,
)
from workbench.sync.hub.service import Hub


def status(hub: Hub, *, last: int = 10) -> dict:
    with hub.reader() as s:
        def count(model, *where) -> int:  # noqa: ANN001
            return s.execute(select(func.count()).select_from(model).where(*where)).scalar_one()

        recent = s.execute(select(Receipt.body).order_by(Receipt.seq.desc()).limit(last)).scalars().all()
        conflicts = s.execute(select(Conflict).order_by(Conflict.id.desc()).limit(last)).scalars().all()
        return {
            "hub_id": hub.hub_id, "name": hub.config.name, "fingerprint": hub.fingerprint,
            "enrolled": count(Enrollment, Enrollment.revoked_at.is_(None)),
            "revoked": count(Enrollment, Enrollment.revoked_at.is_not(None)),
            "schools_assigned": count(Assignment), "packages": count(Package), "rubrics": count(PublishedRubric),
            "sheets": count(Sheet), "panel_results": count(PanelResult),
            "final_results": count(PanelResult, PanelResult.final.is_(True)),
            "receipts": count(Receipt), "changes": count(Change), "conflicts": count(Conflict),
            "last_arrivals": [json.loads(b) for b in recent],
            "last_conflicts": [{"id": c.id, "kind": c.kind, "key": c.key, "reason": c.reason,
                                "stored": c.stored_hash, "incoming": c.incoming_hash, "arrived_at": c.arrived_at}
                               for c in conflicts],
        }


def format_status(st: dict) -> str:
    lines = [f"hub       {st['name']} ({st['hub_id']})", f"key       sha256 {st['fingerprint']}",
             f"enrolled  {st['enrolled']} ({st['revoked']} revoked)",
             f"schools   {st['schools_assigned']} assigned, {st['packages']} package(s), {st['rubrics']} rubric(s) published",
             f"sheets    {st['sheets']}",
             f"panels    {st['panel_results']} result(s), {st['final_results']} final",
             f"receipts  {st['receipts']}   changes {st['changes']}",
             f"conflicts {st['conflicts']}"]
    for c in st["last_conflicts"]:
        lines.append(f"  conflict #{c['id']} {c['kind']} {c['key']} {c['reason']} at {c['arrived_at']}: "
                     f"stored {c['stored'][:19]}… incoming {c['incoming'][:19]}…")
    for r in st["last_arrivals"]:
        lines.append(f"  arrival  #{r['seq']} {r['kind']} {r['document'][:19]}… at {r['arrived_at']}")
    return "\n".join(lines)


@dataclass(frozen=True)
class SchoolResult:
    school: str
    school_name: str
    county: str
    panel: str
    members: int              # on the panel, the chair included
    sheets: int               # panel members with a complete (non-provisional) sheet on the hub
    members_signed: int       # panel members (chair included) who signed the kept panel result
    total: str
    outcome: str
    final: bool
    panel_hash: str


HEADERS = ("学校代码 school", "学校 name", "区县 county", "评估组 panel", "成员 members", "评分表 sheets",
           "已签 signed", "总分 total", "结论 outcome", "定稿 final", "panel hash")


def results(hub: Hub, county: str | None = None) -> list[SchoolResult]:
    out = []
    with hub.reader() as s:
        q = select(Assignment).order_by(Assignment.school)
        if county:
            q = q.where(Assignment.county == county)
        for a in s.execute(q).scalars():
            members = set(s.execute(select(AssignmentMember.fingerprint)
                                    .where(AssignmentMember.school == a.school)).scalars())
            signed = set(s.execute(select(Sheet.reviewer).where(Sheet.school == a.school,
                                                                Sheet.provisional.is_(False))).scalars())
            pr = s.execute(select(PanelResult).where(PanelResult.school == a.school)
                           .order_by(PanelResult.revision.desc()).limit(1)).scalar_one_or_none()
            name = s.execute(select(Package.school_name).where(Package.school == a.school).limit(1)).scalar()
            if name is None:
                doc = s.execute(select(Document.body).join(Sheet, Sheet.hash == Document.hash)
                                .where(Sheet.school == a.school).limit(1)).scalar()
                name = json.loads(doc)["school"].get("name", "") if doc else ""
            signers = set(json.loads(pr.signers)) if pr else set()
            out.append(SchoolResult(a.school, str(name), a.county or "", a.panel, len(members),
                                    len(members & signed), len(members & signers), pr.total if pr else "",
                                    pr.outcome if pr else "", bool(pr and pr.final), pr.panel_hash if pr else ""))
    return out


def write_results_xlsx(rows: list[SchoolResult], path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "评估结果"
    ws.append(HEADERS)
    for c in ws[1]:
        c.font = Font(bold=True)
    for r in rows:
        ws.append([r.school, r.school_name, r.county, r.panel, r.members, r.sheets, r.members_signed,
                   Decimal(r.total) if r.total else None, r.outcome, "是" if r.final else "否", r.panel_hash])
    for col, width in zip("ABCDEFGHIJK", (16, 28, 14, 18, 8, 8, 8, 8, 14, 6, 30), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    with atomic_open(path, what="results workbook") as f:
        wb.save(f)
    return path
