"""A panel result's (co-)signature by a since-revoked certificate counts only when its time was
witnessed (docs/panel-result.md, "Witnessed times"): a copy carrying it that this workspace held
(queued or received) before `revoked_at`, or that the revoking hub served. A signature only the
signer's `signed_at` dates before the revocation is not counted: the result is short of it,
exactly as of a member who has not co-signed. `workbench verify` of a sheet this workspace
collected says when it was received. Real signed documents, a real hub-signed revocation,
the real CLI."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from panel_helpers import PASS, RUBRIC, demo_workspace_trusting, panel_of_three_with_hub  # noqa: E402
from test_revoked_witness import HUB_ID, back_dated, now  # noqa: E402

from workbench.cli.main import main  # noqa: E402
from workbench.evidence import DEMO_SCHOOL_CODE  # noqa: E402
from workbench.panel.collect import collect_bytes  # noqa: E402
from workbench.panel.document import build_panel_result, cosign_panel, panel_file_bytes, sign_panel  # noqa: E402
from workbench.panel.revoked import stamp  # noqa: E402
from workbench.panel.status import panel_status  # noqa: E402
from workbench.panel.verify import verify_panel_bytes  # noqa: E402
from workbench.panel.witness import panel_signature_witnesses, record_hub_witness  # noqa: E402
from workbench.rubric.canonical import canonical_bytes  # noqa: E402
from workbench.signing.ecdsa import sign_b64  # noqa: E402
from workbench.signing.sheet import sheet_file_bytes, sheet_hash  # noqa: E402
from workbench.store import Workspace  # noqa: E402
from workbench.store.outbox import received  # noqa: E402
from workbench.store.panel_store import PanelStore  # noqa: E402
from workbench.sync.client import document_hash  # noqa: E402
from workbench.sync.importing import import_document  # noqa: E402
from workbench.sync.outbox_hooks import queue_panel  # noqa: E402
from workbench.sync.revocations import receive_revocation  # noqa: E402

CODE = DEMO_SCHOOL_CODE


@pytest.fixture(scope="module")
def p3(tmp_path_factory):
    return panel_of_three_with_hub(tmp_path_factory.mktemp("p3s"))


@pytest.fixture
def ws(tmp_path: Path, p3) -> Iterator[Workspace]:
    w = demo_workspace_trusting(tmp_path / "ws", [p3.chair, *p3.members])
    yield w
    w.close()


def revoke(ws: Workspace, hub, ident, at: dt.datetime) -> str:  # noqa: ANN001
    doc = {"format": "workbench-revocation/1", "hub_id": HUB_ID, "fingerprint": ident.fingerprint,
           "certificate": ident.cert_pem, "name": ident.name, "role": "member", "revoked_at": stamp(at)}
    doc["signature"] = {"alg": "ES256", "value": sign_b64(hub.private_key(PASS), canonical_bytes(doc))}
    assert receive_revocation(ws, canonical_bytes(doc) + b"\n", hub.cert, hub_id=HUB_ID) is not None
    return doc["revoked_at"]


def chair_signed(p3, when: dt.datetime | None = None) -> dict:  # noqa: ANN001
    doc = build_panel_result(RUBRIC, p3.verified, chair=p3.chair.cert, quorum=2)
    return sign_panel(doc, p3.chair, p3.chair.private_key(PASS), now=when)


def cosigned(doc: dict, *idents, when: dt.datetime | None = None) -> dict:  # noqa: ANN002
    for ident in idents:
        doc = cosign_panel(doc, ident, ident.private_key(PASS), now=when)
    return doc


def receive(ws: Workspace, doc: dict, source: str = "panel.wbsync") -> str:
    """As a pull or a bundle keeps a panel result: the workspace's own clock stamps it."""
    data = panel_file_bytes(doc)
    h = document_hash(data, "panel")
    assert import_document(ws, "panel", data, doc_hash=h, source=source)
    return h


def in_ws(ws: Workspace, doc: dict):  # noqa: ANN201
    store = PanelStore(ws)
    return verify_panel_bytes(panel_file_bytes(doc), store.trust_certificates(), revoked=store.revoked(),
                              witnesses=panel_signature_witnesses(ws))


def test_cosignatures_held_here_before_the_revocation_count_with_when_they_were_received(ws, p3) -> None:
    m0, m1 = p3.members[:2]
    chair = chair_signed(p3)
    assert queue_panel(ws, chair) is not None  # signed here: the outbox row is the first sighting
    full = cosigned(chair, m0, m1)
    receive(ws, full)
    [row] = received(ws, "panel", CODE)
    revoked_at = revoke(ws, p3.hub, m0, now() + dt.timedelta(hours=1))

    v = in_ws(ws, full)
    assert v.final and [fp for _, fp, _ in v.signers] == [p3.chair.fingerprint, m0.fingerprint, m1.fingerprint]
    assert v.revoked_signers == {m0.fingerprint: revoked_at} and not v.unwitnessed_signers
    assert v.revoked_warnings[m0.fingerprint] == (f"certificate revoked on {revoked_at} (signed before; received "
                                                  f"here at {stamp(row.received_at)}, before the revocation; "
                                                  "the panel decides)")
    [line] = [ln for ln in v.summary().splitlines() if "WARNING" in ln]
    assert line.startswith("signed    ") and m0.fingerprint[:16] in line and "received here at" in line
    assert "status    FINAL" in v.summary()


