"""`workbench rubric …`: show, validate, and round-trip rubrics through Excel."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from workbench.atomic import atomic_write
from workbench.cli.main import add_group
from workbench.decimals import fmt
from workbench.errors import RubricError
from workbench.resources import resource
from workbench.rubric import DEFAULT_RUBRIC_ID, load_rubric, load_rubric_file, rubric_from_data
from workbench.rubric.model import Rubric
from workbench.rubric.xlsx import export_xlsx, import_xlsx


def register(sub: argparse._SubParsersAction) -> None:
    g = add_group(sub, "rubric", "show, validate, export and import evaluation rubrics")
    p = g.add_parser("show", help="print a rubric's indicators and points")
    p.add_argument("--rubric", default=DEFAULT_RUBRIC_ID, help=f"rubric id (default {DEFAULT_RUBRIC_ID})")
    p.add_argument("--json", action="store_true", help="print the rubric JSON")
    p.add_argument("--lang", default="zh", choices=["zh", "en"], help="language of the titles")
    p.set_defaults(handler=cmd_show)
    p = g.add_parser("validate", help="check a rubric JSON file; says which indicator is wrong")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=cmd_validate)
    p = g.add_parser("export-xlsx", help="write a rubric to an Excel workbook for editing")
    p.add_argument("--rubric", default=DEFAULT_RUBRIC_ID)
    p.add_argument("-o", "--output", type=Path, required=True)
    p.set_defaults(handler=cmd_export)
    p = g.add_parser("import-xlsx", help="read an edited workbook back into rubric JSON (validated)")
    p.add_argument("file", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True)
    p.set_defaults(handler=cmd_import)


def _raw(rubric_id: str) -> dict:
    load_rubric(rubric_id)  # validates and gives the clear "unknown rubric" error
    return json.loads(resource("rubrics", f"{rubric_id}.json").read_text(encoding="utf-8"))


def render_text(r: Rubric, lang: str) -> str:
    lines = [f"{r.title.get(lang)}  [{r.id}]  {fmt(r.total_points)}", f"hash {r.hash}"]
    for a in r.areas:
        lines.append(f"{a.id} {a.title.get(lang)}  {fmt(a.weight)}")
        for b in a.indicators:
            lines.append(f"  {b.id} {b.title.get(lang)}  {fmt(b.points)}")
            for i in b.items:
                lines.append(f"    {i.id}  [{fmt(i.points)}]  {i.text.get(lang)}")
    return "\n".join(lines)


def cmd_show(args: argparse.Namespace) -> int:
    if args.json:
        print(json.dumps(_raw(args.rubric), ensure_ascii=False, indent=2))
    else:
        print(render_text(load_rubric(args.rubric), args.lang))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    r = load_rubric_file(args.file)
    print(f"{args.file}: valid rubric {r.id}: {len(r.areas)} A-indicators, {len(r.indicators)} "
          f"B-indicators, {len(r.items)} items, {fmt(r.total_points)} points, {r.hash}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    export_xlsx(_raw(args.rubric), args.output)
    print(f"wrote {args.output}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    if not args.file.is_file():
        raise RubricError(f"{args.file}: no such file")
    data = import_xlsx(args.file)
    try:
        r = rubric_from_data(data)
    except RubricError as e:
        raise RubricError(f"{args.file}: {e.message}") from None
    atomic_write(args.output, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
                 what="rubric")
    print(f"wrote {args.output}: rubric {r.id}, {len(r.items)} items, {r.hash}")
    return 0
