"""The school list read straight from `workspace.db` with the sqlite3 module, read-only.

Why: the window wants its school list on screen right after the first paint, but loading the
store (SQLAlchemy, the ORM, Alembic's check) takes ~0.5 s. What the list shows is stored on
each school's row at import (migration 0004), so one query answers it without them. This
module imports nothing heavy (see `workbench.store.__init__`); the full list (totals,
outcome, signed state) still comes from `Workspace` once it is open.

The answer is None whenever this quick look cannot be trusted: no database yet, a schema
without the summary columns (before 0004: the workspace will be migrated when opened), a
file that is locked, damaged or not a workspace. The caller then simply waits for the store.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

DB_NAME = "workspace.db"  # workbench.store.workspace.DB_NAME (a test keeps them equal)

_QUERY = """
SELECT s.code, s.name, s.package_version, s.item_count,
       (SELECT count(*) FROM entries e
         WHERE e.school_code = s.code AND e.reviewer_id = :reviewer AND e.score IS NOT NULL)
  FROM schools s
 WHERE s.package_version IS NOT NULL
 ORDER BY s.code
"""


@dataclass(frozen=True)
class IndexedSchool:
    code: str
    name: str
    package_version: int
    items: int | None  # items in the school's rubric
    scored: int  # items the local reviewer has scored (0 without a local reviewer)


def read_school_index(root: Path) -> list[IndexedSchool] | None:
    """Every school in the workspace folder `root`, by code, or None (see the module docstring)."""
    db = root / DB_NAME
    if not db.is_file():
        return None
    try:
        # mode=ro: never creates, migrates or writes anything; a short wait for a writer's lock
        con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=0.5)
    except (sqlite3.Error, OSError):
        return None
    try:
        con.execute("PRAGMA query_only=ON")
        me = con.execute("SELECT id FROM reviewers WHERE is_local ORDER BY id LIMIT 1").fetchone()
        rows = con.execute(_QUERY, {"reviewer": me[0] if me else None}).fetchall()
        return [IndexedSchool(str(c), str(n), int(v), None if i is None else int(i), int(k))
                for c, n, v, i, k in rows]
    except (sqlite3.Error, ValueError, TypeError):
        return None
    finally:
        con.close()
