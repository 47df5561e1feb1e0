"""Every signing queues (issue 11): `panel merge`, `panel cosign`, `sheet sign` on the CLI, and
the window's panel view (chair signs, member co-signs) and print dialog (sheet) put the signed
document in the signer's workspace outbox; a command never creates a workspace to queue in."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "panel"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "signing"))
from panel_helpers import PASS, full_points, make_identity, make_panel  # noqa: E402

from workbench.cli.main import main  # noqa: E402
from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package  # noqa: E402
from workbench.panel.collect import add_trust, collect_bytes  # noqa: E402
from workbench.panel.document import panel_file_bytes, panel_hash  # noqa: E402
from workbench.panel.verify import parse_panel  # noqa: E402
from workbench.rubric.canonical import canonical_hash  # noqa: E402
from workbench.signing.identity import default_identity_dir  # noqa: E402
from workbench.signing.sheet import sheet_file_bytes, sheet_hash  # noqa: E402
from workbench.store import Workspace  # noqa: E402
from workbench.store.outbox import Outbox  # noqa: E402
from workbench.sync import settings  # noqa: E402

CODE = DEMO_SCHOOL_CODE


@pytest.fixture(autouse=True)
def passphrase(monkeypatch):
    monkeypatch.setenv("WB_PASS", PASS)


def run(*argv: object) -> int:
    return main([str(a) for a in argv])


def member_ws(root: Path, ident) -> Path:  # noqa: ANN001 - Identity
    """A member's workspace whose sync identity is `ident`."""
    with Workspace.open(root) as ws:
        settings.set_identity_dir(ws, ident.dir)
    return root


def entries(root: Path) -> list:
    with Workspace.open(root) as ws:
        return Outbox(ws).entries()


@pytest.fixture(scope="module")
def p2(tmp_path_factory):
    return make_panel(tmp_path_factory.mktemp("p2"), [{"B9.1": "2"}, {"B9.1": "4"}])


def test_cli_merge_and_cosign_queue_in_the_signers_workspaces(p2, tmp_path) -> None:
    chair_ws = tmp_path / "chair"
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    for i, s in enumerate(p2.sheets):
        (sheets / f"m{i}.json").write_bytes(sheet_file_bytes(s))
    assert run("package", "import", demo_package_path(), "--workspace", chair_ws) == 0
    assert run("panel", "trust", *(m.dir for m in p2.members), "--workspace", chair_ws) == 0
    assert run("panel", "add", sheets, "--workspace", chair_ws) == 0
    panel = tmp_path / "panel.json"
    assert run("panel", "merge", "--school", CODE, "-o", panel, "--identity", p2.chair.dir,
               "--passphrase-env", "WB_PASS", "--workspace", chair_ws) == 0
    [e] = entries(chair_ws)
    assert e.kind == "panel" and e.state == "waiting" and e.doc_hash == canonical_hash(parse_panel(panel.read_bytes()))

    m0 = member_ws(tmp_path / "m0", p2.members[0])
    stranger = member_ws(tmp_path / "other", p2.members[1])  # another signer's workspace: not ours
    assert run("panel", "cosign", panel, "-o", panel, "--identity", p2.members[0].dir,
               "--passphrase-env", "WB_PASS", "--workspace", m0) == 0
    [c] = entries(m0)
    doc = parse_panel(panel.read_bytes())
    assert c.kind == "panel" and c.doc_hash == canonical_hash(doc) and len(doc["signatures"]) == 2
    assert panel_hash(doc) == panel_hash(parse_panel(panel_file_bytes(doc)))
    # the second member co-signs while naming a workspace that is not theirs: nothing queued there
    assert run("panel", "cosign", panel, "-o", panel, "--identity", p2.members[1].dir,
               "--passphrase-env", "WB_PASS", "--workspace", m0) == 0
    assert len(entries(m0)) == 1 and entries(stranger) == []
    # no workspace at all: signed, and no workspace was made just to queue
    nowhere = tmp_path / "nowhere"
    assert run("panel", "cosign", panel, "-o", tmp_path / "again.json", "--identity", p2.members[0].dir,
               "--passphrase-env", "WB_PASS", "--workspace", nowhere) == 2  # already co-signed
    assert not nowhere.exists()


def test_cli_sheet_sign_queues_in_the_signers_workspace(tmp_path) -> None:
    me = make_identity(tmp_path / "id", "李四")
    ws = member_ws(tmp_path / "ws", me)
    scores = tmp_path / "scores.json"
    scores.write_text(json.dumps({"rubric": "majiang-2015", "scores": {k: str(v) for k, v in full_points().items()}}),
                      encoding="utf-8")
    out = tmp_path / "sheet.json"
    args = ("sheet", "sign", scores, "--package", demo_package_path(), "--identity", me.dir,
            "--passphrase-env", "WB_PASS")
    assert run(*args, "-o", out, "--workspace", ws) == 0
    [e] = entries(ws)
    assert e.kind == "sheet" and e.doc_hash == sheet_hash(json.loads(out.read_bytes()))
    nowhere = tmp_path / "nowhere"
    assert run(*args, "-o", tmp_path / "s2.json", "--workspace", nowhere) == 0
    assert not nowhere.exists() and len(entries(ws)) == 1


