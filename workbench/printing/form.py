"""The reviewer's printed form, 评估打分表: A4, Chinese, embedded font, one per reviewer.

Everything printed comes from the score sheet (and the rubric its hash names), so the paper
and the signed JSON can never disagree. The QR code carries what a verifier needs to find
and check the signed file: sheet id, revision, sheet hash and certificate fingerprint.
An unsigned sheet prints as a draft (watermark 草稿, no QR code) for preview. A result changed
after it was signed (issue 12: the workspace no longer holds what the signed sheet says) prints
as a draft too: the watermark, a banner at the top and the footer of every page say 草稿 with
未签名 or 签名后已修改. A signed, current form says 已签名 第 N 版 · time at the top.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Image,
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from workbench.decimals import fmt
from workbench.errors import WorkbenchError
from workbench.printing.qr import QrFlowable
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
    flag_zh,
    numbered_canvas,
    rl_settings,
    styles,
    table_style,
)
from workbench.rubric.loader import load_rubric, rubric_by_hash
from workbench.rubric.model import Rubric
from workbench.signing.identity import format_fingerprint
from workbench.signing.sheet import compute_result, sheet_hash

PhotoSource = Callable[[str], bytes | Path | None]  # sha256 -> image bytes or file, None if missing
FORM_TITLE = "智慧校园评估打分表"
_P = Paragraph


def sheet_rubric(sheet: Mapping[str, Any]) -> Rubric:
    """The rubric a sheet was scored under: by hash, or by id for an unsigned draft."""
    r = rubric_by_hash(sheet["rubric"]["hash"])
    if r is None:
        if "signature" in sheet:
            raise WorkbenchError(f"the sheet's rubric {sheet['rubric']['id']} ({sheet['rubric']['hash']}) "
                                 "is not installed", hint="install that rubric version to print this sheet")
        r = load_rubric(sheet["rubric"]["id"])
    return r


def form_title(rubric: Rubric) -> str:
    """"麻江县中小学智慧校园评估打分表" from the rubric title "…评估细则"."""
    t = rubric.title.zh
    return t.replace("评估细则", "评估打分表") if "评估细则" in t else t + " " + FORM_TITLE


def qr_payload(sheet: Mapping[str, Any]) -> str:
    """Short text a phone can scan: enough to find the signed file and check it is the same."""
    return (f"WBSHEET1;id={sheet['sheet_id']};rev={sheet['revision']};h={sheet_hash(sheet)};"
            f"fp=sha256:{sheet['reviewer']['fingerprint']}")


def esc(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def signed_date(sheet: Mapping[str, Any]) -> str:
    s = sheet.get("signed_at")
    if not s:
        return dt.date.today().isoformat()
    t = dt.datetime.fromisoformat(s.replace("Z", "+00:00")).astimezone()
    return f"{t.year}年{t.month}月{t.day}日"


def school_header(sheet: Mapping[str, Any], st: dict) -> Table:
    """The school block of the application form (申报表) and who evaluated it."""
    sc, rev = sheet["school"], sheet.get("reviewer") or {}
    pkg = sheet["package"]
    v = pkg.get("version")
    rows = [
        ("学校名称", sc.get("name", ""), "学校代码", sc.get("code", "")),
        ("校    长", sc.get("principal", ""), "联系电话", sc.get("phone", "")),
        ("学    段", STAGE_ZH.get(sc.get("stage", ""), sc.get("stage", "")),
         "申报类型", APPLICATION_ZH.get(sc.get("application_type", ""), "")),
        ("班 级 数", sc.get("classes", ""), "学生人数", sc.get("students", "")),
        ("评估专家", f"{rev.get('name', '')}({ROLE_ZH.get(rev.get('role', ''), '')})",
         "工作单位", rev.get("org", "")),
        ("评估日期", signed_date(sheet), "材料包", (f"第 {v} 版 · " if v else "") + pkg["manifest_hash"][7:23]),
    ]
    data = [[_P(a, st["label"]), _P(esc(b), st["value"]), _P(c, st["label"]), _P(esc(d), st["value"])]
            for a, b, c, d in rows]
    w = FRAME_WIDTH
    t = Table(data, colWidths=[22 * mm, w / 2 - 22 * mm, 22 * mm, w / 2 - 22 * mm])
    t.setStyle(TableStyle(table_style(("BACKGROUND", (0, 0), (0, -1), SHADE),
                                      ("BACKGROUND", (2, 0), (2, -1), SHADE),
                                      ("TOPPADDING", (0, 0), (-1, -1), 3.5),
                                      ("BOTTOMPADDING", (0, 0), (-1, -1), 4))))
    return t


COLS = [21 * mm, 11 * mm, 75 * mm, 11 * mm, 11 * mm, 12 * mm, 39 * mm]  # = 180 mm; 评分 fits "100" at 11 pt


def score_table(sheet: Mapping[str, Any], rubric: Rubric, result: Any, st: dict) -> LongTable:
    """Every A and B indicator with its items: points, self-assessed, given score, note."""
    sa = sheet.get("self_assessment") or {}
    items = sheet["items"]
    head = [_P(h, st["head"]) for h in ("二级指标", "项目", "评估要求", "分值", "自评", "评分", "备注")]
    data: list[list[Any]] = [head]
    cmds: list[tuple] = [("BACKGROUND", (0, 0), (-1, 0), SHADE_DARK), ("ALIGN", (3, 1), (5, -1), "CENTER")]
    for area in rubric.areas:
        r = len(data)
        data.append([_P(f"{area.id} {esc(area.title.zh)}(满分 {fmt(area.weight)} 分)", st["big"]),
                     "", "", "", "", "", ""])
        cmds += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), SHADE)]
        for ind in area.indicators:
            first = len(data)
            for item in ind.items:
                rec = items.get(item.id, {})
                score = rec.get("score")
                given = _P(score, st["center"]) if score is not None else _P("<font color='#b00020'>未评</font>",
                                                                            st["center"])
                note = rec.get("note") or ""
                data.append([_P(f"{ind.id} {esc(ind.title.zh)}", st["small"]), _P(item.id, st["small"]),
                             _P(esc(item.text.zh), st["small"]), fmt(item.points), sa.get(item.id, ""),
                             given, _P(esc(note), st["tiny"])])
            if len(ind.items) > 1:
                cmds.append(("SPAN", (0, first), (0, len(data) - 1)))
        r = len(data)
        a_sa = sum((Decimal(sa[i.id]) for b in area.indicators for i in b.items if i.id in sa), Decimal(0))
        data.append([_P(f"{area.id} 小计", st["right"]), "", "", fmt(area.weight), fmt(a_sa) if sa else "",
                     _P(f"<b>{fmt(result.areas[area.id])}</b>", st["center"]), ""])
        cmds += [("SPAN", (0, r), (2, r)), ("BACKGROUND", (0, r), (-1, r), SHADE)]
    r = len(data)
    self_total = fmt(result.comparison.self_total) if result.comparison else ""
    data.append([_P("总    分", st["bigcenter"]), "", "", fmt(rubric.total_points), self_total,
                 _P(f"<font size=11>{fmt(result.total)}</font>", st["center"]), ""])
    cmds += [("SPAN", (0, r), (2, r)), ("BACKGROUND", (0, r), (-1, r), SHADE_DARK),
             ("FONTSIZE", (3, r), (4, r), 11)]
    t = LongTable(data, colWidths=COLS, repeatRows=1, splitInRow=0)
    t.setStyle(TableStyle(table_style(*cmds)))
    return t


def result_block(sheet: Mapping[str, Any], rubric: Rubric, result: Any, st: dict) -> Table:
    inc = sheet["security_incident"]
    outcome = OUTCOME_ZH.get(result.outcome, result.outcome)
    if result.provisional:
        outcome += f"<font color='#b00020'>(临时结果:尚有 {len(result.missing)} 项未评分)</font>"
    margin = fmt(rubric.rules.self_assessment_margin)
    flags = ";".join(flag_zh(f, margin) for f in result.flags) or "无"
    warn = ";".join(esc(w.message.zh) for w in result.warnings) or "无"
    incident = f"有:{esc(inc['description'])}" if inc["incident"] else "无"
    rows = [("评估结论", f"<font size=13>{outcome}</font>"), ("总    分", f"<font size=13>{fmt(result.total)}</font>"
                                                                 f" / {fmt(rubric.total_points)} 分"),
            ("网络安全事故", incident), ("提示标记", flags), ("数据核查", warn)]
    data = [[_P(a, st["label"]), _P(b, st["value"])] for a, b in rows]
    t = Table(data, colWidths=[28 * mm, FRAME_WIDTH - 28 * mm])
    t.setStyle(TableStyle(table_style(("BACKGROUND", (0, 0), (0, -1), SHADE),
                                      ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5))))
    return t


def _signature_image(png: bytes | None, max_w: float, max_h: float) -> Any:
    if not png:
        return Spacer(max_w, max_h)
    from PIL import Image as PILImage
    with PILImage.open(io.BytesIO(png)) as im:
        w, h = im.size
    scale = min(max_w / w, max_h / h)
    return Image(io.BytesIO(png), width=w * scale, height=h * scale)


def signature_block(sheet: Mapping[str, Any], st: dict, signature_png: bytes | None) -> Table:
    """Handwritten signature, name, date, certificate fingerprint and the QR code."""
    rev = sheet.get("reviewer") or {}
    fp = rev.get("fingerprint")
    signed = "signature" in sheet
    left = [
        [_P("评估专家签名:", st["value"]), _signature_image(signature_png, 60 * mm, 20 * mm)],
        [_P("姓    名:", st["value"]), _P(esc(rev.get("name", "")), st["big"])],
        [_P("签署日期:", st["value"]), _P(signed_date(sheet), st["value"])],
        [_P("证书指纹:", st["value"]),
         _P(format_fingerprint(fp) if fp else "(未签名草稿,无数字证书)", st["mono"] if fp else st["small"])],
        [_P("电子签名:", st["value"]),
         _P(f"ECDSA P-256 (ES256) · {sheet['signed_at']} UTC" if signed else "未签名", st["small"])],
    ]
    inner = Table(left, colWidths=[29 * mm, 101 * mm])
    inner.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "WQYMicroHei"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("LINEBELOW", (1, 0), (1, 0), 0.5, colors.black),
                               ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    if signed:
        qr: Any = Table([[QrFlowable(qr_payload(sheet), 36 * mm)], [_P("扫码核验签名评分表", st["center"])]],
                        colWidths=[44 * mm])
        qr.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"), ("TOPPADDING", (0, 0), (-1, -1), 0)]))
    else:
        qr = _P("<font color='#b00020'>草稿:签名后生成核验二维码</font>", st["center"])
    t = Table([[inner, qr]], colWidths=[FRAME_WIDTH - 48 * mm, 48 * mm])
    t.setStyle(TableStyle(table_style(("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                      ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5))))
    return t


UNSIGNED_MARK, CHANGED_MARK = "未签名", "签名后已修改"


def draft_mark(sheet: Mapping[str, Any], changed: bool = False) -> str | None:
    """Why the form is a draft (未签名 / 签名后已修改), or None for a signed, current result."""
    if changed:
        return CHANGED_MARK
    return None if "signature" in sheet else UNSIGNED_MARK


def draft_banner(sheet: Mapping[str, Any], mark: str, st: dict) -> Paragraph:
    """The red line at the top of a draft: what it is and what would make it final."""
    rev = int(sheet["revision"])
    if mark == CHANGED_MARK:
        base = rev if "signature" in sheet else rev - 1  # an unsigned sheet is already the next revision
        why = (f"评分在第 {base} 版签名后已修改,本表内容与已签名版本不一致;"
               f"再次签名将生成第 {base + 1} 版,原签名版本保留不变。")
    else:
        why = "本表未经评估专家数字签名,不作为正式评估结果;签名后生成正式评分表。"
    return _P(f"<font color='#b00020'><b>草稿 · {mark}</b> — {why}</font>", st["subtitle"])


def signed_line(sheet: Mapping[str, Any], st: dict) -> Paragraph:
    """The top line of a signed, current form: 已签名 第 N 版 · time (local, as on the window)."""
    t = dt.datetime.fromisoformat(sheet["signed_at"].replace("Z", "+00:00")).astimezone()
    extra = " · 临时结果" if sheet.get("provisional") else ""
    return _P(f"<font color='#1b5e20'><b>已签名 第 {sheet['revision']} 版 · {t:%Y-%m-%d %H:%M}</b>{extra}</font>",
              st["subtitle"])


def footer_text(sheet: Mapping[str, Any], mark: str | None = None) -> str:
    rev = f"第 {sheet['revision']} 版"
    if mark is None and "signature" not in sheet:
        mark = UNSIGNED_MARK
    if mark is not None:
        return f"评分表 {sheet['sheet_id']} · {rev} · 草稿({mark})"
    return f"评分表 {sheet['sheet_id']} · {rev} · 散列 {sheet_hash(sheet)[7:23]}…"


def form_story(sheet: Mapping[str, Any], *, signature_png: bytes | None = None,
               photos: PhotoSource | None = None, mark: str | None = None) -> list:
    """The flowables of one reviewer's form (the panel form reuses the header); `mark` is the
    draft's reason (draft_mark), shown in a banner at the top."""
    st = styles()
    rubric = sheet_rubric(sheet)
    result = compute_result(rubric, sheet)
    sc = sheet["school"]
    if mark:
        story: list = [draft_banner(sheet, mark, st)]
    else:
        story = [signed_line(sheet, st)] if sheet.get("signed_at") else []
    story += [
        _P(esc(form_title(rubric)), st["title"]),
        _P(f"{esc(sc.get('name', ''))} · 评分表编号 {sheet['sheet_id'][:8]} · 第 {sheet['revision']} 版"
           + (f"(替代 {sheet['supersedes'][7:19]}…)" if sheet.get("supersedes") else ""), st["subtitle"]),
        school_header(sheet, st), Spacer(1, 4 * mm), score_table(sheet, rubric, result, st),
        Spacer(1, 4 * mm), CondPageBreak(95 * mm),
        KeepTogether([_P("评估结论", st["section"]), result_block(sheet, rubric, result, st), Spacer(1, 4 * mm),
                      _P("评估专家签署", st["section"]), signature_block(sheet, st, signature_png),
                      Spacer(1, 2 * mm),
                      _P("本表由评估工作台生成,评分明细以附件形式嵌入本 PDF 并经评估专家数字签名;"
                         "纸质表与电子签名评分表内容一致,可扫码或使用 workbench verify 核验。", st["tiny"])]),
    ]
    if photos is not None and sheet.get("photos"):
        from workbench.printing.photos import photo_appendix
        story += photo_appendix(sheet, photos, st, {b.id: b.title.zh for b in rubric.indicators})
    return story


