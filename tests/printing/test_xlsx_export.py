"""Excel export: one worksheet per school plus a summary, numbers that match the sheets, print setup."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).parent.parent / "signing"))
from sheet_helpers import full_scores, make_identity, signed_sheet  # noqa: E402

from workbench.cli.main import main  # noqa: E402
from workbench.errors import WorkbenchError  # noqa: E402
from workbench.printing.xlsx import export_xlsx  # noqa: E402
from workbench.signing.sheet import write_sheet  # noqa: E402


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    d = tmp_path_factory.mktemp("ids")
    a, b = make_identity(d / "a"), make_identity(d / "b", name="李四", role="chair")
    return [signed_sheet(a), signed_sheet(b, full_scores(shift=3))]


def test_workbook_layout_and_numbers(sheets, tmp_path):
    out = export_xlsx(sheets, tmp_path / "x.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "汇总" and len(wb.sheetnames) == 2
    summary, school = wb["汇总"], wb[wb.sheetnames[1]]
    assert summary.cell(3, 3).value == "张三" and summary.cell(4, 3).value == "李四"
    assert Decimal(str(summary.cell(3, 7).value)) == Decimal(sheets[0]["result"]["total"])
    # the school sheet: header row, 51 items + 5 subtotals, then the total row
    assert [school.cell(3, c).value for c in range(1, 10)] == [
        "一级指标", "二级指标", "项目", "评估要求", "分值", "自评", "张三", "李四", "平均"]
    total_row = next(r for r in range(4, 80) if school.cell(r, 1).value == "总分")
    assert total_row == 4 + 51 + 5
    assert Decimal(str(school.cell(total_row, 7).value)) == Decimal(sheets[0]["result"]["total"])
    assert Decimal(str(school.cell(total_row, 8).value)) == Decimal(sheets[1]["result"]["total"])
    item_rows = [r for r in range(4, total_row) if school.cell(r, 3).value]
    assert len(item_rows) == 51
    col_sum = sum(Decimal(str(school.cell(r, 7).value)) for r in item_rows)
    assert col_sum == Decimal(sheets[0]["result"]["total"])
    assert school.cell(4, 1).font.name == "宋体" and school.cell(4, 7).number_format == "0.0"
    assert any(str(m).startswith("A1:") for m in school.merged_cells.ranges)
    assert int(school.page_setup.paperSize) == 9 and school.print_title_rows == "$3:$3"
    assert school.sheet_properties.pageSetUpPr.fitToPage


def test_cli_refuses_a_sheet_that_does_not_verify(sheets, tmp_path, capsys):
    good = write_sheet(sheets[0], tmp_path / "a.json")
    bad = tmp_path / "b.json"
    data = bytearray(good.read_bytes())
    data[200] ^= 1
    bad.write_bytes(bytes(data))
    assert main(["export-xlsx", str(good), str(bad), "-o", str(tmp_path / "o.xlsx")]) != 0
    assert "does not verify" in capsys.readouterr().err and not (tmp_path / "o.xlsx").exists()
    assert main(["export-xlsx", str(good), "-o", str(tmp_path / "o.xlsx")]) == 0


def test_mixed_package_versions_refused(sheets, tmp_path):
    other = dict(sheets[1], package={"manifest_hash": "sha256:" + "1" * 64})
    with pytest.raises(WorkbenchError, match="different package versions"):
        export_xlsx([sheets[0], other], tmp_path / "x.xlsx")
