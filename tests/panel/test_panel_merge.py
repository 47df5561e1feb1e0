"""The merge arithmetic: each method against hand-computed values, rounding, spread, deviation,
alpha (against the krippendorff package and Krippendorff's 2011 example), order independence,
and the engine's explicit rule for merged values."""

from __future__ import annotations

import random
import sys
from decimal import Decimal
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
from panel_helpers import ITEMS, RUBRIC, full_points  # noqa: E402

from workbench.errors import ScoreError  # noqa: E402
from workbench.scoring.engine import score  # noqa: E402
from workbench.scoring.merge import (  # noqa: E402
    MergeError,
    alpha_matrix,
    alpha_text,
    krippendorff_alpha,
    member_agreement,
    merge_items,
)

D = Decimal


def members(per_item: dict[str, list[str]]) -> dict[str, dict[str, Decimal]]:
    """Member keys m0, m1, … with full points except the listed items (one value per member)."""
    n = len(next(iter(per_item.values())))
    out = {}
    for k in range(n):
        s = dict(full_points())
        s.update({iid: D(vals[k]) for iid, vals in per_item.items()})
        out[f"m{k}"] = s
    return out


# (members' scores of B11.1 (8 points), of a second item) -> expected (mean, median, trimmed) per item
CASES = {
    1: ({"B11.1": ["5.5"], "B1.1": ["0.5"]},
        {"B11.1": ("5.5", "5.5", None), "B1.1": ("0.5", "0.5", None)}),
    3: ({"B11.1": ["8", "6", "5.5"], "B9.1": ["6", "2", "3"]},
        {"B11.1": ("6.5", "6", None), "B9.1": ("3.67", "3", None)}),
    5: ({"B11.1": ["8", "7.5", "7", "3", "6"], "B1.1": ["1", "1", "0.5", "0", "1"]},
        {"B11.1": ("6.3", "7", "6.83"), "B1.1": ("0.7", "1", "0.83")}),
    7: ({"B11.1": ["8", "8", "7.5", "7", "6.5", "2", "8"], "B3.2": ["2", "1.5", "1.5", "2", "2", "0.5", "2"]},
        {"B11.1": ("6.71", "7.5", "7.4"), "B3.2": ("1.64", "2", "1.8")}),
}


@pytest.mark.parametrize("n", sorted(CASES))
@pytest.mark.parametrize("method", ["mean", "median", "trimmed"])
def test_each_method_against_hand_computed_values(n: int, method: str) -> None:
    per_item, expected = CASES[n]
    scores = members(per_item)
    if method == "trimmed" and n < 5:
        with pytest.raises(MergeError, match="at least 5"):
            merge_items(RUBRIC, scores, method)
        return
    merged = merge_items(RUBRIC, scores, method)
    col = ["mean", "median", "trimmed"].index(method)
    for iid, want in expected.items():
        assert merged[iid].computed == D(want[col]), (iid, method)
    untouched = next(i for i in ITEMS if i not in per_item)
    assert merged[untouched].computed == RUBRIC.item(untouched).points
    # the panel's total comes from the same engine and is the sum of the merged values
    finals = {iid: m.computed for iid, m in merged.items()}
    res = score(RUBRIC, finals, merged=True)
    assert res.total == sum(finals.values(), D(0))
    assert res.total == RUBRIC.total_points - sum(RUBRIC.item(i).points - D(want[col]) for i, want in expected.items())


def test_rounding_is_half_up_to_the_cent() -> None:
    merged = merge_items(RUBRIC, members({"B1.1": ["0.5", "0", "0", "0"], "B3.2": ["2", "1.5", "1", "0.5"]}))
    assert merged["B1.1"].computed == D("0.13")  # 0.125: half-up, not half-even (0.12)
    assert merge_items(RUBRIC, members({"B3.2": ["2", "1.5", "1", "0.5"]}), "median")["B3.2"].computed == D("1.25")
    assert merge_items(RUBRIC, members({"B1.1": ["0.5", "0", "0", "0"]}), "median")["B1.1"].computed == 0


def test_spread_and_flags_with_a_configurable_threshold() -> None:
    scores = members({"B1.1": ["0", "1", "1"], "B1.2": ["0.5", "1", "1"], "B11.1": ["8", "4", "6"]})
    m = merge_items(RUBRIC, scores)
    assert (m["B1.1"].spread, m["B1.1"].flagged) == (D(1), True)  # 1 > 0.5 × 1
    assert (m["B1.2"].spread, m["B1.2"].flagged) == (D("0.5"), False)  # 0.5 is not more than half
    assert (m["B11.1"].spread, m["B11.1"].flagged) == (D(4), False)  # 4 is not more than 0.5 × 8
    m = merge_items(RUBRIC, scores, spread_threshold=D("0.4"))
    assert m["B1.2"].flagged and m["B11.1"].flagged
    with pytest.raises(MergeError, match="share between 0 and 1"):
        merge_items(RUBRIC, scores, spread_threshold=D("1.5"))
    with pytest.raises(MergeError, match="unknown merge method"):
        merge_items(RUBRIC, scores, "mode")
    with pytest.raises(MergeError, match="no member sheets"):
        merge_items(RUBRIC, {}, "mean")


