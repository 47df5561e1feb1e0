"""The panel view's signer table tells a co-signature that is there but not counted (revoked and
unwitnessed: docs/panel-result.md, "Witnessed times") from a member who never signed: ✕ 不计入 on a
shaded cell, a tooltip with the Chinese reason, what to do and the core's own line, and the status
line naming who signed but is not counted; an honest missing signer still reads 未签. Real signed
documents, a real hub-signed revocation, the real view on the real workspace."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).parent))
from panel_helpers import demo_workspace_trusting, panel_of_three_with_hub  # noqa: E402
from test_panel_signature_witness import chair_signed, cosigned, receive, revoke  # noqa: E402
from test_revoked_witness import now  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE  # noqa: E402
from workbench.panel.document import panel_file_bytes  # noqa: E402
from workbench.sync.outbox_hooks import queue_panel  # noqa: E402
from workbench.ui.panel.jobs import open_file  # noqa: E402
from workbench.ui.panel.signatures import SignaturesBox  # noqa: E402
from workbench.ui.panel.view import PanelView  # noqa: E402

TIP = Qt.ItemDataRole.ToolTipRole
SIGNATURE = 5  # the signer table's signature column


def shown(t: str) -> str:
    return t.replace("T", " ").rstrip("Z")


@pytest.fixture(scope="module")
def p3(tmp_path_factory):
    return panel_of_three_with_hub(tmp_path_factory.mktemp("uncounted"))


@pytest.fixture
def ws(tmp_path, p3):
    w = demo_workspace_trusting(tmp_path / "ws", [p3.chair, *p3.members])
    yield w
    w.close()


def row_of(model, name: str) -> int:  # noqa: ANN001
    return next(r for r in range(model.rowCount()) if model.index(r, 1).data() == name)


def test_the_signer_table_marks_an_uncounted_cosignature_apart_from_a_missing_one(qtbot, chinese, ws, p3) -> None:
    m0, m1, m2 = p3.members
    t0 = now()
    chair = chair_signed(p3, t0 - dt.timedelta(seconds=150))
    queue_panel(ws, cosigned(chair, m1))  # signed here in time: the chair's and 成员2's count
    revoked_at = revoke(ws, p3.hub, m0, t0 - dt.timedelta(seconds=60))
    forged = cosigned(chair, m0, when=t0 - dt.timedelta(seconds=120))  # the stolen key, dated before
    receive(ws, forged, "late.wbsync")  # first seen now, after the revocation
    [claimed] = [s["signed_at"] for s in forged["signatures"] if s["fingerprint"] == m0.fingerprint]

    view = PanelView(ws, DEMO_SCHOOL_CODE)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.state is not None and not view.busy, timeout=30_000)
    seen = view.state.not_counted[m0.fingerprint].first_seen
    assert seen is not None and seen >= revoked_at  # the workspace's own clock, after the revocation
    model = view.signer_model

    cell = model.index(row_of(model, m0.name), SIGNATURE)
    assert cell.data() == "✕ 不计入"
    tip = cell.data(TIP)
    assert (f"证书已于 {shown(revoked_at)} 吊销；此签名自称签于 {shown(claimed)}，但本工作区直到 {shown(seen)}"
            "（吊销之后）才首次见到它：只有签名者自己的时钟说它在吊销之前，因此不计入。") in tip
    assert "请签名者向教育局申请新证书；组长另出新修订版，由签名者用新证书重新签名。" in tip
    assert "详细信息：" in tip and "only the signer's own clock says it came before" in tip  # the core's line

    honest = model.index(row_of(model, m2.name), SIGNATURE)
    assert honest.data() == "未签" and "不计入" not in honest.data(TIP)
    assert honest.data(Qt.ItemDataRole.BackgroundRole) is None
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color().name() == "#fde0e0"
    assert model.index(row_of(model, m1.name), SIGNATURE).data().startswith("已签 ")

    status = view.sign_status.text()
    assert "未定稿" in status and f"已签但不计入：{m0.name}（见表中 ✕）。" in status
    assert m2.name in status  # still to sign, with the uncounted one


def test_a_file_never_held_here_says_no_one_saw_it_and_english_follows(qtbot, tmp_path, ws, p3) -> None:
    from workbench.ui.i18n import Translators

    m0, m1, _ = p3.members
    t0 = now()
    revoked_at = revoke(ws, p3.hub, m0, t0 - dt.timedelta(seconds=60))
    f = tmp_path / "opened.json"
    f.write_bytes(panel_file_bytes(cosigned(chair_signed(p3, t0 - dt.timedelta(seconds=150)), m0, m1,
                                            when=t0 - dt.timedelta(seconds=120))))
    state = open_file(f, ws)  # as File › Open in the panel view
    assert state.not_counted[m0.fingerprint].first_seen is None

    box = SignaturesBox()
    qtbot.addWidget(box)
    box.set_document(state)
    box.show_state(state, None)
    model = box.signer_model
    cell = model.index(row_of(model, m0.name), SIGNATURE)
    assert cell.data() == "✕ not counted"  # no translator: the English source
    assert f"Certificate revoked on {shown(revoked_at)}; this signature is dated" in cell.data(TIP)
    assert "no one saw it before the revocation" in cell.data(TIP)
    assert "Signed but not counted: " + m0.name in box.sign_status.text()

    t = Translators()
    assert t.install("zh_CN") == "zh_CN"
    try:
        assert cell.data() == "✕ 不计入"  # read at paint time: the language follows at once
        assert "但吊销之前无人见证过它" in cell.data(TIP)
        box.show_state(state, None)
        assert f"已签但不计入：{m0.name}" in box.sign_status.text()
    finally:
        t.remove()
