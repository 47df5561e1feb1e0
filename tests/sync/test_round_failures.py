"""A round's report keeps each error's exception beside its English line (`failures`), so the
window can say it by its stable code in its own language (workbench/ui/sync/error_words.py)."""

from __future__ import annotations

from helpers.pg import free_port
from sync_helpers import make_person

from workbench.store import Workspace
from workbench.sync.client import HubClient
from workbench.sync.worker import dumps_report, run_round


def test_each_round_error_keeps_its_exception_with_its_code(tmp_path):
    person = make_person(tmp_path / "identity", "王建国")
    ws = Workspace.open(tmp_path / "ws")
    for url, code in (("http://127.0.0.1:80a0", "bad_address"), (f"http://127.0.0.1:{free_port()}", "unreachable")):
        report = run_round(ws, lambda url=url: HubClient(url, person.identity, person.key, timeout=2.0))
        assert [f.code for f in report.failures] == [code]
        assert len(report.failures) == len(report.errors) and report.failures[0].message in report.errors[0]
        assert "failures" not in dumps_report(report)  # the CLI's JSON is unchanged
