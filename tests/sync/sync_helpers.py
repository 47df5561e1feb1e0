"""Helpers for the sync client tests: laptops (a workspace + an identity each) and real hubs
(`workbench hub serve` subprocesses on loopback, from tests/hub/helpers)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import stamina

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hub"))

from helpers.docs import RUBRIC, full_scores  # noqa: E402
from helpers.hubproc import HubProcess, init_hub  # noqa: E402
from helpers.identities import PASS, Person, make_person  # noqa: E402

from workbench.evidence import demo_package_path  # noqa: E402
from workbench.evidence.importer import import_package  # noqa: E402
from workbench.store import Workspace  # noqa: E402
from workbench.store.outbox import Outbox  # noqa: E402
from workbench.sync import settings  # noqa: E402
from workbench.sync.client import HubClient  # noqa: E402
from workbench.sync.worker import RoundReport, run_round  # noqa: E402

SCHOOL = "MJ-PS-001"
PANEL = "第一评估组"


@pytest.fixture(autouse=True)
def _no_retry_sleep() -> Iterator[None]:
    """stamina retries without sleeping (3 tries) unless a test turns it off."""
    stamina.set_testing(True, attempts=3)
    yield
    stamina.set_testing(False)


@dataclass
class Laptop:
    """One reviewer's laptop: a workspace with the demo school, and their identity."""

    person: Person
    ws: Workspace
    role: str

    @property
    def outbox(self) -> Outbox:
        return Outbox(self.ws)

    def client(self, url: str, **kw) -> HubClient:
        return HubClient(url, self.person.identity, self.person.key, **kw)

    def sync(self, url: str, **kw) -> RoundReport:
        opts = {k: kw.pop(k) for k in ("progress", "cancel", "pull") if k in kw}
        return run_round(self.ws, lambda: self.client(url, **kw), **opts)

    def sign_sheet(self, shift: int = 0, photos: list[Path] = ()) -> dict:
        """Score every item in the workspace, import photos, sign and record: as the window does."""
        from workbench.signing.from_sources import remember_signed, sheet_from_workspace
        from workbench.signing.sheet import sign_sheet

        me = self.ws.local_reviewer()
        if photos:
            self.ws.import_photos(SCHOOL, list(photos), me.id, "B3")
        for iid, v in full_scores(shift).items():
            self.ws.set_score(SCHOOL, me.id, iid, v)
        sheet, rubric = sheet_from_workspace(self.ws, SCHOOL, me.id)
        signed = sign_sheet(sheet, self.person.identity, self.person.key, rubric)
        remember_signed(self.ws, SCHOOL, me.id, signed)
        return signed


def make_laptop(root: Path, name: str, role: str = "member") -> Laptop:
    person = make_person(root / "identity", name, role=role)
    ws = Workspace.open(root / "ws")
    import_package(ws, demo_package_path())
    ws.set_local_reviewer(name, "麻江县教育局", role)
    settings.set_identity_dir(ws, person.identity.dir)
    return Laptop(person, ws, role)


@dataclass
class Panel:
    admin: Person
    chair: Laptop
    m1: Laptop
    m2: Laptop
    hubs: list[HubProcess] = field(default_factory=list)

    def start_hub(self, root: Path, *, name: str = "测试中心", enroll: bool = True) -> HubProcess:
        """A fresh hub (SQLite) with the panel enrolled and assigned to the demo school."""
        data = root / "hub"
        init_hub(data, self.admin.cert_path, name=name)
        proc = HubProcess(data).start()
        self.hubs.append(proc)
        if enroll:
            with HubClient(proc.url, self.admin.identity, self.admin.key) as a:
                for lap, role in ((self.chair, "chair"), (self.m1, "member"), (self.m2, "member")):
                    a.enroll(lap.person.identity.cert_pem, role)
                a.assign(SCHOOL, PANEL, [self.chair.person.fingerprint, self.m1.person.fingerprint,
                                         self.m2.person.fingerprint])
        return proc

    def close(self) -> None:
        for h in self.hubs:
            h.stop()
        for lap in (self.chair, self.m1, self.m2):
            lap.ws.close()


