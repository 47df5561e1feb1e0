"""The outbox keeps the hub's own Chinese message (migration 0006): a newer hub's refusal with a
code this version has no words for still reads in Chinese in the window's outbox table.

Migration up and down on a real workspace; the store's state changes; the hub's JSON error as
the client parses it, kept as the worker keeps it; a round against a real hub subprocess."""

from __future__ import annotations

import httpx
import pytest
from alembic import command
from helpers.docs import sheet_bytes
from sqlalchemy import inspect, text
from sync_helpers import make_laptop

from workbench.store import Workspace
from workbench.store.db import SCHEMA_HEAD, alembic_config, schema_version
from workbench.store.outbox import MAX_ZH, Outbox, one_line
from workbench.sync.client.errors import HubRefused, error_from_response


@pytest.fixture
def lap(tmp_path):
    lap = make_laptop(tmp_path, "王建国")
    yield lap
    lap.ws.close()


def _columns(ws: Workspace) -> set[str]:
    return {c["name"] for c in inspect(ws.engine).get_columns("outbox")}


def _newer_hub_refusal(zh: object = "本校配额已满，请联系教育局") -> HubRefused:
    """What the client makes of a newer hub's 422 with a code this version does not know."""
    err = error_from_response(httpx.Response(
        422, json={"code": "quota_exceeded", "message": {"zh": zh, "en": "the school's quota is exceeded"}},
        request=httpx.Request("POST", "http://127.0.0.1:9/v1/sheets")))
    assert isinstance(err, HubRefused) and err.code == "quota_exceeded"
    return err


def test_migration_0006_up_and_down_on_a_workspace_with_entries(lap) -> None:
    ob = lap.outbox
    e = ob.enqueue("sheet", sheet_bytes(lap.person))
    ob.mark_refused(e.id, "hub-a", "quota_exceeded", "the school's quota is exceeded", zh="本校配额已满")
    assert schema_version(lap.ws.engine) == SCHEMA_HEAD == "0006" and "error_message_zh" in _columns(lap.ws)
    root = lap.ws.root
    cfg = alembic_config()
    with lap.ws.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005")
    assert schema_version(lap.ws.engine) == "0005" and "error_message_zh" not in _columns(lap.ws)
    with lap.ws.engine.connect() as conn:  # the entry itself survives the downgrade
        row = conn.execute(text("SELECT state, error_code, error_message FROM outbox")).one()
    assert tuple(row) == ("refused", "quota_exceeded", "the school's quota is exceeded")
    lap.ws.close()

    lap.ws = Workspace.open(root)  # a 0005 workspace opens migrated: the column is back, empty
    assert schema_version(lap.ws.engine) == "0006" and "error_message_zh" in _columns(lap.ws)
    ob = Outbox(lap.ws)
    got = ob.get(e.id)
    assert (got.state, got.last_error.code, got.last_error.zh) == ("refused", "quota_exceeded", None)
    ob.mark_refused(e.id, "hub-a", "quota_exceeded", "the school's quota is exceeded", zh="本校配额已满")
    assert ob.get(e.id).last_error.zh == "本校配额已满"


def test_refused_conflict_failed_and_sent_keep_or_drop_the_hubs_chinese(lap) -> None:
    ob = lap.outbox
    a = ob.enqueue("sheet", sheet_bytes(lap.person))
    b = ob.enqueue("sheet", sheet_bytes(lap.person, shift=1))
    err = _newer_hub_refusal()
    ob.mark_refused(a.id, "hub-a", err.code, err.message, zh=err.message_zh)  # as the worker does
    got = ob.get(a.id).last_error
    assert (got.code, got.zh) == ("quota_exceeded", "本校配额已满，请联系教育局")
    assert "[quota_exceeded, HTTP 422]" in got.message  # the English line stays the detail

    ob.mark_conflict(b.id, "hub-a", "conflict", "another version", {"stored": {"revision": 1}}, zh="已有其他内容")
    assert ob.get(b.id).last_error.zh == "已有其他内容"

    ob.retry(a.id)
    ob.mark_failed(a.id, "unreachable", "cannot reach the hub")  # a later failure: no stale Chinese beside it
    assert (ob.get(a.id).last_error.code, ob.get(a.id).last_error.zh) == ("unreachable", None)
    ob.mark_failed(a.id, "busy", "the hub is busy", zh="服务器繁忙")
    assert ob.get(a.id).last_error.zh == "服务器繁忙"
    ob.mark_sent(a.id, "hub-a", {"seq": 1})
    assert ob.get(a.id).last_error is None
    with lap.ws.engine.connect() as conn:
        assert conn.execute(text("SELECT error_message_zh FROM outbox WHERE id = :i"), {"i": a.id}).scalar() is None


