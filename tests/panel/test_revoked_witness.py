"""A revoked certificate's signature counts only when its time was witnessed (docs/panel-result.md,
"Revoked certificates"): `signed_at` is the signer's claim, and a stolen key can back-date. A sheet
this workspace collected before `revoked_at` (or that the revoking hub served) counts with ⚠; one
dated before but first seen after is refused as `revoked_unwitnessed`. Real signed sheets, a real
hub-signed revocation document, the real CLI."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from panel_helpers import (  # noqa: E402
    PASS,
    RUBRIC,
    demo_workspace_trusting,
    panel_of_three_with_hub,
    scores_with,
    unsigned,
)

from workbench.cli.main import main  # noqa: E402
from workbench.evidence import DEMO_SCHOOL_CODE  # noqa: E402
from workbench.panel.collect import collect_bytes, merge_from_workspace, school_sheets  # noqa: E402
from workbench.panel.document import build_panel_result, cosign_panel, panel_file_bytes, sign_panel  # noqa: E402
from workbench.panel.errors import CollectError  # noqa: E402
from workbench.panel.revoked import stamp  # noqa: E402
from workbench.panel.status import collection_lines  # noqa: E402
from workbench.panel.verify import verify_panel_bytes  # noqa: E402
from workbench.panel.witness import record_hub_witness  # noqa: E402
from workbench.rubric.canonical import canonical_bytes  # noqa: E402
from workbench.signing.ecdsa import sign_b64  # noqa: E402
from workbench.signing.sheet import sheet_file_bytes, sheet_hash, sign_sheet  # noqa: E402
from workbench.store import Workspace  # noqa: E402
from workbench.store.panel_store import PanelStore  # noqa: E402
from workbench.sync.revocations import receive_revocation  # noqa: E402

CODE = DEMO_SCHOOL_CODE
HUB_ID = "hub-test"


@pytest.fixture(scope="module")
def p3(tmp_path_factory):
    return panel_of_three_with_hub(tmp_path_factory.mktemp("p3w"))


@pytest.fixture
def ws(tmp_path: Path, p3) -> Iterator[Workspace]:
    w = demo_workspace_trusting(tmp_path / "ws", p3.members)
    yield w
    w.close()


def revoke(ws: Workspace, hub, ident, at: dt.datetime) -> str:  # noqa: ANN001
    doc = {"format": "workbench-revocation/1", "hub_id": HUB_ID, "fingerprint": ident.fingerprint,
           "certificate": ident.cert_pem, "name": "成员1", "role": "member", "revoked_at": stamp(at)}
    doc["signature"] = {"alg": "ES256", "value": sign_b64(hub.private_key(PASS), canonical_bytes(doc))}
    assert receive_revocation(ws, canonical_bytes(doc) + b"\n", hub.cert, hub_id=HUB_ID) is not None
    return doc["revoked_at"]


def back_dated(ident, when: dt.datetime) -> dict:  # noqa: ANN001
    """A sheet signed now with the (stolen) key, dated `when`: the certificate was valid then."""
    return sign_sheet(unsigned(scores_with({"B1.1": "1"})), ident, ident.private_key(PASS), RUBRIC, now=when)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def test_collected_before_the_revocation_counts_with_a_warning_naming_when_it_was_received(ws, p3) -> None:
    for s in p3.sheets:
        collect_bytes(ws, sheet_file_bytes(s))
    received = PanelStore(ws).find(sheet_hash(p3.sheets[0])).added_at
    revoked_at = revoke(ws, p3.hub, p3.members[0], now() + dt.timedelta(hours=1))
    state = school_sheets(ws, CODE)
    assert len(state.current) == 3 and not state.revoked and not state.unwitnessed
    seen = state.witnesses[sheet_hash(p3.sheets[0])]
    assert seen.by == "workspace" and seen.at == stamp(received) and seen.at < revoked_at
    [warn] = [ln for ln in collection_lines(state) if ln.startswith("WARNING")]
    assert f"certificate revoked on {revoked_at} (signed before; received here at {seen.at}" in warn
    assert len(merge_from_workspace(ws, CODE, p3.chair.cert)["members"]) == 3


def test_collected_after_the_revocation_with_a_back_dated_signed_at_is_not_counted(ws, p3, capsys) -> None:
    t0 = now()
    forged = back_dated(p3.members[0], t0 - dt.timedelta(seconds=120))
    for s in [forged, *p3.sheets[1:]]:  # collected before this workspace knew of the revocation
        assert collect_bytes(ws, sheet_file_bytes(s)).status == "added"
    revoked_at = revoke(ws, p3.hub, p3.members[0], t0 - dt.timedelta(seconds=60))
    assert forged["signed_at"] < revoked_at  # only the signer's clock says so

    state = school_sheets(ws, CODE)
    assert [s.sheet_hash for s, _ in state.unwitnessed] == [sheet_hash(forged)] and not state.revoked
    assert {s.reviewer_fp for s in state.current} == {m.fingerprint for m in p3.members[1:]}
    assert not state.warnings
    merged = merge_from_workspace(ws, CODE, p3.chair.cert)
    assert sorted(m["fingerprint"] for m in merged["members"]) == sorted(m.fingerprint for m in p3.members[1:])

    capsys.readouterr()
    assert main(["--workspace", str(ws.root), "panel", "sheets", "--school", CODE]) == 0
    [line] = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("UNWITNESSED")]
    assert "成员1" in line and f"revoked on {revoked_at}" in line and f"claims {forged['signed_at']}" in line
    assert "only the signer's own clock says it came before" in line


def test_adding_a_back_dated_sheet_once_the_revocation_is_known_is_refused_with_what_to_do(tmp_path, ws, p3,
                                                                                           capsys) -> None:
    t0 = now()
    revoke(ws, p3.hub, p3.members[0], t0 - dt.timedelta(seconds=60))
    forged = back_dated(p3.members[0], t0 - dt.timedelta(seconds=120))
    with pytest.raises(CollectError) as e:
        collect_bytes(ws, sheet_file_bytes(forged), source="forged.json")
    assert e.value.reason == "revoked_unwitnessed" and e.value.message.startswith("forged.json: ")
    assert e.value.hint == "ask the reviewer to sign again with the new certificate"
    assert not PanelStore(ws).sheets(CODE)

    f = tmp_path / "forged.json"
    f.write_bytes(sheet_file_bytes(forged))
    capsys.readouterr()
    assert main(["--workspace", str(ws.root), "panel", "add", str(f)]) == 2
    [err] = capsys.readouterr().err.strip().splitlines()
    assert err.startswith("refused (revoked_unwitnessed): ") and "first seen at" in err
    assert "ask the reviewer to sign again with the new certificate" in err


def test_the_revoking_hub_is_a_witness_and_another_hub_is_not(ws, p3) -> None:
    t0 = now()
    forged = back_dated(p3.members[0], t0 - dt.timedelta(seconds=120))
    collect_bytes(ws, sheet_file_bytes(forged))
    revoked_at = revoke(ws, p3.hub, p3.members[0], t0 - dt.timedelta(seconds=60))
    record_hub_witness(ws, "another-hub", sheet_hash(forged))  # a hub that did not revoke it knows nothing of when
    assert [s.sheet_hash for s, _ in school_sheets(ws, CODE).unwitnessed] == [sheet_hash(forged)]

    # the revoking hub served it: it refuses a revoked certificate on arrival, so it had it before
    assert record_hub_witness(ws, HUB_ID, sheet_hash(forged)) and not record_hub_witness(ws, HUB_ID, sheet_hash(forged))
    state = school_sheets(ws, CODE)
    assert not state.unwitnessed and [s.sheet_hash for s in state.current] == [sheet_hash(forged)]
    assert state.warnings == [f"成员1 {p3.members[0].fingerprint[:16]}… revision 1: certificate revoked on {revoked_at} "
                              f"(signed before; hub {HUB_ID} received it before the revocation; the panel decides)"]


def test_verify_keeps_the_warning_and_says_the_time_is_unwitnessed(tmp_path, ws, p3, capsys) -> None:
    m0 = p3.members[0]
    revoke(ws, p3.hub, m0, now() + dt.timedelta(hours=1))
    f = tmp_path / "early.json"
    f.write_bytes(sheet_file_bytes(p3.sheets[0]))
    capsys.readouterr()
    assert main(["--workspace", str(ws.root), "verify", str(f), "--trust", str(m0.dir / "cert.pem")]) == 0
    [warn] = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("WARNING")]
    assert "certificate revoked on" in warn and "the time is unwitnessed" in warn

    doc = sign_panel(build_panel_result(RUBRIC, p3.verified, chair=p3.chair.cert), p3.chair,
                     p3.chair.private_key(PASS))
    v = verify_panel_bytes(panel_file_bytes(cosign_panel(doc, m0, m0.private_key(PASS))), p3.roots,
                           revoked=PanelStore(ws).revoked())
    [line] = [ln for ln in v.summary().splitlines() if "WARNING" in ln]
    assert m0.fingerprint[:16] in line and "the time is unwitnessed" in line


def test_an_unwitnessed_revision_is_left_out_and_the_witnessed_one_before_it_counts_again(ws, p3) -> None:
    from workbench.signing.sheet import next_revision

    m0, t0 = p3.members[0], now()
    rev1 = back_dated(m0, t0 - dt.timedelta(seconds=120))  # signed in time, and the hub had it
    rev2 = sign_sheet(dict(rev1, **next_revision(rev1)), m0, m0.private_key(PASS), RUBRIC,
                      now=t0 - dt.timedelta(seconds=90))  # back-dated with the stolen key
    for s in [rev1, rev2, *p3.sheets[1:]]:
        collect_bytes(ws, sheet_file_bytes(s))
    record_hub_witness(ws, HUB_ID, sheet_hash(rev1))  # revision 1 came from the revoking hub
    revoke(ws, p3.hub, m0, t0 - dt.timedelta(seconds=60))
    state = school_sheets(ws, CODE)
    assert [(s.revision, s.sheet_hash) for s, _ in state.unwitnessed] == [(2, sheet_hash(rev2))]
    current = {s.reviewer_fp: s for s in state.current}
    assert current[m0.fingerprint].sheet_hash == sheet_hash(rev1) and not state.superseded
    assert len(merge_from_workspace(ws, CODE, p3.chair.cert)["members"]) == 3
