"""Excel export of verified score sheets: one worksheet per school plus a summary, print-ready.

Each school's worksheet lists every item (A, B, item, requirement, points, self-assessment)
with one score column per reviewer and the mean; A subtotals and the total follow. Scores
are written as numbers (Decimal → exact float of a half-point value, which is exact in
binary) with a "0.0" format, so Excel can sum them; the sheets' own totals are printed too.
Page setup: A4, landscape for wide panels, fit to one page wide, header rows repeated, and
every row's height written to fit its wrapped text (`xlsx_fit`), since LibreOffice and others
do not grow rows on opening: checked by printing through LibreOffice (tests/printing).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from workbench.atomic import atomic_write
from workbench.errors import WorkbenchError
from workbench.printing.panel import mean
from workbench.printing.style import OUTCOME_ZH, STAGE_ZH
from workbench.printing.xlsx_fit import fit_rows, set_print_area
from workbench.rubric.loader import rubric_by_hash
from workbench.signing.sheet import compute_result, sheet_hash

FONT = "宋体"  # SimSun: the font Chinese government forms use; Excel substitutes if missing
_THIN = Side(style="thin", color="444444")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="D0D8E4")
_SUB_FILL = PatternFill("solid", fgColor="E8ECF2")
_NUM = "0.0"
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _num(v: Decimal | str | None) -> float | None:
    """Half-point scores are exact in binary, so the float Excel stores equals the Decimal."""
    return None if v is None else float(Decimal(v))


def _cell(ws: Worksheet, row: int, col: int, value: Any, *, bold: bool = False, size: float = 10.5,
          fill: PatternFill | None = None, align: Alignment = _WRAP, number: str | None = None) -> None:
    c = ws.cell(row=row, column=col, value=value)
    c.font = Font(name=FONT, size=size, bold=bold)
    c.alignment = align
    c.border = _BORDER
    if fill is not None:
        c.fill = fill
    if number:
        c.number_format = number


def _safe_title(name: str, used: set[str]) -> str:
    base = "".join(ch for ch in name if ch not in '[]:*?/\\')[:28] or "school"
    title, n = base, 2
    while title in used:
        title = f"{base[:25]}~{n}"
        n += 1
    used.add(title)
    return title


def _school_sheet(ws: Worksheet, sheets: Sequence[Mapping[str, Any]]) -> None:
    first = sheets[0]
    rubric = rubric_by_hash(first["rubric"]["hash"])
    assert rubric is not None  # sheets were verified before export
    results = [compute_result(rubric, s) for s in sheets]
    sa = first.get("self_assessment") or {}
    names = [s["reviewer"]["name"] for s in sheets]
    ncols = 6 + len(names) + (1 if len(names) > 1 else 0)
    sc = first["school"]
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    _cell(ws, 1, 1, f"{rubric.title.zh.replace('评估细则', '')}评估评分汇总表", bold=True, size=16, align=_CENTER)
    ws.row_dimensions[1].height = 30
    info = (f"学校:{sc.get('name', '')}({sc.get('code', '')})  学段:{STAGE_ZH.get(sc.get('stage', ''), '')}  "
            f"材料包:{first['package']['manifest_hash'][7:23]}")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
    _cell(ws, 2, 1, info, align=_CENTER)
    head = ["一级指标", "二级指标", "项目", "评估要求", "分值", "自评"] + names + (["平均"] if len(names) > 1 else [])
    for col, h in enumerate(head, 1):
        _cell(ws, 3, col, h, bold=True, fill=_HEAD_FILL, align=_CENTER)
    row = 4
    for area in rubric.areas:
        a_start = row
        for ind in area.indicators:
            b_start = row
            for item in ind.items:
                _cell(ws, row, 1, f"{area.id} {area.title.zh}", align=_CENTER)
                _cell(ws, row, 2, f"{ind.id} {ind.title.zh}", align=_CENTER)
                _cell(ws, row, 3, item.id, align=_CENTER)
                _cell(ws, row, 4, item.text.zh, size=9)
                _cell(ws, row, 5, _num(item.points), number=_NUM, align=_CENTER)
                _cell(ws, row, 6, _num(sa.get(item.id)), number=_NUM, align=_CENTER)
                vals = [s["items"][item.id]["score"] for s in sheets]
                for k, v in enumerate(vals):
                    _cell(ws, row, 7 + k, _num(v), number=_NUM, align=_CENTER)
                if len(names) > 1:
                    given = [Decimal(v) for v in vals if v is not None]
                    _cell(ws, row, 7 + len(names), _num(mean(given)) if given else None, number="0.00",
                          align=_CENTER)
                row += 1
            if row - 1 > b_start:
                ws.merge_cells(start_row=b_start, start_column=2, end_row=row - 1, end_column=2)
        ws.merge_cells(start_row=a_start, start_column=1, end_row=row - 1, end_column=1)
        _cell(ws, row, 1, f"{area.id} 小计", bold=True, fill=_SUB_FILL, align=_CENTER)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        _cell(ws, row, 5, _num(area.weight), number=_NUM, fill=_SUB_FILL, align=_CENTER)
        a_sa = [Decimal(sa[i.id]) for b in area.indicators for i in b.items if i.id in sa]
        _cell(ws, row, 6, _num(sum(a_sa, Decimal(0))) if sa else None, number=_NUM, fill=_SUB_FILL, align=_CENTER)
        for k, r in enumerate(results):
            _cell(ws, row, 7 + k, _num(r.areas[area.id]), number=_NUM, fill=_SUB_FILL, align=_CENTER, bold=True)
        if len(names) > 1:
            _cell(ws, row, 7 + len(names), _num(mean([r.areas[area.id] for r in results])), number="0.00",
                  fill=_SUB_FILL, align=_CENTER, bold=True)
        row += 1
    _cell(ws, row, 1, "总分", bold=True, fill=_HEAD_FILL, align=_CENTER, size=12)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    _cell(ws, row, 5, _num(rubric.total_points), number=_NUM, fill=_HEAD_FILL, align=_CENTER, bold=True)
    _cell(ws, row, 6, _num(sum((Decimal(v) for v in sa.values()), Decimal(0))) if sa else None, number=_NUM,
          fill=_HEAD_FILL, align=_CENTER)
    for k, r in enumerate(results):
        _cell(ws, row, 7 + k, _num(r.total), number=_NUM, fill=_HEAD_FILL, align=_CENTER, bold=True, size=12)
    if len(names) > 1:
        _cell(ws, row, 7 + len(names), _num(mean([r.total for r in results])), number="0.00", fill=_HEAD_FILL,
              align=_CENTER, bold=True, size=12)
    row += 1
    _cell(ws, row, 1, "结论", bold=True, align=_CENTER)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
    for k, r in enumerate(results):
        _cell(ws, row, 7 + k, OUTCOME_ZH[r.outcome] + ("(临时)" if r.provisional else ""), size=9, align=_CENTER)
    for col, w in zip(range(1, ncols + 1), [12, 16, 7, 60, 7.5, 7.5] + [9] * (len(names) + 1), strict=False):
        ws.column_dimensions[get_column_letter(col)].width = w
    _page_setup(ws, landscape=len(names) > 3, header_rows="3:3")


def _page_setup(ws: Worksheet, *, landscape: bool, header_rows: str | None) -> None:
    """Paper, scaling, repeated header rows, and row heights that fit the wrapped text: called
    last, once the sheet's cells and column widths are final."""
    fit_rows(ws)
    set_print_area(ws)
    for rng in ws.merged_cells.ranges:  # edges take the top-left cell's border (merged before it had one)
        rng.format()
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    if header_rows:
        ws.print_title_rows = header_rows
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.freeze_panes = "E4" if header_rows else None


