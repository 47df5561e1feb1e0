"""Merging a panel's item scores into one value per item, and how far the members agree.

Pure and exact (Decimal), except Krippendorff's alpha, which the `krippendorff` package
computes in floating point and we report rounded to three decimals.

Rules (docs/panel-result.md):
- `mean` (default), `median`, or `trimmed` (drop one highest and one lowest score, then
  the mean; needs at least 5 scores). Merged values are rounded half-up to 0.01 and lie
  within the item's points; they are scored with `score(..., merged=True)`.
- Spread = max − min of the members' scores; an item is flagged when the spread exceeds
  `spread_threshold` × the item's points (default 0.5: half its points).
- Per member: the mean signed deviation of their scores from the merged values (who
  scores high or low), and how many flagged items they stood at an extreme of.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from workbench.decimals import fmt
from workbench.errors import ScoreError
from workbench.rubric.model import Rubric

METHODS = ("mean", "median", "trimmed")
DEFAULT_METHOD = "mean"
DEFAULT_SPREAD_THRESHOLD = Decimal("0.5")
TRIMMED_MIN = 5
CENT = Decimal("0.01")
ALPHA_PLACES = Decimal("0.001")

MemberScores = Mapping[str, Mapping[str, Decimal | None]]  # member key -> item id -> score


class MergeError(ScoreError):
    """The scores cannot be merged as asked (method, too few sheets, bad threshold)."""


@dataclass(frozen=True)
class MergedItem:
    item_id: str
    scores: dict[str, Decimal | None]  # member key -> score (None = not scored)
    computed: Decimal | None  # None when no member scored the item
    spread: Decimal | None
    flagged: bool


@dataclass(frozen=True)
class MemberAgreement:
    mean_deviation: Decimal | None  # mean of (member score − merged value), 0.01 half-up
    flagged_items: int


def round_cent(d: Decimal) -> Decimal:
    q = d.quantize(CENT, rounding=ROUND_HALF_UP)
    return q.normalize() if q != 0 else Decimal(0)


def check_method(method: str, n_sheets: int) -> None:
    if method not in METHODS:
        raise MergeError(f"unknown merge method {method!r}", hint=f"use one of {', '.join(METHODS)}")
    if n_sheets < 1:
        raise MergeError("no member sheets to merge", hint="add the members' signed sheets first")
    if method == "trimmed" and n_sheets < TRIMMED_MIN:
        raise MergeError(f"the trimmed mean needs at least {TRIMMED_MIN} sheets; this panel has {n_sheets}",
                         hint="use --method mean or median")


def merge_values(values: Sequence[Decimal], method: str) -> Decimal:
    """One merged value from the scores of one item (unrounded for median of an odd count)."""
    v = sorted(values)
    n = len(v)
    if method == "mean":
        return sum(v, Decimal(0)) / n
    if method == "median":
        return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2
    if method == "trimmed":
        if n < TRIMMED_MIN:
            raise MergeError(f"the trimmed mean needs at least {TRIMMED_MIN} scores, got {n}")
        return sum(v[1:-1], Decimal(0)) / (n - 2)
    raise MergeError(f"unknown merge method {method!r}")


def merge_items(rubric: Rubric, member_scores: MemberScores, method: str = DEFAULT_METHOD, *,
                spread_threshold: Decimal = DEFAULT_SPREAD_THRESHOLD) -> dict[str, MergedItem]:
    """Every rubric item merged over the members, in rubric order.

    The result does not depend on the order of `member_scores`: values are sorted before
    they are combined and Decimal addition of at most two decimals is exact.
    """
    check_method(method, len(member_scores))
    if not (Decimal(0) <= spread_threshold <= Decimal(1)):
        raise MergeError(f"spread threshold {fmt(spread_threshold)} is not a share between 0 and 1")
    out: dict[str, MergedItem] = {}
    keys = sorted(member_scores)
    for item in rubric.iter_items():
        scores = {k: member_scores[k].get(item.id) for k in keys}
        given = [s for s in scores.values() if s is not None]
        if not given:
            out[item.id] = MergedItem(item.id, scores, None, None, False)
            continue
        if method == "trimmed" and len(given) < TRIMMED_MIN:
            raise MergeError(f"{item.id}: the trimmed mean needs {TRIMMED_MIN} scores, only {len(given)} given")
        computed = min(max(round_cent(merge_values(given, method)), Decimal(0)), item.points)
        spread = max(given) - min(given)
        out[item.id] = MergedItem(item.id, scores, computed, spread if spread else Decimal(0),
                                  spread > spread_threshold * item.points)
    return out


def member_agreement(merged: Mapping[str, MergedItem]) -> dict[str, MemberAgreement]:
    """Per member: mean signed deviation from the merged values, flagged items at an extreme."""
    keys: list[str] = sorted({k for m in merged.values() for k in m.scores})
    out = {}
    for k in keys:
        devs, flagged = [], 0
        for m in merged.values():
            s = m.scores.get(k)
            if s is None or m.computed is None:
                continue
            devs.append(s - m.computed)
            given = [v for v in m.scores.values() if v is not None]
            if m.flagged and s in (max(given), min(given)):
                flagged += 1
        mean = round_cent(sum(devs, Decimal(0)) / len(devs)) if devs else None
        out[k] = MemberAgreement(mean, flagged)
    return out


def alpha_matrix(merged: Mapping[str, MergedItem]) -> list[list[float]]:
    """Members (sorted) × items (rubric order) as floats, NaN for not scored."""
    keys = sorted({k for m in merged.values() for k in m.scores})
    return [[float(m.scores[k]) if m.scores.get(k) is not None else float("nan") for m in merged.values()]
            for k in keys]


def krippendorff_alpha(matrix: Sequence[Sequence[float]]) -> float | None:
    """Interval alpha of a coders × units matrix, or None where it is undefined.

    Undefined: fewer than two coders, or every value the same (no variation to agree on).
    """
    import krippendorff
    import numpy as np

    data = np.asarray(matrix, dtype=float)
    if data.ndim != 2 or data.shape[0] < 2:
        return None
    try:
        a = float(krippendorff.alpha(reliability_data=data, level_of_measurement="interval"))
    except ValueError:  # one value in the whole domain, or no unit with two coders
        return None
    return a if a == a else None  # NaN -> undefined


def alpha_text(a: float | None) -> str | None:
    """Alpha as a decimal string rounded half-up to 0.001 ("0.849", "-0.25"), None if undefined."""
    if a is None:
        return None
    d = Decimal(repr(a)).quantize(ALPHA_PLACES, rounding=ROUND_HALF_UP)
    return "0" if d == 0 else format(d.normalize(), "f")
