"""Every task in the window (issue 12.1): print with or without the photo appendix, sign
without an identity (the identity dialog opens and signing carries on), save the signed
sheet file, export Excel, and the confirmation with "open containing folder"."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "signing"))
from sheet_helpers import PASS, full_scores  # noqa: E402
from shell_helpers import prepared_workspace, start_window  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE as CODE  # noqa: E402
from workbench.signing import identity as identity_mod  # noqa: E402
from workbench.signing.identity import create_identity, load_identity  # noqa: E402
from workbench.signing.verify import verify_file  # noqa: E402
from workbench.store import Workspace  # noqa: E402
from workbench.ui.signing.identity_dialog import IdentityDialog  # noqa: E402
from workbench.ui.signing.print_dialog import PrintDialog  # noqa: E402

pytestmark = pytest.mark.gui
N_PHOTOS = 3  # one appendix page (two by three)


@pytest.fixture(autouse=True)
def fast_keys(monkeypatch):
    monkeypatch.setattr(identity_mod, "KDF_ROUNDS", 1000)


def page_count(pdf: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return int(PdfFileReader(io.BytesIO(pdf)).root["/Pages"]["/Count"])


def scored_workspace(root: Path, tmp: Path, *, identity: bool) -> None:
    """The demo school fully scored, with on-site photos attached, through the core."""
    prepared_workspace(root)
    with Workspace.open(root) as ws:
        me = ws.local_reviewer()
        for iid, v in full_scores().items():
            ws.set_score(CODE, me.id, iid, v)
        paths = []
        for i in range(N_PHOTOS):
            p = tmp / f"IMG_{i:04}.jpg"
            Image.new("RGB", (800, 600), (60 * i, 120, 200)).save(p)
            paths.append(p)
        ws.import_photos(CODE, paths, me.id, "B3")
        if identity:
            create_identity(root / "identity", me.name, me.org, me.role, PASS)


def settle(qtbot) -> None:
    qtbot.wait(20)  # let the settled task's callbacks finish (see tests/ui/test_signing_ui.py)


def fill_identity(dlg: IdentityDialog) -> None:
    dlg.passphrase.setText(PASS)
    dlg.repeat.setText(PASS)
    assert dlg.buttons.button(dlg.buttons.StandardButton.Ok).isEnabled(), dlg.status.text()


def create_through(qtbot, parent) -> None:
    """The identity dialog that signing opened: fill it in and accept (name and org come from
    the workspace's reviewer)."""
    qtbot.waitUntil(lambda: parent.findChild(IdentityDialog) is not None, timeout=5_000)
    dlg = parent.findChild(IdentityDialog)
    assert dlg.isVisible() and dlg.purpose.isVisible() and dlg.name.text() == "王芳"
    fill_identity(dlg)
    with qtbot.waitSignal(dlg.accepted, timeout=20_000):
        dlg.accept()
    settle(qtbot)


def test_print_dialog_photo_appendix_and_signing_without_identity(qtbot, tmp_path, monkeypatch):
    root = tmp_path / "ws"
    scored_workspace(root, tmp_path, identity=False)
    ws = Workspace.open(root)
    try:
        me = ws.local_reviewer()
        dlg = PrintDialog(ws, CODE, me)
        qtbot.addWidget(dlg)
        dlg.show()
        qtbot.waitUntil(lambda: dlg.pdf is not None and not dlg.busy(), timeout=30_000)
        settle(qtbot)
        assert dlg.photos_box.isChecked() and dlg.photos_box.isEnabled() and str(N_PHOTOS) in dlg.photos_box.text()
        with_photos = page_count(dlg.pdf)
        dlg.photos_box.setChecked(False)  # re-rendered on the worker, without the appendix
        qtbot.waitUntil(lambda: dlg.pdf is not None and not dlg.busy(), timeout=30_000)
        settle(qtbot)
        assert page_count(dlg.pdf) == with_photos - 1 and ws.get_setting("ui.print_photos") == "0"
        dlg.photos_box.setChecked(True)
        assert dlg.pdf is None  # the old preview is gone until the new one is made
        qtbot.waitUntil(lambda: dlg.pdf is not None and not dlg.busy(), timeout=30_000)
        settle(qtbot)
        assert page_count(dlg.pdf) == with_photos and not dlg.signed

        # no identity: 签名 is not greyed; it opens the identity dialog and then signs
        assert dlg.sign_button.isEnabled()
        asked = []
        monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: asked.append(1) or (PASS, True)))
        dlg.sign_button.click()
        create_through(qtbot, dlg)
        qtbot.waitUntil(lambda: dlg.pades, timeout=30_000)
        settle(qtbot)
        assert asked == [1] and not dlg.sign_button.isEnabled()
        out = tmp_path / "out" / "form.pdf"
        out.parent.mkdir()
        dlg.save_pdf(str(out))
        v = verify_file(out, [load_identity(root / "identity").cert])
        assert v.sheet["school"]["code"] == CODE and len(v.sheet["photos"]) == N_PHOTOS
        assert page_count(out.read_bytes()) == with_photos  # the signed form has the appendix
        assert dlg.notice is not None and dlg.notice.isVisible() and "form.pdf" in dlg.notice.text()

        # after signing, dropping the appendix signs the PDF again (same sheet, no new revision)
        dlg.photos_box.setChecked(False)
        qtbot.waitUntil(lambda: dlg.pdf is not None and not dlg.busy(), timeout=30_000)
        settle(qtbot)
        assert asked == [1, 1] and dlg.pades and page_count(dlg.pdf) == with_photos - 1
        dlg.save_pdf(str(out))
        again = verify_file(out, [load_identity(root / "identity").cert])
        assert again.sheet["revision"] == v.sheet["revision"] == 1
        dlg.notice.close()
        dlg.close()

        # reopened, unchanged since signing: the signed sheet; 签名 signs its PDF, no new revision
        again_dlg = PrintDialog(ws, CODE, me)
        qtbot.addWidget(again_dlg)
        qtbot.waitUntil(lambda: again_dlg.pdf is not None and not again_dlg.busy(), timeout=30_000)
        settle(qtbot)
        assert again_dlg.signed and not again_dlg.pades and again_dlg.sign_button.isEnabled()
        again_dlg.sign()
        qtbot.waitUntil(lambda: again_dlg.pades, timeout=30_000)
        settle(qtbot)
        again_dlg.save_pdf(str(out))
        assert verify_file(out, [load_identity(root / "identity").cert]).sheet_hash == again.sheet_hash
        again_dlg.notice.close()
        again_dlg.close()
    finally:
        ws.close()


