"""The panel view: three members' sheets collected in the chair's workspace, merged off the UI
thread; the grid shows each member's score, computed and final values and colours disagreement;
one override with its reason; the chair signs, two members co-sign (quorum two): final."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

sys.path.insert(0, str(Path(__file__).parent.parent / "panel"))
from panel_print_helpers import PASS, member_scores, signature_png  # noqa: E402
from sheet_helpers import make_identity, signed_sheet  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package  # noqa: E402
from workbench.panel.collect import add_trust, collect_bytes  # noqa: E402
from workbench.panel.verify import verify_panel_bytes  # noqa: E402
from workbench.signing.identity import default_identity_dir, save_signature_image  # noqa: E402
from workbench.signing.sheet import sheet_file_bytes  # noqa: E402
from workbench.store import Workspace  # noqa: E402
from workbench.ui.panel.models import DISAGREE, EXTREME, OVERRIDDEN  # noqa: E402
from workbench.ui.panel.view import PanelView  # noqa: E402

MEMBERS = (("李四", "麻江县第一中学"), ("王五", "麻江县电教站"), ("赵六", "凯里学院"))


@pytest.fixture
def chair_ws(tmp_path):
    """A chair's workspace: the demo school, the chair's identity, three members' sheets collected."""
    ws = Workspace.open(tmp_path / "ws")
    import_package(ws, demo_package_path())
    chair = make_identity(default_identity_dir(ws.root), name="张组长", role="chair")
    save_signature_image(chair.dir, signature_png(0))
    members = []
    for n, (name, org) in enumerate(MEMBERS):
        m = make_identity(tmp_path / f"m{n}", name=name, org=org)
        add_trust(ws, m.dir)
        collect_bytes(ws, sheet_file_bytes(signed_sheet(m, member_scores(n))), source=f"{name}.json")
        members.append(m)
    yield ws, chair, members
    ws.close()


def _wait(qtbot, view: PanelView, action) -> None:  # noqa: ANN001
    with qtbot.waitSignal(view.stateChanged, timeout=30_000, raising=True):
        action()
    assert not view.busy


def _cell(view: PanelView, item: str, col: int):  # noqa: ANN202
    m = view.grid_model
    return m.index(m.row_of(item), col)


