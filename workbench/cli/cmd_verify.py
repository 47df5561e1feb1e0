"""`workbench verify FILE [--trust CERT_OR_CA]…`: check a signed score sheet, a signed form, a
panel result, or a hub receipt (or a file of receipts, checked as one chain).

Exit 0 with a summary when valid; otherwise one line naming the reason, with an exit code
per reason (see workbench.signing.verify.EXIT_CODES): 3 altered, 4 signature mismatch,
5 malformed, 6 untrusted certificate, 7 unknown rubric hash, 8 totals not matching items,
9 reviewer name/org/role not what the certificate says, 10 signed after the certificate's
revocation (known to the workspace from a hub; docs/score-sheet.md).
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from workbench.errors import SignatureError
from workbench.inputs import check_regular
from workbench.panel.revoked import (
    RevokedMark,
    check_signature_time,
    seen_warning,
    warning,
    workspace_marks,
)
from workbench.signing.verify import load_trust_roots, verify_file


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("verify", help="verify a signed score sheet (.json), signed form (.pdf), panel result "
                       "or hub receipt(s)",
                       description="Verify FILE: integrity (any changed byte), the signature, the "
                       "certificate against --trust roots, the rubric hash, and that the totals follow "
                       "from the item scores. Exit codes: 0 valid, 3 altered, 4 signature mismatch, "
                       "5 malformed, 6 untrusted certificate, 7 unknown rubric, 8 totals do not match, "
                       "9 reviewer name/org/role differ from the certificate, 10 signed after the certificate was "
                       "revoked (a revocation the workspace received from its hub). A hub receipt, or a file of them "
                       "(JSON array or lines), is checked against the hub certificate (--hub-cert or --trust) "
                       "and, for several, as one unbroken chain.")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--trust", action="append", default=[], metavar="CERT_OR_CA",
                   help="a trusted certificate: the bureau's CA (cert.pem) or a reviewer's pinned "
                   "certificate or identity folder; repeatable")
    p.add_argument("--integrity-only", action="store_true",
                   help="check integrity, signature and totals but not who signed (no --trust needed)")
    p.add_argument("--json", action="store_true", help="print the verified sheet as JSON")
    p.add_argument("--sheets", type=Path, metavar="DIR",
                   help="for a panel result (workbench-panel/1): the member sheets to check it against")
    p.add_argument("--hub-cert", action="append", default=[], metavar="HUB_CERT",
                   help="for a hub receipt (or a file of them): the hub's certificate (hub-cert.pem); "
                   "--trust works as well")
    p.set_defaults(handler=cmd_verify)


def cmd_verify(args: argparse.Namespace) -> int:
    roots = load_trust_roots(args.trust)
    check_regular(args.file, what="score sheet, signed form or panel result", error=SignatureError)  # a FIFO never hangs
    if _verify_receipt_file(args, roots):
        return 0
    from workbench.cli.cmd_panel import verify_panel_file  # a panel result, detected by content
    if verify_panel_file(args, roots):
        return 0
    verified = _verify_pdf(args, roots)
    if verified is None:
        verified = verify_file(args.file, roots, check_trust_roots=not args.integrity_only)
    mark = _check_revoked(args, verified)
    if args.json:
        print(json.dumps(verified.sheet, ensure_ascii=False, indent=2))
    else:
        print(verified.summary())
        if mark is not None:
            print(f"WARNING   {_sheet_warning(args, verified, mark)}")
    return 0


def _sheet_warning(args: argparse.Namespace, verified: Any, mark: RevokedMark) -> str:
    """A sheet this workspace collected (or a hub served it): when it was received, and whether
    before the revocation (workbench.panel.witness); a lone file: unwitnessed."""
    from workbench.panel.witness import workspace_revocations

    sheet_hash = getattr(verified, "sheet_hash", None)
    if not isinstance(sheet_hash, str):
        return warning(mark)
    return seen_warning(mark, workspace_revocations(getattr(args, "workspace", None), sheet_hash=sheet_hash).sheet)


def _check_revoked(args: argparse.Namespace, verified: Any) -> RevokedMark | None:
    """Exit 10 (`revoked`) when the workspace knows the signer's certificate of a sheet (or a
    sheet's signed form) was revoked before it was signed; the mark (a warning) when it was
    revoked after. A 结论表 PDF was counted by _verify_pdf already."""
    from workbench.signing.identity import fingerprint

    cert = getattr(verified, "cert", None)
    if cert is None:
        return None
    marks = workspace_marks(getattr(args, "workspace", None))
    if not marks:
        return None
    return check_signature_time(marks, fingerprint(cert), verified.signer.name, verified.sheet["signed_at"])


def _verify_pdf(args: argparse.Namespace, roots: list) -> Any:
    """A signed PDF, None for any other file. A 结论表 (a PDF carrying a panel result) is verified
    with the workspace's revocations and witnesses as `verify PANEL.json` is (no workspace, or one
    that knows no revocation: none checked); a reviewer's form as verify_file verifies it."""
    from workbench.inputs import open_regular, read_regular
    from workbench.panel.witness import workspace_revocations
    from workbench.printing.panel_pdf import has_panel_attachment, verify_panel_pdf_with
    from workbench.printing.pdfsign import verify_pdf_bytes
    from workbench.signing.verify import MAX_SIGNED_FILE

    with open_regular(args.file, what="file", error=SignatureError) as f:
        if f.read(5) != b"%PDF-":
            return None
    data = read_regular(args.file, what="score sheet or signed form", max_bytes=MAX_SIGNED_FILE, error=SignatureError)
    check = not args.integrity_only
    if not has_panel_attachment(data):
        return verify_pdf_bytes(data, roots, check_trust_roots=check)
    # the print preview (ui/panel/print_preview.py) and export-xlsx count it with the same call
    return verify_panel_pdf_with(data, roots, workspace_revocations(getattr(args, "workspace", None)),
                                 check_trust_roots=check)


def _verify_receipt_file(args: argparse.Namespace, roots: list) -> bool:
    """A hub receipt or a file of them, recognised by content; False if FILE is not one."""
    from workbench.inputs import open_regular, read_regular
    from workbench.sync.receipt_file import (
        MAX_RECEIPT_FILE,
        looks_like_receipts,
        verify_receipts_bytes,
    )

    with open_regular(args.file, what="file", error=SignatureError) as f:
        size = os.fstat(f.fileno()).st_size
        head = f.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head not in (b"{", b"[") or size > MAX_RECEIPT_FILE:
        return False  # a PDF form or a large sheet is never read whole here
    data = read_regular(args.file, what="file", max_bytes=MAX_RECEIPT_FILE, error=SignatureError)
    if not looks_like_receipts(data):
        return False
    verified = verify_receipts_bytes(data, roots + load_trust_roots(args.hub_cert))
    if args.json:
        print(json.dumps(verified.receipts, ensure_ascii=False, indent=2))
    else:
        print(verified.summary())
    return True