def _summary(ws: Worksheet, by_school: Mapping[str, list[Mapping[str, Any]]]) -> None:
    head = ["学校代码", "学校名称", "评估专家", "工作单位", "版本", "签署时间 (UTC)", "总分", "结论", "临时",
            "标记", "评分表散列"]
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(head))
    _cell(ws, 1, 1, "智慧校园评估评分汇总", bold=True, size=16, align=_CENTER)
    ws.row_dimensions[1].height = 30
    for col, h in enumerate(head, 1):
        _cell(ws, 2, col, h, bold=True, fill=_HEAD_FILL, align=_CENTER)
    row = 3
    for code, sheets in by_school.items():
        for s in sheets:
            r = s["result"]
            vals = [code, s["school"].get("name", ""), s["reviewer"]["name"], s["reviewer"]["org"], s["revision"],
                    s["signed_at"].replace("T", " ").rstrip("Z"), _num(r["total"]), OUTCOME_ZH[r["outcome"]],
                    "是" if s["provisional"] else "", "、".join(r["flags"]), sheet_hash(s)[7:23]]
            for col, v in enumerate(vals, 1):
                _cell(ws, row, col, v, number=_NUM if col == 7 else None,
                      align=_CENTER if col in (1, 5, 7, 9) else _WRAP)
            row += 1
    for col, w in enumerate([12, 24, 10, 20, 6, 22, 8, 16, 6, 18, 20], 1):
        ws.column_dimensions[get_column_letter(col)].width = w
    _page_setup(ws, landscape=True, header_rows="2:2")
    ws.freeze_panes = "A3"


