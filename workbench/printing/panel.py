"""The panel's 评估验收结论表, printed from a panel result (workbench-panel/1).

Everything printed comes from the panel result and the rubric its hash names: each member's
A subtotals and total (scored from their item scores by the same engine as every sheet), the
merged values per item (computed and final), the chair's overrides with their reasons, the
disagreement marks, Krippendorff's alpha, the outcome ticked, the panel's opinion, and one
signature box per signer with name, organisation and role *as the certificate says*.

The signature boxes stay empty on the page: each signer's PAdES signature fills its box with
the handwritten signature image (workbench.printing.panel_pdf), so the page never has to
change after the first signature. `render_panel` reports where each box landed.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
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
from workbench.printing.form import esc
from workbench.printing.pdf_multisign import SignatureSlot
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
from workbench.rubric.loader import rubric_by_hash
from workbench.rubric.model import Rubric
from workbench.scoring.engine import Result, score

TITLE = "智慧校园评估验收结论表"
METHOD_ZH = {"mean": "平均值", "median": "中位数", "trimmed": "去掉一个最高分和一个最低分后的平均值"}
FLAG_MARK = "▲"  # an item whose spread exceeds the threshold
_P = Paragraph
DISAGREE = colors.HexColor("#fde2c4")
CENT = Decimal("0.01")
OVERRIDE = colors.HexColor("#dbeafe")


def mean(values: Sequence[Decimal]) -> Decimal:
    """Mean to 0.01, half up (the Excel export's per-school averages)."""
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def panel_rubric(doc: Mapping[str, Any]) -> Rubric:
    r = rubric_by_hash(doc["rubric"]["hash"])
    if r is None:
        raise WorkbenchError(f"the panel result's rubric {doc['rubric']['id']} ({doc['rubric']['hash']}) "
                             "is not installed", hint="install that rubric version to print this panel result")
    return r


def member_results(doc: Mapping[str, Any], rubric: Rubric) -> dict[str, Result]:
    """Each member's own totals, from their item scores as the panel result records them."""
    out = {}
    for m in doc["members"]:
        fp = m["fingerprint"]
        scores = {iid: rec["scores"][fp] for iid, rec in doc["items"].items() if rec["scores"].get(fp) is not None}
        out[fp] = score(rubric, scores)
    return out


def computed_result(doc: Mapping[str, Any], rubric: Rubric) -> Result:
    """Totals of the computed (merged, before any override) values."""
    vals = {iid: rec["computed"] for iid, rec in doc["items"].items() if rec.get("computed") is not None}
    return score(rubric, vals, merged=True, security_incident=bool(doc["security_incident"]["incident"]))


def signer_rows(doc: Mapping[str, Any]) -> list[dict[str, str]]:
    """The chair, then the members in the document's order: fingerprint, role, name, org."""
    from workbench.signing.ecdsa import signer_from_cert
    from workbench.signing.identity import load_cert_pem

    rows = []
    for person, role in [(doc["chair"], "chair")] + [(m, "member") for m in doc["members"]]:
        s = signer_from_cert(load_cert_pem(person["certificate"], what="certificate"))
        rows.append({"fingerprint": person["fingerprint"], "role": role, "name": s.name, "org": s.org,
                     "cert_role": s.role})
    return rows


def _date_zh(iso: str | None) -> str:
    if not iso:
        return ""
    t = dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone()
    return f"{t.year}年{t.month}月{t.day}日"


class SignatureBox(Flowable):
    """An empty box whose position on the page is recorded for the signer's PDF signature."""

    def __init__(self, fp: str, width: float, height: float, slots: dict[str, SignatureSlot]) -> None:
        super().__init__()
        self.fp, self.width, self.height, self.slots = fp, width, height, slots

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        a, b, _c, d, e, f = c._currentMatrix  # absolute position: tables translate before drawing cells
        if b or _c or a != 1 or d != 1:
            raise WorkbenchError("internal: the signature box must be drawn unscaled")
        c.saveState()
        c.setStrokeColor(colors.HexColor("#888888"))
        c.setLineWidth(0.4)
        c.line(2, 3, self.width - 2, 3)
        c.restoreState()
        self.slots[self.fp] = SignatureSlot(self.fp, c.getPageNumber() - 1, (e, f, e + self.width, f + self.height))


def _header(doc: Mapping[str, Any], n_members: int, st: dict) -> Table:
    sc = doc["school"]
    rows = [("学校名称", sc.get("name", ""), "学校代码", sc.get("code", "")),
            ("校    长", sc.get("principal", ""), "联系电话", sc.get("phone", "")),
            ("学    段", STAGE_ZH.get(sc.get("stage", ""), sc.get("stage", "")), "申报类型",
             APPLICATION_ZH.get(sc.get("application_type", ""), "")),
            ("评估日期", _date_zh(doc.get("created_at")), "评估组", f"组长 1 人,成员 {n_members} 人"),
            ("合议方法", METHOD_ZH.get(doc["method"], doc["method"]),
             "分歧标准", f"极差超过该项分值的 {fmt(Decimal(doc['spread_threshold']) * 100)}%")]
    data = [[_P(a, st["label"]), _P(esc(b), st["value"]), _P(c, st["label"]), _P(esc(d), st["value"])]
            for a, b, c, d in rows]
    w = FRAME_WIDTH
    t = Table(data, colWidths=[22 * mm, w / 2 - 22 * mm, 22 * mm, w / 2 - 22 * mm])
    t.setStyle(TableStyle(table_style(("BACKGROUND", (0, 0), (0, -1), SHADE), ("BACKGROUND", (2, 0), (2, -1), SHADE),
                                      ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5))))
    return t


