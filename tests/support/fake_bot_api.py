"""A fake Telegram Bot API server for end-to-end tests and benchmarks.

Telegram's servers are unreachable from CI, and mocking python-telegram-bot (PTB) in-process
would skip the code we most want to exercise: HTTP encoding, long polling, error mapping,
retries and timeouts.  So the real bot talks to this server over real HTTP on 127.0.0.1 via
PTB's ``base_url``/``base_file_url``.  It implements just the methods the bot uses, with
Telegram's observable behaviour where it matters for correctness (offset confirmation, 409 on
competing pollers, the 4096-character limit, "message is not modified", 429 ``retry_after``),
and records every call so tests can assert on what the user would have seen.

All public methods must be called from the event loop that runs the server.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import html
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Final, Self

from aiohttp import ClientSession, ClientTimeout, web

from tests.support.flood import FloodControl

JSONDict = dict[str, Any]

DEFAULT_TOKEN: Final = "123456:TEST-TOKEN"
BOT_USERNAME: Final = "desmigratif_test_bot"
MAX_TEXT_LENGTH: Final = 4096
MAX_CAPTION_LENGTH: Final = 1024
MAX_GET_FILE_SIZE: Final = 20 * 1024 * 1024  # getFile refuses bigger files ("file is too big")
#: Methods whose params count as "a message the user sees" for sent_messages().
MESSAGE_METHODS: Final = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "sendVoice", "sendAudio", "sendVideo",
     "sendVideoNote", "editMessageText"}
)  # fmt: skip
#: Methods Telegram's flood control counts (when enforced, see enforce_flood_control()).
FLOOD_METHODS: Final = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "sendVoice", "sendAudio", "sendVideo",
     "sendVideoNote"}
)  # fmt: skip

#: PTB JSON-encodes every non-string parameter into a form field, so ``chat_id`` arrives as
#: ``"42"`` and ``reply_markup`` as a JSON string.  We decode only fields known to be typed:
#: decoding blindly would corrupt strings that merely look numeric (``text="123"``,
#: ``callback_query_id``, ``inline_message_id``).
# fmt: off
_JSON_FIELDS: Final = frozenset({
    "reply_markup", "entities", "caption_entities", "commands", "allowed_updates", "scope",
    "link_preview_options", "reply_parameters", "media", "results", "message_ids", "reaction",
    "menu_button", "options",
})
_INT_FIELDS: Final = frozenset({
    "chat_id", "message_id", "offset", "limit", "timeout", "max_connections", "from_chat_id",
    "reply_to_message_id", "message_thread_id", "cache_time", "user_id", "duration",
})
_FLOAT_FIELDS: Final = frozenset({"latitude", "longitude"})
_BOOL_FIELDS: Final = frozenset({
    "drop_pending_updates", "disable_notification", "protect_content", "show_alert",
    "has_spoiler", "disable_web_page_preview", "allow_sending_without_reply",
    "disable_content_type_detection", "show_caption_above_media", "allow_paid_broadcast",
})
# fmt: on
_COMMAND_RE: Final = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?=\s|$)")
_NOT_MODIFIED: Final = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


@dataclass(frozen=True)
class Call:
    """One Bot API request as the fake received it (after decoding typed fields)."""

    method: str
    params: dict[str, Any]
    at: float  # time.monotonic() on arrival, for latency measurements
    error_code: int | None = None  # set only for entries of FakeBotApi.failed_calls
    description: str | None = None


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request; ``file_id`` is what the fake will call it."""

    field_name: str
    filename: str | None
    content_type: str
    data: bytes
    file_id: str


@dataclass
class _Fault:
    method: str  # lower-cased: Telegram method names are case-insensitive
    code: int
    description: str
    retry_after: int | None
    remaining: int
    chat_id: int | None


@dataclass
class _Delay:
    method: str
    seconds: float
    remaining: int


@dataclass
class _StoredFile:
    data: bytes
    unique_id: str
    file_name: str | None = None
    mime_type: str | None = None
    path: str | None = None