@pytest.fixture
def window(qtbot, tmp_path):
    root = tmp_path / "ws"
    scored_workspace(root, tmp_path, identity=False)
    running = start_window(qtbot, root, first_run=False)
    assert running.window.open_school(CODE)
    yield running.window
    running.close()


def test_file_menu_saves_the_signed_sheet_and_exports_excel(qtbot, window, tmp_path, monkeypatch):
    w = window
    out = tmp_path / "导出"
    out.mkdir()
    asked: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: asked.append(a[1]) or (PASS, True)))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out / Path(a[2]).name), "")))
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    assert w.act_save_sheet.isEnabled() and w.act_export_xlsx.isEnabled()

    # File › 打印评估表…: the preview, with the appendix box counting the photos attached in the window
    w.act_print.trigger()
    qtbot.waitUntil(lambda: w.findChild(PrintDialog) is not None, timeout=5_000)
    pd = w.findChild(PrintDialog)
    qtbot.waitUntil(lambda: pd.pdf is not None and not pd.busy(), timeout=30_000)
    settle(qtbot)
    assert pd.isVisible() and pd.photos_box.isChecked() and str(N_PHOTOS) in pd.photos_box.text()
    avail = pd.screen().availableGeometry()
    assert pd.width() <= avail.width() and pd.height() <= avail.height()  # fitted to the screen
    pd.close()

    # File › 保存签名评分表… without an identity: create it right there, then sign and save
    w.act_save_sheet.trigger()
    create_through(qtbot, w)
    qtbot.waitUntil(lambda: w.exports.notice is not None, timeout=30_000)
    settle(qtbot)
    [sheet_file] = out.glob("*.json")
    assert sheet_file.name == f"{CODE}-评分表-第1版.json" and len(asked) == 1
    cert = load_identity(w.ws.root / "identity").cert
    v = verify_file(sheet_file, [cert])
    assert v.sheet["revision"] == 1 and not v.sheet["provisional"] and len(v.sheet["photos"]) == N_PHOTOS
    notice = w.exports.notice
    assert notice.isVisible() and sheet_file.name in notice.text()
    assert sheet_file.name in w.statusBar().currentMessage()
    notice.findChild(type(notice.buttons()[0]), "openFolderButton").click()
    assert [u.toLocalFile() for u in opened] == [str(out.resolve())]  # our own folder, never the file
    assert "王芳" in w.identity_label.text()

    # again, unchanged: the same signed revision, no passphrase asked
    w.exports.notice = None
    sheet_file.unlink()
    w.act_save_sheet.trigger()
    qtbot.waitUntil(lambda: w.exports.notice is not None, timeout=30_000)
    settle(qtbot)
    assert len(asked) == 1 and verify_file(sheet_file, [cert]).sheet_hash == v.sheet_hash

    # File › 导出 Excel…: this school (signed already), then every signed school, chosen in the box
    w.exports.notice = None
    w.exports.export_xlsx(CODE, scope="school")
    qtbot.waitUntil(lambda: w.exports.notice is not None, timeout=30_000)
    settle(qtbot)
    book = out / f"{CODE}-评估结果.xlsx"
    assert any(CODE in name for name in load_workbook(book).sheetnames)

    def choose_all() -> None:
        box = QApplication.activeModalWidget()
        next(b for b in box.buttons() if b.text() in ("All signed schools", "所有已签名学校")).click()

    w.exports.notice = None
    QTimer.singleShot(50, choose_all)
    w.act_export_xlsx.trigger()
    qtbot.waitUntil(lambda: w.exports.notice is not None, timeout=30_000)
    settle(qtbot)
    summary = load_workbook(out / "评估结果汇总.xlsx")
    assert summary.sheetnames[0] == "汇总" and any(CODE in n for n in summary.sheetnames)
    assert not w.exports.busy_widget.isVisible() and len(asked) == 1


