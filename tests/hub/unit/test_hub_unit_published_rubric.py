"""Sheets and a panel result scored under a rubric published on the hub (not bundled):
the verifiers take the hub's rubric lookup, so both are accepted; an unpublished one is not."""

from __future__ import annotations

import json

import pytest
from helpers.docs import demo_package, full_scores

from workbench.panel.document import build_panel_result, cosign_panel, panel_file_bytes, sign_panel
from workbench.panel.verify import verify_panel_bytes
from workbench.resources import resource
from workbench.rubric.loader import rubric_by_hash, rubric_from_data
from workbench.signing.sheet import ItemRecord, build_sheet, sheet_file_bytes, sign_sheet
from workbench.signing.verify import VerificationError, verify_sheet_bytes
from workbench.sync.hub import admin

SHEET, PANEL = "application/vnd.workbench.sheet+json", "application/vnd.workbench.panel+json"


def _variant(tag: str) -> dict:
    """The bundled rubric under another id and title: same items, another hash."""
    data = json.loads(resource("rubrics", "majiang-2015.json").read_text(encoding="utf-8"))
    data["id"] = f"majiang-2015-{tag}"
    data["title"]["zh"] += f"({tag})"
    return data


def _sheet(person, rubric, shift: int) -> bytes:  # noqa: ANN001
    pkg = demo_package()
    items = {iid: ItemRecord(v, frozenset({0}), ("documents",), "") for iid, v in full_scores(shift).items()}
    unsigned = build_sheet(rubric, school=dict(pkg.manifest["school"], application_type="qualified"),
                           manifest_hash=pkg.manifest_hash, package_sha256=pkg.package_sha256, package_version=1,
                           items=items, self_assessment=pkg.manifest.get("self_assessment"), photos=[])
    return sheet_file_bytes(sign_sheet(unsigned, person.identity, person.key, rubric))


def _panel(people, rubric, sheets: list[bytes]) -> bytes:  # noqa: ANN001
    lookup = {rubric.hash: rubric}.get
    verified = [verify_sheet_bytes(b, None, check_trust_roots=False, rubric_lookup=lookup) for b in sheets]
    doc = sign_panel(build_panel_result(rubric, verified, chair=people.chair.identity.cert, opinion="同意。"),
                     people.chair.identity, people.chair.key)
    for m in (people.m1, people.m2):
        doc = cosign_panel(doc, m.identity, m.key)
    return panel_file_bytes(doc)


def test_panel_result_under_a_published_rubric_is_accepted(api, people):
    data = _variant("hub")
    rubric = rubric_from_data(data)
    assert rubric_by_hash(rubric.hash) is None  # not bundled
    assert admin.publish_rubric(api.hub, data)["bundled"] is False
    sheets = [_sheet(p, rubric, i) for i, p in enumerate((people.m1, people.m2))]
    for p, b in zip((people.m1, people.m2), sheets, strict=True):
        r = api.send(p, "POST", "/v1/sheets", b, content_type=SHEET)
        assert r.status_code == 201, r.text
    panel = _panel(people, rubric, sheets)
    r = api.send(people.chair, "POST", "/v1/panels", panel, content_type=PANEL)
    assert r.status_code == 201, r.text
    assert r.json()["receipt"]["kind"] == "panel"


def test_a_rubric_not_published_is_still_unknown(api, people):
    rubric = rubric_from_data(_variant("nowhere"))
    r = api.send(people.m1, "POST", "/v1/sheets", _sheet(people.m1, rubric, 0), content_type=SHEET)
    assert r.status_code >= 400 and r.json()["code"] == "unknown_rubric"


def test_the_verifiers_default_to_the_bundled_rubrics_and_take_a_lookup(people):
    rubric = rubric_from_data(_variant("local"))
    sheets = [_sheet(p, rubric, i) for i, p in enumerate((people.m1, people.m2))]
    with pytest.raises(VerificationError) as e:
        verify_sheet_bytes(sheets[0], None, check_trust_roots=False)
    assert e.value.reason == "unknown_rubric"
    panel = _panel(people, rubric, sheets)
    with pytest.raises(VerificationError) as e:
        verify_panel_bytes(panel, None, check_trust_roots=False)
    assert e.value.reason == "unknown_rubric"
    v = verify_panel_bytes(panel, None, check_trust_roots=False, sheets=sheets, rubric_lookup={rubric.hash: rubric}.get)
    assert v.final and v.sheets_checked
