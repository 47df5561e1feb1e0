"""The bundled Majiang rubric against its source, 附件2 评估细则 of the seed document."""

from __future__ import annotations

import re
from decimal import Decimal

from workbench.resources import resource
from workbench.rubric import load_rubric

SEED = resource("rubrics", "sources", "majiang-2015-seed.txt").read_text(encoding="utf-8")

# Reference points of every scored requirement, read off the seed by hand, in order.
EXPECTED_POINTS = {
    "B1": [1, 1, 1, 1], "B2": [3, 1], "B3": [1, 2, 1, 1, 2], "B4": [1, 1, 1, 2], "B5": [1, 1, 2],
    "B6": [1], "B7": [2, 2, 1], "B8": [1, 2, 1, 1], "B9": [6], "B10": [3], "B11": [8], "B12": [3],
    "B13": [3], "B14": [2], "B15": [2], "B16": [2], "B17": [2], "B18": [1], "B19": [2], "B20": [1],
    "B21": [2, 2], "B22": [3], "B23": [2], "B24": [3], "B25": [2, 2, 2], "B26": [2], "B27": [2],
    "B28": [2], "B29": [3, 3],
}
EXPECTED_AREAS = {
    "A1": ("校园环境", 35, [f"B{n}" for n in range(1, 9)]),
    "A2": ("教学资源", 20, [f"B{n}" for n in range(9, 13)]),
    "A3": ("学校管理", 15, [f"B{n}" for n in range(13, 21)]),
    "A4": ("教学应用", 20, [f"B{n}" for n in range(21, 27)]),
    "A5": ("信息技术应用", 10, [f"B{n}" for n in range(27, 30)]),
}


def _seed_table() -> str:
    start = SEED.index("三、评估细表")
    return SEED[start : SEED.index("附件3:")]


def test_counts() -> None:
    r = load_rubric("majiang-2015")
    assert len(r.areas) == 5
    assert len(r.indicators) == 29
    assert len(r.items) == 51
    assert r.total_points == Decimal(100)


def test_every_reference_point() -> None:
    r = load_rubric()
    got = {b.id: [int(i.points) for i in b.items] for b in r.indicators}
    assert got == EXPECTED_POINTS
    for b in r.indicators:
        assert [i.id for i in b.items] == [f"{b.id}.{k}" for k in range(1, len(b.items) + 1)]


def test_area_subtotals_match_summary_table() -> None:
    r = load_rubric()
    for a in r.areas:
        title, weight, bs = EXPECTED_AREAS[a.id]
        assert a.title.zh == title
        assert a.weight == weight
        assert [b.id for b in a.indicators] == bs
        assert sum(b.points for b in a.indicators) == weight
        # The summary table (评估总表) lists the same weight beside the area's name.
        assert re.search(rf"{a.id}{title}\n{weight}\n{weight}%", SEED)


def test_requirement_text_is_verbatim() -> None:
    """Each item's Chinese text is the seed's own lines joined, nothing retyped."""
    table = _seed_table().replace(":\n", ":")
    flat = table.replace("\n", "")
    r = load_rubric()
    for item in r.items:
        assert item.text.zh in flat, item.id
        for line in item.checklist:
            assert line.zh in table.split("\n") or line.zh in flat, item.id
        assert item.text.en, f"{item.id} has no English text"
    for b in r.indicators:
        assert b.title.zh in flat, b.id
        assert b.title.en


def test_named_items() -> None:
    r = load_rubric()
    assert "专职网管员" in r.item("B1.4").text.zh
    assert "竞赛" in r.item("B29.2").text.zh
    assert r.item("B3.1").text.zh.startswith("生机比符合江苏省教育技术装备I类标准,小学达到10:1")
    # The source's own slips are kept as written (see seeds/README.md).
    assert "省、县、县级" in r.item("B8.3").text.zh


def test_rules_quote_the_seed() -> None:
    r = load_rubric()
    for quote in r.rules.quotes.values():
        assert quote in SEED
    assert [m.title.zh for m in r.rules.methods] == ["听取汇报", "现场察看", "查对核实", "问卷调查", "查阅资料", "座谈了解"]
    assert r.rules.minimum_total == 30
    assert [(b.min_total, b.outcome) for b in r.rules.grade_bands] == [(85, "demonstration"), (75, "qualified")]
    assert r.rules.evidence_period_years == 2
    assert r.rules.security_incident_not_evaluated


def test_transcription_script_reproduces_the_json() -> None:
    import subprocess
    import sys

    script = resource("..", "scripts", "transcribe_majiang.py")
    proc = subprocess.run([sys.executable, str(script), "--check"], capture_output=True)
    assert proc.returncode == 0, "resources/rubrics/majiang-2015.json differs from the seed transcription"


def test_hash_is_stable_and_content_based() -> None:
    r = load_rubric()
    assert r.hash.startswith("sha256:") and len(r.hash) == 71
