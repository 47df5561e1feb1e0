"""The outbox table's message cell, over entries a real workspace's outbox kept: our own words by
code when we have them, else the hub's Chinese (a newer hub's code), else a Chinese "see the
details"; the client's English line is always the detail. In an English window, English."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers.docs import sheet_bytes
from PySide6.QtCore import Qt
from sync_helpers import make_laptop

from workbench.ui.sync.outbox_model import DETAIL_ROLE, OutboxModel

pytestmark = [pytest.mark.gui]
MESSAGE = OutboxModel.COLUMNS.index("message")
HUB_ZH = "本校本年度的上传配额已满，请联系教育局"


@pytest.fixture
def lap(tmp_path):
    lap = make_laptop(tmp_path, "王建国")
    yield lap
    lap.ws.close()


@pytest.fixture
def translators(qapp) -> Iterator:
    from PySide6.QtCore import QTranslator

    from workbench.ui.i18n import Translators

    for t in qapp.findChildren(QTranslator):  # an earlier test's window may have left its language
        qapp.removeTranslator(t)
    t = Translators(qapp)
    yield t
    t.remove()


def _cell(model: OutboxModel, row: int) -> tuple[str, str, str]:
    i = model.index(row, MESSAGE)
    return model.data(i), model.data(i, DETAIL_ROLE), model.data(i, Qt.ItemDataRole.ToolTipRole)


def _entries(lap) -> list:
    """Three refused entries as a newer hub left them: a code we know (with the hub's Chinese
    too), a code we do not know with the hub's Chinese, and one without any Chinese."""
    ob = lap.outbox
    known, newer, bare = (ob.enqueue("sheet", sheet_bytes(lap.person, shift=n)) for n in range(3))
    ob.mark_refused(known.id, "hub-a", "bad_signature", "the signature does not verify [bad_signature, HTTP 422]",
                    zh="签名不对（服务器的话）")
    ob.mark_refused(newer.id, "hub-a", "quota_exceeded", "the quota is exceeded [quota_exceeded, HTTP 422]",
                    zh=HUB_ZH)
    ob.mark_refused(bare.id, "hub-a", "quota_exceeded", "the quota is exceeded [quota_exceeded, HTTP 422]")
    return ob.entries()


def test_a_chinese_window_shows_ours_then_the_hubs_chinese(qtbot, lap, translators) -> None:
    from workbench.ui.error_text import TEXTS
    from workbench.ui.sync.error_words import words

    from ..ui.test_all_chinese import english_words

    assert "bad_signature" in TEXTS and "quota_exceeded" not in TEXTS
    translators.install("zh_CN")
    model = OutboxModel()
    model.set_entries(_entries(lap))

    text, detail, tip = _cell(model, 0)  # a code we know: our words, not the hub's
    assert text == words("bad_signature", "").short and "服务器的话" not in text and not english_words(text)
    assert detail.startswith("the signature does not verify")

    text, detail, tip = _cell(model, 1)  # a newer hub's code: its own Chinese
    assert text == HUB_ZH
    assert detail == "the quota is exceeded [quota_exceeded, HTTP 422]" and HUB_ZH in tip and detail in tip

    text, detail, tip = _cell(model, 2)  # nothing in Chinese to say: "see the details", in Chinese
    assert text and not english_words(text) and text != HUB_ZH
    assert detail in tip


def test_an_english_window_shows_the_english_line(qtbot, lap, translators) -> None:
    translators.install("en")
    model = OutboxModel()
    model.set_entries(_entries(lap))
    assert _cell(model, 1)[0] == "the quota is exceeded [quota_exceeded, HTTP 422]"
    assert _cell(model, 0)[0] != "the signature does not verify [bad_signature, HTTP 422]"  # our own words by code
