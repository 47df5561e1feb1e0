#!/usr/bin/env python3
"""Benchmark: signed sheets a real hub accepts per second, against plain inserts of the same rows.

For each configuration (SQLite or PostgreSQL, 1 or 4 uvicorn workers) a fresh hub is made
and served as a subprocess on a loopback port (tests/hub/helpers), the reviewers are
enrolled, and then, timed:

  - hub: --clients client processes push batches of --sheets signed sheets (no photos) as their
    signers, each request signed (RFC 9421) and each receipt verified by the client; the
    hub verifies the request signature and digest, consumes the nonce, fully verifies the
    sheet (canonical bytes, ES256, certificate, totals), stores it and signs a receipt;
  - floor: the same rows (nonce, document, sheet, receipt, change) inserted with plain
    SQLAlchemy into a fresh database of the same kind and schema (the hub's migrations),
    one transaction per sheet, no HTTP, no verification, no signing (receipt bodies made
    beforehand);
  - before both, 32 sheets are stored untimed (a warm-up: each worker's first requests
    import and build validators);
  - each rate is the median of --batches batches; then 10x --sheets more sheets are stored
    (pushed, not timed) and both are measured again the same way: the goal is a hub rate
    within 20% of the one on the (nearly) empty hub.

Sheets are signed beforehand (not timed). Everything runs on this machine: the clients
share the 2 cores with the hub. Cleans up its folders and databases.

    .venv/bin/python bench/bench_hub.py                          # all configurations, 200 sheets
    .venv/bin/python bench/bench_hub.py --configs sqlite:1 --sheets 100   # quick
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "hub"))

from helpers.docs import RUBRIC, demo_package  # noqa: E402
from helpers.hubproc import HubProcess, init_hub  # noqa: E402
from helpers.identities import PASS, Person, make_person  # noqa: E402
from helpers.pg import PgServer, pg_bin, start_postgres  # noqa: E402

from workbench.signing.identity import load_identity  # noqa: E402
from workbench.signing.sheet import (  # noqa: E402
    ItemRecord,
    build_sheet,
    sheet_file_bytes,
    sheet_hash,
    sign_sheet,
)
from workbench.sync.client import HubClient  # noqa: E402

MEMBERS = 8
WARMUP = 32  # sheets pushed first in each configuration, not timed


# -- documents ----------------------------------------------------------------------------------
def make_sheets(people: list[Person], n: int, offset: int) -> list[tuple[int, bytes]]:
    """n signed sheets (person index, file bytes), spread over the people and 50 schools."""
    pkg = demo_package()
    base = dict(pkg.manifest["school"], application_type="qualified")
    items_all = list(RUBRIC.iter_items())
    out = []
    for k in range(offset, offset + n):
        who = k % len(people)
        p = people[who]
        school = dict(base, code=f"BENCH-{k % 50:03d}")
        items = {i.id: ItemRecord(i.points - (Decimal("0.5") if (j + k) % 7 == 0 else 0), frozenset({0}),
                                  ("documents",), "")
                 for j, i in enumerate(items_all)}
        unsigned = build_sheet(RUBRIC, school=school, manifest_hash=pkg.manifest_hash, package_sha256=pkg.package_sha256,
                               package_version=1, items=items, self_assessment=pkg.manifest.get("self_assessment"))
        out.append((who, sheet_file_bytes(sign_sheet(unsigned, p.identity, p.key, RUBRIC))))
    return out


# -- pushing from client processes --------------------------------------------------------------
def _push_worker(args: tuple) -> tuple[float, float, int]:
    url, dirs, batch, start_at = args
    people = {}
    for who, _ in batch:
        if who not in people:
            ident = load_identity(dirs[who])
            people[who] = HubClient(url, ident, ident.private_key(PASS), timeout=120)
    for c in people.values():
        c.hub_info()
    while time.time() < start_at:
        time.sleep(0.001)
    t0 = time.time()
    stored = 0
    for who, data in batch:
        stored += people[who].push_sheet(data).status == "stored"
    t1 = time.time()
    for c in people.values():
        c.close()
    return t0, t1, stored


def push_all(url: str, dirs: list[str], sheets: list[tuple[int, bytes]], clients: int) -> float:
    """Push every sheet from `clients` processes (each its own signers); sheets per second."""
    by_person: dict[int, list] = {}
    for who, data in sheets:
        by_person.setdefault(who, []).append((who, data))
    batches: list[list] = [[] for _ in range(clients)]
    for who, items in by_person.items():
        batches[who % clients].extend(items)
    start_at = time.time() + 3.0  # every process has loaded its identities and met the hub by then
    ctx = mp.get_context("fork")
    with ctx.Pool(clients) as pool:
        res = pool.map(_push_worker, [(url, dirs, b, start_at) for b in batches if b])
    stored = sum(r[2] for r in res)
    if stored != len(sheets):
        raise SystemExit(f"the hub stored {stored} of {len(sheets)} sheets")
    return len(sheets) / (max(r[1] for r in res) - start_at)


# -- the floor: the same rows, plain SQLAlchemy ----------------------------------------------------
@dataclass
class Rows:
    nonce: dict
    document: dict
    sheet: dict
    receipt_body: dict
    change: dict


def rows_for(sheets: list[tuple[int, bytes]], people: list[Person], seq0: int) -> list[Rows]:
    out = []
    for k, (who, data) in enumerate(sheets):
        sheet = json.loads(data)
        h = sheet_hash(sheet)
        fp = people[who].fingerprint
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        seq = seq0 + k + 1
        receipt = {"hub_id": "floor", "kind": "sheet", "document": h, "arrived_at": now, "seq": seq,
                   "prev": "sha256:" + "0" * 64, "signature": {"alg": "ES256", "value": "A" * 96}}
        out.append(Rows(
            nonce={"nonce": uuid.uuid4().hex, "keyid": fp, "created": int(time.time())},
            document={"hash": h, "kind": "sheet", "item_id": sheet["sheet_id"], "school": sheet["school"]["code"],
                      "signer": fp, "requester": fp, "arrived_at": now, "body": data},
            sheet={"sheet_id": sheet["sheet_id"], "revision": sheet["revision"], "hash": h, "reviewer": fp,
                   "school": sheet["school"]["code"], "supersedes": None, "total": sheet["result"]["total"],
                   "outcome": sheet["result"]["outcome"], "provisional": sheet["provisional"], "arrived_at": now},
            receipt_body={"seq": seq, "document": h, "kind": "sheet", "hash": "sha256:" + uuid.uuid4().hex * 2,
                          "body": json.dumps(receipt, sort_keys=True, separators=(",", ":"))},
            change={"seq": seq, "kind": "sheet", "item_id": sheet["sheet_id"], "hash": h,
                    "school": sheet["school"]["code"]}))
    return out


def floor_inserts(url: str, rows: list[Rows]) -> float:
    """One transaction per sheet, as the hub commits per request; sheets per second."""
    from workbench.sync.hub import models as m
    from workbench.sync.hub.db import make_engine

    engine = make_engine(url)
    try:
        t0 = time.perf_counter()
        for r in rows:
            with engine.begin() as c:
                c.execute(m.Nonce.__table__.insert(), r.nonce)
                c.execute(m.Document.__table__.insert(), r.document)
                c.execute(m.Sheet.__table__.insert(), r.sheet)
                c.execute(m.Receipt.__table__.insert(), r.receipt_body)
                c.execute(m.Change.__table__.insert(), r.change)
        return len(rows) / (time.perf_counter() - t0)
    finally:
        engine.dispose()


def fresh_schema(url: str) -> None:
    from workbench.sync.hub.db import make_engine, migrate

    engine = make_engine(url)
    try:
        migrate(engine)
    finally:
        engine.dispose()


# -- one configuration ----------------------------------------------------------------------------
def layout(items: list, n: int, batches: int) -> tuple[list, list[list], list, list[list]]:
    """warm-up | `batches` timed batches of n | 10 n preloaded | `batches` timed batches of n."""
    warm, rest = items[:WARMUP], items[WARMUP:]
    empty = [rest[i * n:(i + 1) * n] for i in range(batches)]
    rest = rest[batches * n:]
    preload, rest = rest[:10 * n], rest[10 * n:]
    loaded = [rest[i * n:(i + 1) * n] for i in range(batches)]
    return warm, empty, preload, loaded


def run_config(kind: str, workers: int, root: Path, admin: Person, people: list[Person],
               sheets: list[tuple[int, bytes]], n: int, clients: int, pg: PgServer | None,
               batches: int) -> dict:
    tag = f"{kind}-{workers}w"
    dbs: list[str] = []

    def db_url(name: str) -> str | None:
        if kind == "sqlite":
            return None if name == "hub" else f"sqlite:///{root / tag / (name + '.db')}"
        assert pg is not None
        db = pg.create_database(name)
        dbs.append(db)
        return pg.url(db)

    (root / tag).mkdir(parents=True)
    hub_db = db_url("hub")
    init_hub(root / tag / "hub", admin.cert_path, db_url=hub_db)
    proc = HubProcess(root / tag / "hub", db_url=hub_db, workers=workers).start()
    try:
        with HubClient(proc.url, admin.identity, admin.key) as a:
            for p in people:
                a.enroll(p.identity.cert_pem, "member")
        dirs = [str(p.identity.dir) for p in people]
        warm, empty, preload, loaded = layout(sheets, n, batches)
        # warm-up, not timed: every worker imports and builds its validators on first use
        push_all(proc.url, dirs, warm, clients)
        rate_empty = statistics.median(push_all(proc.url, dirs, b, clients) for b in empty)
        t = time.perf_counter()
        push_all(proc.url, dirs, preload, clients)
        preload_s = time.perf_counter() - t
        rate_loaded = statistics.median(push_all(proc.url, dirs, b, clients) for b in loaded)
    finally:
        proc.stop()
    floor_url = db_url("floor")
    assert floor_url is not None
    fresh_schema(floor_url)
    warm, empty, preload, loaded = layout(rows_for(sheets, people, 0), n, batches)
    floor_inserts(floor_url, warm)
    floor_empty = statistics.median(floor_inserts(floor_url, b) for b in empty)
    floor_inserts(floor_url, preload)
    floor_loaded = statistics.median(floor_inserts(floor_url, b) for b in loaded)
    if pg is not None:
        for db in dbs:
            pg.drop_database(db)
    return {"config": tag, "hub_empty": rate_empty, "hub_loaded": rate_loaded, "floor_empty": floor_empty,
            "floor_loaded": floor_loaded, "preload_s": preload_s, "n": n,
            "verify_only": verify_only(sheets[WARMUP:WARMUP + n], people)}


def verify_only(sheets: list[tuple[int, bytes]], people: list[Person]) -> float:
    """For scale: `verify_sheet_bytes` alone (what the hub runs on every new sheet), one
    thread, in this process; sheets per second."""
    from workbench.signing.verify import verify_sheet_bytes

    certs = [p.identity.cert for p in people]
    t0 = time.perf_counter()
    for who, data in sheets:
        verify_sheet_bytes(data, [certs[who]])
    return len(sheets) / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sheets", type=int, default=200, help="sheets per timed run (10x more are preloaded)")
    ap.add_argument("--batches", type=int, default=3, help="timed batches per state; the median counts")
    ap.add_argument("--clients", type=int, default=4, help="client processes pushing at once")
    ap.add_argument("--configs", default="sqlite:1,sqlite:4,postgresql:1,postgresql:4",
                    help="comma-separated BACKEND:WORKERS")
    args = ap.parse_args()
    configs = [(c.split(":")[0], int(c.split(":")[1])) for c in args.configs.split(",")]
    root = Path(tempfile.mkdtemp(prefix="wb-bench-hub-"))
    pg = None
    try:
        admin = make_person(root / "admin", "管理员", role="admin")
        people = [make_person(root / f"m{k}", f"评审{k + 1}") for k in range(MEMBERS)]
        t = time.perf_counter()
        sheets = make_sheets(people, WARMUP + (10 + 2 * args.batches) * args.sheets, 0)
        print(f"signed {len(sheets)} sheets in {time.perf_counter() - t:.1f} s (not timed)", flush=True)
        if any(k == "postgresql" for k, _ in configs):
            if pg_bin() is None:
                raise SystemExit("PostgreSQL is not installed (apt-get install postgresql)")
            pg = start_postgres(durable=True)
        results = []
        for kind, workers in configs:
            r = run_config(kind, workers, root, admin, people, sheets, args.sheets, args.clients,
                           pg if kind == "postgresql" else None, args.batches)
            results.append(r)
            print(f"{r['config']:>14}: hub {r['hub_empty']:6.1f}/s empty, {r['hub_loaded']:6.1f}/s with "
                  f"{10 * r['n']} stored ({r['hub_loaded'] / r['hub_empty']:.2f}); floor {r['floor_empty']:7.1f}/s, "
                  f"{r['floor_loaded']:7.1f}/s; hub/floor {r['hub_empty'] / r['floor_empty']:.3f} and "
                  f"{r['hub_loaded'] / r['floor_loaded']:.3f}; verify_sheet_bytes alone {r['verify_only']:.1f}/s; "
                  f"preload {r['preload_s']:.0f} s", flush=True)
        print(json.dumps(results, indent=1))
    finally:
        if pg is not None:
            pg.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    os.environ.pop("WORKBENCH_HOME", None)
    main()
