"""Building score sets with a chosen total, for scoring tests."""

from __future__ import annotations

from decimal import Decimal

from workbench.rubric.model import Rubric

HALF = Decimal("0.5")


def scores_with_total(rubric: Rubric, total: Decimal) -> dict[str, Decimal]:
    """A complete score set (every item scored) adding up to total (a multiple of 0.5)."""
    assert total % HALF == 0 and 0 <= total <= rubric.total_points
    left = total
    out = {}
    for item in rubric.items:
        s = min(item.points, left)
        out[item.id] = s
        left -= s
    assert left == 0
    return out
