"""`workbench export-xlsx SHEET… -o FILE.xlsx`: verified score sheets to a print-ready workbook.

Panel results (PANEL.json, or the signed 结论表 PDF that carries one) are exported too: a
panel summary and one worksheet per panel result with members' scores, computed, final, reasons.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.inputs import read_regular
from workbench.signing.verify import MAX_SIGNED_FILE, load_trust_roots


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-xlsx", help="export signed score sheets to Excel (one sheet per school + summary)",
                       description="Verify each SHEET (.json or signed .pdf) and write an .xlsx: a summary "
                       "worksheet and one worksheet per school with every item, each reviewer's score and "
                       "the mean, formatted for printing on A4.")
    p.add_argument("sheets", nargs="+", type=Path, metavar="SHEET|PANEL")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.xlsx")
    p.add_argument("--trust", action="append", default=[], metavar="CERT_OR_CA",
                   help="also check each signer against these trust roots (repeatable)")
    p.set_defaults(handler=cmd_export_xlsx)


def cmd_export_xlsx(args: argparse.Namespace) -> int:
    from workbench.printing.xlsx_export import export_documents

    roots = load_trust_roots(args.trust)
    # Read once, bounded, regular files only: a FIFO or /dev/zero must not hang or exhaust memory.
    # A WorkbenchError, not a SignatureError: an unreadable file is not one that "does not verify".
    docs = [(str(path), read_regular(path, what="score sheet, panel result or signed form",
                                     max_bytes=MAX_SIGNED_FILE, error=WorkbenchError)) for path in args.sheets]
    # panel results counted with the workspace's revocations and witnesses, as `verify` counts them
    from workbench.panel.witness import workspace_revocations

    revs = workspace_revocations(getattr(args, "workspace", None))
    done = export_documents(docs, args.output, roots=roots, revocations=revs)  # the window's 导出 Excel calls it too
    print(f"{args.output}: {done.sheets} sheet(s), {done.panels} panel result(s), {done.schools} school(s)")
    return 0
