"""`workbench verify 结论表.pdf` counts as `verify PANEL.json` does where the workspace knows a
revocation (docs/panel-result.md, "Revoked certificates"): the attached panel result's
(co-)signatures by the witness rule, with the same lines; a PAdES signature made after its
certificate's revocation is refused (exit 10), one dated before it is not counted
(`revoked_unwitnessed`: nothing witnesses a PDF signature); without such a workspace, none is
checked. Real PDFs printed and signed by the printing code, a real hub-signed revocation, the
real CLI."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from panel_helpers import PASS, demo_workspace_trusting, panel_of_three_with_hub  # noqa: E402
from test_panel_signature_witness import chair_signed, cosigned, receive, revoke  # noqa: E402
from test_revoked_witness import HUB_ID, now  # noqa: E402

from workbench.cli.main import main  # noqa: E402
from workbench.panel.document import panel_file_bytes  # noqa: E402
from workbench.panel.witness import record_hub_witness, workspace_revocations  # noqa: E402
from workbench.printing.panel_pdf import make_panel_pdf, sign_panel_pdf, verify_panel_pdf_bytes  # noqa: E402
from workbench.store.panel_store import PanelStore  # noqa: E402
from workbench.sync.outbox_hooks import queue_panel  # noqa: E402


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    """One panel result (成员1's co-signature dated two minutes back, 成员2's now) printed twice:
    signed on paper by the chair and 成员2, and by 成员1 too."""
    root = tmp_path_factory.mktemp("forms")
    p = panel_of_three_with_hub(root)
    m0, m1 = p.members[:2]
    t0 = now()
    doc = cosigned(cosigned(chair_signed(p, t0 - dt.timedelta(seconds=150)), m0, when=t0 - dt.timedelta(seconds=120)),
                   m1)
    (root / "panel.json").write_bytes(panel_file_bytes(doc))
    two = make_panel_pdf(panel_file_bytes(doc), identity=p.chair, key=p.chair.private_key(PASS))
    two = sign_panel_pdf(two, m1, m1.private_key(PASS))
    (root / "two.pdf").write_bytes(two)
    (root / "three.pdf").write_bytes(sign_panel_pdf(two, m0, m0.private_key(PASS)))
    return root, p, doc, t0


@pytest.fixture
def ws(tmp_path, forms):
    _, p, _, _ = forms
    w = demo_workspace_trusting(tmp_path / "ws", [p.chair, *p.members])
    yield w
    w.close()


def verify(capsys, ws_root: Path, f: Path, p) -> tuple[int, str, str]:  # noqa: ANN001
    trust = [a for ident in [p.chair, *p.members] for a in ("--trust", str(ident.dir / "cert.pem"))]
    capsys.readouterr()
    rc = main(["--workspace", str(ws_root), "verify", str(f), *trust])
    out = capsys.readouterr()
    return rc, out.out, out.err


def lines_with(text: str, word: str) -> list[str]:
    return [ln for ln in text.splitlines() if word in ln]


def test_the_attached_results_unwitnessed_cosignature_is_not_counted_as_in_verify_of_the_json(capsys, ws, forms):
    root, p, doc, t0 = forms
    m0 = p.members[0]
    revoked_at = revoke(ws, p.hub, m0, t0 - dt.timedelta(seconds=60))  # after it was dated, before it was seen

    rc, pdf_out, _ = verify(capsys, ws.root, root / "two.pdf", p)
    assert rc == 0
    rc, json_out, _ = verify(capsys, ws.root, root / "panel.json", p)
    assert rc == 0
    [line] = lines_with(json_out, "NOT COUNTED")
    assert line.startswith(f"unsigned  {m0.name} (member)") and "(revoked_unwitnessed)" in line
    assert f"was revoked on {revoked_at}; the signature claims" in line and "first seen after that" in line
    assert lines_with(pdf_out, "NOT COUNTED") == [line]  # the same words and code
    assert "status    NOT FINAL: needs the chair and 2 member signature(s), has the chair and 1" in pdf_out
    assert "the time is unwitnessed" not in pdf_out  # the old warning is gone: it is not counted

    # a copy this workspace receives now is first seen after the revocation: still not counted
    h = receive(ws, doc)
    rc, pdf_out, _ = verify(capsys, ws.root, root / "two.pdf", p)
    [line] = lines_with(pdf_out, "NOT COUNTED")
    assert rc == 0 and "but it was first seen at " in line

    # the revoking hub served that copy: it had every signature before the revocation
    record_hub_witness(ws, HUB_ID, h)
    rc, pdf_out, _ = verify(capsys, ws.root, root / "two.pdf", p)
    assert rc == 0 and not lines_with(pdf_out, "NOT COUNTED") and "status    FINAL" in pdf_out
    [warn] = lines_with(pdf_out, "WARNING")
    assert warn.startswith(f"signed    {m0.name}") and f"hub {HUB_ID} received it before the revocation" in warn

    # no workspace that knows a revocation: none is checked, as for the JSON
    rc, pdf_out, _ = verify(capsys, root / "none", root / "two.pdf", p)
    assert rc == 0 and "status    FINAL" in pdf_out and "WARNING" not in pdf_out


def test_a_pdf_signature_dated_before_the_revocation_is_not_counted_one_after_is_refused(capsys, tmp_path, ws, forms):
    root, p, doc, t0 = forms
    m0 = p.members[0]
    queue_panel(ws, doc)  # the panel result held here now: its co-signatures are witnessed
    revoked_at = revoke(ws, p.hub, m0, now() + dt.timedelta(hours=1))

    rc, out, _ = verify(capsys, ws.root, root / "three.pdf", p)
    assert rc == 0
    [line] = lines_with(out, "NOT COUNTED")
    assert line.startswith(f"pdf-unsigned  {m0.name} (member) {m0.fingerprint[:16]}…  NOT COUNTED "
                           "(revoked_unwitnessed): ")
    assert f"was revoked on {revoked_at}; the PDF signature claims " in line and "first seen after that" in line
    assert "signed with the signer's new certificate" in line  # what to do
    assert not any(m0.name in ln for ln in lines_with(out, "pdf-signature"))
    assert len(lines_with(out, "pdf-signature")) == 2 and "pdf-signature 3" not in out  # numbered as in the PDF
    assert "pdf-status    NOT FINAL" in out
    [warn] = lines_with(out, "WARNING")  # the JSON co-signature was held here in time: counted
    assert warn.startswith(f"signed    {m0.name}") and "received here at" in warn
    assert "status    FINAL" in out.split("pdf-status", 1)[1]

    # in process, revocations without witnesses (no workspace that could have seen it): counted,
    # with the warning that its time is unwitnessed, as verify_panel_bytes does
    data = (root / "three.pdf").read_bytes()
    marks = PanelStore(ws).revoked()
    v = verify_panel_pdf_bytes(data, [i.cert for i in [p.chair, *p.members]], revoked=marks)
    assert v.final and "the time is unwitnessed" in v.revoked_warnings[m0.fingerprint]
    seen = workspace_revocations(ws.root)
    assert not verify_panel_pdf_bytes(data, None, check_trust_roots=False, **seen.panel_args()).final

    # a revocation before the PDF signature was made: refused whole, exit 10, one line
    other = demo_workspace_trusting(tmp_path / "ws2", [p.chair, *p.members])
    try:
        h = receive(other, doc)
        record_hub_witness(other, HUB_ID, h)  # the JSON co-signature, dated before, is witnessed
        revoked_at = revoke(other, p.hub, m0, t0 - dt.timedelta(seconds=60))
        rc, out, err = verify(capsys, other.root, root / "three.pdf", p)
        assert rc == 10 and not out and "\n" not in err.strip()
        assert f"revoked: PDF signature by {m0.name}'s certificate" in err and f"revoked on {revoked_at}" in err
        rc, out, _ = verify(capsys, other.root, root / "two.pdf", p)  # the form without 成员1's PDF signature
        assert rc == 0 and "status    FINAL" in out and "NOT COUNTED" not in out
    finally:
        other.close()
