"""Builders for panel tests: a chair, members, their signed sheets, a signed panel result.

Identities use few PBKDF2 rounds (kdf_rounds) so tests stay fast. Other test folders (the
panel print and GUI tests) may import this module too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from workbench.evidence import demo_package_path, verify_package
from workbench.panel.document import build_panel_result, cosign_panel, panel_file_bytes, sign_panel
from workbench.rubric import load_rubric
from workbench.signing.identity import Identity, create_identity
from workbench.signing.sheet import ItemRecord, build_sheet, sheet_file_bytes, sign_sheet
from workbench.signing.verify import VerifiedSheet, verify_sheet_bytes

PASS = "correct horse battery"
RUBRIC = load_rubric("majiang-2015")
ITEMS = [i.id for i in RUBRIC.iter_items()]


def make_identity(d: Path, name: str, role: str = "member", org: str = "麻江县教育局") -> Identity:
    return create_identity(d, name, org, role, PASS, kdf_rounds=1000)


@lru_cache(maxsize=1)
def demo_package():
    return verify_package(demo_package_path())


def full_points() -> dict[str, Decimal]:
    return {i.id: i.points for i in RUBRIC.iter_items()}


def unsigned(scores: Mapping[str, Decimal | None], *, school: Mapping[str, Any] | None = None,
             manifest_hash: str | None = None, incident: str = "", **kw: Any) -> dict:
    pkg = demo_package()
    items = {iid: ItemRecord(v, frozenset({0}), ("documents",), "") for iid, v in scores.items()}
    sch = dict(pkg.manifest["school"], application_type="qualified") if school is None else dict(school)
    return build_sheet(RUBRIC, school=sch, manifest_hash=manifest_hash or pkg.manifest_hash,
                       package_sha256=pkg.package_sha256, package_version=1, items=items,
                       self_assessment=pkg.manifest.get("self_assessment"), incident=bool(incident),
                       incident_description=incident, **kw)


def sign(ident: Identity, scores: Mapping[str, Decimal | None], *, allow_incomplete: bool = False,
         **kw: Any) -> dict:
    return sign_sheet(unsigned(scores, **kw), ident, ident.private_key(PASS), RUBRIC,
                      allow_incomplete=allow_incomplete)


def scores_with(changes: Mapping[str, str | Decimal | None]) -> dict[str, Decimal | None]:
    """Full points everywhere except `changes`."""
    out: dict[str, Decimal | None] = dict(full_points())
    out.update({k: None if v is None else Decimal(v) for k, v in changes.items()})
    return out


@dataclass
class Panel:
    chair: Identity
    members: list[Identity]
    sheets: list[dict]  # signed sheets, in members' order
    verified: list[VerifiedSheet]

    @property
    def roots(self) -> list:
        return [self.chair.cert] + [m.cert for m in self.members]

    def sheet_files(self) -> dict[str, bytes]:
        return {f"member{i}.json": sheet_file_bytes(s) for i, s in enumerate(self.sheets)}


def make_panel(root: Path, member_scores: Sequence[Mapping[str, str | Decimal | None]], *,
               incidents: Sequence[str] = ()) -> Panel:
    """A chair and one member per entry of `member_scores` (changes from full points)."""
    chair = make_identity(root / "chair", "王芳", "chair", org="麻江县教育和科技局")
    members, sheets = [], []
    for i, changes in enumerate(member_scores):
        m = make_identity(root / f"member{i}", f"成员{i + 1}")
        members.append(m)
        sheets.append(sign(m, scores_with(changes), incident=incidents[i] if i < len(incidents) else ""))
    roots = [m.cert for m in members]
    verified = [verify_sheet_bytes(sheet_file_bytes(s), roots) for s in sheets]
    return Panel(chair, members, sheets, verified)


def signed_panel(p: Panel, *, cosigners: int | None = None, **options: Any) -> dict:
    """Build, chair-sign and co-sign by the first `cosigners` members (default all)."""
    doc = build_panel_result(RUBRIC, p.verified, chair=p.chair.cert, **options)
    doc = sign_panel(doc, p.chair, p.chair.private_key(PASS))
    for m in p.members[: len(p.members) if cosigners is None else cosigners]:
        doc = cosign_panel(doc, m, m.private_key(PASS))
    return doc


def panel_bytes(doc: dict) -> bytes:
    return panel_file_bytes(doc)


def panel_of_three_with_hub(root: Path) -> Panel:
    """The revocation tests' panel: a chair and three members with differing scores, and the
    admin identity of the hub that revokes certificates (`p.hub`)."""
    p = make_panel(root, [{"B1.1": "0.5"}, {"B9.1": "2"}, {"B1.1": "0"}])
    p.hub = make_identity(root / "hub", "测试中心", "admin")
    return p


def demo_workspace_trusting(path: Path, identities: Sequence[Identity]):  # noqa: ANN201 - a Workspace
    """A new workspace with the demo school imported, trusting each identity's certificate
    (the caller closes it)."""
    from workbench.evidence import import_package
    from workbench.panel.collect import add_trust
    from workbench.store import Workspace

    ws = Workspace.open(path)
    import_package(ws, demo_package_path())
    for ident in identities:
        add_trust(ws, ident.dir)
    return ws
