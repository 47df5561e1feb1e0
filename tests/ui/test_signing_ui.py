"""Signing in the window: signature pad input and PNG, identity dialog, print preview and signing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

sys.path.insert(0, str(Path(__file__).parent.parent / "signing"))
from sheet_helpers import PASS, full_scores  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package  # noqa: E402
from workbench.signing import identity as identity_mod  # noqa: E402
from workbench.signing.identity import create_identity, load_identity, load_signature_image  # noqa: E402
from workbench.signing.verify import verify_file  # noqa: E402
from workbench.store import Workspace  # noqa: E402
from workbench.ui.signing.identity_dialog import IdentityDialog  # noqa: E402
from workbench.ui.signing.print_dialog import PrintDialog, show_print_dialog  # noqa: E402
from workbench.ui.signing.signature_pad import SignatureDialog, SignaturePad  # noqa: E402


@pytest.fixture(autouse=True)
def fast_keys(monkeypatch):
    monkeypatch.setattr(identity_mod, "KDF_ROUNDS", 1000)


@pytest.fixture
def ws(tmp_path):
    w = Workspace.open(tmp_path / "ws")
    w.set_local_reviewer("王芳", "麻江县教育和科技局", "member")
    import_package(w, demo_package_path())
    yield w
    w.close()


def settle(qtbot) -> None:
    """Let the event loop run the settled Task's deleteLater before anything else.

    Work-around: when a TaskRunner job settles inside qtbot's nested wait loop and the
    garbage collector runs before the Task's DeferredDelete is processed, PySide6 6.12
    deletes the Task twice (segfault). Reported to the lead with a minimal test.
    """
    qtbot.wait(20)


def drag(widget, points: list[tuple[float, float]]) -> None:
    """Press, move and release the left button through the widget's real event handlers."""
    def send(kind, x, y, buttons):
        pos = QPointF(x, y)
        ev = QMouseEvent(kind, pos, widget.mapToGlobal(pos), Qt.MouseButton.LeftButton, buttons,
                         Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(widget, ev)
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    send(QMouseEvent.Type.MouseButtonPress, *points[0], left)
    for x, y in points[1:]:
        send(QMouseEvent.Type.MouseMove, x, y, left)
    send(QMouseEvent.Type.MouseButtonRelease, *points[-1], none)


def test_signature_pad_draws_and_saves_png(qtbot, tmp_path):
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(500, 200)
    pad.show()
    assert pad.is_empty()
    with qtbot.waitSignal(pad.changed):
        drag(pad, [(40 + 6 * i, 100 + (i % 7) * 6) for i in range(50)])
    drag(pad, [(300, 60), (320, 150), (340, 70)])
    assert not pad.is_empty() and len(pad.strokes) == 2
    png = pad.png()
    assert png.startswith(b"\x89PNG")
    create_identity(tmp_path / "id", "Wang", "Bureau", "member", PASS)
    dlg = SignatureDialog(tmp_path / "id")
    qtbot.addWidget(dlg)
    dlg.pad.strokes = pad.strokes
    dlg.accept()
    stored = load_signature_image(tmp_path / "id")
    assert stored is not None and stored.startswith(b"\x89PNG")
    pad.clear()
    assert pad.is_empty()


def test_identity_dialog_creates_identity(qtbot, ws):
    dlg = IdentityDialog(ws)
    qtbot.addWidget(dlg)
    ok = dlg.buttons.button(dlg.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    dlg.name.setText("王芳")
    dlg.org.setText("麻江县教育和科技局")
    dlg.role.setCurrentIndex(1)
    dlg.passphrase.setText(PASS)
    dlg.repeat.setText(PASS + "x")
    assert not ok.isEnabled() and dlg.status.text()
    dlg.repeat.setText(PASS)
    assert ok.isEnabled()
    dlg.resize(600, 500)
    dlg.show()
    drag(dlg.pad, [(30, 60), (120, 90), (200, 40)])
    with qtbot.waitSignal(dlg.accepted, timeout=20_000):
        dlg.accept()
    settle(qtbot)
    ident = load_identity(ws.root / "identity")
    assert ident.name == "王芳" and ident.role == "chair" and dlg.created.fingerprint == ident.fingerprint
    assert ident.signature_image() is not None
    assert ws.local_reviewer().role == "chair"
    again = IdentityDialog(ws)  # an existing identity is only replaced on request
    qtbot.addWidget(again)
    again.passphrase.setText(PASS)
    again.repeat.setText(PASS)
    assert not again.buttons.button(again.buttons.StandardButton.Ok).isEnabled()
    again.replace.setChecked(True)
    assert again.buttons.button(again.buttons.StandardButton.Ok).isEnabled()


def test_print_dialog_preview_save_and_sign(qtbot, ws, tmp_path, monkeypatch):
    me = ws.local_reviewer()
    for iid, v in full_scores().items():
        ws.set_score(DEMO_SCHOOL_CODE, me.id, iid, v)
    create_identity(ws.root / "identity", me.name, me.org, me.role, PASS)
    dlg = PrintDialog(ws, DEMO_SCHOOL_CODE, me)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.pdf is not None, timeout=20_000)
    settle(qtbot)
    assert dlg.pdf.startswith(b"%PDF-") and not dlg.signed
    if dlg.doc is not None:
        qtbot.waitUntil(lambda: dlg.doc.pageCount() >= 3, timeout=5_000)
    draft = tmp_path / "draft.pdf"
    dlg.save_pdf(str(draft))
    assert draft.read_bytes() == dlg.pdf
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (PASS, True)))
    assert dlg.sign_button.isEnabled()
    dlg.sign()
    qtbot.waitUntil(lambda: dlg.signed, timeout=30_000)
    settle(qtbot)
    out = tmp_path / "signed.pdf"
    dlg.save_pdf(str(out))
    v = verify_file(out, [load_identity(ws.root / "identity").cert])
    assert v.sheet["school"]["code"] == DEMO_SCHOOL_CODE and not v.sheet["provisional"]
    assert not dlg.sign_button.isEnabled()


