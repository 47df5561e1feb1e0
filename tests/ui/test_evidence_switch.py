"""A switch shows the new indicator's evidence files as rows removed and inserted
(EvidenceModel.set_files), not as a model reset: the table's header, whose titles never
change, is not reset and repainted on every switch."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from .undo_helpers import review_env

pytestmark = pytest.mark.gui


@pytest.fixture
def env(qtbot, tmp_path):
    yield from review_env(qtbot, tmp_path)


class _Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, obj, event) -> bool:  # noqa: N802, ANN001
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _with_files(view) -> list[str]:
    s = view.session
    return [b.id for b in s.rubric.indicators if s.files_for(b.id)]


def test_a_switch_shows_the_new_files_without_resetting_or_repainting_the_header(qtbot, env) -> None:
    view, _ws, _r = env
    panel = view.evidence
    a, b = _with_files(view)[:2]
    view.navigator.select(a)
    qtbot.waitUntil(lambda: panel.model.rowCount() == len(view.session.files_for(a)))
    for _ in range(3):
        QApplication.processEvents()
    resets, header, rows = [], _Paints(), _Paints()
    panel.model.modelReset.connect(lambda: resets.append(1))
    panel.table.horizontalHeader().viewport().installEventFilter(header)
    panel.table.viewport().installEventFilter(rows)
    view.navigator.select(b)
    for _ in range(3):
        QApplication.processEvents()
    files = view.session.files_for(b)
    assert [panel.model.files[i].path for i in range(panel.model.rowCount())] == [f.path for f in files]
    assert resets == []
    assert header.count == 0  # the titles did not change: nothing to repaint
    assert rows.count >= 1  # the rows did
    assert panel.model.headerData(1, panel.table.horizontalHeader().orientation()) == "Title"
    assert panel.current_file() is None  # nothing selected from the last indicator's files


def test_an_indicator_without_files_empties_the_table_and_says_so(qtbot, env) -> None:
    view, _ws, _r = env
    s = view.session
    with_files = _with_files(view)
    none = next((b.id for b in s.rubric.indicators if not s.files_for(b.id)), None)
    if none is None:
        pytest.skip("every indicator of the demo school has files")
    view.navigator.select(with_files[0])
    view.navigator.select(none)
    assert view.evidence.model.rowCount() == 0
    assert none in view.evidence.placeholder.text()
    view.navigator.select(with_files[0])
    assert view.evidence.model.rowCount() == len(s.files_for(with_files[0]))
