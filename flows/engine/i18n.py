"""Translations from the Babel ``.po`` catalogs shipped in the ``locales`` package.

Catalogs are compiled in memory at startup, so a volunteer who edits a ``.po`` file only has
to restart the bot; there is no compiled ``.mo`` file to forget. There is no global
translator: each person's locale travels in the ``Context``.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterable, Mapping
from importlib import resources
from importlib.resources.abc import Traversable

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

__all__ = [
    "DEFAULT_LOCALE",
    "LOCALE_NAMES",
    "N_",
    "Catalogs",
    "load_catalogs",
    "resolve_locale",
]

DEFAULT_LOCALE = "id"
DOMAIN = "messages"

#: How each language calls itself, for the language menu.
LOCALE_NAMES: Mapping[str, str] = {"id": "Bahasa Indonesia", "en": "English", "jv": "Basa Jawa"}


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (translated where shown)."""
    return message


class Catalogs:
    """The loaded translations, one per locale, with the source strings as fallback."""

    def __init__(self, translations: Mapping[str, gettext.NullTranslations]) -> None:
        self._translations = dict(translations)
        self._fallback = gettext.NullTranslations()

    @property
    def locales(self) -> tuple[str, ...]:
        """Locales with a catalog, the default first."""
        return tuple(sorted(self._translations, key=lambda loc: (loc != DEFAULT_LOCALE, loc)))

    def get(self, locale: str) -> gettext.NullTranslations:
        """Return the translations for ``locale`` (source strings when unknown)."""
        return self._translations.get(locale, self._fallback)


def _compile(po_file: Traversable, locale: str) -> gettext.GNUTranslations:
    with po_file.open("rb") as fh:
        catalog = read_po(fh, locale=locale, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def load_catalogs(root: Traversable | None = None) -> Catalogs:
    """Load every ``<locale>/LC_MESSAGES/messages.po`` under the locales package."""
    base = root if root is not None else resources.files("locales")
    translations: dict[str, gettext.NullTranslations] = {}
    for entry in base.iterdir():
        po_file = entry / "LC_MESSAGES" / f"{DOMAIN}.po"
        if entry.is_dir() and po_file.is_file():
            translations[entry.name] = _compile(po_file, entry.name)
    return Catalogs(translations)


def resolve_locale(
    chosen: str | None, language_code: str | None, available: Iterable[str], default: str
) -> str:
    """Pick a person's locale: their stored choice, then Telegram's language, then the default."""
    known = set(available)
    if chosen and chosen in known:
        return chosen
    if language_code:
        base = language_code.split("-")[0].lower()
        base = "id" if base == "in" else base  # old Android still reports Indonesian as "in"
        if base in known:
            return base
    return default if default in known else DEFAULT_LOCALE
