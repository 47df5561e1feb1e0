"""One sync round with one hub: push the outbox, then pull what concerns this reviewer.

No Qt: the window runs `run_round` on a worker thread and gets `RoundProgress` through
its callback; the CLI runs it directly. A round

1. asks the hub who it is (`GET /v1/hub`): a pinned hub whose certificate differs ends
   the round before anything is signed or sent;
2. puts entries a killed process left `sending` back to `waiting` (re-sending is safe: the
   hub answers "duplicate" with the original receipt);
3. uploads every photo the waiting documents name that the hub lacks (resumable: the hub's
   offset decides where to start), in the background and in the order the documents need
   them, and pushes the documents (sheets first, then panel results) in order, each as soon
   as its own photos are on the hub, committing each state change on its own;
4. pulls the changes since this hub's cursor and imports each through the same verification
   as a file import (a package through `import_package`, a sheet through the panel's
   `collect_bytes`, a panel result through `verify_panel_bytes`), saving the cursor after
   each change is stored.

Network failures and 5xx answers are retried with exponential backoff and jitter
(`stamina`); when the hub stays away the round ends with a report and the outbox keeps
every entry. `cancel` (a threading.Event) is looked at between requests and chunks.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import stamina

from workbench.errors import Cancelled, WorkbenchError
from workbench.store.outbox import Outbox, OutboxEntry, has_received
from workbench.sync import settings
from workbench.sync.client import (
    HubAuthError,
    HubClient,
    HubConflict,
    HubError,
    HubMismatch,
    HubRefused,
    MissingBlobs,
)
from workbench.sync.photo_uploads import PhotoUploads

# the retry policy (docs/sync-client.md): 6 tries over at most ~2 minutes per request
RETRY_ATTEMPTS = 6
RETRY_TIMEOUT_S = 120.0
RETRY_WAIT_INITIAL_S = 0.5
RETRY_WAIT_MAX_S = 15.0
MAX_PULL_PAGES = 1000
# photos uploaded at once, each on its own connection: while the hub finishes one photo (its
# fsync, link and folder fsync, ~10 ms with no bytes moving) the others keep the wire busy;
# 4 against 3: round 4.8-6.0 s against 5.4-6.5 s, alternated (bench/RESULTS.md)
UPLOAD_WORKERS = 4
UPLOAD_CHUNK = 8 * 1024 * 1024  # the protocol's largest chunk: fewer signed requests and hub fsyncs


@dataclass(frozen=True)
class RoundProgress:
    """What the round is doing: `phase` connect | photos | documents | pull | done."""

    phase: str
    done: int = 0
    total: int = 0
    bytes_done: int = 0
    bytes_total: int = 0
    message: str = ""


@dataclass
class RoundReport:
    """What moved in one round. Lists hold document hashes (pulled: "kind hash")."""

    hub_url: str = ""
    hub_id: str = ""
    pushed: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    pulled: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failures: list[WorkbenchError] = field(default_factory=list)  # errors' exceptions: the window translates by code
    photos_uploaded: int = 0
    photo_bytes_sent: int = 0
    cancelled: bool = False
    reached: bool = False  # the hub answered at all

    @property
    def ok(self) -> bool:
        return self.reached and not self.errors and not self.cancelled

    def summary(self) -> str:
        parts = [f"pushed {len(self.pushed)}", f"already there {len(self.duplicates)}",
                 f"conflicts {len(self.conflicts)}", f"refused {len(self.refused)}",
                 f"pulled {len(self.pulled)}", f"photos {self.photos_uploaded}"]
        s = ", ".join(parts)
        if self.cancelled:
            s += "; cancelled"
        if self.errors:
            s += f"; {len(self.errors)} error(s): {self.errors[0]}"
        return s


ClientFactory = Callable[[], HubClient]


class _Round:
    def __init__(self, ws: Any, client: HubClient, report: RoundReport,
                 progress: Callable[[RoundProgress], None] | None, cancel: threading.Event | None,
                 factory: ClientFactory | None = None) -> None:
        self.ws, self.client, self.report = ws, client, report
        self.factory = factory
        self.outbox = Outbox(ws)
        self._progress = progress
        self.cancel = cancel or threading.Event()
        self.hub_id = ""
        self._lock = threading.Lock()  # the report's photo counters, from the upload threads

    # -- helpers ------------------------------------------------------------------------------
    def emit(self, phase: str, done: int = 0, total: int = 0, bytes_done: int = 0, bytes_total: int = 0,
             message: str = "") -> None:
        if self._progress is not None:
            with contextlib.suppress(Exception):  # a broken listener must not break the round
                self._progress(RoundProgress(phase, done, total, bytes_done, bytes_total, message))

    def check_cancel(self) -> None:
        if self.cancel.is_set():
            raise Cancelled("sync cancelled; what was not sent stays in the outbox")

    def _retry_on(self, exc: Exception) -> bool:
        return isinstance(exc, HubError) and exc.retryable and not self.cancel.is_set()

    def call(self, fn: Callable[[], Any]) -> Any:
        """fn() with the retry policy: retryable hub errors again with backoff and jitter."""
        for attempt in stamina.retry_context(on=self._retry_on, attempts=RETRY_ATTEMPTS, timeout=RETRY_TIMEOUT_S,
                                             wait_initial=RETRY_WAIT_INITIAL_S, wait_max=RETRY_WAIT_MAX_S):
            with attempt:
                self.check_cancel()
                return fn()
        raise AssertionError("unreachable")  # pragma: no cover - retry_context raises or returns

    # -- push ---------------------------------------------------------------------------------
    def push(self) -> None:
        self.outbox.recover()
        entries = self.outbox.pending_for(self.hub_id)
        if not entries:
            return
        docs = sorted(entries, key=lambda e: (e.kind != "sheet", e.id))
        uploads = self.upload_photos(docs)
        try:
            for n, e in enumerate(docs):
                self.check_cancel()
                uploads.wait(e.blobs)  # a document goes as soon as its own photos are on the hub
                self.emit("documents", n, len(docs), message=f"{e.kind} {e.doc_hash[:19]}…")
                self.push_entry(e)
            uploads.finish()
        except BaseException:
            uploads.stop()
            raise
        self.emit("documents", len(docs), len(docs))

    def upload_photos(self, docs: list[OutboxEntry]) -> PhotoUploads:
        """Start uploading the photos the hub lacks, in the order the documents need them."""
        wanted = list(dict.fromkeys(sha for e in docs for sha in e.blobs))
        missing = self.call(lambda: self.client.missing_offsets(wanted)) if wanted else {}
        return self.start_uploads([s for s in wanted if s in missing], missing)

    def upload(self, shas: list[str], offsets: dict[str, int] | None = None) -> None:
        """Upload these photos the hub lacks and wait for them."""
        uploads = self.start_uploads(shas, offsets or {})
        try:
            uploads.finish()
        except BaseException:
            uploads.stop()
            raise

    def start_uploads(self, shas: list[str], offsets: dict[str, int]) -> PhotoUploads:
        """Photos going up UPLOAD_WORKERS at a time (each thread its own connection: the hub's
        fsyncs and hashing overlap the next photo on the wire). `offsets`: where the hub said
        each upload stands, so no HEAD is asked first."""
        sizes = {}
        for sha in shas:
            p = self.ws.blobs.path(sha)
            if p.is_file():
                sizes[sha] = p.stat().st_size
        todo = [sha for sha in shas if sha in sizes]
        total = sum(sizes.values())
        lock = self._lock
        state = {"files": 0, "bytes": 0}
        partial: dict[str, int] = {}

        def prog(sha: str, off: int) -> None:
            with lock:
                partial[sha] = off
                done = state["bytes"] + sum(partial.values())
            self.emit("photos", state["files"], len(todo), done, total, f"photo {sha[:12]}…")

        def one(client: HubClient, sha: str) -> None:
            # the first try starts where /blobs/missing said; a retry asks HEAD (the hub may have moved on)
            first = [offsets.get(sha)]
            res = self.call(lambda: client.upload_blob(sha, self.ws.blobs.path(sha), chunk=UPLOAD_CHUNK, verify_source=False,
                                                       progress=lambda off, _size: prog(sha, off),
                                                       cancelled=self.cancel.is_set, offset=first.pop() if first else None))
            with lock:
                partial.pop(sha, None)
                state["files"] += 1
                state["bytes"] += sizes[sha]
                if not res.already:
                    self.report.photos_uploaded += 1
                    self.report.photo_bytes_sent += res.sent
            self.emit("photos", state["files"], len(todo), state["bytes"], total)

        return PhotoUploads(todo, sizes, client=self.client, factory=self.factory, workers=UPLOAD_WORKERS,
                            upload_one=one, check_cancel=self.check_cancel).start()

    def push_entry(self, e: OutboxEntry) -> None:
        data = self.outbox.data(e.id)
        self.outbox.mark_sending(e.id)
        try:
            res = self.push_document(e.kind, data)
        except Cancelled:
            self.outbox.mark_failed(e.id, "cancelled", "the round was cancelled")
            raise
        except HubConflict as err:
            self.outbox.mark_conflict(e.id, self.hub_id, err.code, err.message, self.hub_version(err),
                                     zh=err.message_zh)
            self.report.conflicts.append(e.doc_hash)
            return
        except (HubAuthError, HubMismatch) as err:
            self.outbox.mark_failed(e.id, err.code, err.message, zh=err.message_zh)  # kept: about us, not the document
            raise
        except HubError as err:
            if err.retryable:
                self.outbox.mark_failed(e.id, err.code, err.message, zh=err.message_zh)
                raise
            if err.code in ("missing_blobs", "missing_sheets"):
                self.outbox.mark_failed(e.id, err.code, err.message, zh=err.message_zh)  # may pass: a photo not imported yet
                self.report.errors.append(f"{e.kind} {e.doc_hash[:19]}…: {err.message}")
                self.report.failures.append(err)
                return
            self.outbox.mark_refused(e.id, self.hub_id, err.code, err.message, zh=err.message_zh)
            self.report.refused.append(e.doc_hash)
            return
        except WorkbenchError as err:
            self.outbox.mark_failed(e.id, "local", err.message)
            self.report.errors.append(f"{e.kind} {e.doc_hash[:19]}…: {err.message}")
            self.report.failures.append(err)
            return
        self.outbox.mark_sent(e.id, self.hub_id, res.receipt, duplicate=res.duplicate)
        (self.report.duplicates if res.duplicate else self.report.pushed).append(e.doc_hash)

    def push_document(self, kind: str, data: bytes) -> Any:
        """Push one document; photos or member sheets the hub says it lacks are sent, then
        the document again (once)."""
        send = self.client.push_sheet if kind == "sheet" else self.client.push_panel
        try:
            return self.call(lambda: send(data))
        except MissingBlobs as err:
            self.upload(err.missing)
        except HubRefused as err:
            if err.code != "missing_sheets" or kind != "panel":
                raise
            self.push_member_sheets([str(h) for h in err.body.get("missing", [])])
        return self.call(lambda: send(data))

    def push_member_sheets(self, hashes: list[str]) -> None:
        """A chair forwarding a panel result to another hub (the bureau) sends the members'
        sheets it collected first, with their photos."""
        from workbench.store.outbox import photos_of
        from workbench.store.panel_store import PanelStore

        store = PanelStore(self.ws)
        for h in hashes:
            data = store.sheet_bytes(h)
            missing = self.call(lambda data=data: self.client.missing_offsets(photos_of(data)))
            self.upload(list(missing), missing)
            self.call(lambda data=data: self.client.push_sheet(data))

    def hub_version(self, err: HubConflict) -> dict[str, Any]:
        """What the hub holds under the conflicting key, with its document when it lets us see it."""
        stored = err.body.get("stored") if isinstance(err.body.get("stored"), dict) else {}
        out: dict[str, Any] = {"reason": err.body.get("reason"), "conflict_id": err.body.get("conflict_id"),
                               "stored": stored, "incoming": err.body.get("incoming"), "document": None}
        h = stored.get("hash")
        if isinstance(h, str):
            with contextlib.suppress(HubError):
                out["document"] = self.client.document(h).decode("utf-8", "replace")
        return out

    # -- pull ---------------------------------------------------------------------------------
    def pull(self) -> None:
        since = settings.cursor(self.ws, self.hub_id)
        for _page in range(MAX_PULL_PAGES):
            self.check_cancel()
            body = self.call(lambda since=since: self.client.changes(since))
            changes = body["changes"]
            for n, ch in enumerate(changes):
                self.check_cancel()
                self.emit("pull", n, len(changes), message=f"{ch.get('kind')} {ch.get('id')}")
                self.pull_one(ch)
                seq = ch.get("seq")
                if isinstance(seq, int) and seq > since:
                    since = seq
                    settings.set_cursor(self.ws, self.hub_id, since)
            nxt = body.get("cursor")
            if isinstance(nxt, int) and nxt > since:
                since = nxt
                settings.set_cursor(self.ws, self.hub_id, since)
            if not body.get("more") or not changes:
                return

    def pull_one(self, ch: dict[str, Any]) -> None:
        from workbench.sync.importing import import_document

        kind, h = ch.get("kind"), ch.get("hash")
        if kind == "revocation" and isinstance(h, str):
            self.pull_revocation(h)
            return
        if not isinstance(h, str) or kind not in ("sheet", "panel", "assignment", "package", "rubric"):
            return
        if self.outbox.find(h) is not None or has_received(self.ws, h):
            return  # ours, or already here
        data = self.call(lambda: self.client.document(h))
        if kind in ("sheet", "panel"):  # this hub had it: a witness of its time (workbench.panel.witness)
            from workbench.panel.witness import record_hub_witness
            record_hub_witness(self.ws, self.hub_id, h)
        try:
            outcome = import_document(self.ws, kind, data, doc_hash=h, source=self.hub_id,
                                      fetch_blob=lambda sha: self.call(lambda: self.client.get_blob(sha)))
        except HubError:
            raise
        except WorkbenchError as err:
            self.report.errors.append(f"pulled {kind} {h[:19]}…: {err.message}")
            self.report.failures.append(err)
            return
        if outcome:
            self.report.pulled.append(f"{kind} {h}")

    def pull_revocation(self, h: str) -> None:
        """A revoked certificate: verified with the pinned hub's key, then kept (sync.revocations)."""
        from workbench.sync.revocations import pull_revocation

        try:
            rev = self.call(lambda: pull_revocation(self.ws, self.client, h))
        except HubError:
            raise
        except WorkbenchError as err:
            self.report.errors.append(f"pulled revocation {h[:19]}…: {err.message}")
            self.report.failures.append(err)
            return
        if rev is not None:
            self.report.pulled.append(f"revocation {h}")


