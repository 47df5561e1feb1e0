"""No orphaned panel hub (issue 11): a process starts the chair's panel hub (a real `workbench
hub serve` subprocess), is killed with -9, and the hub stops by itself within seconds, because
its stdin pipe from the parent reaches EOF (workbench.sync.panel_hub_child)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from sync_helpers import make_laptop

from workbench.sync.panel_hub_child import GRACE_S, watch_parent

PARENT = """
import sys, time
from workbench.store import Workspace
from workbench.sync.panel_hub import start_panel_hub
ws = Workspace.open(sys.argv[1])
ph = start_panel_hub(ws, host="127.0.0.1", port=0, announce=False, use=False)
print(ph.proc.pid, ph.url, flush=True)
time.sleep(300)
"""


def gone(pid: int) -> bool:
    """The process has ended (a zombie no parent reaped yet counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


def answers(url: str) -> bool:
    try:
        return httpx.get(url + "/v1/hub", timeout=2, trust_env=False).status_code == 200
    except httpx.HTTPError:
        return False


def test_the_panel_hub_stops_when_its_parent_is_killed(tmp_path) -> None:
    chair = make_laptop(tmp_path / "chair", "张组长", "chair")
    chair.ws.close()
    parent = subprocess.Popen([sys.executable, "-c", PARENT, str(tmp_path / "chair" / "ws")],
                              stdout=subprocess.PIPE, text=True)
    hub_pid = None
    try:
        line = parent.stdout.readline().split()
        assert len(line) == 2, "the parent did not start the panel hub"
        hub_pid, url = int(line[0]), line[1]
        assert answers(url) and not gone(hub_pid)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        # an orphan would serve for ever; a stopping hub is gone within uvicorn's graceful stop or,
        # at the latest, GRACE_S (then it exits by itself): wait that long, plus room for a loaded
        # machine, rather than a quiet machine's 10 s (returns as soon as it is gone)
        deadline = time.monotonic() + GRACE_S + 15
        while time.monotonic() < deadline and not gone(hub_pid):
            time.sleep(0.1)
        assert gone(hub_pid), "the panel hub outlived its parent"
        assert not answers(url)
        log = (tmp_path / "chair" / "ws" / "panel-hub" / "serve.log").read_text(errors="replace")
        assert "Traceback" not in log  # a clean stop, not a crash
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        if hub_pid is not None and not gone(hub_pid):
            os.killpg(hub_pid, signal.SIGKILL)


def test_watch_parent_calls_back_once_the_write_end_closes() -> None:
    r, w = os.pipe()
    fired = threading.Event()
    with os.fdopen(r, "rb", buffering=0) as stream:
        t = watch_parent(stream, fired.set)
        os.write(w, b"x")  # data is not EOF: still watching
        assert not fired.wait(0.2)
        os.close(w)
        assert fired.wait(5)
        t.join(5)
