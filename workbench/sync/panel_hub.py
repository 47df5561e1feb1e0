"""The chair's panel hub: the hub of issue 10 on the chair's laptop, for a school with no internet.

`start_panel_hub(ws, …)` makes (once) a SQLite hub in the workspace folder (`panel-hub/`),
enrolls the chair and every reviewer the chair's workspace trusts (the panel's certificates,
`PanelStore.trust_roots`), assigns the workspace's schools to the panel, runs
`workbench hub serve` as a subprocess on the LAN address, waits until it answers with the
certificate it was made with, announces it (workbench.sync.lan) and adds it, pinned, to the
chair's own hubs. `PanelHub.stop()` undoes the announcement and stops the process; if the
chair's process dies first (kill -9 included), the hub stops by itself (panel_hub_child).
Blocking (a few seconds): the window runs it off the UI thread. No Qt here.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench import portable
from workbench.errors import Cancelled, WorkbenchError
from workbench.selfcmd import cli_command
from workbench.signing.certs import format_fingerprint
from workbench.sync.lan import Announcement, Interfaces, LanError, fetch_fingerprint

FOLDER = "panel-hub"
DEFAULT_PORT = 8470  # as `workbench hub serve`
START_TIMEOUT_S = 60.0


class PanelHubError(WorkbenchError):
    """The chair's panel hub could not be made, started or reached."""

    code = "panel_hub_failed"


