"""Install Qt translators for the chosen UI language, and switch them live.

Source strings are English; Chinese (zh_CN) is the default language. Every helper owns one
`resources/translations/<part>_zh_CN.ts`; all `*_<lang>.qm` are loaded together, plus Qt's
own `qtbase_<lang>.qm` (standard buttons, file dialogs). Installing or removing a
translator makes Qt send a LanguageChange event to every widget, which re-translates itself
in `changeEvent` -- so switching needs no restart.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from workbench.ui import i18n_build

DEFAULT_LANG = "zh_CN"
LANGS = ("zh_CN", "en")


def normalize_lang(lang: str | None) -> str:
    """Map user input ('zh', 'zh-CN', 'EN', None) to one of LANGS; unknown values -> default."""
    if not lang:
        return DEFAULT_LANG
    low = lang.replace("-", "_").lower()
    if low.startswith("en"):
        return "en"
    if low.startswith("zh"):
        return "zh_CN"
    return DEFAULT_LANG


class Translators:
    """The translators installed for one language on the application."""

    def __init__(self, app: QCoreApplication | None = None) -> None:
        self.app = app or QCoreApplication.instance()
        self.lang = ""
        self._installed: list[QTranslator] = []

    def install(self, lang: str | None) -> str:
        """Switch to `lang` (removing the previous language); returns the language in use."""
        lang = normalize_lang(lang)
        self.remove()
        self.lang = lang
        QLocale.setDefault(QLocale("zh_CN")
                           if lang == "zh_CN" else QLocale("en_US"))
        if lang == "en":
            return lang  # the source strings are English
        _refresh_stale_qm()
        folder = i18n_build.translations_dir()
        files = sorted(folder.glob(f"*_{lang}.qm"))
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for path, directory in [(f.name, str(folder)) for f in files] + [(f"qtbase_{lang}.qm", qt_dir)]:
            t = QTranslator(self.app)
            if t.load(path, directory):
                self.app.installTranslator(t)
                self._installed.append(t)
            else:
                warn("translation %s not found in %s", path, directory)
        return lang

    def remove(self) -> None:
        for t in self._installed:
            self.app.removeTranslator(t)
            t.deleteLater()
        self._installed.clear()

    def loaded(self) -> int:
        return len(self._installed)


def readable_system_locale(environ: dict[str, str] | None = None) -> bool:
    """Call before the QApplication exists. Qt formats dates in its own dialogs (the file
    dialog's 修改日期 column) with the *system* locale, read once from LC_ALL / LC_TIME / LANG:
    on a machine left in the C locale that is '27 11 2026 10:38', elided to '27 11 2…6'.
    When no real locale is set, dates and sizes use zh_CN ('2026/11/27 10:38', '9 字节').
    Returns True if set."""
    env = os.environ if environ is None else environ

    def real(value: str | None) -> bool:
        return bool(value) and value.split(".")[0].split("@")[0] not in ("C", "POSIX")

    if env.get("LC_ALL") or real(env.get("LC_TIME")) or real(env.get("LANG")):
        return False  # the user chose a locale (or forced C with LC_ALL): respect it
    env["LC_TIME"] = "zh_CN.UTF-8"
    env.setdefault("LC_MESSAGES", "zh_CN.UTF-8")  # Qt's system locale name: sizes say 字节, not bytes
    return True


def _refresh_stale_qm() -> None:
    """In a source checkout, rebuild .qm files older than their .ts (a few ms each), so a
    developer's edit shows at the next start; the frozen app ships compiled files."""
    if getattr(sys, "frozen", False):
        return
    try:
        i18n_build.build(only_stale=True)
    except Exception as e:  # noqa: BLE001 - a missing translation must never stop the window
        warn("could not compile translations: %s", e)


def warn(msg: str, *args: object) -> None:
    import logging  # not at module level: ~4 ms of start-up for a rare message

    logging.getLogger(__name__).warning(msg, *args)
