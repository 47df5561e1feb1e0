"""Row heights for wrapped text, so a worksheet prints whole in any spreadsheet program.

Why: a spreadsheet stores row heights; a row without one (openpyxl writes none) gets the
default single-line height, and LibreOffice Calc 7.4 (standing in for WPS and Excel) does not
grow it to fit wrapped text when it opens an .xlsx, so long requirements overflowed into the
next row on paper. A row with a height (`customHeight="1"`, as openpyxl writes it) prints at
that height (tested here with LibreOffice; Excel keeps stored heights as well).
Each row's height is therefore written explicitly, from the wrapped line count of its
tallest cell at its column width, on the generous side (fonts differ between programs:
宋体 is replaced by whatever CJK font the reader has, Latin by a wider sans).

Units: a column width counts widths of "0" in the default font (~5.25 pt); a full-width (CJK)
character at size s is s pt, ~2 units at 10.5 pt; a Latin character ~1 unit at 10.5 pt.
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict

from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

UNIT_PT = 5.25  # one column-width unit: the "0" of the default font (7 px at 96 dpi)
DEFAULT_WIDTH = 8.43  # a column whose width was never set
CELL_PAD_UNITS = 1.0  # the cell's left and right inner margins together
LATIN_UNITS = 1.2  # a Latin character at 10.5 pt (DejaVu Sans, LibreOffice's fallback, is wide)
CJK_UNITS = 2.0  # a full-width character at 10.5 pt
SLACK = 1.06  # breaks fall between words, not at the exact edge: assume the text a little wider
LINE_EM = 1.4  # line height in ems: CJK fonts (Noto CJK, WenQuanYi, YaHei) have tall line boxes
ROW_PAD_PT = 3.0  # above and below the text


def text_units(text: str, size: float) -> float:
    """How many column-width units `text` needs on one line at font size `size` (pt)."""
    units = sum(CJK_UNITS if unicodedata.east_asian_width(ch) in "WF" else LATIN_UNITS for ch in text)
    return units * size / 10.5


def line_count(text: str, width_units: float, size: float) -> int:
    """Lines `text` wraps to in a cell `width_units` wide (each paragraph starts a new line)."""
    usable = max(width_units - CELL_PAD_UNITS, 1.0)
    return sum(max(1, math.ceil(text_units(part, size) * SLACK / usable)) for part in text.split("\n"))


def height_for(lines: int, size: float) -> float:
    """Row height in points for `lines` lines at font size `size`."""
    return round(lines * size * LINE_EM + ROW_PAD_PT, 1)


def column_width(ws: Worksheet, col: int) -> float:
    dim = ws.column_dimensions.get(get_column_letter(col))
    return dim.width if dim is not None and dim.width else DEFAULT_WIDTH


def fit_rows(ws: Worksheet) -> None:
    """Set every used row's height to fit its cells' text (a height already set larger stays).

    A cell merged over several columns wraps at their summed width; one merged over several
    rows must fit in their summed height, and the rows it spans grow evenly when it does not.
    """
    spans = {(r.min_row, r.min_col): r for r in ws.merged_cells.ranges}
    need: dict[int, float] = defaultdict(float)
    tall: list[tuple[int, int, float]] = []  # (first row, last row, height) of row-merged cells
    for row in ws.iter_rows():
        for c in row:
            if c.value is None or isinstance(c, MergedCell):
                continue
            rng = spans.get((c.row, c.column))
            last_col, last_row = (rng.max_col, rng.max_row) if rng else (c.column, c.row)
            width = sum(column_width(ws, k) for k in range(c.column, last_col + 1))
            size = float(c.font.sz or 11)
            lines = line_count(str(c.value), width, size) if c.alignment.wrap_text else 1
            h = height_for(lines, size)
            if last_row > c.row:
                tall.append((c.row, last_row, h))
            else:
                need[c.row] = max(need[c.row], h)
    for r, h in need.items():
        dim = ws.row_dimensions[r]
        dim.height = max(h, dim.height or 0)
    for first, last, h in tall:
        rows = range(first, last + 1)
        have = sum(ws.row_dimensions[r].height or height_for(1, 11) for r in rows)
        if have < h:
            extra = (h - have) / len(rows)
            for r in rows:
                ws.row_dimensions[r].height = round((ws.row_dimensions[r].height or height_for(1, 11)) + extra, 1)


def set_print_area(ws: Worksheet) -> None:
    """Print exactly the used cells (a reader's own guess may add or drop columns)."""
    ws.print_area = f"A1:{get_column_letter(ws.max_column)}{ws.max_row}"
