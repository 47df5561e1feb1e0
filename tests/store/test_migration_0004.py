"""Migration 0004: a 0003 workspace with schools opens with the school summary backfilled
from each school's newest package version, and lists the same schools as before."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import inspect, text

from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package
from workbench.rubric import load_rubric
from workbench.store import SchoolSummary, Workspace
from workbench.store.db import SCHEMA_HEAD, alembic_config, make_engine, schema_version


def _demo_manifest(tmp_path: Path) -> dict[str, Any]:
    with Workspace.open(tmp_path / "source") as ws:
        import_package(ws, demo_package_path())
        return copy.deepcopy(ws.school(DEMO_SCHOOL_CODE).manifest)


def _workspace_at_0003(root: Path, versions: list[tuple[str, int, dict[str, Any]]]) -> None:
    """A workspace as the 0003 workbench wrote it: schools and package versions only."""
    root.mkdir()
    (root / "blobs").mkdir()
    engine = make_engine(root / "workspace.db")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
        for code, version, m in versions:
            conn.execute(text("INSERT OR REPLACE INTO schools (code, name, created_at) "
                              "VALUES (:c, :n, '2026-11-01 08:00:00')"), {"c": code, "n": m["school"]["name"]})
            conn.execute(text(
                "INSERT INTO package_versions (school_code, version, manifest_hash, package_sha256, source_name, "
                "manifest_json, imported_at) VALUES (:c, :v, :h, :p, 'x.wbpkg', :m, '2026-11-01 08:00:00')"),
                {"c": code, "v": version, "h": f"sha256:{code}-{version}", "p": "0" * 64,
                 "m": json.dumps(m, ensure_ascii=False)})
    assert schema_version(engine) == "0003"
    assert "item_count" not in {c["name"] for c in inspect(engine).get_columns("schools")}
    engine.dispose()


def test_a_0003_workspace_with_schools_gets_its_summary_backfilled(tmp_path: Path) -> None:
    demo = _demo_manifest(tmp_path)
    old = copy.deepcopy(demo)
    old["school"].update(stage="junior", name="旧名称")
    demo["application"] = {**demo.get("application", {}), "type": "qualified"}
    old["application"] = {**old.get("application", {}), "type": "demonstration"}
    other = copy.deepcopy(demo)
    other["school"].update(code="520000000002", name="第二小学")
    other["school"].pop("stage", None)
    other["application"] = {}
    other["rubric"] = "no-such-rubric"  # made by a workbench with a rubric this one lacks
    root = tmp_path / "ws"
    # the demo school has two versions: the newest (2) is the one the list must describe
    _workspace_at_0003(root, [(DEMO_SCHOOL_CODE, 1, old), (DEMO_SCHOOL_CODE, 2, demo), ("520000000002", 1, other)])

    with Workspace.open(root) as ws:
        assert schema_version(ws.engine) == SCHEMA_HEAD
        listed = ws.list_schools()
        info = ws.school(DEMO_SCHOOL_CODE)  # the manifest-parsing path, as before 0004
    n_items = len(load_rubric(demo["rubric"]).items)
    assert listed == sorted([
        SchoolSummary(DEMO_SCHOOL_CODE, demo["school"]["name"], demo["school"].get("stage"), 2,
                      demo.get("application", {}).get("type"), n_items),
        SchoolSummary("520000000002", "第二小学", None, 1, None, None),
    ], key=lambda s: s.code)
    [mine] = [s for s in listed if s.code == DEMO_SCHOOL_CODE]
    assert (info.stage, info.package_version, info.application.get("type")) == \
        (mine.stage, mine.package_version, mine.application_type)


def test_an_empty_0003_workspace_upgrades_and_imports(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    _workspace_at_0003(root, [])
    with Workspace.open(root) as ws:
        assert ws.list_schools() == []
        import_package(ws, demo_package_path())
        [s] = ws.list_schools()
        assert (s.code, s.package_version) == (DEMO_SCHOOL_CODE, 1)
        assert s.items == len(ws.school(DEMO_SCHOOL_CODE).rubric.items)
