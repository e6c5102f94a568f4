"""Real-world update bodies the bot must survive: ones PTB cannot parse, and service messages.

The unreadable bodies come from other Telegram projects' test suites (a sticker as older Bot
API versions sent it, as in teloxide's and pyTelegramBotAPI's fixtures; a poll answer without
the ``option_persistent_ids`` PTB 22.8 requires). Names and texts in them are distinctive so
a test can prove none of it reaches the bot's log.
"""

from __future__ import annotations

import time
from typing import Any

__all__ = ["SECRET_NAME", "SECRET_TEXT", "SERVICE_MESSAGES", "old_sticker", "service_message"]

JSONDict = dict[str, Any]

SECRET_NAME = "Kartinah"
SECRET_TEXT = "gaji saya belum dibayar tujuh bulan"


def _message(user_id: int, first_name: str, extra: JSONDict) -> JSONDict:
    return {
        "message_id": int(time.time() * 1000) % 1_000_000,
        "date": int(time.time()),
        "chat": {"id": user_id, "type": "private", "first_name": first_name},
        "from": {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "id"},
        **extra,
    }


def old_sticker(user_id: int, update_id: int | None = None) -> JSONDict:
    """A sticker without ``is_video`` and ``type``: PTB 22 raises TypeError on it."""
    sticker = {
        "file_id": "CAACAgIAAxkBAAIBYWJ",
        "file_unique_id": "AgADyQAD",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "emoji": "😀",
        "set_name": "MigranSetStiker",
    }
    body: JSONDict = {
        "message": _message(user_id, SECRET_NAME, {"sticker": sticker, "caption": SECRET_TEXT})
    }
    if update_id is not None:
        body["update_id"] = update_id
    return body


#: Service messages a private chat can hold; the person typed and sent nothing.
SERVICE_MESSAGES: dict[str, JSONDict] = {
    "message_auto_delete_timer_changed": {
        "message_auto_delete_timer_changed": {"message_auto_delete_time": 86400}
    },
    "write_access_allowed": {"write_access_allowed": {"from_request": True}},
    "users_shared": {"users_shared": {"request_id": 1, "users": [{"user_id": 5}]}},
    "chat_background_set": {
        "chat_background_set": {
            "type": {"type": "fill", "fill": {"type": "solid", "color": 0}, "dark_theme_dimming": 0}
        }
    },
}


def service_message(user_id: int, kind: str) -> JSONDict:
    """The ``message`` update of one service message kind."""
    return {"message": _message(user_id, SECRET_NAME, SERVICE_MESSAGES[kind])}
