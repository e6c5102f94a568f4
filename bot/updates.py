"""Raw update JSON → PTB ``Update``, one update at a time, never logging what a person wrote.

PTB parses a whole ``getUpdates`` batch at once, so one update it cannot read (an old sticker
body, a field Telegram added or dropped) fails the batch and, retried, silences the bot for
everyone; it also logs the whole batch, names and texts included. Here the poller and the
webhook hand each raw update to ``UpdateReader.read`` on its own: an unreadable one is logged
with its id, its kind and the error (personal values blanked), counted, and skipped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

from telegram import Bot, Update

__all__ = ["UpdateReader", "describe_kind", "safe_error", "update_id_of"]

log = logging.getLogger(__name__)

#: Fields every message carries; what is left names the kind of message (``message/sticker``).
_MESSAGE_META = frozenset(
    {"message_id", "date", "chat", "from", "sender_chat", "entities", "caption", "caption_entities",
     "message_thread_id", "is_topic_message", "edit_date", "via_bot", "author_signature",
     "reply_to_message", "forward_origin", "has_protected_content", "media_group_id",
     "link_preview_options", "reply_markup", "is_from_offline", "sender_boost_count",
     "effect_id", "show_caption_above_media", "has_media_spoiler", "quote",
     "external_reply", "reply_to_story", "business_connection_id", "sender_business_bot",
     "forward_from", "forward_from_chat", "forward_date", "forward_sender_name",
     "forward_signature", "forward_from_message_id", "is_automatic_forward"}
)  # fmt: skip
_MESSAGE_KINDS = frozenset(
    {"message", "edited_message", "channel_post", "edited_channel_post", "business_message"}
)
_QUOTED = re.compile(r"'([^']*)'|\"([^\"]*)\"")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def describe_kind(data: dict[str, Any]) -> str:
    """What an update is, without its content: ``message/sticker``, ``callback_query``."""
    kinds = [key for key in data if key != "update_id"]
    if not kinds:
        return "empty"
    kind = kinds[0]
    body = data[kind]
    if kind in _MESSAGE_KINDS and isinstance(body, dict):
        content = sorted(key for key in body if key not in _MESSAGE_META)
        return f"{kind}/{'+'.join(content[:3]) or 'empty'}"
    return kind


def _values(data: object) -> Iterator[str]:
    """Every string value in a JSON structure (the personal part: names, texts, captions)."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _values(value)
    elif isinstance(data, list):
        for value in data:
            yield from _values(value)


def safe_error(exc: BaseException, data: object) -> str:
    """The error's type and message with any value taken from the update blanked out.

    Field names stay (``missing 'is_video' and 'type'`` is what a maintainer needs); a quoted
    value that is not a plain identifier, or that occurs among the update's values, becomes ….
    """
    values = {v for v in _values(data) if len(v) >= 3}
    message = str(exc)
    for value in sorted(values, key=len, reverse=True):  # whole words only: "id" ≠ "is_video"
        message = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", "…", message)

    def blank(match: re.Match[str]) -> str:
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        return match.group(0) if _IDENTIFIER.fullmatch(inner or "") else "'…'"

    return f"{type(exc).__name__}: {_QUOTED.sub(blank, message)[:300]}"


class UpdateReader:
    """Parses single updates for one bot, counting those it cannot read."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot
        self.unreadable = 0

    def read(self, data: object) -> Update | None:
        """The parsed update, or None (logged and counted) when PTB cannot read it."""
        update_id = update_id_of(data)
        kind = describe_kind(data) if isinstance(data, dict) else type(data).__name__
        try:
            if not isinstance(data, dict) or update_id is None:
                raise ValueError("not an update object with an integer update_id")
            update = Update.de_json(data, self._bot)
        except Exception as exc:  # PTB raises TypeError, KeyError, ValueError, AttributeError…
            self.unreadable += 1
            log.warning(
                "skipped update %s (%s) that could not be read: %s [%d unreadable so far]",
                update_id,
                kind,
                safe_error(exc, data),
                self.unreadable,
            )
            return None
        return update


def update_id_of(data: object) -> int | None:
    """The integer ``update_id`` of a raw update, if it has one."""
    value = data.get("update_id") if isinstance(data, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None
