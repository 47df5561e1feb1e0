"""The panel hub on the LAN from the window, on loopback: the chair starts it and reads its
fingerprint off the dialog; a member's join dialog finds it with real mDNS (bound to
127.0.0.1), refuses groups that do not match, joins with the right ones and syncs."""

from __future__ import annotations

import httpx
import pytest
from PySide6.QtCore import Qt

from workbench.signing.certs import cert_pem
from workbench.store.panel_store import PanelStore
from workbench.sync import lan, settings
from workbench.sync.panel_hub import start_panel_hub
from workbench.ui.sync.lan_dialogs import JoinHubDialog, PanelHubDialog

from .sync_ui_helpers import Panel, _no_retry_sleep, controllers, english, panel  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.gui]
LOOP = ["127.0.0.1"]


def test_chair_starts_the_panel_hub_and_a_member_joins_from_the_window(qtbot, controllers, panel: Panel) -> None:  # noqa: F811
    PanelStore(panel.chair.ws).add_trust_root(panel.m1.person.fingerprint, cert_pem(panel.m1.person.identity.cert),
                                              "reviewer", "王建国")
    chair = controllers(panel.chair)
    dlg = PanelHubDialog(chair, start=start_panel_hub, host="127.0.0.1", port=0, interfaces=LOOP)
    qtbot.addWidget(dlg)
    dlg.show()
    try:
        qtbot.mouseClick(dlg.btn, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: chair.panel_hub is not None, timeout=60000)
        ph = chair.panel_hub
        lines = dlg.fingerprint.text().splitlines()
        assert len(lines) == 4 and all(len(line.split()) == 4 for line in lines)
        assert "".join(lines).replace(" ", "") == ph.fingerprint
        assert dlg.fingerprint.font().pointSize() >= 20 and ph.url in dlg.address.text()

        member = controllers(panel.m1)
        join = JoinHubDialog(member, browse=lan.browse, timeout=2.5, interfaces=LOOP)
        qtbot.addWidget(join)
        join.show()
        qtbot.waitUntil(lambda: any(h.hub_id == ph.hub_id for h in join.found), timeout=30000)
        join.list.setCurrentIndex(join.list_model.index([h.hub_id for h in join.found].index(ph.hub_id)))
        assert not join.btn_join.isEnabled()  # nothing typed yet
        wrong = "0000 0000 0000 000" + ("1" if ph.fingerprint[15] != "1" else "2")
        qtbot.keyClicks(join.typed, wrong)
        assert join.btn_join.isEnabled()
        qtbot.mouseClick(join.btn_join, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "do not join" in join.result.text(), timeout=15000)
        assert settings.hubs(panel.m1.ws) == [] and join.joined is None
        join.typed.clear()
        qtbot.keyClicks(join.typed, " ".join(lines[0].split()))  # the first four groups, as on the chair's screen
        with qtbot.waitSignal(member.roundFinished, timeout=60000) as sig:
            qtbot.mouseClick(join.btn_join, Qt.MouseButton.LeftButton)
        assert join.joined == ph.fingerprint and "Joined" in join.result.text()
        assert [(h.url, h.fingerprint) for h in settings.hubs(panel.m1.ws)] == [(ph.url, ph.fingerprint)]
        (report,) = sig.args[0]
        assert report.reached and report.ok, report.errors
    finally:
        if chair.panel_hub is not None:
            qtbot.mouseClick(dlg.btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.task is None and chair.panel_hub is None, timeout=30000)
    assert dlg.btn.text() == "Start panel hub"
    with pytest.raises(httpx.HTTPError):
        httpx.get(ph.url + "/v1/hub", timeout=2, trust_env=False)
