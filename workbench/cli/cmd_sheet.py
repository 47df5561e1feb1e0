"""`workbench sheet export|sign`: signed score sheets from the workspace or from a score file."""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.cli.cmd_identity import identity_dir, read_passphrase
from workbench.cli.main import add_group, add_workspace_arg
from workbench.errors import SignatureError
from workbench.signing.identity import load_identity
from workbench.signing.sheet import sheet_hash, sign_sheet, write_sheet


def register(sub: argparse._SubParsersAction) -> None:
    g = add_group(sub, "sheet", "signed score sheets (canonical JSON, ES256)")
    p = g.add_parser("export", help="sign this reviewer's scores for a school from the workspace",
                     description="Build the score sheet of SCHOOL's newest package from the workspace "
                     "(scores, checklist ticks, methods, notes, photos, security incident) and sign it. "
                     "Each export is a new revision that supersedes the previous one.")
    p.add_argument("--school", required=True, metavar="CODE")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    _common(p)
    add_workspace_arg(p)
    p.set_defaults(handler=cmd_export)

    p = g.add_parser("sign", help="sign a score file (as for `workbench score`) for an evidence package",
                     description="Sign SCORES.json for the school of --package (verified in full; it gives "
                     "the school, the manifest hash and the self-assessment).")
    p.add_argument("scores", type=Path, metavar="SCORES.json")
    p.add_argument("--package", required=True, type=Path, metavar="PKG")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    p.add_argument("--supersedes", type=Path, metavar="SHEET.json",
                   help="the previous signed revision this sheet replaces")
    p.add_argument("--incident-description", default="", metavar="TEXT",
                   help="what happened, when the score file records a security incident")
    _common(p)
    add_workspace_arg(p)  # issue 11: the signed sheet is queued in this workspace's outbox, if there is one
    p.set_defaults(handler=cmd_sign)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--identity", type=Path, metavar="DIR", help="identity folder (default: identity/ in the workspace)")
    p.add_argument("--passphrase-env", metavar="VAR", help="read the key's passphrase from environment variable VAR")
    p.add_argument("--allow-incomplete", action="store_true",
                   help="sign even with unscored items; the sheet is marked provisional")


def _report(args: argparse.Namespace, signed: dict) -> None:
    r = signed["result"]
    state = "  PROVISIONAL (incomplete)" if signed["provisional"] else ""
    print(f"signed {args.output}: {signed['school']['code']} revision {signed['revision']}, "
          f"total {r['total']}, outcome {r['outcome']}{state}")
    who = signed["reviewer"]
    print(f"signer {who['name']} ({who['org']}, {who['role']}), as the certificate says")
    print(f"hash   {sheet_hash(signed)}")


def _sign(args: argparse.Namespace, sheet: dict, rubric) -> dict:  # noqa: ANN001 - Rubric
    ident = load_identity(identity_dir(args, "identity"))
    ident.check_valid_at()  # before asking for the passphrase; sign_sheet checks again
    from workbench.signing.revoked_signer import refuse_revoked_at
    refuse_revoked_at(getattr(args, "workspace", None), ident)  # a revoked certificate signs nothing new
    key = ident.private_key(read_passphrase(args.passphrase_env))
    signed = sign_sheet(sheet, ident, key, rubric, allow_incomplete=args.allow_incomplete)
    write_sheet(signed, args.output)
    _report(args, signed)
    return signed


def cmd_export(args: argparse.Namespace) -> int:
    from workbench.signing.workspace_sheets import save_sheet
    from workbench.store import Workspace

    with Workspace.open(getattr(args, "workspace", None)) as ws:  # the window's 保存签名评分表 calls save_sheet too
        saved = save_sheet(ws, args.school, args.output, lambda: read_passphrase(args.passphrase_env),
                           identity_dir=identity_dir(args, "identity"), allow_incomplete=args.allow_incomplete,
                           always_sign=True)  # each export is a new revision (the documented behaviour)
        _report(args, saved.sheet)
    return 0


def _check_free_text(text: str, what: str) -> None:
    """Refuse text the sheet could not carry (bytes of another encoding arrive as lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise SignatureError(f"{what} is not valid UTF-8 text", hint="type it again in a UTF-8 terminal") from None


def cmd_sign(args: argparse.Namespace) -> int:
    from workbench.inputs import read_regular
    from workbench.signing.from_sources import sheet_from_score_file
    from workbench.signing.verify import MAX_SIGNED_FILE, verify_sheet_bytes

    _check_free_text(args.incident_description, "--incident-description")
    previous = None
    if args.supersedes:
        data = read_regular(args.supersedes, what="score sheet", max_bytes=MAX_SIGNED_FILE, error=SignatureError)
        previous = verify_sheet_bytes(data, None, check_trust_roots=False).sheet
    sheet, rubric = sheet_from_score_file(args.scores, args.package, previous=previous,
                                          incident_description=args.incident_description)
    if previous is not None and previous["school"]["code"] != sheet["school"]["code"]:
        raise SignatureError("--supersedes names a sheet of another school")
    signed = _sign(args, sheet, rubric)
    from workbench.signing.identity import fingerprint
    from workbench.sync.outbox_hooks import queue_sheet, signer_workspace

    signer = fingerprint(load_identity(identity_dir(args, "identity")).cert)
    with signer_workspace(getattr(args, "workspace", None), signer) as ws:  # issue 11: queued for the hub
        if ws is not None:
            queue_sheet(ws, signed)
    return 0

