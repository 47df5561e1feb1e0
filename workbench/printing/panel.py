"""The panel's 评估验收结论表: every reviewer's totals, the mean, the outcome, signature lines.

Made from the reviewers' verified sheets of one school and one package version. The merged
result is the mean of the reviewers' totals (to 0.01, half up) and the outcome follows
from it under the same rubric rules; a security incident recorded by any reviewer makes the
school not evaluated. Until the panel merge lands this is the layout it will print.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from workbench.decimals import fmt
from workbench.errors import WorkbenchError
from workbench.printing.form import esc, sheet_rubric, signed_date
from workbench.printing.style import (
    APPLICATION_ZH,
    FORM_SETTINGS,
    FRAME_WIDTH,
    MARGIN,
    OUTCOME_ZH,
    PAGE,
    ROLE_ZH,
    SHADE,
    SHADE_DARK,
    STAGE_ZH,
    numbered_canvas,
    rl_settings,
    styles,
    table_style,
)
from workbench.scoring.engine import outcome_for
from workbench.signing.sheet import compute_result

TITLE = "智慧校园评估验收结论表"
CENT = Decimal("0.01")


def mean(values: Sequence[Decimal]) -> Decimal:
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def panel_summary(sheets: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The merged numbers the form prints (also useful to a caller that shows them)."""
    if not sheets:
        raise WorkbenchError("no score sheets given for the panel conclusion")
    first = sheets[0]
    for s in sheets[1:]:
        if s["school"]["code"] != first["school"]["code"]:
            raise WorkbenchError("the sheets are of different schools; a conclusion covers one school")
        if s["package"]["manifest_hash"] != first["package"]["manifest_hash"]:
            raise WorkbenchError("the sheets score different package versions of the school",
                                 hint="every reviewer must score the same (newest) package")
        if s["rubric"]["hash"] != first["rubric"]["hash"]:
            raise WorkbenchError("the sheets were scored under different rubrics")
    rubric = sheet_rubric(first)
    results = [compute_result(rubric, s) for s in sheets]
    incident = any(s["security_incident"]["incident"] for s in sheets)
    total = mean([r.total for r in results])
    return {"rubric": rubric, "results": results, "incident": incident, "total": total,
            "areas": {a.id: mean([r.areas[a.id] for r in results]) for a in rubric.areas},
            "indicators": {b.id: mean([r.indicators[b.id] for r in results]) for b in rubric.indicators},
            "outcome": outcome_for(rubric, total, incident),
            "provisional": any(r.provisional for r in results)}


def _header(first: Mapping[str, Any], sheets: Sequence[Mapping[str, Any]], st: dict) -> Table:
    sc = first["school"]
    date = max((s.get("signed_at") or "" for s in sheets), default="")
    rows = [("学校名称", sc.get("name", ""), "学校代码", sc.get("code", "")),
            ("校    长", sc.get("principal", ""), "联系电话", sc.get("phone", "")),
            ("学    段", STAGE_ZH.get(sc.get("stage", ""), sc.get("stage", "")), "申报类型",
             APPLICATION_ZH.get(sc.get("application_type", ""), "")),
            ("班 级 数", sc.get("classes", ""), "学生人数", sc.get("students", "")),
            ("评估日期", signed_date({"signed_at": date}) if date else "", "评估专家", f"{len(sheets)} 人")]
    data = [[Paragraph(a, st["label"]), Paragraph(esc(b), st["value"]), Paragraph(c, st["label"]),
             Paragraph(esc(d), st["value"])] for a, b, c, d in rows]
    w = FRAME_WIDTH
    t = Table(data, colWidths=[22 * mm, w / 2 - 22 * mm, 22 * mm, w / 2 - 22 * mm])
    t.setStyle(TableStyle(table_style(("BACKGROUND", (0, 0), (0, -1), SHADE), ("BACKGROUND", (2, 0), (2, -1), SHADE),
                                      ("TOPPADDING", (0, 0), (-1, -1), 3.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 4))))
    return t


def _totals_table(sheets: Sequence[Mapping[str, Any]], summ: dict, st: dict) -> Table:
    rubric = summ["rubric"]
    areas = list(rubric.areas)
    head = ["序号", "评估专家", "工作单位"] + [f"{a.id}\n{a.title.zh}\n({fmt(a.weight)})" for a in areas] + ["总分", "结论"]
    data: list[list[Any]] = [[Paragraph(esc(h).replace("\n", "<br/>"), st["headsmall"]) for h in head]]
    for n, (s, r) in enumerate(zip(sheets, summ["results"], strict=True), 1):
        rev = s["reviewer"]
        name = rev["name"] + ("(组长)" if rev.get("role") == "chair" else "")
        concl = OUTCOME_ZH.get(r.outcome, r.outcome) + ("(临时)" if r.provisional else "")
        data.append([str(n), Paragraph(esc(name), st["base"]), Paragraph(esc(rev["org"]), st["small"])]
                    + [fmt(r.areas[a.id]) for a in areas] + [fmt(r.total), Paragraph(concl, st["small"])])
    data.append(["", Paragraph("平均(合议)", st["base"]), ""] + [fmt(summ["areas"][a.id]) for a in areas]
                + [fmt(summ["total"]), Paragraph(OUTCOME_ZH[summ["outcome"]], st["small"])])
    last = len(data) - 1
    widths = [9 * mm, 24 * mm, 30 * mm] + [15 * mm] * len(areas) + [15 * mm, 27 * mm]
    t = Table(data, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle(table_style(("BACKGROUND", (0, 0), (-1, 0), SHADE_DARK), ("ALIGN", (0, 1), (0, -1), "CENTER"),
                                      ("ALIGN", (3, 1), (-2, -1), "CENTER"), ("SPAN", (1, last), (2, last)),
                                      ("BACKGROUND", (0, last), (-1, last), SHADE), ("FONTSIZE", (-2, 1), (-2, -1), 10))))
    return t


