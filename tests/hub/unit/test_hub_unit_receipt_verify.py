"""`workbench verify RECEIPT.json`: real receipts from the in-process hub, checked offline
against the hub's certificate, alone or as a chain; each refusal one line with its exit code."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from helpers.docs import sheet_bytes

from workbench.cli.main import main
from workbench.signing.verify import EXIT_CODES
from workbench.sync.hub.service import init_hub

SHEET = "application/vnd.workbench.sheet+json"


@pytest.fixture
def receipts(api, people) -> list[dict]:  # noqa: ANN001
    out = []
    for p in (people.m1, people.m2, people.chair):
        r = api.send(p, "POST", "/v1/sheets", sheet_bytes(p), content_type=SHEET)
        assert r.status_code == 201
        out.append(r.json()["receipt"])
    return out


@pytest.fixture
def hub_cert(api, tmp_path) -> Path:  # noqa: ANN001
    p = tmp_path / "hub-cert.pem"
    p.write_text(api.hub.cert_pem)
    return p


def verify(path: Path, *opts: str) -> int:
    return main(["verify", str(path), *opts])


def write(tmp_path: Path, name: str, obj) -> Path:  # noqa: ANN001
    p = tmp_path / name
    p.write_text(obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False))
    return p


def one_line_error(capsys) -> str:  # noqa: ANN001
    err = capsys.readouterr().err.strip()
    assert err and "\n" not in err and "Traceback" not in err
    return err


def test_one_receipt_verifies_and_prints_hub_document_time_seq(tmp_path, receipts, hub_cert, api, capsys):
    r = receipts[1]
    assert verify(write(tmp_path, "r.json", r), "--trust", str(hub_cert)) == 0
    out = capsys.readouterr().out
    assert api.hub.hub_id in out and "麻江县评估中心" in out
    assert r["document"] in out and r["arrived_at"] in out and f"seq {r['seq']}" in out
    assert verify(write(tmp_path, "r2.json", r), "--hub-cert", str(hub_cert)) == 0


@pytest.mark.parametrize("form", ["array", "page", "jsonl"])
def test_a_file_of_receipts_is_checked_as_one_chain(tmp_path, receipts, hub_cert, capsys, form):
    text = {"array": json.dumps(receipts),
            "page": json.dumps({"receipts": receipts, "last_seq": 3}),
            "jsonl": "\n".join(json.dumps(r) for r in receipts) + "\n"}[form]
    assert verify(write(tmp_path, "rs.json", text), "--trust", str(hub_cert)) == 0
    out = capsys.readouterr().out
    assert "chain unbroken" in out and all(r["document"] in out for r in receipts)
    # a page that starts mid-chain links onto its own first receipt
    assert verify(write(tmp_path, "tail.json", receipts[1:]), "--trust", str(hub_cert)) == 0


def test_a_tampered_receipt_is_a_signature_refusal(tmp_path, receipts, hub_cert, capsys):
    bad = copy.deepcopy(receipts[0])
    bad["arrived_at"] = "2026-01-01T00:00:00Z"
    assert verify(write(tmp_path, "r.json", bad), "--trust", str(hub_cert)) == EXIT_CODES["signature"]
    assert "signature" in one_line_error(capsys)


def test_a_removed_receipt_breaks_the_chain(tmp_path, receipts, hub_cert, capsys):
    gap = [receipts[0], receipts[2]]
    assert verify(write(tmp_path, "rs.json", gap), "--trust", str(hub_cert)) == EXIT_CODES["altered"]
    assert "missing" in one_line_error(capsys)
    swapped = [receipts[0], receipts[2], receipts[1]]
    assert verify(write(tmp_path, "rs2.json", swapped), "--trust", str(hub_cert)) == EXIT_CODES["altered"]
    one_line_error(capsys)


def test_a_receipt_from_another_hub_is_untrusted(tmp_path, receipts, people, capsys):
    other = init_hub(tmp_path / "other", name="另一个中心")
    try:
        cert = write(tmp_path, "other-cert.pem", other.cert_pem)
    finally:
        other.close()
    assert verify(write(tmp_path, "r.json", receipts[0]), "--trust", str(cert)) == EXIT_CODES["untrusted"]
    assert "from hub" in one_line_error(capsys)
    # a reviewer's certificate is no hub's
    assert verify(write(tmp_path, "r2.json", receipts[0]), "--trust",
                  str(people.m1.cert_path)) == EXIT_CODES["untrusted"]
    one_line_error(capsys)
    assert verify(write(tmp_path, "r3.json", receipts[0])) == EXIT_CODES["untrusted"]  # no certificate
    one_line_error(capsys)


def test_a_malformed_receipt(tmp_path, receipts, hub_cert, capsys):
    bad = dict(receipts[1], seq="2")
    assert verify(write(tmp_path, "r.json", bad), "--trust", str(hub_cert)) == EXIT_CODES["malformed"]
    assert "seq" in one_line_error(capsys)
    mixed = [receipts[0], {"hub_id": "x", "seq": 2, "prev": None, "extra": 1}]
    assert verify(write(tmp_path, "r2.json", mixed), "--trust", str(hub_cert)) == EXIT_CODES["malformed"]
    one_line_error(capsys)
