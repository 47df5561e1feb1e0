"""The school's workbook and folder follow the same strict rules as a package: one score
grammar, whole numbers in ASCII digits within range, no names Windows treats specially."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

from workbench.errors import PackageError
from workbench.evidence import build_package, read_workbook, write_template
from workbench.evidence.template import FORM_SHEET, SELF_SHEET

FORM = {"学校名称": "麻江县测试小学", "学校代码": "MJ-PS-901", "申报类型": "智慧校园合格校", "学段": "小学",
        "学生人数": 540, "申报日期": dt.datetime(2026, 10, 8)}


def _workbook(tmp_path: Path, form: dict, scores: dict) -> Path:
    path = tmp_path / "申报表.xlsx"
    write_template(path)
    wb = load_workbook(path)
    ws = wb[FORM_SHEET]
    for row in range(1, ws.max_row + 1):
        label = str(ws[f"A{row}"].value or "").replace("*", "").strip()
        if label in form:
            ws[f"B{row}"] = form[label]
    ws = wb[SELF_SHEET]
    for row in range(2, ws.max_row + 1):
        if ws[f"A{row}"].value in scores:
            ws[f"E{row}"] = scores[ws[f"A{row}"].value]
    wb.save(path)
    return path


@pytest.mark.parametrize("text", ["0_5", "1_0", "1e-999999999", "+1", "１", "1.5 ", "1e0"])
def test_workbook_scores_follow_the_one_grammar(tmp_path: Path, text: str) -> None:
    p = _workbook(tmp_path, FORM, {"B2.1": text})
    with pytest.raises(PackageError, match=r"自评表!E\d+: B2.1: .* is not a number written like"):
        read_workbook(p)


def test_workbook_numbers_typed_as_numbers_still_read(tmp_path: Path) -> None:
    p = _workbook(tmp_path, {**FORM, "学生人数": "540"}, {"B1.1": 1, "B2.1": 2.5, "B3.2": "1.5"})
    head = read_workbook(p)
    assert head["self_assessment"] == {"B1.1": "1", "B2.1": "2.5", "B3.2": "1.5"}
    assert head["school"]["students"] == 540


@pytest.mark.parametrize(("value", "shown"), [
    ("５４０", "'５４０'"), ("²", "'²'"), ("5e2", "'5e2'"), (-1, "-1"), (10_000_001, "10000001"),
    (1e300, "a huge number"), (12.5, "12.5"), ("1" * 30, "'" + "1" * 30),
])
def test_workbook_counts_are_ascii_and_bounded(tmp_path: Path, value, shown: str) -> None:
    p = _workbook(tmp_path, {**FORM, "学生人数": value}, {})
    with pytest.raises(PackageError) as e:
        read_workbook(p)
    msg = str(e.value)
    assert "is not a whole number from 0 to 10,000,000" in msg and shown in msg and "\n" not in msg


def test_workbook_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "申报表.xlsx"
    os.mkfifo(fifo)
    with pytest.raises(PackageError, match="is a named pipe"):
        read_workbook(fifo)


@pytest.mark.parametrize("name", ["CON", "aux.pdf", "com3.jpg", "2025 会议记录.pdf.exe", "照片.jpg.lnk",
                                  "notes.txt ", "a\u202etxt.exe"])
def test_builder_refuses_names_windows_treats_specially(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "school"
    folder.mkdir()
    _workbook(folder, FORM, {})
    (folder / "B1").mkdir()
    (folder / "B1" / name).write_bytes(b"x")
    with pytest.raises(PackageError, match="cannot go in a package: .*; rename it"):
        build_package(folder, tmp_path / "out.wbpkg")
    assert not (tmp_path / "out.wbpkg").exists()