def _totals_table(doc: Mapping[str, Any], rubric: Rubric, people: list[dict], members: Mapping[str, Result],
                  computed: Result, st: dict) -> Table:
    """一: each member's A subtotals and total; then the computed and the final panel values."""
    areas = list(rubric.areas)
    agreement = (doc.get("agreement") or {}).get("members") or {}
    head = ["序号", "评估专家", "工作单位"] + [f"{a.id}\n{a.title.zh}\n({fmt(a.weight)})" for a in areas] + ["总分", "偏差"]
    data: list[list[Any]] = [[_P(esc(h).replace("\n", "<br/>"), st["headsmall"]) for h in head]]
    for n, p in enumerate([p for p in people if p["role"] == "member"], 1):
        r = members[p["fingerprint"]]
        dev = (agreement.get(p["fingerprint"]) or {}).get("mean_deviation")
        total = fmt(r.total) + ("(未完成)" if r.missing else "")
        data.append([str(n), _P(esc(p["name"]), st["base"]), _P(esc(p["org"]), st["small"])]
                    + [fmt(r.areas[a.id]) for a in areas] + [_P(total, st["center"]),
                                                             _signed(dev) if dev is not None else "—"])
    final = doc["result"]
    data.append(["", _P("合议计算值", st["base"]), ""] + [fmt(computed.areas[a.id]) for a in areas]
                + [fmt(computed.total), ""])
    data.append(["", _P("<b>合议最终值</b>", st["base"]), ""] + [final["areas"][a.id] for a in areas]
                + [_P(f"<b>{esc(final['total'])}</b>", st["center"]), ""])
    n = len(data)
    widths = [9 * mm, 24 * mm, 33 * mm] + [15 * mm] * len(areas) + [17 * mm, 15 * mm]
    t = Table(data, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle(table_style(("BACKGROUND", (0, 0), (-1, 0), SHADE_DARK), ("ALIGN", (0, 1), (0, -1), "CENTER"),
                                      ("ALIGN", (3, 1), (-1, -1), "CENTER"), ("SPAN", (1, n - 2), (2, n - 2)),
                                      ("SPAN", (1, n - 1), (2, n - 1)), ("BACKGROUND", (0, n - 2), (-1, -1), SHADE))))
    return t


