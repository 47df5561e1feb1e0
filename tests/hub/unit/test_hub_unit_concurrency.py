"""Many requests at once, on SQLite and on PostgreSQL: uniqueness and the receipt chain are
the database's doing, so threads (each with its own connection) behave like one client."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from helpers.docs import sheet_doc
from sqlalchemy import func, select

from workbench.signing.sheet import sheet_file_bytes, sheet_hash
from workbench.sync.hub import sheets
from workbench.sync.hub.auth import Caller, consume_nonce
from workbench.sync.hub.errors import HubError
from workbench.sync.hub.models import Conflict, Receipt, Sheet
from workbench.sync.hub.pull import receipts
from workbench.sync.receipts import verify_chain


def _caller(p, role="member", nonce="n") -> Caller:  # noqa: ANN001
    return Caller(p.fingerprint, role, "", "", nonce, int(time.time()))  # a fresh nonce is never purged


def _try(fn):  # noqa: ANN001, ANN202
    try:
        return fn()
    except HubError as e:
        return e


def test_distinct_sheets_at_once_get_a_gap_free_chain(any_hub, people):
    docs = [(p, sheet_file_bytes(sheet_doc(p, shift=i))) for i in range(8) for p in (people.m1, people.m2)]
    with ThreadPoolExecutor(8) as ex:
        outs = list(ex.map(lambda pd: sheets.accept(any_hub, _caller(pd[0]), pd[1]), docs))
    assert [o.status for o in outs] == [201] * 16
    chain = receipts(any_hub, 0, 100)["receipts"]
    assert verify_chain(chain, any_hub.cert) == 16
    assert sorted(r["document"] for r in chain) == sorted(sheet_hash(json.loads(d)) for _, d in docs)


def test_the_same_sheet_at_once_is_stored_once(any_hub, people):
    data = sheet_file_bytes(sheet_doc(people.m1))
    with ThreadPoolExecutor(8) as ex:
        outs = list(ex.map(lambda _: sheets.accept(any_hub, _caller(people.m1), data), range(16)))
    assert sorted(o.status for o in outs) == [200] * 15 + [201]
    assert len({json.dumps(o.body["receipt"], sort_keys=True) for o in outs}) == 1
    with any_hub.reader() as s:
        assert s.execute(select(func.count()).select_from(Receipt)).scalar_one() == 1


def test_rival_sheets_under_one_key_at_once(any_hub, people):
    """Eight different signed sheets with one (sheet_id, revision): one is stored, the
    others are conflicts, each recorded once, however often it is retried."""
    from helpers.docs import RUBRIC

    from workbench.signing.sheet import sign_sheet
    base = sheet_doc(people.m1)
    rivals = [sheet_file_bytes(sign_sheet(dict(sheet_doc(people.m1, note=f"版本{i}"), sheet_id=base["sheet_id"]),
                                          people.m1.identity, people.m1.key, RUBRIC)) for i in range(8)]
    with ThreadPoolExecutor(8) as ex:
        outs = list(ex.map(lambda d: _try(lambda: sheets.accept(any_hub, _caller(people.m1), d)), rivals * 2))
    stored = {sheet_hash(json.loads(d)) for d, o in zip(rivals * 2, outs, strict=True) if not isinstance(o, HubError)}
    assert len(stored) == 1
    errors = [o for o in outs if isinstance(o, HubError)]
    assert {e.code for e in errors} == {"conflict"}
    with any_hub.reader() as s:
        assert s.execute(select(func.count()).select_from(Sheet)).scalar_one() == 1
        assert s.execute(select(func.count()).select_from(Conflict)).scalar_one() == 7


@pytest.mark.parametrize("n", [16])
def test_one_nonce_at_once_is_accepted_once(any_hub, people, n, monkeypatch):
    from workbench.sync.hub import auth
    monkeypatch.setattr(auth, "_PURGE_EVERY", 1)  # every request purges expired nonces meanwhile
    c = _caller(people.m1, nonce="concurrent-nonce-0001")
    with ThreadPoolExecutor(8) as ex:
        outs = list(ex.map(lambda _: _try(lambda: consume_nonce(any_hub.maker, c)), range(n)))
    assert outs.count(None) == 1
    assert {e.code for e in outs if e is not None} == {"replay"}
