"""A whole review of the demo school through the review view, checked against the core.

Walk all 29 B-indicators with the "next indicator" action, score every item through the
widgets (spin box, full / half / zero), tick checks and methods, write notes, attach a photo,
set and clear the security incident, undo and redo, close and reopen.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from workbench.decimals import fmt
from workbench.evidence import DEMO_SCHOOL_CODE
from workbench.scoring import score
from workbench.ui.review import ReviewView

pytestmark = pytest.mark.gui
CODE = DEMO_SCHOOL_CODE


def make_view(qtbot, ws, runner) -> ReviewView:
    view = ReviewView(ws, ws.local_reviewer(), runner, lang="en")
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show()
    return view


def exif_jpeg(path: Path, when: dt.datetime, lat: float, lon: float) -> Path:
    """A small JPEG with DateTimeOriginal and GPS in its EXIF, as a phone writes them."""
    img = Image.new("RGB", (320, 240), (40, 120, 200))
    exif = Image.Exif()
    exif[0x0112] = 1
    exif.get_ifd(0x8769)[0x9003] = when.strftime("%Y:%m:%d %H:%M:%S")

    def dms(v: float) -> tuple:
        d = int(v)
        m = int((v - d) * 60)
        s = round(((v - d) * 60 - m) * 60 * 100)
        return (Fraction(d), Fraction(m), Fraction(s, 100))

    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", dms(lat), "E", dms(lon)
    img.save(path, "JPEG", exif=exif.tobytes())
    return path


def type_cjk(widget, text: str) -> None:
    """CJK input the way an input method delivers it (keyClicks cannot type CJK)."""
    widget.setFocus()
    ev = QInputMethodEvent("", [])
    ev.setCommitString(text)
    QApplication.sendEvent(widget, ev)


def test_whole_review_of_the_demo_school(qtbot, ws, runner, tmp_path):
    reviewer = ws.local_reviewer()
    rubric = ws.school(CODE).rubric
    view = make_view(qtbot, ws, runner)
    locations = []
    view.locationChanged.connect(lambda c, i: locations.append((c, i)))
    view.open_school(CODE)
    assert view.current() == (CODE, "B1")

    expected: dict[str, Decimal] = {}
    visited = []
    for n in range(len(rubric.indicators)):
        code, ind = view.current()
        visited.append(ind)
        page = view.page()
        assert page is not None and page.indicator.id == ind
        for k, (iid, card) in enumerate(page.cards.items()):
            item = rubric.item(iid)
            way = (n + k) % 4
            if way == 0:
                card.full_button.click()
                expected[iid] = item.points
            elif way == 1:
                card.half_button.click()
                expected[iid] = (item.points / 2 / Decimal("0.5")).to_integral_value(ROUND_DOWN) * Decimal("0.5")
            elif way == 2:
                card.zero_button.click()
                expected[iid] = Decimal(0)
            else:
                value = item.points - Decimal("0.5")
                card.spin.setValue(float(value))
                expected[iid] = value
            assert card.spin.decimal_value() == expected[iid]
            card.checklist.click(0)
            card.methods.click(k % 6)
        view.navigator.next_action.trigger()
    assert visited == [b.id for b in rubric.indicators]
    assert view.current() == (CODE, "B29")  # "next" stops at the last indicator
    assert [i for _c, i in locations] == visited

    assert ws.scores(CODE, reviewer.id) == expected
    assert set(ws.checks(CODE, reviewer.id)) == set(expected)
    assert all(v == frozenset({0}) for v in ws.checks(CODE, reviewer.id).values())
    methods = ws.methods(CODE, reviewer.id)
    assert methods["B1.1"] == (rubric.rules.methods[0].id,)

    # notes: ASCII typed, CJK through an input-method commit; one undo step per burst
    card = view.page().cards["B29.1"]
    qtbot.keyClicks(card.note, "ok")
    type_cjk(card.note, "现场查看机器人社团")
    assert ws.notes(CODE, reviewer.id)["B29.1"] == "ok现场查看机器人社团"
    view.undo_stack.undo()
    assert ws.notes(CODE, reviewer.id).get("B29.1", "") == ""
    assert card.note.toPlainText() == ""
    view.undo_stack.redo()
    assert ws.notes(CODE, reviewer.id)["B29.1"] == "ok现场查看机器人社团"

    # the spin box takes 0..max in 0.5 steps only; typed values are rounded on commit
    spin = view.page().cards["B29.1"].spin
    assert spin.validate("9", 1)[0].name == "Invalid"
    assert spin.validate("-1", 2)[0].name == "Invalid"
    assert spin.validate("1.2", 3)[0].name == "Intermediate"
    assert spin.validate("1.5", 3)[0].name == "Acceptable"
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "1.2")
    spin.interpretText()
    assert ws.scores(CODE, reviewer.id)["B29.1"] == Decimal("1")
    view.undo_stack.undo()
    assert ws.scores(CODE, reviewer.id)["B29.1"] == expected["B29.1"]

    # undo / redo a score: the core holds the old value again, then the new one
    view.navigator.select("B3")
    b31 = view.page().cards["B3.1"]
    old = ws.scores(CODE, reviewer.id)["B3.1"]
    new = Decimal(0) if old else Decimal(1)
    b31.spin.setValue(float(new))
    assert ws.scores(CODE, reviewer.id)["B3.1"] == new
    view.undo_stack.undo()
    assert ws.scores(CODE, reviewer.id)["B3.1"] == old
    assert b31.spin.decimal_value() == old
    view.undo_stack.redo()
    assert ws.scores(CODE, reviewer.id)["B3.1"] == new
    expected["B3.1"] = new
    assert any(a.item_id == "B3.1" and a.field == "score" for a in ws.audit(CODE, "B3.1"))

    # a photo with EXIF time and GPS, attached to B3
    jpg = exif_jpeg(tmp_path / "classroom.jpg", dt.datetime(2026, 11, 20, 10, 31, 5), 26.49, 107.59)
    with qtbot.waitSignal(view.photos.importFinished, timeout=20000) as got:
        view.photos.import_paths([jpg])
    assert got.args == [1, 0]
    strip = view.photos.model
    assert strip.rowCount() == 1
    qtbot.waitUntil(lambda: strip.loaded() == 1, timeout=20000)
    tip = strip.index(0).data(0x03)  # ToolTipRole
    assert "2026-11-20 10:31:05" in tip and "26.49" in tip and "107.59" in tip
    [photo] = ws.photos(CODE, "B3")
    assert photo.gps is not None and photo.reviewer_id == reviewer.id

    # set the incident through its dialog (description required), then clear it
    bar = view.score_bar
    bar.incident_button.click()
    dlg = bar.incident_dialog
    ok = dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dlg.description.setPlainText("2026年11月校园网遭勒索病毒攻击,数据丢失")
    assert ok.isEnabled()
    ok.click()
    assert ws.security_incident(CODE, reviewer.id)[0] is True
    assert ws.result(CODE, reviewer.id).outcome == "not_evaluated"
    # texts through the view's own tr(): right whether or not a translator is installed
    assert bar.outcome_text("not_evaluated") in bar.outcome_label.text()
    assert bar.tr("security incident") in bar.flags_label.text()
    bar.incident_button.click()
    bar.clear_box.button(QMessageBox.StandardButton.Yes).click()
    assert ws.security_incident(CODE, reviewer.id)[0] is False
    assert bar.tr("security incident") not in bar.flags_label.text()

    # close at B7 and reopen: same school and indicator, totals from the core
    view.navigator.select("B7")
    view.close()
    view.deleteLater()
    again = make_view(qtbot, ws, runner)
    assert again.restore_last()
    assert again.current() == (CODE, "B7")
    result = ws.result(CODE, reviewer.id)
    info = ws.school(CODE)
    engine = score(rubric, ws.scores(CODE, reviewer.id), self_assessment=info.self_assessment,
                   facts=info.facts)
    assert ws.scores(CODE, reviewer.id) == expected
    assert result.total == engine.total == sum(expected.values())
    assert result.missing == ()
    assert f"<b>{fmt(result.total)}</b>" in again.score_bar.total_label.text()
    for a in rubric.areas:
        assert again.score_bar.area_labels[a.id].text().startswith(f"{a.id} {fmt(result.areas[a.id])}/")
    nav = again.navigator.model
    for b in rubric.indicators:
        idx = nav.index_of(b.id, 2)
        assert idx.data() == fmt(result.indicators[b.id])
        assert nav.index_of(b.id, 3).data().startswith("●")
    outcome_text = again.score_bar.outcome_text(result.outcome)
    assert again.score_bar.outcome_label.text() == outcome_text