def _signed(d: str) -> str:
    return d if d.startswith("-") or Decimal(d) == 0 else "+" + d


def _items_table(doc: Mapping[str, Any], rubric: Rubric, people: list[dict], st: dict) -> LongTable:
    """二: per item, every member's score, the computed and the final value, the spread."""
    members = [p for p in people if p["role"] == "member"]
    head = ["二级指标", "项目", "分值"] + [f"{n}" for n in range(1, len(members) + 1)] + ["计算值", "最终值", "极差"]
    data: list[list[Any]] = [[_P(h, st["headsmall"]) for h in head]]
    cmds: list[tuple] = [("BACKGROUND", (0, 0), (-1, 0), SHADE_DARK), ("ALIGN", (1, 1), (-1, -1), "CENTER"),
                         ("FONTSIZE", (0, 1), (-1, -1), 7.5), ("TOPPADDING", (0, 0), (-1, -1), 1),
                         ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]
    ncol = len(head)
    for ind in rubric.indicators:
        first = len(data)
        for item in ind.items:
            rec = doc["items"][item.id]
            r = len(data)
            scores = [rec["scores"].get(p["fingerprint"]) for p in members]
            flagged = bool(rec.get("flagged"))
            over = rec.get("override")
            computed = rec.get("computed")
            data.append([_P(f"{ind.id} {esc(ind.title.zh)}", st["tiny"]), item.id, fmt(item.points)]
                        + [s if s is not None else "—" for s in scores]
                        + [computed if computed is not None else "—",
                           (rec.get("final") or "—") + ("*" if over else ""),
                           _P(f"{esc(rec.get('spread') or '—')} <font color='#b00020'>{FLAG_MARK}</font>", st["center"])
                           if flagged else (rec.get("spread") or "—")])
            if flagged:
                cmds.append(("BACKGROUND", (3, r), (ncol - 1, r), DISAGREE))
            if over:
                cmds.append(("BACKGROUND", (ncol - 2, r), (ncol - 2, r), OVERRIDE))
        if len(ind.items) > 1:
            cmds.append(("SPAN", (0, first), (0, len(data) - 1)))
    rest = FRAME_WIDTH - 46 * mm - 12 * mm - 10 * mm - 3 * 14 * mm
    col = min(rest / max(len(members), 1), 14 * mm)
    widths = [46 * mm + rest - col * len(members), 12 * mm, 10 * mm] + [col] * len(members) + [14 * mm] * 3
    t = LongTable(data, colWidths=widths, repeatRows=1, splitInRow=0)
    t.setStyle(TableStyle(table_style(*cmds)))
    return t


def _members_key(people: list[dict], st: dict) -> Paragraph:
    members = [p for p in people if p["role"] == "member"]
    names = ";".join(f"{n} = {esc(p['name'])}" for n, p in enumerate(members, 1))
    return _P(f"专家序号:{names}。{FLAG_MARK} 分歧项(极差超过标准,底色标出);* 组长依合议调整的最终值"
              "(理由见下表)。", st["small"])


def _overrides_table(doc: Mapping[str, Any], rubric: Rubric, st: dict) -> Table | Paragraph:
    """三: the chair's consensus decisions: item, computed → final, the recorded reason."""
    rows = [(iid, rec) for iid, rec in doc["items"].items() if rec.get("override")]
    if not rows:
        return _P("无(全部项目取合议计算值)。", st["value"])
    order = {i.id: n for n, i in enumerate(rubric.iter_items())}
    rows.sort(key=lambda r: order.get(r[0], 0))
    data: list[list[Any]] = [[_P(h, st["head"]) for h in ("项目", "计算值", "最终值", "理由")]]
    for iid, rec in rows:
        data.append([iid, rec.get("computed") or "—", _P(f"<b>{esc(rec['override']['value'])}</b>", st["center"]),
                     _P(esc(rec["override"]["reason"]), st["base"])])
    t = Table(data, colWidths=[18 * mm, 18 * mm, 18 * mm, FRAME_WIDTH - 54 * mm], repeatRows=1)
    t.setStyle(TableStyle(table_style(("BACKGROUND", (0, 0), (-1, 0), SHADE_DARK), ("ALIGN", (0, 1), (2, -1), "CENTER"))))
    return t


