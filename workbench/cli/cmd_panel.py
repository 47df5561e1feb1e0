"""`workbench panel trust|add|sheets|merge|cosign|status`: the panel merge (docs/panel-result.md).

The chair's workspace collects members' signed sheets (`add`), merges the current ones into
a panel result and signs it (`merge`); each member co-signs the same bytes (`cosign`).
`workbench verify PANEL.json` dispatches here by content (`verify_panel_file`).
"""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from workbench.cli.cmd_identity import identity_dir, read_passphrase
from workbench.cli.main import add_group, add_workspace_arg
from workbench.errors import WorkbenchError
from workbench.panel.errors import PanelError

MAX_PANEL_BYTES = 32 * 1024 * 1024


def register(sub: argparse._SubParsersAction) -> None:
    g = add_group(sub, "panel", "the panel merge: collect members' sheets, merge, sign and co-sign")

    p = g.add_parser("trust", help="trust a bureau CA or pin a member's certificate in this workspace",
                     description="Add trust roots to the chair's workspace: the bureau CA's certificate "
                     "(every reviewer certificate it issued is accepted) or a member's own certificate.")
    p.add_argument("certs", nargs="+", type=Path, metavar="CERT_OR_IDENTITY_DIR")
    add_workspace_arg(p)
    p.set_defaults(handler=cmd_trust)

    p = g.add_parser("add", help="collect members' signed sheets (files or folders of .json)",
                     description="Verify each sheet (signature, trusted certificate, known rubric, a school "
                     "in this workspace and its newest package, complete, a member certificate) and store "
                     "it unchanged. The same sheet twice counts once. Exit 2 if any sheet is refused.")
    p.add_argument("sheets", nargs="+", type=Path, metavar="SHEET_OR_DIR")
    p.add_argument("--school", metavar="CODE", help="refuse sheets of any other school")
    add_workspace_arg(p)
    p.set_defaults(handler=cmd_add)

    p = g.add_parser("sheets", help="the collected sheets of a school: current, superseded, conflicts")
    p.add_argument("--school", required=True, metavar="CODE")
    add_workspace_arg(p)
    p.set_defaults(handler=cmd_sheets)

    p = g.add_parser("merge", help="merge the school's current member sheets; the chair signs the result",
                     description="Merge every member's current sheet of SCHOOL item by item, apply the "
                     "chair's final values (--set ITEM=VALUE with --reason, in pairs), and sign the panel "
                     "result with the chair's identity.")
    p.add_argument("--school", required=True, metavar="CODE")
    p.add_argument("--method", choices=("mean", "median", "trimmed"), default="mean",
                   help="mean (default), median, or trimmed (drop highest and lowest; 5+ sheets)")
    p.add_argument("--spread", default="0.5", metavar="SHARE",
                   help="flag an item when max - min exceeds this share of its points (default 0.5)")
    p.add_argument("--quorum", type=int, metavar="N", help="members who must co-sign (default: all)")
    p.add_argument("--set", dest="sets", action="append", default=[], metavar="ITEM=VALUE",
                   help="the chair's final value for an item (0.5 steps); each needs a --reason")
    p.add_argument("--reason", dest="reasons", action="append", default=[], metavar="TEXT",
                   help="why the panel settled on the value of the --set before it")
    p.add_argument("--opinion", default="", metavar="TEXT", help="the panel's opinion (评估组意见)")
    p.add_argument("--supersedes", type=Path, metavar="OLD.json",
                   help="the previous revision of this panel result: the new one replaces it")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="PANEL.json")
    _identity_args(p)
    add_workspace_arg(p)
    p.set_defaults(handler=cmd_merge)

    p = g.add_parser("cosign", help="a member co-signs a panel result the chair has signed",
                     description="Show what PANEL.json says, check the chair's signature, and add this "
                     "member's signature over the very same bytes.")
    p.add_argument("panel", type=Path, metavar="PANEL.json")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="PANEL.json")
    p.add_argument("--trust", action="append", default=[], metavar="CERT_OR_CA",
                   help="trust roots to check the existing signatures against (repeatable)")
    _identity_args(p)
    add_workspace_arg(p)
    p.set_defaults(handler=cmd_cosign)

    p = g.add_parser("status", help="who has signed a panel result, who is missing, final or not")
    p.add_argument("panel", type=Path, metavar="PANEL.json")
    p.add_argument("--trust", action="append", default=[], metavar="CERT_OR_CA",
                   help="trust roots (without: integrity and signatures only, trust not checked)")
    p.set_defaults(handler=cmd_status)


