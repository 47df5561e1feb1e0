"""End to end on loopback with real processes: two members and a chair, each with their own
workspace, sync through a hub subprocess; the chair merges and the panel result reaches the
bureau's hub (the member sheets and photos it rests on forwarded by the chair)."""

from __future__ import annotations

from collections import Counter

from sync_helpers import SCHOOL, Panel

from workbench.panel.collect import merge_from_workspace, school_sheets
from workbench.panel.document import cosign_panel, panel_file_bytes, sign_panel
from workbench.panel.verify import verify_panel_bytes
from workbench.store.outbox import received, received_bytes
from workbench.sync import settings
from workbench.sync.client import HubClient
from workbench.sync.outbox_hooks import queue_panel


def hub_changes(panel: Panel, url: str) -> Counter:
    with HubClient(url, panel.admin.identity, panel.admin.key) as a:
        return Counter(c["kind"] for c in a.changes(0, limit=1000)["changes"])


def test_two_members_and_a_chair_through_a_lan_hub_then_the_bureau(panel: Panel, tmp_path, jpegs) -> None:
    lan = panel.start_hub(tmp_path / "lan", name="第一评估组 LAN")
    bureau = panel.start_hub(tmp_path / "bureau", name="麻江县教育局")
    for lap in (panel.chair, panel.m1, panel.m2):
        settings.add_hub(lap.ws, lan.url)

    s1 = panel.m1.sign_sheet(0, jpegs[:2])
    s2 = panel.m2.sign_sheet(1, jpegs[2:])
    assert len(s1["photos"]) == 2 and len(s2["photos"]) == 1
    assert panel.m1.outbox.counts()["waiting"] == 1

    seen = []
    r1 = panel.m1.sync(lan.url, progress=seen.append)
    assert r1.ok, r1.errors
    assert len(r1.pushed) == 1 and r1.photos_uploaded == 2
    assert {p.phase for p in seen} >= {"connect", "photos", "documents", "pull", "done"}
    assert panel.m1.outbox.entries()[0].state == "sent"
    assert panel.m1.outbox.entries()[0].receipt["kind"] == "sheet"
    r2 = panel.m2.sync(lan.url)
    assert r2.ok and len(r2.pushed) == 1, r2.errors
    # m2 pulled m1's sheet (verified with the certificates the assignment carries)
    assert any(p.startswith("sheet ") for p in r2.pulled)

    rc = panel.chair.sync(lan.url)
    assert rc.ok, rc.errors
    state = school_sheets(panel.chair.ws, SCHOOL)
    assert len(state.current) == 2 and not state.conflicts
    for sha in [p["sha256"] for p in s1["photos"] + s2["photos"]]:
        assert panel.chair.ws.blobs.has(sha)  # photos came with the sheets

    chair = panel.chair.person
    doc = sign_panel(merge_from_workspace(panel.chair.ws, SCHOOL, chair.identity.cert, opinion="同意。"),
                     chair.identity, chair.key)
    queue_panel(panel.chair.ws, doc)
    rc = panel.chair.sync(lan.url)
    assert rc.ok and len(rc.pushed) == 1, rc.errors

    # members pull the chair-signed result and co-sign the same payload
    for m in (panel.m1, panel.m2):
        r = m.sync(lan.url)
        assert r.ok, r.errors
        got = received(m.ws, "panel", SCHOOL)
        assert len(got) == 1
    final = doc
    for m in (panel.m1, panel.m2):
        v = verify_panel_bytes(received_bytes(m.ws, received(m.ws, "panel")[0].doc_hash), None,
                               check_trust_roots=False)
        final = cosign_panel(final if final is not doc else v.doc, m.person.identity, m.person.key)
    assert verify_panel_bytes(panel_file_bytes(final), None, check_trust_roots=False).final
    queue_panel(panel.chair.ws, final)

    settings.add_hub(panel.chair.ws, bureau.url)
    rc = panel.chair.sync(lan.url)
    assert rc.ok and len(rc.pushed) == 1, rc.errors
    rb = panel.chair.sync(bureau.url)
    assert rb.ok, rb.errors
    assert len(rb.pushed) == 2  # both panel documents, the member sheets forwarded with their photos
    got = hub_changes(panel, bureau.url)
    assert got["panel"] == 2 and got["sheet"] == 2

    # every round again: nothing moves, nothing duplicated on either side
    for lap, url in ((panel.m1, lan.url), (panel.m2, lan.url), (panel.chair, lan.url), (panel.chair, bureau.url)):
        r = lap.sync(url)
        assert r.ok and not r.pushed and not r.duplicates, (r.errors, r.pushed)
    assert hub_changes(panel, lan.url)["sheet"] == 2 and hub_changes(panel, lan.url)["panel"] == 2
    assert hub_changes(panel, bureau.url)["sheet"] == 2
    assert all(e.state == "sent" for lap in (panel.chair, panel.m1, panel.m2) for e in lap.outbox.entries())
    assert settings.last_round(panel.chair.ws)["ok"] is True
