"""Language (Chinese by default, English live-switchable and remembered), the translation
build, and reopening the program where it was left (school, indicator, window size)."""

from __future__ import annotations

import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtGui import QUndoCommand

sys.path.insert(0, str(Path(__file__).parent))
from shell_helpers import prepared_workspace, start_window  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE  # noqa: E402
from workbench.ui import i18n_build  # noqa: E402
from workbench.ui.i18n import normalize_lang  # noqa: E402

pytestmark = pytest.mark.gui
TS = i18n_build.translations_dir() / "shell_zh_CN.ts"


def test_every_shell_string_has_a_chinese_translation():
    root = ET.parse(TS).getroot()
    untranslated = []
    for msg in root.iter("message"):
        tr = msg.find("translation")
        forms = [f.text for f in tr.findall("numerusform")] or [tr.text]
        if tr.get("type") in ("unfinished", "obsolete", "vanished") or not all(forms):
            untranslated.append(msg.findtext("source"))
    assert untranslated == []
    assert len(list(root.iter("message"))) >= 60


def test_i18n_build_compiles_ts_to_loadable_qm(tmp_path):
    shutil.copy(TS, tmp_path / TS.name)
    assert i18n_build.main(["--dir", str(tmp_path)]) == 0
    qm = tmp_path / "shell_zh_CN.qm"
    assert qm.is_file() and not i18n_build.stale(tmp_path / TS.name)
    t = QTranslator()
    assert t.load(str(qm))
    assert t.translate("MainWindow", "&File") == "文件(&F)"
    assert i18n_build.build(tmp_path, only_stale=True) == []  # up to date: nothing to do


def test_normalize_lang():
    assert normalize_lang(None) == "zh_CN"
    assert normalize_lang("en_US") == normalize_lang("EN") == "en"
    assert normalize_lang("zh-CN") == "zh_CN"


def test_chinese_by_default_switch_to_english_live_and_remember(qtbot, tmp_path):
    root = tmp_path / "ws"
    prepared_workspace(root)
    running = start_window(qtbot, root, first_run=False)
    try:
        w = running.window
        assert w.file_menu.title() == "文件(&F)"
        assert w.schools.model.headerData(0, Qt.Orientation.Horizontal) == "代码"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"  # Qt's own strings too
        assert w.open_school(DEMO_SCHOOL_CODE, "B3")
        assert (w.act_undo.text(), w.act_redo.text()) == ("撤销", "重做")  # empty history
        with qtbot.waitSignal(w.languageChanged):
            w.lang_actions["en"].trigger()
        assert w.file_menu.title() == "&File"
        assert (w.act_undo.text(), w.act_redo.text()) == ("Undo", "Redo")  # not the start language
        w.review.undo_stack.push(QUndoCommand("B3.1"))
        assert w.act_undo.text() == "Undo B3.1" and w.act_undo.isEnabled() and not w.act_redo.isEnabled()
        w.lang_actions["zh_CN"].trigger()
        assert w.act_undo.text() == "撤销 B3.1"
        w.act_undo.trigger()
        assert w.act_redo.text() == "重做 B3.1" and w.act_redo.isEnabled() and not w.act_undo.isEnabled()
        w.lang_actions["en"].trigger()
        assert w.schools.title.text() == "Schools"
        assert w.lang_actions["en"].isChecked() and not w.lang_actions["zh_CN"].isChecked()
        assert running.ws.get_setting("language") == "en"
        assert w.current_location()[:2] == (DEMO_SCHOOL_CODE, "B3")  # still in the same place
        w.lang_actions["zh_CN"].trigger()
        assert w.file_menu.title() == "文件(&F)"
        w.lang_actions["en"].trigger()
    finally:
        running.close()
    again = start_window(qtbot, root, first_run=False)  # no --lang: the remembered choice
    try:
        assert again.translators.lang == "en"
        assert again.window.file_menu.title() == "&File"
    finally:
        again.close()
    forced = start_window(qtbot, root, lang="zh_CN", first_run=False)  # --lang wins
    try:
        assert forced.window.file_menu.title() == "文件(&F)"
    finally:
        forced.close()


def test_reopen_returns_to_the_same_school_indicator_and_size(qtbot, tmp_path):
    root = tmp_path / "ws"
    prepared_workspace(root)
    running = start_window(qtbot, root)
    try:
        w = running.window
        qtbot.waitUntil(lambda: w.pages.currentWidget() is w.schools and w.schools.model.rowCount() == 1)
        assert w.open_school(DEMO_SCHOOL_CODE, "B1")
        w.review.navigator.select("B17")  # the reviewer walks on in the view
        qtbot.waitUntil(lambda: w.current_location()[:2] == (DEMO_SCHOOL_CODE, "B17"))
        w.resize(640, 480)  # within the offscreen screen, which bounds a restored size
        size = (w.width(), w.height())
    finally:
        running.close()
    again = start_window(qtbot, root)  # first_run: returns to the last place
    try:
        w = again.window
        qtbot.waitUntil(lambda: w.current_location() == (DEMO_SCHOOL_CODE, "B17", "review"))
        assert (w.width(), w.height()) == size
        w.show_schools()  # left on the school list: the next start stays there
    finally:
        again.close()
    third = start_window(qtbot, root)
    try:
        qtbot.wait(200)
        assert third.window.current_location()[2] == "schools"
    finally:
        third.close()
