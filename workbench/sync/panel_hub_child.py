"""The panel hub's own process: `workbench hub serve` that stops when its window is gone.

`panel_hub.start_panel_hub` runs `workbench hub serve --stop-on-stdin-eof …` (through
`workbench.selfcmd.cli_command`, so the frozen build runs its console program) with
its stdin a pipe whose write end only the window's process holds. However the window ends
(closed, crashed, `kill -9`), the operating system closes that end, the read here returns
EOF, and the server is asked to stop as `PanelHub.stop()` would ask it (SIGTERM; SIGINT on
Windows, where uvicorn handles that one), so no orphaned hub keeps serving the school's
LAN. A pipe works on Linux and Windows alike (prctl's PR_SET_PDEATHSIG is Linux-only) and
needs no polling. If the graceful stop has not ended the process in GRACE_S, it exits.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import BinaryIO

GRACE_S = 15.0  # uvicorn's own graceful shutdown is given 10 s (cmd_hub.cmd_serve)


def wait_for_eof(stream: BinaryIO) -> None:
    """Block until the other end of `stream` is closed (whatever is written is ignored)."""
    while True:
        try:
            chunk = stream.read(1)
        except (OSError, ValueError):
            return  # a closed or broken pipe: the parent is gone just the same
        if not chunk:
            return


def _stop_server() -> None:
    sig = signal.SIGINT if sys.platform == "win32" else signal.SIGTERM
    signal.raise_signal(sig)  # uvicorn's handler runs in the main thread and shuts down cleanly
    time.sleep(GRACE_S)
    os._exit(3)  # the server did not stop: end the process anyway, never an orphan


def watch_parent(stream: BinaryIO, on_gone: Callable[[], None] = _stop_server) -> threading.Thread:
    """A daemon thread that calls `on_gone` once the parent's end of `stream` is closed."""
    def run() -> None:
        wait_for_eof(stream)
        on_gone()

    t = threading.Thread(target=run, name="parent-watch", daemon=True)
    t.start()
    return t