class _ApiError(Exception):
    """Raised by method implementations; turned into Telegram's error envelope."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after


def _decode_field(name: str, value: Any) -> Any:
    """Turn a form-field string back into the type PTB serialised it from."""
    if not isinstance(value, str):
        return value
    try:
        if name in _JSON_FIELDS and value[:1] in ("[", "{"):
            return json.loads(value)
        if name in _INT_FIELDS and re.fullmatch(r"-?\d+", value):
            return int(value)
        if name in _FLOAT_FIELDS:
            return float(value)
    except ValueError:
        return value
    if name in _BOOL_FIELDS and value in ("true", "false"):
        return value == "true"
    return value


def _visible_length(text: str, parse_mode: Any) -> int:
    """Length Telegram checks against the limit: after entity parsing, so HTML tags are free.

    Markdown is counted raw, which is stricter than Telegram but never more lenient.
    """
    if isinstance(parse_mode, str) and parse_mode.lower() == "html":
        return len(html.unescape(re.sub(r"<[^>]*>", "", text)))
    return len(text)


def _utf16_len(text: str) -> int:
    """Telegram entity offsets/lengths are in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


class FakeBotApi:
    """In-memory Telegram Bot API on a random local port; see the module docstring."""

    def __init__(
        self, token: str = DEFAULT_TOKEN, *, latency: float = 0.0, flood: FloodControl | None = None
    ) -> None:
        self.token = token
        self.flood = flood  # None: no flood control (most tests); see enforce_flood_control()
        self.latency = latency  # slept before every non-getUpdates answer and file download
        self.bot_user: JSONDict = {
            "id": int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 123456,
            "is_bot": True,
            "first_name": "Desmigratif Test",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.calls: list[Call] = []
        self.failed_calls: list[Call] = []
        self.poll_calls: list[Call] = []  # getUpdates, kept apart so it does not drown `calls`
        # Indexes so waiters re-check in O(1) even in benchmarks with thousands of calls.
        self._by_chat: dict[int, list[JSONDict]] = {}
        self._by_method: dict[tuple[str, bool], list[Call]] = {}  # (method, failed)
        self.pushed_at: dict[int, float] = {}
        self.confirmed_offset = 0
        self.webhook: JSONDict = {"url": ""}
        self.commands: dict[tuple[str, str], list[JSONDict]] = {}
        self._updates: list[JSONDict] = []
        self._allowed_updates: list[str] | None = None
        self._next_update_id = 1
        self._message_ids: dict[int, int] = {}
        self._chats: dict[int, JSONDict] = {}
        self._messages: dict[tuple[int, int], JSONDict] = {}
        self._files: dict[str, _StoredFile] = {}
        self._paths: dict[str, str] = {}
        self._faults: list[_Fault] = []
        self._delays: list[_Delay] = []
        self._ids = itertools.count(1)
        self._poll_generation = 0
        self._changed = asyncio.Event()
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._methods: dict[str, tuple[str, Callable[[JSONDict], Any]]] = {
            name.lower(): (name, impl)
            for name, impl in {
                "getMe": lambda p: self.bot_user,
                "deleteWebhook": self._delete_webhook,
                "setWebhook": self._set_webhook,
                "getWebhookInfo": self._get_webhook_info,
                "setMyCommands": self._set_my_commands,
                "getMyCommands": self._get_my_commands,
                "deleteMyCommands": self._delete_my_commands,
                "sendMessage": self._send_message,
                "editMessageText": self._edit_message_text,
                "editMessageReplyMarkup": self._edit_reply_markup,
                "deleteMessage": lambda p: True,
                "answerCallbackQuery": lambda p: True,
                "sendChatAction": lambda p: True,
                "setMyDescription": lambda p: True,
                "setMyShortDescription": lambda p: True,
                "setMyName": lambda p: True,
                "setChatMenuButton": lambda p: True,
                "sendPhoto": lambda p: self._send_media("photo", p),
                "sendDocument": lambda p: self._send_media("document", p),
                "sendVoice": lambda p: self._send_media("voice", p),
                "sendAudio": lambda p: self._send_media("audio", p),
                "sendVideo": lambda p: self._send_media("video", p),
                "sendVideoNote": lambda p: self._send_media("video_note", p),
                "getFile": self._get_file,
            }.items()
        }

    # ------------------------------------------------------------------ lifecycle
    async def start(self, port: int = 0) -> None:
        """Bind 127.0.0.1 (port 0 = any free port, so parallel test runs never collide)."""
        app = web.Application(client_max_size=60 * 1024 * 1024)  # Telegram allows 50 MB
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._closing, self._changed = asyncio.Event(), asyncio.Event()  # bind to this loop
        # A short shutdown_timeout: parked long polls are woken by stop() anyway.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        self._port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        """Wake parked long polls and delays first, so shutdown does not wait for them."""
        self._closing.set()
        self._notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeBotApi is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """PTB requests f"{base_url}{token}/{method}"."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def file_base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # ------------------------------------------------------------------ test helpers
    def add_file(
        self,
        file_id: str,
        data: bytes,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> None:
        """Make ``file_id`` resolvable by getFile and downloadable."""
        self._files[file_id] = _StoredFile(data, f"uniq-{next(self._ids)}", file_name, mime_type)

    def file_data(self, file_id: str) -> bytes:
        return self._files[file_id].data

    def sent_messages(self, chat_id: int | None = None) -> list[JSONDict]:
        """Params of everything that put content in front of a user, in order."""
        if chat_id is not None:
            return list(self._by_chat.get(chat_id, ()))
        return [c.params for c in self.calls if c.method in MESSAGE_METHODS]

    async def wait_for_messages(
        self,
        chat_id: int,
        count: int,
        timeout: float = 10.0,
    ) -> list[JSONDict]:
        """Wait until ``count`` messages went to ``chat_id``; fail listing what did arrive."""
        if await self._wait_until(lambda: len(self._by_chat.get(chat_id, ())) >= count, timeout):
            return self.sent_messages(chat_id)
        got = [
            m.get("text", m.get("caption", m.get("photo", m.get("document"))))
            for m in self.sent_messages(chat_id)
        ]
        raise AssertionError(
            f"expected {count} message(s) to chat {chat_id} within {timeout}s, "
            f"got {len(got)}: {got!r}; failed calls: {self.failed_calls!r}"
        )

    async def wait_for_calls(
        self,
        method: str,
        count: int,
        timeout: float = 10.0,
        *,
        include_failed: bool = False,
    ) -> list[Call]:
        """Wait until ``count`` successful (or, optionally, also failed) ``method`` calls."""

        def seen() -> int:
            failed = len(self._by_method.get((method, True), ())) if include_failed else 0
            return len(self._by_method.get((method, False), ())) + failed

        def matching() -> list[Call]:
            pool = self.calls + self.failed_calls if include_failed else self.calls
            return sorted((c for c in pool if c.method == method), key=lambda c: c.at)

        if await self._wait_until(lambda: seen() >= count, timeout):
            return matching()
        raise AssertionError(
            f"expected {count} {method} call(s) within {timeout}s, got {len(matching())}; "
            f"all methods seen: {[c.method for c in self.calls]!r}"
        )

    def clear(self) -> None:
        """Forget recorded calls, pending updates and injected faults/delays."""
        self.calls.clear()
        self._by_chat.clear()
        self._by_method.clear()
        self.failed_calls.clear()
        self.poll_calls.clear()
        self.pushed_at.clear()
        self._updates.clear()
        self._faults.clear()
        self._delays.clear()

    def fail(
        self,
        method: str,
        *,
        code: int,
        description: str,
        retry_after: int | None = None,
        times: int = 1,
        chat_id: int | None = None,
    ) -> None:
        """Answer the next ``times`` matching calls with a Telegram error instead."""
        self._faults.append(_Fault(method.lower(), code, description, retry_after, times, chat_id))

    def enforce_flood_control(
        self,
        per_second: float = 30.0,
        *,
        per_chat_interval: float = 1.0,
        retry_after: int = 1,
        random_429: float = 0.0,
        seed: int | None = None,
    ) -> FloodControl:
        """From now on, answer sends beyond Telegram's limits with 429 as Telegram does."""
        self.flood = FloodControl(per_second, per_chat_interval, retry_after, random_429, seed)
        return self.flood

    def delay(self, method: str, seconds: float, times: int = 1) -> None:
        """Stall the next ``times`` calls (which still take effect, as on real Telegram)."""
        self._delays.append(_Delay(method.lower(), seconds, times))

    # ------------------------------------------------------------------ feeding updates
    def push_update(self, update: JSONDict) -> int:
        """Queue an update under the next update_id (any given one is overwritten)."""
        update_id = self._next_update_id
        self._next_update_id += 1
        self._updates.append({**update, "update_id": update_id})
        self.pushed_at[update_id] = time.monotonic()
        self._notify()
        return update_id

    def push_raw(self, update: JSONDict) -> int:
        """Queue an update as is; only a missing update_id is filled in."""
        if "update_id" not in update:
            return self.push_update(update)
        update_id = int(update["update_id"])
        self._next_update_id = max(self._next_update_id, update_id + 1)
        self._updates.append(update)
        self.pushed_at[update_id] = time.monotonic()
        self._notify()
        return update_id

    def push_text(
        self,
        user_id: int,
        text: str,
        *,
        first_name: str = "Siti",
        language_code: str | None = "id",
    ) -> int:
        """A private text message; a leading /command gets its bot_command entity like on TG."""
        extra: JSONDict = {"text": text}
        if match := _COMMAND_RE.match(text):
            extra["entities"] = [
                {"type": "bot_command", "offset": 0, "length": _utf16_len(match.group())}
            ]
        return self.push_update(
            {"message": self._user_message(user_id, first_name, language_code, extra)}
        )

    def push_callback(
        self,
        user_id: int,
        data: str,
        message_id: int = 1,
        *,
        first_name: str = "Siti",
        language_code: str | None = "id",
    ) -> int:
        """A button press on bot message ``message_id`` (echoed from what the bot sent)."""
        message = self._messages.get((user_id, message_id)) or {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self._chat(user_id),
            "from": self.bot_user,
            "text": "…",
        }
        return self.push_update(
            {
                "callback_query": {
                    "id": str(next(self._ids)),
                    "chat_instance": f"ci-{user_id}",
                    "data": data,
                    "from": self._user(user_id, first_name, language_code),
                    "message": message,
                }
            }
        )

    def push_photo(
        self,
        user_id: int,
        file_id: str = "photo-1",
        caption: str | None = None,
        *,
        data: bytes | None = None,
        first_name: str = "Siti",
    ) -> int:
        self._ensure_file(file_id, data, "image/jpeg", None)
        small = f"{file_id}-thumb"
        self._ensure_file(small, None, "image/jpeg", None)
        extra: JSONDict = {
            "photo": [self._photo_size(small, 90, 90), self._photo_size(file_id, 1280, 960)]
        }
        if caption is not None:
            extra["caption"] = caption
        return self.push_update({"message": self._user_message(user_id, first_name, "id", extra)})

    def push_document(
        self,
        user_id: int,
        file_id: str = "doc-1",
        *,
        file_name: str = "dokumen.pdf",
        mime_type: str = "application/pdf",
        caption: str | None = None,
        data: bytes | None = None,
        first_name: str = "Siti",
    ) -> int:
        entry = self._ensure_file(file_id, data, mime_type, file_name)
        extra: JSONDict = {
            "document": {
                "file_id": file_id,
                "file_unique_id": entry.unique_id,
                "file_name": file_name,
                "mime_type": mime_type,
                "file_size": len(entry.data),
            }
        }
        if caption is not None:
            extra["caption"] = caption
        return self.push_update({"message": self._user_message(user_id, first_name, "id", extra)})

    def push_voice(
        self,
        user_id: int,
        file_id: str = "voice-1",
        *,
        duration: int = 3,
        data: bytes | None = None,
        first_name: str = "Siti",
    ) -> int:
        entry = self._ensure_file(file_id, data, "audio/ogg", None)
        extra = {
            "voice": {
                "file_id": file_id,
                "file_unique_id": entry.unique_id,
                "duration": duration,
                "mime_type": "audio/ogg",
                "file_size": len(entry.data),
            }
        }
        return self.push_update({"message": self._user_message(user_id, first_name, "id", extra)})

    def push_location(
        self, user_id: int, lat: float, lon: float, *, first_name: str = "Siti"
    ) -> int:
        extra = {"location": {"latitude": lat, "longitude": lon}}
        return self.push_update({"message": self._user_message(user_id, first_name, "id", extra)})

    def push_contact(
        self,
        user_id: int,
        phone_number: str = "+6281234567890",
        *,
        first_name: str = "Siti",
        contact_user_id: int | None = None,
    ) -> int:
        """Defaults to the user sharing their own contact (request_contact button)."""
        extra = {
            "contact": {
                "phone_number": phone_number,
                "first_name": first_name,
                "user_id": user_id if contact_user_id is None else contact_user_id,
            }
        }
        return self.push_update({"message": self._user_message(user_id, first_name, "id", extra)})

    def pending_updates(self) -> int:
        """Queued updates not yet confirmed (Telegram's pending_update_count)."""
        return len(self._updates)

    async def deliver_webhook(self, url: str, update: JSONDict, secret: str | None = None) -> int:
        """POST ``update`` to the bot's webhook the way Telegram does; returns the HTTP status."""
        if "update_id" not in update:
            update = {**update, "update_id": self._next_update_id}
            self._next_update_id += 1
        self.pushed_at[int(update["update_id"])] = time.monotonic()
        headers = {"Content-Type": "application/json"}  # PTB insists on exactly this value
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        async with (
            ClientSession(timeout=ClientTimeout(total=30)) as session,
            session.post(url, data=json.dumps(update), headers=headers) as response,
        ):
            return response.status

    # ------------------------------------------------------------------ internals
    def _notify(self) -> None:
        """Broadcast "something changed" to every waiter (sync-safe, unlike Condition)."""
        event, self._changed = self._changed, asyncio.Event()
        event.set()

    async def _wait_until(self, predicate: Callable[[], bool], seconds: float) -> bool:
        """Re-check ``predicate`` on every change notification, not on a polling timer."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0 or self._closing.is_set():
                return predicate()
            event = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)
        return True

    async def _sleep(self, seconds: float) -> None:
        """Sleep that ends early when the server stops."""
        if seconds > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), seconds)

    def _user(self, user_id: int, first_name: str, language_code: str | None) -> JSONDict:
        user: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code is not None:
            user["language_code"] = language_code
        return user

    def _chat(self, chat_id: int) -> JSONDict:
        if chat_id not in self._chats:
            if chat_id < 0:
                kind = "supergroup" if str(chat_id).startswith("-100") else "group"
                self._chats[chat_id] = {"id": chat_id, "type": kind, "title": "Test Group"}
            else:
                self._chats[chat_id] = {"id": chat_id, "type": "private", "first_name": "Siti"}
        return self._chats[chat_id]

    def _next_message_id(self, chat_id: int) -> int:
        """One counter per chat, shared by user and bot messages, as in private chats."""
        self._message_ids[chat_id] = self._message_ids.get(chat_id, 0) + 1
        return self._message_ids[chat_id]

    def _user_message(
        self, user_id: int, first_name: str, language_code: str | None, extra: JSONDict
    ) -> JSONDict:
        self._chats[user_id] = {"id": user_id, "type": "private", "first_name": first_name}
        return {
            "message_id": self._next_message_id(user_id),
            "date": int(time.time()),
            "chat": self._chat(user_id),
            "from": self._user(user_id, first_name, language_code),
            **extra,
        }

    def _ensure_file(
        self, file_id: str, data: bytes | None, mime: str | None, name: str | None
    ) -> _StoredFile:
        if data is not None or file_id not in self._files:
            self.add_file(
                file_id,
                data if data is not None else f"fake:{file_id}".encode(),
                file_name=name,
                mime_type=mime,
            )
        return self._files[file_id]

    def _photo_size(self, file_id: str, width: int, height: int) -> JSONDict:
        entry = self._files[file_id]
        return {
            "file_id": file_id,
            "file_unique_id": entry.unique_id,
            "width": width,
            "height": height,
            "file_size": len(entry.data),
        }

    async def _read_params(self, request: web.Request) -> JSONDict:
        raw: JSONDict = dict(request.query)
        if request.method == "POST" and request.body_exists:
            if request.content_type == "application/json":
                body = await request.json()
                if not isinstance(body, dict):
                    raise _ApiError(400, "Bad Request: JSON object expected")
                raw.update(body)
            else:  # x-www-form-urlencoded and multipart/form-data alike
                for name, value in (await request.post()).items():
                    if isinstance(value, web.FileField):
                        raw[name] = Upload(
                            name,
                            value.filename,
                            value.content_type,
                            value.file.read(),
                            f"upload-{next(self._ids)}",
                        )
                    else:
                        raw[name] = value
        return {name: _decode_field(name, value) for name, value in raw.items()}

    def _record(self, call: Call) -> None:
        """Append to the public lists and the indexes, then wake every waiter."""
        failed = call.error_code is not None
        (self.failed_calls if failed else self.calls).append(call)
        self._by_method.setdefault((call.method, failed), []).append(call)
        chat_id = call.params.get("chat_id")
        if not failed and call.method in MESSAGE_METHODS and isinstance(chat_id, int):
            self._by_chat.setdefault(chat_id, []).append(call.params)
        self._notify()

    def _take(self, method: str, params: JSONDict) -> _Fault | None:
        for fault in self._faults:
            if fault.method == method and fault.chat_id in (None, params.get("chat_id")):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    def _error(self, code: int, description: str, retry_after: int | None = None) -> web.Response:
        body: JSONDict = {"ok": False, "error_code": code, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        return web.json_response(body, status=code)

    async def _handle_method(self, request: web.Request) -> web.Response:
        arrived = time.monotonic()
        name = request.match_info["method"]
        try:
            params = await self._read_params(request)
        except (_ApiError, ValueError) as exc:
            return self._error(400, getattr(exc, "description", f"Bad Request: {exc}"))
        canonical, impl = self._methods.get(name.lower(), (name, None))
        if name.lower() == "getupdates" and request.match_info["token"] == self.token:
            return await self._handle_get_updates(params, arrived)
        try:
            if request.match_info["token"] != self.token:
                raise _ApiError(401, "Unauthorized")
            if impl is None:
                raise _ApiError(404, "Not Found: method not found")
            for delay in [d for d in self._delays if d.method == name.lower()][:1]:
                delay.remaining -= 1
                if delay.remaining <= 0:
                    self._delays.remove(delay)
                await self._sleep(delay.seconds)
            await self._sleep(self.latency)
            if self.flood is not None and canonical in FLOOD_METHODS:
                chat = params.get("chat_id")
                refused = self.flood.check(
                    chat if isinstance(chat, int) else None, time.monotonic()
                )
                if refused is not None:
                    wait = refused.retry_after
                    raise _ApiError(429, f"Too Many Requests: retry after {wait}", wait)
            if fault := self._take(name.lower(), params):
                raise _ApiError(fault.code, fault.description, fault.retry_after)
            try:
                result = impl(params)
            except (KeyError, TypeError, ValueError) as exc:  # a bug in the fake or odd input
                raise _ApiError(500, f"Internal Server Error: fake bot api: {exc!r}") from exc
        except _ApiError as exc:
            self._record(Call(canonical, params, arrived, exc.code, exc.description))
            return self._error(exc.code, exc.description, exc.retry_after)
        self._record(Call(canonical, params, arrived))
        return web.json_response({"ok": True, "result": result})

    async def _handle_get_updates(self, params: JSONDict, arrived: float) -> web.Response:
        """Polls go to ``poll_calls``; only injected faults land in ``failed_calls``."""
        self.poll_calls.append(Call("getUpdates", params, arrived))
        if fault := self._take("getupdates", params):
            self._record(Call("getUpdates", params, arrived, fault.code, fault.description))
            return self._error(fault.code, fault.description, fault.retry_after)
        try:
            return web.json_response({"ok": True, "result": await self._get_updates(params)})
        except _ApiError as exc:
            return self._error(exc.code, exc.description, exc.retry_after)

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return self._error(401, "Unauthorized")
        await self._sleep(self.latency)
        file_id = self._paths.get(request.match_info["path"])
        if file_id is None:
            return self._error(404, "Not Found")
        return web.Response(body=self._files[file_id].data, content_type="application/octet-stream")

    async def _get_updates(self, params: JSONDict) -> list[JSONDict]:
        """Long poll with Telegram's semantics; a newer poll makes this one end with 409."""
        if self.webhook.get("url"):
            raise _ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is "
                "active; use deleteWebhook to delete the webhook first",
            )
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        if isinstance(params.get("allowed_updates"), list):  # sticky, as on Telegram
            self._allowed_updates = params["allowed_updates"] or None
        if offset < 0:  # "-N": keep only the last N updates, forget the rest
            del self._updates[: max(len(self._updates) + offset, 0)]
        elif offset > self.confirmed_offset:
            self.confirmed_offset = offset
            self._updates = [u for u in self._updates if u["update_id"] >= offset]

        def available() -> list[JSONDict]:
            allowed = self._allowed_updates
            return [
                u
                for u in self._updates
                if allowed is None or any(k in allowed for k in u if k != "update_id")
            ][:limit]

        await self._wait_until(
            lambda: bool(available()) or generation != self._poll_generation,
            float(params.get("timeout") or 0),
        )
        if generation != self._poll_generation:
            raise _ApiError(
                409,
                "Conflict: terminated by other getUpdates request; make sure "
                "that only one bot instance is running",
            )
        return available()

    def _delete_webhook(self, params: JSONDict) -> bool:
        self.webhook = {"url": ""}
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _set_webhook(self, params: JSONDict) -> bool:
        self.webhook = {
            k: params[k]
            for k in ("url", "secret_token", "allowed_updates", "max_connections")
            if k in params
        }
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _get_webhook_info(self, params: JSONDict) -> JSONDict:
        info: JSONDict = {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if info["url"]:
            info["max_connections"] = self.webhook.get("max_connections", 40)
            if self.webhook.get("allowed_updates"):
                info["allowed_updates"] = self.webhook["allowed_updates"]
        return info

    @staticmethod
    def _commands_key(params: JSONDict) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")

    def _set_my_commands(self, params: JSONDict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _ApiError(400, "Bad Request: can't parse commands JSON object")
        self.commands[self._commands_key(params)] = commands
        return True

    def _get_my_commands(self, params: JSONDict) -> list[JSONDict]:
        return self.commands.get(self._commands_key(params), [])

    def _delete_my_commands(self, params: JSONDict) -> bool:
        self.commands.pop(self._commands_key(params), None)
        return True

    def _chat_id(self, params: JSONDict) -> int:
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int):
            raise _ApiError(400, "Bad Request: chat not found")
        return chat_id

    def _new_message(self, chat_id: int, content: JSONDict, params: JSONDict) -> JSONDict:
        """Build, remember and return a bot message (only inline keyboards are echoed)."""
        message: JSONDict = {
            "message_id": self._next_message_id(chat_id),
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self.bot_user,
            **content,
        }
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        self._messages[(chat_id, message["message_id"])] = message
        return message

    def _check_text(
        self, text: Any, parse_mode: Any, limit: int, what: str, *, allow_empty: bool = False
    ) -> None:
        if not isinstance(text, str) or not (allow_empty or text.strip()):
            raise _ApiError(400, f"Bad Request: {what} text is empty")
        if _visible_length(text, parse_mode) > limit:
            raise _ApiError(400, f"Bad Request: {what} is too long")

    def _send_message(self, params: JSONDict) -> JSONDict:
        chat_id = self._chat_id(params)
        text = params.get("text")
        self._check_text(text, params.get("parse_mode"), MAX_TEXT_LENGTH, "message")
        content: JSONDict = {"text": text}
        if params.get("entities"):
            content["entities"] = params["entities"]
        return self._new_message(chat_id, content, params)

    def _edit(self, params: JSONDict, changes: JSONDict, replaced: set[str]) -> JSONDict | bool:
        """Apply an edit; like Telegram, an edit without reply_markup drops the keyboard.

        "message is not modified" is raised only for messages the fake has seen, since for
        unknown ones (e.g. a pushed callback's message) it cannot know the current content.
        """
        if "inline_message_id" in params:
            return True
        chat_id, message_id = self._chat_id(params), params.get("message_id")
        if not isinstance(message_id, int):
            raise _ApiError(400, "Bad Request: message identifier is not specified")
        old = self._messages.get((chat_id, message_id))
        base = old or {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self.bot_user,
        }
        replaced = replaced | {"reply_markup", "edit_date"}
        new = {k: v for k, v in base.items() if k not in replaced} | changes
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            new["reply_markup"] = markup
        if old is not None and new == {k: v for k, v in old.items() if k != "edit_date"}:
            raise _ApiError(400, _NOT_MODIFIED)
        new["edit_date"] = int(time.time())
        self._messages[(chat_id, message_id)] = new
        return new

    def _edit_message_text(self, params: JSONDict) -> JSONDict | bool:
        self._check_text(params.get("text"), params.get("parse_mode"), MAX_TEXT_LENGTH, "message")
        changes: JSONDict = {"text": params["text"]}
        if params.get("entities"):
            changes["entities"] = params["entities"]
        return self._edit(params, changes, {"text", "entities"})

    def _edit_reply_markup(self, params: JSONDict) -> JSONDict | bool:
        return self._edit(params, {}, set())

    def _send_media(self, kind: str, params: JSONDict) -> JSONDict:
        chat_id = self._chat_id(params)
        value = params.get(kind)
        if isinstance(value, Upload):
            file_id = value.file_id
            self.add_file(
                file_id, value.data, file_name=value.filename, mime_type=value.content_type
            )
        elif isinstance(value, str) and value in self._files:
            file_id = value
        elif isinstance(value, str) and value.startswith(("http://", "https://")):
            file_id = f"url-{next(self._ids)}"
            self.add_file(file_id, b"", file_name=value.rsplit("/", 1)[-1])
        elif value is None:
            raise _ApiError(400, f"Bad Request: there is no {kind} in the request")
        else:
            raise _ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        content: JSONDict = {}
        # a round video has no caption in Telegram: the parameter is ignored, as there
        if (caption := params.get("caption")) is not None and kind != "video_note":
            self._check_text(
                caption,
                params.get("parse_mode"),
                MAX_CAPTION_LENGTH,
                "message caption",
                allow_empty=True,
            )
            content["caption"] = caption
            if params.get("caption_entities"):
                content["caption_entities"] = params["caption_entities"]
        entry = self._files[file_id]
        if kind == "photo":
            thumb = f"{file_id}-thumb"
            self._ensure_file(thumb, None, entry.mime_type, None)
            content["photo"] = [
                self._photo_size(thumb, 90, 90),
                self._photo_size(file_id, 1280, 960),
            ]
        else:
            content[kind] = {
                "file_id": file_id,
                "file_unique_id": entry.unique_id,
                "file_size": len(entry.data),
            }
            if entry.file_name and kind in ("document", "audio", "video"):
                content[kind]["file_name"] = entry.file_name
            if entry.mime_type and kind != "video_note":
                content[kind]["mime_type"] = entry.mime_type
        return self._new_message(chat_id, content, params)

    def _get_file(self, params: JSONDict) -> JSONDict:
        file_id = params.get("file_id")
        entry = self._files.get(file_id) if isinstance(file_id, str) else None
        if file_id is None or entry is None:
            raise _ApiError(400, "Bad Request: invalid file_id")
        if len(entry.data) > MAX_GET_FILE_SIZE:  # bots may download files up to 20 MB
            raise _ApiError(400, "Bad Request: file is too big")
        if entry.path is None:
            suffix = re.sub(r"[^A-Za-z0-9.]", "", (entry.file_name or "").rpartition(".")[2])
            entry.path = f"files/{entry.unique_id}" + (f".{suffix}" if suffix else "")
            self._paths[entry.path] = file_id
        return {
            "file_id": file_id,
            "file_unique_id": entry.unique_id,
            "file_size": len(entry.data),
            "file_path": entry.path,
        }


async def _serve(port: int, latency: float, token: str) -> None:
    api = FakeBotApi(token, latency=latency)
    await api.start(port)
    try:
        print(f"fake bot api on http://127.0.0.1:{api.port}", flush=True)
        print(f"token {token}; base_url={api.base_url}", flush=True)
        await asyncio.Event().wait()
    finally:
        await api.stop()


def main(argv: list[str] | None = None) -> None:
    """Standalone mode for manual poking: ``python -m tests.support.fake_bot_api``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args.port, args.latency, args.token))


if __name__ == "__main__":
    main()
