"""The hub is a witness of every panel signature it serves only if no signature of a revoked
certificate is stored after `hub revoke`: the check before the write lock is repeated under the
seq lock the revocation takes (as for sheets). A revocation that commits between the two checks
refuses the new co-signature; one the hub already held on the same payload still passes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hub"))
from helpers.docs import RUBRIC, school_code, sheet_bytes  # noqa: E402
from helpers.identities import make_person  # noqa: E402
from sqlalchemy import select  # noqa: E402

from workbench.panel.document import build_panel_result, cosign_panel, panel_file_bytes, sign_panel  # noqa: E402
from workbench.rubric.canonical import canonical_hash  # noqa: E402
from workbench.signing.verify import verify_sheet_bytes  # noqa: E402
from workbench.sync.hub import admin, panels, sheets  # noqa: E402
from workbench.sync.hub.auth import Caller  # noqa: E402
from workbench.sync.hub.errors import HubError  # noqa: E402
from workbench.sync.hub.models import PanelResult  # noqa: E402
from workbench.sync.hub.service import init_hub  # noqa: E402


def test_a_revocation_between_verify_and_store_refuses_only_the_new_signature(tmp_path) -> None:
    chair, m1, m2 = (make_person(tmp_path / n, name, role=r) for n, name, r in
                     (("chair", "张组长", "chair"), ("m1", "王建国", "member"), ("m2", "李晓梅", "member")))
    hub = init_hub(tmp_path / "hub", name="测试中心")
    try:
        for p, role in ((chair, "chair"), (m1, "member"), (m2, "member")):
            admin.enroll(hub, p.identity.cert_pem, role)
        admin.assign(hub, school_code(), "第一组", [chair.fingerprint, m1.fingerprint, m2.fingerprint])
        docs = [sheet_bytes(p, shift=i) for i, p in enumerate((m1, m2))]
        for p, d in zip((m1, m2), docs, strict=True):
            assert sheets.accept(hub, Caller(p.fingerprint, "member", "", "", "n", 0), d).status == 201
        by_chair = Caller(chair.fingerprint, "chair", "", "", "n", 0)
        doc = build_panel_result(RUBRIC, [verify_sheet_bytes(d, None, check_trust_roots=False) for d in docs],
                                 chair=chair.identity.cert)
        doc = sign_panel(doc, chair.identity, chair.key)
        c1 = cosign_panel(doc, m1.identity, m1.key)
        for d in (doc, c1):
            assert panels.accept(hub, by_chair, panel_file_bytes(d)).status == 201  # m1's co-signature held

        c12 = cosign_panel(c1, m2.identity, m2.key)
        v = panels._verify(hub, by_chair, c12)  # both signers still valid here
        admin.revoke(hub, m1.fingerprint)
        admin.revoke(hub, m2.fingerprint)  # commits before the store takes the lock
        with pytest.raises(HubError) as e:
            panels._store(hub, by_chair, v, canonical_hash(c12))
        assert e.value.code == "invalid_document" and m2.fingerprint[:16] in e.value.message
        assert "whatever its signed_at says" in e.value.message
        with hub.maker() as s:
            [kept] = s.execute(select(PanelResult)).scalars().all()
        assert kept.hash == canonical_hash(c1) and not kept.final  # nothing of c12 was stored

        with pytest.raises(HubError, match="whatever its signed_at says"):  # a re-signature is a new one
            panels.accept(hub, by_chair, panel_file_bytes(cosign_panel(doc, m1.identity, m1.key)))
    finally:
        hub.close()


def test_a_result_merging_a_sheet_the_hub_held_before_its_signers_revocation_is_taken(tmp_path) -> None:
    """The chair's laptop counts a revoked member's sheet witnessed by the hub (⚠); the hub takes the
    result that merges it, checking the sheet it holds with the member's enrolled certificate."""
    chair, m1, m2 = (make_person(tmp_path / n, name, role=r) for n, name, r in
                     (("chair", "张组长", "chair"), ("m1", "王建国", "member"), ("m2", "李晓梅", "member")))
    hub = init_hub(tmp_path / "hub", name="测试中心")
    try:
        for p, role in ((chair, "chair"), (m1, "member"), (m2, "member")):
            admin.enroll(hub, p.identity.cert_pem, role)
        admin.assign(hub, school_code(), "第一组", [chair.fingerprint, m1.fingerprint, m2.fingerprint])
        docs = [sheet_bytes(p, shift=i) for i, p in enumerate((m1, m2))]
        for p, d in zip((m1, m2), docs, strict=True):
            assert sheets.accept(hub, Caller(p.fingerprint, "member", "", "", "n", 0), d).status == 201
        admin.revoke(hub, m1.fingerprint)
        doc = build_panel_result(RUBRIC, [verify_sheet_bytes(d, None, check_trust_roots=False) for d in docs],
                                 chair=chair.identity.cert, quorum=1)
        doc = cosign_panel(sign_panel(doc, chair.identity, chair.key), m2.identity, m2.key)
        out = panels.accept(hub, Caller(chair.fingerprint, "chair", "", "", "n", 0), panel_file_bytes(doc))
        assert out.status == 201 and out.body["final"] is True
    finally:
        hub.close()