@pytest.fixture
def panel(tmp_path: Path) -> Iterator[Panel]:
    p = Panel(admin=make_person(tmp_path / "admin", "钱管理", role="admin"),
              chair=make_laptop(tmp_path / "chair", "张组长", "chair"),
              m1=make_laptop(tmp_path / "m1", "王建国"), m2=make_laptop(tmp_path / "m2", "李晓梅"))
    yield p
    p.close()


@pytest.fixture(scope="session")
def jpegs(tmp_path_factory) -> list[Path]:
    """Small real JPEGs (noise) that the workspace imports as photos."""
    import numpy as np
    from PIL import Image

    d = tmp_path_factory.mktemp("jpegs")
    rng = np.random.default_rng(7)
    out = []
    for i in range(3):
        p = d / f"photo{i}.jpg"
        Image.fromarray(rng.integers(0, 255, (300, 400, 3), dtype=np.uint8)).save(p, quality=90)
        out.append(p)
    return out


__all__ = ["PASS", "PANEL", "RUBRIC", "SCHOOL", "Laptop", "Panel", "make_laptop"]


class FailingProxy:
    """A loopback TCP proxy that answers the first `failures` HTTP requests itself with a JSON
    500 (`Connection: close`) and passes everything after that through to the hub unchanged
    (the Host header too, so signatures still verify). `hang=True` instead accepts and never
    answers: a hub that is too slow."""

    def __init__(self, upstream_port: int, failures: int = 0, *, hang: bool = False) -> None:
        import asyncio
        import threading

        self.upstream = ("127.0.0.1", upstream_port)
        self.failures, self.hang = failures, hang
        self.answered_500 = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self.port = 0
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        assert self._ready.wait(10)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _run(self) -> None:
        import asyncio

        asyncio.set_event_loop(self._loop)

        async def start() -> None:
            self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
            self.port = self._server.sockets[0].getsockname()[1]
            self._ready.set()
        self._loop.run_until_complete(start())
        self._loop.run_forever()

    async def _handle(self, cr, cw) -> None:  # noqa: ANN001
        import asyncio
        import contextlib
        import json as _json

        try:
            if self.hang:
                await asyncio.sleep(3600)
                return
            if self.failures > 0:
                self.failures -= 1
                head = await cr.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                if length:
                    await cr.readexactly(length)
                body = _json.dumps({"code": "internal", "message": {"zh": "内部错误", "en": "internal error"}}).encode()
                cw.write(b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
                         b"Connection: close\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
                await cw.drain()
                self.answered_500 += 1
                return
            ur, uw = await asyncio.open_connection(*self.upstream)

            async def pipe(r, w) -> None:  # noqa: ANN001
                with contextlib.suppress(OSError, asyncio.CancelledError):
                    while data := await r.read(65536):
                        w.write(data)
                        await w.drain()
                with contextlib.suppress(OSError):
                    w.close()
            await asyncio.gather(pipe(cr, uw), pipe(ur, cw))
        except (OSError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            with contextlib.suppress(OSError, RuntimeError):
                cw.close()

    def close(self) -> None:
        import asyncio
        import contextlib

        async def stop() -> None:
            self._server.close()
            for t in [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]:
                t.cancel()
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


def big_jpeg(path: Path, width: int = 4000, height: int = 3000, seed: int = 1, block: int = 2) -> Path:
    """A 12-megapixel JPEG (coarse noise upscaled by `block`: 2 gives ~9 MB, 4 ~3 MB), cached."""
    if path.exists():
        return path
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    small = rng.integers(0, 255, (height // block, width // block, 3), dtype=np.uint8)
    img = Image.fromarray(small).resize((width, height), Image.Resampling.NEAREST)
    tmp = path.with_suffix(".tmp.jpg")
    img.save(tmp, quality=85)
    tmp.rename(path)
    return path


def hub_counts(admin: Person, url: str) -> dict[str, int]:
    """Changes per kind on a hub, as its admin sees them (each stored document once)."""
    from collections import Counter

    with HubClient(url, admin.identity, admin.key) as a:
        out: Counter = Counter()
        since = 0
        while True:
            body = a.changes(since, limit=1000)
            out.update(c["kind"] for c in body["changes"])
            since = body["cursor"]
            if not body["more"]:
                return dict(out)
