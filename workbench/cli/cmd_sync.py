"""`workbench sync …` and `workbench bundle …`: the laptop's side of sync (docs/sync-client.md).

    workbench sync [--hub URL [--hub-fingerprint FP]] [--identity DIR] [--passphrase-env VAR]
    workbench sync status | retry ID | cancel ID | queue FILE…
    workbench bundle export --school CODE [--since DATE] -o FILE.wbsync
    workbench bundle import FILE.wbsync

A hub is pinned on first contact only with the fingerprint the user was given
(`--hub-fingerprint`, shown on the chair's screen or by `workbench hub status`): a hub
never pinned is refused with its fingerprint in the message, so nobody trusts it blindly.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from workbench.cli.main import add_group, add_workspace_arg
from workbench.errors import WorkbenchError

MAX_QUEUE_BYTES = 32 * 1024 * 1024


class SyncFailed(WorkbenchError):
    """A round ended with errors; the outbox kept what did not go."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sync", help="send the outbox to the hub(s) and fetch what concerns you (one round)",
                       description="One sync round with each configured hub (or --hub): photos, then signed "
                       "sheets and panel results from the outbox, then what the hub has for you. "
                       "`sync status` lists the outbox; `sync retry|cancel ID`; `sync queue FILE` queues a "
                       "signed sheet or panel result file.")
    p.add_argument("action", nargs="?", choices=("status", "retry", "cancel", "queue"), metavar="ACTION",
                   help="status | retry ID | cancel ID | queue FILE… (none: run a round)")
    p.add_argument("items", nargs="*", metavar="ARG", help="entry ids for retry/cancel, files for queue")
    p.add_argument("--hub", metavar="URL", help="the hub to sync with (remembered in the workspace)")
    p.add_argument("--hub-fingerprint", metavar="FP", help="the hub certificate's SHA-256, to pin it")
    p.add_argument("--identity", type=Path, metavar="DIR", help="identity folder (default: identity/ in the workspace)")
    p.add_argument("--passphrase-env", metavar="VAR", help="read the key's passphrase from environment variable VAR")
    p.add_argument("--timeout", type=float, default=30.0, metavar="S", help="seconds to wait for each answer (30)")
    p.add_argument("--no-pull", action="store_true", help="only send, fetch nothing")
    p.add_argument("--json", action="store_true", help="print the round report or status as JSON")
    add_workspace_arg(p)
    p.set_defaults(handler=cmd_sync)

    g = add_group(sub, "bundle", "USB bundles (.wbsync): signed sheets, panel results and photos without a network")
    e = g.add_parser("export", help="write a .wbsync bundle of a school's signed documents and their photos")
    e.add_argument("--school", required=True, metavar="CODE")
    e.add_argument("--since", metavar="DATE", help="only documents signed or received since (2026-11-27[T10:00])")
    e.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.wbsync")
    add_workspace_arg(e)
    e.set_defaults(handler=cmd_bundle_export)
    i = g.add_parser("import", help="verify a .wbsync bundle and store what it carries")
    i.add_argument("bundle", type=Path, metavar="FILE.wbsync")
    add_workspace_arg(i)
    i.set_defaults(handler=cmd_bundle_import)


def _open_ws(args: argparse.Namespace) -> Any:
    from workbench.store import Workspace
    return Workspace.open(getattr(args, "workspace", None))


def cmd_sync(args: argparse.Namespace) -> int:
    if args.action is None:
        if args.items:
            raise WorkbenchError(f"unexpected argument {args.items[0]!r}", hint="ACTION is status, retry, cancel or queue")
        return _round(args)
    return {"status": _status, "retry": _retry, "cancel": _cancel, "queue": _queue}[args.action](args)


def _round(args: argparse.Namespace) -> int:
    from workbench.cli.cmd_identity import read_passphrase
    from workbench.signing.identity import load_identity
    from workbench.store.outbox import Outbox
    from workbench.sync import settings
    from workbench.sync.client import HubClient
    from workbench.sync.worker import dumps_report, run_round

    if not 0 < args.timeout <= 600:  # also refuses nan
        raise WorkbenchError("--timeout must be between 0 and 600 seconds")
    with _open_ws(args) as ws:
        if ws.read_only:
            raise WorkbenchError(f"{ws.root}: the workspace is read-only; a sync round records what it sends",
                                 hint="make the workspace writable")
        if args.hub:
            targets = [settings.add_hub(ws, args.hub, args.hub_fingerprint)]
        else:
            if args.hub_fingerprint:
                raise WorkbenchError("--hub-fingerprint needs --hub URL")
            targets = settings.hubs(ws)
        if not targets:
            raise WorkbenchError("no hub is configured for this workspace", hint="give one with --hub URL")
        ident = load_identity(args.identity or settings.identity_dir(ws))
        for h in targets:
            if not h.fingerprint:
                fp = _probe(h.url, args.timeout)
                raise WorkbenchError(f"the hub at {h.url} is not pinned yet: its certificate is {fp}",
                                     hint="compare it with the chair's screen or `workbench hub status`, then run "
                                     "again with --hub-fingerprint FP")
        key = ident.private_key(read_passphrase(args.passphrase_env))
        failed = []
        for h in targets:
            def make(h: settings.HubSetting = h) -> HubClient:
                return HubClient(h.url, ident, key, hub_fingerprint=h.fingerprint, timeout=args.timeout)
            report = run_round(ws, make, pull=not args.no_pull)
            if args.json:
                print(dumps_report(report))
            else:
                print(f"{h.url}: {report.summary()}")
                for d in report.conflicts:
                    print(f"  conflict  {d}")
                for d in report.refused:
                    print(f"  refused   {d}")
            if not report.ok:
                failed.append((h.url, report))
        counts = Outbox(ws).counts()
    if not args.json:
        print(f"outbox: {counts['pending']} waiting, {counts['sent']} sent, {counts['conflict']} conflict(s), "
              f"{counts['refused']} refused")
    if failed:
        url, rep = failed[0]
        why = rep.errors[0] if rep.errors else "cancelled"
        raise SyncFailed(f"sync with {url} did not complete: {why}", hint="nothing was lost; the outbox keeps "
                         "every entry that did not go; run `workbench sync` again")
    return 0


