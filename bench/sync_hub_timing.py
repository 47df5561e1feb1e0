"""A hub for `bench_sync.py --profile`: the real app, with wall-clock timers around its steps
and cProfile in every thread.

Timers: every request by route, and the named steps (signature check, body read, digest,
nonce, blob store calls) by function. cProfile: one profiler for the event loop's thread and
one per thread-pool thread (a profiler only sees the thread that enabled it; anyio's
`to_thread.run_sync` is wrapped so each call runs under its thread's profiler), merged at
the end. At lifespan shutdown both are printed to stderr (the hub's log), with the
process's CPU time. The profilers slow everything down; compare shares, not times.

With WB_HUB_PROFILE_CLOCK=cpu (`bench_sync.py --profile-cpu`) cProfile counts each thread's
CPU time instead of wall time: what the hub spends, not what it waits for (fsync, commits);
with WB_HUB_PROFILE_CLOCK=off there is no cProfile, only the step timers.
"""

from __future__ import annotations

import collections
import cProfile
import functools
import importlib
import inspect
import io
import os
import pstats
import resource
import sys
import threading
import time
from typing import Any

import anyio.to_thread

from workbench.sync.hub import app as hub_app

_T: dict[str, list[float]] = collections.defaultdict(lambda: [0, 0.0])
_LOCK = threading.Lock()

# (module, attribute, optional class): whatever of these exists is timed
STEPS = [
    ("workbench.sync.hub.web", "check_headers", None),
    ("workbench.sync.hub.web", "read_body", None),
    ("workbench.sync.hub.web", "check_body", None),
    ("workbench.sync.hub.web", "consume_nonce", None),
    ("workbench.sync.hub.chunk_auth", "read_body", None),
    ("workbench.sync.hub.chunk_auth", "check_headers", None),
    ("workbench.sync.hub.chunk_auth", "consume_nonce", None),
    ("workbench.sync.hub.chunk_auth", "chunk_digest", None),
    ("workbench.sync.hub.chunk_auth", "_caller_and_writer", None),
    ("workbench.sync.hub.chunk_auth", "_last_write", None),
    ("workbench.sync.hub.chunk_auth", "_finish_whole", None),
    ("workbench.sync.hub.blobs", "write", "WholeBlobWriter"),
    ("workbench.sync.hub.blobs", "sync", "WholeBlobWriter"),
    ("workbench.sync.hub.blobs", "commit", "WholeBlobWriter"),
    ("workbench.sync.hub.blobs", "append", "BlobStore"),
    ("workbench.sync.hub.blobs", "_finish", "BlobStore"),
    ("workbench.sync.hub.blobs", "state", "BlobStore"),
    ("workbench.sync.hub.blobs", "has", "BlobStore"),
    ("workbench.sync.hub.blobs", "missing", "BlobStore"),
    ("workbench.sync.hub.blobs", "_put_whole", "BlobStore"),
    ("workbench.sync.hub.blobs", "_running_for", "BlobStore"),
    ("workbench.sync.hub.blobs", "_link", "BlobStore"),
    ("workbench.sync.hub.sheets", "accept", None),
    ("workbench.sync.hub.pull", "changes", None),
]


def _add(name: str, dt: float) -> None:
    with _LOCK:
        t = _T[name]
        t[0] += 1
        t[1] += dt


def _timed(name: str, fn: Any) -> Any:
    if inspect.iscoroutinefunction(fn):
        @functools.wraps(fn)
        async def aw(*a: Any, **k: Any) -> Any:
            t = time.perf_counter()
            try:
                return await fn(*a, **k)
            finally:
                _add(name, time.perf_counter() - t)
        return aw

    @functools.wraps(fn)
    def w(*a: Any, **k: Any) -> Any:
        t = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            _add(name, time.perf_counter() - t)
    return w


def _patch() -> None:
    for mod_name, attr, cls in STEPS:
        mod = importlib.import_module(mod_name)
        owner = getattr(mod, cls) if cls else mod
        if owner is None or not hasattr(owner, attr):
            continue
        setattr(owner, attr, _timed(f"{cls + '.' if cls else mod_name.rsplit('.', 1)[1] + '.'}{attr}",
                                    getattr(owner, attr)))


_PROFILES: list[cProfile.Profile] = []
_LOCAL = threading.local()


_CPU_CLOCK = os.environ.get("WB_HUB_PROFILE_CLOCK") == "cpu"


def _thread_profile() -> cProfile.Profile:
    prof = getattr(_LOCAL, "prof", None)
    if prof is None:
        prof = _LOCAL.prof = cProfile.Profile(time.thread_time) if _CPU_CLOCK else cProfile.Profile()
        with _LOCK:
            _PROFILES.append(prof)
    return prof


def _profile_threads() -> None:
    run_sync = anyio.to_thread.run_sync

    async def profiled_run_sync(func: Any, *args: Any, **kw: Any) -> Any:
        def run(*a: Any) -> Any:
            prof = _thread_profile()
            prof.enable()
            try:
                return func(*a)
            finally:
                prof.disable()
        return await run_sync(run, *args, **kw)

    anyio.to_thread.run_sync = profiled_run_sync


def _report() -> None:
    for prof in _PROFILES:
        prof.disable()
    if _PROFILES:
        out = io.StringIO()
        st = pstats.Stats(_PROFILES[0], stream=out)
        for prof in _PROFILES[1:]:
            st.add(prof)
        st.sort_stats("tottime").print_stats(30)
        if os.environ.get("WB_HUB_PROFILE_OUT"):  # the merged stats, for pstats or snakeviz
            st.dump_stats(os.environ["WB_HUB_PROFILE_OUT"])
        print(f"hub cProfile ({'CPU' if _CPU_CLOCK else 'wall'} time), {len(_PROFILES)} threads merged:\n{out.getvalue()}", file=sys.stderr, flush=True)
    ru = resource.getrusage(resource.RUSAGE_SELF)
    lines = [f"hub timing: process CPU user {ru.ru_utime:.2f} s, system {ru.ru_stime:.2f} s"]
    for name, (n, total) in sorted(_T.items(), key=lambda kv: -kv[1][1]):
        lines.append(f"  {name:<34} {int(n):>6} calls {total * 1000:>10.1f} ms  {total * 1000 / max(n, 1):8.2f} ms each")
    print("\n".join(lines), file=sys.stderr, flush=True)


class _RouteTimer:
    """ASGI middleware: wall time of each request, from its start to the response's last byte."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":  # uvicorn re-raises SIGTERM after shutdown: atexit never runs
            async def on_send(msg: dict) -> None:
                if msg.get("type") == "lifespan.shutdown.complete":
                    _report()
                await send(msg)
            return await self.app(scope, receive, on_send)
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope["path"]
        key = "request " + scope["method"] + " " + ("/v1/blobs/{sha}" if path.startswith("/v1/blobs/") and
                                                    len(path) == 74 else path)
        t = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            _add(key, time.perf_counter() - t)


def app_from_env() -> Any:
    _patch()
    if os.environ.get("WB_HUB_PROFILE_CLOCK") != "off":  # off: the step timers alone
        _profile_threads()
        _thread_profile().enable()  # the event loop's thread (the factory runs on it)
    return _RouteTimer(hub_app.app_from_env())
