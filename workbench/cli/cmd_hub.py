"""`workbench hub init|serve|enroll|revoke|assign|publish|status|results`: run and manage a hub.

The operator at the hub machine works on the data folder directly (`--data DIR`, or
$WORKBENCH_HUB_DATA). An admin elsewhere gives `--url URL --identity DIR` instead, and
enroll/revoke/assign/publish go through the signed admin endpoints
(docs/sync-protocol.md).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from workbench.cli.main import add_group
from workbench.errors import WorkbenchError

DEFAULT_PORT = 8470


def register(sub: argparse._SubParsersAction) -> None:
    g = add_group(sub, "hub", "the hub: one server for the bureau and for a panel on a school's LAN")

    def data_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--data", metavar="DIR", help="the hub's data folder (default: $WORKBENCH_HUB_DATA)")

    def remote_args(p: argparse.ArgumentParser) -> None:
        data_arg(p)
        p.add_argument("--url", metavar="URL", help="act through a running hub's admin endpoints instead of --data")
        p.add_argument("--identity", metavar="DIR", type=Path, help="with --url: the admin's identity folder")
        p.add_argument("--passphrase-env", metavar="VAR", help="with --url: the identity's passphrase is in VAR")
        p.add_argument("--hub-fingerprint", metavar="FP", help="with --url: refuse a hub with another key")

    p = g.add_parser("init", help="make a new hub: key, certificate, database, the first admin")
    data_arg(p)
    p.add_argument("--db", metavar="URL", help="postgresql+psycopg://… (default: SQLite hub.db in the data folder)")
    p.add_argument("--admin", metavar="CERT", required=True, type=Path,
                   help="the admin's certificate (cert.pem or an identity folder)")
    p.add_argument("--name", default="workbench hub", help="the hub's name, shown to clients")
    p.set_defaults(handler=cmd_init)

    p = g.add_parser("serve", help="run the hub (uvicorn)")
    data_arg(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1; 0.0.0.0 for the LAN)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    p.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))
    p.add_argument("--stop-on-stdin-eof", action="store_true",
                   help="stop when stdin reaches end of file (the chair's window starts its panel hub so)")
    p.set_defaults(handler=cmd_serve)

    p = g.add_parser("enroll", help="enroll a reviewer's certificate with a role")
    p.add_argument("cert", type=Path, metavar="CERT", help="cert.pem or an identity folder")
    p.add_argument("--role", required=True, choices=("member", "chair", "admin"))
    remote_args(p)
    p.set_defaults(handler=cmd_enroll)

    p = g.add_parser("revoke", help="revoke an enrolled certificate")
    p.add_argument("fingerprint", metavar="FINGERPRINT")
    remote_args(p)
    p.set_defaults(handler=cmd_revoke)

    p = g.add_parser("assign", help="give a school its panel")
    p.add_argument("--school", required=True, metavar="CODE")
    p.add_argument("--panel", required=True, metavar="NAME")
    p.add_argument("--members", required=True, nargs="+", metavar="FP", help="fingerprints, the chair included")
    p.add_argument("--county", metavar="NAME", help="the county, for `hub results --county`")
    remote_args(p)
    p.set_defaults(handler=cmd_assign)

    p = g.add_parser("publish", help="publish an evidence package (.wbpkg) or a rubric (.json)")
    p.add_argument("file", type=Path, metavar="PKG|RUBRIC")
    remote_args(p)
    p.set_defaults(handler=cmd_publish)

    p = g.add_parser("status", help="counts, conflicts, last arrivals")
    data_arg(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_status)

    p = g.add_parser("results", help="per school: panel, members signed, outcome, final or not")
    data_arg(p)
    p.add_argument("--county", metavar="NAME")
    p.add_argument("--xlsx", type=Path, metavar="FILE", help="write an Excel workbook")
    p.set_defaults(handler=cmd_results)


@contextlib.contextmanager
def _hub(args: argparse.Namespace) -> Iterator[Any]:  # a Hub, imported lazily (FastAPI is heavy)
    """The hub in --data, opened for one operator command and closed whatever happens."""
    from workbench.sync.hub.config import data_dir
    from workbench.sync.hub.service import Hub

    hub = Hub.open(data_dir(args.data))
    try:
        yield hub
    finally:
        hub.close()


def _client(args: argparse.Namespace):  # noqa: ANN202 - HubClient
    from workbench.cli.cmd_identity import read_passphrase
    from workbench.signing.identity import load_identity
    from workbench.sync.client import HubClient

    if args.identity is None:
        raise WorkbenchError("--url needs --identity DIR (the admin's identity)")
    ident = load_identity(args.identity)
    key = ident.private_key(read_passphrase(args.passphrase_env))
    client = HubClient(args.url, ident, key, hub_fingerprint=args.hub_fingerprint)
    if args.hub_fingerprint:
        try:
            client.hub_info()  # refuses a hub whose key is not the pinned one, before anything is sent
        except BaseException:
            client.close()
            raise
    return client


def _print(obj: object) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


def _cert_pem(path: Path) -> str:
    from workbench.signing.identity import cert_pem, load_certs_file

    return cert_pem(load_certs_file(path)[0])


def cmd_init(args: argparse.Namespace) -> int:
    from workbench.signing.identity import fingerprint, load_cert_pem
    from workbench.sync.hub import admin
    from workbench.sync.hub.config import data_dir
    from workbench.sync.hub.service import init_hub

    pem = _cert_pem(args.admin)
    admin.load_enrollable_cert(pem)  # refuse a certificate the hub cannot enroll before anything is made
    hub = init_hub(data_dir(args.data), name=args.name, db_url=args.db, admin_pem=pem)
    try:
        print(f"hub {hub.hub_id} in {hub.config.data}\nkey sha256 {hub.fingerprint}\n"
              f"admin {fingerprint(load_cert_pem(pem))}")
    finally:
        hub.close()
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from workbench.sync.hub.config import ENV_DATA, data_dir
    from workbench.sync.hub.service import Hub

    data = data_dir(args.data)
    if not 1 <= args.workers <= 64 or not 0 < args.port < 65536:
        raise WorkbenchError("--workers must be 1..64 and --port 1..65535")
    Hub.open(data, upgrade=True).close()  # migrate once, before any worker starts
    _check_listen(args.host, args.port)
    os.environ[ENV_DATA] = str(data)      # the workers' app factory reads it
    if args.stop_on_stdin_eof:
        from workbench.sync.panel_hub_child import watch_parent

        watch_parent(sys.stdin.buffer)    # the window that started us is gone: stop, never an orphan
    uvicorn.run("workbench.sync.hub.app:app_from_env", factory=True, host=args.host, port=args.port,
                workers=args.workers, log_level=args.log_level, proxy_headers=False, server_header=False,
                timeout_graceful_shutdown=10)
    return 0


def _check_listen(host: str, port: int) -> None:
    """Resolve and bind the address once, so that a bad --host or a port in use is one line
    here rather than uvicorn's log of a failed start."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (OSError, UnicodeError) as e:
        raise WorkbenchError(f"cannot listen on {host!r}: {getattr(e, 'strerror', None) or e}",
                             hint="give an address of this machine, e.g. 127.0.0.1 or 0.0.0.0") from None
    family, kind, proto, _, addr = infos[0]
    try:
        with socket.socket(family, kind, proto) as s:
            if os.name != "nt":  # on Windows SO_REUSEADDR lets a bind steal a port in use: no refusal
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(addr)
    except OSError as e:
        raise WorkbenchError(f"cannot listen on {host}:{port}: {e.strerror or e}",
                             hint="choose another --port, or stop what is using it") from None


