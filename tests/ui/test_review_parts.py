"""The parts of the review view on their own: navigator keys and filters, evidence list and
preview, photo move/remove, the score control's rounding, note-edit merging."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from workbench.errors import StoreError
from workbench.evidence import (
    DEMO_SCHOOL_CODE,
    SourceFile,
    demo_package_path,
    import_package,
    write_package,
)
from workbench.store import Workspace
from workbench.ui.review import ReviewView
from workbench.ui.review.evidence_model import COL_DATE, OldRole, period_start
from workbench.ui.review.score_spin import ScoreSpinBox
from workbench.ui.tasks import TaskRunner

pytestmark = pytest.mark.gui
CODE = DEMO_SCHOOL_CODE


@pytest.fixture
def env(qtbot, tmp_path):
    ws = Workspace.open(tmp_path / "ws")
    import_package(ws, demo_package_path())
    reviewer = ws.set_local_reviewer("王芳", "麻江县教育和科技局", "member")
    runner = TaskRunner()
    view = ReviewView(ws, reviewer, runner, lang="en")
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show()
    qtbot.waitExposed(view)
    view.open_school(CODE)
    yield view, ws, reviewer
    runner.cancel_all()
    runner.wait(10000)
    ws.close()


def test_keyboard_walk_and_next_unscored(qtbot, env):
    view, ws, reviewer = env
    view.navigator.tree.setFocus()
    qtbot.keyClick(view.navigator.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert view.current()[1] == "B2"
    qtbot.keyClick(view.navigator.tree, Qt.Key.Key_PageDown)
    assert view.current()[1] == "B3"
    qtbot.keyClick(view.navigator.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert view.current()[1] == "B2"
    for card in view.page().cards.values():  # B2 done
        card.full_button.click()
    view.navigator.select("B1")
    view.navigator.next_unscored_action.trigger()
    assert view.current()[1] == "B3"  # B1 is "not started" but the walk looks after it
    view.navigator.select("B29")
    qtbot.keyClick(view.navigator.tree, Qt.Key.Key_F3)
    assert view.current()[1] == "B1"  # wraps around


def test_filters_hide_scored_and_show_warnings(env):
    view, ws, reviewer = env
    for card in view.page().cards.values():
        card.zero_button.click()
    nav = view.navigator
    assert nav.model.index_of("B1", 3).data().startswith("●")
    nav.unscored_box.setChecked(True)
    assert "B1" not in nav._visible_ids() and len(nav._visible_ids()) == 28
    nav.unscored_box.setChecked(False)
    nav.warnings_box.setChecked(True)
    # the demo school reports its own numbers; the rubric's checks decide which B warns
    warned = sorted({w.item_id.split(".")[0] for w in ws.result(CODE, reviewer.id).warnings})
    assert nav._visible_ids() == warned


def test_warnings_show_beside_the_item_and_in_the_filter(qtbot, tmp_path):
    """A school short of computers: the rubric's B3.1 ratio check warns beside the item."""
    src = tmp_path / "plan.txt"
    src.write_text("计划", encoding="utf-8")
    head = {"rubric": "majiang-2015",
            "school": {"code": "T-WARN", "name": "测试小学", "stage": "primary", "students": 900,
                       "student_computers": 30, "teachers": 40, "teacher_computers": 40},
            "application": {"type": "qualified", "submitted": "2026-10-01"},
            "self_assessment": {"B3.1": "1"}}
    pkg = tmp_path / "warn.wbpkg"
    write_package(pkg, head, [SourceFile("B3/plan.txt", src, ("B3",), "计划", "2026-01-05")])
    ws = Workspace.open(tmp_path / "ws")
    import_package(ws, pkg)
    reviewer = ws.set_local_reviewer("王芳", "麻江县教育和科技局", "member")
    runner = TaskRunner()
    view = ReviewView(ws, reviewer, runner, lang="zh_CN")
    qtbot.addWidget(view)
    view.show()
    view.open_school("T-WARN", "B3")
    card = view.page().cards["B3.1"]
    assert card.warning_label.isVisibleTo(view) and "30" in card.warning_label.text()
    assert not view.page().cards["B3.2"].warning_label.isVisibleTo(view)
    assert card.self_label.text() == card.tr("Self-assessed: {v}").format(v="1")
    assert view.navigator.model.index_of("B3", 3).data().endswith("⚠")
    view.navigator.warnings_box.setChecked(True)
    assert view.navigator._visible_ids() == ["B3"]
    runner.wait(10000)
    ws.close()


