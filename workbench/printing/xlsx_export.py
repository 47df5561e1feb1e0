"""Verify signed documents and write them to one Excel workbook: the core of `export-xlsx`.

The CLI gives it the bytes of the files named on the command line; the window (File ›
导出 Excel…) gives it the workspace's signed sheets. Each document is verified before it is
exported (a sheet, its signed form PDF, a panel result or its signed 结论表), so a workbook
never shows a result whose signature does not hold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.errors import Cancelled, SignatureError, WorkbenchError

NOTHING_TO_EXPORT = "nothing_to_export"  # a stable error code: the window says it in its language


@dataclass(frozen=True)
class XlsxExport:
    path: Path
    sheets: int
    panels: int
    schools: int


def verify_document(data: bytes, roots: Sequence[Any] = (), revocations: Any = None) -> Any:
    """A VerifiedSheet, or a VerifiedPanel for a panel result (PANEL.json or its signed 结论表).

    `revocations` (workbench.panel.witness.WorkspaceRevocations): a panel result and a 结论表 are
    counted as `workbench verify` counts them (who signed, final), with the same calls."""
    from workbench.panel.verify import is_panel_bytes, verify_panel_bytes
    from workbench.printing.panel_pdf import has_panel_attachment, verify_panel_pdf_with
    from workbench.signing.verify import verify_sheet_bytes

    if is_panel_bytes(data):
        return verify_panel_bytes(data, list(roots), check_trust_roots=bool(roots),
                                  **(revocations.panel_args() if revocations is not None else {}))
    if has_panel_attachment(data):
        return verify_panel_pdf_with(data, list(roots), revocations, check_trust_roots=bool(roots)).panel
    if data.startswith(b"%PDF-"):  # as verify_file decides: by content, not by name
        from workbench.printing.pdfsign import verify_pdf_bytes
        v = verify_pdf_bytes(data, list(roots), check_trust_roots=bool(roots))
    else:
        v = verify_sheet_bytes(data, list(roots), check_trust_roots=bool(roots))
    return getattr(v, "panel", v)  # a 结论表 PDF: the panel result it carries


def export_documents(docs: Iterable[tuple[str, bytes]], path: str | Path, *, roots: Sequence[Any] = (),
                     cancel: Callable[[], bool] | None = None,
                     progress: Callable[..., None] | None = None, revocations: Any = None) -> XlsxExport:
    """Verify each (name, bytes) and write the workbook to `path` (atomically). `name` is what an
    error says (a file name, a school code). Nothing is written unless every document verifies.
    `revocations`: a workspace's (WorkspaceRevocations), for panel results (verify_document)."""
    from workbench.printing.xlsx import export_xlsx_with_panels

    docs = list(docs)
    if not docs:
        raise WorkbenchError("no signed score sheets to export", hint="sign the school's scores first",
                             code=NOTHING_TO_EXPORT)
    sheets, panels = [], []
    for n, (name, data) in enumerate(docs):
        if cancel is not None and cancel():
            raise Cancelled("the Excel export was cancelled; nothing was written")
        if progress is not None:
            progress(n, len(docs), name)
        try:
            v = verify_document(data, roots, revocations)
        except SignatureError as e:
            raise SignatureError(f"{name}: not exported, it does not verify: {e}") from None
        if hasattr(v, "panel_hash"):
            panels.append(v)
        else:
            sheets.append(v.sheet)
    if cancel is not None and cancel():
        raise Cancelled("the Excel export was cancelled; nothing was written")
    out = export_xlsx_with_panels(sheets, panels, path)
    schools = len({s["school"]["code"] for s in sheets} | {p.doc["school"]["code"] for p in panels})
    return XlsxExport(Path(out), len(sheets), len(panels), schools)


def export_workspace(ws: Any, reviewer_id: int, path: str | Path, *, codes: Iterable[str] | None = None,
                     extra: Sequence[tuple[str, bytes]] = (), cancel: Callable[[], bool] | None = None,
                     progress: Callable[..., None] | None = None) -> XlsxExport:
    """The newest signed sheet of every school (or of `codes`) this workspace's reviewer signed,
    plus `extra` (name, bytes) documents, verified and written as `export-xlsx` writes them."""
    from workbench.signing.workspace_sheets import signed_sheet_files

    docs = dict(signed_sheet_files(ws, reviewer_id, codes))
    docs.update(extra)  # e.g. a provisional sheet just signed (the workspace does not keep those)
    return export_documents(sorted(docs.items()), path, cancel=cancel, progress=progress)
