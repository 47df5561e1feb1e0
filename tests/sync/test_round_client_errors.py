"""A sync round whose hub address is a typo, or whose hub answers with an undecodable body,
ends with a report and a recorded last round, as `run_round` promises: it never raises for
the network or the hub (the window would otherwise show an untranslated library error)."""

from __future__ import annotations

import http.server
import threading

from sync_helpers import make_person

from workbench.store import Workspace
from workbench.sync import settings
from workbench.sync.client import HubClient
from workbench.sync.worker import run_round


def test_a_hub_address_with_a_bad_port_ends_the_round_with_its_reason(tmp_path):
    person = make_person(tmp_path / "identity", "王建国")
    ws = Workspace.open(tmp_path / "ws")
    report = run_round(ws, lambda: HubClient("http://127.0.0.1:80a0", person.identity, person.key))
    assert not report.ok and not report.reached
    assert report.errors and report.errors[0].startswith("not a hub address: http://127.0.0.1:80a0")
    last = settings.last_round(ws)
    assert last is not None and last["ok"] is False and "not a hub address" in last["summary"]


class _Garbled(http.server.BaseHTTPRequestHandler):
    """Every answer labelled gzip but plain: what a broken proxy in between sends."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        body = b'{"hub_id":"h"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a) -> None:
        pass


def test_an_undecodable_answer_ends_the_round_with_its_reason(tmp_path):
    person = make_person(tmp_path / "identity", "王建国")
    ws = Workspace.open(tmp_path / "ws")
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Garbled)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{srv.server_address[1]}"
        report = run_round(ws, lambda: HubClient(url, person.identity, person.key, timeout=10))
    finally:
        srv.shutdown()
        srv.server_close()
    assert not report.ok and not report.reached
    assert report.errors and "could not be decoded" in report.errors[0] and "\n" not in report.errors[0]