def export_xlsx(sheets: Sequence[Mapping[str, Any]], path: str | Path) -> Path:
    """Write verified sheets to an .xlsx: summary first, then one worksheet per school."""
    if not sheets:
        raise WorkbenchError("no score sheets to export")
    by_school: dict[str, list[Mapping[str, Any]]] = {}
    for s in sheets:
        by_school.setdefault(s["school"]["code"], []).append(s)
    wb = Workbook()
    summary = wb.active
    summary.title = "汇总"
    _summary(summary, by_school)
    used = {"汇总"}
    for code, group in by_school.items():
        hashes = {s["package"]["manifest_hash"] for s in group} | {s["rubric"]["hash"] for s in group}
        if len(hashes) != 2:
            raise WorkbenchError(f"{code}: the sheets score different package versions or rubrics",
                                 hint="export sheets of the same package version together")
        _school_sheet(wb.create_sheet(_safe_title(f"{code} {group[0]['school'].get('name', '')}", used)), group)
    return atomic_write(path, wb.save, what="workbook")



# -- panel results (issue 9) ----------------------------------------------------------------------
_FLAG_FILL = PatternFill("solid", fgColor="FDE2C4")
_OVERRIDE_FILL = PatternFill("solid", fgColor="DBEAFE")
_CENT = "0.00"
_METHOD_ZH = {"mean": "平均值", "median": "中位数", "trimmed": "去掉最高最低分后的平均值"}


