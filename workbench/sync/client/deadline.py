"""An overall deadline per hub request: connect, send and the whole answer, not per read.

httpx's timeouts apply to each read or write on the socket, so a hub (or a proxy on the
way) that trickles one byte every few seconds keeps one request open for ever, and the round
with it. Here every request gets a deadline sized by what it moves: a floor for the round
trip plus the bytes sent and received at a minimum rate, so a slow-but-steady 12 MP photo
over a weak Wi-Fi still goes through while a trickle is cut. The transport honours it: each
socket call of the request waits at most until the deadline (`DeadlineBackend`, under
httpcore's pool), the body is written in slices with the clock looked at between them, and
every byte read earns its time at the minimum rate. Without a deadline running (another
caller of the transport) the sockets behave as httpx's always do.
"""

from __future__ import annotations

import contextlib
import ssl
import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

# A floor for any request: connect (TLS on a bad Wi-Fi), the hub's own work (verifying and
# storing a sheet, an fsync, a hub on a chair's busy laptop) and the answer's head. A healthy
# hub answers in well under a second; httpx's 30 s per read stays the bound for one silence.
FLOOR_S = 60.0
# The slowest link we still call working: 64 KiB/s (~0.5 Mbit/s, a weak school Wi-Fi shared
# by a panel). A 4 MiB PATCH may take 64 s on top of the floor; an 8 MiB one 128 s.
MIN_RATE = 64 * 1024  # bytes per second
# Bodies go to the socket in slices of this size, so the deadline is looked at while a large
# PATCH is being written, not only once it is all in the kernel's buffers.
WRITE_SLICE = 256 * 1024
_TOLERANCE_S = 0.001  # a socket timeout fires at, not before, the time it was given


@dataclass(frozen=True)
class DeadlinePolicy:
    """How long one request may take: `floor_s` + bytes sent / `min_rate`, plus the time each
    byte received earns at `min_rate` (an answer's size is known only as it arrives)."""

    floor_s: float = FLOOR_S
    min_rate: float = MIN_RATE

    def __post_init__(self) -> None:
        if not (self.floor_s > 0 and self.min_rate > 0):  # also refuses nan
            raise ValueError("a deadline needs a positive floor and rate")

    def start(self, send_bytes: int, clock: Callable[[], float] = time.monotonic) -> Deadline:
        return Deadline(self, clock() + self.floor_s + send_bytes / self.min_rate, clock)


class Deadline:
    """One request's deadline, moved on by what arrives."""

    def __init__(self, policy: DeadlinePolicy, at: float, clock: Callable[[], float]) -> None:
        self.policy, self.at, self._clock = policy, at, clock
        self.started = clock()

    def remaining(self) -> float:
        return self.at - self._clock()

    def passed(self) -> bool:
        return self.remaining() <= _TOLERANCE_S

    def elapsed(self) -> float:
        return self._clock() - self.started

    def received(self, n: int) -> None:
        self.at += n / self.policy.min_rate

    def cap(self, timeout: float | None, exc: type[Exception]) -> float:
        """The socket timeout for the next call: httpx's, or less when the deadline is nearer.
        Raises `exc` (an httpcore timeout, so httpx maps it as usual) once it has passed."""
        left = self.remaining()
        if left <= _TOLERANCE_S:
            raise exc("the request's overall deadline passed")
        return left if timeout is None else min(timeout, left)


_current: ContextVar[Deadline | None] = ContextVar("workbench_hub_deadline", default=None)


@contextlib.contextmanager
def running(deadline: Deadline) -> Iterator[Deadline]:
    """Every socket call in this thread (this context) honours `deadline` until the block ends."""
    token = _current.set(deadline)
    try:
        yield deadline
    finally:
        _current.reset(token)


class DeadlineStream(httpcore.NetworkStream):
    """A connection's socket whose every call stops at the running request's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        d = _current.get()
        if d is None:
            return self._inner.read(max_bytes, timeout)
        data = self._inner.read(max_bytes, d.cap(timeout, httpcore.ReadTimeout))
        d.received(len(data))
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        d = _current.get()
        if d is None:
            return self._inner.write(buffer, timeout)
        view = memoryview(buffer)
        for at in range(0, len(view), WRITE_SLICE):
            self._inner.write(view[at:at + WRITE_SLICE], d.cap(timeout, httpcore.WriteTimeout))  # type: ignore[arg-type]
        return None

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        d = _current.get()
        if d is not None:
            timeout = d.cap(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's own sockets, each wrapped in a `DeadlineStream`."""

    def __init__(self, inner: httpcore.NetworkBackend | None = None) -> None:
        self._inner = inner or httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        d = _current.get()
        if d is not None:
            timeout = d.cap(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self._inner.connect_tcp(host, port, timeout, local_address, socket_options))

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        d = _current.get()
        if d is not None:
            timeout = d.cap(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self._inner.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def deadline_transport(ssl_context: ssl.SSLContext) -> httpx.HTTPTransport:
    """httpx's transport (its default pool limits) on sockets that honour the running deadline.
    httpx takes no network backend, so its pool is replaced by the same httpcore pool built
    with one; tests/sync/test_request_deadline.py fails if that stops working."""
    transport = httpx.HTTPTransport(verify=ssl_context, trust_env=False)
    transport._pool = httpcore.ConnectionPool(  # httpx's DEFAULT_LIMITS: 100 connections, 20 kept, 5 s
        ssl_context=ssl_context, max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0,
        network_backend=DeadlineBackend())
    return transport