def _agreement(doc: Mapping[str, Any], rubric: Rubric, st: dict) -> Paragraph:
    ag = doc.get("agreement") or {}
    alpha = ag.get("alpha")
    flagged = [iid for iid, rec in doc["items"].items() if rec.get("flagged")]
    text = (f"评分一致性(Krippendorff α,等距):<b>{esc(alpha) if alpha is not None else '无法计算'}</b>;"
            f"分歧项 {len(flagged)} 项" + (f":{'、'.join(flagged)}" if flagged else "") + "。")
    return _P(text, st["value"])


def _conclusion(doc: Mapping[str, Any], rubric: Rubric, st: dict) -> Table:
    final = doc["result"]
    boxes = "    ".join(("■ " if final["outcome"] == k else "□ ") + v for k, v in OUTCOME_ZH.items())
    inc = doc["security_incident"]
    if inc["incident"]:
        descs = ";".join(esc(d["description"]) for d in inc.get("descriptions") or [])
        incident = f"<font color='#b00020'>有</font>:{descs}(依评估细则不予评估验收)"
    else:
        incident = "无"
    margin = fmt(rubric.rules.self_assessment_margin)
    flags = ";".join(flag_zh(f, margin) for f in final.get("flags") or []) or "无"
    data = [[_P("合议总分", st["label"]), _P(f"<font size=13>{esc(final['total'])}</font> / "
                                             f"{fmt(rubric.total_points)} 分", st["value"])],
            [_P("验收结论", st["label"]), _P(boxes, st["big"])],
            [_P("网络安全事故", st["label"]), _P(incident, st["value"])],
            [_P("提示标记", st["label"]), _P(flags, st["value"])],
            [_P("评估组意见", st["label"]), _P(esc(doc.get("opinion") or "").replace("\n", "<br/>"), st["value"])]]
    t = Table(data, colWidths=[28 * mm, FRAME_WIDTH - 28 * mm], rowHeights=[None, None, None, None, 26 * mm])
    t.setStyle(TableStyle(table_style(("BACKGROUND", (0, 0), (0, -1), SHADE), ("VALIGN", (1, 4), (1, 4), "TOP"),
                                      ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5))))
    return t


SIG_W, SIG_H = 62 * mm, 13 * mm


def _signatures(people: list[dict], signed: Mapping[str, str], st: dict, slots: dict[str, SignatureSlot]) -> Table:
    """六: one row per signer, as the certificate names them, with the box their signature fills."""
    data: list[list[Any]] = [[_P(h, st["head"]) for h in ("职务", "姓名", "工作单位", "签名", "电子签名")]]
    for p in people:
        at = signed.get(p["fingerprint"])
        data.append([_P(ROLE_ZH[p["role"]], st["center"]), _P(esc(p["name"]), st["base"]),
                     _P(esc(p["org"]), st["small"]), SignatureBox(p["fingerprint"], SIG_W, SIG_H, slots),
                     _P(f"已签 {_date_zh(at)}" if at else "—", st["small"])])
    t = Table(data, colWidths=[24 * mm, 22 * mm, 46 * mm, SIG_W + 2, FRAME_WIDTH - 92 * mm - SIG_W - 2],
              rowHeights=[None] + [SIG_H + 2] * len(people))
    t.setStyle(TableStyle(table_style(("BACKGROUND", (0, 0), (-1, 0), SHADE_DARK),
                                      ("LEFTPADDING", (3, 1), (3, -1), 1), ("RIGHTPADDING", (3, 1), (3, -1), 1),
                                      ("TOPPADDING", (3, 1), (3, -1), 1), ("BOTTOMPADDING", (3, 1), (3, -1), 1))))
    return t