def _panel_sheet(ws: Worksheet, panel: Any) -> None:
    """One panel result: every item with each member's score, computed, final, spread, reason."""
    from workbench.printing.panel import computed_result, member_results, panel_rubric, signer_rows

    doc = panel.doc
    rubric = panel_rubric(doc)
    people = signer_rows(doc)
    members = [p for p in people if p["role"] == "member"]
    own = member_results(doc, rubric)
    computed = computed_result(doc, rubric)
    final = doc["result"]
    first_m = 6
    c_comp, c_final, c_spread, c_flag, c_reason = (first_m + len(members) + k for k in range(5))
    ncols = c_reason
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    _cell(ws, 1, 1, f"{rubric.title.zh.replace('评估细则', '')}评估组合议结果", bold=True, size=16, align=_CENTER)
    ws.row_dimensions[1].height = 30
    sc = doc["school"]
    alpha = doc["agreement"].get("alpha")
    info = (f"学校:{sc.get('name', '')}({sc.get('code', '')})  合议第 {doc['revision']} 版  "
            f"方法:{_METHOD_ZH.get(doc['method'], doc['method'])}  分歧标准:极差超过分值的 "
            f"{Decimal(doc['spread_threshold']) * 100:.0f}%  Krippendorff α:{alpha if alpha is not None else '—'}  "
            f"{'已定稿' if panel.final else '未定稿(签名未齐)'}  散列:{panel.panel_hash[7:23]}")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
    _cell(ws, 2, 1, info, align=_CENTER)
    head = (["一级指标", "二级指标", "项目", "评估要求", "分值"] + [m["name"] for m in members]
            + ["计算值", "最终值", "极差", "分歧", "调整理由"])
    for col, h in enumerate(head, 1):
        _cell(ws, 3, col, h, bold=True, fill=_HEAD_FILL, align=_CENTER)
    row = 4
    for area in rubric.areas:
        a_start = row
        for ind in area.indicators:
            b_start = row
            for item in ind.items:
                rec = doc["items"][item.id]
                _cell(ws, row, 1, f"{area.id} {area.title.zh}", align=_CENTER)
                _cell(ws, row, 2, f"{ind.id} {ind.title.zh}", align=_CENTER)
                _cell(ws, row, 3, item.id, align=_CENTER)
                _cell(ws, row, 4, item.text.zh, size=9)
                _cell(ws, row, 5, _num(item.points), number=_NUM, align=_CENTER)
                flag = _FLAG_FILL if rec.get("flagged") else None
                for k, m in enumerate(members):
                    _cell(ws, row, first_m + k, _num(rec["scores"].get(m["fingerprint"])), number=_NUM,
                          align=_CENTER, fill=flag)
                over = rec.get("override")
                _cell(ws, row, c_comp, _num(rec.get("computed")), number=_CENT, align=_CENTER)
                _cell(ws, row, c_final, _num(rec.get("final")), number=_CENT, align=_CENTER, bold=True,
                      fill=_OVERRIDE_FILL if over else None)
                _cell(ws, row, c_spread, _num(rec.get("spread")), number=_NUM, align=_CENTER, fill=flag)
                _cell(ws, row, c_flag, "分歧" if rec.get("flagged") else "", align=_CENTER, fill=flag)
                _cell(ws, row, c_reason, over["reason"] if over else "", size=9)
                row += 1
            if row - 1 > b_start:
                ws.merge_cells(start_row=b_start, start_column=2, end_row=row - 1, end_column=2)
        ws.merge_cells(start_row=a_start, start_column=1, end_row=row - 1, end_column=1)
        _panel_total_row(ws, row, f"{area.id} 小计", area.weight, [own[m["fingerprint"]].areas[area.id] for m in members],
                         computed.areas[area.id], final["areas"][area.id], first_m, c_comp, c_final, _SUB_FILL)
        row += 1
    _panel_total_row(ws, row, "总分", rubric.total_points, [own[m["fingerprint"]].total for m in members],
                     computed.total, final["total"], first_m, c_comp, c_final, _HEAD_FILL)
    row += 1
    _cell(ws, row, 1, "结论", bold=True, align=_CENTER)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
    for k, m in enumerate(members):
        _cell(ws, row, first_m + k, OUTCOME_ZH[own[m["fingerprint"]].outcome], size=9, align=_CENTER)
    _cell(ws, row, c_final, OUTCOME_ZH[final["outcome"]], size=9, align=_CENTER, bold=True)
    row += 1
    _cell(ws, row, 1, "偏差(平均)/ 分歧项数", bold=True, align=_CENTER)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
    for k, m in enumerate(members):
        a = doc["agreement"]["members"].get(m["fingerprint"]) or {}
        dev = a.get("mean_deviation")
        _cell(ws, row, first_m + k, f"{dev if dev is not None else '—'} / {a.get('flagged_items', 0)}", size=9,
              align=_CENTER)
    row += 2
    signed = {fp: at for _s, fp, at in getattr(panel, "signers", [])}
    uncounted = getattr(panel, "unwitnessed_signers", {})  # signed, but not counted (revoked, unwitnessed)
    for col, h in enumerate(["职务", "姓名", "工作单位", "签名时间 (UTC)"], 1):
        _cell(ws, row, col, h, bold=True, fill=_HEAD_FILL, align=_CENTER)
    for p in people:
        row += 1
        vals = ["评估组组长" if p["role"] == "chair" else "评估组成员", p["name"], p["org"],
                (signed.get(p["fingerprint"]) or ("不计入(证书已吊销,签名时间无见证)" if p["fingerprint"] in uncounted
                                                   else "未签")).replace("T", " ").rstrip("Z")]
        for col, v in enumerate(vals, 1):
            _cell(ws, row, col, v, align=_CENTER if col != 3 else _WRAP)
    widths = [12, 16, 7, 50, 7.5] + [9] * len(members) + [8, 8, 6, 6, 36]
    for col, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = w
    _page_setup(ws, landscape=True, header_rows="3:3")