def test_evidence_list_marks_old_files_and_previews(qtbot, env):
    view, ws, reviewer = env
    view.navigator.select("B2")
    model = view.evidence.model
    info = ws.school(CODE)
    since = period_start(info.application["submitted"], info.rubric.rules.evidence_period_years)
    assert model.rowCount() == len(ws.package_files(CODE, "B2")) == 2
    old = [model.index(r, 0).data(OldRole) for r in range(model.rowCount())]
    dates = [model.files[r].date for r in range(model.rowCount())]
    assert old == [d < since.isoformat() for d in dates] and any(old) and not all(old)
    assert "⚠" in model.index(old.index(True), COL_DATE).data()
    with qtbot.waitSignal(view.evidence.previewShown, timeout=10000) as shown:
        view.evidence.select_row(0)
    assert shown.args == ["pdf"] and view.evidence.pdf_doc.pageCount() >= 1
    view.navigator.select("B3")
    jpg_row = next(r for r in range(model.rowCount()) if model.files[r].media_type.startswith("image/"))
    with qtbot.waitSignal(view.evidence.previewShown, timeout=10000) as shown:
        view.evidence.select_row(jpg_row)
    assert shown.args == ["image"]
    before = view.evidence.image_view.transform().m11()
    view.evidence.zoom_in.click()
    assert view.evidence.image_view.transform().m11() == pytest.approx(before * 1.25)


def test_photos_move_and_remove_are_audited(qtbot, env, tmp_path):
    view, ws, reviewer = env
    view.navigator.select("B6")
    paths = []
    for i in range(2):
        p = tmp_path / f"gate{i}.jpg"
        Image.new("RGB", (200, 150), (i * 100, 50, 50)).save(p, "JPEG")
        paths.append(p)
    with qtbot.waitSignal(view.photos.importFinished, timeout=20000):
        view.photos.import_paths(paths)
    strip = view.photos
    assert strip.model.rowCount() == 2
    first, second = strip.model.photos
    strip.move_photos([first], "B7")
    assert [p.id for p in ws.photos(CODE, "B7")] == [first.id]
    assert strip.model.rowCount() == 1
    strip.remove_photos([second], "blurred")
    assert ws.photos(CODE, "B6") == []
    assert [p.id for p in ws.photos(CODE, "B6", include_removed=True)] == [second.id]
    assert any(a.field == "photo_removed" and a.reason == "blurred" for a in ws.audit(CODE))


def test_score_spin_box_rounds_and_refuses(qtbot):
    spin = ScoreSpinBox(Decimal(3))
    qtbot.addWidget(spin)
    assert spin.decimal_value() is None and spin.text() == "—"
    assert spin.fixup("1.3") == "1.5" and spin.fixup("1.2") == "1" and spin.fixup("7") == "3"
    spin.setValue(2.5)
    assert spin.decimal_value() == Decimal("2.5") and spin.text() == "2.5"
    spin.stepBy(1)
    assert spin.decimal_value() == Decimal(3)
    spin.stepBy(1)
    assert spin.decimal_value() == Decimal(3)  # never above max
    spin.set_decimal(None)
    assert spin.decimal_value() is None


def test_note_edits_merge_into_one_undo_step_per_item(qtbot, env):
    view, ws, reviewer = env
    a, b = list(view.page().cards.values())[:2]
    qtbot.keyClicks(a.note, "abc")
    qtbot.keyClicks(b.note, "xy")
    qtbot.keyClicks(a.note, "d")
    assert view.undo_stack.count() == 3
    assert ws.notes(CODE, reviewer.id) == {a.item.id: "abcd", b.item.id: "xy"}
    view.undo_stack.undo()
    assert ws.notes(CODE, reviewer.id)[a.item.id] == "abc"
    view.undo_stack.undo()
    assert ws.notes(CODE, reviewer.id).get(b.item.id, "") == ""


