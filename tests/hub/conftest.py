"""Fixtures for the hub tests: identities, the real hub as a uvicorn subprocess on a
loopback port (over SQLite and over PostgreSQL), a session-wide PostgreSQL server."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
