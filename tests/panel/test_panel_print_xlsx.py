"""export-xlsx takes panel results: a panel summary and one worksheet per panel result with each
member's scores, the computed and final values, the spread, the disagreement mark and the reason."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).parent))
from panel_print_helpers import make_panel  # noqa: E402

from workbench.cli.main import main  # noqa: E402
from workbench.panel.document import panel_file_bytes  # noqa: E402
from workbench.signing.sheet import sheet_file_bytes  # noqa: E402


@pytest.fixture(scope="module")
def panel(tmp_path_factory):
    return make_panel(tmp_path_factory.mktemp("panel"), n_members=3, images=False)


def _rows(ws) -> list[list]:  # noqa: ANN001
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_export_panel_and_sheets(panel, tmp_path, capsys):
    doc = panel.signed(cosigners=3)
    src = tmp_path / "PANEL.json"
    src.write_bytes(panel_file_bytes(doc))
    sheet = tmp_path / "sheet.json"
    sheet.write_bytes(sheet_file_bytes(panel.sheets[0].sheet))
    out = tmp_path / "results.xlsx"
    trust = [a for i in panel.everyone for a in ("--trust", str(i.dir))]
    assert main(["export-xlsx", str(src), str(sheet), "-o", str(out), *trust]) == 0
    assert "1 sheet(s), 1 panel result(s), 1 school(s)" in capsys.readouterr().out
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "合议汇总" and "评分汇总" in wb.sheetnames
    summary = _rows(wb["合议汇总"])
    row = next(r for r in summary if r[0] == doc["school"]["code"])
    assert row[3] == 3 and row[5] == doc["agreement"]["alpha"] and row[10] == "是"
    assert Decimal(str(row[6])) == Decimal(doc["result"]["total"])
    ws = wb[next(n for n in wb.sheetnames if n.startswith("合议 "))]
    rows = _rows(ws)
    head = rows[2]
    names = [m["name"] for m in doc["members"]]
    assert head[5:8] == names and head[8:] == ["计算值", "最终值", "极差", "分歧", "调整理由"]
    by_item = {r[2]: r for r in rows[3:] if isinstance(r[2], str) and r[2].startswith("B")}
    assert len(by_item) == 51
    for iid, rec in doc["items"].items():
        r = by_item[iid]
        fps = [m["fingerprint"] for m in doc["members"]]
        assert [Decimal(str(v)) for v in r[5:8]] == [Decimal(rec["scores"][fp]) for fp in fps], iid
        assert Decimal(str(r[8])).quantize(Decimal("0.01")) == Decimal(rec["computed"]), iid
        assert Decimal(str(r[9])) == Decimal(rec["final"]), iid
        assert (r[11] == "分歧") == rec["flagged"], iid
    assert by_item["B3.2"][12] == doc["items"]["B3.2"]["override"]["reason"]
    total = next(r for r in rows if r[0] == "总分")
    assert Decimal(str(total[9])) == Decimal(doc["result"]["total"])
    signed = [r for r in rows if r[0] in ("评估组组长", "评估组成员")]
    assert len(signed) == 4 and all(r[3] != "未签" for r in signed)


def test_export_unsigned_panel_marks_it_not_final(panel, tmp_path):
    from workbench.panel.verify import verify_panel_bytes
    from workbench.printing.xlsx import export_xlsx_with_panels

    v = verify_panel_bytes(panel_file_bytes(panel.signed(cosigners=1)), None, check_trust_roots=False)
    out = export_xlsx_with_panels([], [v], tmp_path / "p.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "合议汇总" and len(wb.sheetnames) == 2
    row = _rows(wb["合议汇总"])[2]
    assert row[10] == "否"
    rows = _rows(wb[wb.sheetnames[1]])
    assert sum(1 for r in rows if r[3] == "未签") == 2


def test_tampered_panel_not_exported(panel, tmp_path, capsys):
    data = panel_file_bytes(panel.signed(cosigners=3)).replace(b'"opinion":"', b'"opinion":"X', 1)
    src = tmp_path / "PANEL.json"
    src.write_bytes(data)
    assert main(["export-xlsx", str(src), "-o", str(tmp_path / "x.xlsx")]) != 0
    err = capsys.readouterr().err
    assert "does not verify" in err and err.count("\n") == 1
    assert not (tmp_path / "x.xlsx").exists()
