"""The overall deadline per hub request (workbench/sync/client/deadline.py): a hub or proxy that
trickles its answer is cut at the deadline with `hub_too_slow`, retryable, nothing lost; a
slow-but-steady transfer above the minimum rate is not cut. Real loopback servers only."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from helpers.identities import make_person
from slow_servers import SlowServer, TrickleProxy, loopback_tls
from sync_helpers import Panel, hub_counts

from workbench.sync import protocol as P
from workbench.sync.client import DeadlinePolicy, HubClient, HubTooSlow
from workbench.sync.client.deadline import deadline_transport, running
from workbench.sync.client.pinning import tls_context

MiB = 1024 * 1024
FLOOR = 1.0
MARGIN = 1.5  # a loaded 2-core machine: the cut comes at the deadline, this only absorbs scheduling


@pytest.fixture(scope="module")
def person(tmp_path_factory):  # noqa: ANN001, ANN201
    return make_person(tmp_path_factory.mktemp("deadline") / "id", "王建国")


def _client(person, url: str, policy: DeadlinePolicy) -> HubClient:  # noqa: ANN001
    return HubClient(url, person.identity, person.key, deadline=policy, timeout=10.0)


@pytest.mark.parametrize("mode", ["trickle_head", "trickle_body"])
def test_a_trickling_answer_is_cut_at_the_deadline(person, mode: str) -> None:  # noqa: ANN001
    srv = SlowServer(mode)
    try:
        with _client(person, srv.url, DeadlinePolicy(floor_s=FLOOR)) as c:
            t0 = time.monotonic()
            with pytest.raises(HubTooSlow) as ei:
                c.hub_info()  # per read, httpx's 10 s never fires: a byte arrives every 0.2 s
            took = time.monotonic() - t0
    finally:
        srv.close()
    err = ei.value
    assert FLOOR - 0.05 <= took <= FLOOR + MARGIN, took
    assert err.code == "hub_too_slow" and err.retryable
    assert "too slow" in err.message and "GET /v1/hub" in err.message and "\n" not in err.message
    assert "nothing was lost" in (err.hint or "")


def test_the_transport_honours_a_running_deadline_and_only_then(person) -> None:  # noqa: ANN001
    srv = SlowServer("trickle_body")
    try:
        with httpx.Client(transport=deadline_transport(tls_context()), timeout=10.0) as http:
            d = DeadlinePolicy(floor_s=0.6).start(0)
            with running(d), pytest.raises(httpx.ReadTimeout):
                http.get(srv.url + "/")
            assert d.passed() and 0.55 <= d.elapsed() <= 0.6 + MARGIN
            # no deadline running: httpx's per-read timeout is all there is (12 bytes, 11 gaps: 2.2 s)
            t0 = time.monotonic()
            assert http.get(srv.url + "/").json() == {"ok": True}
            assert time.monotonic() - t0 >= 11 * 0.2 - 0.1
    finally:
        srv.close()


@pytest.mark.parametrize("mode", ["silent", "trickle_body"])
def test_over_tls_the_handshake_and_the_reads_honour_it(tmp_path: Path, mode: str) -> None:
    server_ctx, client_ctx = loopback_tls(tmp_path)
    srv = SlowServer(mode, tls=server_ctx)
    try:
        # httpx's own timeouts (10 s) are far: only the deadline can end these in time
        with httpx.Client(transport=deadline_transport(client_ctx), timeout=10.0) as http:
            d = DeadlinePolicy(floor_s=0.6).start(0)
            # silent: cut in the TLS handshake (ConnectTimeout); trickle_body: in the reads (a
            # certificate or TLS failure would be a ConnectError, not a timeout)
            with running(d), pytest.raises(httpx.TimeoutException):
                http.get(f"https://127.0.0.1:{srv.port}/")
            assert d.passed() and 0.55 <= d.elapsed() <= 0.6 + MARGIN
    finally:
        srv.close()


def test_a_slow_but_steady_upload_under_the_rate_is_not_cut(person) -> None:  # noqa: ANN001
    size, rate = 3 * MiB, 3 * MiB  # the hub reads at 3 MiB/s: ~1 s, twice the floor
    srv = SlowServer("slow_reader", rate=rate)
    body = bytes(range(256)) * (size // 256)
    try:
        # sized by what is sent: 0.5 s + 3 MiB at 1 MiB/s = 3.5 s
        with _client(person, srv.url, DeadlinePolicy(floor_s=0.5, min_rate=MiB)) as c:
            t0 = time.monotonic()
            resp = c.send_raw(c.build("PATCH", "/v1/blobs/x", body=body, content_type=P.BLOB_MEDIA_TYPE))
            took = time.monotonic() - t0
        assert resp.status_code == 200 and srv.received == size
        assert took > 0.5, took  # longer than the floor: a deadline blind to size would have cut it
        # the same upload with a deadline that ignores its size is cut while it is written
        srv.received = 0
        with _client(person, srv.url, DeadlinePolicy(floor_s=0.5, min_rate=1e12)) as c:
            t0 = time.monotonic()
            with pytest.raises(HubTooSlow):
                c.send_raw(c.build("PATCH", "/v1/blobs/x", body=body, content_type=P.BLOB_MEDIA_TYPE))
            assert time.monotonic() - t0 <= 0.5 + MARGIN
    finally:
        srv.close()


def test_a_steady_large_answer_earns_its_time(person) -> None:  # noqa: ANN001
    size = 3 * MiB  # 3 MiB/s: ~1 s, twice the floor; each byte received earns 1 µs at 1 MiB/s
    srv = SlowServer("steady_body", rate=3 * MiB, body_size=size)
    try:
        with _client(person, srv.url, DeadlinePolicy(floor_s=0.5, min_rate=MiB)) as c:
            t0 = time.monotonic()
            resp = c.send_raw(c.build("GET", "/v1/blobs/x", signed=False))
            took = time.monotonic() - t0
        assert resp.status_code == 200 and len(resp.content) == size and took > 0.5, took
    finally:
        srv.close()


def test_the_policy_refuses_nonsense() -> None:
    for floor, rate in ((0, 1), (1, 0), (float("nan"), 1), (-1, 1)):
        with pytest.raises(ValueError):
            DeadlinePolicy(floor_s=floor, min_rate=rate)


def test_a_round_through_a_trickling_proxy_loses_nothing_and_sends_once_later(panel: Panel, tmp_path: Path) -> None:
    hub = panel.start_hub(tmp_path)
    panel.m1.sign_sheet(0)
    proxy = TrickleProxy(hub.port, b"POST " + P.PATH_SHEETS.encode())
    try:
        t0 = time.monotonic()
        r = panel.m1.sync(proxy.url, deadline=DeadlinePolicy(floor_s=FLOOR))
        took = time.monotonic() - t0
        assert proxy.trickled == 3  # stamina's test mode: 3 tries, each cut at its deadline
        assert took < 3 * (FLOOR + MARGIN) + 5, took
        assert not r.ok and "too slow" in r.errors[0] and "POST /v1/sheets" in r.errors[0], r.errors
        (e,) = panel.m1.outbox.entries()
        assert e.state == "waiting" and e.last_error is not None and e.last_error.code == "hub_too_slow"
        # the hub did the work; only its answer never arrived
        assert hub_counts(panel.admin, hub.url).get("sheet") == 1
        proxy.fixed = True
        r = panel.m1.sync(proxy.url, deadline=DeadlinePolicy(floor_s=FLOOR))
    finally:
        proxy.close()
    assert r.ok, r.errors
    assert len(r.duplicates) + len(r.pushed) == 1
    (e,) = panel.m1.outbox.entries()
    assert e.state == "sent" and e.receipt
    assert hub_counts(panel.admin, hub.url).get("sheet") == 1  # one record on the hub, ever


def test_a_photo_whose_answer_trickles_is_found_on_the_hub_and_not_sent_again(panel: Panel, tmp_path: Path,
                                                                              jpegs) -> None:  # noqa: ANN001
    hub = panel.start_hub(tmp_path)
    panel.m1.sign_sheet(0, jpegs[:1])
    proxy = TrickleProxy(hub.port, b"PATCH /v1/blobs/")
    try:
        t0 = time.monotonic()
        r = panel.m1.sync(proxy.url, deadline=DeadlinePolicy(floor_s=FLOOR))
        took = time.monotonic() - t0
    finally:
        proxy.close()
    # the PATCH is cut at its deadline; the client's resume asks HEAD (answered at once), which
    # says the hub holds the whole photo: no second PATCH, and the sheet goes on
    assert proxy.trickled == 1 and took < FLOOR + MARGIN + 5, took
    assert r.ok and len(r.pushed) == 1 and r.photos_uploaded == 1, r.errors
    assert hub_counts(panel.admin, hub.url).get("sheet") == 1
