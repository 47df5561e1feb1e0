"""Help: the offline guide (Chinese and English, shipped as a resource) with the version and the
data folder; the shortcuts read from the window's actions; the one-time first-run tip."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import QMessageBox, QTextBrowser

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "core"))
from shell_helpers import prepared_workspace, start_window, visible_top  # noqa: E402
from test_glossary import terms  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE as CODE  # noqa: E402
from workbench.resources import resource  # noqa: E402
from workbench.ui.help.guide_window import guide_path, program_version, sections  # noqa: E402
from workbench.ui.help.install import PREF_TIP, TIP_DELAY_MS  # noqa: E402
from workbench.ui.help.shortcuts import plain, window_shortcuts  # noqa: E402
from workbench.ui.prefs import UiPrefs  # noqa: E402

ROOT = Path(__file__).parents[2]
LANGS = ("zh_CN", "en")
MENU_PATH = re.compile(r"\*\*([^*\n]+? › [^*\n]+?)\*\*")  # **文件 › 导入材料包…**


# ---- the guide as a file -------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_guide_ships_as_a_resource_and_docs_point_at_it(lang: str) -> None:
    shipped = resource("guide", f"guide.{lang}.md")
    assert guide_path(lang) == shipped and shipped.is_file()
    doc = ROOT / "docs" / "guide" / f"guide.{lang}.md"
    assert doc.resolve() == shipped.resolve()  # one text: docs/guide links to what ships
    spec = (ROOT / "installer" / "workbench.spec").read_text(encoding="utf-8")
    assert '"resources" / "guide"' in spec  # the frozen program has it too


@pytest.mark.parametrize("lang", LANGS)
def test_guide_covers_the_inspectors_day(lang: str) -> None:
    text = guide_path(lang).read_text(encoding="utf-8")
    assert len(sections(text)) >= 10
    t = terms()
    col = 0 if lang == "zh_CN" else 1
    for key in ("member", "chair", "security_incident", "evidence_package", "score_sheet", "panel_result",
                "self_assessment", "requirement", "demonstration", "qualified", "not_evaluated", "not_awarded"):
        assert t[key][col].split(" (")[0].lower() in text.lower(), (lang, key)
    if lang == "zh_CN":  # the words the glossary says not to use
        banned = [w for _zh, _en, nos in t.values() for w in nos]
        assert not [w for w in banned if w in text], [w for w in banned if w in text]


def test_guide_window_is_read_only_with_version_and_data_folder(qtbot, tmp_path) -> None:
    from workbench.ui.help.guide_window import GuideWindow

    g = GuideWindow("zh_CN", tmp_path)
    qtbot.addWidget(g)
    g.show()
    assert g.browser.isReadOnly() and not g.browser.openLinks() and not g.browser.openExternalLinks()
    assert program_version() in g.info.text() and str(tmp_path) in g.info.text()
    assert "导入学校的材料包" in g.browser.toPlainText()
    assert g.toc_model.stringList() == sections(guide_path("zh_CN").read_text(encoding="utf-8"))
    last = g.toc_model.stringList()[-1]
    assert g.show_section(last) and g.browser.verticalScrollBar().value() > 0
    g.set_language("en")
    assert "Import a school's evidence package" in g.browser.toPlainText()


class _Catcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:  # noqa: A003 - the handler's slot name
        self.urls.append(url.toString())


def test_a_web_link_opens_only_after_asking(qtbot, tmp_path) -> None:
    from workbench.ui.help.guide_window import GuideWindow

    catcher = _Catcher()
    QDesktopServices.setUrlHandler("https", catcher, "open")  # Qt's own hook for opened URLs
    try:
        g = GuideWindow("en", tmp_path)
        qtbot.addWidget(g)
        g.show()
        g.browser.anchorClicked.emit(QUrl("file:///etc/passwd"))
        assert g.link_box is None  # files are never opened from the guide
        g.browser.anchorClicked.emit(QUrl("https://example.org/x"))
        box = g.link_box
        assert box is not None and box.isVisible() and "https://example.org/x" in box.text()
        assert catcher.urls == []  # nothing opened while the question is up
        box.button(QMessageBox.StandardButton.Cancel).click()
        assert catcher.urls == []
        g.browser.anchorClicked.emit(QUrl("https://example.org/y"))
        g.link_box.button(QMessageBox.StandardButton.Open).click()
        qtbot.waitUntil(lambda: catcher.urls == ["https://example.org/y"], timeout=3000)
    finally:
        QDesktopServices.unsetUrlHandler("https")


# ---- in the window ---------------------------------------------------------------------------
@pytest.fixture
def running(qtbot, tmp_path):
    root = tmp_path / "ws"
    prepared_workspace(root)
    r = start_window(qtbot, root, lang="zh_CN", first_run=False)
    yield r
    r.close()


def test_help_menu_has_guide_and_shortcuts_in_chinese(qtbot, running) -> None:
    w = running.window
    texts = [plain(a.text()) for a in w.help_menu.actions() if not a.isSeparator()]
    assert texts[:2] == ["使用指南", "键盘快捷键"] and len(texts) >= 3  # then 关于
    assert w.help_ui.act_guide.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    w.help_ui.act_guide.trigger()
    g = visible_top("guideWindow")
    assert g is not None and g.windowTitle() == "使用指南"
    assert str(w.ws.root) in g.info.text() and "数据文件夹" in g.info.text()
    assert isinstance(g.browser, QTextBrowser) and "第一次运行" in g.browser.toPlainText()
    w.set_language("en")
    assert g.windowTitle() == "User guide" and "First run" in g.browser.toPlainText()
    assert plain(w.help_ui.act_guide.text()) == "User guide"


@pytest.mark.parametrize("lang", LANGS)
def test_every_menu_path_in_the_guide_is_in_the_window(qtbot, tmp_path, lang: str) -> None:
    root = tmp_path / "ws"
    prepared_workspace(root)
    r = start_window(qtbot, root, lang=lang, first_run=False)
    w = r.window
    qtbot.waitUntil(lambda: w.sync is not None, timeout=20_000)  # the Sync menu attaches after start
    have = set()
    for top in w.menuBar().actions():
        if top.menu() is not None:
            for a in top.menu().actions():
                have.add(f"{plain(top.menu().title())} › {plain(a.text())}")
    text = guide_path(lang).read_text(encoding="utf-8")
    named = {plain(m) for m in MENU_PATH.findall(text)}
    r.close()
    assert len(named) >= 8 and not named - have, sorted(named - have)


def test_shortcuts_are_read_from_the_actions(qtbot, running) -> None:
    w = running.window
    assert w.open_school(CODE)
    rows = window_shortcuts(w)
    by_command = {cmd: keys for _path, cmd, keys in rows}
    nxt = w.review.navigator.next_unscored_action
    assert "F3" in by_command[plain(nxt.text())]
    w.act_schools.setShortcuts(QKeySequence.listFromString("Ctrl+Shift+K"))  # what the actions say, now
    dlg = w.help_ui.show_shortcuts()
    assert dlg.objectName() == "shortcutsDialog" and dlg.windowTitle() == "键盘快捷键"
    shown = {dlg.model.item(r, 0).text(): dlg.model.item(r, 1).text() for r in range(dlg.model.rowCount())}
    assert shown[plain(w.act_schools.text())] == "Ctrl+Shift+K"
    assert shown["下一指标"].startswith("Ctrl+↓")
    assert all(keys for keys in shown.values())
    dlg.close()


def test_first_run_tip_shows_once_and_is_remembered(qtbot, tmp_path) -> None:
    root = tmp_path / "ws"
    prepared_workspace(root)
    r = start_window(qtbot, root, lang="zh_CN", first_run=False)
    w = r.window
    assert w.prefs.get(PREF_TIP) is None and w.help_ui.tip is None
    assert w.open_school(CODE)
    qtbot.waitUntil(lambda: w.help_ui.tip is not None and w.help_ui.tip.isVisible(), timeout=5000)
    tip = w.help_ui.tip
    assert tip.windowTitle() == "提示：键盘快捷键"
    assert tip.rows == window_shortcuts(w)  # the same list the actions give
    assert "F3" in tip.table.text() and "下一未评分指标" in tip.table.text()
    tip.ok.click()  # dismissed
    qtbot.waitUntil(lambda: w.help_ui.tip is None, timeout=3000)
    w.show_schools()
    assert w.open_school(CODE)
    qtbot.wait(TIP_DELAY_MS + 300)
    assert w.help_ui.tip is None  # not again in this session
    r.close()
    assert UiPrefs(root).get(PREF_TIP) == "shown"  # nor in the next one
    r2 = start_window(qtbot, root, lang="zh_CN", first_run=False)
    assert r2.window.open_school(CODE)
    qtbot.wait(TIP_DELAY_MS + 300)
    assert r2.window.help_ui.tip is None
    r2.close()


def test_the_tip_leaves_the_keyboard_where_it_was(qtbot, tmp_path) -> None:
    root = tmp_path / "ws"
    prepared_workspace(root)
    r = start_window(qtbot, root, lang="en", first_run=False)
    w = r.window
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=5000)
    assert w.open_school(CODE)
    qtbot.waitUntil(lambda: w.help_ui.tip is not None and w.help_ui.tip.isVisible(), timeout=5000)
    assert not w.help_ui.tip.isWindow()  # a panel in the window: it never takes the keyboard
    qtbot.wait(100)  # a window activation would be delivered by the event loop
    assert w.isActiveWindow()
    assert w.help_ui.tip.geometry().right() < w.width() and w.help_ui.tip.geometry().bottom() < w.height()
    w.help_ui.tip.all.click()  # "All shortcuts…" opens the full list
    qtbot.waitUntil(lambda: visible_top("shortcutsDialog") is not None, timeout=3000)
    r.close()
