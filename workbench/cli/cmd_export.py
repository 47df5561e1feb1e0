"""`workbench export-xlsx SHEET… -o FILE.xlsx`: verified score sheets to a print-ready workbook.

Panel results (PANEL.json, or the signed 结论表 PDF that carries one) are exported too: a
panel summary and one worksheet per panel result with members' scores, computed, final, reasons.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.errors import SignatureError, WorkbenchError
from workbench.inputs import read_regular
from workbench.signing.verify import MAX_SIGNED_FILE, load_trust_roots, verify_sheet_bytes


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
    from workbench.printing.xlsx import export_xlsx_with_panels

    roots = load_trust_roots(args.trust)
    sheets, panels = [], []
    for path in args.sheets:
        try:
            v = _verify(path, roots)
        except SignatureError as e:
            raise SignatureError(f"{path}: not exported, it does not verify: {e}") from None
        if hasattr(v, "panel_hash"):
            panels.append(v)
        else:
            sheets.append(v.sheet)
    export_xlsx_with_panels(sheets, panels, args.output)
    schools = len({s["school"]["code"] for s in sheets} | {p.doc["school"]["code"] for p in panels})
    print(f"{args.output}: {len(sheets)} sheet(s), {len(panels)} panel result(s), {schools} school(s)")
    return 0


def _verify(path: Path, roots: list):  # noqa: ANN202 - a VerifiedSheet or a VerifiedPanel
    """A sheet (.json or signed form), or a panel result (PANEL.json or its signed 结论表)."""
    from workbench.panel.verify import is_panel_bytes, verify_panel_bytes

    # Read once, bounded, regular files only: a FIFO or /dev/zero must not hang or exhaust memory.
    # A WorkbenchError, not a SignatureError: an unreadable file is not one that "does not verify".
    data = read_regular(path, what="score sheet, panel result or signed form", max_bytes=MAX_SIGNED_FILE,
                        error=WorkbenchError)
    if is_panel_bytes(data):
        return verify_panel_bytes(data, roots, check_trust_roots=bool(roots))
    if data.startswith(b"%PDF-"):  # as verify_file decides: by content, not by name
        from workbench.printing.pdfsign import verify_pdf_bytes
        v = verify_pdf_bytes(data, roots, check_trust_roots=bool(roots))
    else:
        v = verify_sheet_bytes(data, roots, check_trust_roots=bool(roots))
    return getattr(v, "panel", v)  # a 结论表 PDF: the panel result it carries