def cmd_enroll(args: argparse.Namespace) -> int:
    pem = _cert_pem(args.cert)
    if args.url:
        with _client(args) as c:
            _print(c.enroll(pem, args.role))
        return 0
    from workbench.sync.hub import admin

    with _hub(args) as hub:
        created, rec = admin.enroll(hub, pem, args.role)
    print(f"{'enrolled' if created else 'already enrolled'} {rec['name']} ({rec['org']}) as {args.role}: "
          f"{rec['fingerprint']}")
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    if args.url:
        with _client(args) as c:
            _print(c.revoke(args.fingerprint))
        return 0
    from workbench.sync.hub import admin

    with _hub(args) as hub:
        rec = admin.revoke(hub, args.fingerprint)
    print(f"revoked {rec['fingerprint']} at {rec['revoked_at']}")
    return 0


def cmd_assign(args: argparse.Namespace) -> int:
    if args.url:
        with _client(args) as c:
            out = c._post_json("/v1/admin/assign", {"school": args.school, "panel": args.panel,
                                                    "members": args.members, "county": args.county})
    else:
        from workbench.sync.hub import admin

        with _hub(args) as hub:
            out = admin.assign(hub, args.school, args.panel, args.members, args.county)
    print(f"assigned {args.school} to {args.panel} ({len(out['assignment']['members'])} member(s)): {out['hash']}")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    if args.url:
        out = _publish_remote(args)
    else:
        from workbench.sync.hub import admin

        with _hub(args) as hub:
            out = admin.publish_path(hub, args.file)
    print(f"published {out['kind']} {out['id']}: {out['hash']}")
    return 0


def _publish_remote(args: argparse.Namespace) -> dict:
    import hashlib

    p: Path = args.file
    if not p.is_file():
        raise WorkbenchError(f"{p}: no such file")
    with _client(args) as c:
        if p.suffix.lower() == ".json":
            try:
                data = json.loads(p.read_text(encoding="utf-8"))
            except (OSError, ValueError) as e:
                raise WorkbenchError(f"{p}: not a JSON rubric ({e})") from None
            return c.publish(rubric=data)
        h = hashlib.sha256()
        with p.open("rb") as f:
            while block := f.read(1 << 20):
                h.update(block)
        sha = h.hexdigest()
        c.upload_blob(sha, p)
        return c.publish(package_sha256=sha)


def cmd_status(args: argparse.Namespace) -> int:
    from workbench.sync.hub.views import format_status, status

    with _hub(args) as hub:
        st = status(hub)
    if args.json:
        _print(st)
    else:
        print(format_status(st))
    return 0


def cmd_results(args: argparse.Namespace) -> int:
    from workbench.sync.hub.views import results, write_results_xlsx

    with _hub(args) as hub:
        rows = results(hub, args.county)
    if args.xlsx:
        write_results_xlsx(rows, args.xlsx)
        print(f"{len(rows)} school(s) written to {args.xlsx}")
    else:
        for r in rows:
            print(f"{r.school}\t{r.school_name}\t{r.panel}\t{r.sheets}/{r.members} sheets\t"
                  f"{r.members_signed}/{r.members} signed\t"
                  f"{r.total or '-'}\t{r.outcome or '-'}\t{'final' if r.final else 'not final'}")
    return 0
