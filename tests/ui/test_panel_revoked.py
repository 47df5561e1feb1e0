"""Revoked certificates in the panel view (issue 11's revocations, in the window): the chair sees,
in Chinese, a member's sheet refused because it was signed after the certificate's revocation (the
reason and what to do), and a sheet signed before it kept with ⚠ and the revocation date; the
merge counts exactly what the list says, as the core's merge does. Real workspace, real signed
sheets and a real hub-signed revocation document."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).parent.parent / "panel"))
sys.path.insert(0, str(Path(__file__).parent.parent / "signing"))
from panel_print_helpers import member_scores  # noqa: E402
from sheet_helpers import PASS, RUBRIC, make_identity, unsigned_sheet  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package  # noqa: E402
from workbench.panel.collect import add_trust, collect_bytes, school_sheets  # noqa: E402
from workbench.rubric.canonical import canonical_bytes  # noqa: E402
from workbench.signing.ecdsa import sign_b64  # noqa: E402
from workbench.signing.identity import default_identity_dir  # noqa: E402
from workbench.signing.sheet import sheet_file_bytes, sign_sheet  # noqa: E402
from workbench.store import Workspace  # noqa: E402
from workbench.sync.revocations import receive_revocation  # noqa: E402
from workbench.ui.i18n import Translators  # noqa: E402
from workbench.ui.panel import sheet_rows as k  # noqa: E402
from workbench.ui.panel.sheet_model import KindRole  # noqa: E402
from workbench.ui.panel.view import PanelView  # noqa: E402

HUB_ID = "hub-test"
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
REVOKED_AT = NOW + dt.timedelta(hours=1)  # sheets signed now are before it, at +2 h after it
AFTER = NOW + dt.timedelta(hours=2)
STAMP = REVOKED_AT.isoformat().replace("+00:00", "Z")
SHOWN = STAMP.replace("T", " ").rstrip("Z")  # as the window writes times
MEMBERS = (("李四", "麻江县第一中学"), ("王五", "麻江县电教站"), ("赵六", "凯里学院"))


@pytest.fixture(autouse=True)
def _times_now() -> None:
    """The times of each test from its own start: certificates are made at test time (valid
    from 5 min before), and a full run reaches this file many minutes after collecting it."""
    global NOW, REVOKED_AT, AFTER, STAMP, SHOWN
    NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
    REVOKED_AT = NOW + dt.timedelta(hours=1)
    AFTER = NOW + dt.timedelta(hours=2)
    STAMP = REVOKED_AT.isoformat().replace("+00:00", "Z")
    SHOWN = STAMP.replace("T", " ").rstrip("Z")


@pytest.fixture
def panel(tmp_path):
    """A chair's workspace: the demo school, the chair, three trusted members, the hub that revokes."""
    ws = Workspace.open(tmp_path / "ws")
    import_package(ws, demo_package_path())
    make_identity(default_identity_dir(ws.root), name="张组长", role="chair")
    members = [make_identity(tmp_path / f"m{n}", name=name, org=org) for n, (name, org) in enumerate(MEMBERS)]
    for m in members:
        add_trust(ws, m.dir)
    hub = make_identity(tmp_path / "hub", name="测试中心", role="admin")
    t = Translators()
    assert t.install("zh_CN") == "zh_CN"  # Chinese first
    yield ws, members, hub
    t.remove()
    ws.close()


def sheet(m, n: int, when: dt.datetime) -> bytes:  # noqa: ANN001
    return sheet_file_bytes(sign_sheet(unsigned_sheet(member_scores(n)), m, m.private_key(PASS), RUBRIC, now=when))


def revoke(ws: Workspace, hub, m) -> None:  # noqa: ANN001
    """The hub's signed revocation of `m`'s certificate reaches this workspace (as a sync round brings it)."""
    doc = {"format": "workbench-revocation/1", "hub_id": HUB_ID, "fingerprint": m.fingerprint,
           "certificate": m.cert_pem, "name": m.signer.name, "role": "member", "revoked_at": STAMP}
    doc["signature"] = {"alg": "ES256", "value": sign_b64(hub.private_key(PASS), canonical_bytes(doc))}
    assert receive_revocation(ws, canonical_bytes(doc) + b"\n", hub.cert, hub_id=HUB_ID) is not None


def open_view(qtbot, ws: Workspace) -> PanelView:  # noqa: ANN001
    view = PanelView(ws, DEMO_SCHOOL_CODE)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.collection is not None and not view.busy, timeout=10_000)
    return view


def merge(qtbot, view: PanelView) -> None:  # noqa: ANN001
    with qtbot.waitSignal(view.stateChanged, timeout=30_000):
        view.merge()
    assert not view.busy


def rows_of(view: PanelView, kind: str) -> list[int]:
    m = view.sheets.model
    return [r for r in range(m.rowCount()) if m.index(r, 0).data(KindRole) == kind]