def test_the_hubs_chinese_is_kept_as_one_bounded_line(lap) -> None:
    ob = lap.outbox
    e = ob.enqueue("sheet", sheet_bytes(lap.person))
    long = "配额\n已满\t\x1b[31m" + "很" * 1000
    ob.mark_refused(e.id, "hub-a", "quota_exceeded", "x", zh=_newer_hub_refusal(long).message_zh)
    kept = ob.get(e.id).last_error.zh
    assert kept.startswith("配额 已满 [31m很") and len(kept) == MAX_ZH
    assert kept.isprintable()
    for nothing in (None, "", "  \n ", 42, ["列表"]):
        assert one_line(nothing) is None  # type: ignore[arg-type]
        ob.mark_refused(e.id, "hub-a", "quota_exceeded", "x", zh=_newer_hub_refusal(nothing).message_zh)
        assert ob.get(e.id).last_error.zh is None


def test_a_hub_error_without_chinese_has_none(lap) -> None:
    plain = error_from_response(httpx.Response(502, text="Bad Gateway",
                                               request=httpx.Request("GET", "http://127.0.0.1:9/v1/hub")))
    assert plain.message_zh is None
    only_en = error_from_response(httpx.Response(422, json={"code": "x", "message": "just English"},
                                                 request=httpx.Request("POST", "http://127.0.0.1:9/v1/sheets")))
    assert only_en.message_zh is None


def test_a_real_hubs_refusal_and_conflict_keep_its_chinese(panel, tmp_path) -> None:
    """Against a real hub subprocess: a tampered sheet is refused and a fork conflicts; each
    outbox entry keeps the hub's own Chinese beside the code and the English line."""
    from helpers.docs import sheet_doc

    from workbench.signing.sheet import sheet_file_bytes
    from workbench.sync.protocol import ERRORS

    hub = panel.start_hub(tmp_path)
    p = panel.m1.person
    ob = Outbox(panel.m1.ws)
    base = sheet_doc(p)
    tampered = sheet_doc(p, previous=base, shift=3)
    tampered["result"]["total"] = "99"  # changed after signing: the hub cannot verify it
    rev2a, rev2b = sheet_doc(p, previous=base, shift=1), sheet_doc(p, previous=base, shift=2)
    for d in (base, rev2a):
        ob.enqueue("sheet", sheet_file_bytes(d))
    assert panel.m1.sync(hub.url).ok
    bad = ob.enqueue("sheet", sheet_file_bytes(tampered))
    fork = ob.enqueue("sheet", sheet_file_bytes(rev2b))
    r = panel.m1.sync(hub.url)
    assert r.refused == [bad.doc_hash] and r.conflicts == [fork.doc_hash]

    refused, conflict = ob.get(bad.id).last_error, ob.get(fork.id).last_error
    assert refused.code == "invalid_document" and conflict.code == "conflict"
    for err in (refused, conflict):  # the hub's own words (it may say more than protocol.ERRORS)
        assert err.zh and err.zh == one_line(err.zh) and any("\u4e00" <= c <= "\u9fff" for c in err.zh)
        assert f"[{err.code}, HTTP {ERRORS[err.code][0]}]" in err.message  # the English line, as before
