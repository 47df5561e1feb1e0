"""End to end on a real hub (uvicorn subprocess): the hub is the witness of a panel result's
co-signatures. After member 1's certificate is revoked, the hub refuses a co-signature of theirs
back-dated with the stolen key, whatever its signed_at says, yet still takes member 2's copy
carrying the co-signature of member 1 it held before the revocation. The chair, syncing only
after the revocation, counts member 1's co-signature the hub served (⚠, the hub's witness); the
back-dated copy, given to the chair as a file, is not counted: it is short of that signature."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hub"))
from sync_helpers import SCHOOL, Laptop, Panel, _no_retry_sleep, panel  # noqa: E402,F401

from workbench.panel.collect import merge_from_workspace  # noqa: E402
from workbench.panel.document import cosign_panel, panel_file_bytes  # noqa: E402
from workbench.panel.signing import sign_and_queue  # noqa: E402
from workbench.panel.verify import verify_panel_doc  # noqa: E402
from workbench.panel.witness import panel_signature_witnesses  # noqa: E402
from workbench.store.outbox import received, received_bytes  # noqa: E402
from workbench.store.panel_store import PanelStore  # noqa: E402
from workbench.sync import settings  # noqa: E402
from workbench.sync.client import HubClient, document_hash  # noqa: E402
from workbench.sync.client.errors import HubRefused  # noqa: E402
from workbench.sync.importing import import_document  # noqa: E402
from workbench.sync.panel_copies import latest_panel  # noqa: E402


def _after(stamp: str) -> None:
    """Wait for a later second than `stamp` (the hub's times have one-second resolution)."""
    while dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") <= stamp:
        time.sleep(0.05)


def _chairs_copy(lap: Laptop) -> dict:
    return json.loads(received_bytes(lap.ws, received(lap.ws, "panel", SCHOOL)[0].doc_hash))


def _state(lap: Laptop, doc: dict):  # noqa: ANN202 - VerifiedPanel
    """`doc` as the laptop's workspace counts its signatures (the panel view's check)."""
    store = PanelStore(lap.ws)
    return verify_panel_doc(doc, None, check_trust_roots=False, revoked=store.revoked(),
                            witnesses=panel_signature_witnesses(lap.ws))


def test_cosignatures_the_revoking_hub_served_count_a_back_dated_one_does_not(panel: Panel, tmp_path) -> None:  # noqa: F811
    hub = panel.start_hub(tmp_path / "lan")
    for lap in (panel.chair, panel.m1, panel.m2):
        settings.add_hub(lap.ws, hub.url)
    panel.m1.sign_sheet(0)
    panel.m2.sign_sheet(1)
    for lap in (panel.m1, panel.m2, panel.chair):
        assert lap.sync(hub.url).ok
    chair = panel.chair.person
    chair_copy = sign_and_queue(panel.chair.ws, merge_from_workspace(panel.chair.ws, SCHOOL, chair.identity.cert),
                                chair.identity, chair.key)
    assert panel.chair.sync(hub.url).ok
    m1, m2 = panel.m1.person, panel.m2.person
    assert panel.m1.sync(hub.url).ok
    d1 = sign_and_queue(panel.m1.ws, _chairs_copy(panel.m1), m1.identity, m1.key)
    r = panel.m1.sync(hub.url)
    assert r.ok and r.pushed, r.errors  # member 1's co-signature reached the hub before the revocation
    assert panel.m2.sync(hub.url).ok  # member 2 holds the copy with member 1's co-signature

    _after(d1["signatures"][-1]["signed_at"])
    with HubClient(hub.url, panel.admin.identity, panel.admin.key) as a:
        revoked_at = a.revoke(m1.fingerprint)["revoked_at"]
    back = dt.datetime.fromisoformat(revoked_at.replace("Z", "+00:00")) - dt.timedelta(seconds=1)
    forged = cosign_panel(chair_copy, m1.identity, m1.key, now=back)  # the stolen key, dated before
    assert forged["signatures"][-1]["signed_at"] < revoked_at
    with panel.chair.client(hub.url) as c, pytest.raises(HubRefused, match="whatever its signed_at says"):
        c.push_panel(panel_file_bytes(forged))  # the chair may push any copy of its result: refused all the same

    # member 2 co-signs the copy carrying member 1's co-signature, which the hub held before the revocation
    full = sign_and_queue(panel.m2.ws, latest_panel(panel.m2.ws, SCHOOL), m2.identity, m2.key)
    assert [g["fingerprint"] for g in full["signatures"]] == [chair.fingerprint, m1.fingerprint, m2.fingerprint]
    r = panel.m2.sync(hub.url)
    assert r.ok and r.pushed and not r.refused, (r.errors, r.refused)
    _after(revoked_at)  # the chair's own clock sees it all only after the revocation

    r = panel.chair.sync(hub.url)
    assert r.ok, r.errors
    assert any(p.startswith("panel ") for p in r.pulled) and f"revocation sha256:{m1.fingerprint}" in r.pulled
    v = _state(panel.chair, latest_panel(panel.chair.ws, SCHOOL))
    assert v.final and [fp for _, fp, _ in v.signers] == [chair.fingerprint, m1.fingerprint, m2.fingerprint]
    assert f"hub {r.hub_id} received it before the revocation" in v.revoked_warnings[m1.fingerprint]

    # the back-dated copy reaches the chair as a file: only its signer's clock dates member 1's signature
    data = panel_file_bytes(forged)
    assert import_document(panel.chair.ws, "panel", data, doc_hash=document_hash(data, "panel"), source="m1.json")
    v = _state(panel.chair, forged)
    assert not v.final and {fp for _, fp in v.missing_signers} == {m1.fingerprint, m2.fingerprint}
    assert "only the signer's own clock says it came before" in v.unwitnessed_signers[m1.fingerprint]
