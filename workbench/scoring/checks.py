"""The rubric's checks against school facts, shown as warnings beside an item.

They never change a score: the panel decides, the check only points at a number
the school reported that does not meet the written requirement.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from workbench.decimals import fmt, parse_decimal
from workbench.rubric.model import FactCheck, Rubric, Text


@dataclass(frozen=True)
class FactWarning:
    item_id: str
    check_id: str
    message: Text

    def to_json(self) -> dict:
        return {"item": self.item_id, "check": self.check_id, "zh": self.message.zh, "en": self.message.en}


def _num(facts: Mapping[str, object], key: str) -> Decimal | None:
    v = facts.get(key)
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, int):  # counts are whole numbers (bounded where they are read)
        return Decimal(v) if v >= 0 else None
    if isinstance(v, Decimal):
        return v if v.is_finite() and v >= 0 else None
    try:  # the one grammar: "0_5" or "1e9" is no fact (Decimal(str(v)) would read them)
        return parse_decimal(v, what=key)
    except ValueError:
        return None


def _fill(check: FactCheck, **values: str) -> Text:
    return Text(zh=check.message.zh.format(**values), en=check.message.en.format(**values))


def _ratio_at_most(check: FactCheck, facts: Mapping[str, object]) -> FactWarning | None:
    p = check.params
    num, den = _num(facts, p["numerator"]), _num(facts, p["denominator"])
    if num is None or den is None:
        return None
    if "limit_by_stage" in p:
        limit_s = p["limit_by_stage"].get(str(facts.get("stage", "")))
        if limit_s is None:
            return None  # the rubric sets no ratio for this kind of school
        limit = Decimal(limit_s)
    else:
        limit = Decimal(p["limit"])
    if den == 0:
        if num == 0:
            return None
        return FactWarning(check.item_id, check.id, _fill(check, value="∞", limit=fmt(limit)))
    ratio = num / den
    if ratio <= limit:
        return None
    shown = ratio.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return FactWarning(check.item_id, check.id, _fill(check, value=fmt(shown), limit=fmt(limit)))


def _at_least(check: FactCheck, facts: Mapping[str, object]) -> FactWarning | None:
    p = check.params
    value = _num(facts, p["fact"])
    if value is None:
        return None
    minimum = Decimal(p["minimum"])
    for cond in p.get("minimum_when", []):
        if all(facts.get(k) == v for k, v in cond.items() if k != "minimum"):
            minimum = Decimal(cond["minimum"])
    if value >= minimum:
        return None
    return FactWarning(check.item_id, check.id, _fill(check, value=fmt(value), limit=fmt(minimum)))


_KINDS = {"ratio_at_most": _ratio_at_most, "at_least": _at_least}


def run_checks(rubric: Rubric, facts: Mapping[str, object] | None) -> list[FactWarning]:
    if not facts:
        return []
    out = []
    for check in rubric.checks:
        w = _KINDS[check.kind](check, facts)
        if w is not None:
            out.append(w)
    return out
