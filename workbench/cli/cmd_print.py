"""`workbench print SHEET.json -o FORM.pdf`: the printed, optionally digitally signed, form.

`--panel` prints the panel's 评估验收结论表 from several reviewers' sheets of one school.
The sheet is verified (integrity, signature, totals) before anything is printed: a form is
never made from a sheet that does not verify.
"""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path

from workbench.atomic import atomic_write
from workbench.cli.cmd_identity import read_passphrase
from workbench.cli.main import add_workspace_arg
from workbench.errors import SignatureError, WorkbenchError
from workbench.inputs import read_regular
from workbench.signing.identity import (
    MAX_SIGNATURE_IMAGE,
    Identity,
    check_signature_png,
    load_identity,
)
from workbench.signing.verify import verify_sheet_bytes

# Inputs are read whole, so each is bounded (and a FIFO or device refused before it can hang).
MAX_SHEET_BYTES = 16 << 20  # a score sheet is a few KB
MAX_PANEL_BYTES = 32 << 20  # a panel result with every member's sheet, as `panel` reads it


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("print", help="print a signed score sheet as an A4 PDF form (评估打分表)",
                       description="Render SHEET.json as the reviewer's A4 form (评估打分表). "
                       "--sign-with DIR signs the PDF (PAdES) with that identity and embeds the sheet. "
                       "--panel renders the panel's 评估验收结论表 from a panel result (PANEL.json); --sign-with then "
                       "adds the chair's PAdES signature, and each member adds theirs with `workbench panel sign-pdf`.")
    p.add_argument("sheets", nargs="+", type=Path, metavar="SHEET.json|PANEL.json")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FORM.pdf")
    p.add_argument("--photos", action="store_true", help="add the appendix of on-site photos (from the workspace)")
    p.add_argument("--sign-with", type=Path, metavar="DIR", help="identity folder that signs the PDF")
    p.add_argument("--signature-image", type=Path, metavar="PNG",
                   help="handwritten signature image (default: the identity's signature.png)")
    p.add_argument("--passphrase-env", metavar="VAR", help="read the key's passphrase from environment variable VAR")
    p.add_argument("--panel", action="store_true",
                   help="print the panel's 评估验收结论表 from a panel result (PANEL.json)")
    add_workspace_arg(p)
    p.set_defaults(handler=cmd_print)


def read_signature_image(path: Path) -> bytes:
    """The handwritten signature PNG given with --signature-image: a bounded regular file that
    decodes as a PNG of a signature's size (the form generator trusts what it gets)."""
    png = read_regular(path, what="signature image (PNG)", max_bytes=MAX_SIGNATURE_IMAGE)
    try:
        check_signature_png(png)
    except SignatureError as e:
        raise WorkbenchError(f"{path}: {e.message}", hint=e.hint) from None
    return png


def _read_sheet(path: Path) -> dict:
    data = read_regular(path, what="score sheet (SHEET.json)", max_bytes=MAX_SHEET_BYTES, error=SignatureError)
    try:
        return verify_sheet_bytes(data, None, check_trust_roots=False).sheet
    except WorkbenchError as e:
        raise SignatureError(f"{path}: does not verify, not printed: {e}") from None


def _signer(args: argparse.Namespace) -> Identity | None:
    """The --sign-with identity; refused (CertificateRevoked) when the workspace, read read-only,
    knows its certificate to be revoked: before the passphrase and before anything is rendered."""
    if not args.sign_with:
        return None
    from workbench.signing.revoked_signer import refuse_revoked_at

    ident = load_identity(args.sign_with)
    refuse_revoked_at(getattr(args, "workspace", None), ident)
    return ident


def _write(path: Path, data: bytes) -> None:
    atomic_write(path, data, what="PDF form")


def cmd_print(args: argparse.Namespace) -> int:
    from workbench.printing.form import render_form_bytes
    from workbench.signing.state import changed_in_workspace  # issue 12: changed prints as a draft

    if args.panel:
        return _print_panel(args)
    sheets = [_read_sheet(p) for p in args.sheets]
    if len(sheets) != 1:
        raise WorkbenchError("give one sheet to print a reviewer's form, or --panel for several")
    sheet = sheets[0]
    ident = _signer(args)
    png = None
    if args.signature_image:
        png = read_signature_image(args.signature_image)
    elif ident is not None:
        png = ident.signature_image()
    with contextlib.ExitStack() as stack:
        photos = None
        if args.photos:
            from workbench.printing.workspace_form import photo_source
            from workbench.store import Workspace
            ws = stack.enter_context(Workspace.open(getattr(args, "workspace", None)))
            photos = photo_source(ws)
        changed = changed_in_workspace(getattr(args, "workspace", None), sheet)
        pdf = render_form_bytes(sheet, signature_png=png, photos=photos, changed=changed)
    if ident is not None:
        from workbench.printing.pdfsign import sign_pdf
        pdf = sign_pdf(pdf, sheet, ident, ident.private_key(read_passphrase(args.passphrase_env)))
    _write(args.output, pdf)
    print(f"{'signed ' if ident else ''}form for {sheet['school']['name']}: {args.output}"
          + (" (DRAFT: the scores changed after this sheet was signed)" if changed else ""))
    return 0


def _print_panel(args: argparse.Namespace) -> int:
    """The 结论表 of one panel result; with --sign-with, signed by the chair."""
    from workbench.printing.panel_pdf import make_panel_pdf

    if len(args.sheets) != 1:
        raise WorkbenchError("--panel prints one panel result (PANEL.json), made by `workbench panel merge`")
    path = args.sheets[0]
    data = read_regular(path, what="panel result (PANEL.json)", max_bytes=MAX_PANEL_BYTES, error=SignatureError)
    ident = _signer(args)
    png = None
    if args.signature_image:
        png = read_signature_image(args.signature_image)
    elif ident is not None:
        png = ident.signature_image()
    key = ident.private_key(read_passphrase(args.passphrase_env)) if ident is not None else None
    pdf = make_panel_pdf(data, identity=ident, key=key, signature_png=png)
    _write(args.output, pdf)
    print(f"{'signed ' if ident else ''}panel conclusion (评估验收结论表): {args.output}")
    return 0
