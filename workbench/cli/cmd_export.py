"""`workbench export-xlsx SHEET… -o FILE.xlsx`: verified score sheets to a print-ready workbook.

Panel results (PANEL.json, or the signed 结论表 PDF that carries one) are exported too: a
panel summary and one worksheet per panel result with members' scores, computed, final, reasons.
"""

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

    try:
        data = path.read_bytes()
    except OSError as e:
        raise SignatureError(f"cannot read ({e.strerror})") from None
    if is_panel_bytes(data):
        return verify_panel_bytes(data, roots, check_trust_roots=bool(roots))
    v = verify_file(path, roots, check_trust_roots=bool(roots))
    return getattr(v, "panel", v)  # a 结论表 PDF: the panel result it carries
