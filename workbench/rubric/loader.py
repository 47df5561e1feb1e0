"""Load and validate rubric JSON.

Validation happens in two steps: the JSON Schema (shape and types), then the rules
no schema can say (unique ids, item ids numbered in order, points on the score step,
each area's items summing to its weight, the areas to the total). Every failure
names the indicator or item that is wrong.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

from workbench.errors import RubricError
from workbench.inputs import loads_json, read_regular
from workbench.resources import resource
from workbench.rubric.canonical import canonical_hash
from workbench.rubric.model import (
    Area,
    FactCheck,
    GradeBand,
    Indicator,
    Item,
    Method,
    Rubric,
    Rules,
    Text,
)

DEFAULT_RUBRIC_ID = "majiang-2015"


@lru_cache(maxsize=1)
def _schema() -> dict:
    return json.loads(resource("schemas", "rubric.schema.json").read_text(encoding="utf-8"))


def bundled_rubric_ids() -> list[str]:
    return sorted(p.stem for p in resource("rubrics").glob("*.json"))


def bundled_rubrics() -> list[Rubric]:
    """Every bundled rubric, loaded (cached, as load_rubric)."""
    return [load_rubric(rid) for rid in bundled_rubric_ids()]


@lru_cache(maxsize=16)
def load_rubric(rubric_id: str = DEFAULT_RUBRIC_ID) -> Rubric:
    """The bundled rubric with this id (e.g. "majiang-2015")."""
    path = resource("rubrics", f"{rubric_id}.json")
    if "/" in rubric_id or "\\" in rubric_id or not path.is_file():
        known = ", ".join(bundled_rubric_ids()) or "none"
        raise RubricError(f"unknown rubric {rubric_id!r} (known rubrics: {known})")
    return load_rubric_file(path)


def rubric_by_hash(rubric_hash: str) -> Rubric | None:
    """The bundled rubric whose content hash is rubric_hash, if any."""
    for rid in bundled_rubric_ids():
        r = load_rubric(rid)
        if r.hash == rubric_hash:
            return r
    return None


MAX_RUBRIC_BYTES = 16 * 1024 * 1024  # the Majiang rubric is ~100 KB


def load_rubric_file(path: str | Path) -> Rubric:
    p = Path(path)
    # a regular file only (a FIFO would block), strict JSON (no lone surrogates or huge ints)
    raw = read_regular(p, what="rubric file", max_bytes=MAX_RUBRIC_BYTES, error=RubricError)
    data = loads_json(raw, what=str(p), error=RubricError)
    try:
        return rubric_from_data(data)
    except RubricError as e:
        raise RubricError(f"{p}: {e.message}") from None


def rubric_from_data(data: Any) -> Rubric:
    _validate_schema(data)
    _validate_rules(data)
    return _build(data, canonical_hash(data))


def _where(path: Any) -> str:
    parts = [str(x) for x in path]
    return "/".join(parts) if parts else "(top level)"


def _validate_schema(data: Any) -> None:
    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        e = errors[0]
        message = e.message
        if e.validator == "pattern" and "0-9" in str(e.validator_value) and "." in str(e.validator_value):
            message = f"{e.instance!r} is not a decimal number written as a string, like \"1.5\""
        raise RubricError(f"{_where_named(data, e.absolute_path)}: {message}")


def _where_named(data: Any, path: Any) -> str:
    """Where in the rubric: the innermost id the path runs through, then the keys after it.

    "B9.1/points" reads better than "areas/1/indicators/0/items/0/points".
    """
    names: list[str] = []
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            names.append(str(part))
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            names = [node["id"]]
        elif not isinstance(part, int):
            names.append(str(part))
    return "/".join(names) if names else "(top level)"


def _validate_rules(data: dict) -> None:
    total = Decimal(data["total_points"])
    step = Decimal(data["rules"]["score_step"])
    if step <= 0:
        raise RubricError("rules/score_step: must be positive")
    seen: set[str] = set()
    weight_sum = Decimal(0)
    for area in data["areas"]:
        aid = area["id"]
        if aid in seen:
            raise RubricError(f"{aid}: duplicate area id")
        seen.add(aid)
        weight = Decimal(area["weight"])
        weight_sum += weight
        area_sum = Decimal(0)
        for ind in area["indicators"]:
            bid = ind["id"]
            if bid in seen:
                raise RubricError(f"{bid}: duplicate indicator id")
            seen.add(bid)
            for k, item in enumerate(ind["items"], start=1):
                iid = item["id"]
                if iid in seen:
                    raise RubricError(f"{iid}: duplicate item id")
                seen.add(iid)
                if iid != f"{bid}.{k}":
                    raise RubricError(f"{iid}: item {k} of {bid} must have id {bid}.{k}")
                pts = Decimal(item["points"])
                if pts <= 0:
                    raise RubricError(f"{iid}: points must be positive, got {item['points']}")
                if pts % step != 0:
                    raise RubricError(f"{iid}: points {item['points']} are not a multiple of the score step {step}")
                area_sum += pts
        if area_sum != weight:
            raise RubricError(
                f"{aid}: its items add up to {area_sum} points but the area's weight is {weight}"
            )
    if weight_sum != total:
        raise RubricError(f"areas: weights add up to {weight_sum}, but total_points is {total}")
    rules = data["rules"]
    mins = [Decimal(b["min_total"]) for b in rules["grade_bands"]]
    if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
        raise RubricError("rules/grade_bands: list bands from the highest min_total down, each different")
    if mins and mins[0] > total:
        raise RubricError(f"rules/grade_bands: {mins[0]} is above the total of {total} points")
    methods = [m["id"] for m in rules["methods"]]
    if len(set(methods)) != len(methods):
        raise RubricError("rules/methods: duplicate method id")
    for chk in data.get("checks", []):
        if chk["item"] not in seen:
            raise RubricError(f"checks/{chk['id']}: unknown item {chk['item']}")


def _text(d: dict | None) -> Text:
    d = d or {}
    return Text(zh=d.get("zh", ""), en=d.get("en", ""))


def _build(data: dict, content_hash: str) -> Rubric:
    areas = []
    for a in data["areas"]:
        inds = []
        for b in a["indicators"]:
            items = tuple(
                Item(
                    id=i["id"],
                    text=_text(i["text"]),
                    points=Decimal(i["points"]),
                    checklist=tuple(_text(c) for c in i.get("checklist", [])),
                    indicator_id=b["id"],
                    area_id=a["id"],
                )
                for i in b["items"]
            )
            inds.append(Indicator(id=b["id"], title=_text(b["title"]), items=items, area_id=a["id"]))
        areas.append(
            Area(
                id=a["id"],
                title=_text(a["title"]),
                weight=Decimal(a["weight"]),
                indicators=tuple(inds),
                detail_title=_text(a["detail_title"]) if "detail_title" in a else None,
            )
        )
    r = data["rules"]
    rules = Rules(
        score_step=Decimal(r["score_step"]),
        grade_bands=tuple(
            GradeBand(Decimal(b["min_total"]), b["outcome"], _text(b["title"])) for b in r["grade_bands"]
        ),
        below_bands_outcome=r["below_bands_outcome"],
        minimum_total=Decimal(r["minimum_total"]),
        security_incident_not_evaluated=r["security_incident_not_evaluated"],
        self_assessment_margin=Decimal(r["self_assessment_margin"]),
        evidence_period_years=int(r["evidence_period_years"]),
        methods=tuple(Method(m["id"], _text(m["title"])) for m in r["methods"]),
        quotes=dict(r.get("quotes", {})),
    )
    checks = tuple(
        FactCheck(
            id=c["id"],
            item_id=c["item"],
            kind=c["kind"],
            params={k: v for k, v in c.items() if k not in ("id", "item", "kind", "message")},
            message=_text(c["message"]),
        )
        for c in data.get("checks", [])
    )
    return Rubric(
        id=data["id"],
        title=_text(data["title"]),
        total_points=Decimal(data["total_points"]),
        rules=rules,
        areas=tuple(areas),
        checks=checks,
        hash=content_hash,
        source=data.get("source", ""),
    )
