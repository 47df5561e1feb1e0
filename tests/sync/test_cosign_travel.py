"""Co-signed panel results travel through the hub (issue 11): each member pushes the copy they
co-signed, the hub (a real `workbench hub serve` subprocess) merges the co-signatures into the
kept result idempotently, the chair's pull brings them back (final at quorum on the hub and in
the chair's workspace), and the chair forwards the final copy to the bureau's hub."""

from __future__ import annotations

import pytest
from sync_helpers import SCHOOL, Laptop, Panel

from workbench.panel.collect import merge_from_workspace
from workbench.panel.document import cosign_panel, panel_file_bytes, panel_hash, sign_panel
from workbench.panel.signing import sign_and_queue
from workbench.panel.verify import verify_panel_bytes
from workbench.rubric.canonical import canonical_hash
from workbench.store.outbox import received, received_bytes
from workbench.sync import settings
from workbench.sync.client import HubAuthError, HubClient


def kept_result(panel: Panel, url: str) -> dict:
    """The hub's kept copy of the school's panel result: the newest panel change, verified."""
    with HubClient(url, panel.admin.identity, panel.admin.key) as a:
        return verify_panel_bytes(a.document(panel_changes(panel, url)[-1]), None, check_trust_roots=False)


def panel_changes(panel: Panel, url: str) -> list[str]:
    with HubClient(url, panel.admin.identity, panel.admin.key) as a:
        return [c["hash"] for c in a.changes(0, limit=1000)["changes"] if c["kind"] == "panel"]


def pulled_result(lap: Laptop, index: int = -1) -> dict:
    """A panel result this laptop received (default the newest), verified."""
    got = received(lap.ws, "panel", SCHOOL)
    return verify_panel_bytes(received_bytes(lap.ws, got[index].doc_hash), None, check_trust_roots=False).doc


def cosign_and_sync(lap: Laptop, url: str) -> dict:
    """The member pulls, co-signs the chair's own copy (queued by the core call) and syncs."""
    assert lap.sync(url).ok
    doc = sign_and_queue(lap.ws, pulled_result(lap, 0), lap.person.identity, lap.person.key)
    r = lap.sync(url)
    assert r.ok and r.pushed == [canonical_hash(doc)], (r.errors, r.refused, r.conflicts)
    return doc


@pytest.fixture
def signed(panel: Panel, tmp_path, jpegs):  # noqa: ANN201
    """A LAN hub with both members' sheets and the chair's signed (not yet co-signed) result."""
    lan = panel.start_hub(tmp_path / "lan", name="第一评估组 LAN")
    for lap in (panel.chair, panel.m1, panel.m2):
        settings.add_hub(lap.ws, lan.url)
    panel.m1.sign_sheet(0, jpegs[:1])
    panel.m2.sign_sheet(1)
    for lap in (panel.m1, panel.m2, panel.chair):
        assert lap.sync(lan.url).ok
    chair = panel.chair.person
    doc = sign_and_queue(panel.chair.ws, merge_from_workspace(panel.chair.ws, SCHOOL, chair.identity.cert,
                                                              opinion="同意。"), chair.identity, chair.key)
    assert panel.chair.sync(lan.url).pushed == [canonical_hash(doc)]
    return lan, doc


def test_members_push_cosigned_copies_merged_final_on_hub_chair_and_bureau(panel: Panel, signed, tmp_path) -> None:
    lan, chair_doc = signed
    d1 = cosign_and_sync(panel.m1, lan.url)
    v = kept_result(panel, lan.url)
    assert v.doc == d1 and not v.final  # quorum 2: one co-signature is not enough

    # the same co-signed copy again: 200 with the original receipt, nothing new on the hub
    first = panel.m1.outbox.entries()[-1].receipt
    with panel.m1.client(lan.url) as c:
        again = c.push_panel(panel_file_bytes(d1))
    assert again.duplicate and again.receipt == first

    d2 = cosign_and_sync(panel.m2, lan.url)
    assert [s["fingerprint"] for s in d2["signatures"]] == [panel.chair.person.fingerprint,
                                                            panel.m2.person.fingerprint]  # m2 signed the chair's copy
    v = kept_result(panel, lan.url)
    assert v.final and panel_hash(v.doc) == panel_hash(chair_doc)
    assert [fp for _s, fp, _at in v.signers] == [panel.chair.person.fingerprint, panel.m1.person.fingerprint,
                                                panel.m2.person.fingerprint]
    # m2's copy once more changes nothing either
    with panel.m2.client(lan.url) as c:
        assert c.push_panel(panel_file_bytes(d2)).duplicate

    # the chair's pull brings the co-signatures back: final in the chair's workspace too
    r = panel.chair.sync(lan.url)
    assert r.ok, r.errors
    merged = pulled_result(panel.chair)
    assert verify_panel_bytes(panel_file_bytes(merged), None, check_trust_roots=False).final
    assert panel.chair.outbox.find(canonical_hash(merged)) is not None  # queued to travel on
    # pushed back once to the LAN hub too (a receipt for the chair), where it adds nothing to the feed
    feed = panel_changes(panel, lan.url)
    r = panel.chair.sync(lan.url)
    assert r.ok and canonical_hash(merged) in r.pushed, r.errors
    assert panel_changes(panel, lan.url) == feed

    # ... and on to the bureau, which then holds the final result (member sheets forwarded first)
    bureau = panel.start_hub(tmp_path / "bureau", name="麻江县教育局")
    settings.add_hub(panel.chair.ws, bureau.url)
    rb = panel.chair.sync(bureau.url)
    assert rb.ok, rb.errors
    vb = kept_result(panel, bureau.url)
    assert vb.final and vb.doc == merged
    # every round again: nothing moves
    for lap, url in ((panel.m1, lan.url), (panel.m2, lan.url), (panel.chair, lan.url), (panel.chair, bureau.url)):
        r = lap.sync(url)
        assert r.ok and not r.pushed and not r.duplicates, (r.errors, r.pushed)
    assert all(e.state == "sent" for lap in (panel.chair, panel.m1, panel.m2) for e in lap.outbox.entries())