# -- the window -----------------------------------------------------------------------------

@pytest.fixture
def chair_ws(tmp_path):
    """A chair's workspace: the demo school, the chair's identity, two members' sheets collected."""
    from panel_helpers import sign as sign_sheet_for

    ws = Workspace.open(tmp_path / "ws")
    import_package(ws, demo_package_path())
    chair = make_identity(default_identity_dir(ws.root), "张组长", "chair")
    members = []
    for n in range(2):
        m = make_identity(tmp_path / f"m{n}", f"成员{n + 1}")
        add_trust(ws, m.dir)
        collect_bytes(ws, sheet_file_bytes(sign_sheet_for(m, full_points())), source=f"m{n}.json")
        members.append(m)
    yield ws, chair, members
    ws.close()


def test_window_panel_sign_and_cosign_queue(qtbot, chair_ws) -> None:
    from workbench.ui.panel.view import PanelView

    ws, chair, members = chair_ws
    view = PanelView(ws, CODE, lang="en")
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.collection is not None and not view.busy, timeout=10_000)
    with qtbot.waitSignal(view.stateChanged, timeout=30_000):
        view.merge_button.click()
    assert Outbox(ws).entries() == []  # merged but unsigned: nothing to send
    view.ask_passphrase = lambda: PASS
    with qtbot.waitSignal(view.stateChanged, timeout=30_000):
        view.sign_button.click()
    [e] = Outbox(ws).entries()
    assert e.kind == "panel" and e.doc_hash == canonical_hash(view.state.doc)
    view.set_identity_dir(members[0].dir)
    with qtbot.waitSignal(view.stateChanged, timeout=30_000):
        view.sign_button.click()
    got = Outbox(ws).entries()
    assert [x.doc_hash for x in got] == [e.doc_hash, canonical_hash(view.state.doc)]
    assert len(view.state.doc["signatures"]) == 2


def test_window_print_dialog_sign_queues_the_sheet(qtbot, tmp_path, monkeypatch) -> None:
    from workbench.ui.signing.print_dialog import PrintDialog

    ws = Workspace.open(tmp_path / "ws")
    try:
        ws.set_local_reviewer("王芳", "麻江县教育和科技局", "member")
        import_package(ws, demo_package_path())
        me = ws.local_reviewer()
        for iid, v in full_points().items():
            ws.set_score(CODE, me.id, iid, v)
        make_identity(ws.root / "identity", me.name, "member", org=me.org)
        dlg = PrintDialog(ws, CODE, me)
        qtbot.addWidget(dlg)
        qtbot.waitUntil(lambda: dlg.pdf is not None, timeout=20_000)
        qtbot.wait(20)  # let the settled task's deleteLater run (see tests/ui/test_signing_ui.py)
        monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (PASS, True)))
        dlg.sign()
        qtbot.waitUntil(lambda: dlg.signed, timeout=30_000)
        qtbot.wait(20)
        [e] = Outbox(ws).entries()
        assert e.kind == "sheet" and e.state == "waiting" and e.school == CODE
    finally:
        ws.close()


def test_window_panel_view_opens_on_the_result_with_the_cosignatures_that_came_back(qtbot, chair_ws) -> None:
    """Copies co-signed on the members' laptops (pulled or bundled, kept as received) are merged
    into what the chair's panel view opens on: final at quorum; a new merge supersedes it."""
    from workbench.panel.collect import merge_from_workspace
    from workbench.panel.document import cosign_panel
    from workbench.panel.signing import sign_and_queue
    from workbench.store.outbox import keep_received
    from workbench.ui.panel.view import PanelView

    ws, chair, members = chair_ws
    doc = sign_and_queue(ws, merge_from_workspace(ws, CODE, chair.cert, quorum=2), chair, chair.private_key(PASS))
    for m in members:  # each member co-signed the chair's copy on their own laptop
        copy = cosign_panel(doc, m, m.private_key(PASS))
        assert keep_received(ws, canonical_hash(copy), "panel", CODE, panel_file_bytes(copy), "hub")
    view = PanelView(ws, CODE, lang="en")
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.state is not None and not view.busy, timeout=20_000)
    st = view.state
    assert st.final and set(st.signed) == {chair.fingerprint, *(m.fingerprint for m in members)}
    assert panel_hash(st.doc) == panel_hash(doc) and "Final" in view.sign_status.text()
    with qtbot.waitSignal(view.stateChanged, timeout=30_000):
        view.merge_button.click()
    assert view.state.doc["revision"] == 2 and view.state.doc["supersedes"] == panel_hash(doc)
