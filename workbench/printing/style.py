"""Shared look of the printed forms: the embedded CJK font, paragraph styles, page frame.

The font is WenQuanYi Micro Hei, a TrueType CJK font ReportLab embeds as a subset, so the
forms print on machines without Chinese fonts (the built-in STSong-Light is never
embedded). Tables do not inherit a paragraph's font, so `table_style` sets it explicitly.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas

from workbench.errors import WorkbenchError
from workbench.resources import resource


@contextmanager
def rl_settings(**values: object) -> Iterator[None]:
    """Set ReportLab's process-wide `rl_config` values for one render, then restore them,
    so printing a form never changes how other code in the process writes PDFs."""
    old = {k: getattr(rl_config, k) for k in values}
    for k, v in values.items():
        setattr(rl_config, k, v)
    try:
        yield
    finally:
        for k, v in old.items():
            setattr(rl_config, k, v)


# Without ReportLab's optional C accelerator, ASCII85-encoding images runs in pure Python
# (~0.1 s per photo); PDFs are binary anyway, so our forms store streams as binary.
FORM_SETTINGS = {"useA85": 0}

FONT = "WQYMicroHei"
PAGE = A4
MARGIN = 15 * mm
FRAME_WIDTH = PAGE[0] - 2 * MARGIN
GRID = colors.HexColor("#333333")
SHADE = colors.HexColor("#e8ecf2")
SHADE_DARK = colors.HexColor("#d0d8e4")
RED = colors.HexColor("#b00020")
_lock = threading.Lock()

OUTCOME_ZH = {"demonstration": "智慧校园示范校", "qualified": "智慧校园合格校",
              "not_awarded": "未达到合格标准", "not_evaluated": "不予评估验收"}
APPLICATION_ZH = {"demonstration": "智慧校园示范校", "qualified": "智慧校园合格校"}
STAGE_ZH = {"primary": "小学", "junior": "初级中学", "senior": "高级中学", "nine-year": "九年一贯制学校",
            "complete": "完全中学", "vocational": "中等职业学校", "teaching-point": "教学点"}
ROLE_ZH = {"member": "评估组成员", "chair": "评估组组长", "admin": "管理员"}


def flag_zh(flag: str, margin: str = "10") -> str:
    return {"below_minimum": "总分低于最低分,不予评估验收",
            "security_incident": "发生网络安全事故,不予评估验收",
            "incomplete": "有项目尚未评分(临时结果)",
            "self_assessment_gap": f"自评分高于评估分超过{margin}分"}.get(flag, flag)


def register_font() -> str:
    """Register the embedded CJK font once per process; return its ReportLab name."""
    with _lock:
        if FONT not in pdfmetrics.getRegisteredFontNames():
            path = resource("fonts", "wqy-microhei.ttc")
            try:
                pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
            except Exception as e:  # noqa: BLE001 - ReportLab raises bare TTFError/OSError
                raise WorkbenchError(f"cannot load the form font {path}: {e}",
                                     hint="reinstall the workbench; resources/fonts is incomplete") from None
    return FONT


def styles() -> dict[str, ParagraphStyle]:
    register_font()
    base = ParagraphStyle("base", fontName=FONT, fontSize=8.5, leading=11, wordWrap="CJK", alignment=TA_LEFT)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7, leading=9),
        "tiny": ParagraphStyle("tiny", parent=base, fontSize=6, leading=7.5),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=base, fontSize=9, leading=11.5, alignment=TA_CENTER),
        "headsmall": ParagraphStyle("headsmall", parent=base, fontSize=7.5, leading=9.5, alignment=TA_CENTER),
        "label": ParagraphStyle("label", parent=base, fontSize=9, leading=12, alignment=TA_CENTER),
        "value": ParagraphStyle("value", parent=base, fontSize=9.5, leading=12.5),
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=24, alignment=TA_CENTER,
                                spaceAfter=2 * mm),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=9.5, leading=13, alignment=TA_CENTER,
                                   textColor=colors.HexColor("#444444"), spaceAfter=3 * mm),
        "section": ParagraphStyle("section", parent=base, fontSize=11.5, leading=15, spaceBefore=3 * mm,
                                  spaceAfter=1.5 * mm),
        "big": ParagraphStyle("big", parent=base, fontSize=12, leading=16),
        "bigcenter": ParagraphStyle("bigcenter", parent=base, fontSize=12, leading=16, alignment=TA_CENTER),
        "mono": ParagraphStyle("mono", parent=base, fontSize=7, leading=9),
    }


def table_style(*extra: tuple) -> list[tuple]:
    """Grid lines, the CJK font and vertical centring for every table of the forms."""
    return [("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 8.5),
            ("GRID", (0, 0), (-1, -1), 0.5, GRID), ("BOX", (0, 0), (-1, -1), 1.0, GRID),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5), ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3), *extra]


def numbered_canvas(footer: str, watermark: str | None = None) -> Callable[..., rl_canvas.Canvas]:
    """A canvas class that writes "第 x 页 共 y 页" and the footer text on every page.

    Pages are drawn after the whole document is laid out, so the page count is known.
    `watermark` (e.g. 临时 / 草稿) is drawn diagonally on every page when given.
    """

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs) -> None:
            kwargs.setdefault("initialFontName", FONT)  # else every page references Helvetica, unembedded
            super().__init__(*args, **kwargs)
            self._saved: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            w, h = PAGE
            self.saveState()
            if watermark:
                self.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.13))
                self.setFont(FONT, 64)
                self.translate(w / 2, h / 2)
                self.rotate(35)
                self.drawCentredString(0, 0, watermark)
                self.rotate(-35)
                self.translate(-w / 2, -h / 2)
            self.setFillColor(colors.HexColor("#555555"))
            self.setStrokeColor(colors.HexColor("#999999"))
            self.setLineWidth(0.4)
            self.line(MARGIN, 11 * mm, w - MARGIN, 11 * mm)
            self.setFont(FONT, 7)
            self.drawString(MARGIN, 7.5 * mm, footer)
            self.drawRightString(w - MARGIN, 7.5 * mm, f"第 {self._pageNumber} 页  共 {total} 页")
            self.restoreState()

    return NumberedCanvas
