"""An unexpected failure is a 500 with code "internal", a log line, and no traceback."""

from __future__ import annotations

import logging

from helpers.docs import sheet_bytes
from sqlalchemy import text


def test_internal_error_answers_json_without_traceback(api, people, caplog):
    with api.hub.engine.begin() as conn:
        conn.execute(text("DROP TABLE receipts"))
    with caplog.at_level(logging.ERROR, logger="workbench.hub"):
        r = api.send(people.m1, "POST", "/v1/sheets", sheet_bytes(people.m1),
                     content_type="application/vnd.workbench.sheet+json")
    assert r.status_code == 500
    assert r.json() == {"code": "internal", "message": {"zh": "中心内部错误",
                                                        "en": "internal error on the hub; the request was not applied"}}
    assert "Traceback" not in r.text and "receipts" not in r.text
    assert any("internal error on POST /v1/sheets" in rec.getMessage() for rec in caplog.records)


def test_database_unavailable_is_a_retryable_503(api, people, tmp_path):
    from workbench.sync.hub.db import make_engine, sessions

    hub = api.hub
    hub.engine.dispose()
    gone = make_engine(f"sqlite:///{tmp_path / 'no-such-folder' / 'hub.db'}")
    hub.engine, hub.maker = gone, sessions(gone)
    hub.read_engine, hub.reader = gone, sessions(gone)
    r = api.send(people.m1, "GET", "/v1/whoami")
    assert r.status_code == 503 and r.json()["code"] == "unavailable" and r.headers["Retry-After"] == "2"
