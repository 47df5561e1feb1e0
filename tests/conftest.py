"""Shared test set-up. Qt runs offscreen; this must be set before Qt is imported."""

from __future__ import annotations

import functools
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
# Tests never touch the user's real workspace.
os.environ.pop("WORKBENCH_HOME", None)


@pytest.fixture
def chinese(qapp):  # noqa: ANN001, ANN201 - pytest-qt's application
    """The window's translations installed in Chinese (the default language), removed after."""
    from workbench.ui.i18n import Translators  # here, so tests without Qt never import it

    t = Translators(qapp)
    assert t.install("zh_CN") == "zh_CN"
    yield
    t.remove()


# pytest-qt's waits poll until their condition holds and return at once when it does; only a
# failing wait uses its whole timeout. Timeouts of 3-5 s written for a quiet machine are short
# on CI's 2 shared cores, where a background task or a subprocess can take many times its
# usual time: every raising wait gets at least this long. A passing test is no slower.
WAIT_FLOOR_MS = 30_000
_QTBOT_WAITS = ("waitUntil", "waitSignal", "waitSignals", "waitCallback", "waitExposed", "waitActive")


def _with_floor(wait):  # noqa: ANN001, ANN202 - a bound QtBot method
    @functools.wraps(wait)
    def waiting(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        timeout = kwargs.get("timeout", 5000)
        if kwargs.get("raising") is not False and timeout and 0 < timeout < WAIT_FLOOR_MS:
            kwargs["timeout"] = WAIT_FLOOR_MS
        return wait(*args, **kwargs)

    return waiting


@pytest.fixture
def qtbot(qtbot):  # noqa: ANN001, ANN201 - pytest-qt's own fixture, its waits given the floor
    for name in _QTBOT_WAITS:
        setattr(qtbot, name, _with_floor(getattr(qtbot, name)))
    return qtbot


@pytest.fixture(scope="session")
def qapp_cls():  # noqa: ANN201 - pytest-qt's hook: the class of its application
    """The application with the program's font settings (make_app's), so that what tests lay
    out and draw is what a user's window does."""
    from PySide6.QtWidgets import QApplication

    from workbench.ui.app_font import prefer_unshaped_text

    class ProgramApp(QApplication):
        def __init__(self, *args) -> None:  # noqa: ANN002
            super().__init__(*args)
            prefer_unshaped_text(self)

    return ProgramApp
