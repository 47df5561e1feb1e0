"""The outbox and the sync settings without a hub: queueing when signed, idempotence,
the state machine, recovery after a kill, per-hub deliveries, pins."""

from __future__ import annotations

import pytest
from helpers.docs import sheet_bytes
from sync_helpers import SCHOOL, make_laptop

from workbench.errors import StoreError
from workbench.store import Workspace
from workbench.store.outbox import Outbox
from workbench.sync import settings


@pytest.fixture
def lap(tmp_path):
    lap = make_laptop(tmp_path, "王建国")
    yield lap
    lap.ws.close()


def test_signing_queues_the_sheet_once(lap, jpegs) -> None:
    signed = lap.sign_sheet(0, jpegs[:2])
    (e,) = lap.outbox.entries()
    assert (e.kind, e.school, e.state, e.attempts) == ("sheet", SCHOOL, "waiting", 0)
    assert set(e.blobs) == {p["sha256"] for p in signed["photos"]}
    again = lap.outbox.enqueue("sheet", lap.outbox.data(e.id))
    assert again.id == e.id and len(lap.outbox.entries()) == 1
    from workbench.signing.from_sources import last_signed
    assert last_signed(lap.ws, SCHOOL, lap.ws.local_reviewer().id)["hash"] == e.doc_hash  # the same commit
    lap.sign_sheet(1)  # a new revision: a new entry
    assert [x.state for x in lap.outbox.entries()] == ["waiting", "waiting"]
    assert lap.outbox.counts()["pending"] == 2


def test_a_provisional_sheet_is_not_queued(lap) -> None:
    from workbench.signing.from_sources import remember_signed, sheet_from_workspace
    from workbench.signing.sheet import sign_sheet

    me = lap.ws.local_reviewer()
    sheet, rubric = sheet_from_workspace(lap.ws, SCHOOL, me.id)
    remember_signed(lap.ws, SCHOOL, me.id, sign_sheet(sheet, lap.person.identity, lap.person.key, rubric,
                                                        allow_incomplete=True))
    assert lap.outbox.entries() == []


def test_states_survive_reopening_and_a_killed_round_is_recovered(lap) -> None:
    ob = lap.outbox
    e = ob.enqueue("sheet", sheet_bytes(lap.person))
    ob.mark_sending(e.id)
    root = lap.ws.root
    lap.ws.close()
    lap.ws = Workspace.open(root)  # as after a kill: the committed state is what is left
    ob = Outbox(lap.ws)
    assert ob.get(e.id).state == "sending" and ob.get(e.id).attempts == 1
    assert ob.recover() == 1 and ob.get(e.id).state == "waiting"
    ob.mark_failed(e.id, "unreachable", "cannot reach the hub")
    assert ob.get(e.id).last_error.code == "unreachable"
    ob.mark_sent(e.id, "hub-a", {"seq": 1, "kind": "sheet"})
    got = ob.get(e.id)
    assert got.state == "sent" and got.receipt == {"seq": 1, "kind": "sheet"} and got.last_error is None
    assert ob.pending_for("hub-a") == [] and [x.id for x in ob.pending_for("hub-b")] == [e.id]
    with pytest.raises(StoreError, match="already sent"):
        ob.cancel(e.id)


def test_conflict_refused_cancel_and_retry(lap) -> None:
    ob = lap.outbox
    a = ob.enqueue("sheet", sheet_bytes(lap.person))
    b = ob.enqueue("sheet", sheet_bytes(lap.person, shift=1))
    ob.mark_conflict(a.id, "hub-a", "conflict", "another version", {"stored": {"revision": 1}})
    ob.mark_refused(b.id, "hub-a", "invalid_document", "does not verify")
    assert ob.counts()["conflict"] == 1 and ob.counts()["refused"] == 1
    assert ob.pending_for("hub-a") == [] and ob.pending_for("hub-b") == []
    assert ob.get(a.id).hub_version == {"stored": {"revision": 1}}
    assert ob.retry(a.id).state == "waiting" and [x.id for x in ob.pending_for("hub-a")] == [a.id]
    assert ob.cancel(b.id).state == "cancelled" and ob.retry(b.id).state == "waiting"
    with pytest.raises(StoreError, match="no outbox entry 99"):
        ob.retry(99)
    with pytest.raises(ValueError):
        ob.enqueue("photo", b"{}")
    with pytest.raises(StoreError, match="not a signed"):
        ob.enqueue("sheet", b"not json")


def test_hub_settings_and_pins(lap) -> None:
    ws = lap.ws
    assert settings.hubs(ws) == [] and settings.last_round(ws) is None
    settings.add_hub(ws, "http://10.0.0.5:8470/", name="组长")
    settings.add_hub(ws, "http://bureau.example:8470", "AB" * 32)
    settings.add_hub(ws, "http://10.0.0.5:8470", "cd:" * 31 + "cd")  # pinned later; order kept
    got = settings.hubs(ws)
    assert [h.url for h in got] == ["http://10.0.0.5:8470", "http://bureau.example:8470"]
    assert got[0].fingerprint == "cd" * 32 and got[0].name == "组长" and got[1].fingerprint == "ab" * 32
    with pytest.raises(settings.SyncSettingsError, match="64 hexadecimal"):
        settings.add_hub(ws, "http://x:1", "abc")
    with pytest.raises(settings.SyncSettingsError, match="not a hub address"):
        settings.add_hub(ws, "ftp://x")
    settings.remove_hub(ws, "http://10.0.0.5:8470")
    assert [h.url for h in settings.hubs(ws)] == ["http://bureau.example:8470"]
    settings.set_cursor(ws, "hub-a", 42)
    assert settings.cursor(ws, "hub-a") == 42 and settings.cursor(ws, "hub-b") == 0
    settings.set_last_round(ws, True, "pushed 1")
    assert settings.last_round(ws)["ok"] and settings.last_round_time(ws) is not None
    assert settings.identity_dir(ws) == lap.person.identity.dir.resolve()
