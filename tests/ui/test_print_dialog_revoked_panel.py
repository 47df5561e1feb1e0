"""The panel's signing paths with a certificate this workspace knows revoked: the panel view's
签名 and the panel print preview's 签名 PDF refuse BEFORE the passphrase is asked, and the print
preview greys its button from the moment it opens with a Chinese tooltip (why, what to do).
Real workspaces, identities, member sheets and a hub-signed revocation; pytest-qt offscreen."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "panel"))
sys.path.insert(0, str(Path(__file__).parent.parent / "signing"))
from panel_print_helpers import member_scores  # noqa: E402
from revoke_helpers import revoke  # noqa: E402
from sheet_helpers import PASS, make_identity, signed_sheet  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE as CODE  # noqa: E402
from workbench.evidence import demo_package_path, import_package  # noqa: E402
from workbench.panel.collect import add_trust, collect_bytes  # noqa: E402
from workbench.signing.identity import default_identity_dir  # noqa: E402
from workbench.signing.sheet import sheet_file_bytes  # noqa: E402
from workbench.store import Workspace  # noqa: E402
from workbench.store.outbox import Outbox  # noqa: E402

pytestmark = [pytest.mark.gui]
REFUSED = "您的证书已被吊销，不能再签署任何新内容。本次未签名，也未加入待发送队列。"
TODO = "请向教育局申请新证书"


@pytest.fixture
def chair_ws(tmp_path):
    ws = Workspace.open(tmp_path / "ws")
    import_package(ws, demo_package_path())
    chair = make_identity(default_identity_dir(ws.root), name="张组长", role="chair")
    members = []
    for n, name in enumerate(("李四", "王五", "赵六")):
        m = make_identity(tmp_path / f"m{n}", name=name)
        add_trust(ws, m.dir)
        collect_bytes(ws, sheet_file_bytes(signed_sheet(m, member_scores(n))))
        members.append(m)
    hub = make_identity(tmp_path / "hub", "测试中心", role="admin")
    yield ws, chair, members, hub
    ws.close()


def _merged(qtbot, ws, asked: list[str]):  # noqa: ANN001, ANN202
    from workbench.ui.panel.view import PanelView

    view = PanelView(ws, CODE)
    qtbot.addWidget(view)
    view.ask_passphrase = lambda: asked.append("asked") or PASS
    with qtbot.waitSignal(view.stateChanged, timeout=30_000):
        view.merge()
    qtbot.waitUntil(lambda: not view.busy and view.collection is not None, timeout=30_000)
    return view


def test_panel_view_refuses_a_revocation_it_learnt_after_the_list_before_the_passphrase(
        qtbot, chinese, chair_ws) -> None:
    ws, chair, _members, hub = chair_ws
    asked: list[str] = []
    view = _merged(qtbot, ws, asked)
    assert view.sign_button.isEnabled()  # the list was read before the revocation
    revoke(ws, hub, PASS, chair)  # arrives now; the view has not re-read the list
    with qtbot.waitSignal(view.failed, timeout=30_000) as sig:
        view.sign()
    assert asked == [] and sig.args[0].startswith(REFUSED) and TODO in sig.args[0]
    assert not view.busy and view.state.doc["signatures"] == [] and Outbox(ws).entries() == []


def test_panel_print_preview_greys_sign_pdf_and_refuses_before_the_passphrase(qtbot, chinese, chair_ws) -> None:
    """A member whose certificate is revoked opens the chair-signed result's 结论表 on this laptop."""
    ws, _chair, members, hub = chair_ws
    asked: list[str] = []
    view = _merged(qtbot, ws, asked)
    with qtbot.waitSignal(view.stateChanged, timeout=30_000):
        view.sign()  # the chair signs (not revoked): asked once
    assert asked == ["asked"]
    revoked_at = revoke(ws, hub, PASS, members[0])
    view.set_identity_dir(members[0].dir)
    view.print_preview()
    dlg = view.print_dialog
    qtbot.waitUntil(lambda: dlg.pdf is not None and dlg.revoked() is not None, timeout=30_000)
    asked.clear()
    tip = dlg.sign_button.toolTip()
    assert not dlg.sign_button.isEnabled()
    assert tip.startswith(f"您的证书已于 {revoked_at[:10]} 被吊销，不能再签署任何新内容。") and TODO in tip, tip

    shown = dlg.pdf
    dlg.sign()  # called directly all the same: refused, nothing asked
    qtbot.waitUntil(lambda: dlg.status.text().startswith(REFUSED), timeout=30_000)
    assert asked == [] and dlg.signers == [] and dlg.pdf == shown  # no PAdES signature added

    dlg.identity_dir = make_identity(ws.root.parent / "other", name="钱七").dir  # another identity stands
    dlg._busy(False)  # noqa: SLF001 - what the next state change does
    assert dlg.revoked() is None and dlg.sign_button.isEnabled() and dlg.sign_button.toolTip() == ""
    dlg.close()
