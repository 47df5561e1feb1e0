"""Errors of the panel merge: each names the sheet, reviewer or item that is wrong."""

from __future__ import annotations

from workbench.errors import WorkbenchError


class PanelError(WorkbenchError):
    """A panel result cannot be built, signed or co-signed as asked."""


class CollectError(PanelError):
    """A member sheet is refused by the chair's workspace; `reason` says why in one word.

    Reasons: bad_signature, untrusted, another_school, another_package, provisional,
    unknown_rubric, not_member_role, not_a_chain, malformed.
    """

    def __init__(self, reason: str, message: str, *, hint: str | None = None) -> None:
        self.reason = reason
        super().__init__(message, hint=hint)
