"""Done-when: two members and a chair push sheets through a real hub (uvicorn subprocess,
real signed requests), pull each other's, and the chair pushes the panel result; the
receipts verify and chain. Over SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib

import pytest
from helpers.docs import panel_bytes, photo_bytes, school_code, sheet_bytes

from workbench.sync.client import HubAuthError, MissingBlobs, document_hash
from workbench.sync.receipts import verify_chain


def test_two_members_and_a_chair_exchange_through_the_hub(make_hub, people):
    hub = make_hub(cli_init=True)  # `workbench hub init` and `workbench hub serve`, as an operator runs them
    m1, m2, chair = hub.client(people.m1), hub.client(people.m2), hub.client(people.chair)
    info = m1.hub_info()
    assert info.protocol == 1 and len(info.fingerprint) == 64

    # member 1: a sheet naming a photo the hub lacks is refused until the photo is up
    photo = photo_bytes(700_000)
    sha = hashlib.sha256(photo).hexdigest()
    s1 = sheet_bytes(people.m1, photos=[sha], note="member 1")
    with pytest.raises(MissingBlobs) as ei:
        m1.push_sheet(s1)
    assert ei.value.missing == [sha] and ei.value.status == 422
    assert m1.missing_blobs([sha]) == [sha]
    up = m1.upload_blob(sha, photo, chunk=256 * 1024)
    assert (up.sent, up.resumed, up.already) == (len(photo), 0, False)
    assert m1.missing_blobs([sha]) == []
    r1 = m1.push_sheet(s1)
    assert r1.status == "stored" and r1.receipt["document"] == document_hash(s1)
    again = m1.push_sheet(s1)
    assert again.duplicate and again.receipt == r1.receipt

    # member 2, no photos
    s2 = sheet_bytes(people.m2, shift=1)
    r2 = m2.push_sheet(s2)
    assert r2.status == "stored" and r2.receipt["seq"] == r1.receipt["seq"] + 1

    # each pulls the other's sheet, and the photo it names
    for me, theirs in ((m2, s1), (m1, s2)):
        changes = me.changes(0)
        sheets = {c["hash"] for c in changes["changes"] if c["kind"] == "sheet"}
        assert {document_hash(s1), document_hash(s2)} <= sheets
        assert any(c["kind"] == "assignment" and c["school"] == school_code() for c in changes["changes"])
        assert me.document(document_hash(theirs)).rstrip(b"\n") == theirs.rstrip(b"\n")
        assert me.changes(changes["cursor"])["changes"] == []
    assert m2.get_blob(sha) == photo

    # a reviewer who is not on the school's panel may not push its result; the chair may
    # (a member of the panel may push a copy carrying their own co-signature: tests/sync/test_cosign_travel.py)
    pb = panel_bytes(people.chair, [people.m1, people.m2], [s1, s2])
    with pytest.raises(HubAuthError) as ei:
        hub.client(people.other).push_panel(pb)
    assert ei.value.code == "forbidden" and ei.value.status == 403
    rp = chair.push_panel(pb)
    assert rp.status == "stored" and rp.receipt["kind"] == "panel"
    assert chair.push_panel(pb).duplicate

    # the members see the panel result; a member on no panel sees none of the school's documents
    panel_changes = [c for c in m2.changes(0)["changes"] if c["kind"] == "panel"]
    assert [c["hash"] for c in panel_changes] == [document_hash(pb)]
    assert m1.document(document_hash(pb)).rstrip(b"\n") == pb.rstrip(b"\n")
    outside = hub.client(people.other).changes(0)["changes"]
    assert not [c for c in outside if c["school"] == school_code()]

    # the receipts: three arrivals, signed by the hub, chained from 1
    receipts = hub.admin().receipts(0)
    assert [r["document"] for r in receipts] == [document_hash(s1), document_hash(s2), document_hash(pb)]
    assert verify_chain(receipts, info.certificate) == 3
    assert receipts[0] == r1.receipt and receipts[2] == rp.receipt
