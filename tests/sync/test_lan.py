"""The panel hub on the LAN: announced and found with real mDNS on loopback (zeroconf bound
to 127.0.0.1), and joining only with the fingerprint from the chair's screen."""

from __future__ import annotations

import pytest
from sync_helpers import Panel

from workbench.sync import settings
from workbench.sync.lan import (
    SERVICE_TYPE,
    Announcement,
    FoundHub,
    LanError,
    browse,
    check_typed,
    join,
)

LOOP = ["127.0.0.1"]


def _announce(hub_id: str, fp: str, port: int, name: str = "张组长的评估组") -> Announcement:
    return Announcement(hub_id=hub_id, name=name, fingerprint=fp, port=port, addresses=["127.0.0.1"],
                        schools=["MJ-PS-001", "MJ-MS-002"], interfaces=LOOP)


def test_announce_and_browse_on_loopback() -> None:
    fp = "0123456789abcdef" * 4
    with _announce("7d0c5f2e-aaaa-bbbb-cccc-000000000001", fp, 18470) as a:
        assert a.service_name.endswith("." + SERVICE_TYPE)
        found = browse(3.0, interfaces=LOOP)
    mine = [h for h in found if h.hub_id == "7d0c5f2e-aaaa-bbbb-cccc-000000000001"]
    assert len(mine) == 1, found
    h = mine[0]
    assert (h.fingerprint, h.port, h.host, h.protocol) == (fp, 18470, "127.0.0.1", 1)
    assert h.name == "张组长的评估组" and h.schools == ("MJ-PS-001", "MJ-MS-002")
    assert h.url == "http://127.0.0.1:18470"
    assert h.fingerprint_groups.startswith("0123 4567 89ab cdef 0123")


def test_a_stopped_announcement_is_no_longer_found() -> None:
    fp = "fedcba9876543210" * 4
    a = _announce("7d0c5f2e-aaaa-bbbb-cccc-000000000002", fp, 18471)
    a.close()
    assert not [h for h in browse(2.0, interfaces=LOOP) if h.fingerprint == fp]


def test_typed_groups_must_be_long_enough_and_match() -> None:
    fp = "abcd" * 16
    check_typed("ABCD abcd ab:cd abcd", fp)  # case, spaces and colons do not matter
    with pytest.raises(LanError, match="at least the first 4 groups"):
        check_typed("abcd abcd", fp)
    with pytest.raises(LanError, match="not the chair's hub; do not join"):
        check_typed("abcd abcd abcd abce", fp)


def _found_for(proc, fp: str) -> FoundHub:  # noqa: ANN001 - a HubProcess
    return FoundHub("x." + SERVICE_TYPE, "测试中心", "id", fp, (), 1, "127.0.0.1", proc.port)


def test_join_pins_the_hub_only_when_the_fingerprint_matches(panel: Panel, tmp_path) -> None:
    hub = panel.start_hub(tmp_path)
    from workbench.sync.lan import fetch_fingerprint

    real, _ = fetch_fingerprint(hub.url)
    ws = panel.m1.ws
    # an announcement that lies about the fingerprint, with groups typed from the lie: refused
    liar = _found_for(hub, "ab" * 32)
    with pytest.raises(LanError, match="not the announced one: do not join"):
        join(ws, liar, "abab abab abab abab")
    # the true announcement but the member reads other groups off the chair's screen: refused
    with pytest.raises(LanError, match="do not join"):
        join(ws, _found_for(hub, real), "0000 0000 0000 0000")
    assert settings.hubs(ws) == []
    pin = join(ws, _found_for(hub, real), " ".join(real[i:i + 4] for i in range(0, 20, 4)))
    assert pin == real
    (h,) = settings.hubs(ws)
    assert (h.url, h.fingerprint, h.name) == (hub.url, real, "测试中心")
    panel.m1.sign_sheet(0)
    r = panel.m1.sync(hub.url, hub_fingerprint=h.fingerprint)
    assert r.ok and len(r.pushed) == 1, r.errors