def test_panel_view_merge_override_sign_cosign_final(qtbot, chair_ws, tmp_path):
    ws, chair, members = chair_ws
    view = PanelView(ws, DEMO_SCHOOL_CODE, lang="en")
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.collection is not None and not view.busy, timeout=10_000)
    assert view.collected_label.text() == "Sheets: 3"
    assert view.merge_button.isEnabled() and not view.sign_button.isEnabled()  # nothing to sign yet
    view.quorum.setValue(2)

    # merge: submitted to the runner, the UI thread goes on
    with qtbot.waitSignal(view.stateChanged, timeout=30_000):
        view.merge_button.click()
        assert view.busy and not view.merge_button.isEnabled()
    st = view.state
    assert st is not None and st.doc["quorum"] == 2 and len(st.doc["members"]) == 3
    grid = view.grid_model
    assert grid.rowCount() == 51 and grid.columnCount() == 2 + 3 + 3
    names = [grid.headerData(c, Qt.Orientation.Horizontal) for c in range(grid.columnCount())]
    assert set(names[2:5]) == {n for n, _ in MEMBERS} and names[5:] == ["Computed", "Final", "Spread"]
    rec = st.doc["items"]["B3.2"]
    assert rec["flagged"] and rec["spread"] == "2"
    for fp, col in zip([m["fingerprint"] for m in st.doc["members"]], range(2, 5), strict=True):
        assert _cell(view, "B3.2", col).data() == rec["scores"][fp]
    assert _cell(view, "B3.2", grid.col_computed).data() == rec["computed"]
    bg = {_cell(view, "B3.2", c).data(Qt.ItemDataRole.BackgroundRole).color().name()
          for c in range(2, grid.col_spread + 1)}
    assert DISAGREE.name() in bg and EXTREME.name() in bg
    assert _cell(view, "B1.1", 3).data(Qt.ItemDataRole.BackgroundRole) is None  # agreement: no colour
    assert "α" in view.alpha_label.text() and st.doc["agreement"]["alpha"] in view.alpha_label.text()
    devs = [view.signer_model.index(r, 3).data() for r in range(1, 4)]
    assert all(d for d in devs)  # per-member deviation shown

    # the flagged filter
    flagged = sum(1 for r in st.doc["items"].values() if r["flagged"])
    view.only_flagged.setChecked(True)
    assert view.proxy.rowCount() == flagged >= 1
    view.only_flagged.setChecked(False)
    assert view.proxy.rowCount() == 51

    # one override with its reason: the button waits for the reason
    view.select_item("B3.2")
    ed = view.editor
    assert ed.isEnabled() and ed.item_id == "B3.2"
    ed.value.setValue(1.0)
    assert not ed.apply_button.isEnabled()
    ed.reason.setPlainText("现场复核:机房设备台账齐全,取 1 分。")
    assert ed.apply_button.isEnabled()
    _wait(qtbot, view, ed.apply_button.click)
    rec = view.state.doc["items"]["B3.2"]
    assert rec["override"] == {"value": "1", "reason": "现场复核:机房设备台账齐全,取 1 分。"} and rec["final"] == "1"
    assert view.state.doc["revision"] == 1  # nobody had signed: the same revision, re-derived
    final_cell = _cell(view, "B3.2", grid.col_final)
    assert final_cell.data() == "1 *" and final_cell.data(Qt.ItemDataRole.BackgroundRole) == QBrush(OVERRIDDEN)
    assert "现场复核" in final_cell.data(Qt.ItemDataRole.ToolTipRole)

    # the opinion, then the chair signs
    view.opinion.setPlainText("该校智慧校园建设规划完整,建议加强数据安全管理。")
    assert view.opinion_button.isEnabled()
    _wait(qtbot, view, view.opinion_button.click)
    view.ask_passphrase = lambda: PASS
    assert view.sign_button.text() == "Sign as chair…"
    _wait(qtbot, view, view.sign_button.click)
    st = view.state
    assert set(st.signed) == {chair.fingerprint} and not st.final
    assert "Not final" in view.sign_status.text() and all(m.signer.name in view.sign_status.text() for m in members)
    assert view.signer_model.index(0, 5).data().startswith("signed ")

    # two members co-sign the very same bytes, each with their own identity
    for n, m in enumerate(members[:2]):
        view.set_identity_dir(m.dir)
        assert view.sign_button.text() == "Co-sign…" and view.sign_button.isEnabled()
        assert not view.merge_button.isEnabled() and not view.editor.isEnabled()  # members do not edit
        _wait(qtbot, view, view.sign_button.click)
        assert len(view.state.signed) == 2 + n
    st = view.state
    assert st.final and "Final" in view.sign_status.text()
    assert not view.sign_button.isEnabled()  # this member has signed

    # the document on disk verifies as final against the pinned certificates
    out = tmp_path / "PANEL.json"
    view.save_panel(out)
    v = verify_panel_bytes(out.read_bytes(), [chair.cert] + [m.cert for m in members])
    assert v.final and v.doc["items"]["B3.2"]["override"]["value"] == "1"
    assert [s.name for s, _fp, _at in v.signers] == ["张组长", members[0].signer.name, members[1].signer.name]


def test_change_after_signing_is_a_new_revision(qtbot, chair_ws):
    ws, chair, members = chair_ws
    view = PanelView(ws, DEMO_SCHOOL_CODE, lang="en")
    qtbot.addWidget(view)
    _wait(qtbot, view, view.merge)
    view.ask_passphrase = lambda: PASS
    _wait(qtbot, view, view.sign)
    signed_hash = view.state.panel_hash
    view.select_item("B1.1")
    view.editor.value.setValue(0.5)
    view.editor.reason.setPlainText("资料不全")
    _wait(qtbot, view, view.editor.apply_button.click)
    d = view.state.doc
    assert d["revision"] == 2 and d["supersedes"] == signed_hash and d["signatures"] == []
    assert view.state.missing and not view.state.final


def test_member_not_in_panel_cannot_sign_and_errors_show(qtbot, chair_ws, tmp_path):
    ws, chair, members = chair_ws
    view = PanelView(ws, DEMO_SCHOOL_CODE, lang="en")
    qtbot.addWidget(view)
    _wait(qtbot, view, view.merge)
    outsider = make_identity(tmp_path / "x", name="外人")
    view.set_identity_dir(outsider.dir)
    assert not view.sign_button.isEnabled() and "not the chair or a member" in view.sign_button.toolTip()
    view.set_identity_dir(chair.dir)
    view.method.setCurrentIndex(view.method.findData("trimmed"))  # 3 sheets: refused by the core
    with qtbot.waitSignal(view.failed, timeout=30_000) as sig:
        view.merge()
    assert "trimmed" in sig.args[0] and "trimmed" in view.status.text()


def test_print_preview_signs_the_form(qtbot, chair_ws):
    ws, chair, members = chair_ws
    view = PanelView(ws, DEMO_SCHOOL_CODE, lang="en")
    qtbot.addWidget(view)
    _wait(qtbot, view, view.merge)
    view.ask_passphrase = lambda: PASS
    _wait(qtbot, view, view.sign)
    view.print_preview()
    dlg = view.print_dialog
    qtbot.waitUntil(lambda: dlg.pdf is not None, timeout=30_000)
    assert dlg.signers == [] and dlg.sign_button.isEnabled()
    dlg.sign()
    qtbot.waitUntil(lambda: dlg.signers == ["张组长"], timeout=30_000)
    assert "张组长" in dlg.status.text()
    dlg.close()