def _panel_total_row(ws: Worksheet, row: int, label: str, points: Decimal, own: Sequence[Decimal],
                     computed: Decimal, final: str, first_m: int, c_comp: int, c_final: int,
                     fill: PatternFill) -> None:
    _cell(ws, row, 1, label, bold=True, fill=fill, align=_CENTER)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    _cell(ws, row, 5, _num(points), number=_NUM, fill=fill, align=_CENTER)
    for k, v in enumerate(own):
        _cell(ws, row, first_m + k, _num(v), number=_NUM, fill=fill, align=_CENTER, bold=True)
    _cell(ws, row, c_comp, _num(computed), number=_CENT, fill=fill, align=_CENTER, bold=True)
    _cell(ws, row, c_final, _num(final), number=_CENT, fill=fill, align=_CENTER, bold=True)


def _panel_summary(ws: Worksheet, panels: Sequence[Any]) -> None:
    head = ["学校代码", "学校名称", "版本", "专家数", "方法", "Krippendorff α", "合议总分", "结论", "分歧项",
            "调整项", "定稿", "合议结果散列"]
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(head))
    _cell(ws, 1, 1, "智慧校园评估组合议结果汇总", bold=True, size=16, align=_CENTER)
    ws.row_dimensions[1].height = 30
    for col, h in enumerate(head, 1):
        _cell(ws, 2, col, h, bold=True, fill=_HEAD_FILL, align=_CENTER)
    for row, p in enumerate(panels, 3):
        d = p.doc
        items = d["items"].values()
        vals = [d["school"].get("code", ""), d["school"].get("name", ""), d["revision"], len(d["members"]),
                _METHOD_ZH.get(d["method"], d["method"]), d["agreement"].get("alpha") or "—",
                _num(d["result"]["total"]), OUTCOME_ZH[d["result"]["outcome"]],
                sum(1 for i in items if i.get("flagged")), sum(1 for i in items if i.get("override")),
                "是" if p.final else "否", p.panel_hash[7:23]]
        for col, v in enumerate(vals, 1):
            _cell(ws, row, col, v, number=_CENT if col == 7 else None,
                  align=_WRAP if col in (2, 5) else _CENTER)
    for col, w in enumerate([12, 24, 6, 7, 14, 12, 10, 16, 8, 8, 6, 20], 1):
        ws.column_dimensions[get_column_letter(col)].width = w
    _page_setup(ws, landscape=True, header_rows="2:2")
    ws.freeze_panes = "A3"


def export_xlsx_with_panels(sheets: Sequence[Mapping[str, Any]], panels: Sequence[Any], path: str | Path) -> Path:
    """Sheets as `export_xlsx` writes them, plus panel results (verified: `.doc`, `.final`,
    `.panel_hash`, `.signers`): a panel summary and one 合议 worksheet per panel result."""
    if not panels:
        return export_xlsx(sheets, path)
    wb = Workbook()
    first = wb.active
    first.title = "合议汇总"
    _panel_summary(first, panels)
    used = {"合议汇总"}
    if sheets:
        by_school: dict[str, list[Mapping[str, Any]]] = {}
        for s in sheets:
            by_school.setdefault(s["school"]["code"], []).append(s)
        _summary(wb.create_sheet("评分汇总"), by_school)
        used.add("评分汇总")
        for code, group in by_school.items():
            hashes = {s["package"]["manifest_hash"] for s in group} | {s["rubric"]["hash"] for s in group}
            if len(hashes) != 2:
                raise WorkbenchError(f"{code}: the sheets score different package versions or rubrics",
                                     hint="export sheets of the same package version together")
            _school_sheet(wb.create_sheet(_safe_title(f"{code} {group[0]['school'].get('name', '')}", used)), group)
    for p in panels:
        sc = p.doc["school"]
        _panel_sheet(wb.create_sheet(_safe_title(f"合议 {sc.get('code', '')} {sc.get('name', '')}", used)), p)
    return atomic_write(path, wb.save, what="workbook")
