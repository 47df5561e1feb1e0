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
