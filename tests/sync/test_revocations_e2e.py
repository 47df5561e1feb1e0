"""End to end on a real hub (uvicorn subprocess): the admin revokes member 2, the chair syncs and
learns it; member 2's new sheet is refused as revoked, the earlier one stays with a warning."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from sync_helpers import SCHOOL, Panel

from workbench.cli.main import main
from workbench.panel.collect import collect_bytes, school_sheets
from workbench.panel.errors import CollectError
from workbench.panel.status import collection_lines
from workbench.signing.sheet import sheet_file_bytes
from workbench.store.panel_store import PanelStore
from workbench.sync import settings
from workbench.sync.client import HubClient


def _next_second(signed_at: str) -> None:
    """Revoke in a later second than the sheet's signed_at (both have one-second resolution)."""
    while dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") <= signed_at:
        time.sleep(0.05)


def test_admin_revokes_member_2_and_the_chair_refuses_what_it_signs_next(panel: Panel, tmp_path, capsys) -> None:
    hub = panel.start_hub(tmp_path / "lan")
    for lap in (panel.chair, panel.m1, panel.m2):
        settings.add_hub(lap.ws, hub.url)
    panel.m1.sign_sheet(0)
    assert panel.m1.sync(hub.url).ok
    early = panel.m2.sign_sheet(1)
    assert panel.m2.sync(hub.url).ok
    r = panel.chair.sync(hub.url)
    assert r.ok, r.errors
    assert len(school_sheets(panel.chair.ws, SCHOOL).current) == 2

    _next_second(early["signed_at"])
    m2_fp = panel.m2.person.fingerprint
    with HubClient(hub.url, panel.admin.identity, panel.admin.key) as a:
        revoked_at = a.revoke(m2_fp)["revoked_at"]

    r = panel.chair.sync(hub.url)
    assert r.ok, r.errors
    assert f"revocation sha256:{m2_fp}" in r.pulled
    marks = PanelStore(panel.chair.ws).revoked()
    assert list(marks) == [m2_fp] and marks[m2_fp].revoked_at == revoked_at
    roots = {t.fingerprint: t for t in PanelStore(panel.chair.ws).trust_roots()}
    assert roots[m2_fp].revoked_at == revoked_at  # pinned from the assignment: marked, kept
    assert panel.chair.sync(hub.url).pulled == []  # once

    # member 2 signs a new revision: the hub refuses them, and the chair (given the file) too
    late = panel.m2.sign_sheet(2)
    assert late["signed_at"] >= revoked_at
    r2 = panel.m2.sync(hub.url)
    assert not r2.ok and panel.m2.outbox.counts()["waiting"] == 1
    with pytest.raises(CollectError, match="revoked on") as e:
        collect_bytes(panel.chair.ws, sheet_file_bytes(late), source="m2-late.json")
    assert e.value.reason == "revoked"

    state = school_sheets(panel.chair.ws, SCHOOL)
    assert len(state.current) == 2 and [s.revision for s in state.current if s.reviewer_fp == m2_fp] == [1]
    assert any(w.startswith("李晓梅") and f"revoked on {revoked_at}" in w for w in state.warnings)
    capsys.readouterr()
    assert main(["--workspace", str(panel.chair.ws.root), "panel", "sheets", "--school", SCHOOL]) == 0
    out = capsys.readouterr().out
    assert f"WARNING   李晓梅 {m2_fp[:16]}… revision 1: certificate revoked on {revoked_at}" in out
    assert collection_lines(state)[-1].startswith("WARNING")
