"""HubError: a refusal with a stable code, an HTTP status and a message in Chinese and English."""

from __future__ import annotations

from typing import Any

from workbench.errors import WorkbenchError
from workbench.sync.protocol import ERRORS, error_body


class HubError(WorkbenchError):
    """A request the hub refuses (or a hub command that cannot proceed).

    `code` is one of workbench.sync.protocol.ERRORS; `en`/`zh` refine the standard message;
    `extra` become members of the JSON error body; `headers` go on the response.
    """

    def __init__(self, code: str, en: str | None = None, zh: str | None = None, *,
                 headers: dict[str, str] | None = None, **extra: Any) -> None:
        self.code = code
        self.status = ERRORS[code][0]
        self.en = en
        self.zh = zh
        self.extra = extra
        self.headers = headers or {}
        self.nonce_consumed = False  # set when the refusal was committed with the request's nonce
        super().__init__(en or ERRORS[code][2])

    def body(self) -> dict:
        return error_body(self.code, en=self.en, zh=self.zh, **self.extra)
