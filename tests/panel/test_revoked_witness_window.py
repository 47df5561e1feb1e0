"""Witnessed times of revoked certificates in the panel view, in Chinese: a sheet received before
the revocation is ⚠ counted and says when it was received; one dated before the revocation but
received only after it is ✕ not counted (stored: `revoked_unwitnessed`; added now: not added), each
with what to do; the merge counts exactly what the list says. Real workspace, real signed sheets,
a real hub-signed revocation document, the real PanelView."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "signing"))
from panel_print_helpers import member_scores  # noqa: E402
from sheet_helpers import PASS, RUBRIC, make_identity, unsigned_sheet  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package  # noqa: E402
from workbench.panel.collect import add_trust, collect_bytes  # noqa: E402
from workbench.panel.revoked import stamp  # noqa: E402
from workbench.rubric.canonical import canonical_bytes  # noqa: E402
from workbench.signing.ecdsa import sign_b64  # noqa: E402
from workbench.signing.identity import default_identity_dir  # noqa: E402
from workbench.signing.sheet import sheet_file_bytes, sign_sheet  # noqa: E402
from workbench.store import Workspace  # noqa: E402
from workbench.store.panel_store import PanelStore  # noqa: E402
from workbench.sync.revocations import receive_revocation  # noqa: E402
from workbench.ui.i18n import Translators  # noqa: E402
from workbench.ui.panel import sheet_rows as k  # noqa: E402
from workbench.ui.panel.sheet_model import KindRole  # noqa: E402
from workbench.ui.panel.view import PanelView  # noqa: E402

HUB_ID = "hub-test"
MEMBERS = (("李四", "麻江县第一中学"), ("王五", "麻江县电教站"), ("赵六", "凯里学院"))


def shown(t: str) -> str:
    return t.replace("T", " ").rstrip("Z")


@pytest.fixture
def panel(tmp_path):
    ws = Workspace.open(tmp_path / "ws")
    import_package(ws, demo_package_path())
    make_identity(default_identity_dir(ws.root), name="张组长", role="chair")
    members = [make_identity(tmp_path / f"m{n}", name=name, org=org) for n, (name, org) in enumerate(MEMBERS)]
    for m in members:
        add_trust(ws, m.dir)
    hub = make_identity(tmp_path / "hub", name="测试中心", role="admin")
    t = Translators()
    assert t.install("zh_CN") == "zh_CN"
    yield ws, members, hub
    t.remove()
    ws.close()


def sheet(m, n: int, when: dt.datetime) -> bytes:  # noqa: ANN001
    return sheet_file_bytes(sign_sheet(unsigned_sheet(member_scores(n)), m, m.private_key(PASS), RUBRIC, now=when))


def revoke(ws: Workspace, hub, m, at: dt.datetime) -> str:  # noqa: ANN001
    doc = {"format": "workbench-revocation/1", "hub_id": HUB_ID, "fingerprint": m.fingerprint,
           "certificate": m.cert_pem, "name": m.signer.name, "role": "member", "revoked_at": stamp(at)}
    doc["signature"] = {"alg": "ES256", "value": sign_b64(hub.private_key(PASS), canonical_bytes(doc))}
    assert receive_revocation(ws, canonical_bytes(doc) + b"\n", hub.cert, hub_id=HUB_ID) is not None
    return doc["revoked_at"]


def rows_of(view: PanelView, kind: str) -> list[int]:
    m = view.sheets.model
    return [r for r in range(m.rowCount()) if m.index(r, 0).data(KindRole) == kind]


def test_witnessed_and_unwitnessed_sheets_of_revoked_certificates(qtbot, panel) -> None:
    ws, (li, wang, zhao), hub = panel
    t0 = dt.datetime.now(dt.UTC).replace(microsecond=0)
    forged = sheet(li, 0, t0 - dt.timedelta(seconds=120))  # the stolen key, dated two minutes ago
    collect_bytes(ws, forged, source="李四.json")  # the revocation is not known here yet
    collect_bytes(ws, sheet(wang, 1, t0), source="王五.json")
    collect_bytes(ws, sheet(zhao, 2, t0), source="赵六.json")
    li_revoked = revoke(ws, hub, li, t0 - dt.timedelta(seconds=60))  # before this workspace received it
    wang_revoked = revoke(ws, hub, wang, t0 + dt.timedelta(hours=1))  # after
    added = {s.reviewer_name: stamp(s.added_at) for s in PanelStore(ws).sheets(DEMO_SCHOOL_CODE)}

    view = PanelView(ws, DEMO_SCHOOL_CODE)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.collection is not None and not view.busy, timeout=10_000)
    model = view.sheets.model

    [row] = rows_of(view, k.REFUSED)
    assert model.index(row, 0).data() == "✕ 不计入" and model.index(row, 1).data() == "李四"
    assert model.index(row, 3).data() == (f"证书已于 {shown(li_revoked)} 吊销;此表所署日期为 "
                                          f"{shown(stamp(t0 - dt.timedelta(seconds=120)))},但于吊销之后"
                                          f"({shown(added['李四'])})才收到,不计入合议")
    tip = model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "请该成员用新证书重新签名" in tip and "only the signer's own clock" in tip  # the core's line too

    [row] = rows_of(view, k.WARNING)
    assert model.index(row, 0).data() == "⚠ 计入" and model.index(row, 1).data() == "王五"
    assert model.index(row, 3).data() == (f"证书已于 {shown(wang_revoked)} 吊销;此表签于吊销之前({shown(stamp(t0))}),"
                                          f"于 {shown(added['王五'])} 已收到,计入合议,由评估组决定")
    assert len(rows_of(view, k.COUNTED)) == 1

    # a back-dated sheet added now, with the revocation known: not added, with what to do
    late = Path(ws.root).parent / "李四-2.json"
    late.write_bytes(sheet(li, 0, t0 - dt.timedelta(seconds=90)))
    with qtbot.waitSignal(view.collectionChanged, timeout=30_000):
        view.add_sheets([late])
    [row] = rows_of(view, k.NOT_ADDED)
    assert model.index(row, 1).data() == "李四-2.json"
    assert model.index(row, 3).data() == "签名日期早于证书吊销,但吊销后才收到"
    view.sheets.table.selectRow(row)
    assert "请该成员用新证书重新签名" in view.sheets.detail.text()

    # the merge counts what the list counts: 王五 (⚠) and 赵六, not 李四
    with qtbot.waitSignal(view.stateChanged, timeout=30_000):
        view.merge()
    assert {m["name"] for m in view.state.doc["members"]} == {"王五", "赵六"}
