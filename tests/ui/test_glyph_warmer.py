"""The rubric's characters are drawn at idle (workbench/ui/review/glyph_warmer.py), so the first
pages a fresh process shows copy cached glyphs instead of rendering them."""

from __future__ import annotations

import time

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QFont, QPainter, QPixmap
from PySide6.QtWidgets import QApplication

from workbench.rubric.loader import load_rubric
from workbench.ui.review.glyph_warmer import CHUNK, GlyphWarmer, rubric_glyphs

from .undo_helpers import review_env

pytestmark = pytest.mark.gui


def _draw_cpu(font: QFont, text: str) -> float:
    """UI-thread CPU seconds to draw `text` in `font` (wrapped) into an opaque pixmap."""
    pm = QPixmap(1200, 400)
    pm.fill(Qt.GlobalColor.white)
    t = time.thread_time()
    p = QPainter(pm)
    p.setFont(font)
    p.drawText(QRect(0, 0, 1200, 400), int(Qt.TextFlag.TextWordWrap), text)
    p.end()
    return time.thread_time() - t


def test_chunks_each_character_once_per_font(qapp) -> None:
    g = GlyphWarmer()
    base = QApplication.font()
    bold = QFont(base)
    bold.setBold(True)
    g.add(["评估评估 工作台", "台"], [base, bold])
    assert g.pending() == 2 * len(set("评估工作台"))  # no spaces, no repeats
    g.add(["评估"], [base])  # already queued
    assert g.pending() == 2 * 5
    assert g.step() is True and g.step() is False and g.pending() == 0
    g.add(["评估台"], [base, bold])
    assert g.pending() == 0  # drawn before: nothing to do again
    g.add(["".join(chr(0x4E00 + i) for i in range(CHUNK + 1))], [base])
    assert g.pending() == CHUNK + 1 and g.step() is True and g.pending() == 1


def test_drawing_warmed_characters_costs_a_fraction_of_the_first_time(qapp) -> None:
    # Sizes no other test draws in, so each font's engine starts with no glyph rendered.
    text = "".join(sorted({c for c in load_rubric().indicators[0].items[0].text.zh if not c.isspace()}))
    warm, cold = QFont(QApplication.font()), QFont(QApplication.font())
    warm.setPixelSize(37)
    cold.setPixelSize(41)
    g = GlyphWarmer()
    g.add([text], [warm])
    g.finish()
    warm_cpu, cold_cpu = _draw_cpu(warm, text), _draw_cpu(cold, text)
    # The first drawing renders every glyph with FreeType; a warmed one copies them.
    assert cold_cpu > 1.5 * warm_cpu, (cold_cpu, warm_cpu)


def test_the_view_queues_the_school_rubric_and_draws_it_at_idle(qtbot, tmp_path) -> None:
    gen = review_env(qtbot, tmp_path)
    view, _ws, _reviewer = next(gen)
    try:
        rubric = view.session.rubric
        expected = {c for texts, _fonts in rubric_glyphs(rubric, "en") for t in texts for c in t if not c.isspace()}
        assert expected  # (the English texts, the view's language here)
        qtbot.waitUntil(lambda: view.glyphs.pending() == 0, timeout=30_000)
        view.set_language("zh_CN")  # the Chinese texts are new characters: queued, then drawn
        assert view.glyphs.pending() > 0
        qtbot.waitUntil(lambda: view.glyphs.pending() == 0, timeout=30_000)
        view.set_language("en")
        assert view.glyphs.pending() == 0  # drawn before, in the same fonts
    finally:
        next(gen, None)


def test_a_view_deleted_before_the_bundled_rubrics_load_is_left_alone(qtbot, tmp_path) -> None:
    """The bundled rubrics load on a worker; a view gone by then takes no characters (and no
    error: pytest-qt fails a test on an exception raised in a Qt callback)."""
    from workbench.evidence import demo_package_path, import_package
    from workbench.store import Workspace
    from workbench.ui.review import ReviewView
    from workbench.ui.tasks import TaskRunner

    ws = Workspace.open(tmp_path / "ws")
    import_package(ws, demo_package_path())
    reviewer = ws.set_local_reviewer("王芳", "麻江县教育和科技局", "member")
    runner = TaskRunner()
    try:
        for _ in range(3):
            view = ReviewView(ws, reviewer, runner, lang="zh_CN")
            view.deleteLater()
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
            assert not shiboken6.isValid(view)
        assert runner.wait(30_000)
        for _ in range(5):
            QApplication.processEvents()  # the finished jobs' callbacks run here
    finally:
        runner.cancel_all()
        runner.wait(10_000)
        ws.close()
