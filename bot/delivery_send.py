"""One delivery's payload → the Bot API calls that show it to the person.

Why apart from the worker: what a payload becomes (a photo, document, voice note, audio,
video or round video with its caption, or the file and then the text when the text is longer
than a caption may be or the kind takes no caption; long text in parts with the
buttons on the last) decides how many send slots the worker must book, so both the counting
and the sending live here, side by side, and cannot disagree.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from telegram import Bot

from bot.outbound import markup_json, split_text
from bot.request import BotApi
from storage.outbox import payload_reply

__all__ = ["MAX_CAPTION", "METHODS", "message_calls"]

#: Telegram's limit for a photo's or document's caption.
MAX_CAPTION = 1024

#: One Bot API call that puts one message in front of the person.
Call = Callable[[], Awaitable[Any]]

#: Attachment kind → the Bot API method that sends it (the file goes in the parameter of the
#: kind's own name: ``voice`` for sendVoice, ``video_note`` for sendVideoNote…).
METHODS = {
    "photo": "sendPhoto",
    "document": "sendDocument",
    "voice": "sendVoice",
    "audio": "sendAudio",
    "video": "sendVideo",
    "video_note": "sendVideoNote",
}
#: Kinds Telegram shows without a caption: their text always follows as its own message.
_NO_CAPTION = frozenset({"video_note"})


def _attachment(payload: dict[str, Any]) -> tuple[str, str] | None:
    raw = payload.get("attachment")
    if not isinstance(raw, dict):
        return None
    kind, file_id = raw.get("kind"), raw.get("file_id")
    if kind not in METHODS or not isinstance(file_id, str) or not file_id:
        raise ValueError(f"attachment needs a kind ({', '.join(METHODS)}) and a file_id")
    return kind, file_id


def message_calls(bot: Bot, chat_id: str, payload: dict[str, Any]) -> list[Call]:
    """The calls, in order, that deliver ``payload`` to ``chat_id`` (one message each).

    Raises ValueError for a payload that cannot be sent (the row fails with that reason).
    """
    reply = payload_reply(payload)
    markup = markup_json(reply)
    attachment = _attachment(payload)
    api = BotApi(bot.request, bot.base_url)

    def call(method: str, **params: Any) -> Call:
        given = {k: v for k, v in params.items() if v is not None}
        return partial(api.call, method, {"chat_id": chat_id, **given})

    calls: list[Call] = []
    text = reply.text
    if attachment is not None:
        kind, file_id = attachment
        method = METHODS[kind]
        fits = len(text) <= MAX_CAPTION and (kind not in _NO_CAPTION or not text.strip())
        if fits:
            return [call(method, **{kind: file_id}, caption=text or None, reply_markup=markup)]
        calls.append(call(method, **{kind: file_id}))
    elif not text.strip():
        raise ValueError("nothing to send: no text and no attachment")
    parts = split_text(text)
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        calls.append(call("sendMessage", text=part, reply_markup=markup if last else None))
    return calls
