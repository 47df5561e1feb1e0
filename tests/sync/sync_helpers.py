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
