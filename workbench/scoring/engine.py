"""Totals, outcome and flags for one set of item scores under a rubric.

Pure and exact: Decimal in, Decimal out. The outcome follows the rubric's rules
(评估细则 一、说明 3 and 5): grade bands on the total; a total under the minimum, or
a network-security incident, means the school is not evaluated (不予评估验收).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from workbench.decimals import fmt, parse_decimal
from workbench.errors import ScoreError
from workbench.rubric.model import Outcome, Rubric
from workbench.scoring.checks import FactWarning, run_checks
from workbench.scoring.validate import validate_score

FLAG_BELOW_MINIMUM = "below_minimum"
FLAG_SECURITY_INCIDENT = "security_incident"
FLAG_INCOMPLETE = "incomplete"
FLAG_SELF_ASSESSMENT_GAP = "self_assessment_gap"
FLAGS = (FLAG_BELOW_MINIMUM, FLAG_SECURITY_INCIDENT, FLAG_INCOMPLETE, FLAG_SELF_ASSESSMENT_GAP)
# A panel's merged item value (workbench.scoring.merge) is a mean or median of reviewers'
# scores: it lies within the item's points on a 0.01 grid, not on the rubric's 0.5 step,
# which binds a reviewer's own sheet only.
MERGED_GRID = Decimal("0.01")


def validate_merged_score(rubric: Rubric, item_id: str, value: object) -> Decimal:
    """A merged value: within 0..points, a multiple of 0.01 (the rule for `score(merged=True)`)."""
    if not isinstance(item_id, str) or not rubric.has_item(item_id):
        raise ScoreError(f"{item_id}: no such item in rubric {rubric.id}")
    points = rubric.item(item_id).points
    try:
        d = parse_decimal(value, what=item_id)
    except ValueError as e:
        raise ScoreError(str(e)) from None
    if d < 0 or d > points:
        raise ScoreError(f"{item_id}: merged value {fmt(d)} is outside 0 … {fmt(points)}")
    if d % MERGED_GRID != 0:
        raise ScoreError(f"{item_id}: merged value {fmt(d)} is not a multiple of {fmt(MERGED_GRID)}")
    return d.normalize() if d != 0 else Decimal(0)


@dataclass(frozen=True)
class Comparison:
    """The school's self-assessment against the panel's scores (self minus panel)."""

    self_total: Decimal
    panel_total: Decimal
    items: dict[str, Decimal]  # item id -> self - panel, for items both scored
    margin: Decimal

    @property
    def difference(self) -> Decimal:
        return self.self_total - self.panel_total

    @property
    def over_margin(self) -> bool:
        return self.difference > self.margin

    def to_json(self) -> dict:
        return {
            "self_total": fmt(self.self_total),
            "panel_total": fmt(self.panel_total),
            "difference": fmt(self.difference),
            "margin": fmt(self.margin),
            "items": {k: fmt(v) for k, v in self.items.items()},
        }


@dataclass(frozen=True)
class Result:
    rubric_id: str
    rubric_hash: str
    items: dict[str, Decimal]
    indicators: dict[str, Decimal]
    areas: dict[str, Decimal]
    total: Decimal
    outcome: Outcome
    flags: tuple[str, ...]
    missing: tuple[str, ...]
    warnings: tuple[FactWarning, ...] = ()
    comparison: Comparison | None = None
    security_incident: bool = False

    @property
    def provisional(self) -> bool:
        return FLAG_INCOMPLETE in self.flags

    @property
    def complete(self) -> bool:
        return not self.missing

    def to_json(self) -> dict:
        out = {
            "rubric": self.rubric_id,
            "rubric_hash": self.rubric_hash,
            "total": fmt(self.total),
            "areas": {k: fmt(v) for k, v in self.areas.items()},
            "indicators": {k: fmt(v) for k, v in self.indicators.items()},
            "outcome": self.outcome,
            "provisional": self.provisional,
            "flags": list(self.flags),
            "missing": list(self.missing),
            "warnings": [w.to_json() for w in self.warnings],
        }
        if self.comparison is not None:
            out["self_assessment"] = self.comparison.to_json()
        return out


def outcome_for(rubric: Rubric, total: Decimal, security_incident: bool) -> Outcome:
    """The outcome for a total: not evaluated, a grade band, or below every band."""
    rules = rubric.rules
    if security_incident and rules.security_incident_not_evaluated:
        return "not_evaluated"
    if total < rules.minimum_total:
        return "not_evaluated"
    for band in rules.grade_bands:
        if total >= band.min_total:
            return band.outcome
    return rules.below_bands_outcome


def score(
    rubric: Rubric,
    scores: Mapping[str, object],
    *,
    security_incident: bool = False,
    self_assessment: Mapping[str, object] | None = None,
    facts: Mapping[str, object] | None = None,
    margin: Decimal | None = None,
    merged: bool = False,
) -> Result:
    """Score a (possibly partial) set of item scores. Raises ScoreError on a bad score.

    merged=True scores a panel's merged values: each on the 0.01 grid within its points
    (validate_merged_score) instead of the rubric's step; everything else is the same.
    """
    check = validate_merged_score if merged else validate_score
    given = {iid: check(rubric, iid, v) for iid, v in scores.items()}
    items: dict[str, Decimal] = {}
    indicators: dict[str, Decimal] = {}
    areas: dict[str, Decimal] = {}
    missing: list[str] = []
    for area in rubric.areas:
        a_sum = Decimal(0)
        for ind in area.indicators:
            b_sum = Decimal(0)
            for item in ind.items:
                if item.id in given:
                    items[item.id] = given[item.id]
                    b_sum += given[item.id]
                else:
                    missing.append(item.id)
            indicators[ind.id] = b_sum
            a_sum += b_sum
        areas[area.id] = a_sum
    total = sum(areas.values(), Decimal(0))

    flags: list[str] = []
    if total < rubric.rules.minimum_total:
        flags.append(FLAG_BELOW_MINIMUM)
    if security_incident:
        flags.append(FLAG_SECURITY_INCIDENT)
    if missing:
        flags.append(FLAG_INCOMPLETE)

    comparison = None
    if self_assessment:
        sa = {iid: validate_score(rubric, iid, v) for iid, v in self_assessment.items()}
        comparison = Comparison(
            self_total=sum(sa.values(), Decimal(0)),
            panel_total=total,
            items={i.id: sa[i.id] - items[i.id] for i in rubric.iter_items() if i.id in sa and i.id in items},
            margin=rubric.rules.self_assessment_margin if margin is None else margin,
        )
        if comparison.over_margin:
            flags.append(FLAG_SELF_ASSESSMENT_GAP)

    return Result(
        rubric_id=rubric.id,
        rubric_hash=rubric.hash,
        items=items,
        indicators=indicators,
        areas=areas,
        total=total,
        outcome=outcome_for(rubric, total, security_incident),
        flags=tuple(flags),
        missing=tuple(missing),
        warnings=tuple(run_checks(rubric, facts)),
        comparison=comparison,
        security_incident=security_incident,
    )
