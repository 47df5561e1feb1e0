"""The panel print preview lists a 结论表's PAdES signatures as `workbench verify 结论表.pdf` counts
them with the workspace's revocations and witnesses (docs/panel-result.md, "Verifying the 结论表
where a certificate is revoked"): one dated before the revocation is ✕ 不计入 (nothing witnesses a
PDF signature), one made after it ✕ 已拒绝, each with the Chinese reason, what to do and the core's
English line; the counted ones only are named as signatures. The preview's core call gives the same
counts as the CLI for the same file. Real PDFs printed and signed by the printing code (the
fixtures of test_verify_pdf_witness.py), a real hub-signed revocation, the real dialog offscreen."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).parent))
from panel_helpers import demo_workspace_trusting  # noqa: E402
from test_panel_signature_witness import receive, revoke  # noqa: E402
from test_revoked_witness import HUB_ID, now  # noqa: E402
from test_verify_pdf_witness import forms, lines_with, verify, ws  # noqa: E402, F401 - fixtures

from workbench.panel.witness import record_hub_witness, workspace_revocations  # noqa: E402
from workbench.printing.panel_pdf import REFUSED, UNWITNESSED, verify_panel_pdf_with  # noqa: E402
from workbench.sync.outbox_hooks import queue_panel  # noqa: E402
from workbench.ui.panel.print_preview import PanelPrintDialog, pdf_signers  # noqa: E402

TIP = Qt.ItemDataRole.ToolTipRole
COUNTED = 3  # the list's column that says whether a signature counts


def shown(t: str) -> str:
    return t.replace("T", " ").rstrip("Z")


def opened(qtbot, w, p, doc, f: Path) -> PanelPrintDialog:  # noqa: ANN001
    """The preview of `doc` in workspace `w` with the PDF `f` opened in it (File › Panel… › print
    preview › Open PDF…)."""
    dlg = PanelPrintDialog(doc, p.chair.dir, ws=w)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.pdf is not None, timeout=30_000)
    dlg.open_pdf(f)
    qtbot.waitUntil(lambda: dlg.pdf == f.read_bytes() and len(dlg.counts) > 0, timeout=30_000)
    return dlg


def row_of(model, name: str) -> int:  # noqa: ANN001
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)


def test_a_pdf_signature_dated_before_the_revocation_shows_not_counted_in_chinese(qtbot, chinese, ws, forms) -> None:  # noqa: F811
    root, p, doc, _t0 = forms
    m0, m1, _m2 = p.members
    queue_panel(ws, doc)  # the result held here: its JSON co-signatures are witnessed
    revoked_at = revoke(ws, p.hub, m0, now() + dt.timedelta(hours=1))  # after every signature was made
    dlg = opened(qtbot, ws, p, doc, root / "three.pdf")

    [c] = [c for c in dlg.counts if c.fingerprint == m0.fingerprint]
    assert c.status == UNWITNESSED and not c.counted
    model = dlg.signature_model
    cell = model.index(row_of(model, m0.name), COUNTED)
    assert cell.data() == "✕ 不计入"
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color().name() == "#fde0e0"
    tip = cell.data(TIP)
    assert (f"证书已于 {shown(revoked_at)} 吊销；此 PDF 签名自称签于 {shown(c.signed_at)}，但吊销之前无人见证过它："
            "只有签名者自己的时钟说它在吊销之前，因此不计入。") in tip
    assert "请签名者向教育局申请新证书；组长按新修订版重新打印结论表，由签名者用新证书签署。" in tip
    assert f"详细信息：{m0.name}'s certificate" in tip and "only the signer's own clock says it came before" in tip
    assert tip.index("证书已于") < tip.index("详细信息")  # Chinese first, the core's English line last
    for ident in (p.chair, m1):
        ok = model.index(row_of(model, ident.name), COUNTED)
        assert ok.data() == "✓ 计入" and ok.data(Qt.ItemDataRole.BackgroundRole) is None
        assert "详细信息" not in ok.data(TIP)
    assert model.index(row_of(model, p.chair.name), 1).data() == "组长"

    assert dlg.signers == [p.chair.name, m1.name]  # the counted ones only
    assert dlg.signature_table.isVisibleTo(dlg)
    status = dlg.status.text()
    assert status.startswith(f"PDF 数字签名:{p.chair.name}, {m1.name}")
    assert f"已签但不计入：{m0.name}（见列表中 ✕）。" in status
    dlg.close()


def test_a_pdf_signature_made_after_the_revocation_shows_refused_and_english_follows(qtbot, tmp_path, forms) -> None:  # noqa: F811
    from workbench.ui.i18n import Translators

    root, p, doc, t0 = forms
    m0 = p.members[0]
    w = demo_workspace_trusting(tmp_path / "ws2", [p.chair, *p.members])
    try:
        record_hub_witness(w, HUB_ID, receive(w, doc))  # the JSON co-signature, dated before, is witnessed
        revoked_at = revoke(w, p.hub, m0, t0 - dt.timedelta(seconds=60))  # before 成员1 signed the PDF
        dlg = opened(qtbot, w, p, doc, root / "three.pdf")  # refused whole by verify; shown here, marked
        [c] = [c for c in dlg.counts if c.fingerprint == m0.fingerprint]
        assert c.status == REFUSED
        model = dlg.signature_model
        cell = model.index(row_of(model, m0.name), COUNTED)
        assert cell.data() == "✕ refused"  # no translator: the English source
        assert (f"Certificate revoked on {shown(revoked_at)}; this PDF signature was made at {shown(c.signed_at)}, "
                "after the revocation: it is refused and not counted.") in cell.data(TIP)
        assert "Details: PDF signature by " in cell.data(TIP)
        assert m0.name not in dlg.signers and "Signed but not counted: " + m0.name in dlg.status.text()

        t = Translators()
        assert t.install("zh_CN") == "zh_CN"
        try:
            assert cell.data() == "✕ 已拒绝"  # read at paint time: the language follows at once
            tip = cell.data(TIP)
            assert f"证书已于 {shown(revoked_at)} 吊销；此 PDF 签名签于 {shown(c.signed_at)}，在吊销之后：已拒绝，不计入。" in tip
            assert "请签名者向教育局申请新证书" in tip
        finally:
            t.remove()
        dlg.close()
    finally:
        w.close()


def test_the_previews_core_call_counts_as_verify_does(capsys, tmp_path, ws, forms) -> None:  # noqa: F811
    root, p, doc, t0 = forms
    m0 = p.members[0]
    roots = [i.cert for i in [p.chair, *p.members]]
    data = (root / "three.pdf").read_bytes()

    # no revocation known: every signature counts, in both
    _, counts = pdf_signers(data, ws)
    assert [c.status for c in counts] == ["counted"] * 3
    rc, out, _ = verify(capsys, ws.root, root / "three.pdf", p)
    assert rc == 0 and "pdf-status    FINAL" in out and "NOT COUNTED" not in out

    # dated before the revocation: the same counts, and the CLI prints exactly their summary
    queue_panel(ws, doc)
    revoke(ws, p.hub, m0, now() + dt.timedelta(hours=1))
    _, counts = pdf_signers(data, ws)
    cli = verify_panel_pdf_with(data, roots, workspace_revocations(ws.root))
    assert counts == cli.counts
    rc, out, _ = verify(capsys, ws.root, root / "three.pdf", p)
    assert rc == 0 and out.rstrip("\n") == cli.summary()
    [line] = lines_with(out, "NOT COUNTED")
    [c] = [c for c in counts if not c.counted]
    assert line.startswith(f"pdf-unsigned  {c.name} (member)")
    assert line.endswith(f"NOT COUNTED ({UNWITNESSED}): {c.detail} ({c.hint})")

    # made after the revocation: verify refuses the form with the line the preview lists
    other = demo_workspace_trusting(tmp_path / "ws3", [p.chair, *p.members])
    try:
        record_hub_witness(other, HUB_ID, receive(other, doc))
        revoke(other, p.hub, m0, t0 - dt.timedelta(seconds=60))
        _, counts = pdf_signers(data, other)
        [c] = [c for c in counts if not c.counted]
        assert c.status == REFUSED and c.fingerprint == m0.fingerprint
        rc, out, err = verify(capsys, other.root, root / "three.pdf", p)
        assert rc == 10 and not out and f"revoked: {c.detail}" in err
        assert [x.status for x in counts if x.fingerprint != m0.fingerprint] == ["counted"] * 2
    finally:
        other.close()
