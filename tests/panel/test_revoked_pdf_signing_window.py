"""A revoked certificate adds no PAdES signature in the window either, and the window says so
in Chinese: the print dialog's signing of an already signed sheet's form (sign_form) and the
panel print preview's "Sign PDF…" are refused with nothing signed, shown or queued; the panel
view's sign button is disabled with a Chinese tooltip saying why and what to do, also when the
revocation arrives while the view is open. Unrevoked identities still sign. Real workspaces
and identities, a real hub-signed revocation document, pytest-qt offscreen."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "signing"))
from panel_print_helpers import member_scores, signature_png  # noqa: E402
from revoke_helpers import revoke  # noqa: E402
from sheet_helpers import PASS, full_scores, make_identity, signed_sheet  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE as CODE  # noqa: E402
from workbench.evidence import demo_package_path, import_package  # noqa: E402
from workbench.panel.collect import add_trust, collect_bytes  # noqa: E402
from workbench.printing.pdfsign import verify_pdf_bytes  # noqa: E402
from workbench.signing.from_sources import last_signed  # noqa: E402
from workbench.signing.identity import default_identity_dir, save_signature_image  # noqa: E402
from workbench.signing.sheet import sheet_file_bytes  # noqa: E402
from workbench.signing.workspace_sheets import sign_from_workspace  # noqa: E402
from workbench.store import Workspace  # noqa: E402
from workbench.store.outbox import Outbox  # noqa: E402

REFUSED = "您的证书已被吊销，不能再签署任何新内容。本次未签名，也未加入待发送队列。"
TODO = "请向教育局申请新证书"
WRONG = "not the passphrase"  # refused with it: the key was never unlocked



@pytest.fixture
def hub(tmp_path):
    return make_identity(tmp_path / "hub", "测试中心", role="admin")


@pytest.mark.parametrize("revoked", [True, False], ids=["revoked", "unrevoked"])
def test_print_dialog_signs_the_signed_sheets_form_only_when_not_revoked(qtbot, chinese, hub, tmp_path, monkeypatch,
                                                                        revoked) -> None:
    from workbench.ui.signing.print_dialog import PrintDialog

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: warnings.append(a[2])))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ((WRONG if revoked else PASS), True)))
    with Workspace.open(tmp_path / "ws") as ws:
        me = ws.set_local_reviewer("王芳", "麻江县教育和科技局", "member")
        import_package(ws, demo_package_path())
        for iid, v in full_scores().items():
            ws.set_score(CODE, me.id, iid, v)
        ident = make_identity(default_identity_dir(ws.root), me.name, org=me.org)
        sign_from_workspace(ws, CODE, PASS)  # the sheet was signed before the revocation
        if revoked:
            revoke(ws, hub, PASS, ident)
        sheet, queued = last_signed(ws, CODE, me.id), Outbox(ws).entries()
        dlg = PrintDialog(ws, CODE, me)
        qtbot.addWidget(dlg)
        qtbot.waitUntil(lambda: dlg.pdf is not None, timeout=20_000)
        qtbot.wait(20)  # let the settled task's deleteLater run (see tests/ui/test_signing_ui.py)
        assert dlg.signed and not dlg.pades  # signed and unchanged: "Sign…" signs the PDF only (sign_form)
        shown = dlg.pdf
        dlg.sign()
        if revoked:
            qtbot.waitUntil(lambda: bool(warnings), timeout=30_000)
            qtbot.wait(20)
            assert warnings[0].startswith(REFUSED) and TODO in warnings[0], warnings
            assert "nothing was signed" in warnings[0]  # the core's details stay visible
            assert dlg.status.text() == warnings[0]
            assert not dlg.pades and dlg.pdf == shown  # the unsigned preview stays; no PAdES signature
        else:
            qtbot.waitUntil(lambda: dlg.pades, timeout=30_000)
            assert warnings == []
            v = verify_pdf_bytes(dlg.pdf, [ident.cert])
            assert v.signer.name == "王芳" and v.sheet_hash == sheet["hash"]  # the signed sheet, embedded
        assert last_signed(ws, CODE, me.id) == sheet and Outbox(ws).entries() == queued  # no new revision
        dlg.close()


@pytest.fixture
def chair_ws(tmp_path):
    """A chair's workspace: the demo school, the chair's identity, three members' sheets collected."""
    ws = Workspace.open(tmp_path / "ws")
    import_package(ws, demo_package_path())
    chair = make_identity(default_identity_dir(ws.root), name="张组长", role="chair")
    save_signature_image(chair.dir, signature_png(0))
    members = []
    for n, name in enumerate(("李四", "王五", "赵六")):
        m = make_identity(tmp_path / f"m{n}", name=name)
        add_trust(ws, m.dir)
        collect_bytes(ws, sheet_file_bytes(signed_sheet(m, member_scores(n))))
        members.append(m)
    yield ws, chair, members
    ws.close()


