"""POST /v1/panels: the chair's result, verified against enrolled certificates and the
members' sheets on the hub; co-signed copies keep the most signatures."""

from __future__ import annotations

import json

from helpers.docs import RUBRIC, sheet_bytes
from sqlalchemy import select

from workbench.panel.document import (
    build_panel_result,
    cosign_panel,
    panel_file_bytes,
    panel_hash,
    sign_panel,
)
from workbench.rubric.canonical import canonical_hash
from workbench.signing.sheet import sheet_hash
from workbench.signing.verify import verify_sheet_bytes
from workbench.sync.hub.models import PanelResult
from workbench.sync.receipts import verify_receipt

SHEET, PANEL = "application/vnd.workbench.sheet+json", "application/vnd.workbench.panel+json"


def _sheets(api, people) -> list[bytes]:  # noqa: ANN001
    out = []
    for i, p in enumerate((people.m1, people.m2)):
        b = sheet_bytes(p, shift=i)
        assert api.send(p, "POST", "/v1/sheets", b, content_type=SHEET).status_code == 201
        out.append(b)
    return out


def _signed(people, sheets: list[bytes], *, cosigners=(), opinion="同意。") -> dict:  # noqa: ANN001
    verified = [verify_sheet_bytes(b, None, check_trust_roots=False) for b in sheets]
    doc = sign_panel(build_panel_result(RUBRIC, verified, chair=people.chair.identity.cert, opinion=opinion),
                     people.chair.identity, people.chair.key)
    for m in cosigners:
        doc = cosign_panel(doc, m.identity, m.key)
    return doc


def test_chair_pushes_then_cosigned_copies_replace_the_kept_one(api, people):
    sheets = _sheets(api, people)
    chair_only = _signed(people, sheets)
    r = api.send(people.chair, "POST", "/v1/panels", panel_file_bytes(chair_only), content_type=PANEL)
    assert r.status_code == 201, r.text
    assert r.json()["final"] is False
    verify_receipt(r.json()["receipt"], api.hub.cert, document=canonical_hash(chair_only))
    full = cosign_panel(cosign_panel(chair_only, people.m1.identity, people.m1.key), people.m2.identity, people.m2.key)
    r = api.send(people.chair, "POST", "/v1/panels", panel_file_bytes(full), content_type=PANEL)
    assert r.status_code == 201 and r.json()["final"] is True
    again = api.send(people.chair, "POST", "/v1/panels", panel_file_bytes(full), content_type=PANEL)
    assert again.status_code == 200 and again.json()["receipt"] == r.json()["receipt"]
    # a late copy with fewer signatures is received but does not replace the kept one
    one = cosign_panel(chair_only, people.m1.identity, people.m1.key)
    assert api.send(people.chair, "POST", "/v1/panels", panel_file_bytes(one), content_type=PANEL).status_code == 201
    with api.hub.maker() as s:
        kept = s.execute(select(PanelResult)).scalars().all()
    assert len(kept) == 1 and kept[0].hash == canonical_hash(full) and kept[0].final
    assert kept[0].panel_hash == panel_hash(full)
    # members pull it
    feed = api.send(people.m1, "GET", "/v1/changes").json()["changes"]
    assert canonical_hash(full) in [c["hash"] for c in feed if c["kind"] == "panel"]
    got = api.send(people.m1, "GET", f"/v1/documents/{canonical_hash(full)}")
    assert got.content == panel_file_bytes(full)


def test_a_member_pushes_only_a_copy_they_cosigned(api, people):
    sheets = _sheets(api, people)
    data = panel_file_bytes(_signed(people, sheets, cosigners=(people.m1,)))
    r = api.send(people.m2, "POST", "/v1/panels", data, content_type=PANEL)  # m2 has not co-signed it
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    assert api.send(people.other, "POST", "/v1/panels", data, content_type=PANEL).status_code == 403  # not on it
    assert api.send(people.m1, "POST", "/v1/panels", data, content_type=PANEL).status_code == 201
    assert api.send(people.admin, "POST", "/v1/panels", data, content_type=PANEL).status_code == 200


def test_another_payload_under_the_same_key_is_a_conflict(api, people):
    sheets = _sheets(api, people)
    first = _signed(people, sheets)
    assert api.send(people.chair, "POST", "/v1/panels", panel_file_bytes(first), content_type=PANEL).status_code == 201
    other = dict(first, opinion="不同意见", signatures=[])
    other = sign_panel(other, people.chair.identity, people.chair.key)
    r = api.send(people.chair, "POST", "/v1/panels", panel_file_bytes(other), content_type=PANEL)
    assert r.status_code == 409 and r.json()["reason"] == "same_key"
    kinds = [c["kind"] for c in api.send(people.admin, "GET", "/v1/conflicts").json()["conflicts"]]
    assert kinds == ["panel"]


def test_tampered_panel_result(api, people):
    sheets = _sheets(api, people)
    doc = _signed(people, sheets, cosigners=(people.m1, people.m2))
    data = panel_file_bytes(doc).replace("同意。".encode(), "同意!".encode())
    r = api.send(people.chair, "POST", "/v1/panels", data, content_type=PANEL)
    assert r.status_code == 422 and r.json()["code"] == "invalid_document"
    assert r.json()["reason"] == "signature"


def test_member_sheets_must_be_on_the_hub_and_quoted_exactly(api, people):
    sheets = _sheets(api, people)
    fake = sheet_bytes(people.m1, shift=3)  # never pushed
    doc = _signed(people, [fake, sheets[1]])
    r = api.send(people.chair, "POST", "/v1/panels", panel_file_bytes(doc), content_type=PANEL)
    assert r.status_code == 422 and r.json()["code"] == "missing_sheets"
    assert r.json()["missing"] == [sheet_hash(json.loads(fake))]
    # a result naming m1's real sheet but quoting other scores
    verified = [verify_sheet_bytes(b, None, check_trust_roots=False) for b in (fake, sheets[1])]
    doc = build_panel_result(RUBRIC, verified, chair=people.chair.identity.cert, opinion="同意。")
    real = json.loads(sheets[0])
    for m in doc["members"]:
        if m["fingerprint"] == people.m1.fingerprint:
            m.update(sheet_hash=sheet_hash(real), sheet_id=real["sheet_id"], revision=real["revision"])
    doc = sign_panel(doc, people.chair.identity, people.chair.key)
    r = api.send(people.chair, "POST", "/v1/panels", panel_file_bytes(doc), content_type=PANEL)
    assert r.status_code == 422 and r.json()["reason"] == "sheets"
    with api.hub.maker() as s:
        assert s.execute(select(PanelResult)).scalars().all() == []
