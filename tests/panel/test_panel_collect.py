"""The chair's workspace collects member sheets: every refusal says why, revisions, conflicts."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from panel_helpers import PASS, make_identity, make_panel, scores_with, sign  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package  # noqa: E402
from workbench.panel.collect import (  # noqa: E402
    add_trust,
    collect_bytes,
    collect_paths,
    current_sheets,
    merge_from_workspace,
    school_sheets,
)
from workbench.panel.document import sign_panel  # noqa: E402
from workbench.panel.errors import CollectError, PanelError  # noqa: E402
from workbench.panel.status import collection_lines, panel_status  # noqa: E402
from workbench.panel.verify import verify_panel_bytes  # noqa: E402
from workbench.signing.identity import create_identity, issue_certificate  # noqa: E402
from workbench.signing.sheet import next_revision, sheet_file_bytes, sheet_hash  # noqa: E402
from workbench.store import Workspace  # noqa: E402
from workbench.store.panel_store import PanelStore  # noqa: E402

CODE = DEMO_SCHOOL_CODE


@pytest.fixture(scope="module")
def p3(tmp_path_factory):
    return make_panel(tmp_path_factory.mktemp("p3"), [{"B1.1": "0.5"}, {"B9.1": "2"}, {"B1.1": "0"}])


@pytest.fixture
def ws(tmp_path: Path, p3) -> Iterator[Workspace]:
    w = Workspace.open(tmp_path / "ws")
    import_package(w, demo_package_path())
    for m in p3.members:
        add_trust(w, m.dir)
    yield w
    w.close()


def refused(ws: Workspace, data: bytes, reason: str, match: str, **kw) -> None:
    with pytest.raises(CollectError, match=match) as e:
        collect_bytes(ws, data, source="x.json", **kw)
    assert e.value.reason == reason


def test_collect_merge_and_status(ws, p3) -> None:
    results = [collect_bytes(ws, sheet_file_bytes(s), source=f"m{i}.json") for i, s in enumerate(p3.sheets)]
    assert [r.status for r in results] == ["added"] * 3
    state = school_sheets(ws, CODE)
    assert len(state.current) == 3 and not state.conflicts
    assert sorted(s.reviewer_name for s in state.current) == ["成员1", "成员2", "成员3"]
    assert any("current" in line for line in collection_lines(state))
    doc = merge_from_workspace(ws, CODE, p3.chair.cert, overrides={"B1.1": {"value": "1", "reason": "复核"}})
    assert {m["sheet_hash"] for m in doc["members"]} == {sheet_hash(s) for s in p3.sheets}
    doc = sign_panel(doc, p3.chair, p3.chair.private_key(PASS))
    st = panel_status(verify_panel_bytes(sheet_file_bytes(doc), p3.roots))
    assert st.chair.signed_at and st.needed == 3 and len(st.missing) == 3 and not st.final
    assert st.lines()[-1] == "status    NOT FINAL: needs 3 more member signature(s) (quorum 3)"


def test_same_sheet_twice_counts_once_and_says_so(ws, p3, tmp_path) -> None:
    f = tmp_path / "a.json"
    f.write_bytes(sheet_file_bytes(p3.sheets[0]))
    out = collect_paths(ws, [f, f])
    assert [r.status for r in out] == ["added", "duplicate"]
    assert "already collected" in out[1].message and "counted once" in out[1].message
    assert collect_paths(ws, [tmp_path])[0].status == "duplicate"  # a folder: its *.json files
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)  # would block a plain read forever
    got = [r for r in collect_paths(ws, [fifo, tmp_path / "missing.json"])]
    assert [r.status for r in got] == ["refused", "refused"]
    assert "named pipe" in got[0].message and "no such file" in got[1].message
    assert len(PanelStore(ws).sheets(CODE)) == 1


def test_refusals_name_why(ws, p3, tmp_path) -> None:
    m = p3.members[0]
    good = sheet_file_bytes(p3.sheets[0])
    tampered = good.replace(b'"score":"0.5"', b'"score":"1"', 1)
    refused(ws, tampered, "bad_signature", "x.json: bad signature: signature mismatch")
    stranger = make_identity(tmp_path / "s", "陌生人")
    refused(ws, sheet_file_bytes(sign(stranger, scores_with({}))), "untrusted", "untrusted reviewer.*陌生人")
    sch = dict(p3.sheets[0]["school"], code="MJ-XX-999")
    refused(ws, sheet_file_bytes(sign(m, scores_with({}), school=sch)), "another_school",
            "school MJ-XX-999 .*成员1.*is not in this workspace")
    refused(ws, good, "another_school", f"a sheet of school {CODE}, not MJ-OTHER", school="MJ-OTHER")
    refused(ws, sheet_file_bytes(sign(m, scores_with({}), manifest_hash="sha256:" + "1" * 64)), "another_package",
            "成员1.*scored another package version")
    refused(ws, sheet_file_bytes(sign(m, scores_with({"B2.1": None}), allow_incomplete=True)), "provisional",
            "provisional sheet of 成员1")
    add_trust(ws, p3.chair.dir)
    refused(ws, sheet_file_bytes(sign(p3.chair, scores_with({}))), "not_member_role",
            "王芳.*chair certificate, not a member's")
    assert PanelStore(ws).sheets(CODE) == []


def test_bureau_ca_as_trust_root(tmp_path, p3) -> None:
    ca = create_identity(tmp_path / "ca", "麻江县教育局评估中心", "麻江县教育局", "member", PASS, ca=True,
                         kdf_rounds=1000)
    m = make_identity(tmp_path / "m", "周八")
    issue_certificate(ca.dir, PASS, m.dir, name="周八", org="麻江县教育局", role="member")
    from workbench.signing.identity import load_identity
    m = load_identity(m.dir)
    with Workspace.open(tmp_path / "ws") as w:
        import_package(w, demo_package_path())
        data = sheet_file_bytes(sign(m, scores_with({})))
        refused(w, data, "untrusted", "trusts no certificate yet")
        assert add_trust(w, ca.dir / "cert.pem")[0][1:] == ("ca", "麻江县教育局评估中心", True)
        assert add_trust(w, ca.dir / "cert.pem")[0][3] is False
        assert collect_bytes(w, data).status == "added"


def test_revisions_newest_counts_forks_and_gaps_are_conflicts(ws, p3) -> None:
    m = p3.members[0]
    r1 = p3.sheets[0]
    r2 = sign(m, scores_with({"B1.1": "1"}), **next_revision(r1))
    r3 = sign(m, scores_with({"B1.1": "0"}), **next_revision(r2))
    # revision 3 before 2: a gap, shown and refused by the merge until 2 arrives
    for s in (r1, r3):
        collect_bytes(ws, sheet_file_bytes(s))
    for s in p3.sheets[1:]:
        collect_bytes(ws, sheet_file_bytes(s))
    state = school_sheets(ws, CODE)
    assert len(state.conflicts) == 1 and "gap in the chain: revision 3" in state.conflicts[0].message
    with pytest.raises(PanelError, match="成员1.*gap in the chain"):
        current_sheets(ws, CODE)
    collect_bytes(ws, sheet_file_bytes(r2))
    state = school_sheets(ws, CODE)
    assert not state.conflicts and {s.sheet_hash for s in state.current} >= {sheet_hash(r3)}
    assert {s.revision for s in state.superseded} == {1, 2}
    cur = {v.sheet_hash for v in current_sheets(ws, CODE)}
    assert sheet_hash(r3) in cur and sheet_hash(r1) not in cur
    # a second revision 3 also superseding revision 2: a fork
    fork = sign(m, scores_with({"B1.1": "0.5", "B1.2": "0.5"}), **next_revision(r2))
    assert collect_bytes(ws, sheet_file_bytes(fork)).status == "added"
    state = school_sheets(ws, CODE)
    assert "two revisions supersede the same sheet" in state.conflicts[0].message
    assert any(line.startswith("CONFLICT  成员1") for line in collection_lines(state))
    with pytest.raises(PanelError, match="成员1.*two revisions supersede the same sheet"):
        merge_from_workspace(ws, CODE, p3.chair.cert)


def test_two_sheets_of_one_reviewer_not_a_chain_are_refused(ws, p3) -> None:
    collect_bytes(ws, sheet_file_bytes(p3.sheets[0]))
    other = sign(p3.members[0], scores_with({"B1.1": "1"}))  # a fresh sheet id, not a revision
    refused(ws, sheet_file_bytes(other), "not_a_chain", "成员1.*already has sheet .* is not a revision of it")


def test_stored_bytes_are_kept_exactly(ws, p3) -> None:
    data = sheet_file_bytes(p3.sheets[1])
    collect_bytes(ws, data)
    assert PanelStore(ws).sheet_bytes(sheet_hash(p3.sheets[1])) == data
