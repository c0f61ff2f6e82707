"""Translations: every user-visible string goes through :func:`tr`.

The catalogues are Qt Linguist files, ``resources/translations/nnviz_<lang>.ts``,
compiled to ``.qm`` by ``pyside6-lrelease``; refresh them with
``python tools/update_translations.py`` (README, "Translations").

``pyside6-lupdate`` files a free ``tr("…")`` call under the empty context, so
:func:`tr` looks its text up there. Tables of labels translated later mark
their strings with ``QT_TR_NOOP("…")`` (a no-op lupdate recognises) and pass
them through ``tr(label)`` where they are shown.

The language is chosen once, before the window is built: ``nnviz --lang``,
else the one picked in View ▸ Language (QSettings ``view/language``), else
the system's. A change in the menu takes effect on restart.
"""
from __future__ import annotations

from PySide6.QtCore import (
    QT_TR_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)

__all__ = ["QT_TR_NOOP", "LANGUAGES", "tr", "install", "available_languages",
           "current_language", "system_language", "normalize_language", "language_menu"]

CONTEXT = ""               # where pyside6-lupdate files free tr() calls
SETTINGS_KEY = "view/language"
# Language code → its name in that language (names are never translated).
LANGUAGES = {"en": "English", "zh_CN": "简体中文", "zh_TW": "繁體中文"}

_installed: list[QTranslator] = []
_current = "en"


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` in the current language; ``text`` itself when untranslated."""
    return QCoreApplication.translate(CONTEXT, text, disambiguation, n)


def normalize_language(name) -> str | None:
    """``zh_CN``, ``zh-Hans``, ``zh_SG`` → ``zh_CN``; ``zh_TW``, ``zh_HK``,
    ``zh-Hant`` → ``zh_TW``; ``en…`` → ``en``; anything else → None."""
    if not isinstance(name, str):
        return None
    key = name.strip().replace("-", "_").split(".")[0].lower()
    if key.startswith("zh"):
        parts = key.split("_")[1:]
        if any(p in ("tw", "hk", "mo", "hant") for p in parts):
            return "zh_TW"
        return "zh_CN"
    if key == "en" or key.startswith("en_") or key in ("c", "posix"):
        return "en"
    return None


def system_language(locale: QLocale | None = None) -> str:
    """The language nnviz starts in on a first start: the system's, if offered."""
    loc = locale or QLocale.system()
    if loc.language() == QLocale.Chinese:
        traditional = (loc.script() == QLocale.TraditionalChineseScript
                       or normalize_language(loc.name()) == "zh_TW")
        return "zh_TW" if traditional else "zh_CN"
    return "en"


def available_languages() -> dict[str, str]:
    """Language code → native name, for the languages this installation ships
    (English always; a Chinese one when its ``.qm`` file is present)."""
    return {k: v for k, v in LANGUAGES.items() if k == "en" or _qm_path(k) is not None}


def saved_language() -> str | None:
    return normalize_language(QSettings().value(SETTINGS_KEY, None))


def current_language() -> str:
    """The language installed in this process (``en`` before :func:`install`)."""
    return _current


def _qm_path(lang):
    try:
        from core.paths import resource_path
        return str(resource_path("translations", f"nnviz_{lang}.qm"))
    except FileNotFoundError:
        return None


def install(app=None, lang: str | None = None) -> str:
    """Load the translations for ``lang`` (``None``: the saved choice, else the
    system's) into ``app``, and Qt's own (dialog buttons); return the language
    in use. Call it before building any window: texts are read once."""
    global _current
    app = app or QCoreApplication.instance()
    chosen = normalize_language(lang) if lang is not None else None
    if chosen is None:
        chosen = saved_language() or system_language()
    if chosen not in available_languages():
        chosen = "en"
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    if chosen != "en":
        qt_dir = QLibraryInfo.path(QLibraryInfo.TranslationsPath)
        for file, where in ((f"qtbase_{chosen}", qt_dir), (_qm_path(chosen), None)):
            t = QTranslator(app)
            if (t.load(file, where) if where else t.load(file)):
                app.installTranslator(t)
                _installed.append(t)
    _current = chosen
    return chosen


def _restart_note(lang: str) -> str:
    """The restart note in the current language and, if different, in ``lang``."""
    text = QT_TR_NOOP("The language changes when nnviz starts again.")
    lines = [tr(text)]
    path = _qm_path(lang) if lang != "en" else None
    other = text
    if path:
        t = QTranslator()
        if t.load(path):
            other = t.translate(CONTEXT, text) or text
    if lang != _current and other not in lines:
        lines.append(other)
    return "\n\n".join(lines)


def choose_language(window, lang: str, note: bool = True) -> None:
    """Remember ``lang`` for the next start and say so (View ▸ Language)."""
    QSettings().setValue(SETTINGS_KEY, lang)
    if note and lang != _current:
        from PySide6.QtWidgets import QMessageBox
        QMessageBox.information(window, tr("Language"), _restart_note(lang))


def language_menu(window):
    """View ▸ Language: English / 简体中文 / 繁體中文 on ``window.view_menu``.

    Returns the submenu. The checked entry is the language shown now; a choice
    is remembered and takes effect on restart, with a note saying so.
    """
    from PySide6.QtGui import QActionGroup
    menu = window.view_menu
    menu.addSeparator()
    sub = menu.addMenu(tr("&Language"))
    sub.setObjectName("language-menu")
    group = QActionGroup(sub)
    group.setExclusive(True)
    window.language_actions = {}
    for code, name in available_languages().items():
        a = sub.addAction(name)
        a.setCheckable(True)
        a.setChecked(code == _current)
        a.setData(code)
        group.addAction(a)
        a.triggered.connect(lambda _=False, code=code: choose_language(window, code))
        window.language_actions[code] = a
    return sub
