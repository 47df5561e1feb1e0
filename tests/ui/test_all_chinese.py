"""No English in a Chinese window: every .ts string translated, Qt's own file dialog in
Chinese with readable dates, and every dialog of workbench.ui walked for English words."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from workbench.ui.i18n import readable_system_locale
from workbench.ui.i18n_build import translations_dir

sys.path.insert(0, str(Path(__file__).parent))
from test_screen_fit import run_probe  # noqa: E402

# Words that stay as they are in a Chinese window: formats, standards, codes.
KEEP = re.compile(r"SHA-256 [0-9a-f]+|PDF|GPS|SHA-256|Excel|CA|ECDSA|P-256|X\.509|Wi-Fi|Workbench|https?://\S+|<[^>]+>"
                  r"|\b(?:Ctrl|Shift|Alt|PgUp|PgDown|Backspace|Esc)\b"  # keycaps, as printed on the keys
                  r"|[A-Z]{2}-[A-Z]{2}-\d+|\S+\.(?:jpg|png|pdf|json|wbpkg|xlsx)|/\S*|[0-9a-f]{4}(?: [0-9a-f]{4})+")


def english_words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", KEEP.sub("", text))


def test_every_ts_string_is_translated():
    problems = []
    files = sorted(translations_dir().glob("*_zh_CN.ts"))
    assert any(f.name == "qt_extra_zh_CN.ts" for f in files)
    for ts in files:
        for ctx in ET.parse(ts).getroot().iter("context"):
            name = ctx.findtext("name")
            for msg in ctx.iter("message"):
                tr = msg.find("translation")
                kind = tr.get("type") if tr is not None else "missing"
                if kind in ("vanished", "obsolete"):
                    continue
                text = "".join(tr.itertext()) if tr is not None else ""
                if kind == "unfinished" or not text.strip():
                    problems.append(f"{ts.name} {name}: {msg.findtext('source')!r}")
    assert not problems, "untranslated:\n" + "\n".join(problems)


def test_readable_system_locale_only_when_none_is_chosen():
    env = {"LANG": "C.UTF-8"}
    assert readable_system_locale(env) and env["LC_TIME"] == env["LC_MESSAGES"] == "zh_CN.UTF-8"
    for chosen in ({"LANG": "en_GB.UTF-8"}, {"LC_TIME": "de_DE.UTF-8"}, {"LC_ALL": "C"}):
        before = dict(chosen)
        assert not readable_system_locale(chosen) and chosen == before


FILE_DIALOG = r"""
import json, sys
from pathlib import Path
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel, QTreeView
from workbench.ui.app import make_app
from workbench.ui.i18n import Translators
app = make_app()
Translators(app).install("zh_CN")
folder = Path(sys.argv[1])
d = QFileDialog(None, "保存 PDF", str(folder), "PDF 文件 (*.pdf)")
d.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # what Linux without a desktop shows
d.setViewMode(QFileDialog.ViewMode.Detail)
d.show()
tree = next(t for t in d.findChildren(QTreeView) if t.isVisible())
m = tree.model()
deadline = __import__("time").time() + 10
while m.rowCount(tree.rootIndex()) < 2 and __import__("time").time() < deadline:
    app.processEvents()
