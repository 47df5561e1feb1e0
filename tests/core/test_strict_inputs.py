"""One score grammar everywhere, strict JSON (lone surrogates, huge integers), regular files
only: each lenient or hostile input the issue names is refused with one line."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest

from workbench.cli.main import main
from workbench.decimals import parse_decimal
from workbench.errors import RubricError, ScoreError, WorkbenchError
from workbench.inputs import check_regular, loads_json, open_regular, read_regular
from workbench.rubric import load_rubric
from workbench.rubric.canonical import CanonicalError, canonical_bytes
from workbench.rubric.loader import load_rubric_file
from workbench.scoring import validate_score
from workbench.scoring.scorefile import load_score_file

R = load_rubric("majiang-2015")
LENIENT = ["0_5", "1_0", "1e-999999999", "1e0", "+1", "-0", "１", "１.５", "٣", " 1", "1 ", "1\n", "\t1",
           "1.", ".5", "1.555", "0x1", "NaN", "Infinity", "1,5", "1000000", ""]


@pytest.mark.parametrize("text", LENIENT)
def test_lenient_numbers_are_refused_by_the_one_grammar(text: str) -> None:
    with pytest.raises(ValueError, match="is not a number written like"):
        parse_decimal(text, what="x")
    with pytest.raises(ScoreError):
        validate_score(R, "B9.1", text)


def test_the_grammar_reads_what_is_written() -> None:
    assert parse_decimal("0.5", what="x") == Decimal("0.5")
    assert parse_decimal("10", what="x") == Decimal(10)
    assert parse_decimal("999999.99", what="x") == Decimal("999999.99")
    assert validate_score(R, "B9.1", "5.50") == Decimal("5.5")


def _score_file(tmp_path: Path, body: str | bytes, name: str = "s.json") -> Path:
    p = tmp_path / name
    p.write_bytes(body if isinstance(body, bytes) else body.encode())
    return p


@pytest.mark.parametrize("text", ["0_5", "1_0", "1e-999999999", "+1", "１"])
def test_score_file_and_cli_refuse_lenient_numbers(tmp_path: Path, capsys, text: str) -> None:
    p = _score_file(tmp_path, json.dumps({"rubric": "majiang-2015", "scores": {"B2.1": text}},
                                         ensure_ascii=False))
    with pytest.raises(ScoreError, match="B2.1: .* is not a number written like"):
        load_score_file(p)
    assert main(["score", str(p)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "scores: B2.1:" in err
    # the same text in the self-assessment
    p = _score_file(tmp_path, json.dumps({"rubric": "majiang-2015", "scores": {},
                                          "self_assessment": {"B2.1": text}}, ensure_ascii=False))
    with pytest.raises(ScoreError, match="self_assessment: B2.1"):
        load_score_file(p)


def test_score_file_lone_surrogate_names_the_field(tmp_path: Path, capsys) -> None:
    p = _score_file(tmp_path, '{"rubric": "majiang-2015", "scores": {}, "facts": {"stage": "\\ud800"}}')
    with pytest.raises(ScoreError) as e:
        load_score_file(p)
    assert "facts.stage: the text holds an invalid character" in str(e.value)
    p = _score_file(tmp_path, '{"rubric": "majiang-2015", "scores": {"B1.1\\udfff": "1"}}')
    assert main(["score", str(p)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "scores: the key 'B1.1\\udfff'" in err


def test_score_file_huge_and_out_of_range_facts(tmp_path: Path, capsys) -> None:
    p = _score_file(tmp_path, '{"rubric": "majiang-2015", "scores": {}, "facts": {"students": '
                    + "9" * 5000 + "}}")
    assert main(["score", str(p)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "facts.students: a number of 5,000 digits is out of range" in err
    p = _score_file(tmp_path, '{"rubric": "majiang-2015", "scores": {}, "facts": {"students": 10000001}}')
    with pytest.raises(ScoreError, match="facts.students: must be a whole number from 0 to 10,000,000"):
        load_score_file(p)
    p = _score_file(tmp_path, '{"rubric": "majiang-2015", "scores": {}, "facts": {"students": 10000000}}')
    assert load_score_file(p).facts["students"] == 10_000_000


def test_score_file_duplicate_keys_are_refused(tmp_path: Path) -> None:
    p = _score_file(tmp_path, '{"rubric": "majiang-2015", "scores": {"B1.1": "1", "B1.1": "0"}}')
    with pytest.raises(ScoreError, match="key 'B1.1' appears twice"):
        load_score_file(p)


def test_workspace_score_cli_uses_the_grammar(tmp_path: Path, capsys) -> None:
    from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package
    from workbench.store import Workspace

    with Workspace.open(tmp_path / "ws") as ws:
        import_package(ws, demo_package_path())
        ws.set_local_reviewer("王芳", "麻江县教育和科技局", "member")
    base = ["--workspace", str(tmp_path / "ws"), "workspace", "score", DEMO_SCHOOL_CODE, "B2.1"]
    for text in ("0_5", "1e-999999999", "+1", "２"):
        assert main([*base, text]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "is not a number written like" in err
    assert main([*base, "1.5"]) == 0
    with Workspace.open(tmp_path / "ws") as ws:
        me = ws.local_reviewer()
        assert ws.scores(DEMO_SCHOOL_CODE, me.id)["B2.1"] == Decimal("1.5")


# -- strict JSON -------------------------------------------------------------------------------

def test_loads_json_accepts_ordinary_json_and_surrogate_pairs() -> None:
    doc = loads_json(b'\xef\xbb\xbf{"a": [1, -2, "\\ud83d\\ude00", {"b": null}]}', what="t")
    assert doc == {"a": [1, -2, "😀", {"b": None}]}
    assert loads_json('{"x": 1.5}', what="t") == {"x": 1.5}


@pytest.mark.parametrize(("text", "message"), [
    ('{"a": {"b": ["ok", "\\ud800"]}}', "t: a.b[1]: the text holds an invalid character"),
    ('{"a": "\\udc00x"}', "t: a: the text holds an invalid character"),
    ('[{"\\ud800": 1}]', "t: [0]: the key '\\ud800' holds an invalid character"),
    ('{"n": [' + "1" * 4301 + "]}", "t: n[0]: a number of 4,301 digits is out of range"),
    ('{"n": -' + "1" * 16 + "}", "t: n: a number of 16 digits"),
    ('{"a": 1, "a": 2}', "key 'a' appears twice"),
    ('{"a": NaN}', "NaN is not JSON"),
    ('{"a": Infinity}', "Infinity is not JSON"),
    ("[" * 100_000 + "]" * 100_000, "t: nested too deeply"),
    ('{"a": ', "t: not valid JSON (line 1, column 7"),
])
def test_loads_json_refuses_with_one_line(text: str, message: str) -> None:
    with pytest.raises(WorkbenchError) as e:
        loads_json(text.encode(), what="t")
    assert message in str(e.value) and "\n" not in str(e.value)
    str(e.value).encode("utf-8")  # printable: no lone surrogate in the message itself


def test_loads_json_refuses_fractions_on_request() -> None:
    with pytest.raises(WorkbenchError, match="number 1.5 has a fraction"):
        loads_json(b'{"a": 1.5}', what="t", refuse_floats=True)
    with pytest.raises(WorkbenchError, match="t: not UTF-8 \\(byte 1\\)"):
        loads_json(b'"\xff"', what="t")


def test_canonical_bytes_never_raises_a_bare_unicode_error() -> None:
    with pytest.raises(CanonicalError) as e:
        canonical_bytes({"school": {"name": "ok", "title": "a\ud800b"}})
    assert "school.title: the text holds an invalid character" in str(e.value)
    assert isinstance(e.value, ValueError) and isinstance(e.value, WorkbenchError)
    with pytest.raises(CanonicalError, match=r"\(a key\)"):
        canonical_bytes({"x": {"\udfff": 1}})
    with pytest.raises(CanonicalError, match="cannot be written as canonical JSON"):
        canonical_bytes({"x": float("nan")})
    with pytest.raises(CanonicalError, match="cannot be written as canonical JSON"):
        canonical_bytes({"x": int("7" * 4000) * 10**1000})
    assert canonical_bytes({"b": "😀", "a": 1}) == '{"a":1,"b":"😀"}'.encode()


def test_rubric_file_with_a_huge_integer_or_surrogate_is_one_line(tmp_path: Path) -> None:
    p = tmp_path / "r.json"
    p.write_text('{"id": "x", "total_points": ' + "1" * 5000 + "}")
    with pytest.raises(RubricError, match="total_points: a number of 5,000 digits"):
        load_rubric_file(p)
    p.write_text('{"id": "\\ud800"}')
    with pytest.raises(RubricError, match="id: the text holds an invalid character"):
        load_rubric_file(p)


# -- regular files only ------------------------------------------------------------------------

@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    p = tmp_path / "pipe.json"
    os.mkfifo(p)
    return p


def _quickly(fn, *args) -> BaseException:  # noqa: ANN001
    """Run fn on a thread; it must raise within 5 s (a FIFO would otherwise block for ever)."""
    out: list[BaseException] = []

    def run() -> None:
        try:
            fn(*args)
        except BaseException as e:  # noqa: BLE001
            out.append(e)

    t = threading.Thread(target=run, daemon=True)
    start = time.monotonic()
    t.start()
    t.join(5)
    assert not t.is_alive(), f"{fn.__name__} blocked on a non-regular file"
    assert time.monotonic() - start < 5 and out
    return out[0]


def test_fifo_device_folder_and_socket_are_refused_at_once(tmp_path: Path, fifo: Path) -> None:
    e = _quickly(load_score_file, fifo)
    assert isinstance(e, ScoreError) and "is a named pipe (FIFO), not a score file" in str(e)
    e = _quickly(load_rubric_file, fifo)
    assert isinstance(e, RubricError) and "named pipe" in str(e)
    with pytest.raises(WorkbenchError, match="is a character device"):
        check_regular("/dev/zero", what="score file")
    with pytest.raises(ScoreError, match="is a folder, not a score file"):
        load_score_file(tmp_path)
    sock_path = tmp_path / "s.sock"
    s = socket.socket(socket.AF_UNIX)
    try:
        s.bind(str(sock_path))
        with pytest.raises(WorkbenchError, match="is a socket"):
            open_regular(sock_path, what="package file")
    finally:
        s.close()
    with pytest.raises(WorkbenchError, match="no such file"):
        read_regular(tmp_path / "nope", what="x", max_bytes=10)


def test_cli_score_on_a_fifo_exits_at_once(fifo: Path, capsys) -> None:
    start = time.monotonic()
    assert main(["score", str(fifo)]) == 2
    assert time.monotonic() - start < 5
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "named pipe" in err


def test_regular_files_and_symlinks_to_them_are_read(tmp_path: Path) -> None:
    p = tmp_path / "a.json"
    p.write_bytes(b"12345")
    link = tmp_path / "link.json"
    link.symlink_to(p)
    assert read_regular(link, what="x", max_bytes=5) == b"12345"
    with pytest.raises(WorkbenchError, match="larger than 4 bytes"):
        read_regular(p, what="x", max_bytes=4)
    with open_regular(p, what="x") as f:
        assert os.get_blocking(f.fileno())  # O_NONBLOCK is cleared after the check


def test_signed_sheet_bytes_with_huge_int_or_surrogate_are_one_line() -> None:
    from workbench.signing.verify import VerificationError, parse_signed_sheet

    with pytest.raises(VerificationError, match="not valid UTF-8 JSON"):
        parse_signed_sheet(b'{"revision": ' + b"9" * 5000 + b"}")
    with pytest.raises(VerificationError, match="school.name: the text holds an invalid character"):
        parse_signed_sheet(b'{"school": {"name": "\\ud800"}}')


def test_fact_checks_read_facts_with_the_grammar_too() -> None:
    from workbench.scoring import score

    full = {i.id: i.points for i in R.items}
    warned = score(R, full, facts={"stage": "primary", "students": 1100, "student_computers": 10})
    assert any(w.item_id == "B3.1" and "student" in w.check_id for w in warned.warnings)
    for lenient in ("11_00", "1.1e3", "+1100", "１１００"):
        res = score(R, full, facts={"stage": "primary", "students": lenient, "student_computers": 10})
        assert not any(w.item_id == "B3.1" and "student" in w.check_id for w in res.warnings), lenient
