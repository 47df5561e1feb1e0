"""The Excel workbook a school fills in: 申报表 (application, 附件3) and 自评表 (from the rubric).

Field rows are found by their label in column A, so a school may reorder rows or add
notes; the score column of 自评表 carries data validation (a decimal from 0 to the item's
points). `workbench.evidence.workbook` reads it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from workbench.atomic import atomic_write
from workbench.decimals import fmt
from workbench.rubric import DEFAULT_RUBRIC_ID, Rubric, load_rubric

FORM_SHEET = "申报表"
SELF_SHEET = "自评表"
SCORE_COLUMN = "E"

STAGES = {"小学": "primary", "初中": "junior", "高中": "senior", "九年一贯制学校": "nine-year",
          "完全中学": "complete", "职业学校": "vocational", "教学点": "teaching-point"}
APPLICATION_TYPES = {"智慧校园示范校": "demonstration", "智慧校园合格校": "qualified"}
YES_NO = {"是": True, "否": False}


@dataclass(frozen=True)
class Field:
    key: str  # where it goes: "school.name", "application.type", "rubric" …
    label: str  # column A, as on 附件3 where the form has it
    kind: str  # text | code | int | choice | date | bool | formula
    required: bool = False
    note: str = ""
    choices: tuple[str, ...] = ()


FIELDS: tuple[Field, ...] = (
    Field("school.name", "学校名称", "text", True, "School name (全称)"),
    Field("school.code", "学校代码", "code", True,
          "School code from the county bureau, e.g. MJ-PS-001 (letters, digits, - . _)"),
    Field("school.principal", "校长", "text", False, "Principal"),
    Field("school.phone", "电话", "text", False, "Phone"),
    Field("school.website", "学校网址", "text", False, "School website"),
    Field("application.type", "申报类型", "choice", True, "Application type",
          tuple(APPLICATION_TYPES)),
    Field("school.stage", "学段", "choice", True, "School stage", tuple(STAGES)),
    Field("school.classes", "班级数", "int", False, "Number of classes"),
    Field("school.students", "学生人数", "int", False, "Number of students"),
    Field("self_total", "自评分数", "formula", False,
          "Self-assessment total, computed from 自评表 (not read back)"),
    Field("application.reason", "申报理由", "text", False, "Reasons for applying"),
    Field("application.submitted", "申报日期", "date", False, "Date of application (YYYY-MM-DD)"),
    Field("school.teachers", "教师人数", "int", False, "Teachers (for B3.1 teacher:computer ratio)"),
    Field("school.student_computers", "学生用计算机台数", "int", False,
          "Computers for students (B3.1 student:computer ratio)"),
    Field("school.teacher_computers", "教师用计算机台数", "int", False, "Computers for teachers"),
    Field("school.network_admins", "专职网管员人数", "int", False,
          "Full-time network administrators (B1.4)"),
    Field("school.four_star", "四星级高中", "bool", False, "Four-star senior high school? 是/否"),
    Field("rubric", "评估细则", "text", True, "Rubric id; do not change"),
)

_HEAD = Font(bold=True)
_FILL = PatternFill("solid", fgColor="DDEBF7")
_INPUT = PatternFill("solid", fgColor="FFF2CC")
_WRAP = Alignment(wrap_text=True, vertical="top")


def write_template(out: str | Path, rubric: Rubric | None = None) -> Path:
    rubric = rubric or load_rubric(DEFAULT_RUBRIC_ID)
    wb = Workbook()
    ws = wb.active
    ws.title = FORM_SHEET
    ws["A1"] = "麻江县智慧校园申报表"
    ws["A1"].font = Font(bold=True, size=14)
    for col, text in zip("ABC", ("项目", "填写", "说明 Notes"), strict=True):
        ws[f"{col}2"] = text
        ws[f"{col}2"].font = _HEAD
        ws[f"{col}2"].fill = _FILL
    n_items = len(rubric.items)
    for row, f in enumerate(FIELDS, start=3):
        ws[f"A{row}"] = f.label + (" *" if f.required else "")
        ws[f"C{row}"] = f.note
        cell = ws[f"B{row}"]
        cell.alignment = _WRAP
        if f.kind == "formula":
            cell.value = f"=SUM('{SELF_SHEET}'!{SCORE_COLUMN}2:{SCORE_COLUMN}{n_items + 1})"
            continue
        cell.fill = _INPUT
        if f.key == "rubric":
            cell.value = rubric.id
        if f.kind in ("choice", "bool"):
            options = f.choices if f.kind == "choice" else tuple(YES_NO)
            dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
            ws.add_data_validation(dv)
            dv.add(cell.coordinate)
        elif f.kind == "int":
            dv = DataValidation(type="whole", operator="between", formula1="0", formula2="10000000",
                                allow_blank=True, error="请输入非负整数 (a whole number)")
            ws.add_data_validation(dv)
            dv.add(cell.coordinate)
        elif f.kind == "date":
            cell.number_format = "yyyy-mm-dd"
        elif f.kind in ("text", "code"):
            cell.number_format = "@"
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 50
    _self_sheet(wb, rubric)
    return atomic_write(out, wb.save, what="workbook")


def _self_sheet(wb: Workbook, rubric: Rubric) -> None:
    ws = wb.create_sheet(SELF_SHEET)
    header = ("项目编号", "二级指标", "评估要求", "分值", "自评分")
    for col, text in zip("ABCDE", header, strict=True):
        ws[f"{col}1"] = text
        ws[f"{col}1"].font = _HEAD
        ws[f"{col}1"].fill = _FILL
    ws.freeze_panes = "A2"
    for row, item in enumerate(rubric.iter_items(), start=2):
        b = rubric.indicator(item.indicator_id)
        ws[f"A{row}"] = item.id
        ws[f"B{row}"] = f"{b.id} {b.title.zh}"
        ws[f"C{row}"] = item.text.zh
        ws[f"D{row}"] = float(item.points) if item.points != int(item.points) else int(item.points)
        for col in "BC":
            ws[f"{col}{row}"].alignment = _WRAP
        cell = ws[f"{SCORE_COLUMN}{row}"]
        cell.fill = _INPUT
        dv = DataValidation(type="decimal", operator="between", formula1="0",
                            formula2=fmt(item.points), allow_blank=True,
                            errorTitle="自评分", error=f"0 – {fmt(item.points)},"
                            f" 步长 {fmt(rubric.rules.score_step)}")
        ws.add_data_validation(dv)
        dv.add(cell.coordinate)
    for col, width in zip("ABCDE", (10, 28, 70, 8, 10), strict=True):
        ws.column_dimensions[col].width = width
