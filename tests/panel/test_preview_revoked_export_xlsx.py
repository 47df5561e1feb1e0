"""`workbench export-xlsx` counts a panel result and a 结论表 as `workbench verify` does where the
workspace knows a revocation (docs/panel-result.md, "Verifying the 结论表 where a certificate is
revoked"): a co-signature only its signer's clock dates before the revocation is written 不计入, not
as a signing time, and the result is 未定稿 when the quorum is then missing; a 结论表 whose PDF
signature was made after the revocation is not exported (as verify refuses it). Without such a
workspace nothing changes. Real PDFs and panel files (test_verify_pdf_witness.py's fixtures), a real
hub-signed revocation, the real CLI, the workbook read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).parent))
from panel_helpers import demo_workspace_trusting  # noqa: E402
from test_panel_signature_witness import receive, revoke  # noqa: E402
from test_revoked_witness import HUB_ID  # noqa: E402
from test_verify_pdf_witness import forms, verify, ws  # noqa: E402, F401 - fixtures

from workbench.cli.main import main  # noqa: E402
from workbench.panel.witness import record_hub_witness  # noqa: E402

UNCOUNTED = "不计入(证书已吊销,签名时间无见证)"


def export(capsys, ws_root: Path, files: list[Path], out: Path) -> tuple[int, str]:  # noqa: ANN001
    capsys.readouterr()
    rc = main(["--workspace", str(ws_root), "export-xlsx", *map(str, files), "-o", str(out)])
    return rc, capsys.readouterr().err


def read(out: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Each panel result's 已定稿 (是/否), and its signer table: name -> the signing-time cell."""
    wb = load_workbook(out)
    finals = [r[10] for r in wb["合议汇总"].iter_rows(min_row=3, values_only=True) if r[0]]
    signers = [{r[1]: r[3] for r in wb[n].iter_rows(values_only=True) if r[0] in ("评估组组长", "评估组成员")}
               for n in wb.sheetnames if n.startswith("合议 ")]
    return finals, signers


def test_export_counts_the_unwitnessed_cosignature_as_verify_does(capsys, tmp_path, ws, forms) -> None:  # noqa: F811
    root, p, doc, t0 = forms
    m0, m1, m2 = p.members
    files = [root / "panel.json", root / "two.pdf"]

    rc, _ = export(capsys, root / "none", files, tmp_path / "before.xlsx")  # no workspace: as before
    finals, signers = read(tmp_path / "before.xlsx")
    assert rc == 0 and finals == ["是", "是"]
    assert all(s[m0.name] not in ("未签", UNCOUNTED) for s in signers)

    revoke(ws, p.hub, m0, t0 - dt.timedelta(seconds=60))  # after 成员1's co-signature was dated; never seen here
    rc, _ = export(capsys, ws.root, files, tmp_path / "after.xlsx")
    finals, signers = read(tmp_path / "after.xlsx")
    assert rc == 0 and finals == ["否", "否"]
    for s in signers:
        assert s[m0.name] == UNCOUNTED and s[m2.name] == "未签" and s[m1.name] not in ("未签", UNCOUNTED)
    for f in files:  # the same verdict as verify
        _rc, out, _ = verify(capsys, ws.root, f, p)
        assert "status    NOT FINAL" in out and "NOT COUNTED (revoked_unwitnessed)" in out


def test_a_form_verify_refuses_is_not_exported(capsys, tmp_path, forms) -> None:  # noqa: F811
    root, p, doc, t0 = forms
    m0 = p.members[0]
    w = demo_workspace_trusting(tmp_path / "ws2", [p.chair, *p.members])
    try:
        record_hub_witness(w, HUB_ID, receive(w, doc))  # the JSON co-signature is witnessed
        revoke(w, p.hub, m0, t0 - dt.timedelta(seconds=60))  # before 成员1 signed the PDF
        rc, err = export(capsys, w.root, [root / "three.pdf"], tmp_path / "x.xlsx")
        assert rc != 0 and "three.pdf: not exported, it does not verify" in err and err.count("\n") == 1
        assert f"revoked: PDF signature by {m0.name}'s certificate" in err
        assert not (tmp_path / "x.xlsx").exists()
        vrc, _out, verr = verify(capsys, w.root, root / "three.pdf", p)
        assert vrc == 10 and f"revoked: PDF signature by {m0.name}'s certificate" in verr
        rc, _ = export(capsys, w.root, [root / "panel.json", root / "two.pdf"], tmp_path / "y.xlsx")
        finals, _signers = read(tmp_path / "y.xlsx")
        assert rc == 0 and finals == ["是", "是"]  # witnessed by the revoking hub: counted, as verify does
    finally:
        w.close()
