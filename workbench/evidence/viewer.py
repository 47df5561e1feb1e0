"""Which evidence files may be handed to the system viewer, decided by their content.

A package's file names are the school's words: `report.pdf.exe`, or a PDF-looking name on
a script, would be run by the system if opened under that name. So only an allow-list of
document and image types is ever opened outside the window, each recognised by its bytes
(not its name), and it is opened from a copy under a generated name with the extension of
the type that was recognised. Anything else "cannot be previewed": it can be saved, not opened.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from workbench.atomic import atomic_open
from workbench.errors import PackageError
from workbench.evidence.limits import Limits
from workbench.evidence.zipdir import read_central_directory
from workbench.inputs import open_regular


@dataclass(frozen=True)
class ViewerType:
    name: str  # "pdf", "jpeg", "png", "xlsx", "docx"
    suffix: str  # the extension the copy gets: ".pdf", …


PDF = ViewerType("pdf", ".pdf")
JPEG = ViewerType("jpeg", ".jpg")
PNG = ViewerType("png", ".png")
XLSX = ViewerType("xlsx", ".xlsx")
DOCX = ViewerType("docx", ".docx")

# Office documents are ZIPs; these parts make one "the document type" and nothing more.
_OFFICE_MAIN = {"xl/workbook.xml": XLSX, "word/document.xml": DOCX}
# Macros, ActiveX controls and embedded objects can run code when the document is opened.
_OFFICE_ACTIVE = ("vbaproject.bin", "/activex/", "/embeddings/", "vbadata.xml")
_OFFICE_LIMITS = Limits(max_entries=5_000, max_central_directory_bytes=4 << 20)
_MACRO_TYPE = b"macroEnabled"


def viewer_type(path: str | Path) -> ViewerType | None:
    """The allow-listed type of the file at `path` judged by its content, or None."""
    with open_regular(path, what="evidence file", error=PackageError) as f:
        head = f.read(16)
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"PK\x03\x04"):
            return _office_type(f)
    return None


def _office_type(f) -> ViewerType | None:  # noqa: ANN001 - a binary file object
    """xlsx/docx: a ZIP with the OOXML content-types part and the main part of exactly one
    of the two types, without macros, ActiveX or embedded objects."""
    try:
        f.seek(0, 2)
        read_central_directory(f, f.tell(), _OFFICE_LIMITS, "document")
        f.seek(0)
        with zipfile.ZipFile(f) as zf:
            names = {n.lower(): n for n in zf.namelist()}
            if "[content_types].xml" not in names:
                return None
            found = [t for part, t in _OFFICE_MAIN.items() if part in names]
            if len(found) != 1 or any(a in n for n in names for a in _OFFICE_ACTIVE):
                return None
            with zf.open(names["[content_types].xml"]) as ct:
                types = ct.read(1 << 20)
            if _MACRO_TYPE.lower() in types.lower():
                return None
            return found[0]
    except (PackageError, zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError):
        return None


def viewer_copy(src: str | Path, folder: str | Path | None = None) -> Path | None:
    """A copy of `src` under a generated name with its recognised type's extension, in a new
    private temporary folder (or `folder`), for the system viewer; None if the type is not
    allow-listed (then the file may only be saved)."""
    kind = viewer_type(src)
    if kind is None:
        return None
    where = Path(folder) if folder is not None else Path(tempfile.mkdtemp(prefix="workbench-view-"))
    dest = where / f"evidence-{uuid.uuid4().hex[:12]}{kind.suffix}"
    with open_regular(src, what="evidence file", error=PackageError) as s, \
            atomic_open(dest, mode=0o600, what="viewer copy", durable=False) as d:
        shutil.copyfileobj(s, d, 1 << 20)
    return dest


def save_copy(src: str | Path, dest: str | Path) -> Path:
    """Save an evidence file where the user chose (any type: saving runs nothing)."""
    with open_regular(src, what="evidence file", error=PackageError) as s, \
            atomic_open(dest, what="copy of the evidence file") as d:
        shutil.copyfileobj(s, d, 1 << 20)
    return Path(dest)
