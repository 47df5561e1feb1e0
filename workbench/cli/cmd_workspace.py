"""`workbench workspace …`: the local workspace from the command line (what the window does)."""

from __future__ import annotations

import argparse
import json

from workbench.cli.main import add_group, add_workspace_arg
from workbench.decimals import fmt
from workbench.errors import StoreError


def _open(args: argparse.Namespace):  # noqa: ANN202 - Workspace, imported lazily
    from workbench.store import Workspace

    return Workspace.open(getattr(args, "workspace", None))


def _me(ws) -> int:  # noqa: ANN001
    r = ws.local_reviewer()
    if r is None:
        raise StoreError("no reviewer identity in this workspace",
                         hint="run `workbench workspace reviewer --name NAME --org ORG --role member` first")
    return r.id


def register(sub: argparse._SubParsersAction) -> None:
    g = add_group(sub, "workspace", "the local workspace: schools, reviewer, scores, audit trail")
    p = g.add_parser("info", help="where the workspace is and what it holds")
    add_workspace_arg(p)
    p.set_defaults(handler=cmd_info)

    p = g.add_parser("reviewer", help="show or set this laptop's reviewer identity",
                     description="With no options, shows the identity; with --name, sets it.")
    p.add_argument("--name")
    p.add_argument("--org", default="")
    p.add_argument("--role", choices=("member", "chair"), default="member")
    add_workspace_arg(p)
    p.set_defaults(handler=cmd_reviewer)

    p = g.add_parser("score", help="set (or clear with '-') one item's score as this reviewer")
    p.add_argument("school", metavar="CODE")
    p.add_argument("item", metavar="ITEM", help="item id, e.g. B1.4")
    p.add_argument("value", metavar="VALUE", help="a decimal in 0.5 steps, or - to clear")
    p.add_argument("--reason", help="why (kept in the audit trail)")
    add_workspace_arg(p)
    p.set_defaults(handler=cmd_score)

    p = g.add_parser("incident", help="record (or clear) a network-security incident")
    p.add_argument("school", metavar="CODE")
    p.add_argument("--description", help="what happened; required to record one")
    p.add_argument("--clear", action="store_true", help="record that there was none")
    add_workspace_arg(p)
    p.set_defaults(handler=cmd_incident)

    p = g.add_parser("result", help="this reviewer's current totals and outcome for a school")
    p.add_argument("school", metavar="CODE")
    p.add_argument("--json", action="store_true")
    add_workspace_arg(p)
    p.set_defaults(handler=cmd_result)

    p = g.add_parser("audit", help="the audit trail of a school (every change: old, new, who, when)")
    p.add_argument("school", metavar="CODE")
    p.add_argument("--item", help="only this item")
    add_workspace_arg(p)
    p.set_defaults(handler=cmd_audit)


def cmd_info(args: argparse.Namespace) -> int:
    with _open(args) as ws:
        r = ws.local_reviewer()
        print(f"workspace       {ws.root}")
        print(f"reviewer        {f'{r.name} ({r.org}, {r.role})' if r else '— (not set)'}")
        schools = ws.list_schools()
        print(f"schools         {len(schools)}")
        from workbench.signing.state import signed_states  # issue 12: the signed state per school

        states = signed_states(ws, r.id, [s.code for s in schools]) if r else {}
        for s in schools:
            done = f"{len(ws.scores(s.code, r.id))} scored" if r else ""
            state = f"  {states[s.code].describe()}" if r else ""
            print(f"  {s.code:<14}{s.name}  v{s.package_version}  {s.application_type or ''}  {done}{state}")
    return 0


def cmd_reviewer(args: argparse.Namespace) -> int:
    with _open(args) as ws:
        r = ws.set_local_reviewer(args.name, args.org, args.role) if args.name else ws.local_reviewer()
        print(f"{r.name} ({r.org}, {r.role})" if r else "no reviewer identity set")
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    with _open(args) as ws:
        ws.set_score(args.school, _me(ws), args.item, None if args.value == "-" else args.value,
                     reason=args.reason)
        r = ws.result(args.school, _me(ws))
        print(f"{args.item} = {args.value}; total {fmt(r.total)}, {r.outcome}"
              + (" (provisional)" if r.provisional else ""))
    return 0


def cmd_incident(args: argparse.Namespace) -> int:
    with _open(args) as ws:
        ws.set_security_incident(args.school, _me(ws), not args.clear, args.description or "")
        print(f"outcome now {ws.result(args.school, _me(ws)).outcome}")
    return 0


def cmd_result(args: argparse.Namespace) -> int:
    from workbench.signing.state import signed_state  # issue 12: signed, or changed since

    with _open(args) as ws:
        r = ws.result(args.school, _me(ws))
        state = signed_state(ws, args.school, _me(ws))
    if args.json:
        print(json.dumps(r.to_json(), ensure_ascii=False, indent=2))
        return 0
    print(f"total    {fmt(r.total)}  ({', '.join(f'{k} {fmt(v)}' for k, v in r.areas.items())})")
    print(f"outcome  {r.outcome}" + (" (provisional)" if r.provisional else ""))
    print(f"flags    {', '.join(r.flags) or '—'}")
    print(f"scored   {len(r.items)} of {len(r.items) + len(r.missing)} items")
    print(f"state    {state.describe()}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    with _open(args) as ws:
        for a in ws.audit(args.school, args.item):
            print(f"{a.at:%Y-%m-%d %H:%M:%S}  {a.reviewer_name or '—':<8} {a.item_id or '—':<6} {a.field:<17} "
                  f"{a.old if a.old is not None else '∅'} → {a.new if a.new is not None else '∅'}"
                  + (f"  ({a.reason})" if a.reason else ""))
    return 0