def render_form(sheet: Mapping[str, Any], out: str | Path | BinaryIO, *, signature_png: bytes | None = None,
                photos: PhotoSource | None = None, changed: bool = False) -> None:
    """Write the reviewer's form as PDF to a path or binary stream. `changed`: the reviewer's
    scores changed after this (or the previous) revision was signed, so it prints as a draft."""
    mark = draft_mark(sheet, changed)
    watermark = None
    if mark is not None:
        watermark = f"草稿 {mark}"
    elif sheet.get("provisional"):
        watermark = "临时结果 未完成"
    title = f"{sheet['school'].get('name', '')} {FORM_TITLE}"
    doc = SimpleDocTemplate(_target(out), pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=16 * mm, title=title,
                            author=(sheet.get("reviewer") or {}).get("name", ""), subject=sheet["sheet_id"],
                            creator="Workbench 评估工作台")
    with rl_settings(**FORM_SETTINGS):
        doc.build(form_story(sheet, signature_png=signature_png, photos=photos, mark=mark),
                  canvasmaker=numbered_canvas(footer_text(sheet, mark), watermark))


def _target(out: str | Path | BinaryIO) -> Any:
    return str(out) if isinstance(out, str | Path) else out


def render_form_bytes(sheet: Mapping[str, Any], **kwargs: Any) -> bytes:
    buf = io.BytesIO()
    render_form(sheet, buf, **kwargs)
    return buf.getvalue()

