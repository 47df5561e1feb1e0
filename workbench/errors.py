"""Errors the user sees: each says what is wrong and what to do about it."""

from __future__ import annotations


class WorkbenchError(Exception):
    """A problem with the user's input or environment, with a message fit to show.

    The CLI prints `str(error)` as one line on stderr and exits non-zero; the GUI shows
    it in a dialog. Never raise this for a programming error.
    """

    exit_code = 2
    # A stable name for the kind of problem, for the window to show it in its own language
    # (workbench/ui/error_text.py); subclasses and raise sites narrow it. Never rename one.
    code = "error"

    def __init__(self, message: str, *, hint: str | None = None, code: str | None = None) -> None:
        self.message = message
        self.hint = hint
        if code is not None:
            self.code = code
        super().__init__(message if not hint else f"{message} ({hint})")


class RubricError(WorkbenchError):
    """A rubric file is malformed or inconsistent."""

    code = "rubric_invalid"


class ScoreError(WorkbenchError):
    """A score or score file is invalid."""

    code = "score_invalid"


class PackageError(WorkbenchError):
    """An evidence package is malformed, hostile or does not match its manifest."""

    code = "package_damaged"


class StoreError(WorkbenchError):
    """The local workspace cannot be opened or written."""

    code = "workspace_error"


class SignatureError(WorkbenchError):
    """A signature or certificate does not verify."""

    code = "signature_error"


class CertificateRevoked(SignatureError):
    """The signing identity's certificate is revoked in this workspace: it signs nothing new."""

    code = "certificate_revoked"


class Cancelled(WorkbenchError):
    """The user cancelled a long operation; nothing was changed."""

    code = "cancelled"

    exit_code = 130
