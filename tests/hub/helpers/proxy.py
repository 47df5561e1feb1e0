"""A small loopback TCP proxy that can cut a connection after N bytes (asyncio, own thread).

`cut_next(n, times=1)`: after `n` more bytes client → hub (on whatever connection carries
them, kept-alive ones included), that connection is dropped on both sides, as a Wi-Fi link
does mid-photo; `times` repeats it. Otherwise bytes pass through whole.
It counts the bytes forwarded upstream, so a test can tell a resumed upload from a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from dataclasses import dataclass, field


@dataclass
class ProxyStats:
    connections: int = 0
    cuts: int = 0
    bytes_up: int = 0
    per_connection_up: list[int] = field(default_factory=list)


class CuttingProxy:
    def __init__(self, upstream_port: int, upstream_host: str = "127.0.0.1") -> None:
        self.upstream = (upstream_host, upstream_port)
        self.stats = ProxyStats()
        self._cuts: list[int] = []
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cutting-proxy", daemon=True)
        self._server: asyncio.base_events.Server | None = None
        self.port = 0
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the proxy did not start")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cut_next(self, nbytes: int, times: int = 1) -> None:
        with self._lock:
            self._cuts.extend([nbytes] * times)

    def _allow(self, n: int) -> tuple[int, bool]:
        """How many of `n` bytes may pass, and whether the connection is cut after them."""
        with self._lock:
            if not self._cuts:
                return n, False
            if n < self._cuts[0]:
                self._cuts[0] -= n
                return n, False
            return self._cuts.pop(0), True

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def start() -> None:
            self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
            self.port = self._server.sockets[0].getsockname()[1]
            self._ready.set()

        self._loop.run_until_complete(start())
        self._loop.run_forever()

    async def _handle(self, cr: asyncio.StreamReader, cw: asyncio.StreamWriter) -> None:
        with self._lock:
            self.stats.connections += 1
            idx = len(self.stats.per_connection_up)
            self.stats.per_connection_up.append(0)
        try:
            ur, uw = await asyncio.open_connection(*self.upstream)
        except OSError:
            cw.close()
            return

        async def up() -> None:
            while True:
                data = await cr.read(65536)
                if not data:
                    break
                n, cut = self._allow(len(data))
                data = data[:n]
                uw.write(data)
                await uw.drain()
                with self._lock:
                    self.stats.bytes_up += len(data)
                    self.stats.per_connection_up[idx] += len(data)
                if cut:
                    with self._lock:
                        self.stats.cuts += 1
                    raise ConnectionResetError("cut")
            with contextlib.suppress(OSError):
                uw.write_eof()

        async def down() -> None:
            while True:
                data = await ur.read(65536)
                if not data:
                    break
                cw.write(data)
                await cw.drain()

        t_up, t_down = asyncio.ensure_future(up()), asyncio.ensure_future(down())
        cut_now = False
        try:
            await asyncio.wait({t_up, t_down}, return_when=asyncio.FIRST_COMPLETED)
            cut_now = t_up.done() and not t_up.cancelled() and t_up.exception() is not None
            if t_up.done() and not cut_now:  # the client finished sending: let the answer through
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(asyncio.shield(t_down), 60)
        finally:
            for t in (t_up, t_down):
                if not t.done():
                    t.cancel()
            for w in (cw, uw):
                if cut_now and w.transport is not None:
                    w.transport.abort()  # a reset, as a dropped link looks to both ends
                else:
                    w.close()
            await asyncio.gather(t_up, t_down, return_exceptions=True)

    def close(self) -> None:
        """Stop listening, drop every open connection, end the thread."""
        async def stop() -> None:
            if self._server is not None:
                self._server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        with contextlib.suppress(RuntimeError, TimeoutError):
            asyncio.run_coroutine_threadsafe(stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        if not self._thread.is_alive():
            self._loop.close()

    def __enter__(self) -> CuttingProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
