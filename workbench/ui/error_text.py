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
    "in_use": (QT_TRANSLATE_NOOP("ErrorText", "The file cannot be replaced: another program has it open."),
               QT_TRANSLATE_NOOP("ErrorText", "Close it in that program (a PDF reader, Excel) or choose another "
                                              "name; the previous file is unchanged.")),
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


# -- sync: the client's codes (workbench/sync/client, workbench/sync/*.py) and the hub's own
# (workbench.sync.protocol.ERRORS); tests/ui/test_all_chinese.py fails on any left out.
_N = QT_TRANSLATE_NOOP
_LOST = _N("ErrorText", "Try again later; nothing was lost.")
_ADMIN = _N("ErrorText", "Try again; if it happens again, tell whoever runs the hub. Nothing was lost.")
_NETWORK = _N("ErrorText", "Check the network and the hub address; nothing was lost, the outbox sends it again.")
_MALFORMED = (_N("ErrorText", "The hub refused the request as malformed."),
              _N("ErrorText", "Update the workbench or the hub; if it happens again, tell whoever runs the hub."))
_NOT_SIGNED = (_N("ErrorText", "The hub did not accept this laptop's signature on the request."),
               _N("ErrorText", "Check that this laptop's identity is the one enrolled on the hub; nothing was lost."))
_OUT_OF_STEP = (_N("ErrorText", "A photo upload was out of step with the hub."),
                _N("ErrorText", "Sync again: the upload continues where the hub's copy ends."))
