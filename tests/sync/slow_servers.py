"""Loopback servers that are slow on purpose, for the per-request deadline tests: a plain
HTTP server that trickles, reads slowly or sends steadily, and a proxy in front of a real hub
that trickles the hub's answers to the requests it is told to."""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from pathlib import Path

TRICKLE_GAP_S = 0.2  # one byte per 0.2 s: every socket read gets something, never a whole answer


def _read_head(conn: socket.socket) -> tuple[bytes, bytes]:
    buf = b""
    while b"\r\n\r\n" not in buf:
        got = conn.recv(65536)
        if not got:
            raise ConnectionError("closed before the head")
        buf += got
    head, rest = buf.split(b"\r\n\r\n", 1)
    return head, rest


def _length(head: bytes) -> int:
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":", 1)[1])
    return 0


def trickle(conn: socket.socket, data: bytes, gap: float = TRICKLE_GAP_S) -> bool:
    """Send `data` one byte at a time, `gap` seconds apart; False once the peer has left."""
    try:
        for i in range(len(data)):
            conn.sendall(data[i:i + 1])
            time.sleep(gap)
    except OSError:
        return False
    return True


class SlowServer:
    """One-request-per-connection HTTP/1.1 server on loopback. `mode`:

    - `trickle_head`: the whole answer, head included, one byte per 0.2 s;
    - `trickle_body`: the head at once, then the body one byte per 0.2 s;
    - `slow_reader`: reads the request body at `rate` bytes/s, then answers at once;
    - `steady_body`: answers `body_size` bytes at `rate` bytes/s;
    - `silent`: accepts and never says anything (with `tls`, the handshake never completes).

    `tls`: a server-side SSLContext; each connection's handshake is done before the request.
    """

    def __init__(self, mode: str, *, rate: int = 0, body_size: int = 0, tls: ssl.SSLContext | None = None) -> None:
        self.mode, self.rate, self.body_size, self.tls = mode, rate, body_size, tls
        self.received = 0
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _paced(self, n: int, step: int, fn) -> None:  # noqa: ANN001
        """fn(k) for pieces of `step` bytes of n, at `self.rate` bytes per second overall."""
        t0, done = time.monotonic(), 0
        while done < n and not self._stop.is_set():
            k = min(step, n - done)
            fn(k)
            done += k
            ahead = t0 + done / self.rate - time.monotonic()
            if ahead > 0:
                time.sleep(ahead)

    def _serve(self, conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError, ConnectionError):
            if self.mode == "silent":
                self._stop.wait(30)
                return
            if self.tls is not None:
                conn = self.tls.wrap_socket(conn, server_side=True)
            head, rest = _read_head(conn)
            need = _length(head) - len(rest)
            self.received = len(rest)
            if self.mode == "slow_reader":
                def take(k: int) -> None:
                    got = b""
                    while len(got) < k:
                        part = conn.recv(k - len(got))
                        if not part:
                            raise ConnectionError("closed mid-body")
                        got += part
                    self.received += len(got)
                self._paced(need, 32 * 1024, take)
            else:
                while need > 0:
                    part = conn.recv(min(need, 65536))
                    if not part:
                        return
                    need -= len(part)
                    self.received += len(part)
            body = b'{"ok": true}' if self.mode != "steady_body" else b""
            size = len(body) if self.mode != "steady_body" else self.body_size
            answer_head = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                           b"Content-Length: " + str(size).encode() + b"\r\n\r\n")
            if self.mode == "trickle_head":
                trickle(conn, answer_head + body)
            elif self.mode == "trickle_body":
                conn.sendall(answer_head)
                trickle(conn, body)
            elif self.mode == "steady_body":
                conn.sendall(answer_head)
                self._paced(size, 32 * 1024, lambda k: conn.sendall(b"x" * k))
            else:
                conn.sendall(answer_head + body)

    def close(self) -> None:
        self._stop.set()
        self._sock.close()


class TrickleProxy:
    """A loopback TCP proxy in front of a hub that passes requests through unchanged (the
    Host header too, so signatures verify) and trickles the hub's answer, one byte per 0.2 s,
    on any connection that sent a request starting with `pattern` (`b"POST /v1/sheets"`),
    until `fixed` is set. The hub does the work; only its answer is slow."""

    def __init__(self, upstream_port: int, pattern: bytes) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.pattern = pattern
        self.fixed = False
        self.trickled = 0  # connections whose answer was trickled
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            try:
                up = socket.create_connection(self.upstream)
            except OSError:
                conn.close()
                continue
            slow = threading.Event()
            threading.Thread(target=self._up, args=(conn, up, slow), daemon=True).start()
            threading.Thread(target=self._down, args=(up, conn, slow), daemon=True).start()

    def _up(self, src: socket.socket, dst: socket.socket, slow: threading.Event) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                if not self.fixed and self.pattern in data and not slow.is_set():
                    slow.set()
                    self.trickled += 1
                dst.sendall(data)
        with contextlib.suppress(OSError):
            dst.shutdown(socket.SHUT_WR)

    def _down(self, src: socket.socket, dst: socket.socket, slow: threading.Event) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                if slow.is_set():
                    if not trickle(dst, data):
                        break
                else:
                    dst.sendall(data)
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.close()

    def close(self) -> None:
        self._sock.close()


def loopback_tls(tmp: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """(server context, client context trusting it) for a self-signed 127.0.0.1 certificate."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .sign(key, hashes.SHA256()))
    cert_pem = tmp / "cert.pem"
    key_pem = tmp / "key.pem"
    cert_pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert_pem, key_pem)
    client = ssl.create_default_context(cafile=str(cert_pem))
    return server, client
