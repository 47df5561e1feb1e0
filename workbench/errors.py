"""Errors the user sees: each says what is wrong and what to do about it."""

from __future__ import annotations


class WorkbenchError(Exception):
    """A problem with the user's input or environment, with a message fit to show.

    The CLI prints `str(error)` as one line on stderr and exits non-zero; the GUI shows
    it in a dialog. Never raise this for a programming error.
    """

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if not hint else f"{message} ({hint})")


class RubricError(WorkbenchError):
    """A rubric file is malformed or inconsistent."""


class ScoreError(WorkbenchError):
    """A score or score file is invalid."""


class PackageError(WorkbenchError):
    """An evidence package is malformed, hostile or does not match its manifest."""


class StoreError(WorkbenchError):
    """The local workspace cannot be opened or written."""


class SignatureError(WorkbenchError):
    """A signature or certificate does not verify."""


class Cancelled(WorkbenchError):
    """The user cancelled a long operation; nothing was changed."""

    exit_code = 130