def _identity_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--identity", type=Path, metavar="DIR", help="identity folder (default: identity/ in the workspace)")
    p.add_argument("--passphrase-env", metavar="VAR", help="read the key's passphrase from environment variable VAR")


def _open_ws(args: argparse.Namespace) -> Any:
    from workbench.store import Workspace
    return Workspace.open(getattr(args, "workspace", None))


def _read(path: Path, what: str, limit: int) -> bytes:
    from workbench.inputs import read_regular
    return read_regular(path, what=what, max_bytes=limit)


def cmd_trust(args: argparse.Namespace) -> int:
    from workbench.panel.collect import add_trust

    with _open_ws(args) as ws:
        for path in args.certs:
            for fp, kind, name, added in add_trust(ws, path):
                state = "trusted" if added else "already trusted"
                print(f"{state}: {'CA' if kind == 'ca' else 'reviewer'} {name} {fp[:16]}…")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from workbench.panel.collect import collect_paths

    with _open_ws(args) as ws:
        results = collect_paths(ws, args.sheets, school=args.school)
    if not results:
        raise PanelError("no sheets found", hint="give sheet files or folders holding .json sheets")
    for r in results:
        print(r.message if r.status != "refused" else f"refused ({r.reason}): {r.message}",
              file=sys.stderr if r.status == "refused" else sys.stdout)
    added = sum(r.status == "added" for r in results)
    dup = sum(r.status == "duplicate" for r in results)
    bad = sum(r.status == "refused" for r in results)
    print(f"{added} added, {dup} already collected, {bad} refused")
    return 2 if bad else 0


def cmd_sheets(args: argparse.Namespace) -> int:
    from workbench.panel.collect import school_sheets
    from workbench.panel.status import collection_lines

    with _open_ws(args) as ws:
        print("\n".join(collection_lines(school_sheets(ws, args.school))))
    return 0


def parse_sets(sets: list[str], reasons: list[str]) -> dict[str, dict[str, str]]:
    """--set ITEM=VALUE / --reason TEXT pairs, in order, as overrides."""
    if len(sets) != len(reasons):
        raise PanelError(f"{len(sets)} --set but {len(reasons)} --reason: every --set needs its own --reason",
                         hint='e.g. --set B3.2=1.5 --reason "现场核实：…"')
    out: dict[str, dict[str, str]] = {}
    for s, r in zip(sets, reasons, strict=True):
        item, sep, value = s.partition("=")
        if not sep or not item or not value:
            raise PanelError(f"--set {s!r}: write ITEM=VALUE, e.g. B3.2=1.5")
        if item in out:
            raise PanelError(f"--set {item}: given twice")
        out[item.strip()] = {"value": value.strip(), "reason": r}
    return out


def _spread(text: str) -> Decimal:
    from workbench.decimals import parse_decimal
    try:
        return parse_decimal(text, what="--spread")
    except ValueError as e:
        raise PanelError(str(e)) from None


def cmd_merge(args: argparse.Namespace) -> int:
    from workbench.panel.collect import merge_from_workspace
    from workbench.panel.signing import sign_and_queue
    from workbench.panel.verify import verify_panel_bytes
    from workbench.signing.identity import load_identity

    overrides = parse_sets(args.sets, args.reasons)
    ident = load_identity(identity_dir(args, "identity"))
    with _open_ws(args) as ws:
        from workbench.signing.revoked_signer import refuse_revoked_in
        refuse_revoked_in(ws, ident)  # before the passphrase; sign_and_queue checks again
        previous = None
        if args.supersedes:
            previous = verify_panel_bytes(_read(args.supersedes, "panel result", MAX_PANEL_BYTES), None,
                                          check_trust_roots=False).doc
            if previous["school"]["code"] != args.school:
                raise PanelError(f"--supersedes {args.supersedes}: a panel result of {previous['school']['code']}, "
                                 f"not {args.school}")
        doc = merge_from_workspace(ws, args.school, ident.cert, method=args.method,
                                   spread_threshold=_spread(args.spread), quorum=args.quorum,
                                   overrides=overrides, opinion=args.opinion, previous=previous)
    key = ident.private_key(read_passphrase(args.passphrase_env))
    with _open_ws(args) as ws:  # issue 11: written, then queued for the hub, in one core call
        signed = sign_and_queue(ws, doc, ident, key, output=args.output)
    r = signed["result"]
    flagged = [iid for iid, it in signed["items"].items() if it["flagged"]]
    print(f"merged {args.output}: {args.school} revision {signed['revision']}, {len(signed['members'])} member(s), "
          f"{signed['method']}, total {r['total']}, outcome {r['outcome']}, alpha {signed['agreement']['alpha']}")
    if flagged:
        print(f"flagged   {', '.join(flagged)} (spread over {signed['spread_threshold']} of the item's points)")
    from workbench.panel.document import panel_hash
    print(f"hash      {panel_hash(signed)}")
    print(f"signed by the chair; needs {signed['quorum']} member co-signature(s)")
    return 0