def panel_story(doc: Mapping[str, Any], slots: dict[str, SignatureSlot], *,
                signed: Mapping[str, str] | None = None) -> list:
    """The flowables of the 结论表; `signed` maps fingerprints to the time they signed the result."""
    st = styles()
    rubric = panel_rubric(doc)
    people = signer_rows(doc)
    members = member_results(doc, rubric)
    computed = computed_result(doc, rubric)
    title = rubric.title.zh.replace("评估细则", "评估验收结论表") if "评估细则" in rubric.title.zh else TITLE
    sub = (f"{esc(doc['school'].get('name', ''))} · 合议结果第 {doc['revision']} 版 · "
           f"材料包 {doc['package']['manifest_hash'][7:23]}")
    return [_P(esc(title), st["title"]), _P(sub, st["subtitle"]),
            _header(doc, len(doc["members"]), st), Spacer(1, 3 * mm),
            _P("一、评估专家评分与合议结果", st["section"]),
            _totals_table(doc, rubric, people, members, computed, st), Spacer(1, 1.5 * mm),
            _P("偏差:该专家各项评分与合议计算值之差的平均值(正为偏高,负为偏低)。", st["small"]),
            _P("二、合议调整(组长依评估组合议确定的最终值)", st["section"]), _overrides_table(doc, rubric, st),
            _P("三、评分一致性", st["section"]), _agreement(doc, rubric, st),
            KeepTogether([_P("四、评估验收结论", st["section"]), _conclusion(doc, rubric, st)]),
            KeepTogether([_P("五、评估组签名", st["section"]), _signatures(people, signed or {}, st, slots),
                          Spacer(1, 1.5 * mm),
                          _P("本表由评估工作台依据签名的合议结果生成,合议结果以附件形式嵌入本 PDF;"
                             "每位签名人的数字签名依次追加,可使用 workbench verify 逐一核验。", st["tiny"])]),
            CondPageBreak(60 * mm),
            _P("六、各项目评分与合议明细", st["section"]), _members_key(people, st), Spacer(1, 1 * mm),
            _items_table(doc, rubric, people, st)]


def footer_text(doc: Mapping[str, Any], panel_hash: str | None) -> str:
    h = f" · 合议结果散列 {panel_hash[7:23]}…" if panel_hash else ""
    return f"{doc['school'].get('code', '')} · 评估验收结论表 · 第 {doc['revision']} 版{h}"


def render_panel(doc: Mapping[str, Any], *, signed: Mapping[str, str] | None = None,
                 panel_hash: str | None = None, draft: bool = False) -> tuple[bytes, list[SignatureSlot]]:
    """The 结论表 as PDF bytes and where each signer's box is (chair first, then members)."""
    if not doc.get("members"):
        raise WorkbenchError("the panel result names no members; nothing to print")
    slots: dict[str, SignatureSlot] = {}
    buf = io.BytesIO()
    name = doc["school"].get("name", "")
    pdf = SimpleDocTemplate(buf, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=16 * mm, title=f"{name} {TITLE}", subject=doc.get("panel_id", ""),
                            creator="Workbench 评估工作台")
    with rl_settings(**FORM_SETTINGS):
        pdf.build(panel_story(doc, slots, signed=signed),
                  canvasmaker=numbered_canvas(footer_text(doc, panel_hash), "草稿 未签名" if draft else None))
    order = [p["fingerprint"] for p in signer_rows(doc)]
    missing = [fp for fp in order if fp not in slots]
    if missing:
        raise WorkbenchError("internal: a signature box was not placed on the page")
    return buf.getvalue(), [slots[fp] for fp in order]