def run_round(ws: Any, client_factory: ClientFactory, *, progress: Callable[[RoundProgress], None] | None = None,
              cancel: threading.Event | None = None, pull: bool = True) -> RoundReport:
    """One round with the hub `client_factory()` connects to. Never raises for the network,
    the hub or a cancel: the report says what happened; the outbox keeps what did not go."""
    report = RoundReport()
    r: _Round | None = None
    try:
        with client_factory() as client:
            report.hub_url = client.base_url
            r = _Round(ws, client, report, progress, cancel, client_factory)
            r.emit("connect", message=client.base_url)
            info = r.call(client.hub_info)
            report.reached = True
            r.hub_id = report.hub_id = info.hub_id
            r.push()
            if pull:
                r.pull()
    except Cancelled:
        report.cancelled = True
    except HubError as err:
        report.errors.append(err.message + (f" ({err.hint})" if err.hint else ""))
        report.failures.append(err)
    except WorkbenchError as err:  # the workspace itself (full disk, read-only)
        report.errors.append(err.message)
        report.failures.append(err)
    finally:
        if r is not None:
            with contextlib.suppress(WorkbenchError):
                r.outbox.recover()  # nothing stays `sending` after a round that ended early
    with contextlib.suppress(WorkbenchError):
        settings.set_last_round(ws, report.ok, report.summary())
    if r is not None:
        r.emit("done", message=report.summary())
    return report


# -- clients from the workspace settings --------------------------------------------------------
def client_factories(ws: Any, identity_dir: str | Path | None = None, passphrase: str | None = None, *,
                     timeout: float = 30.0) -> list[tuple[settings.HubSetting, ClientFactory]]:
    """One factory per configured hub, signing with the workspace's identity (unlocked once)."""
    from workbench.signing.identity import load_identity

    ident = load_identity(Path(identity_dir) if identity_dir else settings.identity_dir(ws))
    key = ident.private_key(passphrase)
    out = []
    for h in settings.hubs(ws):
        def make(h: settings.HubSetting = h) -> HubClient:
            return HubClient(h.url, ident, key, hub_fingerprint=h.fingerprint, timeout=timeout)
        out.append((h, make))
    return out


def dumps_report(report: RoundReport) -> str:
    return json.dumps({k: getattr(report, k) for k in (
        "hub_url", "hub_id", "pushed", "duplicates", "conflicts", "refused", "pulled", "errors",
        "photos_uploaded", "photo_bytes_sent", "cancelled", "reached")} | {"ok": report.ok}, ensure_ascii=False)