def cmd_cosign(args: argparse.Namespace) -> int:
    from workbench.panel.document import cosign_panel
    from workbench.panel.signing import sign_and_queue
    from workbench.panel.verify import verify_panel_bytes
    from workbench.signing.identity import load_identity
    from workbench.signing.verify import load_trust_roots
    from workbench.sync.outbox_hooks import signer_workspace

    roots = load_trust_roots(args.trust)
    from workbench.panel.witness import workspace_revocations
    from workbench.signing.revoked_signer import refuse_revoked
    seen = workspace_revocations(getattr(args, "workspace", None))  # unwitnessed signatures do not count
    marks = seen.marks
    v = verify_panel_bytes(_read(args.panel, "panel result", MAX_PANEL_BYTES), roots, check_trust_roots=bool(roots),
                           **seen.panel_args())
    ident = load_identity(identity_dir(args, "identity"))
    refuse_revoked(marks, ident)  # a revoked certificate signs nothing new, even when ws below is None
    print(v.summary())
    key = ident.private_key(read_passphrase(args.passphrase_env))
    if ident.fingerprint == v.doc["chair"]["fingerprint"]:
        cosign_panel(v.doc, ident, key)  # the chair signs with `panel merge`: refused with cosign's own message
    with signer_workspace(getattr(args, "workspace", None), ident.fingerprint) as ws:  # issue 11: queued for the hub
        sign_and_queue(ws, v.doc, ident, key, output=args.output)
    after = verify_panel_bytes(_read(args.output, "panel result", MAX_PANEL_BYTES), roots,
                               check_trust_roots=bool(roots))
    print(f"co-signed {args.output} as {ident.name}; " + ("FINAL" if after.final else
          f"not final yet: {', '.join(s.name for s, _ in after.missing_signers)} not signed"))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from workbench.panel.status import panel_status
    from workbench.panel.verify import verify_panel_bytes
    from workbench.signing.verify import load_trust_roots

    roots = load_trust_roots(args.trust)
    from workbench.panel.witness import workspace_revocations
    v = verify_panel_bytes(_read(args.panel, "panel result", MAX_PANEL_BYTES), roots, check_trust_roots=bool(roots),
                           **workspace_revocations(getattr(args, "workspace", None)).panel_args())
    print("\n".join(panel_status(v).lines()))
    if not roots:
        print("trust     NOT CHECKED (no --trust given)")
    return 0


def verify_panel_file(args: argparse.Namespace, roots: list) -> bool:
    """For `workbench verify FILE`: verify FILE if it is a panel result; False if it is not one."""
    from workbench.inputs import check_regular, open_regular
    from workbench.panel.collect import expand_paths
    from workbench.panel.verify import is_panel_bytes, verify_panel_bytes

    path = Path(args.file)
    try:
        check_regular(path, what="file")
        with open_regular(path, what="file") as f:
            head = f.read(1)
    except (WorkbenchError, OSError):
        return False  # not a readable regular file: the sheet verifier reports it
    if head != b"{":
        return False
    data = _read(path, "panel result", MAX_PANEL_BYTES)
    if not is_panel_bytes(data):
        return False
    sheets = None
    sheets_dir = getattr(args, "sheets", None)
    if sheets_dir is not None:
        if not Path(sheets_dir).is_dir():
            raise WorkbenchError(f"--sheets {sheets_dir}: not a folder", hint="give the folder of member sheets")
        sheets = {}
        for p in expand_paths([sheets_dir]):
            b = _read(p, "file", MAX_PANEL_BYTES)
            if not is_panel_bytes(b):  # the panel result itself may lie among its sheets
                sheets[p.name] = b
    from workbench.panel.witness import workspace_revocations
    v = verify_panel_bytes(data, roots, sheets=sheets, check_trust_roots=not getattr(args, "integrity_only", False),
                           **workspace_revocations(getattr(args, "workspace", None)).panel_args())
    if getattr(args, "json", False):
        import json
        print(json.dumps(v.doc, ensure_ascii=False, indent=2))
    else:
        print(v.summary())
    return True
