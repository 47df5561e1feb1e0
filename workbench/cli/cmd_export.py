"""`workbench export-xlsx SHEET… -o FILE.xlsx`: verified score sheets to a print-ready workbook."""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.errors import SignatureError
from workbench.signing.verify import load_trust_roots, verify_file


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-xlsx", help="export signed score sheets to Excel (one sheet per school + summary)",
                       description="Verify each SHEET (.json or signed .pdf) and write an .xlsx: a summary "
                       "worksheet and one worksheet per school with every item, each reviewer's score and "
                       "the mean, formatted for printing on A4.")
    p.add_argument("sheets", nargs="+", type=Path, metavar="SHEET")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.xlsx")
    p.add_argument("--trust", action="append", default=[], metavar="CERT_OR_CA",
                   help="also check each signer against these trust roots (repeatable)")
    p.set_defaults(handler=cmd_export_xlsx)


def cmd_export_xlsx(args: argparse.Namespace) -> int:
    from workbench.printing.xlsx import export_xlsx

    roots = load_trust_roots(args.trust)
    sheets = []
    for path in args.sheets:
        try:
            sheets.append(verify_file(path, roots, check_trust_roots=bool(roots)).sheet)
        except SignatureError as e:
            raise SignatureError(f"{path}: not exported, it does not verify: {e}") from None
    export_xlsx(sheets, args.output)
    schools = len({s["school"]["code"] for s in sheets})
    print(f"{args.output}: {len(sheets)} sheet(s), {schools} school(s)")
    return 0
