"""The navigator's rows follow the session: a score sets its indicator's subtotal, status mark,
colour and tooltip and its area's subtotal, and nothing else; the language of the rows is the
model's; the data lives in Qt's own model (no call into Python while a row paints)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel

from workbench.ui.review.navigator_model import (
    COL_POINTS,
    COL_STATUS,
    COL_SUBTOTAL,
    COL_TITLE,
    IndicatorIdRole,
    StatusRole,
)

from .undo_helpers import review_env

pytestmark = pytest.mark.gui


@pytest.fixture
def env(qtbot, tmp_path):
    yield from review_env(qtbot, tmp_path)


def row(model, ind: str) -> list:
    return [model.index_of(ind, c).data() for c in range(4)]


def test_a_score_updates_its_indicator_and_area_rows_only(qtbot, env) -> None:
    view, _ws, _me = env
    model = view.navigator.model
    assert isinstance(model, QStandardItemModel)
    # an indicator of several items, none scored, and its next one
    ids = [b.id for b in view.session.rubric.indicators]
    b = next(b for b in view.session.rubric.indicators if len(b.items) > 1 and view.session.status(b) == "none")
    other = ids[ids.index(b.id) + 1]
    area = model.index_of(b.id).parent()
    assert row(model, b.id)[COL_TITLE] == f"{b.id} {b.title.get('en')}" and row(model, b.id)[COL_SUBTOTAL] == "—"
    assert row(model, b.id)[COL_STATUS] == "○" and model.index_of(b.id, COL_POINTS).data() == str(b.points)
    before_area = area.siblingAtColumn(COL_SUBTOTAL).data()
    untouched = row(model, other)
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, _roles: changed.append((a.parent().row(), a.row())))
    item = b.items[0]
    view.session.set_score(item.id, Decimal(1))
    assert row(model, b.id)[COL_SUBTOTAL] == "1" and row(model, b.id)[COL_STATUS] == "◐"
    assert model.index_of(b.id, COL_STATUS).data(StatusRole) == "partly"
    assert model.index_of(b.id, COL_STATUS).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#ef6c00"
    assert "Partly scored" in model.index_of(b.id, COL_TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert area.siblingAtColumn(COL_SUBTOTAL).data() != before_area
    assert row(model, other) == untouched
    assert {(-1, area.row()), (area.row(), model.index_of(b.id).row())} >= set(changed) and changed
    # every cell of a B row names its indicator (a click may land on any column)
    assert {model.index_of(b.id, c).data(IndicatorIdRole) for c in range(4)} == {b.id}
    assert not area.flags() & Qt.ItemFlag.ItemIsSelectable and model.index_of(b.id).flags() & Qt.ItemFlag.ItemIsSelectable


def test_rows_speak_the_models_language(qtbot, env, chinese) -> None:
    view, _ws, _me = env
    view.set_language("zh_CN")
    model = view.navigator.model
    b4 = view.session.rubric.indicator("B4")
    assert model.index_of("B4").data() == f"B4 {b4.title.get('zh')}"
    assert model.headerData(COL_TITLE, Qt.Orientation.Horizontal) == "指标"
