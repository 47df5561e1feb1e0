"""Rubric ⇄ Excel workbook, so a bureau can author its own rubric in Excel.

The round trip is lossless: `import_xlsx(export_xlsx(r))` gives JSON with the same
content hash. Every cell is written as text, so decimals stay exactly as written;
on import, numbers typed by hand are accepted and turned back into decimal text.
"""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from workbench.atomic import atomic_write
from workbench.decimals import fmt
from workbench.errors import RubricError
from workbench.inputs import read_regular

# A rubric workbook is ~50 KB with a few hundred rows: anything far larger is refused before
# openpyxl builds it (a FIFO, /dev/zero, a zip bomb, or one cell at XFD1048576 that would make
# iter_rows walk a million rows).
MAX_WORKBOOK_BYTES = 16 << 20
MAX_WORKBOOK_UNPACKED = 128 << 20  # the XML inside, summed over the zip's members
MAX_SHEET_ROWS = 10_000
MAX_SHEET_COLUMNS = 64

SHEET_ABOUT = "说明 About"
SHEET_RULES = "规则 Rules"
SHEET_GRADES = "等级 Grades"
SHEET_METHODS = "方法 Methods"
SHEET_AREAS = "A级指标 Areas"
SHEET_ITEMS = "评估细表 Items"
SHEET_CHECKS = "核查 Checks"

ITEM_COLUMNS = ["A", "B", "B 名称 (zh)", "B title (en)", "item", "评估要求 (zh)",
                "requirement (en)", "参考分值 points", "核查要点 checklist (zh)", "checklist (en)"]
RULE_KEYS = ["score_step", "below_bands_outcome", "minimum_total", "security_incident_not_evaluated",
             "self_assessment_margin", "evidence_period_years"]

_HEAD = Font(bold=True)
_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _sheet(wb: Workbook, title: str, header: list[str], rows: list[list[Any]], widths: list[int]) -> None:
    ws = wb.create_sheet(title)
    ws.append(header)
    for c in ws[1]:
        c.font, c.fill = _HEAD, _FILL
    for row in rows:
        ws.append(["" if v is None else str(v) for v in row])
    for row in ws.iter_rows(min_row=2):
        for c in row:
            c.number_format = "@"
            c.alignment = _WRAP
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    ws.freeze_panes = "A2"


def export_xlsx(data: dict, path: str | Path) -> None:
    """Write rubric JSON data (as loaded from the file) to an Excel workbook."""
    wb = Workbook()
    wb.remove(wb.active)
    about = [["format", data["format"]], ["id", data["id"]], ["title.zh", data["title"]["zh"]],
             ["title.en", data["title"].get("en", "")], ["source", data.get("source", "")],
             ["total_points", data["total_points"]]]
    _sheet(wb, SHEET_ABOUT, ["key", "value"], about, [18, 80])
    r = data["rules"]
    rules = [[k, json.dumps(r[k]) if isinstance(r[k], bool) else r[k]] for k in RULE_KEYS]
    rules += [[f"quotes.{k}", v] for k, v in r.get("quotes", {}).items()]
    _sheet(wb, SHEET_RULES, ["key", "value"], rules, [34, 90])
    _sheet(wb, SHEET_GRADES, ["min_total", "outcome", "title (zh)", "title (en)"],
           [[b["min_total"], b["outcome"], b["title"]["zh"], b["title"].get("en", "")] for b in r["grade_bands"]],
           [12, 18, 24, 40])
    _sheet(wb, SHEET_METHODS, ["id", "title (zh)", "title (en)"],
           [[m["id"], m["title"]["zh"], m["title"].get("en", "")] for m in r["methods"]], [16, 16, 36])
    _sheet(wb, SHEET_AREAS, ["id", "title (zh)", "title (en)", "weight", "detail title (zh)"],
           [[a["id"], a["title"]["zh"], a["title"].get("en", ""), a["weight"],
             a.get("detail_title", {}).get("zh", "")] for a in data["areas"]], [8, 20, 36, 10, 20])
    items = []
    for a in data["areas"]:
        for b in a["indicators"]:
            for i in b["items"]:
                cl = i.get("checklist", [])
                items.append([a["id"], b["id"], b["title"]["zh"], b["title"].get("en", ""), i["id"],
                              i["text"]["zh"], i["text"].get("en", ""), i["points"],
                              "\n".join(c["zh"] for c in cl), "\n".join(c.get("en", "") for c in cl).strip("\n")])
    _sheet(wb, SHEET_ITEMS, ITEM_COLUMNS, items, [6, 6, 22, 28, 8, 60, 60, 10, 50, 40])
    checks = [[c["id"], c["item"], c["kind"],
               json.dumps({k: v for k, v in c.items() if k not in ("id", "item", "kind", "message")},
                          ensure_ascii=False, sort_keys=True),
               c["message"]["zh"], c["message"].get("en", "")] for c in data.get("checks", [])]
    _sheet(wb, SHEET_CHECKS, ["id", "item", "kind", "parameters (JSON)", "message (zh)", "message (en)"],
           checks, [24, 8, 14, 60, 40, 50])
    atomic_write(path, wb.save, what="workbook")


