"""The chair's panel hub started and stopped from core code: a real `workbench hub serve`
subprocess on loopback, announced with mDNS on 127.0.0.1, the panel enrolled from the
chair's trust roots; a member finds it, joins with the fingerprint and syncs."""

from __future__ import annotations

import httpx
import pytest
from sync_helpers import Panel

from workbench.signing.certs import cert_pem
from workbench.store.panel_store import PanelStore
from workbench.sync import settings
from workbench.sync.lan import browse, join
from workbench.sync.panel_hub import PanelHubError, prepare, start_panel_hub

LOOP = ["127.0.0.1"]


def _trust_members(panel: Panel) -> None:
    store = PanelStore(panel.chair.ws)
    for lap in (panel.m1, panel.m2):
        store.add_trust_root(lap.person.fingerprint, cert_pem(lap.person.identity.cert), "reviewer", lap.role)


def test_the_chairs_panel_hub_starts_announces_serves_and_stops(panel: Panel) -> None:
    _trust_members(panel)
    ph = start_panel_hub(panel.chair.ws, host="127.0.0.1", port=0, interfaces=LOOP, panel="第一评估组")
    try:
        assert ph.running and ph.url.startswith("http://127.0.0.1:")
        assert {e["role"] for e in ph.enrolled} == {"chair", "member"} and len(ph.enrolled) == 3
        assert len(ph.fingerprint_groups.split()) == 16
        # the chair's own laptop now syncs there, pinned
        assert [(h.url, h.fingerprint) for h in settings.hubs(panel.chair.ws)] == [(ph.url, ph.fingerprint)]
        found = [h for h in browse(3.0, interfaces=LOOP) if h.hub_id == ph.hub_id]
        assert len(found) == 1 and found[0].url == ph.url and found[0].schools == ("MJ-PS-001",)
        # a member joins with the first groups read off the chair's screen, and pushes a sheet
        join(panel.m1.ws, found[0], " ".join(ph.fingerprint_groups.split()[:4]))
        panel.m1.sign_sheet(0)
        r = panel.m1.sync(ph.url, hub_fingerprint=ph.fingerprint)
        assert r.ok and len(r.pushed) == 1, r.errors
        # the chair pulls the member's sheet from the panel hub
        r = panel.chair.sync(ph.url, hub_fingerprint=ph.fingerprint)
        assert r.ok and any(p.startswith("sheet ") for p in r.pulled), (r.pulled, r.errors)
    finally:
        ph.stop()
    assert not ph.running
    with pytest.raises(httpx.HTTPError):
        httpx.get(ph.url + "/v1/hub", timeout=2, trust_env=False)
    assert not [h for h in browse(1.5, interfaces=LOOP) if h.hub_id == ph.hub_id]


def test_a_restart_keeps_the_same_hub_and_enrolls_new_members(panel: Panel) -> None:
    d1, enrolled = prepare(panel.chair.ws)
    assert len(enrolled) == 1  # only the chair: no members collected yet
    _trust_members(panel)
    d2, enrolled = prepare(panel.chair.ws)
    assert d1 == d2 and len(enrolled) == 3
    ph = start_panel_hub(panel.chair.ws, host="127.0.0.1", port=0, announce=False, use=False)
    try:
        assert settings.hubs(panel.chair.ws) == []
        panel.m2.sign_sheet(1)
        r = panel.m2.sync(ph.url, hub_fingerprint=ph.fingerprint)
        assert r.ok and len(r.pushed) == 1, r.errors  # m2 was enrolled at the second prepare
    finally:
        ph.stop()


def test_no_identity_no_panel_hub(panel: Panel, tmp_path) -> None:
    settings.set_identity_dir(panel.chair.ws, tmp_path / "nobody")
    from workbench.errors import WorkbenchError

    with pytest.raises(WorkbenchError, match="no identity here"):
        start_panel_hub(panel.chair.ws, host="127.0.0.1", port=0, announce=False)
    assert not (panel.chair.ws.root / "panel-hub").exists()


def test_a_port_taken_by_another_hub_is_refused(panel: Panel, tmp_path) -> None:
    other = panel.start_hub(tmp_path)  # a different hub already answers on that port
    from workbench.sync.panel_hub import PanelHub, _wait_ready

    ph = PanelHub(tmp_path, "127.0.0.1", other.port, "id", "n", "00" * 32)
    with pytest.raises(PanelHubError, match="another hub answers"):
        _wait_ready(ph, None)
