"""A revoked certificate signs nothing in the window either, and the window says so in Chinese:
the panel view's 签名 (the chair) and the print dialog's signing of the reviewer's score sheet
are refused with nothing signed, recorded or queued. Real workspaces and identities, a real
hub-signed revocation document, pytest-qt offscreen."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "signing"))
from panel_print_helpers import member_scores  # noqa: E402
from revoke_helpers import revoke  # noqa: E402
from sheet_helpers import PASS, full_scores, make_identity, signed_sheet  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE as CODE  # noqa: E402
from workbench.evidence import demo_package_path, import_package  # noqa: E402
from workbench.panel.collect import add_trust, collect_bytes  # noqa: E402
from workbench.signing.from_sources import last_signed  # noqa: E402
from workbench.signing.identity import default_identity_dir  # noqa: E402
from workbench.signing.sheet import sheet_file_bytes  # noqa: E402
from workbench.store import Workspace  # noqa: E402
from workbench.store.outbox import Outbox  # noqa: E402

REFUSED = "您的证书已被吊销，不能再签署任何新内容。本次未签名，也未加入待发送队列。"
TODO = "请向教育局申请新证书"



@pytest.fixture
def hub(tmp_path):
    return make_identity(tmp_path / "hub", "测试中心", role="admin")


def test_panel_view_refuses_a_revoked_chair_in_chinese(qtbot, chinese, hub, tmp_path) -> None:
    from workbench.ui.panel.view import PanelView

    with Workspace.open(tmp_path / "ws") as ws:
        import_package(ws, demo_package_path())
        chair = make_identity(default_identity_dir(ws.root), name="张组长", role="chair")
        for n, name in enumerate(("李四", "王五", "赵六")):
            m = make_identity(tmp_path / f"m{n}", name=name)
            add_trust(ws, m.dir)
            collect_bytes(ws, sheet_file_bytes(signed_sheet(m, member_scores(n))))
        revoke(ws, hub, PASS, chair)
        view = PanelView(ws, CODE)
        qtbot.addWidget(view)
        with qtbot.waitSignal(view.stateChanged, timeout=30_000):
            view.merge()
        assert not view.sign_button.isEnabled()  # it says why (test_revoked_pdf_signing_window.py); sign() refuses too
        view.ask_passphrase = lambda: PASS
        with qtbot.waitSignal(view.failed, timeout=30_000) as sig:
            view.sign()
        text = sig.args[0]
        assert text.startswith(REFUSED) and TODO in text, text
        assert "nothing was signed" in text  # the core's details stay visible
        assert view.status.text() == text and not view.busy
        assert view.state.doc["signatures"] == [] and Outbox(ws).entries() == []


def test_print_dialog_refuses_to_sign_the_sheet_in_chinese(qtbot, chinese, hub, tmp_path, monkeypatch) -> None:
    from workbench.ui.signing.print_dialog import PrintDialog

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: warnings.append(a[2])))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (PASS, True)))
    with Workspace.open(tmp_path / "ws") as ws:
        me = ws.set_local_reviewer("王芳", "麻江县教育和科技局", "member")
        import_package(ws, demo_package_path())
        for iid, v in full_scores().items():
            ws.set_score(CODE, me.id, iid, v)
        ident = make_identity(default_identity_dir(ws.root), me.name, org=me.org)
        revoke(ws, hub, PASS, ident)
        dlg = PrintDialog(ws, CODE, me)
        qtbot.addWidget(dlg)
        qtbot.waitUntil(lambda: dlg.pdf is not None, timeout=20_000)
        qtbot.wait(20)  # let the settled task's deleteLater run (see tests/ui/test_signing_ui.py)
        dlg.sign()
        qtbot.waitUntil(lambda: bool(warnings), timeout=30_000)
        qtbot.wait(20)
        assert warnings[0].startswith(REFUSED) and TODO in warnings[0], warnings
        assert not dlg.signed
        assert last_signed(ws, CODE, me.id) is None and Outbox(ws).entries() == []
        dlg.close()