def _merged(qtbot, ws):  # noqa: ANN001, ANN202
    from workbench.ui.panel.view import PanelView

    view = PanelView(ws, CODE)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.stateChanged, timeout=30_000):
        view.merge()
    qtbot.waitUntil(lambda: not view.busy and view.collection is not None, timeout=30_000)
    return view


def test_panel_print_preview_refuses_a_revoked_member_in_chinese(qtbot, chinese, hub, chair_ws) -> None:
    ws, chair, members = chair_ws
    revoke(ws, hub, PASS, members[0])  # this laptop knows member 李四's certificate revoked
    view = _merged(qtbot, ws)
    view.ask_passphrase = lambda: PASS
    with qtbot.waitSignal(view.stateChanged, timeout=30_000):
        view.sign()  # the chair's certificate stands
    queued = Outbox(ws).entries()
    view.print_preview()
    dlg = view.print_dialog
    qtbot.waitUntil(lambda: dlg.pdf is not None, timeout=30_000)
    dlg.sign()  # the unrevoked chair signs the PDF
    qtbot.waitUntil(lambda: dlg.signers == ["张组长"], timeout=30_000)
    qtbot.waitUntil(lambda: dlg.sign_button.isEnabled(), timeout=5_000)
    chair_pdf = dlg.pdf

    dlg.identity_dir = members[0].dir  # 李四 adds a signature on this laptop
    dlg.ask_passphrase = lambda: WRONG
    dlg.sign()
    qtbot.waitUntil(lambda: dlg.status.text().startswith(REFUSED), timeout=30_000)
    assert TODO in dlg.status.text() and "nothing was signed" in dlg.status.text()
    assert dlg.signers == ["张组长"] and dlg.pdf == chair_pdf  # no signature added
    assert Outbox(ws).entries() == queued
    dlg.close()


def test_panel_view_sign_button_follows_revocations(qtbot, chinese, hub, chair_ws) -> None:
    ws, chair, members = chair_ws
    view = _merged(qtbot, ws)
    assert view.sign_button.isEnabled() and view.sign_button.toolTip() == ""

    revoked_at = revoke(ws, hub, PASS, chair)  # arrives while the view is open (a sync round)
    view.reload_latest()  # what the sync round's roundFinished and the live refresh call (follow.py)
    qtbot.waitUntil(lambda: not view.sign_button.isEnabled(), timeout=30_000)
    tip = view.sign_button.toolTip()
    assert tip.startswith(f"您的证书已于 {revoked_at[:10]} 被吊销，不能再签署任何新内容。") and TODO in tip, tip

    view.set_identity_dir(members[1].dir)  # 王五's certificate stands: may co-sign
    assert view.sign_button.isEnabled() and view.sign_button.toolTip() == ""
    view.set_identity_dir(chair.dir)
    assert not view.sign_button.isEnabled() and view.sign_button.toolTip() == tip


def test_panel_view_opened_after_the_revocation_disables_sign(qtbot, chinese, hub, chair_ws) -> None:
    ws, chair, _members = chair_ws
    revoke(ws, hub, PASS, chair)
    view = _merged(qtbot, ws)
    assert not view.sign_button.isEnabled() and view.sign_button.toolTip().startswith("您的证书已于")
    assert view.state.doc["signatures"] == [] and Outbox(ws).entries() == []
