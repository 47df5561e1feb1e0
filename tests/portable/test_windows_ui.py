"""The window's text for a file another program has open (Windows refuses to replace it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.atomic import WriteError


@pytest.mark.gui
def test_a_file_in_use_is_said_in_chinese(tmp_path: Path, qapp) -> None:
    from workbench.ui.error_text import error_text
    from workbench.ui.i18n import Translators

    e = WriteError(tmp_path / "评估打分表.pdf", PermissionError(13, "Access is denied"), what="PDF", in_use=True)
    t = Translators(qapp)
    try:
        t.install("zh_CN")
        text = error_text(e)
        assert text.startswith("无法替换该文件：另一个程序正打开着它。\n请在该程序（如 PDF 阅读器、Excel）中关闭它")
        assert e.message in text
        t.install("en")
        assert error_text(e).startswith("The file cannot be replaced: another program has it open.")
    finally:
        t.remove()
