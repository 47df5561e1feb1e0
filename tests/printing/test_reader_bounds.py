"""Readers of print, export-xlsx, panel sign-pdf and rubric import-xlsx refuse hostile inputs fast.

A FIFO must not block `open()`, /dev/zero or a huge sparse file must not be read whole, and a
workbook with one stray cell at XFD1048576 must not make the importer walk a million rows: each
is one line naming the file, in well under a second. Real files, real FIFOs, the real CLI.
"""

from __future__ import annotations

import io
import json
import os
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from workbench.cli import cmd_print
from workbench.entry import main
from workbench.errors import RubricError, WorkbenchError
from workbench.resources import resource
from workbench.rubric import xlsx as rubric_xlsx

FAST = 10.0  # seconds; a FIFO would hang for ever, a million rows take minutes


def _fifo(tmp_path: Path, name: str) -> Path:
    p = tmp_path / name
    os.mkfifo(p)
    return p


def _sparse(tmp_path: Path, name: str, size: int, head: bytes = b"") -> Path:
    p = tmp_path / name
    with open(p, "wb") as f:  # test fixture, not a workbench output
        f.write(head)
        f.truncate(size)
    return p


def _run(capsys: pytest.CaptureFixture[str], *argv: object) -> str:
    """Run the CLI in-process; it must fail fast with one line on stderr and no traceback."""
    start = time.monotonic()
    code = main([str(a) for a in argv])
    elapsed = time.monotonic() - start
    err = capsys.readouterr().err
    assert code != 0, err
    assert elapsed < FAST, elapsed
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def test_print_refuses_fifo_and_device_sheets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _run(capsys, "print", _fifo(tmp_path, "s.json"), "-o", tmp_path / "f.pdf")
    assert "named pipe" in err
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")
    assert "character device" in _run(capsys, "print", zero, "-o", tmp_path / "f.pdf")
    assert not (tmp_path / "f.pdf").exists()


def test_print_refuses_oversized_sheet_and_panel(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = _sparse(tmp_path, "big.json", cmd_print.MAX_SHEET_BYTES + 1, b"{")
    assert "larger than" in _run(capsys, "print", big, "-o", tmp_path / "f.pdf")
    panel = _sparse(tmp_path, "panel.json", cmd_print.MAX_PANEL_BYTES + 1, b"{")
    assert "larger than" in _run(capsys, "print", "--panel", panel, "-o", tmp_path / "p.pdf")
    assert "named pipe" in _run(capsys, "print", "--panel", _fifo(tmp_path, "p.json"), "-o", tmp_path / "p.pdf")


def test_signature_image_is_bounded_and_must_be_png(tmp_path: Path) -> None:
    with pytest.raises(WorkbenchError, match="named pipe"):
        cmd_print.read_signature_image(_fifo(tmp_path, "sig.png"))
    big = _sparse(tmp_path, "big.png", cmd_print.MAX_SIGNATURE_IMAGE + 1, b"\x89PNG\r\n\x1a\n")
    with pytest.raises(WorkbenchError, match="larger than"):
        cmd_print.read_signature_image(big)
    (tmp_path / "not.png").write_bytes(b"GIF89a" + b"\0" * 100)
    with pytest.raises(WorkbenchError, match="must be a PNG"):
        cmd_print.read_signature_image(tmp_path / "not.png")
    truncated = _sparse(tmp_path, "trunc.png", 64, b"\x89PNG\r\n\x1a\n")
    with pytest.raises(WorkbenchError, match="not a readable PNG") as e:
        cmd_print.read_signature_image(truncated)
    assert str(truncated) in str(e.value)


def test_panel_sign_pdf_refuses_fifo_and_huge_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from workbench.cli.cmd_panel_pdf import MAX_PANEL_PDF_BYTES

    ident = tmp_path / "no-identity"  # the PDF is read first: the identity is never reached
    err = _run(capsys, "panel", "sign-pdf", _fifo(tmp_path, "f.pdf"), "--identity", ident, "-o", tmp_path / "o.pdf")
    assert "named pipe" in err
    big = _sparse(tmp_path, "big.pdf", MAX_PANEL_PDF_BYTES + 1, b"%PDF-1.7\n")
    assert "larger than" in _run(capsys, "panel", "sign-pdf", big, "--identity", ident, "-o", tmp_path / "o.pdf")
    assert not (tmp_path / "o.pdf").exists()


def test_export_xlsx_refuses_fifo_and_device(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _run(capsys, "export-xlsx", _fifo(tmp_path, "s.json"), "-o", tmp_path / "r.xlsx")
    assert "named pipe" in err and "does not verify" not in err  # unreadable, not a bad signature
    zero = tmp_path / "zero.pdf"
    zero.symlink_to("/dev/zero")
    assert "character device" in _run(capsys, "export-xlsx", zero, "-o", tmp_path / "r.xlsx")
    assert not (tmp_path / "r.xlsx").exists()


def _rubric_workbook(tmp_path: Path) -> Path:
    data = json.loads(resource("rubrics", "majiang-2015.json").read_text(encoding="utf-8"))
    path = tmp_path / "rubric.xlsx"
    rubric_xlsx.export_xlsx(data, path)
    return path


def test_import_xlsx_refuses_a_far_stray_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _rubric_workbook(tmp_path)
    assert rubric_xlsx.import_xlsx(path)["id"]  # the honest workbook still imports
    wb = load_workbook(path)
    wb[rubric_xlsx.SHEET_ITEMS]["XFD1048576"] = "x"
    wb.save(path)
    err = _run(capsys, "rubric", "import-xlsx", path, "-o", tmp_path / "r.json")
    assert "XFD1048576" in err and "stray cells" in err
    assert not (tmp_path / "r.json").exists()


def test_import_xlsx_refuses_fifo_huge_and_bomb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(RubricError, match="named pipe"):
        rubric_xlsx.import_xlsx(_fifo(tmp_path, "w.xlsx"))
    with pytest.raises(RubricError, match="larger than"):
        rubric_xlsx.import_xlsx(_sparse(tmp_path, "big.xlsx", rubric_xlsx.MAX_WORKBOOK_BYTES + 1, b"PK"))
    # A member that unpacks far beyond its stored size: refused from the zip's directory, never inflated.
    bomb = tmp_path / "bomb.xlsx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<" * (4 << 20))
    bomb.write_bytes(buf.getvalue())
    monkeypatch.setattr(rubric_xlsx, "MAX_WORKBOOK_UNPACKED", 1 << 20)  # the real cap is 128 MiB
    with pytest.raises(RubricError, match="unpacks to"):
        rubric_xlsx.import_xlsx(bomb)