def test_a_sheet_signed_after_the_revocation_is_refused_with_the_reason(qtbot, panel) -> None:
    ws, members, hub = panel
    m0 = members[0]
    collect_bytes(ws, sheet(m0, 0, AFTER), source="李四.json")  # collected before the revocation was known
    for n, m in enumerate(members[1:], 1):
        collect_bytes(ws, sheet(m, n, NOW))
    revoke(ws, hub, m0)
    core = school_sheets(ws, DEMO_SCHOOL_CODE)
    assert len(core.current) == 2 and len(core.revoked) == 1

    view = open_view(qtbot, ws)
    [row] = rows_of(view, k.REFUSED)
    model = view.sheets.model
    assert model.index(row, 0).data() == "✕ 不计入" and model.index(row, 1).data() == "李四"
    what = model.index(row, 3).data()
    assert what.startswith(f"证书已于 {SHOWN} 吊销") and "签于吊销之后" in what and "不计入合议" in what
    assert model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"
    tip = model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "申领新证书" in tip and m0.fingerprint[:16] in tip and "signed after that" in tip  # the core's line too
    # nothing selected: the detail line shows the refusal and what to do, not only a tooltip
    detail = view.sheets.detail.text()
    assert detail.startswith("李四:证书已于") and "请该评估组成员向教育局申领新证书" in detail
    assert view.collected_label.text() == "已收集评分表:2 份 · 拒收 1 份"
    assert len(rows_of(view, k.COUNTED)) == 2

    # the merge leaves the refused sheet out, as the core does, and says so
    merge(qtbot, view)
    assert {m["name"] for m in view.state.doc["members"]} == {"王五", "赵六"}
    assert "已合议汇总 2 份成员评分表" in view.status.text() and "不计入:1 份" in view.status.text()

    # a late sheet added now is refused at once: listed as not added, with what to do
    late = Path(ws.root).parent / "李四-2.json"
    late.write_bytes(sheet(m0, 0, AFTER + dt.timedelta(minutes=5)))
    with qtbot.waitSignal(view.collectionChanged, timeout=30_000):
        view.add_sheets([late])
    [row] = rows_of(view, k.NOT_ADDED)
    assert model.index(row, 1).data() == "李四-2.json" and model.index(row, 3).data() == "签名时证书已被吊销"
    view.sheets.table.selectRow(row)
    assert "申领新证书" in view.sheets.detail.text()


def test_a_sheet_signed_before_the_revocation_shows_the_warning(qtbot, panel) -> None:
    ws, members, hub = panel
    m0 = members[0]
    for n, m in enumerate(members):
        collect_bytes(ws, sheet(m, n, NOW))
    view = open_view(qtbot, ws)
    assert not rows_of(view, k.WARNING) and view.collected_label.text() == "已收集评分表:3 份"

    # the revocation arrives while the view is open (a sync round): the list is read again
    revoke(ws, hub, m0)
    with qtbot.waitSignal(view.collectionChanged, timeout=30_000):
        view.reload_latest()
    [row] = rows_of(view, k.WARNING)
    model = view.sheets.model
    assert model.index(row, 0).data() == "⚠ 计入" and model.index(row, 1).data() == "李四"
    what = model.index(row, 3).data()
    assert what.startswith(f"证书已于 {SHOWN} 吊销") and "签于吊销之前" in what and "由评估组决定" in what
    assert model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole).color().name() == "#fff4d6"
    assert "certificate revoked on" in model.index(row, 3).data(Qt.ItemDataRole.ToolTipRole)  # the core's WARNING
    assert view.sheets.detail.text().startswith("李四:证书已于") and "用新证书重新签名" in view.sheets.detail.text()
    assert view.collected_label.text() == "已收集评分表:3 份 · ⚠ 证书已吊销:1 份"
    assert not rows_of(view, k.REFUSED)

    # the merge counts it (signed before: the panel decides) and marks the member's column
    merge(qtbot, view)
    assert len(view.state.doc["members"]) == 3
    assert "已合议汇总 3 份成员评分表" in view.status.text() and "⚠ 1 份" in view.status.text()
    grid = view.grid_model
    heads = {grid.headerData(c, Qt.Orientation.Horizontal): c for c in range(grid.columnCount())}
    assert "⚠ 李四" in heads and "王五" in heads
    tip = grid.headerData(heads["⚠ 李四"], Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert f"证书已于 {SHOWN} 吊销" in tip


def test_cosignatures_are_checked_against_the_revocations(qtbot, panel, tmp_path) -> None:
    """As `panel status` in this workspace: a co-signature made before the revocation shows ⚠ in
    the signer table; a file whose co-signature was made after it is refused when opened."""
    from workbench.panel.collect import merge_from_workspace
    from workbench.panel.document import cosign_panel, sign_panel, write_panel
    from workbench.signing.identity import load_identity

    ws, members, hub = panel
    for n, m in enumerate(members):
        collect_bytes(ws, sheet(m, n, NOW))
    chair = load_identity(default_identity_dir(ws.root))
    doc = sign_panel(merge_from_workspace(ws, DEMO_SCHOOL_CODE, chair.cert, quorum=1), chair, chair.private_key(PASS))
    m0 = members[0]
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    write_panel(cosign_panel(doc, m0, m0.private_key(PASS), now=NOW), before)
    write_panel(cosign_panel(doc, m0, m0.private_key(PASS), now=AFTER), after)
    from workbench.sync.outbox_hooks import queue_panel
    queue_panel(ws, json.loads(before.read_bytes()))  # held here before the revocation: its witness
    revoke(ws, hub, m0)

    view = open_view(qtbot, ws)
    with qtbot.waitSignal(view.stateChanged, timeout=30_000):
        view.open_panel(before)
    sm = view.signer_model
    [row] = [r for r in range(sm.rowCount()) if sm.index(r, 1).data() == "李四"]
    assert sm.index(row, 5).data().endswith(" ⚠") and view.state.final
    assert f"证书已于 {SHOWN} 吊销" in sm.index(row, 5).data(Qt.ItemDataRole.ToolTipRole)
    assert sm.index(row, 5).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#9a5b00"

    with qtbot.waitSignal(view.failed, timeout=30_000) as sig:
        view.open_panel(after)
    assert "revoked on" in sig.args[0] and "李四" in sig.args[0]
    assert view.state.panel_hash and m0.fingerprint in view.state.revoked_signers  # the earlier file stays shown
