"""`workbench score FILE`: totals, outcome, flags and warnings for a score file."""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from pathlib import Path

from workbench.decimals import fmt, parse_decimal
from workbench.errors import ScoreError
from workbench.scoring.engine import Result
from workbench.scoring.scorefile import load_score_file

OUTCOME_ZH = {"demonstration": "智慧校园示范校", "qualified": "智慧校园合格校",
              "not_awarded": "未达到合格标准", "not_evaluated": "不予评估验收"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("score", help="score a score file: totals per A and B, outcome, flags",
                       description="Score a JSON score file: {\"rubric\": \"majiang-2015\", \"scores\": "
                       "{\"B1.1\": \"1\", …}, \"security_incident\": false, \"self_assessment\": {…}, \"facts\": {…}}")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="print the result as JSON (decimals as strings)")
    p.add_argument("--margin", help="self-assessment gap that raises a flag (default: the rubric's, 10)")
    p.set_defaults(handler=cmd_score)


def render_text(res: Result) -> str:
    lines = []
    for aid, v in res.areas.items():
        lines.append(f"{aid}  {fmt(v)}")
    lines.append(f"total  {fmt(res.total)}")
    state = " (provisional: items not yet scored)" if res.provisional else ""
    lines.append(f"outcome  {res.outcome} {OUTCOME_ZH[res.outcome]}{state}")
    if res.flags:
        lines.append("flags  " + ", ".join(res.flags))
    if res.missing:
        lines.append(f"missing  {len(res.missing)}: " + " ".join(res.missing))
    for w in res.warnings:
        lines.append(f"warning  {w.item_id}: {w.message.zh}")
    if res.comparison:
        c = res.comparison
        lines.append(f"self-assessment  {fmt(c.self_total)} (difference {fmt(c.difference)})")
    return "\n".join(lines)


def cmd_score(args: argparse.Namespace) -> int:
    sf = load_score_file(args.file)
    margin = None
    if args.margin is not None:
        try:
            margin = parse_decimal(args.margin, what="--margin")
        except ValueError as e:
            raise ScoreError(str(e)) from None
        if margin < Decimal(0):
            raise ScoreError("--margin: must be 0 or more")
    res = sf.result(margin)
    if args.json:
        print(json.dumps(res.to_json(), ensure_ascii=False, indent=2))
    else:
        print(render_text(res))
    return 0
