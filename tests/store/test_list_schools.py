"""list_schools reads what the import stored: the same answers as the manifests give, and a
cost per call that stays flat from 20 to 200 schools (no manifest parsed per school)."""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path
from typing import Any

from sqlalchemy import text

from workbench.evidence import DEMO_SCHOOL_CODE
from workbench.store import SchoolSummary, Workspace

from .conftest import CODE


def test_list_schools_says_what_the_newest_manifest_says(ws: Workspace) -> None:
    info = ws.school(CODE)
    assert ws.list_schools() == [SchoolSummary(CODE, info.name, info.stage, 1, info.application.get("type"),
                                               len(info.rubric.items))]
    newer = copy.deepcopy(info.manifest)
    newer["school"].update(name="麻江县示范路小学(新)", stage="junior")
    newer["application"] = {**newer.get("application", {}), "type": "qualified"}
    assert ws.add_package_version(newer, "sha256:" + "1" * 64, "2" * 64, "v2.wbpkg").created
    [s] = ws.list_schools()
    assert (s.name, s.stage, s.package_version, s.application_type) == \
        ("麻江县示范路小学(新)", "junior", 2, "qualified")
    assert s == SchoolSummary(CODE, *[getattr(ws.school(CODE), k) for k in ("name", "stage", "package_version")],
                              "qualified", s.items)
    # the same package again is no new version and changes nothing
    assert not ws.add_package_version(newer, "sha256:" + "1" * 64, "2" * 64, "again.wbpkg").created
    assert ws.list_schools() == [s]


def _add_schools(ws: Workspace, manifest: dict[str, Any], start: int, stop: int) -> None:
    """Rows as add_package_version writes them, in one transaction (cheap: no 200 imports)."""
    with ws.engine.begin() as conn:
        for i in range(start, stop):
            m = copy.deepcopy(manifest)
            m["school"]["code"] = code = f"52{i:010d}"
            conn.execute(text(
                "INSERT INTO schools (code, name, created_at, stage, package_version, application_type, item_count) "
                "VALUES (:c, :n, '2026-11-01', :s, 1, :a, 51)"),
                {"c": code, "n": m["school"]["name"], "s": m["school"].get("stage"),
                 "a": m.get("application", {}).get("type")})
            conn.execute(text(  # the manifest too, as big as a real one: parsing it would show
                "INSERT INTO package_versions (school_code, version, manifest_hash, package_sha256, source_name, "
                "manifest_json, imported_at) VALUES (:c, 1, :h, :p, 'x.wbpkg', :m, '2026-11-01')"),
                {"c": code, "h": f"sha256:{i:064x}", "p": "0" * 64, "m": json.dumps(m, ensure_ascii=False)})


def _best_call(ws: Workspace, n: int) -> float:
    best = float("inf")
    for _ in range(n):
        t = time.perf_counter()
        ws.list_schools()
        best = min(best, time.perf_counter() - t)
    return best


def test_list_schools_is_flat_from_20_to_200_schools(tmp_path: Path, ws: Workspace) -> None:
    manifest = ws.school(DEMO_SCHOOL_CODE).manifest
    with Workspace.open(tmp_path / "small") as small, Workspace.open(tmp_path / "big") as big:
        _add_schools(small, manifest, 0, 20)
        _add_schools(big, manifest, 0, 200)
        assert len(small.list_schools()) == 20 and len(big.list_schools()) == 200
        t20, t200 = [], []
        for _ in range(5):  # interleaved, best of many: a busy machine slows both alike
            t20.append(_best_call(small, 10))
            t200.append(_best_call(big, 10))
    ratio = min(t200) / min(t20)
    # one query: ~2.5x for 10x the rows here (the per-school manifest parse it replaced was ~10x)
    assert ratio < 4.5, f"list_schools: 200 schools {min(t200) * 1e3:.2f} ms, 20 schools {min(t20) * 1e3:.2f} ms"