root = tree.rootIndex()
rows = [[m.index(r, c, root).data() or "" for c in range(4)] for r in range(m.rowCount(root))]
texts = [w.text() for w in d.findChildren(QLabel) + d.findChildren(QAbstractButton) if w.isVisible()]
texts += [w.toolTip() for w in d.findChildren(QAbstractButton) if w.isVisible()]
texts += [str(m.headerData(c, Qt.Orientation.Horizontal)) for c in range(4)]
fm = tree.fontMetrics()
date_fits = all(tree.header().sectionSize(3) >= fm.horizontalAdvance(r[3]) + 8 for r in rows)  # not elided
screen = app.primaryScreen().availableGeometry()
fits = d.width() <= screen.width() and d.height() <= screen.height()
print(json.dumps({"texts": texts, "rows": rows, "date_fits": date_fits, "fits": fits}, ensure_ascii=False))
"""


def test_qt_file_dialog_is_chinese_with_readable_dates(tmp_path):
    (tmp_path / "照片").mkdir()
    (tmp_path / "评估打分表.pdf").write_bytes(b"%PDF-1.7\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env["LANG"] = "C.UTF-8"  # a machine left in the C locale, as Debian installs and CI are
    proc = subprocess.run([sys.executable, "-c", FILE_DIALOG, str(tmp_path)], env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    labels = [t for t in out["texts"] if t]
    assert "查找范围(&L)：" in labels and "文件类型(&T)：" in labels, labels
    english = {t: english_words(t) for t in labels if english_words(t)}
    assert not english, english
    rows = {r[0]: r for r in out["rows"]}
    assert rows["照片"][2] == "文件夹", rows
    assert rows["评估打分表.pdf"][1:3] == ["9 字节", "PDF 文档"], rows
    for name, _size, _kind, date in rows.values():
        assert re.fullmatch(r"\d{4}/\d{1,2}/\d{1,2} \d{1,2}:\d{2}", date), (name, date)
    assert out["fits"], out


@pytest.mark.timeout(300)
def test_every_dialog_speaks_chinese(tmp_path):
    result = run_probe(tmp_path, 1366, 768, 1.0)
    english = {}
    for name, m in result["windows"].items():
        words = sorted({w for t in m.get("texts", []) for w in english_words(t)})
        if words:
            english[name] = words
    assert not english, "English in the Chinese window:\n" + "\n".join(f"{k}: {v}" for k, v in english.items())


# ---- core errors in the window's language ---------------------------------------------------
def _real_errors(tmp_path: Path) -> dict[str, BaseException]:
    """The errors users meet most, raised by the real core functions."""
    import errno

    from workbench.atomic import WriteError
    from workbench.errors import WorkbenchError
    from workbench.evidence import import_package
    from workbench.signing.sheet import sheet_file_bytes
    from workbench.signing.verify import verify_sheet_bytes
    from workbench.store import Workspace
    from workbench.store.faults import read_only_error

    sys.path.insert(0, str(Path(__file__).parents[1] / "signing"))
    from sheet_helpers import PASS, make_identity, signed_sheet

    found: dict[str, BaseException] = {}
    ident = make_identity(tmp_path / "id")
    try:
        ident.private_key(PASS + "x")
    except WorkbenchError as e:
        found["wrong_passphrase"] = e
    try:
        verify_sheet_bytes(sheet_file_bytes(signed_sheet(ident)), trust=[])
    except WorkbenchError as e:
        found["untrusted_signer"] = e
    damaged = tmp_path / "school.wbpkg"
    damaged.write_bytes(b"PK\x03\x04 not really a zip")
    with Workspace.open(tmp_path / "ws") as ws:
        try:
            import_package(ws, damaged)
        except WorkbenchError as e:
            found["package_damaged"] = e
        found["workspace_read_only"] = read_only_error(ws.root)
        from revoke_helpers import revoke

        from workbench.signing.revoked_signer import refuse_revoked_in
        revoke(ws, make_identity(tmp_path / "hub", role="admin"), PASS, ident)
        try:
            refuse_revoked_in(ws, ident)  # what every signing entry point asks first
        except WorkbenchError as e:
            found["certificate_revoked"] = e
    found["disk_full"] = WriteError(tmp_path / "form.pdf", OSError(errno.ENOSPC, "No space left on device"))
    return found


def test_common_core_errors_have_stable_codes_and_chinese_text(tmp_path, qapp):
    from workbench.ui.error_text import TEXTS, error_text
    from workbench.ui.i18n import Translators

    errors = _real_errors(tmp_path)
    assert {code: e.code for code, e in errors.items()} == {code: code for code in errors}
    assert set(errors) <= set(TEXTS)
    t = Translators(qapp)
    try:
        t.install("zh_CN")
        for code, e in errors.items():
            text = error_text(e)
            first = text.splitlines()[0]
            assert first and not english_words(first), (code, text)  # what is wrong, in Chinese
            assert e.message in text  # the core's exact details stay visible
        assert error_text(errors["wrong_passphrase"]).startswith("口令不正确。")
        t.install("en")
        assert error_text(errors["wrong_passphrase"]).startswith("The passphrase is wrong.")
    finally:
        t.remove()


def _sync_codes() -> set[str]:
    """Every stable code a sync failure can carry: the hub's (protocol.ERRORS) and each one the
    client, the round, the LAN, the settings and the bundles give (read from their source)."""
    from workbench.sync.protocol import ERRORS

    root = Path(__file__).parents[2] / "workbench" / "sync"
    found = set(ERRORS)
    for py in [*root.glob("*.py"), *(root / "client").glob("*.py")]:
        text = py.read_text(encoding="utf-8")
        found |= set(re.findall(r'\bcode\s*=\s*"([a-z_0-9]+)"', text))
        found |= set(re.findall(r'\.mark_(?:failed|refused)\([^,()]+, "([a-z_0-9]+)"', text))
    return found


def test_every_sync_error_code_has_chinese_text(qapp):
    from workbench.ui.error_text import TEXTS
    from workbench.ui.i18n import Translators
    from workbench.ui.sync.error_words import words

    codes = _sync_codes()
    assert {"missing_blobs", "unreachable", "bad_address", "hub_mismatch", "local", "fingerprint_differs"} <= codes
    assert not codes - set(TEXTS), f"sync codes without a text in error_text.TEXTS: {sorted(codes - set(TEXTS))}"
    t = Translators(qapp)
    try:
        t.install("zh_CN")
        for code in sorted(codes):
            w = words(code, f"the English line [{code}]")
            assert w.text and not english_words(w.text), (code, w.text)
            assert w.detail == f"the English line [{code}]"
        unknown = words("a_code_of_tomorrow", "the hub refused it", "服务器拒绝了")
        assert (unknown.text, unknown.detail) == ("服务器拒绝了", "the hub refused it")  # the hub's own Chinese next
        assert not english_words(words("a_code_of_tomorrow", "the hub refused it").text)  # never English first
        import httpx

        from workbench.sync.client.errors import error_from_response
        from workbench.ui.sync.error_words import failure_words

        newer = error_from_response(httpx.Response(  # a newer hub's refusal, with its own Chinese
            422, json={"code": "quota_exceeded", "message": {"zh": "本校配额已满", "en": "quota exceeded"}},
            request=httpx.Request("POST", "http://127.0.0.1:9/v1/sheets")))
        w = failure_words(newer)
        assert w.text == "本校配额已满" and "[quota_exceeded, HTTP 422]" in w.detail
        proxy = error_from_response(httpx.Response(502, text="Bad Gateway",
                                                   request=httpx.Request("GET", "http://127.0.0.1:9/v1/hub")))
        assert failure_words(proxy).text == words("unavailable", "").text  # http_502: a proxy's page
        t.install("en")
        assert words("missing_blobs", "x").text.startswith("The hub lacks photos")
    finally:
        t.remove()
