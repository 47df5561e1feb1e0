"""A core error in the window's language.

The core raises `WorkbenchError`s with an English one-line message (the CLI prints it) and a
stable `code` (workbench/errors.py). The window shows the translated text for the codes
users meet most; any other error keeps the core's own words, so nothing is ever hidden.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from workbench.errors import WorkbenchError

CONTEXT = "ErrorText"

# code -> (what is wrong, what to do). The sources are English; the .ts has the Chinese.
TEXTS: dict[str, tuple[str, str]] = {
    "wrong_passphrase": (QT_TRANSLATE_NOOP("ErrorText", "The passphrase is wrong."),
                         QT_TRANSLATE_NOOP("ErrorText", "Type the passphrase chosen when the identity was created.")),
    "package_damaged": (QT_TRANSLATE_NOOP("ErrorText", "The evidence package is damaged or not a valid package."),
                        QT_TRANSLATE_NOOP("ErrorText", "Ask the school for a new copy of the package; "
                                                       "nothing was imported.")),
    "workspace_read_only": (QT_TRANSLATE_NOOP("ErrorText", "The workspace is read-only: the change was not saved."),
                            QT_TRANSLATE_NOOP("ErrorText", "Open a workspace folder you may write to.")),
    "read_only": (QT_TRANSLATE_NOOP("ErrorText", "The file cannot be written: the folder is read-only."),
                  QT_TRANSLATE_NOOP("ErrorText", "Choose a folder you may write to; the previous file is unchanged.")),
    "disk_full": (QT_TRANSLATE_NOOP("ErrorText", "The disk is full: nothing was saved."),
                  QT_TRANSLATE_NOOP("ErrorText", "Free some disk space or choose another drive, then try again.")),
    "workspace_damaged": (QT_TRANSLATE_NOOP("ErrorText", "The workspace database is damaged."),
                          QT_TRANSLATE_NOOP("ErrorText", "Restore the workspace folder from a backup.")),
    "untrusted_signer": (QT_TRANSLATE_NOOP("ErrorText", "The signer's certificate is not trusted on this laptop."),
                         QT_TRANSLATE_NOOP("ErrorText", "Add the education bureau's CA certificate or the "
                                                        "reviewer's certificate as trusted, then check again.")),
    "signature_invalid": (QT_TRANSLATE_NOOP("ErrorText", "The signature does not verify: the file was changed "
                                                         "after signing or is not signed."),
                          QT_TRANSLATE_NOOP("ErrorText", "Ask the signer for the original file.")),
    "certificate_revoked": (QT_TRANSLATE_NOOP("ErrorText", "Your certificate is revoked: it signs nothing new. "
                                                           "Nothing was signed or queued."),
                            QT_TRANSLATE_NOOP("ErrorText", "Ask the education bureau for a new certificate: create "
                                                           "a new signing identity and have the bureau issue it.")),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def error_text(e: BaseException) -> str:
    """What to show for `e`: the translated text for a known code, with the core's details
    (file names, numbers) on a last line; else the core's message and hint."""
    if not isinstance(e, WorkbenchError):
        return tr("An unexpected error happened: %1").replace("%1", repr(e))
    known = TEXTS.get(getattr(e, "code", ""))
    if known is None:
        return e.message + (f"\n\n{e.hint}" if e.hint else "")
    what, todo = known
    return f"{tr(what)}\n{tr(todo)}\n\n{tr('Details: %1').replace('%1', e.message)}"


QT_TRANSLATE_NOOP("ErrorText", "An unexpected error happened: %1")
QT_TRANSLATE_NOOP("ErrorText", "Details: %1")