def test_a_back_dated_cosignature_first_seen_after_the_revocation_is_not_counted(ws, p3) -> None:
    m0, m1 = p3.members[:2]
    t0 = now()
    chair = chair_signed(p3, t0 - dt.timedelta(seconds=150))
    receive(ws, chair, "chair.wbsync")  # the chair's copy came in time
    revoked_at = revoke(ws, p3.hub, m0, t0 - dt.timedelta(seconds=60))
    forged = cosigned(chair, m0, when=t0 - dt.timedelta(seconds=120))  # the stolen key, dated before
    forged = cosigned(forged, m1)
    receive(ws, forged, "late.wbsync")  # a bundle: the untrusted way in, seen now
    assert forged["signatures"][1]["signed_at"] < revoked_at

    v = in_ws(ws, forged)
    assert [fp for _, fp, _ in v.signers] == [p3.chair.fingerprint, m1.fingerprint]
    assert not v.final and m0.fingerprint in [fp for _, fp in v.missing_signers]  # short of it, as if unsigned
    why = v.unwitnessed_signers[m0.fingerprint]
    assert f"was revoked on {revoked_at}; the signature claims {forged['signatures'][1]['signed_at']}" in why
    assert "first seen at" in why and "only the signer's own clock says it came before" in why
    [line] = [ln for ln in v.summary().splitlines() if "NOT COUNTED" in ln]
    assert line.startswith("unsigned  ") and m0.fingerprint[:16] in line and "(revoked_unwitnessed)" in line
    assert "NOT FINAL: needs the chair and 2 member signature(s), has the chair and 1" in v.summary()

    st = panel_status(v)
    assert not st.final and st.needed == 1
    [m0_state] = [m for m in st.members if m.fingerprint == m0.fingerprint]
    assert m0_state.signed_at is None and "revoked_unwitnessed" not in m0_state.not_counted  # the why, not the code
    assert f"revoked on {revoked_at}" in m0_state.not_counted
    [line] = [ln for ln in st.lines() if m0.fingerprint[:16] in ln]
    assert "not signed: its signature is not counted" in line

    # outside a workspace nothing witnesses anything: the legacy warning, and the signature counts
    legacy = verify_panel_bytes(panel_file_bytes(forged), p3.roots, revoked=PanelStore(ws).revoked())
    assert legacy.final and "the time is unwitnessed" in legacy.revoked_warnings[m0.fingerprint]


def test_the_chairs_own_unwitnessed_signature_leaves_the_result_without_a_chair(ws, p3) -> None:
    t0 = now()
    revoke(ws, p3.hub, p3.chair, t0 - dt.timedelta(seconds=60))
    forged = cosigned(chair_signed(p3, t0 - dt.timedelta(seconds=120)), *p3.members[:2])
    receive(ws, forged)
    v = in_ws(ws, forged)  # require_signed: the chair signed, but it does not count; no exception
    assert not v.final and not v.chair_signed and p3.chair.fingerprint in v.unwitnessed_signers
    assert [fp for _, fp in v.missing_signers] == [p3.chair.fingerprint, p3.members[2].fingerprint]


def test_the_revoking_hub_witnesses_the_copy_it_served_another_hub_does_not(ws, p3) -> None:
    m0, m1 = p3.members[:2]
    t0 = now()
    doc = cosigned(chair_signed(p3, t0 - dt.timedelta(seconds=150)), m0, m1, when=t0 - dt.timedelta(seconds=120))
    revoked_at = revoke(ws, p3.hub, m0, t0 - dt.timedelta(seconds=60))
    h = receive(ws, doc, "another-hub")  # pulled after the revocation (the chair synced late)
    record_hub_witness(ws, "another-hub", h)
    assert m0.fingerprint in in_ws(ws, doc).unwitnessed_signers

    record_hub_witness(ws, HUB_ID, h)  # the revoking hub served it: it had every signature before
    v = in_ws(ws, doc)
    assert v.final and not v.unwitnessed_signers
    assert v.revoked_warnings[m0.fingerprint] == (f"certificate revoked on {revoked_at} (signed before; hub {HUB_ID} "
                                                  "received it before the revocation; the panel decides)")


