"""Issue 12 follow-ups on the signed state: changing the photos of a signed sheet asks first, like
every other edit; a sheet signed by the real CLI in another process shows in the open window's
score bar and school list without the window being activated."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QCoreApplication, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMessageBox

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "signing"))
from sheet_helpers import PASS, make_identity  # noqa: E402
from shell_helpers import prepared_workspace, start_window  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE  # noqa: E402
from workbench.signing.from_sources import remember_signed, sheet_from_workspace  # noqa: E402
from workbench.signing.sheet import sign_sheet  # noqa: E402
from workbench.ui.review import ReviewView  # noqa: E402
from workbench.ui.review.signed_guard import open_question, question_text  # noqa: E402
from workbench.ui.signed_badge import notify_signed  # noqa: E402

CODE = DEMO_SCHOOL_CODE
ROOT = Path(__file__).parents[2]


def sign_here(ws, ident) -> None:
    me = ws.local_reviewer().id
    sheet, rubric = sheet_from_workspace(ws, CODE, me)
    remember_signed(ws, CODE, me, sign_sheet(sheet, ident, ident.private_key(PASS), rubric, allow_incomplete=True))
    notify_signed(CODE)


def jpeg(path: Path, colour: tuple[int, int, int]) -> Path:
    Image.new("RGB", (64, 48), colour).save(path)
    return path


def drop(widget, path: Path) -> None:
    """A file dropped from the file manager onto the strip (the real drop event)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    pos = QPointF(widget.rect().center())
    QCoreApplication.sendEvent(widget, QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime,
                                                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    QCoreApplication.sendEvent(widget, QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                                  Qt.KeyboardModifier.NoModifier))


def answer(qtbot, button: QMessageBox.StandardButton) -> None:
    qtbot.waitUntil(lambda: open_question() is not None, timeout=5000)
    box = open_question()
    assert box.isVisible() and box.text() == question_text(1)
    box.button(button).click()
    assert open_question() is None


def test_photo_changes_on_a_signed_sheet_ask_first(qtbot, ws, runner, tmp_path):
    ident = make_identity(tmp_path / "id", name="王芳")
    view = ReviewView(ws, ws.local_reviewer(), runner, lang="en")
    qtbot.addWidget(view)
    view.show()
    view.open_school(CODE, "B3")
    strip = view.photos
    first = jpeg(tmp_path / "a.jpg", (30, 90, 160))
    with qtbot.waitSignal(strip.importFinished, timeout=20000):  # unsigned: no question
        assert strip.import_paths([first]) is not None
    assert open_question() is None and len(ws.photos(CODE)) == 1
    sign_here(ws, ident)
    assert view.score_bar.signed.status == "signed"

    # a drop (the drag path) on the signed sheet: asked; Cancel imports nothing
    second = jpeg(tmp_path / "b.jpg", (160, 90, 30))
    drop(strip, second)
    answer(qtbot, QMessageBox.StandardButton.Cancel)
    qtbot.wait(50)
    assert strip.import_task is None and len(ws.photos(CODE)) == 1
    assert view.score_bar.signed.status == "signed"

    # moving is asked too; Cancel leaves the photo where it was
    photo = ws.photos(CODE)[0]
    strip.move_photos([photo], "B4")
    answer(qtbot, QMessageBox.StandardButton.Cancel)
    assert ws.photos(CODE)[0].indicator == "B3"

    # the Add photos… button asks before the file chooser opens (Cancel: no chooser)
    strip.add_files_button.click()
    answer(qtbot, QMessageBox.StandardButton.Cancel)

    # 继续修改: the held drop is imported, and the state becomes "changed after signing"
    with qtbot.waitSignal(strip.importFinished, timeout=20000):
        assert strip.import_paths([second]) is None
        answer(qtbot, QMessageBox.StandardButton.Yes)
    assert len(ws.photos(CODE)) == 2
    qtbot.waitUntil(lambda: view.score_bar.signed.status == "changed", timeout=5000)
    strip.remove_photos([photo], "重复")  # agreed once for this revision: no second question
    assert open_question() is None and len(ws.photos(CODE)) == 1

    # signed again (revision 2): removing a photo asks again before anything is removed
    sign_here(ws, ident)
    left = ws.photos(CODE)[0]
    strip._ask_remove([left])
    qtbot.waitUntil(lambda: open_question() is not None, timeout=5000)
    assert open_question().text() == question_text(2)
    open_question().button(QMessageBox.StandardButton.Cancel).click()
    assert len(ws.photos(CODE)) == 1 and view.score_bar.signed.status == "signed"
    view.close()
    qtbot.wait(20)


def cli(root: Path, *args: str) -> None:
    """The real command line, in its own process (the passphrase from the environment)."""
    env = dict(os.environ, WB_TEST_PASS=PASS)
    done = subprocess.run([sys.executable, "-m", "workbench", *args, "--workspace", str(root)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


@pytest.mark.gui
def test_a_sheet_signed_in_a_terminal_shows_in_the_open_window(qtbot, tmp_path):
    root = tmp_path / "ws"
    prepared_workspace(root)
    make_identity(root / "identity", name="王芳", org="麻江县教育和科技局")
    running = start_window(qtbot, root, lang="zh_CN", first_run=False)
    try:
        w = running.window
        w.live.timer.setInterval(300)  # the 2 s tick, shortened: the test waits on the real path
        assert w.open_school(CODE, "B1")
        bar = w.review.score_bar
        assert bar.signed.status == "unsigned" and bar.signed_label.text() == "未签名"
        activations: list[int] = []
        w.live.refreshed.connect(lambda: activations.append(1))
        w.review.page("B1").cards["B1.2"].full_button.click()  # an edit that undo could take back
        assert w.review.undo_stack.canUndo()
        qtbot.waitUntil(lambda: not bar._signed_timer.isActive(), timeout=5000)  # the edit's own re-read, done

        cli(root, "sheet", "export", "--school", CODE, "-o", str(tmp_path / "sheet.json"),
            "--passphrase-env", "WB_TEST_PASS", "--allow-incomplete")
        # no WindowActivate is sent: the data_version tick alone brings the state in
        qtbot.waitUntil(lambda: bar.signed.status == "signed", timeout=15_000)
        assert bar.signed.revision == 1 and bar.signed_label.text().startswith("已签名 第 1 版")
        assert activations
        assert not w.review.undo_stack.canUndo()  # signing elsewhere is an undo checkpoint too

        w.show_schools()  # the 状态 column reads the same state; a second signing shows there live
        from workbench.ui.school_list import SchoolTableModel

        def state_cell() -> str:
            rows = w.schools.model
            return rows.index(0, SchoolTableModel.STATE_COLUMN).data() if rows.rowCount() else ""

        qtbot.waitUntil(lambda: state_cell().startswith("已签名 第 1 版"), timeout=15_000)
        cli(root, "workspace", "score", CODE, "B1.1", "1")
        qtbot.waitUntil(lambda: state_cell() == "签名后已修改", timeout=15_000)
        cli(root, "sheet", "export", "--school", CODE, "-o", str(tmp_path / "sheet2.json"),
            "--passphrase-env", "WB_TEST_PASS", "--allow-incomplete")
        qtbot.waitUntil(lambda: state_cell().startswith("已签名 第 2 版"), timeout=15_000)
    finally:
        running.close()
