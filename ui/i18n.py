"""Languages: English (source strings) and German, from Qt Linguist files in ``translations/``.

``ui_<lang>.ts`` is the editable Qt Linguist source; ``ui_<lang>.qm`` is its compiled form,
produced by ``python -m ui.translations.build`` (pyside6-lupdate + pyside6-lrelease, both
shipped with PySide6-Essentials) and committed, so nothing is compiled at run time.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

TRANSLATIONS = Path(__file__).parent / "translations"
LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch"}


class LanguageError(Exception):
    """A language was asked for that is not shipped, or its file does not load."""


_installed: list[QTranslator] = []


def install_language(app: QCoreApplication, language: str) -> str:
    """Install the translator for ``language`` (replacing any previous one); returns it."""
    if language not in LANGUAGES:
        raise LanguageError(
            f"language {language!r} is not shipped; choose one of {', '.join(LANGUAGES)}")
    while _installed:
        app.removeTranslator(_installed.pop())
    if language != "en":
        translator = QTranslator(app)
        qm = TRANSLATIONS / f"ui_{language}.qm"
        if not translator.load(str(qm)):
            raise LanguageError(f"{qm}: translation file missing or unreadable "
                                "(run python -m ui.translations.build)")
        app.installTranslator(translator)
        _installed.append(translator)
        # Qt's own texts (OK / Cancel, key names such as Strg+Umschalt) from the translations
        # shipped with Qt; a missing file only leaves those in English.
        base = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if base.load(f"qtbase_{language}", qt_dir):
            app.installTranslator(base)
            _installed.append(base)
    QLocale.setDefault(QLocale(language))
    return language