def test_panel_status_and_verify_in_the_workspace_count_only_witnessed_signatures(tmp_path, ws, p3, capsys) -> None:
    m0, m1 = p3.members[:2]
    t0 = now()
    chair = chair_signed(p3, t0 - dt.timedelta(seconds=150))
    held = cosigned(chair, m1)
    receive(ws, held)
    revoke(ws, p3.hub, m0, t0 - dt.timedelta(seconds=60))
    forged = cosigned(held, m0, when=t0 - dt.timedelta(seconds=120))  # a file never held by the workspace
    f = tmp_path / "panel.json"
    f.write_bytes(panel_file_bytes(forged))
    trust = [a for ident in [p3.chair, *p3.members] for a in ("--trust", str(ident.dir / "cert.pem"))]

    capsys.readouterr()
    assert main(["--workspace", str(ws.root), "panel", "status", str(f), *trust]) == 0
    out = capsys.readouterr().out
    [line] = [ln for ln in out.splitlines() if m0.fingerprint[:16] in ln]
    assert "not signed: its signature is not counted" in line and "first seen after that" in line
    assert "status    NOT FINAL: needs 1 more member signature(s) (quorum 2)" in out

    assert main(["--workspace", str(ws.root), "verify", str(f), *trust]) == 0
    out = capsys.readouterr().out
    assert "NOT COUNTED (revoked_unwitnessed)" in out and "status    NOT FINAL" in out

    # the same file where no revocation is known: every signature counts
    assert main(["--workspace", str(tmp_path / "none"), "verify", str(f), *trust]) == 0
    assert "status    FINAL" in capsys.readouterr().out


def test_verify_of_a_collected_sheet_says_when_it_was_received(tmp_path, ws, p3, capsys) -> None:
    m0, m1 = p3.members[:2]
    t0 = now()
    collect_bytes(ws, sheet_file_bytes(p3.sheets[0]))
    received_at = stamp(PanelStore(ws).find(p3.verified[0].sheet_hash).added_at)
    forged = back_dated(m1, t0 - dt.timedelta(seconds=120))
    collect_bytes(ws, sheet_file_bytes(forged))  # before the revocation was known, after revoked_at
    late_at = stamp(PanelStore(ws).find(sheet_hash(forged)).added_at)
    r0 = revoke(ws, p3.hub, m0, now() + dt.timedelta(hours=1))
    r1 = revoke(ws, p3.hub, m1, t0 - dt.timedelta(seconds=60))

    def warn(sheet: dict, ident) -> str:  # noqa: ANN001
        f = tmp_path / "s.json"
        f.write_bytes(sheet_file_bytes(sheet))
        capsys.readouterr()
        assert main(["--workspace", str(ws.root), "verify", str(f), "--trust", str(ident.dir / "cert.pem")]) == 0
        [line] = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("WARNING")]
        return line

    assert warn(p3.sheets[0], m0) == (f"WARNING   certificate revoked on {r0} (signed before; received here at "
                                      f"{received_at}, before the revocation; the panel decides)")
    assert warn(forged, m1) == (f"WARNING   certificate revoked on {r1} (signed before by the signer's own clock, "
                                f"but first received here at {late_at}, after the revocation: the time is "
                                "unwitnessed; the panel does not count it)")
    lone = back_dated(m1, t0 - dt.timedelta(seconds=110))  # never collected here
    assert "(signed before by the signer's own clock: the time is unwitnessed" in warn(lone, m1)


def test_the_panel_view_opens_on_the_result_short_of_an_unwitnessed_cosignature(ws, p3) -> None:
    """What the panel view shows (workbench.ui.panel.jobs.latest: the school's newest result, every
    copy's co-signatures merged): the back-dated co-signature is not in `signed`, its signer is missing."""
    from workbench.ui.panel.jobs import latest

    m0, m1 = p3.members[:2]
    t0 = now()
    chair = chair_signed(p3, t0 - dt.timedelta(seconds=150))
    queue_panel(ws, cosigned(chair, m1))  # signed here in time
    revoke(ws, p3.hub, m1, t0 + dt.timedelta(hours=1))  # witnessed: counts with ⚠
    revoke(ws, p3.hub, m0, t0 - dt.timedelta(seconds=60))
    receive(ws, cosigned(chair, m0, when=t0 - dt.timedelta(seconds=120)))  # seen only now
    state = latest(ws, CODE)
    assert set(state.signed) == {p3.chair.fingerprint, m1.fingerprint} and not state.final
    assert (m0.name, "member") in state.missing and m1.fingerprint in state.revoked_signers


def test_a_file_opened_in_the_panel_view_counts_as_panel_status_does(tmp_path, ws, p3) -> None:
    from workbench.ui.panel.jobs import open_file

    m0, m1 = p3.members[:2]
    t0 = now()
    revoke(ws, p3.hub, m0, t0 - dt.timedelta(seconds=60))
    f = tmp_path / "opened.json"
    f.write_bytes(panel_file_bytes(cosigned(chair_signed(p3, t0 - dt.timedelta(seconds=150)), m0, m1,
                                            when=t0 - dt.timedelta(seconds=120))))
    state = open_file(f, ws)  # never held here: only the signers' clocks date it
    assert set(state.signed) == {p3.chair.fingerprint, m1.fingerprint} and not state.final
    assert set(open_file(f).signed) == {p3.chair.fingerprint, m0.fingerprint, m1.fingerprint}  # no workspace
