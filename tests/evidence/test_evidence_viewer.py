"""Which evidence may go to the system viewer: decided by content, copied under a generated
name with that type's extension; everything else can only be saved."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from PIL import Image

from workbench.errors import PackageError
from workbench.evidence.viewer import (
    DOCX,
    JPEG,
    PDF,
    PNG,
    XLSX,
    save_copy,
    viewer_copy,
    viewer_type,
)


def _image(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (16, 8), (0, 90, 200)).save(buf, fmt)
    return buf.getvalue()


def _xlsx(path: Path) -> Path:
    wb = Workbook()
    wb.active["A1"] = "设备清单"
    wb.save(path)
    return path


def _ooxml(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


_CT = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
_CT_MACRO = _CT.replace(b"/>", b'><Override ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>')


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {}

    def put(name: str, data: bytes) -> None:
        out[name] = tmp_path / name
        out[name].write_bytes(data)

    put("real.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    put("photo.jpg", _image("JPEG"))
    put("shot.png", _image("PNG"))
    put("report.pdf", b"MZ\x90\x00\x03" + b"\0" * 200)  # a Windows program under a PDF's name
    put("notes.txt", "会议记录".encode())
    put("run.sh", b"#!/bin/sh\nrm -rf ~\n")
    put("anim.gif", _image("GIF"))  # an image, but not on the list
    put("script.html", b"<html><script>alert(1)</script></html>")
    out["book.xlsx"] = _xlsx(tmp_path / "book.xlsx")
    out["letter.docx"] = _ooxml(tmp_path / "letter.docx", {"[Content_Types].xml": _CT,
                                                          "word/document.xml": b"<w:document/>"})
    out["macro.xlsx"] = _ooxml(tmp_path / "macro.xlsx", {"[Content_Types].xml": _CT_MACRO,
                                                        "xl/workbook.xml": b"<workbook/>"})
    out["vba.docx"] = _ooxml(tmp_path / "vba.docx", {"[Content_Types].xml": _CT, "word/document.xml": b"<d/>",
                                                    "word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
    out["ole.docx"] = _ooxml(tmp_path / "ole.docx", {"[Content_Types].xml": _CT, "word/document.xml": b"<d/>",
                                                    "word/embeddings/oleObject1.bin": b"\xd0\xcf"})
    out["plain.zip"] = _ooxml(tmp_path / "plain.zip", {"a.exe": b"MZ"})
    out["both.docx"] = _ooxml(tmp_path / "both.docx", {"[Content_Types].xml": _CT, "word/document.xml": b"<d/>",
                                                      "xl/workbook.xml": b"<w/>"})
    return out


@pytest.mark.parametrize(("name", "expected"), [
    ("real.pdf", PDF), ("photo.jpg", JPEG), ("shot.png", PNG), ("book.xlsx", XLSX), ("letter.docx", DOCX),
    ("report.pdf", None), ("notes.txt", None), ("run.sh", None), ("anim.gif", None), ("script.html", None),
    ("macro.xlsx", None), ("vba.docx", None), ("ole.docx", None), ("plain.zip", None), ("both.docx", None),
])
def test_viewer_type_is_decided_by_content(files: dict[str, Path], name: str, expected) -> None:
    assert viewer_type(files[name]) == expected


def test_content_wins_over_the_name(files: dict[str, Path], tmp_path: Path) -> None:
    disguised = tmp_path / "photo.exe"
    disguised.write_bytes(files["photo.jpg"].read_bytes())
    assert viewer_type(disguised) == JPEG  # a JPEG, whatever it is called: opened as .jpg


def test_viewer_copy_gets_a_generated_name_and_the_types_extension(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    copy = viewer_copy(files["book.xlsx"], out)
    assert copy is not None and copy.parent == out and copy.suffix == ".xlsx"
    assert copy.name.startswith("evidence-") and copy.read_bytes() == files["book.xlsx"].read_bytes()
    assert copy.stat().st_mode & 0o077 == 0  # private to this user
    assert viewer_copy(files["report.pdf"], out) is None  # nothing to open, nothing copied
    assert sorted(p.name for p in out.iterdir()) == [copy.name]
    fresh = viewer_copy(files["real.pdf"])
    assert fresh is not None and fresh.suffix == ".pdf" and fresh.parent.name.startswith("workbench-view-")


def test_save_copy_writes_any_type_without_opening_it(files: dict[str, Path], tmp_path: Path) -> None:
    dest = tmp_path / "saved" / "report.pdf"
    dest.parent.mkdir()
    assert save_copy(files["report.pdf"], dest) == dest
    assert dest.read_bytes() == files["report.pdf"].read_bytes()
    assert [p.name for p in dest.parent.iterdir()] == ["report.pdf"]  # no temporary left


def test_non_regular_evidence_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    with pytest.raises(PackageError, match="named pipe"):
        viewer_type(fifo)
    with pytest.raises(PackageError, match="named pipe"):
        save_copy(fifo, tmp_path / "x")
