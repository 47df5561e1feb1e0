"""`workbench panel sign-pdf FORM.pdf --identity DIR -o FORM.pdf`: add a signer's PAdES signature.

The chair prints the panel's 评估验收结论表 (`workbench print --panel PANEL.json --sign-with
DIR`); each member then adds their own signature to that PDF, one incremental update each,
with their handwritten signature image in their box. `workbench verify FORM.pdf` lists them.

The `panel` command group belongs to workbench/cli/cmd_panel.py; this module adds its one
sub-command to that group (modules register in name order, so cmd_panel comes first), or
makes the group when it is not there.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.atomic import atomic_write
from workbench.cli.cmd_identity import read_passphrase
from workbench.cli.cmd_print import read_signature_image
from workbench.cli.main import add_group, add_workspace_arg
from workbench.errors import SignatureError
from workbench.inputs import read_regular
from workbench.signing.identity import load_identity

MAX_PANEL_PDF_BYTES = 64 << 20  # a 结论表 with its signatures is well under 1 MB; a FIFO or device is refused


def _panel_subparsers(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:
    group = sub.choices.get("panel")
    if group is None:
        return add_group(sub, "panel", "the panel's merged result: merge, co-sign, status, signed forms")
    for action in group._actions:  # noqa: SLF001 - argparse keeps sub-command actions here only
        if isinstance(action, argparse._SubParsersAction):
            return action
    return group.add_subparsers(dest="panel_command", metavar="COMMAND")


def register(sub: argparse._SubParsersAction) -> None:
    p = _panel_subparsers(sub).add_parser(
        "sign-pdf", help="add your PAdES signature to the panel's 评估验收结论表 PDF",
        description="Add the identity's PAdES signature to FORM.pdf (printed with `workbench print --panel`), "
        "in the signature box the form reserves for that certificate, as an incremental update: earlier "
        "signatures stay valid. The chair signs first. The handwritten signature image fills the box.")
    p.add_argument("pdf", type=Path, metavar="FORM.pdf")
    p.add_argument("--identity", required=True, type=Path, metavar="DIR", help="identity folder of the signer")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FORM.pdf",
                   help="where to write the signed PDF (may be FORM.pdf itself)")
    p.add_argument("--signature-image", type=Path, metavar="PNG",
                   help="handwritten signature image (default: the identity's signature.png)")
    p.add_argument("--passphrase-env", metavar="VAR", help="read the key's passphrase from environment variable VAR")
    add_workspace_arg(p)
    p.set_defaults(handler=cmd_sign_pdf)


def cmd_sign_pdf(args: argparse.Namespace) -> int:
    from workbench.printing.panel_pdf import sign_panel_pdf

    data = read_regular(args.pdf, what="signed PDF form (FORM.pdf)", max_bytes=MAX_PANEL_PDF_BYTES,
                        error=SignatureError)
    ident = load_identity(args.identity)
    from workbench.signing.revoked_signer import refuse_revoked_at
    refuse_revoked_at(getattr(args, "workspace", None), ident)  # a revoked certificate: before the passphrase
    if args.signature_image:
        png: bytes | None = read_signature_image(args.signature_image)
    else:
        png = ident.signature_image()
    key = ident.private_key(read_passphrase(args.passphrase_env))
    out = sign_panel_pdf(data, ident, key, signature_png=png)
    atomic_write(args.output, out, what="signed PDF form")
    print(f"signed by {ident.name}: {args.output}")
    return 0
