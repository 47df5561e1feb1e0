"""Template → fill (openpyxl, as a school would) → build → verify, and the builder's errors."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import ExifTags, Image

from workbench.errors import PackageError
from workbench.evidence import build_package, verify_package, write_template
from workbench.evidence.template import FORM_SHEET, SELF_SHEET
from workbench.rubric import load_rubric

FORM = {"学校名称": "麻江县测试小学", "学校代码": "MJ-PS-900", "校长": "王校长", "电话": 85521234,
        "学校网址": "http://t.example.cn", "申报类型": "智慧校园示范校", "学段": "小学", "班级数": 12,
        "学生人数": 540.0, "申报理由": "理由", "申报日期": dt.datetime(2026, 10, 8),
        "教师人数": 30, "学生用计算机台数": 60, "四星级高中": "否"}


def fill(path: Path, form: dict, scores: dict) -> dict[str, int]:
    """Fill the template like a person in Excel; returns item id → row of 自评表."""
    wb = load_workbook(path)
    ws = wb[FORM_SHEET]
    for row in range(1, ws.max_row + 1):
        label = str(ws[f"A{row}"].value or "").replace("*", "").strip()
        if label in form:
            ws[f"B{row}"] = form[label]
    ws = wb[SELF_SHEET]
    rows = {}
    for row in range(2, ws.max_row + 1):
        rows[ws[f"A{row}"].value] = row
        if ws[f"A{row}"].value in scores:
            ws[f"E{row}"] = scores[ws[f"A{row}"].value]
    wb.save(path)
    return rows


def _jpeg_with_date(taken: str) -> bytes:
    exif = Image.Exif()
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (0, 128, 0)).save(buf, "JPEG", exif=exif.tobytes())
    return buf.getvalue()


@pytest.fixture
def school(tmp_path: Path) -> Path:
    folder = tmp_path / "school"
    folder.mkdir()
    write_template(folder / "申报表.xlsx")
    fill(folder / "申报表.xlsx", FORM, {"B1.1": 1, "B2.1": 2.5, "B3.2": "1.5", "B29.2": 0})
    (folder / "B1").mkdir()
    (folder / "B1" / "2025-03-04 信息化工作会议记录.pdf").write_bytes(b"%PDF-1.4 minutes")
    (folder / "B03 硬件设施").mkdir()
    (folder / "B03 硬件设施" / "机房.jpg").write_bytes(_jpeg_with_date("2025:05:20 10:00:00"))
    (folder / "B03 硬件设施" / "sub").mkdir()
    (folder / "B03 硬件设施" / "sub" / "20240115_清单.txt").write_text("清单")
    (folder / "B03 硬件设施" / ".DS_Store").write_bytes(b"junk")  # ignored
    return folder


def test_evidence_template_has_form_and_every_item(tmp_path: Path) -> None:
    rubric = load_rubric("majiang-2015")
    p = write_template(tmp_path / "t.xlsx")
    wb = load_workbook(p)
    labels = [str(c.value).replace("*", "").strip() for c in wb[FORM_SHEET]["A"] if c.value]
    for label in ("学校名称", "校长", "电话", "学校网址", "申报类型", "班级数", "学生人数", "自评分数",
                  "申报理由", "学校代码", "学段", "教师人数", "四星级高中"):
        assert label in labels
    ws = wb[SELF_SHEET]
    items = [ws[f"A{r}"].value for r in range(2, ws.max_row + 1)]
    assert items == [i.id for i in rubric.items]
    assert ws["C2"].value == rubric.items[0].text.zh
    assert ws["B2"].value.startswith("B1 ")
    dvs = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    row = items.index("B2.1") + 2
    dv = dvs[f"E{row}"]
    assert (dv.type, dv.operator, dv.formula1, dv.formula2) == ("decimal", "between", "0", "3")
    assert ws[f"D{row}"].value == 3


def test_evidence_fill_build_verify(school: Path, tmp_path: Path) -> None:
    out = tmp_path / "school.wbpkg"
    m = build_package(school, out)
    v = verify_package(out)
    assert v.manifest == m
    s = m["school"]
    assert s == {"name": "麻江县测试小学", "code": "MJ-PS-900", "principal": "王校长", "phone": "85521234",
                 "website": "http://t.example.cn", "stage": "primary", "classes": 12, "students": 540,
                 "teachers": 30, "student_computers": 60, "four_star": False}
    assert m["application"] == {"type": "demonstration", "reason": "理由", "submitted": "2026-10-08"}
    assert m["self_assessment"] == {"B1.1": "1", "B2.1": "2.5", "B3.2": "1.5", "B29.2": "0"}
    files = {f["path"]: f for f in m["files"]}
    assert set(files) == {"B1/2025-03-04 信息化工作会议记录.pdf", "B3/机房.jpg", "B3/sub/20240115_清单.txt"}
    assert files["B1/2025-03-04 信息化工作会议记录.pdf"]["date"] == "2025-03-04"
    assert files["B1/2025-03-04 信息化工作会议记录.pdf"]["title"] == "信息化工作会议记录"
    assert files["B3/机房.jpg"]["date"] == "2025-05-20"  # from EXIF
    assert files["B3/sub/20240115_清单.txt"]["date"] == "2024-01-15"
    assert all(f["indicators"] == [f["path"][:2]] for f in m["files"])


def test_evidence_build_is_deterministic(school: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.wbpkg", tmp_path / "b.wbpkg"
    build_package(school, a)
    build_package(school, b)
    assert a.read_bytes() == b.read_bytes()


def _error(folder: Path, tmp_path: Path) -> str:
    with pytest.raises(PackageError) as e:
        build_package(folder, tmp_path / "out.wbpkg")
    assert not (tmp_path / "out.wbpkg").exists()
    return str(e.value)


def test_evidence_build_bad_score_names_file_and_cell(school: Path, tmp_path: Path) -> None:
    rows = fill(school / "申报表.xlsx", {}, {"B2.1": 2.3})
    assert _error(school, tmp_path) == f"申报表.xlsx 自评表!E{rows['B2.1']}: B2.1: score 2.3 is not a multiple of 0.5"
    fill(school / "申报表.xlsx", {}, {"B2.1": 4})
    assert f"自评表!E{rows['B2.1']}: B2.1: score 4 is over the item's 3 points" in _error(school, tmp_path)
    fill(school / "申报表.xlsx", {}, {"B2.1": "两分"})
    assert f"自评表!E{rows['B2.1']}: B2.1: '两分' is not a number" in _error(school, tmp_path)


def test_evidence_build_bad_form_cells(school: Path, tmp_path: Path) -> None:
    fill(school / "申报表.xlsx", {"学生人数": "三十"}, {})
    assert "申报表.xlsx 申报表!B" in _error(school, tmp_path)
    assert "'三十' is not a whole number" in _error(school, tmp_path)
    fill(school / "申报表.xlsx", {"学生人数": 30, "学段": "大学"}, {})
    assert "'大学' is not one of 小学" in _error(school, tmp_path)
    fill(school / "申报表.xlsx", {"学段": "小学", "学校名称": None}, {})
    assert "学校名称 is required" in _error(school, tmp_path)


def test_evidence_build_folder_errors(school: Path, tmp_path: Path) -> None:
    (school / "stray.pdf").write_bytes(b"x")
    assert _error(school, tmp_path).startswith("stray.pdf: is outside any indicator folder")
    (school / "stray.pdf").unlink()
    (school / "photos").mkdir()
    assert _error(school, tmp_path).startswith("photos/: not an indicator folder")
    (school / "photos").rmdir()
    (school / "B30").mkdir()
    assert "B30/: no indicator B30 in rubric majiang-2015" in _error(school, tmp_path)
    (school / "B30").rmdir()
    (school / "B01").mkdir()
    assert "two folders for indicator B1" in _error(school, tmp_path)
    (school / "B01").rmdir()
    (school / "B1" / "link.pdf").symlink_to("/etc/passwd")
    assert _error(school, tmp_path).startswith("B1/link.pdf: is a symbolic link")
    (school / "B1" / "link.pdf").unlink()
    (school / "copy.xlsx").write_bytes((school / "申报表.xlsx").read_bytes())
    assert "2 workbooks" in _error(school, tmp_path)
    (school / "copy.xlsx").unlink()
    (school / "申报表.xlsx").write_bytes(b"not a workbook")
    assert _error(school, tmp_path).startswith("申报表.xlsx: not a readable .xlsx workbook")
    (school / "申报表.xlsx").unlink()
    assert "no .xlsx workbook" in _error(school, tmp_path)


def test_evidence_thousand_file_school(tmp_path: Path) -> None:
    folder = tmp_path / "big"
    folder.mkdir()
    write_template(folder / "申报表.xlsx")
    fill(folder / "申报表.xlsx", FORM, {"B1.1": 1})
    for i in range(1000):
        d = folder / f"B{i % 29 + 1:02d}"
        d.mkdir(exist_ok=True)
        (d / f"2025-01-{i % 28 + 1:02d} 材料{i:04d}.txt").write_text(f"材料 {i} " * (i % 50 + 1))
    out = tmp_path / "big.wbpkg"
    m = build_package(folder, out)
    assert len(m["files"]) == 1000
    v = verify_package(out)
    assert len(v.files) == 1000
    assert {i for f in v.files for i in f.indicators} == {f"B{n}" for n in range(1, 30)}
