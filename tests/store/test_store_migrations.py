"""The migrations and the models describe the same schema, and opening is idempotent."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from workbench.store import Workspace
from workbench.store.db import SCHEMA_HEAD, alembic_config
from workbench.store.models import Base


def test_store_migrations_match_models(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "ws") as ws, ws.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == [], f"models changed without a migration: {diff}"
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert MigrationContext.configure(conn).get_current_revision() == head == SCHEMA_HEAD


def test_store_open_twice_and_from_empty_file(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    sqlite3.connect(root / "workspace.db").close()  # an empty database file: migrated, not refused
    Workspace.open(root).close()
    with Workspace.open(root) as ws:
        assert ws.list_schools() == []
