"""Totals, outcome boundaries, flags, fact checks and the self-assessment comparison."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from scoring_helpers import scores_with_total  # noqa: E402

from workbench.errors import ScoreError
from workbench.rubric import load_rubric
from workbench.scoring import score, validate_score

R = load_rubric()
D = Decimal


@pytest.mark.parametrize(
    "total,outcome,flags",
    [
        ("0", "not_evaluated", ["below_minimum"]),
        ("29.5", "not_evaluated", ["below_minimum"]),
        ("30", "not_awarded", []),
        ("74.5", "not_awarded", []),
        ("75", "qualified", []),
        ("84.5", "qualified", []),
        ("85", "demonstration", []),
        ("100", "demonstration", []),
    ],
)
def test_outcome_boundaries(total, outcome, flags) -> None:
    res = score(R, scores_with_total(R, D(total)))
    assert res.total == D(total)
    assert res.outcome == outcome
    assert list(res.flags) == flags
    assert not res.provisional and res.missing == ()


def test_security_incident_at_95_is_not_evaluated() -> None:
    res = score(R, scores_with_total(R, D(95)), security_incident=True)
    assert res.total == 95
    assert res.outcome == "not_evaluated"
    assert res.flags == ("security_incident",)


def test_totals_per_b_and_a() -> None:
    scores = {"B1.1": "1", "B1.4": "0.5", "B3.2": "1.5", "B9.1": "6", "B29.2": "2.5"}
    res = score(R, scores)
    assert res.indicators["B1"] == D("1.5")
    assert res.indicators["B3"] == D("1.5")
    assert res.areas == {"A1": D(3), "A2": D(6), "A3": D(0), "A4": D(0), "A5": D("2.5")}
    assert res.total == D("11.5")
    assert res.outcome == "not_evaluated" and res.provisional
    assert set(res.flags) == {"below_minimum", "incomplete"}
    assert len(res.missing) == 51 - 5


def test_to_json_uses_decimal_strings() -> None:
    res = score(R, scores_with_total(R, D("86.5")))
    j = res.to_json()
    assert j["total"] == "86.5" and j["outcome"] == "demonstration"
    assert j["areas"]["A1"] == "35" and j["indicators"]["B1"] == "4"
    assert all(isinstance(v, str) for v in j["areas"].values())


@pytest.mark.parametrize(
    "item,value,message",
    [
        ("B9.9", "1", "B9.9: no such item"),
        ("B1.1", "0.3", "B1.1: score 0.3 is not a multiple of 0.5"),
        ("B1.1", "1.5", "B1.1: score 1.5 is over the item's 1 points"),
        ("B1.1", "-0.5", "B1.1: '-0.5' is not a number written like \"1.5\""),  # no sign
        ("B1.1", "abc", "B1.1: 'abc' is not a number"),
        ("B1.1", 0.5, "B1.1: write decimals as strings"),
        ("B1.1", "NaN", "B1.1: 'NaN' is not a number written like"),
        ("B1.1", None, "B1.1: expected a number"),
        ("B1.1", True, "B1.1: expected a number"),
    ],
)
def test_invalid_scores_name_the_item(item, value, message) -> None:
    with pytest.raises(ScoreError) as e:
        validate_score(R, item, value)
    assert message in str(e.value)


def test_score_equivalent_spellings() -> None:
    assert validate_score(R, "B9.1", "5.50") == D("5.5")
    assert validate_score(R, "B9.1", 6) == D(6)
    # spaces are not part of the one grammar: a file says exactly "0"
    with pytest.raises(ScoreError, match="no sign, exponent or spaces"):
        validate_score(R, "B9.1", " 0 ")


def test_fact_checks_are_warnings_not_score_changes() -> None:
    full = {i.id: i.points for i in R.items}
    facts = {"stage": "primary", "students": 1100, "student_computers": 100,
             "teachers": 60, "teacher_computers": 50, "network_admins": 0}
    res = score(R, full, facts=facts)
    assert res.total == 100
    by_check = {w.check_id: w for w in res.warnings}
    assert by_check["student_computer_ratio"].item_id == "B3.1"
    assert "11:1" in by_check["student_computer_ratio"].message.zh
    assert "10:1" in by_check["student_computer_ratio"].message.zh
    assert by_check["teacher_computer_ratio"].message.en.startswith("Teachers per computer 1.2:1")
    assert by_check["network_admins"].item_id == "B1.4"


@pytest.mark.parametrize(
    "stage,students,computers,warns",
    [("primary", 1000, 100, False), ("primary", 1001, 100, True), ("junior", 800, 100, False),
     ("junior", 801, 100, True), ("senior", 600, 100, False), ("senior", 601, 100, True),
     ("vocational", 5000, 1, False)],
)
def test_student_computer_ratio_by_stage(stage, students, computers, warns) -> None:
    res = score(R, {}, facts={"stage": stage, "students": students, "student_computers": computers})
    assert any(w.check_id == "student_computer_ratio" for w in res.warnings) == warns


@pytest.mark.parametrize(
    "facts,warns",
    [({"stage": "senior", "four_star": True, "network_admins": 1}, True),
     ({"stage": "senior", "four_star": True, "network_admins": 2}, False),
     ({"stage": "senior", "four_star": False, "network_admins": 1}, False),
     ({"stage": "primary", "network_admins": 1}, False),
     ({"stage": "primary", "network_admins": 0}, True)],
)
def test_network_admins_rule(facts, warns) -> None:
    res = score(R, {}, facts=facts)
    assert any(w.check_id == "network_admins" for w in res.warnings) == warns


def test_missing_facts_give_no_warning() -> None:
    assert score(R, {}, facts={"stage": "primary"}).warnings == ()
    assert score(R, {}, facts={"stage": "primary", "students": 10, "student_computers": 0}).warnings


def test_self_assessment_gap() -> None:
    panel = scores_with_total(R, D(80))
    self_scores = {i.id: i.points for i in R.items}  # the school claims 100
    res = score(R, panel, self_assessment=self_scores)
    assert res.comparison.difference == 20
    assert "self_assessment_gap" in res.flags
    assert sum(res.comparison.items.values()) == 20
    res = score(R, panel, self_assessment=self_scores, margin=D(25))
    assert "self_assessment_gap" not in res.flags
    res = score(R, scores_with_total(R, D(95)), self_assessment=self_scores)
    assert res.comparison.difference == 5 and "self_assessment_gap" not in res.flags
