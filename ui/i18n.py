"""Languages: English (source strings) and German, from Qt Linguist files in ``translations/``.

``ui_<lang>.ts`` is the editable Qt Linguist source; ``ui_<lang>.qm`` is its compiled form,
produced by ``python -m ui.translations.build`` (pyside6-lupdate + pyside6-lrelease, both
shipped with PySide6-Essentials) and committed, so nothing is compiled at run time.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

TRANSLATIONS = Path(__file__).parent / "translations"
LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch"}


class LanguageError(Exception):
    """A language was asked for that is not shipped, or its file does not load."""


_installed: QTranslator | None = None


def install_language(app: QCoreApplication, language: str) -> str:
    """Install the translator for ``language`` (replacing any previous one); returns it."""
    global _installed
    if language not in LANGUAGES:
        raise LanguageError(
            f"language {language!r} is not shipped; choose one of {', '.join(LANGUAGES)}")
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    if language != "en":
        translator = QTranslator(app)
        qm = TRANSLATIONS / f"ui_{language}.qm"
        if not translator.load(str(qm)):
            raise LanguageError(f"{qm}: translation file missing or unreadable "
                                "(run python -m ui.translations.build)")
        app.installTranslator(translator)
        _installed = translator
    QLocale.setDefault(QLocale(language))
    return language
