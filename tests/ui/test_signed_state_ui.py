"""The signed state in the window (issue 12 item 2): the school list's 状态 column, the score
bar, the question before the first edit of a signed sheet, and the print preview's draft marks."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

sys.path.insert(0, str(Path(__file__).parent.parent / "signing"))
from sheet_helpers import PASS, make_identity  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE  # noqa: E402
from workbench.signing.from_sources import remember_signed, sheet_from_workspace  # noqa: E402
from workbench.signing.sheet import sign_sheet  # noqa: E402
from workbench.signing.state import signed_state  # noqa: E402
from workbench.ui.review import ReviewView  # noqa: E402
from workbench.ui.review.signed_guard import open_question  # noqa: E402
from workbench.ui.school_list import SchoolListPage, SchoolTableModel  # noqa: E402
from workbench.ui.signed_badge import notify_signed  # noqa: E402

CODE = DEMO_SCHOOL_CODE


@pytest.fixture(scope="module")
def ident(tmp_path_factory):
    return make_identity(tmp_path_factory.mktemp("id"), name="王芳")



def sign_in_window(ws, ident) -> dict:
    """Sign as the print dialog does (core calls), then tell the window, as the dialog does."""
    me = ws.local_reviewer().id
    sheet, rubric = sheet_from_workspace(ws, CODE, me)
    signed = sign_sheet(sheet, ident, ident.private_key(PASS), rubric, allow_incomplete=True)
    remember_signed(ws, CODE, me, signed)
    notify_signed(CODE)
    return signed


def signed_text(ws) -> str:
    st = signed_state(ws, CODE, ws.local_reviewer().id)
    return f"已签名 第 {st.revision} 版 · {st.signed_at.astimezone():%m-%d %H:%M}"


def test_school_list_state_column(qtbot, ws, runner, ident, chinese):
    page = SchoolListPage(ws, runner)
    qtbot.addWidget(page)
    me = ws.local_reviewer().id

    def state_cell() -> str:
        col = SchoolTableModel.STATE_COLUMN
        assert page.model.headerData(col, Qt.Orientation.Horizontal) == "状态"
        return page.model.index(0, col).data()

    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.refresh(me)
    assert state_cell() == "未签名"
    with qtbot.waitSignal(page.loaded, timeout=10000):  # the window's signing refreshes the list
        sign_in_window(ws, ident)
    assert state_cell() == signed_text(ws)
    ws.set_score(CODE, me, "B1.1", "1")
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.refresh()
    assert state_cell() == "签名后已修改"
    assert "第 2 版" in page.model.index(0, SchoolTableModel.STATE_COLUMN).data(Qt.ItemDataRole.ToolTipRole)
    qtbot.wait(20)


def test_score_bar_and_the_question_before_editing_a_signed_sheet(qtbot, ws, runner, ident, chinese):
    view = ReviewView(ws, ws.local_reviewer(), runner, lang="zh_CN")
    qtbot.addWidget(view)
    view.resize(1366, 700)
    view.show()
    view.open_school(CODE, "B1")
    me = ws.local_reviewer().id
    label = view.score_bar.signed_label
    assert label.text() == "未签名"
    card = view.page("B1").cards["B1.1"]
    card.full_button.click()  # unsigned: no question
    assert open_question() is None and ws.scores(CODE, me)["B1.1"] == 1

    assert view.undo_stack.canUndo()
    sign_in_window(ws, ident)
    assert label.text() == signed_text(ws) and "第 1 版" in label.text()
    assert not view.undo_stack.canUndo()  # undo does not reach behind a signature

    card.zero_button.click()  # the first edit of a signed sheet asks
    box = open_question()
    assert box is not None and box.isVisible()
    assert box.text() == "本校评分已签名（第 1 版）。修改将在再次签名时生成第 2 版，原签名版本保留不变。继续修改？"
    assert box.button(QMessageBox.StandardButton.Yes).text() == "继续修改"
    box.button(QMessageBox.StandardButton.Cancel).click()  # Cancel leaves the value unchanged
    assert open_question() is None
    assert ws.scores(CODE, me)["B1.1"] == 1 and card.spin.decimal_value() == 1
    assert label.text() == signed_text(ws)

    card.zero_button.click()  # asked again: nothing was agreed yet
    box = open_question()
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    assert ws.scores(CODE, me)["B1.1"] == 0
    qtbot.waitUntil(lambda: label.text() == "签名后已修改", timeout=10000)  # read once typing pauses

    view.page("B1").cards["B1.2"].full_button.click()  # asked once: later edits go straight through
    assert open_question() is None and "B1.2" in ws.scores(CODE, me)
    view.undo_stack.undo()
    view.undo_stack.undo()  # back to what was signed: the bar says signed again, and no new question
    qtbot.waitUntil(lambda: label.text() == signed_text(ws), timeout=10000)
    card.half_button.click()
    assert open_question() is None and ws.scores(CODE, me)["B1.1"] == Decimal("0.5")

    sign_in_window(ws, ident)  # revision 2: its first edit asks again, naming revision 3
    assert "第 2 版" in label.text()
    view.score_bar._incident_clicked()  # the incident is an edit too
    box = open_question()
    assert box is not None and "第 3 版" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert view.score_bar.incident_dialog is None and not ws.security_incident(CODE, me)[0]
    qtbot.wait(20)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    src = tmp_path / "preview.pdf"
    src.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(src), "-"], capture_output=True, text=True, check=True).stdout


def test_print_preview_is_a_draft_unless_signed_and_unchanged(ws, ident, tmp_path):
    from workbench.ui.signing.print_dialog import build_draft

    me = ws.local_reviewer()
    for item in ws.school(CODE).rubric.iter_items():
        ws.set_score(CODE, me.id, item.id, "0")
    sheet, pdf = build_draft(ws, CODE, me)[:2]
    assert "signature" not in sheet and "草稿(未签名)" in pdf_text(pdf, tmp_path)
    signed = sign_in_window(ws, ident)
    sheet, pdf = build_draft(ws, CODE, me)[:2]  # signed, unchanged: the signed form, no draft marks
    assert sheet["signature"] == signed["signature"] and "草稿" not in pdf_text(pdf, tmp_path)
    ws.set_note(CODE, me.id, "B2.1", "补充说明")
    sheet, pdf = build_draft(ws, CODE, me)[:2]
    text = pdf_text(pdf, tmp_path)
    assert sheet["revision"] == 2 and "草稿(签名后已修改)" in text and "草稿 · 签名后已修改" in text


def test_signing_in_the_print_dialog_updates_the_list_and_the_score_bar(qtbot, ws, runner, tmp_path, monkeypatch,
                                                                         chinese):
    from PySide6.QtWidgets import QInputDialog

    from workbench.signing import identity as identity_mod
    from workbench.signing.identity import create_identity
    from workbench.ui.signing.print_dialog import PrintDialog

    monkeypatch.setattr(identity_mod, "KDF_ROUNDS", 1000)
    me = ws.local_reviewer()
    for item in ws.school(CODE).rubric.iter_items():
        ws.set_score(CODE, me.id, item.id, "0")
    create_identity(ws.root / "identity", me.name, me.org, me.role, PASS)
    page = SchoolListPage(ws, runner)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.refresh(me.id)
    view = ReviewView(ws, me, runner, lang="zh_CN")
    qtbot.addWidget(view)
    view.open_school(CODE, "B1")
    assert view.score_bar.signed_label.text() == "未签名"
    dlg = PrintDialog(ws, CODE, me)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.pdf is not None, timeout=20_000)
    qtbot.wait(20)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (PASS, True)))
    with qtbot.waitSignal(page.loaded, timeout=30_000):
        dlg.sign()
    qtbot.wait(20)
    badge = view.score_bar.signed_label  # the time may be dropped when the bar is narrow
    assert badge.full == signed_text(ws) and badge.text() in (badge.full, "已签名 第 1 版")
    assert page.model.index(0, SchoolTableModel.STATE_COLUMN).data() == signed_text(ws)


def test_a_question_closed_with_its_window_does_not_block_later_edits(qtbot, ws, runner, ident):
    from PySide6.QtWidgets import QWidget

    from workbench.ui.review.signed_guard import allows

    view = ReviewView(ws, ws.local_reviewer(), runner, lang="en")
    qtbot.addWidget(view)
    view.open_school(CODE, "B1")
    sign_in_window(ws, ident)
    parent = QWidget()
    done: list[str] = []
    assert not allows(view.session, parent, lambda: done.append("retry"), lambda: done.append("restore"))
    assert open_question() is not None
    parent.deleteLater()
    qtbot.waitUntil(lambda: open_question() is None, timeout=10000)
    assert done == []
    view.close()
    qtbot.wait(20)


def test_a_photo_added_after_signing_shows_as_a_change(qtbot, ws, runner, ident, tmp_path):
    from PIL import Image

    view = ReviewView(ws, ws.local_reviewer(), runner, lang="en")
    qtbot.addWidget(view)
    view.open_school(CODE, "B3")
    sign_in_window(ws, ident)
    assert view.score_bar.signed.status == "signed"
    jpg = tmp_path / "site.jpg"
    Image.new("RGB", (64, 48), (30, 90, 160)).save(jpg)
    with qtbot.waitSignal(view.photos.importFinished, timeout=20000):
        view.photos.import_paths([jpg])
        open_question().button(QMessageBox.StandardButton.Yes).click()  # asked first, like any edit
    qtbot.waitUntil(lambda: view.score_bar.signed.status == "changed", timeout=5000)
    assert view.score_bar.signed_label.text() == "Changed after signing"
    view.close()
    qtbot.wait(20)


def test_signing_elsewhere_shows_when_the_window_is_active_again(qtbot, ws, runner, ident):
    """`workbench sheet export` in a terminal: the bar reads the state when the window is activated."""
    from PySide6.QtCore import QCoreApplication, QEvent

    view = ReviewView(ws, ws.local_reviewer(), runner, lang="en")
    qtbot.addWidget(view)
    view.open_school(CODE, "B1")
    assert view.score_bar.signed.status == "unsigned"
    me = ws.local_reviewer().id
    sheet, rubric = sheet_from_workspace(ws, CODE, me)  # signed by another process: no notification
    remember_signed(ws, CODE, me, sign_sheet(sheet, ident, ident.private_key(PASS), rubric, allow_incomplete=True))
    QCoreApplication.sendEvent(view.score_bar, QEvent(QEvent.Type.WindowActivate))
    qtbot.waitUntil(lambda: view.score_bar.signed.status == "signed", timeout=5000)
    view.close()
    qtbot.wait(20)


def test_the_badge_drops_the_time_in_a_narrow_window(qtbot, ws, runner, ident):
    view = ReviewView(ws, ws.local_reviewer(), runner, lang="en")
    qtbot.addWidget(view)
    view.open_school(CODE, "B1")
    sign_in_window(ws, ident)
    badge = view.score_bar.signed_label
    assert view.score_bar.minimumSizeHint().width() < 1024  # 1280×720 at 125 %
    view.resize(view.minimumSizeHint().width(), 700)
    view.show()
    qtbot.waitUntil(lambda: badge.text() == "Signed · revision 1", timeout=5000)
    view.resize(1366, 700)
    qtbot.waitUntil(lambda: badge.text().startswith("Signed · revision 1 · "), timeout=5000)
    view.close()
    qtbot.wait(20)
