"""End to end on a real hub (uvicorn subprocess): the hub is the witness of a sheet's time. The
chair syncs only after member 2's certificate was revoked and pulls member 2's sheet and the
revocation in one round: the sheet counts (⚠), because the revoking hub served it and refuses a
revoked certificate on arrival. A revision back-dated with the stolen key is refused by the hub
and, given to the chair as a file, by the chair's workspace (`revoked_unwitnessed`)."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hub"))
from helpers.docs import RUBRIC  # noqa: E402
from sync_helpers import SCHOOL, Panel, _no_retry_sleep, panel  # noqa: E402,F401

from workbench.panel.collect import collect_bytes, school_sheets  # noqa: E402
from workbench.panel.errors import CollectError  # noqa: E402
from workbench.signing.sheet import next_revision, sheet_file_bytes, sheet_hash, sign_sheet  # noqa: E402
from workbench.store.panel_store import PanelStore  # noqa: E402
from workbench.sync import settings  # noqa: E402
from workbench.sync.client import HubClient  # noqa: E402
from workbench.sync.client.errors import HubRefused  # noqa: E402


def _after(stamp: str) -> None:
    """Wait for a later second than `stamp` (the hub's times have one-second resolution)."""
    while dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") <= stamp:
        time.sleep(0.05)


def test_a_sheet_pulled_from_the_revoking_hub_is_witnessed_a_back_dated_one_is_not(panel: Panel, tmp_path) -> None:  # noqa: F811
    hub = panel.start_hub(tmp_path / "lan")
    for lap in (panel.chair, panel.m1, panel.m2):
        settings.add_hub(lap.ws, hub.url)
    panel.m1.sign_sheet(0)
    assert panel.m1.sync(hub.url).ok
    early = panel.m2.sign_sheet(1)
    assert panel.m2.sync(hub.url).ok

    _after(early["signed_at"])
    m2 = panel.m2.person
    with HubClient(hub.url, panel.admin.identity, panel.admin.key) as a:
        revoked_at = a.revoke(m2.fingerprint)["revoked_at"]
    _after(revoked_at)  # the chair's own clock sees member 2's sheet only after the revocation

    r = panel.chair.sync(hub.url)
    assert r.ok, r.errors
    assert f"revocation sha256:{m2.fingerprint}" in r.pulled and f"sheet {sheet_hash(early)}" in r.pulled
    assert PanelStore(panel.chair.ws).find(sheet_hash(early)).added_at.strftime("%Y-%m-%dT%H:%M:%SZ") > revoked_at
    state = school_sheets(panel.chair.ws, SCHOOL)
    assert len(state.current) == 2 and not state.unwitnessed
    seen = state.witnesses[sheet_hash(early)]
    assert (seen.by, seen.hub_id) == ("hub", r.hub_id)
    [warn] = state.warnings
    assert f"revoked on {revoked_at} (signed before; hub {r.hub_id} received it before the revocation" in warn

    # the stolen key signs a revision dated just before the revocation
    back = dt.datetime.fromisoformat(revoked_at.replace("Z", "+00:00")) - dt.timedelta(seconds=1)
    forged = sign_sheet(dict(early, **next_revision(early)), m2.identity, m2.key, RUBRIC, now=back)
    assert forged["signed_at"] < revoked_at
    with panel.chair.client(hub.url) as c, pytest.raises(HubRefused, match="whatever its signed_at says"):
        c.push_sheet(sheet_file_bytes(forged))
    with pytest.raises(CollectError) as e:
        collect_bytes(panel.chair.ws, sheet_file_bytes(forged), source="m2-forged.json")
    assert e.value.reason == "revoked_unwitnessed"
    assert [s.revision for s in school_sheets(panel.chair.ws, SCHOOL).current if s.reviewer_fp == m2.fingerprint] == [1]