def test_export_errors_reach_the_user_and_cancel(qtbot, window, tmp_path, monkeypatch):
    w = window
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: warnings.append(a[2])))
    w._export_actions().export_xlsx(CODE, scope="all", path=tmp_path / "none.xlsx")  # nothing signed yet
    qtbot.waitUntil(lambda: bool(warnings), timeout=20_000)
    settle(qtbot)
    assert warnings[0].startswith(("There are no signed score sheets", "还没有可导出的已签名评分表"))
    assert not (tmp_path / "none.xlsx").exists()
    assert not w.exports.busy()
    # a wrong passphrase: the error text, and no file
    create_identity(w.ws.root / "identity", "王芳", "麻江县教育和科技局", "member", PASS)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (PASS + "x", True)))
    w.exports.save_sheet(CODE, tmp_path / "s.json")
    qtbot.waitUntil(lambda: len(warnings) == 2, timeout=20_000)
    settle(qtbot)
    assert not (tmp_path / "s.json").exists() and warnings[1].strip()
    # cancel: the job sees it at its next check; nothing is written
    create_identity(w.ws.root / "identity", "王芳", "麻江县教育和科技局", "member", PASS, overwrite=True)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (PASS, True)))
    w.exports.notice = None
    w.exports.save_sheet(CODE, tmp_path / "s.json")
    qtbot.waitUntil(lambda: w.exports.notice is not None, timeout=30_000)
    settle(qtbot)
    w.exports.export_xlsx(CODE, scope="all", path=tmp_path / "c.xlsx")
    assert w.exports.busy() and w.exports.busy_widget.isVisible() and w.exports.cancel_button.isVisible()
    w.exports.save_sheet(CODE, tmp_path / "x.json")  # one job at a time: refused with a word
    assert w.statusBar().currentMessage() in ("A save or export is running; wait for it or cancel it.",
                                              "正在保存或导出；请等待完成或取消。")
    w.exports.cancel()
    qtbot.waitUntil(lambda: not w.exports.busy(), timeout=20_000)
    settle(qtbot)
    assert not (tmp_path / "c.xlsx").exists()
    assert w.statusBar().currentMessage() in ("Cancelled; nothing was saved.", "已取消，未保存任何文件。")