def test_a_cosigned_copy_of_another_payload_is_a_conflict_and_both_are_kept(panel: Panel, signed) -> None:
    lan, chair_doc = signed
    chair = panel.chair.person
    rival = sign_panel(dict(chair_doc, opinion="另一意见", signatures=[]), chair.identity, chair.key)
    rival = sign_and_queue(panel.m1.ws, rival, panel.m1.person.identity, panel.m1.person.key)
    r = panel.m1.sync(lan.url)
    assert r.conflicts == [canonical_hash(rival)] and not r.pushed
    [e] = panel.m1.outbox.entries()[-1:]
    assert e.state == "conflict" and e.hub_version["stored"]["hash"] == canonical_hash(chair_doc)
    with HubClient(lan.url, panel.admin.identity, panel.admin.key) as a:
        [c] = a.conflicts()
        assert (c["stored"], c["incoming"]) == (canonical_hash(chair_doc), canonical_hash(rival))
        assert a.document(canonical_hash(rival)) == panel_file_bytes(rival)  # both kept
    assert kept_result(panel, lan.url).doc == chair_doc  # the kept result is unchanged


def test_a_member_cannot_push_a_copy_they_did_not_cosign(panel: Panel, signed) -> None:
    lan, _doc = signed
    assert panel.m1.sync(lan.url).ok
    m2_copy = cosign_panel(pulled_result(panel.m1), panel.m2.person.identity, panel.m2.person.key)
    with panel.m1.client(lan.url) as c, pytest.raises(HubAuthError) as err:
        c.push_panel(panel_file_bytes(m2_copy))  # m2's co-signature, pushed by m1: not theirs to push
    assert err.value.code == "forbidden"
    assert len(panel_changes(panel, lan.url)) == 1


def test_cosigned_copies_come_back_by_bundle_and_the_chair_queues_the_merge(tmp_path, jpegs) -> None:
    """With no network: the members' co-signed copies come back on sticks; the chair's workspace
    merges them into the copy it queued (the final result then goes on to any hub)."""
    from sync_helpers import make_laptop

    from workbench.panel.collect import add_trust
    from workbench.sync.bundle import export_bundle, import_bundle

    chair = make_laptop(tmp_path / "chair", "张组长", "chair")
    m1, m2 = make_laptop(tmp_path / "m1", "王建国"), make_laptop(tmp_path / "m2", "李晓梅")
    try:
        for lap in (chair, m1, m2):
            for other in (chair, m1, m2):
                add_trust(lap.ws, other.person.identity.dir / "cert.pem")
        m1.sign_sheet(0, jpegs[:1])
        m2.sign_sheet(1)
        for m in (m1, m2):
            assert not import_bundle(chair.ws, export_bundle(m.ws, SCHOOL, tmp_path / f"{m.person.fingerprint[:8]}.wbsync")
                                     .path).refused
        doc = sign_and_queue(chair.ws, merge_from_workspace(chair.ws, SCHOOL, chair.person.identity.cert),
                             chair.person.identity, chair.person.key)
        stick = export_bundle(chair.ws, SCHOOL, tmp_path / "chair.wbsync").path
        copies = []
        for m in (m1, m2):
            assert not import_bundle(m.ws, stick).refused
            copies.append(sign_and_queue(m.ws, pulled_result(m), m.person.identity, m.person.key))
            r = import_bundle(chair.ws, export_bundle(m.ws, SCHOOL, tmp_path / f"{m.person.fingerprint[:8]}-2.wbsync")
                              .path)
            assert not r.refused and any(a.startswith("panel ") for a in r.added), r
        panels = [e for e in chair.outbox.entries() if e.kind == "panel"]
        assert len(panels) == 3  # the chair's own, + m1, + m1 and m2
        final = verify_panel_bytes(chair.outbox.data(panels[-1].id), None, check_trust_roots=False)
        assert final.final and panel_hash(final.doc) == panel_hash(doc)
        assert {fp for _s, fp, _at in final.signers} == {chair.person.fingerprint, m1.person.fingerprint,
                                                         m2.person.fingerprint}
        # the same sticks again: nothing new is queued
        for m in (m1, m2):
            import_bundle(chair.ws, tmp_path / f"{m.person.fingerprint[:8]}-2.wbsync")
        assert len([e for e in chair.outbox.entries() if e.kind == "panel"]) == 3
    finally:
        for lap in (chair, m1, m2):
            lap.ws.close()