def _probe(url: str, timeout: float) -> str:
    """The fingerprint of the hub's certificate from `GET /v1/hub` (unsigned), for pinning."""
    import httpx

    from workbench.signing.identity import fingerprint, load_cert_pem
    from workbench.sync.client import HubUnreachable
    try:
        r = httpx.get(url.rstrip("/") + "/v1/hub", timeout=timeout, trust_env=False)
        return fingerprint(load_cert_pem(r.json()["certificate"], what="the hub's certificate"))
    except httpx.HTTPError:
        raise HubUnreachable(f"cannot reach the hub at {url}", code="unreachable",
                             hint="check the network and the address; nothing was lost") from None
    except (ValueError, KeyError, TypeError, WorkbenchError):
        raise WorkbenchError(f"{url} does not answer as a workbench hub") from None


def _status(args: argparse.Namespace) -> int:
    from workbench.store.outbox import Outbox
    from workbench.sync import settings

    with _open_ws(args) as ws:
        ob = Outbox(ws)
        counts, entries = ob.counts(), ob.entries()
        hubs, last = settings.hubs(ws), settings.last_round(ws)
    if args.json:
        print(json.dumps({"counts": counts, "last_round": last, "hubs": [h.to_json() for h in hubs],
                          "entries": [{"id": e.id, "kind": e.kind, "doc_hash": e.doc_hash, "school": e.school,
                                       "state": e.state, "attempts": e.attempts,
                                       "error": e.last_error.__dict__ if e.last_error else None}
                                      for e in entries]}, ensure_ascii=False))
        return 0
    print(f"outbox    {counts['pending']} waiting, {counts['sent']} sent, {counts['conflict']} conflict(s), "
          f"{counts['refused']} refused, {counts['cancelled']} cancelled")
    print(f"last sync {last['at'] + (' ok' if last['ok'] else ' FAILED: ' + last['summary']) if last else 'never'}")
    for h in hubs:
        print(f"hub       {h.url}  {'pinned ' + h.fingerprint[:16] + '…' if h.fingerprint else 'NOT PINNED'}")
    for e in entries:
        if e.state == "sent":
            continue
        err = f"  {e.last_error.code}: {e.last_error.message}" if e.last_error else ""
        print(f"#{e.id:<4} {e.state:<9} {e.kind:<5} {e.school}  {e.doc_hash[:23]}…  tries {e.attempts}{err}")
    return 0


def _ids(args: argparse.Namespace) -> list[int]:
    if not args.items:
        raise WorkbenchError(f"sync {args.action} needs the entry id(s)", hint="see `workbench sync status`")
    try:
        return [int(x) for x in args.items]
    except ValueError:
        raise WorkbenchError(f"an outbox entry id is a number, not {args.items[0]!r}") from None


def _retry(args: argparse.Namespace) -> int:
    from workbench.store.outbox import Outbox
    with _open_ws(args) as ws:
        for n in _ids(args):
            e = Outbox(ws).retry(n)
            print(f"#{e.id} {e.state}")
    return 0


def _cancel(args: argparse.Namespace) -> int:
    from workbench.store.outbox import Outbox
    with _open_ws(args) as ws:
        for n in _ids(args):
            e = Outbox(ws).cancel(n)
            print(f"#{e.id} {e.state}")
    return 0


def _queue(args: argparse.Namespace) -> int:
    """Queue signed files (a co-signed panel result handed to the chair, say), verified first."""
    from workbench.inputs import read_regular
    from workbench.panel.verify import is_panel_bytes, verify_panel_bytes
    from workbench.signing.verify import verify_sheet_bytes
    from workbench.store.outbox import Outbox, photos_of

    if not args.items:
        raise WorkbenchError("sync queue needs the signed file(s)")
    with _open_ws(args) as ws:
        for f in args.items:
            data = read_regular(f, what="signed document", max_bytes=MAX_QUEUE_BYTES)
            if is_panel_bytes(data):
                verify_panel_bytes(data, None, check_trust_roots=False)
                e = Outbox(ws).enqueue("panel", data, [])
            else:
                verify_sheet_bytes(data, None, check_trust_roots=False)
                e = Outbox(ws).enqueue("sheet", data, photos_of(data))
            print(f"#{e.id} {e.state} {e.kind} {e.school} {e.doc_hash}")
    return 0


def cmd_bundle_export(args: argparse.Namespace) -> int:
    from workbench.sync.bundle import export_bundle
    with _open_ws(args) as ws:
        r = export_bundle(ws, args.school, args.output, since=args.since)
    print(f"wrote {r.path}: {r.school}, {r.sheets} sheet(s), {r.panels} panel result(s), {r.photos} photo(s), "
          f"{r.bytes:,} bytes")
    return 0


def cmd_bundle_import(args: argparse.Namespace) -> int:
    from workbench.sync.bundle import import_bundle
    with _open_ws(args) as ws:
        r = import_bundle(ws, args.bundle)
    print(r.summary())
    for label, why in r.refused:
        print(f"  refused   {label[:30]}…: {why}")
    if r.refused:
        raise WorkbenchError(f"{len(r.refused)} document(s) in {args.bundle.name} did not verify and were not stored",
                             hint="the others were; ask for a new bundle")
    return 0
