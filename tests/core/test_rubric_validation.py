"""A broken rubric says exactly which indicator is wrong."""

from __future__ import annotations

import copy
import json

import pytest

from workbench.errors import RubricError
from workbench.resources import resource
from workbench.rubric import load_rubric_file, rubric_from_data

BASE = json.loads(resource("rubrics", "majiang-2015.json").read_text(encoding="utf-8"))


def _broken(change) -> dict:
    d = copy.deepcopy(BASE)
    change(d)
    return d


def _b(d: dict, bid: str) -> dict:
    return next(b for a in d["areas"] for b in a["indicators"] if b["id"] == bid)


CASES = [
    ("points changed", lambda d: _b(d, "B3")["items"][1].update(points="3"), "A1: its items add up to 36"),
    ("duplicate B", lambda d: _b(d, "B5").update(id="B4"), "B4: duplicate indicator id"),
    ("item id out of order", lambda d: _b(d, "B7")["items"][0].update(id="B7.2"), "B7.2"),
    ("zero points", lambda d: _b(d, "B9")["items"][0].update(points="0"), "B9.1: points must be positive"),
    ("points not a decimal", lambda d: _b(d, "B9")["items"][0].update(points="six"), "B9.1/points: 'six' is not a decimal"),
    ("negative points", lambda d: _b(d, "B9")["items"][0].update(points="-6"), "B9.1/points"),
    ("off-step points", lambda d: _b(d, "B9")["items"][0].update(points="5.25"), "not a multiple"),
    ("weights", lambda d: d.update(total_points="90"), "weights add up to 100, but total_points is 90"),
    ("missing chinese", lambda d: _b(d, "B2")["title"].pop("zh"), "B2/title"),
    ("bands unordered", lambda d: d["rules"]["grade_bands"].reverse(), "grade_bands"),
    ("unknown outcome", lambda d: d["rules"]["grade_bands"][0].update(outcome="gold"), "outcome"),
    ("check on unknown item", lambda d: d["checks"][0].update(item="B3.9"), "unknown item B3.9"),
    ("wrong format", lambda d: d.update(format="other/2"), "format"),
]


@pytest.mark.parametrize("name,change,expected", CASES, ids=[c[0] for c in CASES])
def test_broken_rubric_names_the_indicator(name, change, expected) -> None:
    with pytest.raises(RubricError) as e:
        rubric_from_data(_broken(change))
    assert expected in str(e.value)


def test_file_errors(tmp_path) -> None:
    with pytest.raises(RubricError, match="no such file"):
        load_rubric_file(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(RubricError, match="not valid JSON"):
        load_rubric_file(bad)
    bad.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(RubricError, match="not UTF-8"):
        load_rubric_file(bad)


def test_whitespace_does_not_change_hash(tmp_path) -> None:
    p = tmp_path / "r.json"
    p.write_text(json.dumps(BASE, ensure_ascii=True), encoding="utf-8")
    assert load_rubric_file(p).hash == rubric_from_data(BASE).hash
    changed = _broken(lambda d: _b(d, "B1")["items"][0]["text"].update(en="changed"))
    assert rubric_from_data(changed).hash != rubric_from_data(BASE).hash