@dataclass
class PanelHub:
    data: Path
    host: str
    port: int
    hub_id: str
    name: str
    fingerprint: str
    proc: subprocess.Popen | None = None
    announcement: Announcement | None = None
    enrolled: list[dict[str, str]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def fingerprint_groups(self) -> str:
        return format_fingerprint(self.fingerprint)

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        """Stop announcing, then stop the server (its process group: uvicorn and its workers)."""
        if self.announcement is not None:
            self.announcement.close()
            self.announcement = None
        if self.proc is None:
            return
        if portable.IS_WINDOWS:  # no SIGTERM to send there: EOF on stdin is the gentle stop (panel_hub_child)
            self._close_stdin()
        for hard, wait in ((False, timeout), (True, 10.0)):
            if self.proc.poll() is not None:
                break
            portable.signal_group(self.proc, hard=hard)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(wait)
        self._close_stdin()
        self.proc = None

    def _close_stdin(self) -> None:
        if self.proc is not None and self.proc.stdin is not None:  # the parent-watch pipe (panel_hub_child)
            with contextlib.suppress(OSError):
                self.proc.stdin.close()


def lan_address() -> str:
    """This laptop's IPv4 address on the network with the default route (no packet is sent);
    127.0.0.1 when there is no network at all."""
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed, only picks the interface
        return str(s.getsockname()[0])
    return "127.0.0.1"


def _free_port(host: str, preferred: int) -> int:
    for port in (preferred, 0):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind((host, port))
            except OSError:
                continue
            return int(s.getsockname()[1])
    raise PanelHubError(f"no free port on {host} for the panel hub")


def _role(cert: Any) -> str:
    from workbench.signing.ecdsa import signer_from_cert

    return "chair" if signer_from_cert(cert).role == "chair" else "member"


def prepare(ws: Any, *, identity_dir: Path | None = None, name: str | None = None,
            panel: str | None = None) -> tuple[Path, list[dict[str, str]]]:
    """Make the hub folder once, then (each start) enroll the panel and assign its schools.
    Returns the data folder and who is enrolled."""
    from workbench.signing.certs import cert_pem, fingerprint
    from workbench.signing.ecdsa import signer_from_cert
    from workbench.signing.identity import load_identity
    from workbench.store.panel_store import PanelStore
    from workbench.sync import settings
    from workbench.sync.hub import admin, service
    from workbench.sync.hub.config import CONFIG_FILE
    from workbench.sync.hub.errors import HubError

    me = load_identity(identity_dir or settings.identity_dir(ws))
    data = Path(ws.root) / FOLDER
    try:
        if (data / CONFIG_FILE).exists():
            hub = service.Hub.open(data, upgrade=True)
        else:
            hub = service.init_hub(data, name=(name or f"{signer_from_cert(me.cert).name}的评估组")[:64])
    except HubError as e:
        raise PanelHubError(f"cannot make the panel hub in {data}: {e}") from None
    enrolled: list[dict[str, str]] = []
    try:
        certs = [(me.cert, "chair")]
        certs += [(c, _role(c)) for c in PanelStore(ws).trust_certificates() if fingerprint(c) != me.fingerprint]
        fps: list[str] = []
        for cert, role in certs:
            try:
                _, rec = admin.enroll(hub, cert_pem(cert), role)
            except HubError as e:  # e.g. a CA certificate among the trust roots: not a reviewer
                if e.code in ("forbidden", "malformed"):
                    continue
                raise
            fps.append(rec["fingerprint"])
            enrolled.append({"fingerprint": rec["fingerprint"], "name": rec["name"], "role": role})
        panel_name = panel or hub.config.name
        for school in ws.list_schools():
            admin.assign(hub, school.code, panel_name, fps)
    except HubError as e:
        raise PanelHubError(f"cannot enroll the panel in the panel hub: {e}") from None
    finally:
        hub.close()
    return data, enrolled


def start_panel_hub(ws: Any, *, host: str | None = None, port: int | None = None, name: str | None = None,
                    panel: str | None = None, identity_dir: Path | None = None, announce: bool = True,
                    interfaces: Interfaces | None = None, use: bool = True,
                    cancel: Callable[[], bool] | None = None) -> PanelHub:
    """Prepare, serve, wait, announce; `use` adds the hub (pinned) to the chair's own hubs."""
    from workbench.signing.certs import fingerprint
    from workbench.sync import settings
    from workbench.sync.hub.config import load_config
    from workbench.sync.hub.keys import load_hub_key

    data, enrolled = prepare(ws, identity_dir=identity_dir, name=name, panel=panel)
    cfg = load_config(data)
    expected = fingerprint(load_hub_key(data)[1])
    host = host or lan_address()
    port = _free_port(host, port if port is not None else DEFAULT_PORT)
    log = (data / "serve.log").open("ab")
    env = {k: v for k, v in os.environ.items() if k not in ("WORKBENCH_HUB_DB", "WORKBENCH_HOME")}
    env["PYTHONIOENCODING"] = "utf-8"  # the log in UTF-8, not the ANSI code page of a Windows laptop
    # stdin is a pipe only this process writes to: when it dies (kill -9 included) the hub sees
    # EOF and stops (workbench.sync.panel_hub_child), so no orphaned hub serves the LAN
    # (`hub serve --stop-on-stdin-eof`); cli_command() is the console program in a frozen build
    proc = subprocess.Popen([*cli_command(), "hub", "serve", "--stop-on-stdin-eof", "--data",
                             str(data), "--host", host, "--port", str(port), "--log-level", "warning"],
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.PIPE, env=env,
                            **portable.new_session())
    log.close()
    ph = PanelHub(data, host, port, cfg.hub_id, cfg.name, expected, proc, None, enrolled)
    try:
        _wait_ready(ph, cancel)
        if announce:
            schools = [s.code for s in ws.list_schools()]
            ph.announcement = Announcement(hub_id=cfg.hub_id, name=cfg.name, fingerprint=expected, port=port,
                                           addresses=[host], schools=schools, interfaces=interfaces)
        if use:
            settings.add_hub(ws, ph.url, expected, cfg.name)
    except BaseException:
        ph.stop()
        raise
    return ph


def _wait_ready(ph: PanelHub, cancel: Callable[[], bool] | None) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if cancel is not None and cancel():
            raise Cancelled("the panel hub was not started")
        if ph.proc is not None and ph.proc.poll() is not None:
            tail = (ph.data / "serve.log").read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:] or [""]
            raise PanelHubError(f"the panel hub stopped at once: {tail[0][:200]}",
                                hint=f"see {ph.data / 'serve.log'}")
        try:
            actual, _ = fetch_fingerprint(ph.url, timeout=2.0)
        except LanError:
            time.sleep(0.1)
            continue
        if actual != ph.fingerprint:
            raise PanelHubError(f"another hub answers at {ph.url}; the panel hub did not start there")
        return
    raise PanelHubError(f"the panel hub did not answer within {START_TIMEOUT_S:.0f} s",
                        hint=f"see {ph.data / 'serve.log'}")
