"""Fixtures for the hub tests: identities, a session-wide PostgreSQL server, and the real
hub as a `workbench hub serve` subprocess on a loopback port, over SQLite and PostgreSQL."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from helpers.docs import school_code  # noqa: E402
from helpers.hubproc import HubProcess, db_snapshot, files_snapshot, init_hub  # noqa: E402
from helpers.identities import Person, make_person  # noqa: E402
from helpers.pg import PgServer, pg_bin, start_postgres  # noqa: E402

from workbench.sync.client import HubClient  # noqa: E402

BACKENDS = ("sqlite", "postgresql")
PANEL = "第一评估组"


@dataclass(frozen=True)
class People:
    admin: Person
    chair: Person
    m1: Person
    m2: Person
    outsider: Person    # never enrolled
    other: Person       # enrolled member on no panel


@pytest.fixture(scope="session")
def people(tmp_path_factory) -> People:
    d = tmp_path_factory.mktemp("people")
    return People(admin=make_person(d / "admin", "钱管理", role="admin"),
                  chair=make_person(d / "chair", "张组长", role="chair"),
                  m1=make_person(d / "m1", "王建国"), m2=make_person(d / "m2", "李晓梅"),
                  outsider=make_person(d / "outsider", "陌生人"), other=make_person(d / "other", "赵其他"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    if pg_bin() is None:
        pytest.skip("PostgreSQL is not installed (no initdb/pg_ctl): scripts/setup.sh installs Debian's postgresql")
    srv = start_postgres()
    yield srv
    srv.stop()


@dataclass
class Hub:
    """A running hub and what a test needs around it."""

    proc: HubProcess
    db_url: str          # the database the hub uses (for snapshots)
    people: People
    clients: list[HubClient] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.proc.url

    @property
    def data(self) -> Path:
        return self.proc.data

    def client(self, person: Person, url: str | None = None, **kw) -> HubClient:
        c = HubClient(url or self.url, person.identity, person.key, **kw)
        self.clients.append(c)
        return c

    def admin(self) -> HubClient:
        return self.client(self.people.admin)

    def snapshot(self) -> tuple[dict, dict]:
        """Everything the hub keeps but consumed nonces: rows and stored/partial blob files."""
        return db_snapshot(self.db_url), files_snapshot(self.data)

    def close(self) -> None:
        for c in self.clients:
            c.close()
        self.proc.stop()


def _database(backend: str, request: pytest.FixtureRequest) -> str | None:
    if backend == "sqlite":
        return None
    pg: PgServer = request.getfixturevalue("pg_server")
    name = pg.create_database()
    request.addfinalizer(lambda: pg.drop_database(name))
    return pg.url(name)


def start_hub(root: Path, people: People, db_url: str | None, *, workers: int = 1, setup: bool = True,
              cli_init: bool = False) -> Hub:
    """hub init (the admin enrolled), serve, then the admin enrolls the panel and assigns it."""
    data = root / "hub"
    init_hub(data, people.admin.cert_path, db_url=db_url, cli=cli_init)
    proc = HubProcess(data, db_url=db_url, workers=workers).start()
    hub = Hub(proc, db_url or f"sqlite:///{data / 'hub.db'}", people)
    if setup:
        with HubClient(hub.url, people.admin.identity, people.admin.key) as a:
            for p, role in ((people.chair, "chair"), (people.m1, "member"), (people.m2, "member"),
                            (people.other, "member")):
                a.enroll(p.identity.cert_pem, role)
            a.assign(school_code(), PANEL, [people.chair.fingerprint, people.m1.fingerprint, people.m2.fingerprint])
    return hub


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def make_hub(backend, people, tmp_path, request) -> Iterator[Callable[..., Hub]]:
    """A factory: each call inits and starts a fresh hub on this test's backend."""
    hubs: list[Hub] = []

    def make(*, workers: int = 1, setup: bool = True, name: str = "h", cli_init: bool = False) -> Hub:
        hub = start_hub(tmp_path / f"{name}{len(hubs)}", people, _database(backend, request), workers=workers,
                        setup=setup, cli_init=cli_init)
        hubs.append(hub)
        return hub

    yield make
    for h in hubs:
        h.close()


@pytest.fixture
def hub(make_hub) -> Hub:
    return make_hub()


@pytest.fixture(scope="module", params=BACKENDS)
def module_hub(request, people, tmp_path_factory) -> Iterator[Hub]:
    """One hub per module and backend, for tests that each leave it as they found it."""
    db_url = None
    if request.param == "postgresql":
        pg: PgServer = request.getfixturevalue("pg_server")
        name = pg.create_database()
        request.addfinalizer(lambda: pg.drop_database(name))
        db_url = pg.url(name)
    hub = start_hub(tmp_path_factory.mktemp(f"modhub-{request.param}"), people, db_url)
    yield hub
    hub.close()