def _indicator_table(sheets: Sequence[Mapping[str, Any]], summ: dict, st: dict) -> Table:
    rubric = summ["rubric"]
    names = [s["reviewer"]["name"] for s in sheets]
    head = ["二级指标", "分值"] + names + ["平均"]
    data: list[list[Any]] = [[Paragraph(esc(h), st["head"]) for h in head]]
    for b in rubric.indicators:
        data.append([Paragraph(f"{b.id} {esc(b.title.zh)}", st["small"]), fmt(b.points)]
                    + [fmt(r.indicators[b.id]) for r in summ["results"]] + [fmt(summ["indicators"][b.id])])
    rest = FRAME_WIDTH - 62 * mm - 14 * mm
    col = rest / (len(names) + 1)
    t = Table(data, colWidths=[62 * mm, 14 * mm] + [col] * (len(names) + 1), repeatRows=1)
    t.setStyle(TableStyle(table_style(("BACKGROUND", (0, 0), (-1, 0), SHADE_DARK), ("ALIGN", (1, 1), (-1, -1), "CENTER"),
                                      ("FONTSIZE", (0, 1), (-1, -1), 7.5), ("TOPPADDING", (0, 0), (-1, -1), 1),
                                      ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5))))
    return t


def _conclusion(summ: dict, st: dict) -> Table:
    boxes = "    ".join(("■ " if summ["outcome"] == k else "□ ") + v for k, v in OUTCOME_ZH.items())
    note = ("<font color='#b00020'>注意:有评分表为临时结果(尚有项目未评分),本结论不能作为最终结论。</font>"
            if summ["provisional"] else "")
    if summ["incident"]:
        note += "评估中记录了网络安全事件,依评估细则不予评估验收。"
    data = [[Paragraph("合议总分", st["label"]), Paragraph(f"<font size=13>{fmt(summ['total'])}</font> 分"
                                                          f"(各专家总分的平均值)", st["value"])],
            [Paragraph("验收结论", st["label"]), Paragraph(boxes, st["big"])],
            [Paragraph("专家组意见", st["label"]), Paragraph(note, st["value"])]]
    t = Table(data, colWidths=[28 * mm, FRAME_WIDTH - 28 * mm], rowHeights=[None, None, 45 * mm])
    t.setStyle(TableStyle(table_style(("BACKGROUND", (0, 0), (0, -1), SHADE), ("VALIGN", (1, 2), (1, 2), "TOP"),
                                      ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5))))
    return t


def _signatures(sheets: Sequence[Mapping[str, Any]], st: dict) -> Table:
    ordered = sorted(sheets, key=lambda s: s["reviewer"].get("role") != "chair")
    data: list[list[Any]] = [[Paragraph(h, st["head"]) for h in ("职务", "姓名", "工作单位", "签名", "日期")]]
    for s in ordered:
        rev = s["reviewer"]
        data.append([Paragraph(ROLE_ZH.get(rev.get("role", ""), ""), st["center"]), Paragraph(esc(rev["name"]), st["base"]),
                     Paragraph(esc(rev["org"]), st["small"]), "", "      年    月    日"])
    t = Table(data, colWidths=[26 * mm, 26 * mm, 48 * mm, 45 * mm, 35 * mm],
              rowHeights=[None] + [13 * mm] * len(ordered))
    t.setStyle(TableStyle(table_style(("BACKGROUND", (0, 0), (-1, 0), SHADE_DARK))))
    return t


def panel_story(sheets: Sequence[Mapping[str, Any]]) -> list:
    st = styles()
    summ = panel_summary(sheets)
    rubric = summ["rubric"]
    title = rubric.title.zh.replace("评估细则", "评估验收结论表") if "评估细则" in rubric.title.zh else TITLE
    return [Paragraph(esc(title), st["title"]),
            Paragraph(f"{esc(sheets[0]['school'].get('name', ''))} · 材料包 {sheets[0]['package']['manifest_hash'][7:23]}",
                      st["subtitle"]),
            _header(sheets[0], sheets, st), Spacer(1, 4 * mm),
            Paragraph("一、评估专家评分", st["section"]), _totals_table(sheets, summ, st), Spacer(1, 3 * mm),
            KeepTogether([Paragraph("二、评估验收结论", st["section"]), _conclusion(summ, st)]),
            KeepTogether([Paragraph("三、评估组签名", st["section"]), _signatures(sheets, st)]),
            PageBreak(), Paragraph("附:二级指标得分汇总", st["section"]), _indicator_table(sheets, summ, st)]


def render_panel(sheets: Sequence[Mapping[str, Any]], out: str | Path | BinaryIO) -> None:
    watermark = "临时结果 未完成" if any(s.get("provisional") for s in sheets) else None
    doc = SimpleDocTemplate(str(out) if isinstance(out, str | Path) else out, pagesize=PAGE, leftMargin=MARGIN,
                            rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=16 * mm, title=TITLE,
                            creator="Workbench 评估工作台")
    footer = f"{sheets[0]['school'].get('code', '')} · 评估验收结论表 · 依据 {len(sheets)} 份签名评分表" if sheets else ""
    with rl_settings(**FORM_SETTINGS):
        doc.build(panel_story(sheets), canvasmaker=numbered_canvas(footer, watermark))


def render_panel_bytes(sheets: Sequence[Mapping[str, Any]]) -> bytes:
    buf = io.BytesIO()
    render_panel(sheets, buf)
    return buf.getvalue()
