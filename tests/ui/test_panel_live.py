"""The panel view follows the workspace (issue 12 item 7): the chair's window is open on the signed
panel result when a member's co-signed copy comes back on a USB bundle, imported from the window's
Sync menu (the real core `import_bundle`); the view shows the co-signature without reopening, and
the chair's selected item and the consensus edit being typed stay as they were. The chair's own
unsigned merge is never replaced by what the workspace holds. And a real sync round from the
window (a `workbench hub serve` subprocess) brings a co-signature into the open view at once."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))
from shell_helpers import start_window  # noqa: E402
from sync_helpers import PASS, SCHOOL, Panel, _no_retry_sleep, make_laptop, panel  # noqa: E402, F401

from workbench.panel.collect import add_trust, merge_from_workspace  # noqa: E402
from workbench.panel.signing import sign_and_queue  # noqa: E402
from workbench.panel.verify import verify_panel_bytes  # noqa: E402
from workbench.store.outbox import received, received_bytes  # noqa: E402
from workbench.sync import settings  # noqa: E402
from workbench.sync.bundle import export_bundle, import_bundle  # noqa: E402

pytestmark = pytest.mark.gui


def _laptops(tmp_path: Path):  # noqa: ANN202
    """The chair's signed result, and member 1's co-signed copy of it on a stick (a .wbsync file)."""
    chair = make_laptop(tmp_path / "chair", "张组长", "chair")
    m1, m2 = make_laptop(tmp_path / "m1", "王建国"), make_laptop(tmp_path / "m2", "李晓梅")
    for lap in (chair, m1, m2):
        for other in (chair, m1, m2):
            add_trust(lap.ws, other.person.identity.dir / "cert.pem")
    m1.sign_sheet(0)
    m2.sign_sheet(1)
    for m in (m1, m2):
        assert not import_bundle(chair.ws, export_bundle(m.ws, SCHOOL, tmp_path / f"{m.person.fingerprint[:8]}.wbsync").path).refused
    sign_and_queue(chair.ws, merge_from_workspace(chair.ws, SCHOOL, chair.person.identity.cert, opinion="同意。"),
                   chair.person.identity, chair.person.key)
    stick = export_bundle(chair.ws, SCHOOL, tmp_path / "chair.wbsync").path
    assert not import_bundle(m1.ws, stick).refused
    [got] = received(m1.ws, "panel", SCHOOL)
    pulled = verify_panel_bytes(received_bytes(m1.ws, got.doc_hash), None, check_trust_roots=False).doc
    sign_and_queue(m1.ws, pulled, m1.person.identity, m1.person.key)
    back = export_bundle(m1.ws, SCHOOL, tmp_path / "back.wbsync").path
    for lap in (chair, m1, m2):
        lap.ws.close()
    return chair, m1, back


def test_cosignature_from_a_bundle_shows_in_the_open_panel_view(qtbot, tmp_path) -> None:
    chair, m1, back = _laptops(tmp_path)
    running = start_window(qtbot, tmp_path / "chair" / "ws", lang="zh_CN", first_run=False)
    try:
        w = running.window
        w.live.timer.setInterval(300)
        assert w.open_school(SCHOOL, "B1")
        w.open_panel()
        view = w.panel_view
        view.set_identity_dir(chair.person.identity.dir)
        qtbot.waitUntil(lambda: view.state is not None and not view.busy, timeout=20_000)
        assert set(view.state.signed) == {chair.person.fingerprint}
        revision = view.state.doc["revision"]

        # the chair is settling B3.2: selected, a value and half a reason typed, not yet applied
        view.activateWindow()
        qtbot.waitUntil(view.isActiveWindow, timeout=5000)
        view.select_item("B3.2")
        ed = view.editor
        assert ed.isEnabled() and ed.item_id == "B3.2"
        ed.value.setValue(1.0)
        ed.reason.setPlainText("现场复核")
        ed.reason.setFocus()
        qtbot.waitUntil(ed.reason.hasFocus, timeout=5000)
        view.opinion.setPlainText("同意。建议加强")  # an opinion being rewritten, not yet applied

        qtbot.waitUntil(lambda: w.sync is not None, timeout=20_000)
        assert w.sync.bundles.import_from(back)  # Sync › 导入 U 盘数据包…, as a member's stick comes back
        qtbot.waitUntil(lambda: view.state is not None and m1.person.fingerprint in view.state.signed,
                        timeout=20_000)
        assert set(view.state.signed) == {chair.person.fingerprint, m1.person.fingerprint}
        assert view.state.doc["revision"] == revision  # the same result, co-signed
        assert "签名 2 个" in view.status.text()
        # what the chair was doing is kept
        assert view._selected_item() == "B3.2" and ed.item_id == "B3.2"
        assert ed.value.value() == 1.0 and ed.reason.toPlainText() == "现场复核"
        assert view.opinion.toPlainText() == "同意。建议加强" and view.opinion_button.isEnabled()
        assert QApplication.focusWidget() is ed.reason  # the reason box keeps the keyboard
        assert ed.apply_button.isEnabled()
    finally:
        running.close()


def test_the_chairs_unsigned_merge_is_not_replaced(qtbot, tmp_path) -> None:
    chair, m1, back = _laptops(tmp_path)
    running = start_window(qtbot, tmp_path / "chair" / "ws", lang="en", first_run=False)
    try:
        w = running.window
        w.live.timer.setInterval(300)
        assert w.open_school(SCHOOL, "B1")
        w.open_panel()
        view = w.panel_view
        view.set_identity_dir(chair.person.identity.dir)
        qtbot.waitUntil(lambda: view.state is not None and not view.busy, timeout=20_000)
        view.method.setCurrentIndex(view.method.findData("median"))
        with qtbot.waitSignal(view.stateChanged, timeout=30_000):
            view.merge()  # a new, unsigned merge (supersedes the signed one once signed)
        mine = view.state
        assert not mine.doc["signatures"] and mine.doc["method"] == "median"
        qtbot.waitUntil(lambda: w.sync is not None, timeout=20_000)
        assert w.sync.bundles.import_from(back)
        # the view read the workspace's newest result (now co-signed by m1) and left the merge alone
        qtbot.waitUntil(lambda: view._latest_key is not None and m1.person.fingerprint in view._latest_key[1],
                        timeout=20_000)
        assert view.state is mine  # the co-signature belongs to the older result: the merge stays
    finally:
        running.close()


def test_a_sync_round_from_the_window_brings_a_cosignature_into_the_open_view(qtbot, panel: Panel, tmp_path) -> None:  # noqa: F811
    lan = panel.start_hub(tmp_path / "lan", name="第一评估组 LAN")
    for lap in (panel.chair, panel.m1, panel.m2):
        settings.add_hub(lap.ws, lan.url)
    panel.m1.sign_sheet(0)
    panel.m2.sign_sheet(1)
    for lap in (panel.m1, panel.m2, panel.chair):
        assert lap.sync(lan.url).ok
    chair = panel.chair.person
    sign_and_queue(panel.chair.ws, merge_from_workspace(panel.chair.ws, SCHOOL, chair.identity.cert, opinion="同意。"),
                   chair.identity, chair.key)
    assert panel.chair.sync(lan.url).ok

    running = start_window(qtbot, panel.chair.ws.root, lang="en", first_run=False)
    try:
        w = running.window
        w.live.timer.setInterval(300)
        assert w.open_school(SCHOOL, "B1")
        w.open_panel()
        view = w.panel_view
        view.set_identity_dir(chair.identity.dir)
        qtbot.waitUntil(lambda: view.state is not None and not view.busy, timeout=20_000)
        assert set(view.state.signed) == {chair.fingerprint}
        view.select_item("B1.1")

        m1 = panel.m1  # the member pulls, co-signs and pushes meanwhile
        assert m1.sync(lan.url).ok
        [got] = received(m1.ws, "panel", SCHOOL)
        doc = verify_panel_bytes(received_bytes(m1.ws, got.doc_hash), None, check_trust_roots=False).doc
        sign_and_queue(m1.ws, doc, m1.person.identity, m1.person.key)
        assert m1.sync(lan.url).ok

        qtbot.waitUntil(lambda: w.sync is not None and id(w.sync.controller) in w.live._hooked, timeout=20_000)
        qtbot.waitUntil(lambda: not w.live._busy, timeout=5000)
        w.live.timer.setInterval(60_000)  # no more ticks: the end of the round itself refreshes
        w.sync.controller.passphrase = PASS
        with qtbot.waitSignal(w.sync.controller.roundFinished, timeout=30_000) as sig:
            assert w.sync.controller.sync_now() is not None
        assert all(r.ok for r in sig.args[0]), [r.errors for r in sig.args[0]]
        qtbot.waitUntil(lambda: m1.person.fingerprint in view.state.signed, timeout=10_000)
        assert set(view.state.signed) == {chair.fingerprint, m1.person.fingerprint}
        assert view._selected_item() == "B1.1"
    finally:
        running.close()
