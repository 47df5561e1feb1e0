"""The Excel export printed by another spreadsheet program: LibreOffice Calc (standing in for
WPS and Excel) converts the demo school's signed sheets to PDF, once per session, and every
requirement's text must be there whole and inside its own row.

Checked on the PDF with poppler: `pdftotext -layout` over the requirement column gives each
requirement's full text; `pdftotext -bbox` gives where each line of text is; `pdftoppm`
renders the pages, where the table's horizontal rules are found. Text that overflowed a row
(the bug: fixed default row heights) crosses a rule or overlaps the next row's text.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook
from PIL import Image

sys.path.insert(0, str(Path(__file__).parent.parent / "signing"))
from sheet_helpers import RUBRIC, full_scores, make_identity, signed_sheet  # noqa: E402

from workbench.printing.xlsx import export_xlsx  # noqa: E402
from workbench.printing.xlsx_fit import height_for, line_count  # noqa: E402

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="needs LibreOffice (Debian: libreoffice-calc) and poppler-utils; scripts/setup.sh installs both")
DPI = 72  # rendering for the rule search: 1 px per PDF point (vectors not antialiased: rules stay dark)


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@pytest.fixture(scope="session")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo school's two signed sheets, exported and converted to PDF by LibreOffice (slow: once)."""
    d = tmp_path_factory.mktemp("xlsx-print")
    a, b = make_identity(d / "a"), make_identity(d / "b", name="李四", role="chair")
    xlsx = export_xlsx([signed_sheet(a), signed_sheet(b, full_scores(shift=3))], d / "results.xlsx")
    profile = (d / "lo-profile").as_uri()  # a private profile: no clash with a running LibreOffice
    run = subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                          "--outdir", str(d), str(xlsx)], capture_output=True, text=True, timeout=240)
    pdf = d / "results.pdf"
    assert run.returncode == 0 and pdf.is_file(), run.stderr[-2000:]
    return pdf


def words(pdf: Path) -> list[Word]:
    """Every text line's box (pdftotext -bbox-layout), in PDF points."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    found, page = [], 0
    for part in re.split(r"(<page [^>]*>)", out):
        if part.startswith("<page "):
            page += 1
            continue
        for line in re.findall(r"<line [^>]*>(.*?)</line>", part, flags=re.S):
            ws = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                            line)
            for x0, y0, x1, y1, t in ws:
                found.append(Word(page, float(x0), float(y0), float(x1), float(y1), html.unescape(t)))
    return found


def requirement_column(found: list[Word]) -> dict[int, tuple[float, float]]:
    """Per school-sheet page (the header row repeats on each), the requirement column's x range:
    right of the item ids ("项目", "B10.1") and left of the "分值" header."""
    cols = {}
    for p in {w.page for w in found if w.text == "评估要求"}:
        on = [w for w in found if w.page == p]
        left = max(w.x1 for w in on if w.text == "项目" or re.fullmatch(r"B\d+\.\d+", w.text))
        right = next(w for w in on if w.text == "分值").x0
        cols[p] = (left + 1, right - 1)
    return cols


def horizontal_rules(png: Path, x0: float, x1: float) -> list[float]:
    """y (points) of the dark horizontal lines that cross the whole x range: the row borders."""
    s = DPI / 72
    band = np.asarray(Image.open(png).convert("L"))[:, int(x0 * s) + 2:int(x1 * s) - 2]
    return [float(y) / s for y in np.flatnonzero((band < 140).mean(axis=1) >= 0.9)]


@needs_soffice
def test_every_requirement_prints_whole(printed: Path) -> None:
    found = words(printed)
    cols = requirement_column(found)
    assert len(cols) >= 2, "the school's worksheet should take several pages once its rows fit their text"
    column_text = ""
    for p, (x0, x1) in sorted(cols.items()):
        out = subprocess.run(["pdftotext", "-layout", "-r", "72", "-f", str(p), "-l", str(p), "-x", str(round(x0 + 0.5)),
                              "-y", "0", "-W", str(int(x1 - x0)), "-H", "2000", str(printed), "-"],
                             capture_output=True, text=True, check=True).stdout
        column_text += re.sub(r"\s+", "", out)
    missing = [i.id for i in RUBRIC.iter_items() if re.sub(r"\s+", "", i.text.zh) not in column_text]
    assert not missing, f"requirements not printed whole in their column: {missing}"
    everything = subprocess.run(["pdftotext", "-layout", str(printed), "-"], capture_output=True, text=True,
                                check=True).stdout
    assert "##" not in everything, "a number is printed as ### (its column is too narrow)"
    assert "100.0" in everything and re.search(r"第\s*1\s*页\s*共", everything)


@needs_soffice
def test_no_text_crosses_a_row_border_or_other_text(printed: Path, tmp_path: Path) -> None:
    found = words(printed)
    cols = requirement_column(found)
    crossing, checked = [], 0
    for p, (x0, x1) in sorted(cols.items()):
        png = tmp_path / f"p{p}"
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-aaVector", "no", "-f", str(p), "-l", str(p),
                        "-singlefile", "-png", str(printed), str(png)], check=True)
        rules = horizontal_rules(png.with_suffix(".png"), x0, x1)
        assert len(rules) > 10, f"page {p}: the table's rules were not found"
        for w in (w for w in found if w.page == p and w.x0 >= x0 and w.x1 <= x1):
            checked += 1
            if any(w.y0 + 1 < y < w.y1 - 1 for y in rules):
                crossing.append(f"p{p} {w.text[:12]}")
    assert checked >= 51 and not crossing, f"text crosses a row border: {crossing[:8]}"
    for p in {w.page for w in found}:
        on = sorted((w for w in found if w.page == p), key=lambda w: w.y0)
        for i, a in enumerate(on):
            for b in on[i + 1:]:
                if b.y0 >= a.y1:
                    break
                overlap_y = min(a.y1, b.y1) - max(a.y0, b.y0)
                overlap_x = min(a.x1, b.x1) - max(a.x0, b.x0)
                assert not (overlap_x > 1 and overlap_y > 0.3 * min(a.y1 - a.y0, b.y1 - b.y0)), \
                    f"page {p}: {a.text[:12]!r} overlaps {b.text[:12]!r}"


def test_row_heights_follow_the_wrapped_text(tmp_path: Path) -> None:
    """Without LibreOffice: the stored heights grow with the text's lines at the column width."""
    assert line_count("短", 60, 9) == 1 and line_count("甲\n乙", 60, 9) == 2
    assert line_count("字" * 40, 60, 9) == 2  # ~68 units at 9 pt in a 60-wide column
    assert line_count("字" * 40, 60, 9) > line_count("a" * 40, 60, 9)  # CJK ~2 units, Latin ~1
    a = make_identity(tmp_path / "a")
    wb = load_workbook(export_xlsx([signed_sheet(a)], tmp_path / "x.xlsx"))
    ws = wb[wb.sheetnames[1]]
    rows = {ws.cell(r, 3).value: r for r in range(4, ws.max_row + 1) if ws.cell(r, 3).value}
    for item in RUBRIC.iter_items():
        dim = ws.row_dimensions[rows[item.id]]
        assert dim.customHeight and dim.height >= height_for(line_count(item.text.zh, 60, 9), 9), item.id
    assert ws.row_dimensions[rows["B1.1"]].height > ws.row_dimensions[rows["B1.3"]].height  # 2 lines vs 1
    assert ws.print_area and ws.print_title_rows == "$3:$3"
