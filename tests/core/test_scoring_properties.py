"""Hypothesis properties of the scoring engine and the score-file parser."""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.errors import WorkbenchError
from workbench.rubric import load_rubric
from workbench.scoring import score
from workbench.scoring.scorefile import parse_score_data

R = load_rubric()
HALF = Decimal("0.5")


@st.composite
def partial_scores(draw) -> dict[str, Decimal]:
    chosen = draw(st.lists(st.sampled_from([i.id for i in R.items]), unique=True))
    out = {}
    for iid in chosen:
        steps = int(R.item(iid).points / HALF)
        out[iid] = draw(st.integers(0, steps)) * HALF
    return out


@given(partial_scores(), st.booleans())
def test_total_is_sum_of_items(scores, incident) -> None:
    res = score(R, scores, security_incident=incident)
    assert res.total == sum(scores.values(), Decimal(0))
    assert res.total == sum(res.areas.values(), Decimal(0)) == sum(res.indicators.values(), Decimal(0))
    assert set(res.missing) == {i.id for i in R.items} - set(scores)
    assert res.provisional == bool(res.missing)
    if incident:
        assert res.outcome == "not_evaluated"


RANK = {"not_evaluated": 0, "not_awarded": 1, "qualified": 2, "demonstration": 3}


@given(partial_scores(), partial_scores())
def test_outcome_monotone_in_total(a, b) -> None:
    ra, rb = score(R, a), score(R, b)
    if ra.total <= rb.total:
        assert RANK[ra.outcome] <= RANK[rb.outcome]
    else:
        assert RANK[ra.outcome] >= RANK[rb.outcome]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 1000) | st.floats(allow_nan=True)
    | st.text(max_size=8) | st.sampled_from(["1", "0.5", "2", "B1.1", "majiang-2015", "primary"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["B1.1", "B9.1", "B3.2", "x", "stage", "students"]) | st.text(max_size=5),
        children, max_size=4),
    max_leaves=12,
)
score_like = st.fixed_dictionaries(
    {},
    optional={
        "rubric": st.sampled_from(["majiang-2015", "other", ""]) | json_values,
        "scores": st.dictionaries(st.sampled_from([i.id for i in R.items]) | st.text(max_size=5),
                                  json_values, max_size=6) | json_values,
        "security_incident": json_values,
        "self_assessment": json_values,
        "facts": json_values,
        "extra": json_values,
    },
)


@settings(max_examples=300)
@given(st.one_of(score_like, json_values))
def test_any_score_file_scores_or_fails_cleanly(data) -> None:
    try:
        sf = parse_score_data(json.loads(json.dumps(data)))
    except WorkbenchError as e:
        assert str(e) and "\n" not in str(e)
        return
    res = sf.result()
    assert res.total == sum(sf.scores.values(), Decimal(0))
