"""Sync failures in the window's language: by stable code first, then the hub's own Chinese,
and the client's English line only as the detail (a tooltip), never the main text in a
Chinese window.

The client (workbench/sync/client/errors.py) gives every failure a `code`; the outbox keeps
(code, English line) per entry, a round report keeps the exceptions themselves (`failures`),
whose `body["message"]["zh"]` is the hub's own Chinese when the hub sent one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from workbench.ui.error_text import TEXTS

if TYPE_CHECKING:
    from workbench.sync.worker import RoundReport

CONTEXT = "SyncErrors"
GENERIC = QT_TRANSLATE_NOOP("SyncErrors", "Sync did not succeed; the details are in the tooltip.")
DETAILS = QT_TRANSLATE_NOOP("SyncErrors", "Details: %1")


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


@dataclass(frozen=True)
class SyncWords:
    text: str    # what to show: the window's language (what is wrong, what to do)
    detail: str  # the core's exact English line (with its file names and numbers)
    what: str = ""  # what is wrong alone, for a one-line cell (the tooltip has the rest)

    @property
    def short(self) -> str:
        return self.what or self.text

    @property
    def tooltip(self) -> str:
        return f"{self.text}\n\n{tr(DETAILS).replace('%1', self.detail)}" if self.detail else self.text


def translated() -> bool:
    """True when the window speaks another language than the English sources."""
    return tr(GENERIC) != GENERIC


def hub_zh(body: Mapping[str, Any] | None) -> str | None:
    """The hub's own Chinese message from its JSON error body, if it sent one."""
    msg = (body or {}).get("message")
    zh = msg.get("zh") if isinstance(msg, Mapping) else None
    if not isinstance(zh, str) or not zh.strip():
        return None
    return zh.strip()[:300]


def words(code: str | None, english: str, zh: str | None = None) -> SyncWords:
    """The text for a failure `code` whose English line is `english` (zh: the hub's Chinese)."""
    code = code or ""
    known = TEXTS.get(code)
    if known is None and code.startswith("http_5"):  # a 5xx without a JSON body (a proxy, say)
        known = TEXTS["unavailable"]
    if known is not None:
        what, todo = (QCoreApplication.translate("ErrorText", t) for t in known)
        sep = " " if what[-1:].isascii() else ""  # Chinese sentences follow each other without a space
        return SyncWords(f"{what}{sep}{todo}", english, what)
    if not translated():
        return SyncWords(english, "")
    return SyncWords(zh or tr(GENERIC), english)


def failure_words(e: BaseException) -> SyncWords:
    """The text for a failure the core raised (a round's `failures`, a LAN or settings error)."""
    message = getattr(e, "message", None) or str(e) or type(e).__name__
    hint = getattr(e, "hint", None)
    english = message + (f" ({hint})" if hint else "")
    return words(getattr(e, "code", None), english, hub_zh(getattr(e, "body", None)))


def round_error_words(r: RoundReport) -> SyncWords:
    """A round's first error by its code (the report keeps each error's exception beside its line)."""
    failures = getattr(r, "failures", None) or []
    if failures:
        w = failure_words(failures[0])
        return SyncWords(w.text, r.errors[0] if r.errors else w.detail, w.what)
    return words(None, r.errors[0] if r.errors else "")
