"""Sync failures reach a Chinese window in Chinese: real rounds against a real hub subprocess
(or an address nothing answers on) fail, and the outbox table and the sync panel show the
translated text by the failure's stable code, with the client's English line as the detail."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from workbench.store.outbox import Outbox
from workbench.ui.sync.outbox_model import DETAIL_ROLE
from workbench.ui.sync.sync_panel import SyncPanel

from .sync_ui_helpers import PASS, Panel, _no_retry_sleep, controllers, english, jpegs, panel, pin  # noqa: F401
from .test_all_chinese import english_words

pytestmark = [pytest.mark.gui]
MESSAGE_COL = 4


@pytest.fixture
def zh(qapp, english) -> Iterator[None]:  # noqa: F811 - after `english` dropped other tests' translators
    from workbench.ui.i18n import Translators

    t = Translators(qapp)
    t.install("zh_CN")
    yield
    t.remove()


def _round(qtbot, controllers, lap, *, entry_error: bool = True):  # noqa: F811
    c = controllers(lap)
    view = SyncPanel(c)
    qtbot.addWidget(view)
    with qtbot.waitSignal(c.roundFinished, timeout=60000) as sig:
        c.sync_now()
    (report,) = sig.args[0]
    qtbot.waitUntil(lambda: view.model.rowCount() == 1 and (view.model.entries[0].last_error is not None
                                                            or not entry_error), timeout=5000)
    return view, report


def _shown(view: SyncPanel) -> tuple[str, str, str]:
    """(the message cell, its English detail, its tooltip) of the only outbox row."""
    m = view.model
    i = m.index(0, MESSAGE_COL)
    from PySide6.QtCore import Qt

    return m.data(i), m.data(i, DETAIL_ROLE), m.data(i, Qt.ItemDataRole.ToolTipRole)


def _chinese(text: str) -> bool:
    return bool(text) and not english_words(text)


def test_a_missing_photo_is_chinese_in_the_table_and_the_panel(qtbot, controllers, zh, panel: Panel,  # noqa: F811
                                                               tmp_path, jpegs) -> None:  # noqa: F811
    hub = panel.start_hub(tmp_path)
    pin(panel.m1, hub.url)
    panel.m1.sign_sheet(0, jpegs[:1])
    (entry,) = Outbox(panel.m1.ws).entries()
    panel.m1.ws.blobs.path(entry.blobs[0]).unlink()  # the photo is gone from this laptop: the hub never gets it
    view, report = _round(qtbot, controllers, panel.m1)
    assert report.reached and [f.code for f in report.failures] == ["missing_blobs"]
    text, detail, tip = _shown(view)
    assert text == "服务器缺少该文件引用的照片。", text  # the cell: what is wrong; the tooltip: what to do too
    assert "[missing_blobs, HTTP 422]" in detail and detail in tip and "详细信息" in tip and "请再次同步" in tip
    status = view.status.text()
    assert "服务器缺少该文件引用的照片。" in status and _chinese(status), status
    assert "missing_blobs" in view.status.toolTip()


def test_a_refused_sheet_is_chinese(qtbot, controllers, zh, panel: Panel, tmp_path) -> None:  # noqa: F811
    from helpers.docs import sheet_doc
    from helpers.identities import make_person

    from workbench.signing.sheet import sheet_file_bytes

    hub = panel.start_hub(tmp_path)
    pin(panel.m1, hub.url)
    stranger = make_person(tmp_path / "stranger", "赵外人")  # signed by a certificate the hub never enrolled
    Outbox(panel.m1.ws).enqueue("sheet", sheet_file_bytes(sheet_doc(stranger)))
    view, report = _round(qtbot, controllers, panel.m1)
    assert report.refused and view.model.entries[0].state == "refused"
    code = view.model.entries[0].last_error.code
    text, detail, tip = _shown(view)
    assert _chinese(text) and f"[{code}, HTTP " in detail and detail in tip, (code, text, detail)
    assert "拒收" in text or "拒绝" in text, text


def test_an_unreachable_hub_is_chinese(qtbot, controllers, zh, panel: Panel) -> None:  # noqa: F811
    from helpers.pg import free_port

    from workbench.sync import settings

    settings.add_hub(panel.m1.ws, f"http://127.0.0.1:{free_port()}", "ab" * 32)
    panel.m1.sign_sheet(0)
    view, report = _round(qtbot, controllers, panel.m1, entry_error=False)
    assert not report.reached and report.failures[0].code == "unreachable"
    assert _shown(view)[0] == ""  # the round never reached the document: the entry just waits
    status = view.status.text()
    assert "无法连接服务器。" in status and _chinese(status), status
    assert "cannot reach the hub" in view.status.toolTip()
    from workbench.ui.sync.status_item import SyncStatusItem

    item = SyncStatusItem(view.controller)  # the status bar's item says why in its tooltip
    qtbot.addWidget(item)
    assert "无法连接服务器。" in item.toolTip() and _chinese(item.toolTip()), item.toolTip()


def test_a_bad_address_is_chinese_and_english_in_an_english_window(qtbot, controllers, panel: Panel,  # noqa: F811
                                                                   qapp) -> None:
    from workbench.sync import settings
    from workbench.ui.i18n import Translators

    settings.add_hub(panel.m1.ws, "http://127.0.0.1:80a0", "ab" * 32)  # a typo in the port
    panel.m1.sign_sheet(0)
    t = Translators(qapp)
    t.install("zh_CN")
    try:
        view, report = _round(qtbot, controllers, panel.m1, entry_error=False)
        assert report.failures[0].code == "bad_address"
        status = view.status.text()
        assert "服务器地址无效。" in status and _chinese(status), status
        assert "not a hub address" in view.status.toolTip()
        t.install("en")  # the same round in English: the code's English words, the detail unchanged
        view._finished([report])
        assert "The hub address is not valid." in view.status.text()
        assert "not a hub address" in view.status.toolTip()
    finally:
        t.remove()


def test_hub_settings_and_the_join_dialog_refuse_in_chinese(qtbot, controllers, zh, panel: Panel) -> None:  # noqa: F811
    from PySide6.QtCore import Qt

    from workbench.errors import WorkbenchError
    from workbench.sync import lan
    from workbench.ui.sync.hub_settings import HubSettingsDialog
    from workbench.ui.sync.lan_dialogs import JoinHubDialog

    c = controllers(panel.m1)
    dlg = HubSettingsDialog(c)
    qtbot.addWidget(dlg)
    for url, fp, zh_text, en_text in (("ftp://hub.example:8443", "", "服务器地址无效。", "not a hub address"),
                                      ("http://127.0.0.1:8443", "12 34", "服务器指纹是 64 位十六进制数字",
                                       "64 hexadecimal digits")):
        dlg.url.setText(url)
        dlg.fp.setText(fp)
        qtbot.mouseClick(dlg.btn_save, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda zh_text=zh_text: zh_text in dlg.error.text(), timeout=5000)
        assert _chinese(dlg.error.text()) and en_text in dlg.error.toolTip(), (dlg.error.text(), dlg.error.toolTip())

    join = JoinHubDialog(c, browse=lan.browse, timeout=0.5, interfaces=["127.0.0.1"])
    qtbot.addWidget(join)
    qtbot.waitUntil(lambda: not join.busy, timeout=15000)
    for typed, zh_text in (("0000", "请至少输入组长屏幕上指纹的前四组"),
                           ("0000 0000 0000 0001", "这不是组长的服务器;请勿加入")):
        with pytest.raises(WorkbenchError) as ei:
            lan.check_typed(typed, "ab" * 32)  # what lan.join asks first, before any network
        join._error(ei.value)
        assert zh_text in join.result.text() and _chinese(join.result.text()), join.result.text()
        assert ei.value.message in join.result.toolTip()


def test_a_round_without_an_identity_is_chinese(qtbot, controllers, zh, panel: Panel, tmp_path) -> None:  # noqa: F811
    from helpers.pg import free_port

    from workbench.sync import settings

    settings.add_hub(panel.m1.ws, f"http://127.0.0.1:{free_port()}", "ab" * 32)
    settings.set_identity_dir(panel.m1.ws, tmp_path / "nobody")  # no identity on this laptop
    c = controllers(panel.m1)
    view = SyncPanel(c)
    qtbot.addWidget(view)
    with qtbot.waitSignal(c.failed, timeout=30000) as sig:
        c.sync_now()
    assert sig.args[0].startswith("本机还没有签名身份。") and _chinese(sig.args[0]), sig.args
    assert view.status.text() == sig.args[0] and "no identity here" in view.status.toolTip()
