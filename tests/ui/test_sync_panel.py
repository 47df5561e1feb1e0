"""The window follows real sync rounds against a real hub subprocess on loopback: the status
item, the outbox panel (retry, do-not-send) and a conflict shown side by side."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from workbench.store.outbox import Outbox
from workbench.ui.sync.status_item import SyncStatusItem
from workbench.ui.sync.sync_panel import SyncPanel

from .sync_ui_helpers import PASS, Panel, _no_retry_sleep, controllers, english, jpegs, panel, pin  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.gui]
STATE_COL = 2


def _states(view: SyncPanel) -> list[str]:
    m = view.model
    return [m.data(m.index(r, STATE_COL)) for r in range(m.rowCount())]


def test_status_item_and_panel_follow_a_real_round(qtbot, controllers, panel: Panel, tmp_path, jpegs) -> None:  # noqa: F811
    hub = panel.start_hub(tmp_path)
    pin(panel.m1, hub.url)
    panel.m1.sign_sheet(0, jpegs)
    c = controllers(panel.m1)
    item, view = SyncStatusItem(c), SyncPanel(c)
    qtbot.addWidget(item)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5000)
    assert item.text() == "1 waiting · never synced" and not item.grey
    assert _states(view) == ["waiting"]
    seen_text, seen_states = [], []
    c.changed.connect(lambda: seen_text.append(item.text()))
    c.changed.connect(lambda: seen_states.append(_states(view)))
    with qtbot.waitSignal(c.roundFinished, timeout=60000) as sig:
        qtbot.mouseClick(view.btn_sync, Qt.MouseButton.LeftButton)
        assert view.btn_stop.isEnabled() and not view.btn_sync.isEnabled()
    (report,) = sig.args[0]
    assert report.ok and len(report.pushed) == 1 and report.photos_uploaded == 3, report.errors
    qtbot.waitUntil(lambda: _states(view) == ["sent"], timeout=5000)
    assert any("syncing" in t for t in seen_text)  # the item showed the round while it ran
    assert item.text().startswith("0 waiting · last sync ") and not item.grey
    assert "sent 1, already there 0, conflicts 0, refused 0" in view.status.text()
    assert view.btn_sync.isEnabled() and not view.btn_stop.isEnabled()
    assert Outbox(panel.m1.ws).counts()["sent"] == 1


def test_an_unreachable_hub_only_greys_the_item(qtbot, controllers, panel: Panel) -> None:  # noqa: F811
    from helpers.pg import free_port

    from workbench.sync import settings

    settings.add_hub(panel.m1.ws, f"http://127.0.0.1:{free_port()}", "ab" * 32)
    panel.m1.sign_sheet(0)
    c = controllers(panel.m1)
    item, view = SyncStatusItem(c), SyncPanel(c)
    qtbot.addWidget(item)
    qtbot.addWidget(view)
    with qtbot.waitSignal(c.roundFinished, timeout=30000):
        c.sync_now()
    qtbot.waitUntil(lambda: "last sync" in item.text(), timeout=5000)
    assert item.grey and "hub not reachable" in item.text() and "8a8a8a" in item.styleSheet()
    assert "not reachable; nothing was lost" in view.status.text()
    assert _states(view) == ["waiting"]


def test_retry_and_do_not_send_from_the_panel(qtbot, controllers, panel: Panel) -> None:  # noqa: F811
    panel.m1.sign_sheet(0)
    c = controllers(panel.m1)
    view = SyncPanel(c)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5000)
    view.table.selectRow(0)
    assert view.btn_cancel.isEnabled() and not view.btn_conflict.isEnabled()
    qtbot.mouseClick(view.btn_cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _states(view) == ["cancelled"], timeout=5000)
    assert view.btn_retry.isEnabled() and not view.btn_cancel.isEnabled()
    qtbot.mouseClick(view.btn_retry, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _states(view) == ["waiting"], timeout=5000)
    assert Outbox(panel.m1.ws).entries()[0].state == "waiting"


def test_a_conflict_is_shown_side_by_side(qtbot, controllers, panel: Panel, tmp_path) -> None:  # noqa: F811
    from helpers.docs import sheet_doc

    from workbench.signing.sheet import sheet_file_bytes

    hub = panel.start_hub(tmp_path)
    pin(panel.m1, hub.url)
    p = panel.m1.person
    base = sheet_doc(p)
    rev2a, rev2b = sheet_doc(p, previous=base, shift=1), sheet_doc(p, previous=base, shift=2)
    ob = Outbox(panel.m1.ws)
    for d in (base, rev2a):  # revision 2 reaches the hub from "another laptop"
        ob.enqueue("sheet", sheet_file_bytes(d))
    assert panel.m1.sync(hub.url).ok
    fork = ob.enqueue("sheet", sheet_file_bytes(rev2b))  # another revision 2 with other scores
    c = controllers(panel.m1)
    item, view = SyncStatusItem(c), SyncPanel(c)
    qtbot.addWidget(item)
    qtbot.addWidget(view)
    with qtbot.waitSignal(c.roundFinished, timeout=60000) as sig:
        c.sync_now()
    assert sig.args[0][0].conflicts == [fork.doc_hash]
    qtbot.waitUntil(lambda: "conflict" in _states(view), timeout=5000)
    assert "1 conflict(s)" in item.text() and "b3261e" in item.styleSheet()
    view.table.selectRow(_states(view).index("conflict"))
    assert view.btn_conflict.isEnabled()
    qtbot.mouseClick(view.btn_conflict, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.conflict_dialog is not None and view.conflict_dialog.isVisible(), timeout=5000)
    dlg = view.conflict_dialog
    rows = {r.key: r for r in dlg.model.rows}
    assert rows["revision"].mine == rows["revision"].theirs == "2"
    items = [r for r in dlg.model.rows if r.key.startswith("B")]
    assert items and all(r.differs and r.mine != r.theirs for r in items)
    # mine is rev2b's scores, the hub's is rev2a's: check one item against the documents themselves
    k = items[0].key
    assert items[0].mine.startswith(str(rev2b["items"][k]["score"]))
    assert items[0].theirs.startswith(str(rev2a["items"][k]["score"]))
    m = dlg.model
    assert m.headerData(1, Qt.Orientation.Horizontal) == "Mine (this laptop)"
    assert m.data(m.index(3, 1), Qt.ItemDataRole.BackgroundRole) is not None  # a differing item is marked
    assert "revision 2" in dlg.summary.text() and "item(s) differ" in dlg.count.text()
    assert "sign again" in dlg.advice.text()


def test_the_status_item_and_panel_speak_chinese(qtbot, controllers, panel: Panel, qapp) -> None:  # noqa: F811
    from workbench.ui.i18n import Translators

    panel.m1.sign_sheet(0)
    tr = Translators(qapp)
    tr.install("zh_CN")
    try:
        c = controllers(panel.m1)
        item, view = SyncStatusItem(c), SyncPanel(c)
        qtbot.addWidget(item)
        qtbot.addWidget(view)
        qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5000)
        assert item.text() == "1 待同步 · 尚未同步"
        assert _states(view) == ["待发送"] and view.btn_sync.text() == "立即同步"
        assert view.model.headerData(0, Qt.Orientation.Horizontal) == "文档"
    finally:
        tr.remove()


def test_a_wrong_passphrase_is_said_and_asked_again_and_the_timer_waits(qtbot, controllers, panel: Panel,  # noqa: F811
                                                                        tmp_path) -> None:
    hub = panel.start_hub(tmp_path)
    pin(panel.m1, hub.url)
    panel.m1.sign_sheet(0)
    c = controllers(panel.m1)
    c.passphrase = "not the passphrase"
    c.refresh()
    qtbot.waitUntil(lambda: c.snapshot.loaded, timeout=5000)
    with qtbot.waitSignal(c.failed, timeout=30000) as sig:
        c.sync_now()
    assert "passphrase" in sig.args[0].lower() and c.passphrase is None and not c.running
    c._timed_round()  # the timer's round: no unlocked key, so no round and no prompt
    assert not c.running
    c.passphrase = PASS
    with qtbot.waitSignal(c.roundFinished, timeout=60000):
        c._timed_round()
    assert Outbox(panel.m1.ws).entries()[0].state == "sent"


def test_hub_settings_save_pin_and_refuse_a_malformed_fingerprint(qtbot, controllers, panel: Panel) -> None:  # noqa: F811
    from workbench.sync import settings
    from workbench.ui.sync.hub_settings import HubSettingsDialog

    c = controllers(panel.m1)
    dlg = HubSettingsDialog(c)
    qtbot.addWidget(dlg)
    dlg.url.setText("http://192.168.1.20:8470")
    dlg.fp.setText("abcd efgh")
    dlg.save()
    qtbot.waitUntil(lambda: "64 hexadecimal digits" in dlg.error.text(), timeout=5000)
    assert settings.hubs(panel.m1.ws) == []
    fp = "ab12" * 16
    dlg.fp.setText(" ".join(fp[i:i + 4] for i in range(0, 64, 4)))
    dlg.save()
    qtbot.waitUntil(lambda: dlg.list_model.rowCount() == 1, timeout=5000)
    assert [(h.url, h.fingerprint) for h in settings.hubs(panel.m1.ws)] == [("http://192.168.1.20:8470", fp)]
    assert "ab12 ab12 ab12 ab12" in dlg.list_model.stringList()[0]
    dlg.remove()
    qtbot.waitUntil(lambda: dlg.list_model.rowCount() == 0, timeout=5000)
    assert settings.hubs(panel.m1.ws) == []
