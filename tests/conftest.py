"""Shared test set-up. Qt runs offscreen; this must be set before Qt is imported."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
# Tests never touch the user's real workspace.
os.environ.pop("WORKBENCH_HOME", None)
