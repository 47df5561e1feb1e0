"""Scores, notes, checklist, methods and the incident: validated, committed at once, audited."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from workbench.errors import ScoreError, StoreError
from workbench.evidence import demo_package_path
from workbench.scoring import score
from workbench.store import Workspace

from .conftest import CODE


def test_store_score_is_committed_and_audited(ws, me, tmp_path: Path) -> None:
    ws.set_score(CODE, me.id, "B1.1", "1")
    ws.set_score(CODE, me.id, "B1.1", Decimal("0.5"), reason="会议记录不全")
    ws.set_score(CODE, me.id, "B1.1", "0.5")  # unchanged: no audit row
    ws.set_score(CODE, me.id, "B3.2", "1.5")
    ws.set_score(CODE, me.id, "B3.2", None)  # cleared
    # a second connection (another process would see the same) has every edit
    with Workspace.open(ws.root) as other:
        assert other.scores(CODE, me.id) == {"B1.1": Decimal("0.5")}
        trail = [(a.item_id, a.field, a.old, a.new, a.reason, a.reviewer_name) for a in other.audit(CODE)]
    assert trail == [
        ("B1.1", "score", None, "1", None, "王老师"),
        ("B1.1", "score", "1", "0.5", "会议记录不全", "王老师"),
        ("B3.2", "score", None, "1.5", None, "王老师"),
        ("B3.2", "score", "1.5", None, None, "王老师"),
    ]
    assert [a.new for a in ws.audit(CODE, "B1.1")] == ["1", "0.5"]


@pytest.mark.parametrize("item,value,msg", [
    ("B1.1", "1.5", "B1.1"), ("B1.1", "0.3", "0.5"), ("B1.1", "-0.5", "B1.1"), ("B1.1", "abc", "B1.1"),
    ("B99.1", "1", "unknown item"),
])
def test_store_bad_scores_are_refused_and_change_nothing(ws, me, item, value, msg) -> None:
    with pytest.raises(ScoreError, match=msg):
        ws.set_score(CODE, me.id, item, value)
    assert ws.scores(CODE, me.id) == {} and ws.audit(CODE) == []


def test_store_unknown_school_and_reviewer(ws, me) -> None:
    with pytest.raises(StoreError, match="no school with code 'NOPE'"):
        ws.set_score("NOPE", me.id, "B1.1", "1")
    with pytest.raises(StoreError, match="no reviewer with id 999"):
        ws.set_score(CODE, 999, "B1.1", "1")


def test_store_checks_methods_notes(ws, me) -> None:
    ws.set_check(CODE, me.id, "B1.1", 0, True)
    ws.set_check(CODE, me.id, "B1.1", 0, True)
    ws.set_methods(CODE, me.id, "B1.1", ["site_visit", "report"])
    ws.set_note(CODE, me.id, "B1.1", "领导小组文件齐全")
    assert ws.checks(CODE, me.id) == {"B1.1": frozenset({0})}
    assert ws.methods(CODE, me.id) == {"B1.1": ("report", "site_visit")}
    assert ws.notes(CODE, me.id) == {"B1.1": "领导小组文件齐全"}
    ws.set_check(CODE, me.id, "B1.1", 0, False)
    assert ws.checks(CODE, me.id) == {}
    assert [a.field for a in ws.audit(CODE)] == ["checks", "methods", "note", "checks"]
    with pytest.raises(StoreError, match="unknown evaluation method 'guess'"):
        ws.set_methods(CODE, me.id, "B1.1", ["guess"])
    with pytest.raises(StoreError, match="no checklist entry"):
        ws.set_check(CODE, me.id, "B1.1", 99, True)


def test_store_incident_needs_description_and_sets_outcome(ws, me) -> None:
    for item in ws.school(CODE).rubric.items:
        ws.set_score(CODE, me.id, item.id, item.points)
    assert ws.result(CODE, me.id).outcome == "demonstration"
    with pytest.raises(StoreError, match="needs a description"):
        ws.set_security_incident(CODE, me.id, True, "  ")
    ws.set_security_incident(CODE, me.id, True, "2026年3月校园网遭勒索病毒攻击")
    r = ws.result(CODE, me.id)
    assert (r.outcome, r.total, "security_incident" in r.flags) == ("not_evaluated", Decimal(100), True)
    ws.set_security_incident(CODE, me.id, False)
    assert ws.security_incident(CODE, me.id) == (False, "")
    assert ws.result(CODE, me.id).outcome == "demonstration"
    assert [a.field for a in ws.audit(CODE) if a.item_id is None] == ["security_incident"] * 2


def test_store_result_matches_engine(ws, me) -> None:
    info = ws.school(CODE)
    given = {"B1.1": "1", "B2.1": "2", "B3.1": "0.5", "B9.1": "3.5"}
    for k, v in given.items():
        ws.set_score(CODE, me.id, k, v)
    mine = ws.result(CODE, me.id)
    ref = score(info.rubric, given, self_assessment=info.self_assessment, facts=info.facts)
    assert mine.to_json() == ref.to_json() and mine.total == Decimal("7")
    assert mine.provisional and "incomplete" in mine.flags


def test_store_scores_are_per_reviewer(ws, me) -> None:
    ws.set_score(CODE, me.id, "B1.1", "1")
    # a second reviewer (e.g. merged from a colleague) does not see or change mine
    from workbench.store.models import ReviewerRow
    with ws._tx() as s:
        other = ReviewerRow(name="李老师", org="", role="chair")
        s.add(other)
        s.flush()
        oid = other.id
    ws.set_score(CODE, oid, "B1.1", "0")
    assert ws.scores(CODE, me.id) == {"B1.1": Decimal(1)}
    assert ws.scores(CODE, oid) == {"B1.1": Decimal(0)}


def test_store_reviewer_identity_and_settings(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "w") as ws:
        assert ws.local_reviewer() is None
        with pytest.raises(StoreError, match="name is empty"):
            ws.set_local_reviewer(" ", "x", "member")
        with pytest.raises(StoreError, match="unknown panel role"):
            ws.set_local_reviewer("张三", "x", "boss")
        a = ws.set_local_reviewer("张三", "凯里学院", "member")
        b = ws.set_local_reviewer("张三", "凯里学院", "chair")
        assert a.id == b.id and ws.local_reviewer().role == "chair" and len(ws.reviewers()) == 1
        assert ws.get_setting("last_school") is None
        ws.set_setting("last_school", "MJ-PS-001")
    with Workspace.open(tmp_path / "w") as ws:  # reopen: migrations are a no-op, data is there
        assert ws.get_setting("last_school") == "MJ-PS-001" and ws.local_reviewer().name == "张三"


def test_store_workspace_location(tmp_path: Path, monkeypatch) -> None:
    from workbench.store import default_root
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "home"))
    assert default_root() == tmp_path / "home"
    with Workspace.open() as ws:
        assert ws.root == tmp_path / "home" and (ws.root / "workspace.db").is_file()
    monkeypatch.delenv("WORKBENCH_HOME")
    assert default_root().name == "workbench"


def test_store_unwritable_or_foreign_workspace(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the workspace folder"):
        Workspace.open(blocker / "ws")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "workspace.db").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="damaged or not a workbench database"):
        Workspace.open(bad)


def test_store_wal_and_pragmas(ws) -> None:
    with ws.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_store_scores_survive_new_package_version(ws, me, tmp_path: Path) -> None:
    import json
    import zipfile

    from workbench.evidence import import_package
    ws.set_score(CODE, me.id, "B1.1", "1")
    changed = tmp_path / "v2.wbpkg"
    with zipfile.ZipFile(demo_package_path()) as src, zipfile.ZipFile(changed, "w") as dst:
        m = json.loads(src.read("manifest.json"))
        for f in m["files"]:
            dst.writestr(f["path"], src.read(f["path"]))
        m["application"]["reason"] = "补充说明"
        dst.writestr("manifest.json", json.dumps(m, ensure_ascii=False))
    assert import_package(ws, changed).version == 2
    assert ws.scores(CODE, me.id) == {"B1.1": Decimal(1)}


def test_store_concurrent_writers_from_threads(ws, me) -> None:
    """The GUI writes from the UI thread while an import or photo job writes from a worker:
    BEGIN IMMEDIATE makes them queue instead of failing with 'database is locked'."""
    import threading
    items = [i.id for i in ws.school(CODE).rubric.items]
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            for n, item in enumerate(items):
                if n % 4 == k:
                    ws.set_score(CODE, me.id, item, "0.5", reason=f"thread {k}")
                    ws.set_note(CODE, me.id, item, f"t{k}")
                ws.scores(CODE, me.id)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert ws.scores(CODE, me.id) == dict.fromkeys(items, Decimal("0.5"))
    assert len(ws.audit(CODE)) == 2 * len(items)