def test_new_strings_are_chinese(qtbot, tmp_path):
    from PySide6.QtWidgets import QMainWindow

    from workbench.ui.export.actions import ExportActions
    from workbench.ui.export.confirm import confirm_saved
    from workbench.ui.i18n import Translators
    from workbench.ui.signing.ensure_identity import with_identity

    root = tmp_path / "ws"
    scored_workspace(root, tmp_path, identity=False)
    tr = Translators(QApplication.instance())
    ws = Workspace.open(root)
    try:
        tr.install("zh_CN")
        win = QMainWindow()
        qtbot.addWidget(win)
        actions = ExportActions(win, ws)
        assert actions.cancel_button.text() == "取消"
        (tmp_path / "f.json").write_bytes(b"{}")
        box = confirm_saved(win, tmp_path / "f.json", actions.tr("Signed score sheet"))
        assert box.windowTitle() == "已保存" and "签名评分表已保存为 f.json" in box.text()
        assert "打开所在文件夹" in [b.text() for b in box.buttons()]
        assert "签名评分表已保存" in win.statusBar().currentMessage()
        box.close()
        dlg = with_identity(win, ws, lambda: None)
        assert dlg is not None and dlg.purpose.text().startswith("签名需要您的签名身份")
        dlg.reject()
        pd = PrintDialog(ws, CODE, ws.local_reviewer())
        qtbot.addWidget(pd)
        qtbot.waitUntil(lambda: pd.pdf is not None and not pd.busy(), timeout=30_000)
        settle(qtbot)
        assert pd.photos_box.text() == f"附录：现场照片（{N_PHOTOS} 张）"
        pd.close()
    finally:
        tr.remove()
        ws.close()


def test_panel_merge_without_identity_creates_it_first(qtbot, tmp_path):
    from workbench.ui.panel.view import PanelView

    root = tmp_path / "ws"
    scored_workspace(root, tmp_path, identity=False)
    ws = Workspace.open(root)
    try:
        view = PanelView(ws, CODE)
        qtbot.addWidget(view)
        qtbot.waitUntil(lambda: not view.busy, timeout=20_000)  # the collected sheets are read first
        settle(qtbot)
        assert view._identity is None and view.merge_button.isEnabled()  # not greyed: it offers the dialog
        view.merge_button.click()
        qtbot.waitUntil(lambda: view.findChild(IdentityDialog) is not None, timeout=5_000)
        dlg = view.findChild(IdentityDialog)
        dlg.role.setCurrentIndex(1)  # the chair
        fill_identity(dlg)
        with qtbot.waitSignal(view.failed, timeout=30_000) as failed:  # merged at once: no sheets collected yet
            dlg.accept()
        settle(qtbot)
        assert view._identity is not None and view._identity.signer.role == "chair"
        assert "no member sheets" in failed.args[0]
    finally:
        ws.close()


def test_saving_without_a_reviewer_creates_the_identity_then_saves(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMainWindow

    from workbench.ui.export.actions import ExportActions

    root = tmp_path / "ws"
    prepared_workspace(root, reviewer=False)
    ws = Workspace.open(root)
    try:
        win = QMainWindow()
        qtbot.addWidget(win)
        actions = ExportActions(win, ws)
        questions: list[str] = []
        monkeypatch.setattr(QMessageBox, "question", staticmethod(
            lambda *a, **k: questions.append(a[2]) or QMessageBox.StandardButton.Yes))
        monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (PASS, True)))
        actions.save_sheet(CODE, tmp_path / "s.json")
        qtbot.waitUntil(lambda: win.findChild(IdentityDialog) is not None, timeout=5_000)
        dlg = win.findChild(IdentityDialog)
        dlg.name.setText("李明")
        dlg.org.setText("麻江县电教站")
        fill_identity(dlg)
        dlg.accept()
        qtbot.waitUntil(lambda: actions.notice is not None, timeout=30_000)
        settle(qtbot)
        assert ws.local_reviewer().name == "李明" and len(questions) == 1  # nothing scored: provisional?
        v = verify_file(tmp_path / "s.json", [load_identity(root / "identity").cert])
        assert v.sheet["provisional"] and v.signer.name == "李明"
        actions.notice.close()
    finally:
        ws.close()
