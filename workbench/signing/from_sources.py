"""Build unsigned score sheets from the two places scores live: the workspace, a score file.

Both paths end in `build_sheet`, so a sheet exported from the window and one signed from a
script are the same document. Revisions: the workspace remembers the last sheet it signed
per school and reviewer (a setting), so the next export carries the same sheet id, the
next revision number and the previous revision's hash in `supersedes`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from workbench.errors import SignatureError, StoreError
from workbench.rubric.loader import load_rubric
from workbench.rubric.model import Rubric
from workbench.signing.sheet import ItemRecord, build_sheet, sheet_hash

_LAST_KEY = "signing.last_sheet.{code}.{reviewer}"


def _school_record(manifest_school: Mapping[str, Any], application: Mapping[str, Any] | None) -> dict:
    school = dict(manifest_school)
    app_type = (application or {}).get("type")
    if app_type:
        school["application_type"] = app_type
    return school


def _iso(t: Any) -> str | None:
    if t is None:
        return None
    return t.isoformat() if hasattr(t, "isoformat") else str(t)


def last_signed(ws: Any, code: str, reviewer_id: int) -> dict | None:
    """{sheet_id, revision, hash} of the last sheet this workspace signed for school+reviewer."""
    raw = ws.get_setting(_LAST_KEY.format(code=code, reviewer=reviewer_id))
    return json.loads(raw) if raw else None


def remember_signed(ws: Any, code: str, reviewer_id: int, sheet: Mapping[str, Any]) -> None:
    from workbench.sync.outbox_hooks import queue_sheet  # issue 11: queued for the hub when signed

    key = _LAST_KEY.format(code=code, reviewer=reviewer_id)
    from workbench.signing.state import signed_record_extra  # issue 12: when, and a digest of what

    value = json.dumps({"sheet_id": sheet["sheet_id"], "revision": sheet["revision"], "hash": sheet_hash(sheet),
                        **signed_record_extra(sheet)})
    if queue_sheet(ws, sheet, setting=(key, value)) is None:  # one commit: recorded and queued together
        # not queued (a provisional sheet never goes to the hub): the record keeps the sheet itself,
        # so the window can still show and print what was signed (signing.state.signed_sheet_of)
        record = json.loads(value)
        record["sheet"] = dict(sheet)
        ws.set_setting(key, json.dumps(record, ensure_ascii=False))


def sheet_from_workspace(ws: Any, code: str, reviewer_id: int | None = None) -> tuple[dict, Rubric]:
    """The unsigned sheet of one school (newest package) for one reviewer (default: this laptop's)."""
    if reviewer_id is None:
        me = ws.local_reviewer()
        if me is None:
            raise StoreError("this workspace has no local reviewer yet",
                             hint="create your identity first (`workbench identity create`)")
        reviewer_id = me.id
    info = ws.school(code)
    rubric = info.rubric
    scores = ws.scores(code, reviewer_id)
    checks, methods, notes = ws.checks(code, reviewer_id), ws.methods(code, reviewer_id), ws.notes(code, reviewer_id)
    items = {}
    for item in rubric.iter_items():
        iid = item.id
        if iid in scores or iid in checks or iid in methods or notes.get(iid):
            items[iid] = ItemRecord(scores.get(iid), frozenset(checks.get(iid, ())), tuple(methods.get(iid, ())),
                                    notes.get(iid, ""))
    incident, description = ws.security_incident(code, reviewer_id)
    photos = [{"sha256": p.sha256, "indicator": p.indicator, "taken_at": _iso(p.taken_at)}
              for p in ws.photos(code)]
    manifest = info.manifest or {}
    school = _school_record(manifest.get("school") or {"code": info.code, "name": info.name}, info.application)
    prev = last_signed(ws, code, reviewer_id)
    sheet = build_sheet(rubric, school=school, manifest_hash=info.manifest_hash,
                        package_sha256=info.package_sha256, package_version=info.package_version,
                        items=items, self_assessment=info.self_assessment, photos=photos, incident=incident,
                        incident_description=description,
                        sheet_id=prev["sheet_id"] if prev else None,
                        revision=prev["revision"] + 1 if prev else 1, supersedes=prev["hash"] if prev else None)
    return sheet, rubric


def sheet_from_score_file(score_path: str | Path, package_path: str | Path, *,
                          previous: Mapping[str, Any] | None = None,
                          incident_description: str = "") -> tuple[dict, Rubric]:
    """The unsigned sheet for a score file (as for `workbench score`) and the school's package.

    The package is verified in full; it gives the school record, the manifest hash and the
    school's self-assessment. The score file's facts, if any, override the package's.
    """
    from workbench.evidence import verify_package
    from workbench.scoring.scorefile import load_score_file

    sf = load_score_file(score_path)
    pkg = verify_package(package_path)
    m = pkg.manifest
    if m.get("rubric") != sf.rubric.id:
        raise SignatureError(f"the score file uses rubric {sf.rubric.id} but the package {m.get('rubric')}",
                             hint="score the package under its own rubric")
    rubric = load_rubric(sf.rubric.id)
    school = _school_record(m["school"], m.get("application"))
    school.update(sf.facts)
    sa: dict[str, Decimal] = {k: Decimal(v) for k, v in (m.get("self_assessment") or {}).items()}
    sa.update(sf.self_assessment)
    items = {iid: ItemRecord(v) for iid, v in sf.scores.items()}
    if sf.security_incident and not incident_description.strip():
        raise SignatureError("the score file records a security incident, which needs a description",
                             hint="pass --incident-description \"what happened\"")
    kw: dict[str, Any] = {}
    if previous is not None:
        kw = {"sheet_id": previous["sheet_id"], "revision": int(previous["revision"]) + 1,
              "supersedes": sheet_hash(previous)}
    sheet = build_sheet(rubric, school=school, manifest_hash=pkg.manifest_hash, package_sha256=pkg.package_sha256,
                        items=items, self_assessment=sa, incident=sf.security_incident,
                        incident_description=incident_description, **kw)
    return sheet, rubric
