"""A revoked reviewer certificate in the chair's workspace: what it signed after the revocation
is refused ("revoked"; `verify` exit 10), what it signed before stays, with a warning."""

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
from workbench.panel.collect import add_trust, collect_bytes, merge_from_workspace, school_sheets  # noqa: E402
from workbench.panel.document import build_panel_result, cosign_panel, panel_file_bytes, sign_panel  # noqa: E402
from workbench.panel.errors import CollectError  # noqa: E402
from workbench.panel.status import collection_lines  # noqa: E402
from workbench.panel.verify import PanelVerificationError, verify_panel_bytes  # noqa: E402
from workbench.rubric.canonical import canonical_bytes  # noqa: E402
from workbench.signing.ecdsa import sign_b64  # noqa: E402
from workbench.signing.sheet import sheet_file_bytes, sign_sheet  # noqa: E402
from workbench.store import Workspace  # noqa: E402
from workbench.store.panel_store import PanelStore  # noqa: E402
from workbench.sync.revocations import receive_revocation  # noqa: E402

CODE = DEMO_SCHOOL_CODE
HUB_ID = "hub-test"
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
REVOKED_AT = NOW + dt.timedelta(hours=1)  # sheets signed now are before it, at +2 h after it
AFTER = NOW + dt.timedelta(hours=2)


@pytest.fixture(autouse=True)
def _times_now() -> None:
    """The times of each test from its own start: certificates are made at test time (valid
    from 5 min before), and a full run reaches this file many minutes after collecting it."""
    global NOW, REVOKED_AT, AFTER
    NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
    REVOKED_AT = NOW + dt.timedelta(hours=1)
    AFTER = NOW + dt.timedelta(hours=2)


@pytest.fixture(scope="module")
def p3(tmp_path_factory):
    return panel_of_three_with_hub(tmp_path_factory.mktemp("p3"))


@pytest.fixture
def ws(tmp_path: Path, p3) -> Iterator[Workspace]:
    w = demo_workspace_trusting(tmp_path / "ws", p3.members)
    yield w
    w.close()


def revoke(ws: Workspace, hub, ident) -> None:  # noqa: ANN001
    doc = {"format": "workbench-revocation/1", "hub_id": HUB_ID, "fingerprint": ident.fingerprint,
           "certificate": ident.cert_pem, "name": "成员1", "role": "member",
           "revoked_at": REVOKED_AT.isoformat().replace("+00:00", "Z")}
    doc["signature"] = {"alg": "ES256", "value": sign_b64(hub.private_key(PASS), canonical_bytes(doc))}
    assert receive_revocation(ws, canonical_bytes(doc) + b"\n", hub.cert, hub_id=HUB_ID) is not None


def signed_at(ident, when: dt.datetime, **changes) -> dict:  # noqa: ANN001
    return sign_sheet(unsigned(scores_with(changes)), ident, ident.private_key(PASS), RUBRIC, now=when)


def test_after_the_revocation_refused_before_kept_with_a_warning(ws, p3) -> None:
    m0 = p3.members[0]
    revoke(ws, p3.hub, m0)
    late = sheet_file_bytes(signed_at(m0, AFTER, **{"B1.1": "0.5"}))
    with pytest.raises(CollectError, match="revoked on .*signed after that") as e:
        collect_bytes(ws, late, source="late.json")
    assert e.value.reason == "revoked" and not PanelStore(ws).sheets(CODE)

    assert collect_bytes(ws, sheet_file_bytes(p3.sheets[0]), source="m0.json").status == "added"
    for s in p3.sheets[1:]:
        collect_bytes(ws, sheet_file_bytes(s))
    state = school_sheets(ws, CODE)
    assert len(state.current) == 3 and not state.revoked
    lines = collection_lines(state)
    [warn] = [ln for ln in lines if ln.startswith("WARNING")]
    assert "成员1" in warn and f"certificate revoked on {REVOKED_AT.isoformat()[:19]}" in warn
    # the panel can still decide to merge the earlier sheet
    assert len(merge_from_workspace(ws, CODE, p3.chair.cert)["members"]) == 3
    # the pinned root stays, marked
    roots = {r.fingerprint: r for r in PanelStore(ws).trust_roots()}
    assert roots[m0.fingerprint].revoked_at and not roots[p3.members[1].fingerprint].revoked_at


