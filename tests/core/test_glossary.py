"""One glossary (docs/glossary.md): the window, the forms and the CLI use its terms, the rubric's
terms are the seed's, and its indicator names are the rubric's."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
GLOSSARY = ROOT / "docs" / "glossary.md"
SEED = ROOT / "resources" / "rubrics" / "sources" / "majiang-2015-seed.txt"
RUBRIC = ROOT / "resources" / "rubrics" / "majiang-2015.json"
# Terms the seed document itself writes (the rest are the forms' names for the workbench's papers).
FROM_SEED = {"chair": "组长", "security_incident": "网络安全事故", "demonstration": "示范校", "qualified": "合格校",
             "not_evaluated": "不予评估验收", "rubric": "评估细则", "requirement": "评估要求", "points": "分值",
             "self_assessment": "自评分"}


def table(heading: str) -> list[list[str]]:
    """The rows of the Markdown table under `## heading`."""
    text = GLOSSARY.read_text(encoding="utf-8")
    part = text.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in part.splitlines() if line.startswith("|")][2:]  # skip the head and ---
    return [[c.strip().strip("`") for c in r.strip("|").split("|")] for r in rows]


def terms() -> dict[str, tuple[str, str, list[str]]]:
    return {k: (zh, en, [v.strip() for v in no.split(",") if v.strip()]) for k, zh, en, no in table("Terms")}


def where_the_user_reads() -> dict[str, str]:
    """Every text the window, the forms and the CLI show in Chinese: .ts translations and the
    Chinese literals of the printing, CLI, signing, scoring and evidence-template code."""
    out: dict[str, str] = {}
    for ts in sorted((ROOT / "resources" / "translations").glob("*_zh_CN.ts")):
        out[ts.name] = "\n".join("".join(t.itertext()) for t in ET.parse(ts).getroot().iter("translation"))
    for folder in ("printing", "cli", "signing", "scoring", "ui", "panel"):
        for py in sorted((ROOT / "workbench" / folder).rglob("*.py")):
            out[str(py.relative_to(ROOT))] = py.read_text(encoding="utf-8")
    out["evidence/template.py"] = (ROOT / "workbench" / "evidence" / "template.py").read_text(encoding="utf-8")
    return out


def test_glossary_has_the_rubric_terms():
    t = terms()
    for key in ("member", "chair", "security_incident", "demonstration", "qualified", "not_evaluated",
                "score_sheet", "panel_result"):
        assert key in t, key
    assert t["member"][0] == "评估组成员" and t["chair"][0] == "评估组组长"
    assert t["security_incident"][0] == "网络安全事故"


@pytest.mark.parametrize("key", sorted(FROM_SEED))
def test_rubric_terms_are_written_as_the_seed_writes_them(key):
    seed = SEED.read_text(encoding="utf-8")
    zh = terms()[key][0]
    assert FROM_SEED[key] in zh and FROM_SEED[key] in seed, (key, zh)


def test_no_variant_anywhere_the_user_reads():
    drift = []
    for key, (zh, _en, variants) in terms().items():
        for name, text in where_the_user_reads().items():
            rest = text.replace(zh, "")  # a variant inside the glossary's own term is no drift
            drift += [f"{name}: {v!r} where the glossary says {zh!r} ({key})" for v in variants if v in rest]
    assert not drift, "\n".join(drift)


def test_role_and_outcome_labels_in_the_code_are_the_glossary_s():
    from workbench.cli import cmd_score
    from workbench.printing import style
    from workbench.signing import ecdsa

    t = terms()
    for labels in (style.ROLE_ZH, ecdsa.ROLE_LABELS):
        assert labels["member"] == t["member"][0] and labels["chair"] == t["chair"][0]
    for outcomes in (style.OUTCOME_ZH, cmd_score.OUTCOME_ZH):
        for key in ("demonstration", "qualified", "not_awarded", "not_evaluated"):
            assert outcomes[key] == t[key][0], (key, outcomes[key])
    assert t["security_incident"][0] in style.flag_zh("security_incident")
    assert t["not_evaluated"][0] in style.flag_zh("below_minimum")


def test_indicator_names_are_the_rubric_s():
    rubric = json.loads(RUBRIC.read_text(encoding="utf-8"))
    want = []
    for a in rubric["areas"]:
        want.append([a["id"], a["title"]["zh"], a["title"]["en"]])
        want += [[b["id"], b["title"]["zh"], b["title"]["en"]] for b in a["indicators"]]
    assert table("Indicators") == want
    assert len([r for r in want if r[0].startswith("B")]) == 29
