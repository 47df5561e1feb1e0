"""The signed panel result: build, sign, co-sign, revisions, and every bad input refused by
build or by verify with a message naming the sheet, reviewer or item."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

sys.path.insert(0, str(Path(__file__).parent))
from panel_helpers import (  # noqa: E402
    PASS,
    RUBRIC,
    make_identity,
    make_panel,
    panel_bytes,
    scores_with,
    sign,
    signed_panel,
)

from workbench.panel.document import (  # noqa: E402
    build_panel_result,
    cosign_panel,
    member_results,
    panel_file_bytes,
    panel_hash,
    revise_panel,
    sign_panel,
    signed_payload,
)
from workbench.panel.errors import PanelError  # noqa: E402
from workbench.panel.verify import PanelVerificationError, verify_panel_bytes  # noqa: E402
from workbench.rubric.canonical import canonical_bytes  # noqa: E402
from workbench.scoring.merge import MergeError  # noqa: E402
from workbench.signing.ecdsa import P256_N, sign_b64  # noqa: E402
from workbench.signing.sheet import sheet_file_bytes  # noqa: E402
from workbench.signing.verify import verify_sheet_bytes  # noqa: E402

OVR = {"B3.2": {"value": "1.5", "reason": "现场核实：多媒体教室数量不足"}}


@pytest.fixture(scope="module")
def p3(tmp_path_factory):
    return make_panel(tmp_path_factory.mktemp("p3"), [{"B1.1": "0.5", "B9.1": "6"}, {"B9.1": "2"},
                                                     {"B1.1": "0", "B9.1": "3"}])


@pytest.fixture(scope="module")
def doc3(p3):
    return signed_panel(p3, overrides=OVR, opinion="同意评为合格校。")


def refused(data: bytes, p, reason: str, match: str, **kw) -> PanelVerificationError:
    with pytest.raises(PanelVerificationError, match=match) as e:
        verify_panel_bytes(data, p.roots, **kw)
    assert e.value.reason == reason
    return e.value


def resigned(p, doc: dict, mutate) -> bytes:
    """The chair changes the payload and signs it again (the chair lies)."""
    d = copy.deepcopy(doc)
    mutate(d)
    d["signatures"] = []
    return panel_file_bytes(sign_panel(d, p.chair, p.chair.private_key(PASS)))


def test_round_trip_three_members(p3, doc3) -> None:
    v = verify_panel_bytes(panel_bytes(doc3), p3.roots, sheets=p3.sheet_files())
    assert v.final and v.missing_signers == [] and v.sheets_checked
    assert [s.role for s, _, _ in v.signers] == ["chair", "member", "member", "member"]
    assert v.signers[0][0].name == "王芳" and v.panel_hash == panel_hash(doc3)
    b11 = doc3["items"]["B9.1"]
    assert b11["computed"] == "3.67" and b11["flagged"] and b11["spread"] == "4"
    assert sorted(b11["scores"].values()) == ["2", "3", "6"]
    b32 = doc3["items"]["B3.2"]
    assert (b32["computed"], b32["final"], b32["override"]) == ("2", "1.5", OVR["B3.2"])
    assert doc3["items"]["B1.1"]["final"] == "0.5"
    total = sum(Decimal(it["final"]) for it in doc3["items"].values())
    assert Decimal(doc3["result"]["total"]) == total
    assert [m["fingerprint"] for m in doc3["members"]] == sorted(m.fingerprint for m in p3.members)
    assert {m["sheet_hash"] for m in doc3["members"]} == {v.sheet_hash for v in p3.verified}
    assert doc3["opinion"] == "同意评为合格校。" and doc3["quorum"] == 3
    assert panel_bytes(doc3) == canonical_bytes(doc3) + b"\n"
    assert "FINAL" in v.summary() and "B3.2" in v.summary()
    per = member_results(RUBRIC, doc3)
    # 100 points: −0.5 (B1.1); −4 (B9.1); −1 (B1.1) −3 (B9.1)
    assert sorted(str(r.total) for r in per.values()) == ["96", "96", "99.5"]
    assert all(r.areas["A1"] + sum(v for k, v in r.areas.items() if k != "A1") == r.total for r in per.values())


def test_final_only_with_the_chair_and_a_quorum(p3) -> None:
    doc = build_panel_result(RUBRIC, p3.verified, chair=p3.chair.cert)
    h = panel_hash(doc)
    # unsigned, nothing in it is vouched for: refused, not "valid but not final"
    refused(panel_bytes(doc), p3, "signature", "no signature of the chair, 王芳")
    v = verify_panel_bytes(panel_bytes(doc), p3.roots, require_signed=False)  # a tool still building it
    assert not v.final and len(v.missing_signers) == 4 and v.missing_signers[0][0].role == "chair"
    doc = sign_panel(doc, p3.chair, p3.chair.private_key(PASS))
    for k, m in enumerate(p3.members):
        v = verify_panel_bytes(panel_bytes(doc), p3.roots)
        assert not v.final and len(v.missing_signers) == 3 - k
        doc = cosign_panel(doc, m, m.private_key(PASS))
        assert panel_hash(doc) == h  # co-signing never changes the panel hash
    assert verify_panel_bytes(panel_bytes(doc), p3.roots).final
    two = signed_panel(p3, cosigners=2, quorum=2)
    assert verify_panel_bytes(panel_bytes(two), p3.roots).final
    # members' signatures without the chair's are refused too
    refused(panel_bytes(dict(two, signatures=two["signatures"][1:])), p3, "signature", "no signature of the chair")


def test_a_change_is_a_new_revision_that_needs_its_signatures_again(p3, doc3) -> None:
    r2 = revise_panel(RUBRIC, doc3, overrides={**OVR, "B9.1": {"value": "4", "reason": "复核后一致意见"}})
    assert (r2["panel_id"], r2["revision"], r2["supersedes"]) == (doc3["panel_id"], 2, panel_hash(doc3))
    assert r2["signatures"] == [] and r2["items"]["B9.1"]["final"] == "4"
    assert r2["items"]["B3.2"]["override"] == OVR["B3.2"]
    refused(panel_bytes(r2), p3, "signature", "no signature of the chair")
    with pytest.raises(PanelError, match="chair has not signed"):
        cosign_panel(r2, p3.members[0], p3.members[0].private_key(PASS))
    # the old co-signatures do not carry over: each is over the old bytes
    r2["signatures"] = doc3["signatures"]
    refused(panel_bytes(r2), p3, "signature", "signature mismatch")
    # building again from the sheets with previous= also makes a revision
    r3 = build_panel_result(RUBRIC, p3.verified, chair=p3.chair.cert, method="median", previous=doc3)
    assert (r3["revision"], r3["supersedes"], r3["method"]) == (2, panel_hash(doc3), "median")


@pytest.mark.parametrize("override, match", [
    ({"B3.2": {"value": "1.5", "reason": ""}}, "B3.2: a reason is required"),
    ({"B3.2": {"value": "1.5", "reason": "   "}}, "B3.2: a reason is required"),
    ({"B3.2": {"value": "1.5"}}, "B3.2: a reason is required"),
    ({"B3.2": {"value": "1.25", "reason": "x"}}, r"B3.2: 1.25 is not a multiple of 0.5"),
    ({"B1.1": {"value": "1.5", "reason": "x"}}, r"B1.1: 1.5 is over the item's 1 points"),
    ({"B1.1": {"value": "-1", "reason": "x"}}, "override B1.1"),
    ({"B99.1": {"value": "1", "reason": "x"}}, "B99.1: no such item"),
])
def test_bad_overrides_are_refused_naming_the_item(p3, override, match) -> None:
    with pytest.raises(PanelError, match=match):
        build_panel_result(RUBRIC, p3.verified, chair=p3.chair.cert, overrides=override)


def test_bad_member_sheets_are_refused_naming_the_reviewer(p3, tmp_path) -> None:
    chair = p3.chair
    # the chair's own key posing as a member
    own = sign(chair, scores_with({}))
    v_own = verify_sheet_bytes(sheet_file_bytes(own), [chair.cert])
    with pytest.raises(PanelError, match="王芳.*chair's own certificate"):
        build_panel_result(RUBRIC, [*p3.verified, v_own], chair=chair.cert)
    # another chair certificate posing as a member
    other_chair = make_identity(tmp_path / "c2", "赵六", "chair")
    v2 = verify_sheet_bytes(sheet_file_bytes(sign(other_chair, scores_with({}))), [other_chair.cert])
    with pytest.raises(PanelError, match="赵六.*role is 'chair', not member"):
        build_panel_result(RUBRIC, [*p3.verified, v2], chair=chair.cert)
    # two sheets from one reviewer
    again = verify_sheet_bytes(sheet_file_bytes(sign(p3.members[0], scores_with({}))), [p3.members[0].cert])
    with pytest.raises(PanelError, match="成员1.*second sheet from the same reviewer"):
        build_panel_result(RUBRIC, [*p3.verified, again], chair=chair.cert)
    # another school, another package version, a provisional sheet
    m = make_identity(tmp_path / "m9", "钱七")
    sch = dict(p3.verified[0].sheet["school"], code="MJ-XX-999")
    for kw, match in (({"school": sch}, "钱七.*school MJ-XX-999"),
                      ({"manifest_hash": "sha256:" + "0" * 64}, "钱七.*another package version"),
                      ({"allow_incomplete": True}, "钱七.*provisional")):
        scores = scores_with({"B1.1": None}) if kw.get("allow_incomplete") else scores_with({})
        vs = verify_sheet_bytes(sheet_file_bytes(sign(m, scores, **kw)), [m.cert])
        with pytest.raises(PanelError, match=match):
            build_panel_result(RUBRIC, [*p3.verified, vs], chair=chair.cert)
    with pytest.raises(MergeError, match="at least 5 sheets; this panel has 3"):
        build_panel_result(RUBRIC, p3.verified, chair=chair.cert, method="trimmed")
    for q in (0, 4):
        with pytest.raises(PanelError, match=f"quorum {q}"):
            build_panel_result(RUBRIC, p3.verified, chair=chair.cert, quorum=q)
    with pytest.raises(PanelError, match="not chair"):
        build_panel_result(RUBRIC, p3.verified[1:], chair=p3.members[0].cert)
    with pytest.raises(PanelError, match="no member sheets"):
        build_panel_result(RUBRIC, [], chair=chair.cert)


def test_cosign_refusals(p3, doc3, tmp_path) -> None:
    outsider = make_identity(tmp_path / "o", "外人")
    with pytest.raises(PanelError, match="外人.*not a member of this panel"):
        cosign_panel(doc3, outsider, outsider.private_key(PASS))
    with pytest.raises(PanelError, match="成员1.*already co-signed"):
        cosign_panel(doc3, p3.members[0], p3.members[0].private_key(PASS))
    with pytest.raises(PanelError, match="not a member"):
        cosign_panel(doc3, p3.chair, p3.chair.private_key(PASS))
    with pytest.raises(PanelError, match="not the chair"):
        sign_panel(doc3, p3.members[0], p3.members[0].private_key(PASS))
    forged = copy.deepcopy(doc3)
    forged["signatures"][0]["value"] = doc3["signatures"][1]["value"]
    with pytest.raises(PanelVerificationError, match="signature"):
        cosign_panel(forged, p3.members[0], p3.members[0].private_key(PASS))


def test_tampered_member_sheet_is_refused_by_verify(p3, doc3) -> None:
    files = p3.sheet_files()
    # a member's sheet changed after the merge (re-signed by the member: another hash)
    changed = sign(p3.members[1], scores_with({"B9.1": "5"}))
    e = refused(panel_bytes(doc3), p3, "sheets", "成员2.*is not among the sheets given.*the sheet given by this "
                "reviewer has hash", sheets={**files, "member1.json": sheet_file_bytes(changed)})
    assert e.exit_code == 21
    # a byte of a sheet changed
    bad = bytearray(files["member0.json"])
    bad[bad.index(b'"score":"1"') + 9] = ord("0")
    refused(panel_bytes(doc3), p3, "sheets", "member0.json: altered|member0.json: signature",
            sheets={**files, "member0.json": bytes(bad)})
    # a sheet missing
    refused(panel_bytes(doc3), p3, "sheets", "is not among the sheets given",
            sheets={k: v for k, v in files.items() if k != "member2.json"})


def test_tampered_override_is_refused_by_verify(p3, doc3) -> None:
    d = copy.deepcopy(doc3)
    d["items"]["B3.2"]["override"]["reason"] = "无"
    refused(panel_file_bytes(d), p3, "signature", "signature mismatch")
    d = copy.deepcopy(doc3)
    d["items"]["B3.2"]["override"]["value"] = "1"
    refused(panel_file_bytes(d), p3, "signature", "signature mismatch")
    # the chair signs a final value that no override explains
    def no_reason(x):
        x["items"]["B3.2"]["override"] = None
    refused(resigned(p3, doc3, no_reason), p3, "totals", "B3.2: final '1.5' does not follow")
    def blank_reason(x):
        x["items"]["B3.2"]["override"]["reason"] = " "
    refused(resigned(p3, doc3, blank_reason), p3, "totals", "B3.2: a reason is required")
    def off_grid(x):
        x["items"]["B3.2"]["override"]["value"] = "1.25"
        x["items"]["B3.2"]["final"] = "1.25"
    refused(resigned(p3, doc3, off_grid), p3, "totals", "B3.2: 1.25 is not a multiple of 0.5")
    def computed(x):
        x["items"]["B9.1"]["computed"] = "5"
        x["items"]["B9.1"]["final"] = "5"
    refused(resigned(p3, doc3, computed), p3, "totals", "B9.1: computed '5' does not follow")
    def score_changed(x):
        fp = next(iter(x["items"]["B9.1"]["scores"]))
        x["items"]["B9.1"]["scores"][fp] = "4.5"
    refused(resigned(p3, doc3, score_changed), p3, "totals", "B9.1: computed")
    def alpha(x):
        x["agreement"]["alpha"] = "0.999"
    refused(resigned(p3, doc3, alpha), p3, "totals", "agreement does not follow")
    def total(x):
        x["result"]["total"] = "99"
    refused(resigned(p3, doc3, total), p3, "totals", "result does not follow")


def test_altered_cosignature_is_refused_by_verify(p3, doc3, tmp_path) -> None:
    d = copy.deepcopy(doc3)
    v = d["signatures"][2]["value"]
    d["signatures"][2]["value"] = v[:10] + ("A" if v[10] != "A" else "B") + v[11:]
    refused(panel_file_bytes(d), p3, "signature", "成员|signature")
    # the same signature in its high-S twin encoding
    d = copy.deepcopy(doc3)
    r, s = decode_dss_signature(base64.b64decode(d["signatures"][1]["value"]))
    d["signatures"][1]["value"] = base64.b64encode(encode_dss_signature(r, P256_N - s)).decode()
    refused(panel_file_bytes(d), p3, "signature", "low-S")
    # a co-signature over different bytes (another revision) transplanted here
    other = revise_panel(RUBRIC, doc3, opinion="另一意见")
    m = p3.members[2]
    d = copy.deepcopy(doc3)
    entry = next(x for x in d["signatures"] if x["fingerprint"] == m.fingerprint)
    entry["value"] = sign_b64(m.private_key(PASS), signed_payload(other))
    refused(panel_file_bytes(d), p3, "signature", "成员3.*signature mismatch")
    # signed twice
    d = copy.deepcopy(doc3)
    d["signatures"].append(d["signatures"][1])
    refused(panel_file_bytes(d), p3, "signature", "signed twice")
    # someone who is not in the panel adds a valid signature over the same bytes
    outsider = make_identity(tmp_path / "o", "外人")
    d = copy.deepcopy(doc3)
    d["signatures"].append({"fingerprint": outsider.fingerprint, "certificate": outsider.cert_pem, "role": "member",
                            "signed_at": "2026-11-27T10:00:00Z", "alg": "ES256",
                            "value": sign_b64(outsider.private_key(PASS), signed_payload(doc3))})
    e = refused(panel_file_bytes(d), p3, "member", "外人.*not a member of this panel")
    assert e.exit_code == 20
    # a member signing in the chair's role
    d = copy.deepcopy(doc3)
    d["signatures"][1]["role"] = "chair"
    refused(panel_file_bytes(d), p3, "member", "role 'chair'.*expected member")


def test_member_entries_are_checked_against_certificates(p3, doc3) -> None:
    def rename(x):
        x["members"][0]["name"] = "冒名"
    refused(resigned(p3, doc3, rename), p3, "member", "differ from what the certificate says")
    def role(x):
        x["members"][0]["role"] = "chair"
    refused(panel_bytes(json.loads(resigned(p3, doc3, role))), p3, "malformed", "members/0/role")
    def chair_as_member(x):  # the chair's certificate in a member entry
        fp = x["members"][0]["fingerprint"]
        x["members"][0].update(fingerprint=p3.chair.fingerprint, certificate=p3.chair.cert_pem, name="王芳",
                               org="麻江县教育和科技局")
        for it in x["items"].values():
            it["scores"][p3.chair.fingerprint] = it["scores"].pop(fp)
        x["members"].sort(key=lambda m: m["fingerprint"])
    refused(resigned(p3, doc3, chair_as_member), p3, "member", "王芳.*role is 'chair', but the panel result names "
            "them as member")


def test_integrity_and_trust(p3, doc3) -> None:
    data = panel_bytes(doc3)
    refused(data.replace(b'"revision":1', b'"revision":2', 1), p3, "signature", "signature mismatch")
    refused(json.dumps(doc3, indent=1).encode(), p3, "altered", "not the canonical JSON")
    refused(data[:-40], p3, "altered", "not strict UTF-8 JSON")
    refused(data.replace(b"\"revision\":1", b"\"revision\":1" + b"1" * 5000, 1), p3, "altered", "panel result")
    with pytest.raises(PanelVerificationError, match="untrusted") as e:
        verify_panel_bytes(data, [m.cert for m in p3.members])  # the chair is not trusted
    assert e.value.exit_code == 6
    assert verify_panel_bytes(data, None, check_trust_roots=False).trusted is False


def test_incidents_count_if_any_member_recorded_one(tmp_path) -> None:
    p = make_panel(tmp_path, [{}, {}, {}], incidents=["", "机房发现病毒感染，11月20日", "门户网站被篡改"])
    doc = signed_panel(p)
    inc = doc["security_incident"]
    assert inc["incident"] is True
    assert sorted(d["description"] for d in inc["descriptions"]) == ["机房发现病毒感染，11月20日", "门户网站被篡改"]
    assert doc["result"]["outcome"] == "not_evaluated" and "security_incident" in doc["result"]["flags"]
    assert verify_panel_bytes(panel_bytes(doc), p.roots, sheets=p.sheet_files()).final


def test_order_of_sheets_never_changes_the_document(tmp_path) -> None:
    p = make_panel(tmp_path, [{"B1.1": "0.5"}, {"B11.1": "6"}, {}, {"B1.1": "0", "B11.1": "7.5"}, {"B9.1": "3"}])
    at = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC)
    docs = {signed_payload(build_panel_result(RUBRIC, vs, chair=p.chair.cert, method="trimmed", panel_id=pid,
                                              created_at=at, overrides=OVR))
            for pid in ["0b5a3f4e-8c1d-4e2f-9a6b-7c8d9e0f1a2b"]
            for vs in (p.verified, p.verified[::-1], p.verified[2:] + p.verified[:2])}
    assert len(docs) == 1


def test_seven_members_trimmed_end_to_end(tmp_path) -> None:
    b11 = ["8", "8", "7.5", "7", "6.5", "2", "8"]
    b32 = ["2", "1.5", "1.5", "2", "2", "0.5", "2"]
    p = make_panel(tmp_path, [{"B11.1": a, "B3.2": b} for a, b in zip(b11, b32, strict=True)])
    for method, want in (("mean", ("6.71", "1.64")), ("median", ("7.5", "2")), ("trimmed", ("7.4", "1.8"))):
        doc = signed_panel(p, method=method, cosigners=5, quorum=5)
        assert (doc["items"]["B11.1"]["computed"], doc["items"]["B3.2"]["computed"]) == want
        v = verify_panel_bytes(panel_bytes(doc), p.roots, sheets=p.sheet_files())
        assert v.final and len(v.missing_signers) == 2
        assert Decimal(doc["result"]["total"]) == sum(Decimal(it["final"]) for it in doc["items"].values())


def test_an_expired_certificate_signs_nothing(p3, doc3) -> None:
    from workbench.errors import SignatureError

    doc = build_panel_result(RUBRIC, p3.verified, chair=p3.chair.cert)
    later = p3.chair.cert.not_valid_after_utc + dt.timedelta(days=1)
    with pytest.raises(SignatureError, match="expired|not valid"):
        sign_panel(doc, p3.chair, p3.chair.private_key(PASS), now=later)
    with pytest.raises(SignatureError, match="expired|not valid"):
        cosign_panel(sign_panel(doc, p3.chair, p3.chair.private_key(PASS)), p3.members[0],
                     p3.members[0].private_key(PASS), now=later)
    with pytest.raises(PanelError, match="key does not belong"):
        sign_panel(doc, p3.chair, p3.members[0].private_key(PASS))
