"""The optional appendix of on-site photos: thumbnails with indicator, capture time and hash.

Photos are untrusted files: decoding is bounded (MAX_PIXELS, JPEG draft mode) and a photo
that cannot be read prints as a labelled empty box rather than failing the whole form.
Thumbnails are made on a small thread pool (Pillow releases the GIL while decoding).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from PIL import Image as PILImage
from PIL import ImageOps
from reportlab.lib.units import mm
from reportlab.platypus import Image, PageBreak, Paragraph, Spacer, Table, TableStyle

from workbench.printing.style import FRAME_WIDTH, table_style

MAX_PIXELS = 80_000_000
THUMB_PX = 900  # long edge: ~250 dpi at the printed size
CELL_W, CELL_H = 85 * mm, 62 * mm
PER_PAGE_ROWS = 3


def thumbnail_jpeg(data: bytes | Path) -> tuple[bytes, int, int] | None:
    """A small upright JPEG of a photo (bytes, width, height), or None if unreadable."""
    try:
        with PILImage.open(io.BytesIO(data) if isinstance(data, bytes) else data) as im:
            if im.width * im.height > MAX_PIXELS:
                return None
            im.draft("RGB", (THUMB_PX, THUMB_PX))
            up = ImageOps.exif_transpose(im)
            up.thumbnail((THUMB_PX, THUMB_PX))
            rgb = up.convert("RGB")
            out = io.BytesIO()
            rgb.save(out, "JPEG", quality=80)
            return out.getvalue(), rgb.width, rgb.height
    except (OSError, ValueError, PILImage.DecompressionBombError, SyntaxError):
        return None


def _order(p: Mapping[str, Any]) -> tuple:
    m = re.fullmatch(r"B(\d+)", p.get("indicator") or "")
    return (int(m.group(1)) if m else 10_000, p.get("taken_at") or "", p["sha256"])


def _caption(p: Mapping[str, Any], titles: Mapping[str, str]) -> str:
    when = (p.get("taken_at") or "拍摄时间不详").replace("T", " ")[:16]
    ind = p.get("indicator")
    label = f"{ind} {titles.get(ind, '')}".strip() if ind else "未归类"
    return f"{label} · 拍摄于 {when}<br/>SHA-256 {p['sha256'][:32]}…"


def photo_appendix(sheet: Mapping[str, Any], source: Callable[[str], bytes | Path | None],
                   st: dict, titles: Mapping[str, str] | None = None) -> list:
    """Pages of photo thumbnails, two by three; `titles` maps indicator ids to their names."""
    photos = sorted(sheet.get("photos") or [], key=_order)
    if not photos:
        return []

    def load(p: Mapping[str, Any]) -> tuple[bytes, int, int] | None:
        data = source(p["sha256"])
        return thumbnail_jpeg(data) if data is not None else None

    with ThreadPoolExecutor(max_workers=2) as pool:
        thumbs = list(pool.map(load, photos))
    cells = []
    for p, th in zip(photos, thumbs, strict=True):
        if th is None:
            img: Any = Paragraph("照片缺失或无法读取", st["center"])
        else:
            data, w, h = th
            scale = min(CELL_W / w, (CELL_H - 10 * mm) / h)
            img = Image(io.BytesIO(data), width=w * scale, height=h * scale)
        cells.append([img, Paragraph(_caption(p, titles or {}), st["small"])])
    story: list = [PageBreak(), Paragraph(f"附件:现场照片(共 {len(photos)} 张)", st["section"]),
                   Paragraph("照片按指标排列;SHA-256 与签名评分表中的照片记录一一对应。", st["small"]),
                   Spacer(1, 3 * mm)]
    rows = []
    for i in range(0, len(cells), 2):
        pair = cells[i:i + 2] + ([["", ""]] if len(cells[i:i + 2]) == 1 else [])
        rows.append([pair[0][0], pair[1][0]])
        rows.append([pair[0][1], pair[1][1]])
    half = FRAME_WIDTH / 2
    for start in range(0, len(rows), 2 * PER_PAGE_ROWS):
        chunk = rows[start:start + 2 * PER_PAGE_ROWS]
        t = Table(chunk, colWidths=[half, half],
                  rowHeights=[CELL_H - 4 * mm if i % 2 == 0 else 10 * mm for i in range(len(chunk))])
        t.setStyle(TableStyle(table_style(("ALIGN", (0, 0), (-1, -1), "CENTER"),
                                          ("GRID", (0, 0), (-1, -1), 0.3, "#999999"))))
        story += [t, Spacer(1, 2 * mm)]
    return story
