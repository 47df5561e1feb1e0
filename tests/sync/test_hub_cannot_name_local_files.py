"""A hub names the blobs it lacks; the laptop uploads them from its blob store. A hub (or
anyone between us on plain http) that names an absolute path or `../` instead of a SHA-256
must not make the laptop read and send that file: the blob store joins the name onto its
folder, and an absolute name replaces the folder altogether."""

from __future__ import annotations

import http.server
import json
import threading

from cryptography.hazmat.primitives import serialization
from sync_helpers import make_laptop

from workbench.sync import protocol as P


class _Greedy(http.server.BaseHTTPRequestHandler):
    """A hub that answers every sheet with "missing_blobs" naming a local file, and keeps
    whatever bytes arrive."""

    protocol_version = "HTTP/1.1"

    def _reply(self, status: int, obj: object | None = None) -> None:
        body = json.dumps(obj).encode() if obj is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length", 0)))

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        if path == P.PATH_HUB:
            self._reply(200, {"hub_id": "greedy", "certificate": self.server.pem,  # type: ignore[attr-defined]
                              "protocol": P.PROTOCOL_VERSION})
        else:
            self._reply(200, {"cursor": 0, "more": False, "changes": []})

    def do_HEAD(self) -> None:
        self._reply(404)

    def do_POST(self) -> None:
        self._body()
        self._reply(422, {"code": "missing_blobs", "message": {"zh": "缺少照片", "en": "photos missing"},
                          "missing": self.server.names})  # type: ignore[attr-defined]

    def do_PATCH(self) -> None:
        self.server.received.append(self._body())  # type: ignore[attr-defined]
        self._reply(204)

    def log_message(self, *a) -> None:
        pass


def test_a_hub_naming_local_files_as_missing_blobs_receives_none_of_them(tmp_path):
    lap = make_laptop(tmp_path / "m1", "王建国")
    lap.sign_sheet()
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"the reviewer's private notes")
    rel = "../" * 12 + str(secret).lstrip("/")
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Greedy)
    srv.pem = lap.person.identity.cert.public_bytes(serialization.Encoding.PEM).decode()  # type: ignore[attr-defined]
    srv.names = [str(secret), rel, str(lap.person.identity.dir / "key.pem")]  # type: ignore[attr-defined]
    srv.received = []  # type: ignore[attr-defined]
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        report = lap.sync(f"http://127.0.0.1:{srv.server_address[1]}", timeout=10)
    finally:
        srv.shutdown()
        srv.server_close()
    assert srv.received == []  # type: ignore[attr-defined]
    assert report.reached and not report.pushed
    entry = lap.outbox.pending_for("greedy")
    assert len(entry) == 1 and entry[0].state != "sent"  # kept for a real hub
