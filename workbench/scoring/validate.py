"""Validate a single score against its item: within 0..max, on the rubric's step."""

from __future__ import annotations

from decimal import Decimal

from workbench.decimals import fmt, parse_decimal
from workbench.errors import ScoreError
from workbench.rubric.model import Rubric


def validate_score(rubric: Rubric, item_id: str, value: object) -> Decimal:
    """The score as a Decimal, or ScoreError naming the item and what is wrong."""
    if not isinstance(item_id, str) or not rubric.has_item(item_id):
        raise ScoreError(f"{item_id}: no such item in rubric {rubric.id} (items run B1.1 … "
                         f"{rubric.items[-1].id})")
    item = rubric.item(item_id)
    try:
        d = parse_decimal(value, what=item_id)
    except ValueError as e:
        raise ScoreError(str(e)) from None
    if d < 0:
        raise ScoreError(f"{item_id}: score {fmt(d)} is negative; scores run from 0 to {fmt(item.points)}")
    if d > item.points:
        raise ScoreError(f"{item_id}: score {fmt(d)} is over the item's {fmt(item.points)} points")
    step = rubric.rules.score_step
    if d % step != 0:
        raise ScoreError(f"{item_id}: score {fmt(d)} is not a multiple of {fmt(step)}")
    return d.normalize() if d != 0 else Decimal(0)