def test_language_switch_keeps_place_and_undo(env):
    view, ws, reviewer = env
    view.navigator.select("B4")
    view.page().cards["B4.1"].full_button.click()
    assert view.navigator.model.index_of("B4").data().startswith("B4 Campus")
    view.set_language("zh_CN")
    assert view.current() == (CODE, "B4")
    assert view.navigator.model.index_of("B4").data() == "B4 校园网络设施布局"
    assert view.page().cards["B4.1"].text_label.text() == ws.school(CODE).rubric.item("B4.1").text.zh
    view.undo_stack.undo()
    assert "B4.1" not in ws.scores(CODE, reviewer.id)
    assert view.page().cards["B4.1"].spin.decimal_value() is None


def test_drop_imports_and_cancel_keeps_what_was_done(qtbot, env, tmp_path):
    view, ws, reviewer = env
    view.navigator.select("B21")
    folder = tmp_path / "drop"
    folder.mkdir()
    for i in range(40):
        Image.new("RGB", (64, 48), (i * 6, 20, 20)).save(folder / f"p{i:02d}.jpg", "JPEG")
    strip = view.photos
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder / "p00.jpg"))])
    pos = QPointF(strip.rect().center())
    # QDragEnterEvent takes a QPoint (QDropEvent a QPointF) up to PySide6 6.11
    enter = QDragEnterEvent(strip.rect().center(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(strip, enter)
    assert enter.isAccepted()
    drop = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(strip.importFinished, timeout=20000) as got:
        QApplication.sendEvent(strip, drop)
    assert got.args == [1, 0] and len(ws.photos(CODE, "B21")) == 1

    # a folder import cancelled at once: no error shown, the photos done so far are kept
    with qtbot.waitSignal(strip.importFinished, timeout=20000) as got:
        strip.import_paths([folder])
        assert strip.cancel_button.isVisible()
        strip.cancel_button.click()
    assert got.args == [0, 0]
    assert not strip.cancel_button.isVisible() and strip.import_task is None
    kept = len(ws.photos(CODE, "B21"))
    assert 1 <= kept <= 40 and strip.model.rowCount() == kept
    assert not view.banner.isVisible()


def test_other_files_open_in_the_system_viewer_from_a_temp_copy(qtbot, env, monkeypatch):
    view, ws, reviewer = env
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    view.navigator.select("B1")
    view.evidence.select_row(0)
    f = view.evidence.current_file()
    view.evidence.open_external()
    qtbot.waitUntil(lambda: bool(opened), timeout=10000)
    copy = Path(opened[0].toLocalFile())
    # a generated name with the extension of the type the content shows, never the package's name
    assert copy.name != Path(f.path).name and copy.name.startswith("evidence-") and copy.suffix == ".pdf"
    assert copy.read_bytes() == ws.blobs.path(f.sha256).read_bytes()


def test_unknown_school_raises_and_leaves_the_view_as_it_was(env):
    view, ws, reviewer = env
    with pytest.raises(StoreError):
        view.open_school("NO-SUCH-SCHOOL")
    assert view.current() == (CODE, "B1")


def test_double_click_shows_the_photo_large_and_upright(qtbot, env, tmp_path):
    from PIL import ExifTags
    view, ws, reviewer = env
    view.navigator.select("B3")
    p = tmp_path / "portrait.jpg"
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # stored landscape, shown portrait
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = "2026:11:20 10:15:00"
    Image.new("RGB", (400, 300), (30, 90, 160)).save(p, "JPEG", exif=exif)
    with qtbot.waitSignal(view.photos.importFinished, timeout=20000):
        view.photos.import_paths([p])
    strip = view.photos
    index = strip.model.index(0, 0)
    strip.list.activated.emit(index)  # what a double-click or Enter sends
    viewer = strip.viewer
    qtbot.waitUntil(lambda: viewer.pixmap is not None, timeout=10000)
    assert (viewer.pixmap.width(), viewer.pixmap.height()) == (300, 400)  # upright
    assert "2026-11-20 10:15:00" in viewer.info.text() and viewer.windowTitle() == "portrait.jpg"
    viewer.close()