def test_fits_a_small_screen(qtbot, chair_ws):
    ws, _chair, _members = chair_ws
    view = PanelView(ws, DEMO_SCHOOL_CODE)
    qtbot.addWidget(view)
    _wait(qtbot, view, view.merge)
    hint = view.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768 - 60, hint  # room for a taskbar and title bar
    assert view.size().width() <= 1366 and view.size().height() <= 768 - 60


def test_chinese_first(qtbot, chair_ws):
    """Every string of the view is translated: Chinese is the default language."""
    import re

    from workbench.ui.i18n import Translators
    from workbench.ui.i18n_build import translations_dir

    ts = (translations_dir() / "panel_zh_CN.ts").read_text(encoding="utf-8")
    assert 'type="unfinished"' not in ts and len(re.findall("<message", ts)) > 80
    ws, _chair, _members = chair_ws
    t = Translators()
    assert t.install("zh_CN") == "zh_CN"
    try:
        view = PanelView(ws, DEMO_SCHOOL_CODE)
        qtbot.addWidget(view)
        _wait(qtbot, view, view.merge)
        assert view.merge_button.text() == "合议汇总" and view.sign_button.text() == "以组长身份签名…"
        assert view.only_flagged.text() == "只看分歧项" and view.editor.title() == "合议调整(组长)"
        assert view.grid_model.headerData(view.grid_model.col_final, Qt.Orientation.Horizontal) == "最终值"
        assert "未定稿" in view.sign_status.text() and "评估组合议" in view.windowTitle()
    finally:
        t.remove()


def test_reached_from_the_main_window(qtbot, tmp_path):
    sys.path.insert(0, str(Path(__file__).parent))
    from shell_helpers import prepared_workspace, start_window, visible_top

    root = tmp_path / "ws"
    prepared_workspace(root)
    running = start_window(qtbot, root, first_run=False)
    try:
        w = running.window
        assert w.act_panel.isEnabled() and w.act_panel in w.file_menu.actions()
        assert w.open_school(DEMO_SCHOOL_CODE)
        w.act_panel.trigger()
        qtbot.waitUntil(lambda: visible_top("PanelView") is not None, timeout=10_000)
        view = visible_top("PanelView")
        assert view.code == DEMO_SCHOOL_CODE
        view.close()
    finally:
        running.close()


def test_collect_sheets_in_the_view(qtbot, tmp_path):
    """The chair trusts the members' certificates, adds their sheets (a file dialog's list or a
    drop), sees duplicates and refusals named, then merges."""
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    ws = Workspace.open(tmp_path / "ws")
    try:
        import_package(ws, demo_package_path())
        make_identity(default_identity_dir(ws.root), name="张组长", role="chair")
        files, members = [], []
        for n, (name, org) in enumerate(MEMBERS):
            m = make_identity(tmp_path / f"m{n}", name=name, org=org)
            f = tmp_path / "in" / f"{name}.json"
            f.parent.mkdir(exist_ok=True)
            f.write_bytes(sheet_file_bytes(signed_sheet(m, member_scores(n))))
            files.append(f)
            members.append(m)
        stranger = make_identity(tmp_path / "x", name="外人")
        bad = tmp_path / "外人.json"
        bad.write_bytes(sheet_file_bytes(signed_sheet(stranger, member_scores(0))))
        view = PanelView(ws, DEMO_SCHOOL_CODE, lang="en")
        qtbot.addWidget(view)
        qtbot.waitUntil(lambda: view.collection is not None and not view.busy, timeout=10_000)
        assert view.collection.current == 0
        for m in members:
            with qtbot.waitSignal(view.collectionChanged, timeout=10_000):
                view.add_trust(m.dir / "cert.pem")
        with qtbot.waitSignal(view.collectionChanged, timeout=30_000):
            view.add_sheets(files[:2] + [files[0], bad])
        assert view.collection.current == 2 and view.collected_label.text() == "Sheets: 2"
        text = view.status.text()
        assert "Added 2, already collected 1, refused 1." in text and "外人" in text and "untrusted" in text.lower()
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(files[2].parent))])  # a folder: its *.json
        drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                          Qt.KeyboardModifier.NoModifier)
        with qtbot.waitSignal(view.collectionChanged, timeout=30_000):
            view.dropEvent(drop)
        assert view.collection.current == 3
        _wait(qtbot, view, view.merge)
        assert len(view.state.doc["members"]) == 3
    finally:
        ws.close()
