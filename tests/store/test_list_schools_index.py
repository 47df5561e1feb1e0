"""The school list read with the sqlite3 module alone (`workbench.store.school_index`): the
same schools, versions and item counts as `Workspace.list_schools`, the local reviewer's
progress, None whenever the quick look cannot be trusted, and no SQLAlchemy imported."""

from __future__ import annotations

import copy
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from workbench.store import Workspace, workspace
from workbench.store.school_index import DB_NAME, IndexedSchool, read_school_index

from .conftest import CODE
from .test_migration_0004 import _demo_manifest, _workspace_at_0003


def test_index_matches_the_workspace(ws: Workspace) -> None:
    assert read_school_index(ws.root) == [IndexedSchool(CODE, ws.school(CODE).name, 1, 51, 0)]  # no reviewer yet
    me = ws.set_local_reviewer("王老师", "麻江县电教站", "member")
    other = ws.set_local_reviewer("王老师", "麻江县电教站", "member")
    assert other.id == me.id
    for item in ("B1.1", "B1.2", "B3.1"):
        ws.set_score(CODE, me.id, item, Decimal("0.5"))
    ws.set_score(CODE, me.id, "B3.1", None)  # cleared: not scored
    second = copy.deepcopy(ws.school(CODE).manifest)
    second["school"].update(code="520000000009", name="第九小学")
    ws.add_package_version(second, "sha256:" + "9" * 64, "0" * 64, "nine.wbpkg")
    index = read_school_index(ws.root)
    assert [(s.code, s.name, s.package_version, s.items) for s in index] == \
        [(s.code, s.name, s.package_version, s.items) for s in ws.list_schools()]
    assert {s.code: s.scored for s in index} == {c: len(ws.scores(c, me.id)) for c in (CODE, "520000000009")} \
        == {CODE: 2, "520000000009": 0}


def test_nothing_to_trust_reads_as_none(tmp_path: Path) -> None:
    assert read_school_index(tmp_path / "nowhere") is None
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / DB_NAME).write_bytes(b"this is not a database" * 100)
    assert read_school_index(tmp_path / "junk") is None
    old = tmp_path / "old"  # before migration 0004: no summary columns until the workspace opens
    _workspace_at_0003(old, [("520000000001", 1, _demo_manifest(tmp_path))])
    before = (old / DB_NAME).read_bytes()
    assert read_school_index(old) is None
    assert (old / DB_NAME).read_bytes() == before  # read-only: not migrated, not touched
    with Workspace.open(old) as ws:
        assert [s.code for s in read_school_index(old)] == [s.code for s in ws.list_schools()] == ["520000000001"]
    with Workspace.open(tmp_path / "empty"):
        assert read_school_index(tmp_path / "empty") == []


def test_the_index_loads_no_sqlalchemy() -> None:
    probe = ("import sys; from workbench.store.school_index import read_school_index; "
             "assert 'sqlalchemy' not in sys.modules and 'workbench.store.workspace' not in sys.modules; print('ok')")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "ok", out.stderr[-2000:]
    assert DB_NAME == workspace.DB_NAME
