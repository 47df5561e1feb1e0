"""The collected-sheet rows and their words (workbench.ui.panel.sheet_rows / sheet_model): every kind
the core's `school_sheets` can report, in the order the list shows them, merged exactly when the
core's merge counts it, each with what to do. The view tests cover revoked sheets end to end."""

from __future__ import annotations

import json

from workbench.panel.collect import Collected, Conflict, SchoolSheets
from workbench.panel.revoked import RevokedMark, warning
from workbench.store.panel_store import StoredSheet
from workbench.ui.panel import sheet_rows as k
from workbench.ui.panel.sheet_model import SheetListModel, todo_text, what_text

REVOKED_AT = "2026-11-27T10:00:00Z"



def stored(name: str, fp: str, revision: int = 1, manifest: str = "m-new") -> StoredSheet:
    return StoredSheet(f"h-{name}-{revision}", "MJ-PS-001", manifest, fp, name, f"s-{name}", revision, None, f"{name}.json")


def test_every_kind_in_order_and_merged_as_the_core_merges(chinese) -> None:
    a, b, c, d, e = (stored(n, n[0] * 64) for n in ("aa", "bb", "cc", "dd", "ee"))
    marks = {"b" * 64: RevokedMark("b" * 64, "bb", REVOKED_AT), "c" * 64: RevokedMark("c" * 64, "cc", REVOKED_AT)}
    state = SchoolSheets("MJ-PS-001", "m-new", current=[a, b], stale=[stored("ee", "e" * 64, manifest="m-old")],
                         conflicts=[Conflict("d" * 64, "dd", "gap in the chain: revision 3 supersedes …")],
                         revoked=[(c, "cc's certificate (cccc…) was revoked on …; this was signed after that")],
                         warnings=[f"bb {'b' * 16}… revision 1: " + warning(marks["b" * 64])])
    signed = {"h-aa-1": "2026-11-27T09:00:00Z", "h-bb-1": "2026-11-27T09:30:00Z", "h-cc-1": "2026-11-27T11:00:00Z"}
    late = Collected("/in/ff.json", "refused", "/in/ff.json: untrusted reviewer: …", reason="untrusted")
    rows = k.sheet_rows(state, marks, lambda h: json.dumps({"signed_at": signed[h]}).encode(),
                        [late, Collected("x.json", "added", "added")])
    assert [(r.kind, r.name) for r in rows] == [(k.REFUSED, "cc"), (k.NOT_ADDED, "ff.json"), (k.CONFLICT, "dd"),
                                                (k.WARNING, "bb"), (k.COUNTED, "aa"), (k.STALE, "ee")]
    assert [r.name for r in rows if r.merged] == ["bb", "aa"]  # the core's current sheets, no more
    refused, _, _, warned, counted, _ = rows
    assert refused.revoked_at == warned.revoked_at == REVOKED_AT and refused.signed_at == "2026-11-27T11:00:00Z"
    assert "certificate revoked on" in warned.detail and counted.revoked_at is None
    assert k.counts(rows)[k.WARNING] == 1

    # in Chinese: each row says what is wrong and what to do
    assert what_text(refused) == "证书已于 2026-11-27 10:00:00 吊销;此表签于吊销之后(2026-11-27 11:00:00),不计入合议"
    assert what_text(rows[1]) == "签名者的证书未被本机信任" and "信任证书…" in todo_text(rows[1])
    assert "哪一份是当前版本" in todo_text(rows[2]) and "最新材料包" in todo_text(rows[5])
    assert todo_text(counted) == "" and what_text(counted) == "签于 2026-11-27 09:00:00"
    model = SheetListModel()
    model.set_rows(rows)
    assert model.rowCount() == 6 and model.index(0, 3).data() == what_text(refused)
    assert [model.index(r, 0).data() for r in range(6)] == ["✕ 不计入", "✕ 未收入", "✕ 冲突", "⚠ 计入", "✓ 计入", "不计入"]
    assert "详细信息:cc's certificate" in model.index(0, 0).data(3)  # the tooltip carries the core's line


def test_a_school_not_in_the_workspace_lists_only_the_refusals(chinese) -> None:
    bad = Collected("a.json", "refused", "a.json: not a score sheet", reason="unreadable")
    rows = k.sheet_rows(None, {}, None, [bad])
    assert [(r.kind, r.reason) for r in rows] == [(k.NOT_ADDED, "unreadable")]
    assert todo_text(rows[0]) == "请向该成员重新索取签名的评分表文件。"
