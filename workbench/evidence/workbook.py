"""Read a filled 申报表 workbook back into manifest parts; errors name the file and cell."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from workbench.decimals import fmt
from workbench.errors import PackageError, RubricError, ScoreError
from workbench.evidence.template import (
    APPLICATION_TYPES,
    FIELDS,
    FORM_SHEET,
    SCORE_COLUMN,
    SELF_SHEET,
    STAGES,
    YES_NO,
    Field,
)
from workbench.inputs import check_regular
from workbench.rubric import Rubric, load_rubric
from workbench.scoring import validate_score

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_DATE = re.compile(r"([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?")
_DIGITS = re.compile(r"[0-9]{1,8}")
MAX_COUNT = 10_000_000  # as the manifest schema's counts


def _text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))  # a phone number typed as a number
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    return str(v).strip()


def _convert(f: Field, v: Any, where: str) -> Any:
    if f.kind in ("text", "code"):
        s = _text(v)
        if f.kind == "code" and not _CODE.match(s):
            raise PackageError(f"{where}: {s!r} is not a valid school code (letters, digits, "
                               "'-', '.', '_'; at most 64)")
        return s
    if f.kind == "int":
        return _count(v, where)
    if f.kind == "choice":
        s = _text(v)
        table = STAGES if f.key == "school.stage" else APPLICATION_TYPES
        for label, value in table.items():
            if s in (label, value) or s.startswith(label):
                return value
        raise PackageError(f"{where}: {s!r} is not one of {', '.join(table)}")
    if f.kind == "bool":
        if isinstance(v, bool):
            return v
        s = _text(v).lower()
        if s in ("是", "yes", "true", "1", "y"):
            return True
        if s in ("否", "no", "false", "0", "n"):
            return False
        raise PackageError(f"{where}: {v!r} is not {'/'.join(YES_NO)}")
    if f.kind == "date":
        if isinstance(v, dt.datetime):
            return v.date().isoformat()
        if isinstance(v, dt.date):
            return v.isoformat()
        m = _DATE.fullmatch(_text(v))
        try:
            if m:
                return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            pass
        raise PackageError(f"{where}: {v!r} is not a date (YYYY-MM-DD)")
    raise AssertionError(f.kind)


def _count(v: Any, where: str) -> int:
    """A whole number 0..MAX_COUNT typed as a number or as ASCII digits ("１２" and "1e3" are
    not: str.isdigit() would pass superscripts and full-width digits)."""
    if isinstance(v, float) and v.is_integer() and abs(v) <= MAX_COUNT:
        v = int(v)
    elif isinstance(v, str) and _DIGITS.fullmatch(v.strip()):
        v = int(v.strip())
    if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= MAX_COUNT:
        shown = repr(v) if not isinstance(v, (int, float)) or abs(v) < 10**12 else "a huge number"
        raise PackageError(f"{where}: {shown[:40]} is not a whole number from 0 to {MAX_COUNT:,} "
                           "(write it with the digits 0-9)")
    return v


def _set(head: dict, key: str, value: Any) -> None:
    if "." not in key:
        head[key] = value
        return
    part, name = key.split(".", 1)
    head.setdefault(part, {})[name] = value


def _score(v: Any, rubric: Rubric, item_id: str, where: str) -> str:
    if isinstance(v, bool):
        raise PackageError(f"{where}: {v!r} is not a score")
    if isinstance(v, float):
        v = repr(v)  # the shortest text of the float is what the user typed
    try:
        return fmt(validate_score(rubric, item_id, v if not isinstance(v, Decimal) else str(v)))
    except ScoreError as e:
        raise PackageError(f"{where}: {e}") from None


def read_workbook(path: str | Path) -> dict:
    """Manifest parts (rubric, school, application, self_assessment) from a filled workbook."""
    path = Path(path)
    name = path.name
    check_regular(path, what="workbook (.xlsx)", error=PackageError)  # a FIFO would block the reader
    try:
        wb = load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise PackageError(f"{name}: not a readable .xlsx workbook ({e})") from None
    for sheet in (FORM_SHEET, SELF_SHEET):
        if sheet not in wb.sheetnames:
            raise PackageError(f"{name}: no sheet {sheet!r}; start from `workbench package template`")
    form = wb[FORM_SHEET]
    rows: dict[str, int] = {}
    for row in range(1, form.max_row + 1):
        label = form[f"A{row}"].value
        if isinstance(label, str):
            rows.setdefault(label.replace("*", "").strip(), row)
    head: dict = {}
    for f in FIELDS:
        row = rows.get(f.label)
        if row is None:
            if f.required:
                raise PackageError(f"{name} {FORM_SHEET}: no row labelled {f.label!r} in column A")
            continue
        if f.kind == "formula":
            continue
        where = f"{name} {FORM_SHEET}!B{row}"
        v = form[f"B{row}"].value
        if v is None or (isinstance(v, str) and not v.strip()):
            if f.required:
                raise PackageError(f"{where}: {f.label} is required")
            continue
        _set(head, f.key, _convert(f, v, where))
    try:
        rubric = load_rubric(head["rubric"])
    except RubricError:
        raise PackageError(f"{name} {FORM_SHEET}!B{rows['评估细则']}: unknown rubric "
                           f"{head['rubric']!r}") from None
    head["self_assessment"] = _read_scores(wb[SELF_SHEET], rubric, name)
    return head


def _read_scores(ws: Any, rubric: Rubric, name: str) -> dict[str, str]:
    scores: dict[str, str] = {}
    for row in range(2, ws.max_row + 1):
        item_id = ws[f"A{row}"].value
        v = ws[f"{SCORE_COLUMN}{row}"].value
        if item_id is None and v is None:
            continue
        where = f"{name} {SELF_SHEET}!{SCORE_COLUMN}{row}"
        item_id = _text(item_id) if item_id is not None else ""
        if not rubric.has_item(item_id):
            raise PackageError(f"{name} {SELF_SHEET}!A{row}: {item_id!r} is not an item of rubric "
                               f"{rubric.id}")
        if item_id in scores:
            raise PackageError(f"{name} {SELF_SHEET}!A{row}: item {item_id} appears twice")
        if v is None or (isinstance(v, str) and not v.strip()):
            continue  # a partial self-assessment is allowed
        scores[item_id] = _score(v, rubric, item_id, where)
    return scores