def test_print_dialog_reports_errors_and_show_helper(qtbot, ws, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: warnings.append(a[2])))
    me = ws.local_reviewer()
    dlg = PrintDialog(ws, "NO-SUCH-SCHOOL", me)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: bool(warnings), timeout=20_000)
    settle(qtbot)
    assert dlg.pdf is None and not dlg.save_button.isEnabled()
    from PySide6.QtWidgets import QWidget
    parent = QWidget()
    qtbot.addWidget(parent)
    show_print_dialog(parent, ws, DEMO_SCHOOL_CODE, me)
    shown = parent.findChild(PrintDialog)
    assert shown is not None and shown.isVisible()
    qtbot.waitUntil(lambda: shown.pdf is not None, timeout=20_000)
    settle(qtbot)
    assert shown.sign_button.isEnabled()  # no identity yet: signing opens the identity dialog (issue 12)
    shown.close()


def test_chinese_translation_is_complete(qtbot, ws):
    from workbench.ui.i18n import Translators

    tr = Translators(QApplication.instance())
    try:
        tr.install("zh_CN")
        dlg = IdentityDialog(ws)
        qtbot.addWidget(dlg)
        assert dlg.windowTitle() == "创建签名身份"
        assert dlg.labels[3].text() == "口令:"
        assert "8" in dlg.passphrase.placeholderText() and "字符" in dlg.passphrase.placeholderText()
        pad_dialog = SignatureDialog(ws.root)
        qtbot.addWidget(pad_dialog)
        assert pad_dialog.clear_button.text() == "清除"
    finally:
        tr.remove()
    ts = Path(__file__).resolve().parents[2] / "resources" / "translations" / "signing_zh_CN.ts"
    assert "unfinished" not in ts.read_text(encoding="utf-8")
