"""The scoring engine: pure Python, Decimal only."""

from workbench.scoring.checks import FactWarning, run_checks
from workbench.scoring.engine import (
    FLAG_BELOW_MINIMUM,
    FLAG_INCOMPLETE,
    FLAG_SECURITY_INCIDENT,
    FLAG_SELF_ASSESSMENT_GAP,
    FLAGS,
    Comparison,
    Result,
    outcome_for,
    score,
)
from workbench.scoring.validate import validate_score

__all__ = [
    "FLAGS", "FLAG_BELOW_MINIMUM", "FLAG_INCOMPLETE", "FLAG_SECURITY_INCIDENT",
    "FLAG_SELF_ASSESSMENT_GAP", "Comparison", "FactWarning", "Result", "outcome_for",
    "run_checks", "score", "validate_score",
]
