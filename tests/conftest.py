"""Shared test set-up. Qt runs offscreen; this must be set before Qt is imported."""

from __future__ import annotations

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
