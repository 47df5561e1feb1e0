"""Score files: a reviewer's scores for one school as JSON, for scripts and the CLI.

    {"rubric": "majiang-2015", "scores": {"B1.1": "1", "B3.2": "1.5"},
     "security_incident": false, "self_assessment": {...}, "facts": {...}}

`self_assessment` and `facts` are optional. Anything wrong raises ScoreError with
a message that names the key or item.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from workbench.errors import RubricError, ScoreError
from workbench.inputs import loads_json, read_regular
from workbench.rubric.loader import load_rubric
from workbench.rubric.model import Rubric
from workbench.scoring.engine import Result, score
from workbench.scoring.validate import validate_score

KNOWN_KEYS = {"rubric", "scores", "security_incident", "self_assessment", "facts"}
FACT_KEYS = {"stage", "students", "teachers", "student_computers", "teacher_computers",
             "network_admins", "four_star", "classes"}
MAX_FACT = 10_000_000  # as the manifest schema's counts: no school has more students or computers


@dataclass(frozen=True)
class ScoreFile:
    rubric: Rubric
    scores: dict[str, Decimal]
    security_incident: bool = False
    self_assessment: dict[str, Decimal] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)

    def result(self, margin: Decimal | None = None) -> Result:
        return score(self.rubric, self.scores, security_incident=self.security_incident,
                     self_assessment=self.self_assessment or None, facts=self.facts, margin=margin)


def _scores(rubric: Rubric, obj: Any, key: str) -> dict[str, Decimal]:
    if not isinstance(obj, Mapping):
        raise ScoreError(f"{key}: expected an object of item id → score, like {{\"B1.1\": \"1\"}}")
    out = {}
    for iid, v in obj.items():
        try:
            out[iid] = validate_score(rubric, iid, v)
        except ScoreError as e:
            raise ScoreError(f"{key}: {e.message}") from None
    return out


def parse_score_data(data: Any) -> ScoreFile:
    if not isinstance(data, Mapping):
        raise ScoreError("a score file is a JSON object with \"rubric\" and \"scores\"")
    unknown = sorted(set(data) - KNOWN_KEYS, key=str)
    if unknown:
        raise ScoreError(f"unknown key {unknown[0]!r} (a score file has: {', '.join(sorted(KNOWN_KEYS))})")
    rid = data.get("rubric")
    if not isinstance(rid, str) or not rid:
        raise ScoreError("rubric: give the rubric id as a string, e.g. \"majiang-2015\"")
    try:
        rubric = load_rubric(rid)
    except RubricError as e:
        raise ScoreError(f"rubric: {e.message}") from None
    if "scores" not in data:
        raise ScoreError("scores: missing; give an object of item id → score")
    scores = _scores(rubric, data["scores"], "scores")
    incident = data.get("security_incident", False)
    if not isinstance(incident, bool):
        raise ScoreError("security_incident: must be true or false")
    sa = _scores(rubric, data["self_assessment"], "self_assessment") if data.get("self_assessment") is not None else {}
    facts = data.get("facts") or {}
    if not isinstance(facts, Mapping):
        raise ScoreError("facts: expected an object like {\"stage\": \"primary\", \"students\": 800}")
    bad = sorted(set(facts) - FACT_KEYS, key=str)
    if bad:
        raise ScoreError(f"facts: unknown fact {bad[0]!r} (known: {', '.join(sorted(FACT_KEYS))})")
    for k, v in facts.items():
        if k == "stage":
            if not isinstance(v, str):
                raise ScoreError("facts.stage: must be a string such as \"primary\"")
        elif k == "four_star":
            if not isinstance(v, bool):
                raise ScoreError("facts.four_star: must be true or false")
        elif isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= MAX_FACT:
            raise ScoreError(f"facts.{k}: must be a whole number from 0 to {MAX_FACT:,}")
    return ScoreFile(rubric, scores, incident, sa, dict(facts))


MAX_SCORE_FILE_BYTES = 16 * 1024 * 1024  # a real score file is a few KB


def load_score_file(path: str | Path) -> ScoreFile:
    p = Path(path)
    raw = read_regular(p, what="score file", max_bytes=MAX_SCORE_FILE_BYTES, error=ScoreError)
    data = loads_json(raw, what=str(p), error=ScoreError, refuse_duplicates=True)
    try:
        return parse_score_data(data)
    except ScoreError as e:
        raise ScoreError(f"{p}: {e.message}") from None
