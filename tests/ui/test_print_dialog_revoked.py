"""A certificate this workspace knows revoked, in the reviewer's print dialog and every window path
that signs: "Sign…" is grey from the moment the dialog opens with a Chinese tooltip saying why and
what to do, the check is made again at each opening, and signing refuses BEFORE the passphrase is
asked (no QInputDialog at all) with nothing signed or queued. Real workspaces and identities, a
real hub-signed revocation document, pytest-qt offscreen."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QMainWindow, QMessageBox

sys.path.insert(0, str(Path(__file__).parent.parent / "signing"))
from revoke_helpers import revoke  # noqa: E402
from sheet_helpers import PASS, full_scores, make_identity  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE as CODE  # noqa: E402
from workbench.evidence import demo_package_path, import_package  # noqa: E402
from workbench.signing.from_sources import last_signed  # noqa: E402
from workbench.signing.identity import default_identity_dir  # noqa: E402
from workbench.store import Workspace  # noqa: E402
from workbench.store.outbox import Outbox  # noqa: E402

pytestmark = [pytest.mark.gui]
REFUSED = "您的证书已被吊销，不能再签署任何新内容。本次未签名，也未加入待发送队列。"
TODO = "请向教育局申请新证书"


@pytest.fixture
def asked(monkeypatch) -> dict[str, list]:
    """Every passphrase prompt and warning box, recorded instead of shown (the prompt answers PASS)."""
    seen: dict[str, list] = {"passphrase": [], "warning": []}

    def get_text(*a, **k):  # noqa: ANN002, ANN003, ANN202
        seen["passphrase"].append(a[2])
        return PASS, True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: seen["warning"].append(a[2])))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    return seen


@pytest.fixture
def reviewer(tmp_path):
    """A reviewer's workspace: the demo school fully scored, the reviewer's identity, the hub that revokes."""
    ws = Workspace.open(tmp_path / "ws")
    me = ws.set_local_reviewer("王芳", "麻江县教育和科技局", "member")
    import_package(ws, demo_package_path())
    for iid, v in full_scores().items():
        ws.set_score(CODE, me.id, iid, v)
    ident = make_identity(default_identity_dir(ws.root), me.name, org=me.org)
    hub = make_identity(tmp_path / "hub", "测试中心", role="admin")
    yield ws, me, ident, hub
    ws.close()


def _open(qtbot, ws, me):  # noqa: ANN001, ANN202
    from workbench.ui.signing.print_dialog import PrintDialog

    dlg = PrintDialog(ws, CODE, me)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.pdf is not None and not dlg.busy(), timeout=20_000)
    qtbot.wait(20)  # let the settled task's deleteLater run (see tests/ui/test_signing_ui.py)
    return dlg


def _tooltip_ok(tip: str, revoked_at: str) -> bool:
    return tip.startswith(f"您的证书已于 {revoked_at[:10]} 被吊销，不能再签署任何新内容。") and TODO in tip


def test_opened_after_the_revocation_sign_is_grey_and_refuses_before_the_passphrase(
        qtbot, chinese, reviewer, asked) -> None:
    ws, me, ident, hub = reviewer
    revoked_at = revoke(ws, hub, PASS, ident)
    dlg = _open(qtbot, ws, me)
    assert dlg.revoked is not None and not dlg.sign_button.isEnabled()
    assert _tooltip_ok(dlg.sign_button.toolTip(), revoked_at), dlg.sign_button.toolTip()
    assert dlg.save_button.isEnabled()  # the draft can still be saved and printed

    dlg.sign()  # as a shortcut or a script would: refused all the same, and nothing asked
    qtbot.waitUntil(lambda: bool(asked["warning"]), timeout=20_000)
    assert asked["passphrase"] == []
    assert asked["warning"][0].startswith(REFUSED) and TODO in asked["warning"][0]
    assert dlg.status.text() == asked["warning"][0]
    assert not dlg.sign_button.isEnabled() and _tooltip_ok(dlg.sign_button.toolTip(), revoked_at)
    assert last_signed(ws, CODE, me.id) is None and Outbox(ws).entries() == []
    dlg.close()


def test_a_revocation_arriving_while_open_is_caught_before_the_passphrase_and_at_the_next_opening(
        qtbot, chinese, reviewer, asked) -> None:
    ws, me, ident, hub = reviewer
    dlg = _open(qtbot, ws, me)
    assert dlg.revoked is None and dlg.sign_button.isEnabled() and dlg.sign_button.toolTip() == ""

    revoked_at = revoke(ws, hub, PASS, ident)  # a sync round brings it while the dialog is open
    dlg.sign()
    qtbot.waitUntil(lambda: bool(asked["warning"]), timeout=20_000)
    assert asked["passphrase"] == [] and asked["warning"][0].startswith(REFUSED)
    assert not dlg.sign_button.isEnabled() and _tooltip_ok(dlg.sign_button.toolTip(), revoked_at)
    assert last_signed(ws, CODE, me.id) is None and Outbox(ws).entries() == []
    dlg.close()

    again = _open(qtbot, ws, me)  # checked again when the dialog opens
    assert not again.sign_button.isEnabled() and _tooltip_ok(again.sign_button.toolTip(), revoked_at)
    again.close()


def test_an_unrevoked_identity_is_asked_once_and_signs(qtbot, chinese, reviewer, asked) -> None:
    ws, me, _ident, _hub = reviewer
    dlg = _open(qtbot, ws, me)
    dlg.sign()
    qtbot.waitUntil(lambda: dlg.pades, timeout=30_000)
    assert len(asked["passphrase"]) == 1 and asked["warning"] == []
    assert last_signed(ws, CODE, me.id) is not None and len(Outbox(ws).entries()) == 1
    dlg.close()


def test_re_signing_for_the_photo_appendix_is_refused_before_the_passphrase(qtbot, chinese, reviewer,
                                                                             asked) -> None:
    ws, me, ident, hub = reviewer
    dlg = _open(qtbot, ws, me)
    dlg.sign()
    qtbot.waitUntil(lambda: dlg.pades and not dlg.busy(), timeout=30_000)
    qtbot.wait(20)
    assert len(asked["passphrase"]) == 1
    signed_pdf, box = dlg.pdf, dlg.photos_box.isChecked()

    revoke(ws, hub, PASS, ident)
    dlg.photos_box.setChecked(not box)  # the signed PDF would be made again: it needs the key
    qtbot.waitUntil(lambda: bool(asked["warning"]), timeout=20_000)
    assert len(asked["passphrase"]) == 1  # not asked again
    assert asked["warning"][0].startswith(REFUSED)
    assert dlg.photos_box.isChecked() == box and dlg.pdf == signed_pdf and dlg.pades  # kept as it was
    dlg.close()


def test_save_signed_sheet_refuses_before_the_passphrase(qtbot, chinese, reviewer, asked, tmp_path) -> None:
    """File › 保存签名评分表… signs first when the scores are unsigned: refused before asking."""
    from workbench.ui.export.actions import ExportActions

    ws, me, ident, hub = reviewer
    revoke(ws, hub, PASS, ident)
    window = QMainWindow()
    qtbot.addWidget(window)
    actions = ExportActions(window, ws)
    out = tmp_path / "sheet.json"
    actions.save_sheet(CODE, out)
    qtbot.waitUntil(lambda: bool(asked["warning"]), timeout=20_000)
    assert asked["passphrase"] == [] and asked["warning"][0].startswith(REFUSED) and TODO in asked["warning"][0]
    assert not actions.busy() and not out.exists()
    assert last_signed(ws, CODE, me.id) is None and Outbox(ws).entries() == []
