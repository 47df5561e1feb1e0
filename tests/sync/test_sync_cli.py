"""`workbench sync`, `sync status|retry|cancel|queue` and `workbench bundle export|import` as
commands, against a real hub subprocess: pinning on first contact, one line on failure."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from helpers.identities import PASS
from sync_helpers import SCHOOL, Panel

from workbench.panel.collect import add_trust


def wb(lap, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:  # noqa: ANN001
    env = dict(os.environ, WB_TEST_PASS=PASS)
    env.pop("WORKBENCH_HOME", None)
    r = subprocess.run([sys.executable, "-m", "workbench", *args, "--workspace", str(lap.ws.root)],
                       env=env, capture_output=True, text=True, timeout=180)
    if ok:
        assert r.returncode == 0, r.stderr
    else:
        assert r.returncode != 0 and len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert "Traceback" not in r.stderr
    return r


def test_sync_command_pins_pushes_and_reports(panel: Panel, tmp_path) -> None:
    hub = panel.start_hub(tmp_path)
    lap = panel.m1
    lap.sign_sheet(0)
    r = wb(lap, "sync", "--hub", hub.url, "--passphrase-env", "WB_TEST_PASS", ok=False)
    assert "not pinned yet: its certificate is" in r.stderr and "--hub-fingerprint" in r.stderr
    fp = r.stderr.split("its certificate is ")[1].split()[0]
    assert len(fp) == 64
    bad = wb(lap, "sync", "--hub", hub.url, "--hub-fingerprint", "cd" * 32, "--passphrase-env", "WB_TEST_PASS",
             ok=False)
    assert "not the expected" in bad.stderr and "nothing was lost" in bad.stderr
    out = wb(lap, "sync", "--hub", hub.url, "--hub-fingerprint", fp, "--passphrase-env", "WB_TEST_PASS").stdout
    assert f"{hub.url}: pushed 1" in out and "outbox: 0 waiting, 1 sent" in out
    again = wb(lap, "sync", "--passphrase-env", "WB_TEST_PASS", "--json").stdout  # the hub is remembered
    rep = json.loads(again.splitlines()[0])
    assert rep["ok"] and rep["pushed"] == [] and rep["hub_url"] == hub.url
    st = wb(lap, "sync", "status").stdout
    assert "0 waiting, 1 sent" in st and f"pinned {fp[:16]}" in st and "last sync" in st


def test_sync_status_retry_cancel_queue(panel: Panel, tmp_path) -> None:
    from helpers.docs import sheet_bytes

    lap = panel.m1
    f = tmp_path / "s.json"
    f.write_bytes(sheet_bytes(lap.person))
    q = wb(lap, "sync", "queue", str(f)).stdout
    assert q.startswith("#1 waiting sheet MJ-PS-001 sha256:")
    assert wb(lap, "sync", "queue", str(f)).stdout == q  # the same document: the same entry
    assert "#1 cancelled" in wb(lap, "sync", "cancel", "1").stdout
    st = json.loads(wb(lap, "sync", "status", "--json").stdout)
    assert st["counts"]["cancelled"] == 1 and st["entries"][0]["state"] == "cancelled"
    assert "#1 waiting" in wb(lap, "sync", "retry", "1").stdout
    assert "no outbox entry 7" in wb(lap, "sync", "cancel", "7", ok=False).stderr
    assert "a number" in wb(lap, "sync", "retry", "x", ok=False).stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    wb(lap, "sync", "queue", str(bad), ok=False)
    assert "no hub is configured" in wb(lap, "sync", ok=False).stderr


def test_bundle_commands(panel: Panel, tmp_path, jpegs) -> None:
    m1, chair = panel.m1, panel.chair
    m1.sign_sheet(0, jpegs[:1])
    out = tmp_path / "m1.wbsync"
    assert "1 sheet(s), 0 panel result(s), 1 photo(s)" in wb(m1, "bundle", "export", "--school", SCHOOL,
                                                             "-o", str(out)).stdout
    add_trust(chair.ws, m1.person.identity.dir / "cert.pem")
    assert "added 1" in wb(chair, "bundle", "import", str(out)).stdout
    assert "already here 1" in wb(chair, "bundle", "import", str(out)).stdout
    cut = tmp_path / "cut.wbsync"
    cut.write_bytes(out.read_bytes()[:1000])
    assert "cut.wbsync" in wb(chair, "bundle", "import", str(cut), ok=False).stderr
    assert "nothing to export" in wb(chair, "bundle", "export", "--school", "NOPE", "-o", str(tmp_path / "x.wbsync"),
                                     ok=False).stderr
