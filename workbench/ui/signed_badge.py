"""How the window shows a school's signed state (school list, score bar), and the signal that
a sheet was just signed, so every view showing that school refreshes once.

The state itself comes from the core (`workbench.signing.state`); this module only words and
colours it: 未签名, 已签名 第 N 版 · 11-27 10:42 (local time), 签名后已修改.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal

from workbench.signing.state import CHANGED, SIGNED, SignedState

# Text colour and background of the badge, by status
BADGE_STYLE = {
    SIGNED: ("#1b5e20", "#e8f5e9"),
    CHANGED: ("#8a4b00", "#fff3e0"),
}
UNSIGNED_STYLE = ("#555555", "transparent")


def badge_text(state: SignedState) -> str:
    """未签名 / 已签名 第 N 版 · 11-27 10:42 / 签名后已修改, in the window's language."""
    if state.status == SIGNED:
        rev = str(state.revision)
        if state.signed_at is None:
            return QCoreApplication.translate("SignedState", "Signed · revision %1").replace("%1", rev)
        when = state.signed_at.astimezone().strftime("%m-%d %H:%M")  # the laptop's local time
        text = QCoreApplication.translate("SignedState", "Signed · revision %1 · %2")
        return text.replace("%1", rev).replace("%2", when)
    if state.status == CHANGED:
        return QCoreApplication.translate("SignedState", "Changed after signing")
    return QCoreApplication.translate("SignedState", "Unsigned")


def badge_short(state: SignedState) -> str:
    """The badge without the time (已签名 第 N 版), for a narrow window."""
    if state.status == SIGNED:
        return QCoreApplication.translate("SignedState", "Signed · revision %1").replace("%1", str(state.revision))
    return badge_text(state)


def badge_tooltip(state: SignedState) -> str:
    if state.status == SIGNED:
        text = QCoreApplication.translate("SignedState", "The scores are signed and unchanged since (sheet %1).")
        return text.replace("%1", (state.sheet_hash or "")[7:23])
    if state.status == CHANGED:
        text = QCoreApplication.translate(
            "SignedState", "Scores were changed after revision %1 was signed. Signing again makes "
            "revision %2; the signed revision stays as it is.")
        return text.replace("%1", str(state.revision)).replace("%2", str((state.revision or 0) + 1))
    return QCoreApplication.translate("SignedState", "Not signed yet: printed forms are drafts.")


def badge_style(state: SignedState) -> str:
    fg, bg = BADGE_STYLE.get(state.status, UNSIGNED_STYLE)
    return f"color:{fg}; background:{bg}; border-radius:3px; padding:1px 4px;"


class SignedEvents(QObject):
    """One per application: `signed(code)` after the window signed a school's sheet."""

    signed = Signal(str)


_events: SignedEvents | None = None


def signed_events() -> SignedEvents:
    global _events
    if _events is None:
        _events = SignedEvents(QCoreApplication.instance())
    return _events


def notify_signed(code: str) -> None:
    """Tell every view showing `code` that its signed state changed (call on the UI thread)."""
    signed_events().signed.emit(code)
