"""One delivery's payload → the Bot API calls that show it to the person.

Why apart from the worker: what a payload becomes (a photo, document, voice note, audio,
video or round video with its caption, or the file and then the text when the text is longer
than a caption may be or the kind takes no caption; long text in parts with the
buttons on the last) decides how many send slots the worker must book, so both the counting
and the sending live here, side by side, and cannot disagree.

An attachment is either a Telegram ``file_id`` (a file Telegram already holds) or a local
file the bot made itself (an office export): ``{"kind": "document", "path": "exports/x.csv",
"filename": "x.csv"}``, the path relative to FILES_DIR. A local file is uploaded as multipart
and read only when its call is made (counting the calls checks it exists, nothing more). A
path that leads outside FILES_DIR (``..``, an absolute path, a symlink out) is refused, so a
payload can never make the bot send a file it was not meant to.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from telegram import Bot, InputFile

from bot.outbound import markup_json, split_text
from bot.request import BotApi
from storage.outbox import payload_reply

__all__ = ["MAX_CAPTION", "MAX_UPLOAD", "METHODS", "local_file", "message_calls"]

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
#: Telegram's limit for a file a bot uploads (50 MB).
MAX_UPLOAD = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class _Upload:
    """A local file to upload; read at send time, not when the calls are counted."""

    path: Path
    filename: str

    def input_file(self) -> InputFile:
        return InputFile(self.path.read_bytes(), filename=self.filename, attach=False)


def local_file(files_dir: Path | None, relative: object) -> Path:
    """The file ``relative`` names under ``files_dir``; ValueError if it is not safely there."""
    if files_dir is None:
        raise ValueError("a local file needs FILES_DIR")
    if not isinstance(relative, str) or not relative or Path(relative).is_absolute():
        raise ValueError("a local file needs a path relative to FILES_DIR")
    root = files_dir.resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or path == root:
        raise ValueError("the file is outside FILES_DIR")
    if not path.is_file():
        raise ValueError("the file is no longer there")
    if path.stat().st_size > MAX_UPLOAD:
        raise ValueError("the file is too big to upload (50 MB at most)")
    return path


def _attachment(
    payload: dict[str, Any], files_dir: Path | None
) -> tuple[str, str | _Upload] | None:
    raw = payload.get("attachment")
    if not isinstance(raw, dict):
        return None
    kind, file_id = raw.get("kind"), raw.get("file_id")
    if kind in METHODS and "path" in raw and file_id is None:
        path = local_file(files_dir, raw.get("path"))
        name = raw.get("filename")
        return kind, _Upload(path, name if isinstance(name, str) and name else path.name)
    if kind not in METHODS or not isinstance(file_id, str) or not file_id:
        raise ValueError(f"attachment needs a kind ({', '.join(METHODS)}) and a file_id or path")
    return kind, file_id


def message_calls(
    bot: Bot, chat_id: str, payload: dict[str, Any], files_dir: Path | None = None
) -> list[Call]:
    """The calls, in order, that deliver ``payload`` to ``chat_id`` (one message each).

    ``files_dir`` is where local attachments live (FILES_DIR). Raises ValueError for a
    payload that cannot be sent (the row fails with that reason).
    """
    reply = payload_reply(payload)
    markup = markup_json(reply)
    attachment = _attachment(payload, files_dir)
    api = BotApi(bot.request, bot.base_url)

    def call(method: str, **params: Any) -> Call:
        given = {k: v for k, v in params.items() if v is not None}
        return partial(api.call, method, {"chat_id": chat_id, **given})

    def upload(method: str, kind: str, file: _Upload, **params: Any) -> Call:
        given = {k: v for k, v in params.items() if v is not None}

        async def send() -> Any:
            data = await asyncio.to_thread(file.input_file)
            return await api.call(method, {"chat_id": chat_id, kind: data, **given})

        return send

    calls: list[Call] = []
    text = reply.text
    if attachment is not None:
        kind, file = attachment
        method = METHODS[kind]
        fits = len(text) <= MAX_CAPTION and (kind not in _NO_CAPTION or not text.strip())
        caption = {"caption": text or None, "reply_markup": markup} if fits else {}
        if isinstance(file, _Upload):
            calls.append(upload(method, kind, file, **caption))
        else:
            calls.append(call(method, **{kind: file}, **caption))
        if fits:
            return calls
    elif not text.strip():
        raise ValueError("nothing to send: no text and no attachment")
    parts = split_text(text)
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        calls.append(call("sendMessage", text=part, reply_markup=markup if last else None))
    return calls
