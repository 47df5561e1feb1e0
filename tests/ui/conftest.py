"""Fixtures shared by the review-view tests: a workspace with the demo school and a reviewer,
and a TaskRunner that is stopped after the test."""

from __future__ import annotations

import pytest

from workbench.evidence import demo_package_path, import_package
from workbench.store import Workspace
from workbench.ui.tasks import TaskRunner


@pytest.fixture
def ws(tmp_path):
    w = Workspace.open(tmp_path / "ws")
    import_package(w, demo_package_path())
    w.set_local_reviewer("王芳", "麻江县教育和科技局", "member")
    yield w
    w.close()


@pytest.fixture
def runner(qtbot):
    r = TaskRunner()
    yield r
    r.cancel_all()
    r.wait(10000)