_BAD_ANSWER = (_N("ErrorText", "The hub's answer is malformed: it may not be a workbench hub, or it is faulty."), _ADMIN)
TEXTS.update({
    # the client: no answer, a bad answer, a hub that is not the pinned one
    "unreachable": (_N("ErrorText", "The hub cannot be reached."), _NETWORK),
    "timeout": (_N("ErrorText", "The hub did not answer in time."), _NETWORK),
    "bad_encoding": (_N("ErrorText", "The hub's answer could not be read."), _LOST),
    "bad_address": (_N("ErrorText", "The hub address is not valid."),
                    _N("ErrorText", "Type it as http://HOST:PORT in the hub settings.")),
    "bad_response": _BAD_ANSWER,
    "bad_name": _BAD_ANSWER,
    "hash_mismatch": (_N("ErrorText", "The contents do not match their SHA-256: they were changed or damaged "
                                      "on the way."), _ADMIN),
    "hub_mismatch": (_N("ErrorText", "The hub's certificate is not the one this laptop trusts: it may not be "
                                     "the real hub."),
                     _N("ErrorText", "Do not connect: compare the fingerprint with the chair's screen or ask "
                                     "the education bureau.")),
    "protocol_version": (_N("ErrorText", "The hub and this workbench speak different protocol versions."),
                         _N("ErrorText", "Update the workbench or the hub.")),
    "bad_request": _MALFORMED,
    "unsignable": (_N("ErrorText", "The request could not be signed."), _ADMIN),
    "no_progress": (_N("ErrorText", "The hub does not take a photo: its upload makes no progress."), _ADMIN),
    "cancelled": (_N("ErrorText", "Sending was stopped; the document waits in the outbox."),
                  _N("ErrorText", "Sync again to send it.")),
    "local": (_N("ErrorText", "A problem on this laptop kept this document from being sent."),
              _N("ErrorText", "See the details; the document waits in the outbox.")),
    "bundle_refused": (_N("ErrorText", "The sync bundle was changed, is incomplete or is not a sync bundle; "
                                       "nothing was imported."),
                       _N("ErrorText", "Export it again on the laptop that made it.")),
    "bundle_wrong_school": (_N("ErrorText", "The sync bundle is for a school that is not in this workspace; "
                                            "nothing was imported."),
                            _N("ErrorText", "Import that school's evidence package first, or take the bundle "
                                            "made for your school.")),
    # the hub's refusals
    "unsigned": _NOT_SIGNED,
    "bad_signature": _NOT_SIGNED,
    "bad_digest": (_N("ErrorText", "The request arrived altered: its contents do not match their digest."), _ADMIN),
    "stale": (_N("ErrorText", "This laptop's clock differs from the hub's by more than 5 minutes."),
              _N("ErrorText", "Set this laptop's date and time right, then sync again.")),
    "replay": (_N("ErrorText", "The hub had seen this request before and refused it as a replay."),
               _N("ErrorText", "Sync again; nothing was lost.")),
    "unknown_key": (_N("ErrorText", "This laptop's certificate is not enrolled on the hub."),
                    _N("ErrorText", "Ask whoever runs the hub (the chair or the education bureau) to enroll "
                                    "your certificate.")),
    "revoked": (_N("ErrorText", "The hub says your certificate is revoked."),
                _N("ErrorText", "Ask the education bureau for a new certificate.")),
    "expired": (_N("ErrorText", "Your certificate is not valid now (expired or not yet valid)."),
                _N("ErrorText", "Check this laptop's date; if the certificate expired, ask the education "
                                "bureau for a new one.")),
    "forbidden": (_N("ErrorText", "Your role does not allow this on the hub."),
                  _N("ErrorText", "Ask the chair or the education bureau whether you should have this right.")),
    "not_found": (_N("ErrorText", "The hub does not have what was asked for."),
                  _N("ErrorText", "It may not have been sent yet; try again later.")),
    "method_not_allowed": _MALFORMED,
    "malformed": _MALFORMED,
    "bad_header": _MALFORMED,
    "unsupported_media_type": _MALFORMED,
    "too_large": (_N("ErrorText", "The document or photo is larger than the hub accepts."),
                  _N("ErrorText", "Ask whoever runs the hub to raise the limit.")),
    "invalid_document": (_N("ErrorText", "The hub refused the document: it does not verify (altered, badly "
                                         "signed, or its signer is not trusted there)."),
                         _N("ErrorText", "Sign it again on this laptop; if it is refused again, ask whoever runs "
                                         "the hub to trust the education bureau's certificate.")),
    "unknown_rubric": (_N("ErrorText", "The hub does not know the rubric this document was scored with."),
                       _N("ErrorText", "Ask whoever runs the hub to add this rubric.")),
    "missing_blobs": (_N("ErrorText", "The hub lacks photos this document names."),
                      _N("ErrorText", "Sync again: the photos go first. If a photo was removed from this "
                                      "laptop, import it again.")),
    "missing_sheets": (_N("ErrorText", "The hub lacks member score sheets this panel result names."),
                       _N("ErrorText", "Ask the panel members to sync their sheets first, then sync again.")),
    "conflict": (_N("ErrorText", "The hub holds other contents for this revision; both are kept."),
                 _N("ErrorText", "Open Show conflict… to compare them.")),
    "offset_mismatch": _OUT_OF_STEP,
    "length_mismatch": _OUT_OF_STEP,
    "busy": (_N("ErrorText", "Another connection is sending this photo to the hub right now."),
             _N("ErrorText", "Sync again shortly.")),
    "internal": (_N("ErrorText", "The hub had an internal error; the request was not applied."), _ADMIN),
    "unavailable": (_N("ErrorText", "The hub is busy or unavailable for now."), _LOST),
    "hub_too_slow": (_N("ErrorText", "The hub answers too slowly: no complete answer in time."), _NETWORK),
    # the LAN (workbench/sync/lan.py), the hub settings and the chair's panel hub
    "lan_unavailable": (_N("ErrorText", "The local network cannot be used to find or announce a hub."),
                        _N("ErrorText", "Check that Wi-Fi is on; you can still type the hub's address.")),
    "lan_unreachable": (_N("ErrorText", "The hub found nearby cannot be reached."),
                        _N("ErrorText", "Check that this laptop is on the same Wi-Fi as the chair's.")),
    "not_a_hub": (_N("ErrorText", "The service at that address is not a workbench hub."),
                  _N("ErrorText", "Check the address with the chair.")),
    "bad_fingerprint": (_N("ErrorText", "A hub fingerprint is 64 hexadecimal digits (its certificate's SHA-256)."),
                        _N("ErrorText", "Copy it from the chair's screen.")),
    "fingerprint_too_short": (_N("ErrorText", "Type at least the first four groups of the fingerprint on the "
                                              "chair's screen (digits 0-9 and letters a-f)."),
                              _N("ErrorText", "Then join again.")),
    "fingerprint_differs": (_N("ErrorText", "The fingerprint differs from the one typed: this is not the "
                                            "chair's hub; do not join."),
                            _N("ErrorText", "Compare again with the chair's screen; ask the chair if it "
                                            "still differs.")),
    "hubs_damaged": (_N("ErrorText", "This workspace's list of hubs is damaged."),
                     _N("ErrorText", "Set the hub again in the hub settings.")),
    "bundle_empty": (_N("ErrorText", "Nothing to export for this school: no signed score sheet or panel result."),
                     _N("ErrorText", "Sign a score sheet (or collect the members' sheets) first.")),
    "bundle_photo_missing": (_N("ErrorText", "A photo a signed sheet names is missing from this workspace."),
                             _N("ErrorText", "Import the photo again, or sign the sheet again without it.")),
    "pulled_refused": (_N("ErrorText", "A document fetched from the hub does not verify; it was not stored."),
                       _N("ErrorText", "Tell whoever runs the hub; everything else was received.")),
    "revocation_refused": (_N("ErrorText", "A certificate revocation fetched from the hub does not verify; it "
                                           "was not stored."),
                           _N("ErrorText", "Tell whoever runs the hub; everything else was received.")),
    "no_identity": (_N("ErrorText", "This laptop has no signing identity yet."),
                    _N("ErrorText", "Create your signing identity first.")),
    "panel_hub_failed": (_N("ErrorText", "The panel hub could not be started on this laptop."),
                         _N("ErrorText", "See the details; close other programs using the network and try "
                                         "again.")),
})


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