def test_member_deviation_and_flagged_items_by_hand() -> None:
    merged = merge_items(RUBRIC, members({"B9.1": ["6", "2", "3"], "B11.1": ["8", "6", "5.5"]}))
    a = member_agreement(merged)
    # m0: (6 − 3.67) + (8 − 6.5) = 3.83 over 51 items = 0.0751 -> 0.08
    # m1: (2 − 3.67) + (6 − 6.5) = −2.17 / 51 = −0.0425 -> −0.04
    # m2: (3 − 3.67) + (5.5 − 6.5) = −1.67 / 51 = −0.0327 -> −0.03
    assert [a[k].mean_deviation for k in ("m0", "m1", "m2")] == [D("0.08"), D("-0.04"), D("-0.03")]
    # B9.1 is flagged (spread 4 > 3): m0 (highest) and m1 (lowest) stood at its extremes
    assert [a[k].flagged_items for k in ("m0", "m1", "m2")] == [1, 1, 0]


def test_alpha_is_krippendorffs_2011_interval_example() -> None:
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the 4 coders × 12 units
    # example with missing values (as in the krippendorff package's own doctests).
    nan = float("nan")
    data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
            [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    assert alpha_text(krippendorff_alpha(data)) == "0.849"


@pytest.mark.parametrize("seed", range(5))
def test_alpha_equals_the_package_on_members_by_items(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.choice([2, 3, 5, 7])
    scores = {f"fp{k}": {i.id: D(rng.randint(0, int(i.points * 2))) / 2 for i in RUBRIC.iter_items()}
              for k in range(n)}
    merged = merge_items(RUBRIC, scores)
    matrix = np.array([[float(scores[k][iid]) for iid in ITEMS] for k in sorted(scores)])
    want = krippendorff.alpha(reliability_data=matrix, level_of_measurement="interval")
    got = krippendorff_alpha(alpha_matrix(merged))
    assert got == pytest.approx(float(want), abs=1e-12)
    assert alpha_text(got) == format(D(repr(float(want))).quantize(D("0.001")), "f").rstrip("0").rstrip(".") or "0"


def test_alpha_undefined_for_one_member_or_no_variation() -> None:
    assert krippendorff_alpha(alpha_matrix(merge_items(RUBRIC, members({"B1.1": ["0.5"]})))) is None
    same = {k: dict(full_points()) for k in ("a", "b", "c")}
    assert krippendorff_alpha(alpha_matrix(merge_items(RUBRIC, same))) == 1.0  # full agreement
    zeros = {k: dict.fromkeys(ITEMS, D(0)) for k in ("a", "b", "c")}
    assert krippendorff_alpha(alpha_matrix(merge_items(RUBRIC, zeros))) is None  # one value: undefined
    assert alpha_text(None) is None and alpha_text(-0.25) == "-0.25" and alpha_text(0.0001) == "0"


def test_the_engine_has_an_explicit_rule_for_merged_values() -> None:
    s = dict(full_points())
    s["B1.1"] = D("0.67")
    with pytest.raises(ScoreError, match="multiple of 0.5"):
        score(RUBRIC, s)  # a reviewer's sheet stays on the 0.5 step
    assert score(RUBRIC, s, merged=True).items["B1.1"] == D("0.67")
    for bad, msg in ((D("0.675"), "multiple of 0.01"), (D("1.01"), "outside 0 … 1"), ("0.675", "not a number")):
        s["B1.1"] = bad
        with pytest.raises(ScoreError, match=msg):
            score(RUBRIC, s, merged=True)


score_sets = st.integers(min_value=1, max_value=7).flatmap(
    lambda n: st.lists(st.fixed_dictionaries({i.id: st.integers(0, int(i.points * 2)) for i in RUBRIC.iter_items()}),
                       min_size=n, max_size=n))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(score_sets, st.sampled_from(["mean", "median", "trimmed"]), st.randoms(use_true_random=False))
def test_order_of_sheets_never_changes_the_result(raw: list[dict[str, int]], method: str, rnd: random.Random) -> None:
    scores = {f"{k:02d}": {iid: D(v) / 2 for iid, v in m.items()} for k, m in enumerate(raw)}
    keys = list(scores)
    rnd.shuffle(keys)
    shuffled = {k: scores[k] for k in keys}
    if method == "trimmed" and len(scores) < 5:
        with pytest.raises(MergeError):
            merge_items(RUBRIC, shuffled, method)
        return
    a, b = merge_items(RUBRIC, scores, method), merge_items(RUBRIC, shuffled, method)
    assert a == b
    assert member_agreement(a) == member_agreement(b)
    assert krippendorff_alpha(alpha_matrix(a)) == krippendorff_alpha(alpha_matrix(b))
    finals = {iid: m.computed for iid, m in a.items()}
    for iid, m in a.items():  # within the item's range, on the cent grid
        assert 0 <= m.computed <= RUBRIC.item(iid).points and m.computed % D("0.01") == 0
    assert score(RUBRIC, finals, merged=True).total == sum(finals.values(), D(0))
