"""Shared set-up for the sync window tests: the sync tests' laptops and real hub subprocesses."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

_TESTS = Path(__file__).resolve().parents[1]
for sub in ("sync", "hub"):
    if str(_TESTS / sub) not in sys.path:
        sys.path.insert(0, str(_TESTS / sub))

from helpers.identities import PASS  # noqa: E402
from sync_helpers import Laptop, Panel, _no_retry_sleep, jpegs, panel  # noqa: E402

from workbench.sync import settings  # noqa: E402
from workbench.sync.lan import fetch_fingerprint  # noqa: E402
from workbench.ui.sync.controller import SyncController  # noqa: E402


def pin(lap: Laptop, url: str) -> str:
    fp, _ = fetch_fingerprint(url)
    settings.add_hub(lap.ws, url, fp, "测试中心")
    return fp


@pytest.fixture(autouse=True)
def english(qapp) -> None:
    """Source (English) strings: drop translators an earlier test's window left on the app."""
    from PySide6.QtCore import QTranslator

    for t in qapp.findChildren(QTranslator):
        qapp.removeTranslator(t)


@pytest.fixture
def controllers(qtbot) -> Iterator[Callable[[Laptop], SyncController]]:
    """Controllers for laptops, shut down (rounds cancelled and waited for) after the test."""
    made: list[SyncController] = []

    def make(lap: Laptop) -> SyncController:
        c = SyncController(lap.ws)
        c.passphrase = PASS
        made.append(c)
        return c
    yield make
    for c in made:
        c.shutdown()
        c.blockSignals(True)  # jobs still queued must not reach the test's deleted widgets
        c._debounce.stop()
        c.deleteLater()
    qtbot.wait(10)


__all__ = ["PASS", "Laptop", "Panel", "_no_retry_sleep", "english", "controllers", "jpegs", "panel", "pin"]