def test_a_sheet_collected_before_the_revocation_was_known_stops_counting(ws, p3) -> None:
    m0 = p3.members[0]
    late = signed_at(m0, AFTER, **{"B1.1": "1"})
    collect_bytes(ws, sheet_file_bytes(late), source="late.json")  # not revoked yet here
    revoke(ws, p3.hub, m0)
    state = school_sheets(ws, CODE)
    assert not state.current and [s.sheet_id for s, _ in state.revoked] == [late["sheet_id"]]
    [line] = [ln for ln in collection_lines(state) if ln.startswith("REVOKED")]
    assert "成员1" in line and "signed after that" in line


def test_a_cosignature_after_the_revocation_is_refused(tmp_path, ws, p3) -> None:
    m0 = p3.members[0]
    revoke(ws, p3.hub, m0)
    marks = PanelStore(ws).revoked()
    doc = sign_panel(build_panel_result(RUBRIC, p3.verified, chair=p3.chair.cert), p3.chair,
                     p3.chair.private_key(PASS))
    before = cosign_panel(doc, m0, m0.private_key(PASS))
    v = verify_panel_bytes(panel_file_bytes(before), p3.roots, revoked=marks)
    assert m0.fingerprint in v.revoked_signers and "WARNING: certificate revoked on" in v.summary()
    after = cosign_panel(doc, m0, m0.private_key(PASS), now=AFTER)
    with pytest.raises(PanelVerificationError, match="revoked on") as e:
        verify_panel_bytes(panel_file_bytes(after), p3.roots, revoked=marks)
    assert e.value.reason == "revoked" and e.value.exit_code == 10
    assert verify_panel_bytes(panel_file_bytes(after), p3.roots).cosigners == 1  # unknown elsewhere

    # `workbench verify` in this workspace says so too
    f = tmp_path / "panel.json"
    f.write_bytes(panel_file_bytes(after))
    args = ["--workspace", str(ws.root), "verify", str(f)]
    for m in [p3.chair, *p3.members]:
        args += ["--trust", str(m.dir / "cert.pem")]
    assert main(args) == 10


def test_a_pulled_or_bundled_panel_result_cosigned_after_the_revocation_is_refused(ws, p3) -> None:
    """Sync imports panel results through the same check as `panel`: revocations included."""
    from workbench.sync.importing import SyncImportError, import_document

    m0 = p3.members[0]
    add_trust(ws, p3.chair.dir)
    revoke(ws, p3.hub, m0)
    doc = sign_panel(build_panel_result(RUBRIC, p3.verified, chair=p3.chair.cert), p3.chair,
                     p3.chair.private_key(PASS))
    after = panel_file_bytes(cosign_panel(doc, m0, m0.private_key(PASS), now=AFTER))
    with pytest.raises(SyncImportError, match="revoked on"):
        import_document(ws, "panel", after, doc_hash="sha256:" + "ab" * 32, source="hub-test")
    before = panel_file_bytes(cosign_panel(doc, m0, m0.private_key(PASS)))
    assert import_document(ws, "panel", before, doc_hash="sha256:" + "cd" * 32, source="hub-test")


def test_verify_cli_exit_10_after_and_a_warning_before(tmp_path, ws, p3, capsys) -> None:
    m0 = p3.members[0]
    late, early = tmp_path / "late.json", tmp_path / "early.json"
    late.write_bytes(sheet_file_bytes(signed_at(m0, AFTER)))
    early.write_bytes(sheet_file_bytes(p3.sheets[0]))
    trust = ["--trust", str(m0.dir / "cert.pem")]
    assert main(["--workspace", str(ws.root), "verify", str(late), *trust]) == 0  # not known yet
    revoke(ws, p3.hub, m0)
    capsys.readouterr()
    assert main(["--workspace", str(ws.root), "verify", str(late), *trust]) == 10
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "revoked:" in err[0] and "signed after that" in err[0]
    assert main(["--workspace", str(ws.root), "verify", str(early), *trust]) == 0
    assert "WARNING   certificate revoked on" in capsys.readouterr().out
    assert main(["--workspace", str(tmp_path / "none"), "verify", str(late), *trust]) == 0  # no workspace
