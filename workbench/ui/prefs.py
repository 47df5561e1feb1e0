"""The few window preferences needed before the first paint (language, geometry), mirrored
from the workspace settings into `<workspace>/ui-prefs.json`.

Why: opening the workspace means importing SQLAlchemy and Alembic and checking the schema,
~0.5 s on the laptops we target. The window paints first and opens the workspace on a
worker thread; this small JSON file lets that first paint already be in the user's language
and at the user's size. The workspace settings stay the truth: the file is rewritten
whenever they change and a missing or broken file only means defaults.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from workbench.atomic import WriteError, atomic_write

PREFS_FILE = "ui-prefs.json"


def workspace_root(arg: str | os.PathLike[str] | None) -> Path:
    """The folder `Workspace.open(arg)` will use (same rule as workbench.store.default_root,
    which a test checks), computed without importing the store."""
    if arg:
        return Path(arg).expanduser()
    env = os.environ.get("WORKBENCH_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("workbench", appauthor=False))


class UiPrefs:
    def __init__(self, root: Path) -> None:
        self.path = root / PREFS_FILE
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.data: dict[str, str] = {k: v for k, v in data.items() if isinstance(v, str)}
        except (OSError, ValueError, AttributeError):
            self.data = {}

    def get(self, key: str) -> str | None:
        return self.data.get(key)

    def update(self, **values: str) -> None:
        """Set and write at once (atomically); a read-only folder only loses the cache."""
        self.data.update(values)
        data = json.dumps(self.data, ensure_ascii=False, indent=1).encode("utf-8")
        with contextlib.suppress(WriteError):
            atomic_write(self.path, data, what="window preferences")
