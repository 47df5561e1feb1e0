"""`workbench rubric …` and `workbench score …` from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.cli.main import main
from workbench.rubric import load_rubric, load_rubric_file

R = load_rubric()


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, data: object, name: str = "s.json") -> Path:
    p = tmp_path / name
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return p


def test_score_json_output(tmp_path, capsys) -> None:
    scores = {i.id: str(i.points) for i in R.items}
    scores["B9.1"] = "4.5"  # 100 - 1.5
    p = write(tmp_path, {"rubric": "majiang-2015", "scores": scores, "security_incident": False})
    code, out, err = run(capsys, "score", str(p), "--json")
    assert code == 0, err
    j = json.loads(out)
    assert j["total"] == "98.5" and j["outcome"] == "demonstration"
    assert j["areas"] == {"A1": "35", "A2": "18.5", "A3": "15", "A4": "20", "A5": "10"}
    assert j["indicators"]["B9"] == "4.5" and j["flags"] == [] and j["missing"] == []


def test_score_text_output_with_warnings(tmp_path, capsys) -> None:
    p = write(tmp_path, {"rubric": "majiang-2015", "scores": {"B1.1": "1"},
                         "facts": {"stage": "junior", "students": 900, "student_computers": 100}})
    code, out, _ = run(capsys, "score", str(p))
    assert code == 0
    assert "total  1" in out and "provisional" in out and "B3.1" in out


BAD_FILES = [
    ({"rubric": "majiang-2015", "scores": {"B30.1": "1"}}, "B30.1: no such item"),
    ({"rubric": "majiang-2015", "scores": {"B1.1": "0.3"}}, "B1.1: score 0.3 is not a multiple of 0.5"),
    ({"rubric": "majiang-2015", "scores": {"B1.1": "2"}}, "B1.1: score 2 is over the item's 1 points"),
    ({"rubric": "majiang-2015", "scores": {"B1.1": "-1"}}, "B1.1: '-1' is not a number written like"),
    ({"rubric": "majiang-2015", "scores": {"B1.1": "one"}}, "B1.1: 'one' is not a number"),
    ({"rubric": "wenzhou-2020", "scores": {}}, "unknown rubric 'wenzhou-2020'"),
    ({"scores": {}}, "rubric: give the rubric id"),
    ({"rubric": "majiang-2015"}, "scores: missing"),
    ({"rubric": "majiang-2015", "scores": []}, "scores: expected an object"),
    ({"rubric": "majiang-2015", "scores": {}, "security_incident": "no"}, "security_incident: must be true or false"),
    ({"rubric": "majiang-2015", "scores": {}, "facts": {"students": "many"}}, "facts.students"),
    ({"rubric": "majiang-2015", "scores": {}, "colour": 1}, "unknown key 'colour'"),
    ([1, 2], "a score file is a JSON object"),
]


@pytest.mark.parametrize("data,message", BAD_FILES, ids=[m for _, m in BAD_FILES])
def test_bad_score_files(tmp_path, capsys, data, message) -> None:
    p = write(tmp_path, data)
    code, out, err = run(capsys, "score", str(p))
    assert code != 0 and out == ""
    assert message in err
    assert err.count("\n") == 1 and err.startswith("workbench: ")


def test_unreadable_score_files(tmp_path, capsys) -> None:
    code, _, err = run(capsys, "score", str(tmp_path / "nope.json"))
    assert code != 0 and "no such file" in err
    p = tmp_path / "x.json"
    p.write_text("{", encoding="utf-8")
    code, _, err = run(capsys, "score", str(p))
    assert code != 0 and "not valid JSON" in err
    p.write_bytes(b"\x89PNG\r\n")
    code, _, err = run(capsys, "score", str(p))
    assert code != 0 and "not UTF-8" in err


def test_rubric_show_and_validate(tmp_path, capsys) -> None:
    code, out, _ = run(capsys, "rubric", "show")
    assert code == 0 and "B29.2" in out and "信息化机构队伍" in out
    code, out, _ = run(capsys, "rubric", "show", "--json")
    assert json.loads(out)["id"] == "majiang-2015"
    code, out, _ = run(capsys, "rubric", "show", "--lang", "en")
    assert "IT organisation and staff" in out
    code, _, err = run(capsys, "rubric", "show", "--rubric", "../etc/passwd")
    assert code != 0 and "unknown rubric" in err


def test_rubric_xlsx_round_trip_is_lossless(tmp_path, capsys) -> None:
    x, j = tmp_path / "r.xlsx", tmp_path / "r.json"
    assert run(capsys, "rubric", "export-xlsx", "-o", str(x))[0] == 0
    assert run(capsys, "rubric", "import-xlsx", str(x), "-o", str(j))[0] == 0
    assert load_rubric_file(j).hash == R.hash
    code, out, _ = run(capsys, "rubric", "validate", str(j))
    assert code == 0 and "29 B-indicators, 51 items" in out


def test_rubric_edited_in_excel(tmp_path, capsys) -> None:
    """A bureau edits points in Excel; a number typed as a number is read exactly."""
    from openpyxl import load_workbook

    x, j = tmp_path / "r.xlsx", tmp_path / "r.json"
    run(capsys, "rubric", "export-xlsx", "-o", str(x))
    wb = load_workbook(x)
    ws = wb["评估细表 Items"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[4].value == "B9.1")
    row[7].value = 5.5  # B9.1 6 → 5.5: A2 now sums to 19.5
    wb.save(x)
    code, _, err = run(capsys, "rubric", "import-xlsx", str(x), "-o", str(j))
    assert code != 0 and "A2: its items add up to 19.5 points but the area's weight is 20" in err
    row[7].value = 5
    row2 = next(r for r in ws.iter_rows(min_row=2) if r[4].value == "B10.1")
    row2[7].value = 4
    wb.save(x)
    code, _, err = run(capsys, "rubric", "import-xlsx", str(x), "-o", str(j))
    assert code == 0, err
    r = load_rubric_file(j)
    assert r.item("B9.1").points == 5 and r.item("B10.1").points == 4 and r.hash != R.hash


def test_import_xlsx_rejects_other_files(tmp_path, capsys) -> None:
    p = tmp_path / "not.xlsx"
    p.write_text("hello", encoding="utf-8")
    code, _, err = run(capsys, "rubric", "import-xlsx", str(p), "-o", str(tmp_path / "o.json"))
    assert code != 0 and "not an Excel workbook" in err


def test_help_everywhere() -> None:
    for args in (["--help"], ["rubric", "--help"], ["score", "--help"], ["rubric", "show", "--help"]):
        proc = subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True, text=True)
        assert proc.returncode == 0 and "usage:" in proc.stdout


def test_console_script_reports_errors_without_traceback(tmp_path) -> None:
    p = write(tmp_path, {"rubric": "majiang-2015", "scores": {"B1.1": "0.3"}})
    proc = subprocess.run([sys.executable, "-m", "workbench", "score", str(p)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "B1.1" in proc.stderr
