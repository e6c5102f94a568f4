"""The context a flow step runs in: who, in which language, at what time, with which reads.

Time, reference numbers and secrets are injected so that tests fix them instead of patching clocks.
"""

from __future__ import annotations

import gettext
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, TypeVar, cast

from flows.engine.i18n import Catalogs
from flows.engine.ports import Person, Queries

__all__ = ["Contents", "Context"]

T = TypeVar("T")


class Contents:
    """Each capability's content, loaded and validated at startup, looked up by its type."""

    def __init__(self, *parts: object) -> None:
        self._parts: dict[type, object] = {type(part): part for part in parts}

    def of(self, kind: type[T]) -> T:
        """The loaded content of type ``kind``; a capability asking for missing content is a bug."""
        found = self._parts.get(kind)
        if found is None:
            raise LookupError(f"no content of type {kind.__name__} was loaded")
        return cast(T, found)


@dataclass(frozen=True, slots=True)
class Context:
    """Everything a node may use besides the inbound message and its flow data."""

    locale: str
    translations: gettext.NullTranslations
    now: datetime
    new_reference: Callable[[str], str]
    person: Person
    queries: Queries
    content: Contents
    catalogs: Catalogs | None = None
    #: The channel's link that opens a chat with this payload (``https://t.me/<bot>?start=…``),
    #: or None where the channel has none (the console): then people type the payload.
    link_for: Callable[[str], str | None] = field(default=lambda payload: None)
    #: A fresh unguessable secret (a one-time sign-in token); tests inject a fixed one.
    new_token: Callable[[], str] = field(default=lambda: secrets.token_urlsafe(32))
    #: The office web page's address for a path (``/office/login?token=…``), or None when the
    #: web page is switched off.
    web_link: Callable[[str], str | None] = field(default=lambda path: None)

    @property
    def available_locales(self) -> tuple[str, ...]:
        """Languages the bot can speak (those with a catalog)."""
        return self.catalogs.locales if self.catalogs else (self.locale,)

    def with_locale(self, locale: str) -> Context:
        """The same context speaking another language (after the person switched)."""
        if self.catalogs is None:
            return self
        return replace(self, locale=locale, translations=self.catalogs.get(locale))

    def in_every_locale(self, message: str, /, **values: str) -> dict[str, str]:
        """``message`` in each language the bot speaks, filled in: for a notice to someone
        else, whose language is chosen only when it is sent."""
        if self.catalogs is None:
            return {self.locale: self._(message, **values)}
        return {
            locale: self.catalogs.get(locale).gettext(message).format(**values)
            for locale in self.catalogs.locales
        }

    def _(self, message: str, /, **values: Any) -> str:
        """Translate ``message`` into the person's language, then fill its named placeholders."""
        text = self.translations.gettext(message)
        return text.format(**values) if values else text

    def ngettext(self, singular: str, plural: str, n: int, /, **values: Any) -> str:
        """Translate a message whose form depends on the number ``n`` (``{n}`` is filled)."""
        text = self.translations.ngettext(singular, plural, n)
        return text.format(n=n, **values)
