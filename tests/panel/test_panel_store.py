"""Migration 0002: a workspace made before the panel tables opens with them added, data kept."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect

from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package
from workbench.store import Workspace
from workbench.store.db import alembic_config, make_engine, schema_version
from workbench.store.panel_store import PanelStore


def test_a_0001_workspace_is_upgraded_to_the_panel_tables(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "blobs").mkdir()
    engine = make_engine(root / "workspace.db")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    assert schema_version(engine) == "0001"
    assert "panel_sheets" not in inspect(engine).get_table_names()
    engine.dispose()
    with Workspace.open(root) as ws:
        assert schema_version(ws.engine) >= "0002"  # later migrations follow
        assert {"panel_sheets", "trust_roots"} <= set(inspect(ws.engine).get_table_names())
        import_package(ws, demo_package_path())
        store = PanelStore(ws)
        assert store.sheets(DEMO_SCHOOL_CODE) == [] and store.trust_roots() == []
        assert store.add_trust_root("ab" * 32, "-----BEGIN CERTIFICATE-----", "ca", "CA") is True
        assert store.add_trust_root("ab" * 32, "-----BEGIN CERTIFICATE-----", "ca", "CA") is False
