"""Fixtures for the sync client tests (the helpers live in sync_helpers.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from sync_helpers import _no_retry_sleep, jpegs, panel  # noqa: E402,F401
