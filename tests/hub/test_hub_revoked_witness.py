"""The hub's arrival time is the witness of a sheet, not its signed_at (docs/panel-result.md,
"Revoked certificates"): after a revocation the hub refuses the certificate's sheets even when
they are dated before it, from whoever pushes them; what it stored before stays, once."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from helpers.docs import RUBRIC, sheet_doc

from workbench.signing.sheet import next_revision, sheet_file_bytes, sheet_hash, sign_sheet
from workbench.sync.client.errors import HubRefused


def test_a_back_dated_sheet_after_the_revocation_is_refused(hub, people) -> None:
    m2, chair = hub.client(people.m2), hub.client(people.chair)
    early = sheet_doc(people.m2)
    stored = m2.push_sheet(sheet_file_bytes(early))
    assert stored.receipt["arrived_at"] >= early["signed_at"][:19]

    revoked_at = hub.admin().revoke(people.m2.fingerprint)["revoked_at"]
    # a holder of the stolen key dates a new revision before the revocation (the certificate is
    # valid then) and has the chair, who may push members' sheets, send it
    back = dt.datetime.fromisoformat(revoked_at.replace("Z", "+00:00")) - dt.timedelta(seconds=1)
    late = sign_sheet(dict(early, **next_revision(early)), people.m2.identity, people.m2.key, RUBRIC, now=back)
    assert late["signed_at"] < revoked_at
    before = hub.snapshot()
    with pytest.raises(HubRefused) as e:
        chair.push_sheet(sheet_file_bytes(late))
    assert f"revoked on {revoked_at}" in e.value.message and "whatever its signed_at says" in e.value.message
    assert hub.snapshot() == before, "a refused sheet changed the hub's data"

    # the sheet the hub received before the revocation is still served, with its first receipt
    assert json.loads(chair.document(sheet_hash(early)))["signed_at"] == early["signed_at"]
    again = chair.push_sheet(sheet_file_bytes(early))
    assert again.duplicate and again.receipt == stored.receipt