def _cell_text(v: Any) -> str:
    """Cell value as text; numbers typed by hand become exact decimal text."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return fmt(Decimal(repr(v)))
    return str(v)


def _rows(wb: Any, title: str, width: int) -> list[tuple[int, list[str]]]:
    if title not in wb.sheetnames:
        raise RubricError(f"the workbook has no sheet named {title!r}")
    ws = wb[title]
    if ws.max_row > MAX_SHEET_ROWS or ws.max_column > MAX_SHEET_COLUMNS:
        raise RubricError(f"{title}: the sheet reaches cell {ws.dimensions.split(':')[-1]}, more than a rubric has "
                          f"(at most {MAX_SHEET_ROWS:,} rows and {MAX_SHEET_COLUMNS} columns)",
                          hint="delete the stray cells far below or to the right, then save again")
    out = []
    for n, row in enumerate(ws.iter_rows(min_row=2, max_col=width, values_only=True), start=2):
        cells = [_cell_text(v) for v in row] + [""] * (width - len(row))
        if any(c.strip() for c in cells):
            out.append((n, cells))
    return out


def _text(zh: str, en: str) -> dict:
    return {"zh": zh, "en": en} if en else {"zh": zh}


def _check_unpacked_size(path: str | Path, data: bytes) -> None:
    """Refuse a zip whose members would unpack to more than a rubric needs (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise RubricError(f"{path}: not an Excel workbook (.xlsx) that can be read ({e})") from None
    if unpacked > MAX_WORKBOOK_UNPACKED:
        raise RubricError(f"{path}: the workbook unpacks to {unpacked:,} bytes, more than a rubric has "
                          f"(at most {MAX_WORKBOOK_UNPACKED:,}); save the rubric again from `rubric export-xlsx`")


def import_xlsx(path: str | Path) -> dict:
    """Read a workbook written by export_xlsx (and edited) back into rubric JSON data.

    The result is not validated here; pass it to `rubric_from_data` for that.
    """
    data = read_regular(path, what="Excel workbook (.xlsx)", max_bytes=MAX_WORKBOOK_BYTES, error=RubricError)
    _check_unpacked_size(path, data)
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise RubricError(f"{path}: not an Excel workbook (.xlsx) that can be read ({e})") from None
    about = {k: v for _, (k, v) in _rows(wb, SHEET_ABOUT, 2)}
    for key in ("format", "id", "title.zh", "total_points"):
        if not about.get(key):
            raise RubricError(f"{SHEET_ABOUT}: the row {key!r} is missing or empty")
    data: dict[str, Any] = {
        "format": about["format"], "id": about["id"],
        "title": _text(about["title.zh"], about.get("title.en", "")),
    }
    if about.get("source"):
        data["source"] = about["source"]
    data["total_points"] = about["total_points"]

    rules_kv = {k: v for _, (k, v) in _rows(wb, SHEET_RULES, 2)}
    rules: dict[str, Any] = {}
    for k in RULE_KEYS:
        if k not in rules_kv:
            raise RubricError(f"{SHEET_RULES}: the row {k!r} is missing")
    rules["score_step"] = rules_kv["score_step"]
    rules["grade_bands"] = [
        {"min_total": m, "outcome": o, "title": _text(zh, en)} for _, (m, o, zh, en) in _rows(wb, SHEET_GRADES, 4)
    ]
    rules["below_bands_outcome"] = rules_kv["below_bands_outcome"]
    rules["minimum_total"] = rules_kv["minimum_total"]
    flag = rules_kv["security_incident_not_evaluated"].strip().lower()
    if flag not in ("true", "false"):
        raise RubricError(f"{SHEET_RULES}: security_incident_not_evaluated must be true or false, got {flag!r}")
    rules["security_incident_not_evaluated"] = flag == "true"
    rules["self_assessment_margin"] = rules_kv["self_assessment_margin"]
    try:
        rules["evidence_period_years"] = int(rules_kv["evidence_period_years"])
    except ValueError:
        raise RubricError(f"{SHEET_RULES}: evidence_period_years must be a whole number of years") from None
    rules["methods"] = [{"id": i, "title": _text(zh, en)} for _, (i, zh, en) in _rows(wb, SHEET_METHODS, 3)]
    quotes = {k[len("quotes."):]: v for k, v in rules_kv.items() if k.startswith("quotes.")}
    if quotes:
        rules["quotes"] = quotes
    data["rules"] = rules

    checks = []
    for n, (cid, item, kind, params, zh, en) in _rows(wb, SHEET_CHECKS, 6):
        try:
            p = json.loads(params) if params.strip() else {}
        except json.JSONDecodeError as e:
            raise RubricError(f"{SHEET_CHECKS}!D{n}: parameters are not valid JSON ({e.msg})") from None
        if not isinstance(p, dict):
            raise RubricError(f"{SHEET_CHECKS}!D{n}: parameters must be a JSON object")
        checks.append({"id": cid, "item": item, "kind": kind, **p, "message": _text(zh, en)})
    if checks:
        data["checks"] = checks

    areas: list[dict] = []
    by_area: dict[str, dict] = {}
    for n, (aid, zh, en, weight, detail) in _rows(wb, SHEET_AREAS, 5):
        if aid in by_area:
            raise RubricError(f"{SHEET_AREAS}!A{n}: area {aid} is listed twice")
        a: dict[str, Any] = {"id": aid, "title": _text(zh, en), "weight": weight}
        if detail:
            a["detail_title"] = {"zh": detail}
        a["indicators"] = []
        by_area[aid] = a
        areas.append(a)
    inds: dict[str, dict] = {}
    for n, row in _rows(wb, SHEET_ITEMS, len(ITEM_COLUMNS)):
        aid, bid, bzh, ben, iid, tzh, ten, pts, clzh, clen = row
        if aid not in by_area:
            raise RubricError(f"{SHEET_ITEMS}!A{n}: area {aid!r} is not on the {SHEET_AREAS} sheet")
        if bid not in inds:
            inds[bid] = {"id": bid, "title": _text(bzh, ben), "items": []}
            by_area[aid]["indicators"].append(inds[bid])
        elif inds[bid]["title"]["zh"] != bzh:
            raise RubricError(f"{SHEET_ITEMS}!C{n}: {bid} has a different name than on its first row")
        item: dict[str, Any] = {"id": iid, "text": _text(tzh, ten), "points": pts}
        zh_lines = clzh.split("\n") if clzh else []
        en_lines = clen.split("\n") if clen else []
        if zh_lines:
            item["checklist"] = [
                _text(z, en_lines[k] if k < len(en_lines) else "") for k, z in enumerate(zh_lines)
            ]
        inds[bid]["items"].append(item)
    data["areas"] = areas
    return data
