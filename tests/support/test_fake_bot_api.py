"""Tests of the fake Bot API itself, driven by PTB's real ``telegram.Bot`` over HTTP.

If the fake drifts from what PTB sends or accepts, every e2e test built on it becomes
meaningless, so these pin down the contract with the real client library.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import time
from collections.abc import AsyncIterator

import pytest
from aiohttp import ClientSession, web
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)

from tests.support.fake_bot_api import DEFAULT_TOKEN, FakeBotApi, Upload

pytestmark = pytest.mark.asyncio


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(DEFAULT_TOKEN, base_url=api.base_url, base_file_url=api.file_base_url) as b:
        yield b


async def test_get_me_initialises_bot(bot: Bot, api: FakeBotApi) -> None:
    me = await bot.get_me()
    assert me.is_bot and me.username == "desmigratif_test_bot" and me.can_join_groups
    assert bot.username == "desmigratif_test_bot"
    assert [c.method for c in api.calls][:1] == ["getMe"]


async def test_wrong_token_is_invalid_token(api: FakeBotApi) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("999:WRONG", base_url=api.base_url, base_file_url=api.file_base_url):
            pass
    assert api.failed_calls[0].error_code == 401


async def test_long_poll_returns_pushed_update_and_offset_confirms(
    bot: Bot, api: FakeBotApi
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=dtm.timedelta(seconds=3)))
    await asyncio.sleep(0.05)
    assert not poll.done()
    started = time.monotonic()
    update_id = api.push_text(42, "/start PAYLOAD")
    updates = await poll
    assert time.monotonic() - started < 0.5
    assert [u.update_id for u in updates] == [update_id]
    message = updates[0].message
    assert message is not None and message.text == "/start PAYLOAD"
    assert message.chat.id == 42 and message.from_user is not None
    assert message.from_user.language_code == "id"
    assert [(e.type, e.offset, e.length) for e in message.entities] == [("bot_command", 0, 6)]
    assert api.pending_updates() == 1  # delivered but not yet confirmed

    assert await bot.get_updates(offset=update_id + 1, timeout=dtm.timedelta(0)) == ()
    assert api.confirmed_offset == update_id + 1 and api.pending_updates() == 0

    started = time.monotonic()
    assert await bot.get_updates(offset=update_id + 1, timeout=dtm.timedelta(seconds=0.2)) == ()
    assert 0.15 < time.monotonic() - started < 1.5
    assert api.calls == [c for c in api.calls if c.method != "getUpdates"]
    assert len(api.poll_calls) == 3


async def test_limit_negative_offset_and_update_shapes(bot: Bot, api: FakeBotApi) -> None:
    ids = [api.push_text(7, f"m{i}") for i in range(3)]
    api.push_callback(7, "menu:lang", message_id=2)
    api.push_photo(7, caption="ktp")
    api.push_document(7, data=b"%PDF")
    api.push_location(7, -6.2, 106.8)
    api.push_contact(7)
    api.push_voice(7)
    api.push_raw({"update_id": 100, "my_chat_member": {"odd": True}})
    assert [u.update_id for u in await bot.get_updates(limit=2)] == ids[:2]
    updates = await bot.get_updates(offset=-8)
    assert api.pending_updates() == 8 and len(updates) == 8
    query = updates[1].callback_query
    assert query is not None and query.data == "menu:lang" and query.message is not None
    assert updates[2].message is not None and updates[2].message.photo[-1].file_id == "photo-1"
    assert updates[3].message is not None and updates[3].message.document is not None
    assert updates[4].message is not None and updates[4].message.location is not None
    assert updates[5].message is not None and updates[5].message.contact is not None
    assert updates[6].message is not None and updates[6].message.voice is not None
    assert updates[7].update_id == 100 and api.push_text(7, "next") == 101


async def test_send_message_is_recorded_with_decoded_markup(bot: Bot, api: FakeBotApi) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Ya", callback_data="yes")]])
    first = await bot.send_message(42, "Halo", reply_markup=markup)
    second = await bot.send_message(42, "<b>Lagi</b>", parse_mode="HTML")
    assert (first.message_id, second.message_id) == (1, 2)
    assert first.reply_markup == markup and first.from_user is not None
    assert first.from_user.is_bot and first.chat.type == "private"
    sent = api.sent_messages(42)
    assert sent[0]["chat_id"] == 42 and sent[0]["text"] == "Halo"
    assert sent[0]["reply_markup"] == {
        "inline_keyboard": [[{"text": "Ya", "callback_data": "yes"}]]
    }
    assert sent[1]["parse_mode"] == "HTML" and api.sent_messages(99) == []
    keyboard = ReplyKeyboardMarkup([[KeyboardButton("Kirim nomor", request_contact=True)]])
    third = await bot.send_message(42, "Nomor?", reply_markup=keyboard)
    assert third.reply_markup is None  # Telegram only echoes inline keyboards
    assert api.sent_messages(42)[2]["reply_markup"]["keyboard"][0][0]["request_contact"]
    assert [m["text"] for m in await api.wait_for_messages(42, 3, timeout=0.1)] == [
        "Halo",
        "<b>Lagi</b>",
        "Nomor?",
    ]


async def test_edit_and_commands_and_misc(bot: Bot, api: FakeBotApi) -> None:
    sent = await bot.send_message(5, "a")
    edited = await bot.edit_message_text("b", chat_id=5, message_id=sent.message_id)
    assert not isinstance(edited, bool) and edited.text == "b" and edited.edit_date
    with pytest.raises(BadRequest, match=r"(?i)not modified"):
        await bot.edit_message_text("b", chat_id=5, message_id=sent.message_id)
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="x")]])
    await bot.edit_message_reply_markup(5, sent.message_id, reply_markup=markup)
    await bot.edit_message_reply_markup(5, sent.message_id)  # drops the keyboard: modified
    assert await bot.edit_message_reply_markup(5, 999)  # unknown message: cannot judge
    assert await bot.delete_message(5, sent.message_id)
    assert await bot.answer_callback_query("123", text="ok")
    assert await bot.send_chat_action(5, "typing")
    assert api.calls[-2].params["callback_query_id"] == "123"  # numeric strings stay strings
    await bot.set_my_commands([BotCommand("start", "Mulai")], language_code="id")
    assert await bot.get_my_commands() == ()
    assert await bot.get_my_commands(language_code="id") == (BotCommand("start", "Mulai"),)
    assert await bot.delete_my_commands(language_code="id")
    assert await bot.get_my_commands(language_code="id") == ()
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("noSuchMethod")
    assert [m["text"] for m in api.sent_messages(5)] == ["a", "b"]


async def test_injected_errors_map_to_ptb_exceptions(
    bot: Bot, api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # else RetryAfter warns (an error under pytest)
    api.fail("sendMessage", code=429, description="Too Many Requests: retry after 1", retry_after=1)
    with pytest.raises(RetryAfter) as retry:
        await bot.send_message(1, "x")
    assert retry.value.retry_after == dtm.timedelta(seconds=1)
    api.fail(
        "sendMessage", code=403, description="Forbidden: bot was blocked by the user", chat_id=2
    )
    await bot.send_message(1, "other chat unaffected")
    with pytest.raises(Forbidden, match="blocked"):
        await bot.send_message(2, "x")
    api.fail("sendPhoto", code=502, description="Bad Gateway", times=2)
    for _ in range(2):
        with pytest.raises(NetworkError):
            await bot.send_photo(1, "photo-x")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(1, "x" * 4097)
    await bot.send_message(1, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    assert [(c.method, c.error_code) for c in api.failed_calls] == [
        ("sendMessage", 429),
        ("sendMessage", 403),
        ("sendPhoto", 502),
        ("sendPhoto", 502),
        ("sendMessage", 400),
    ]
    assert len(api.sent_messages()) == 2
    assert len(await api.wait_for_calls("sendMessage", 5, 0.1, include_failed=True)) == 5


async def test_delay_triggers_client_timeout_but_call_still_lands(
    bot: Bot, api: FakeBotApi
) -> None:
    api.delay("sendMessage", 0.5)
    with pytest.raises(TimedOut):
        await bot.send_message(3, "slow", read_timeout=0.1)
    assert (await api.wait_for_messages(3, 1, timeout=2))[0]["text"] == "slow"
    api.latency = 0.05
    started = time.monotonic()
    await bot.send_message(3, "fast")
    assert time.monotonic() - started >= 0.05


async def test_upload_get_file_download_round_trip(bot: Bot, api: FakeBotApi) -> None:
    message = await bot.send_document(8, b"hello bytes", filename="surat.txt", caption="cv")
    assert message.document is not None and message.document.file_name == "surat.txt"
    upload = api.sent_messages(8)[0]["document"]
    assert isinstance(upload, Upload) and upload.data == b"hello bytes"
    tg_file = await bot.get_file(message.document.file_id)
    assert bytes(await tg_file.download_as_bytearray()) == b"hello bytes"

    photo = await bot.send_photo(8, b"\xff\xd8jpeg")
    assert photo.photo and photo.photo[-1].file_id == api.sent_messages(8)[1]["photo"].file_id
    resent = await bot.send_photo(8, photo.photo[-1].file_id)
    assert resent.photo[-1].file_id == photo.photo[-1].file_id

    api.add_file("ktp-1", b"scan")
    assert bytes(await (await bot.get_file("ktp-1")).download_as_bytearray()) == b"scan"
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("nope")
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot.send_document(8, "nope")


async def test_wait_for_messages_times_out_with_assertion(api: FakeBotApi, bot: Bot) -> None:
    await bot.send_message(4, "only one")
    with pytest.raises(AssertionError, match="only one"):
        await api.wait_for_messages(4, 2, timeout=0.1)
    waiter = asyncio.create_task(api.wait_for_messages(4, 2, timeout=2))
    await asyncio.sleep(0.01)
    await bot.send_message(4, "second")
    assert len(await waiter) == 2
    api.clear()
    assert api.calls == [] and api.sent_messages() == []


async def test_webhook_mode(bot: Bot, api: FakeBotApi) -> None:
    received: list[tuple[str | None, object]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        assert await bot.set_webhook(url, secret_token="s3cret", allowed_updates=["message"])
        assert api.calls[-1].params["allowed_updates"] == ["message"]
        info = await bot.get_webhook_info()
        assert info.url == url and info.allowed_updates == ("message",)
        with pytest.raises(Conflict):
            await bot.get_updates()
        assert await api.deliver_webhook(url, {"message": {"x": 1}}, "s3cret") == 200
        assert received == [("s3cret", {"message": {"x": 1}, "update_id": 1})]
        assert await bot.delete_webhook(drop_pending_updates=True)
        assert (await bot.get_webhook_info()).url == ""
    finally:
        await runner.cleanup()


async def test_json_and_get_requests_and_competing_pollers(api: FakeBotApi) -> None:
    async with ClientSession() as http:
        url = f"{api.base_url}{api.token}"
        async with http.post(f"{url}/sendMessage", json={"chat_id": 9, "text": "123"}) as response:
            assert (await response.json())["result"]["text"] == "123"
        async with http.get(f"{url}/sendMessage?chat_id=9&text=hi") as response:
            assert response.status == 200
        async with http.get(f"{url}/unknownMethod") as response:
            assert (await response.json()) == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found: method not found",
            }
        assert [m["text"] for m in api.sent_messages(9)] == ["123", "hi"]
        first = asyncio.create_task(http.get(f"{url}/getUpdates?timeout=5"))
        await asyncio.sleep(0.05)
        async with http.get(f"{url}/getUpdates?timeout=0") as response:
            assert (await response.json())["result"] == []
        async with await first as response:
            assert response.status == 409


async def test_flood_control_is_off_unless_asked(bot: Bot, api: FakeBotApi) -> None:
    for _ in range(5):
        await bot.send_message(7, "cepat")
    assert len(api.sent_messages(7)) == 5 and api.failed_calls == []


async def test_flood_control_refuses_a_second_message_to_one_chat_within_a_second(
    api: FakeBotApi,
) -> None:
    api.enforce_flood_control(per_second=30)
    url = f"{api.base_url}{api.token}/sendMessage"
    async with ClientSession() as session:
        async with session.post(url, data={"chat_id": "7", "text": "satu"}) as first:
            assert first.status == 200
        async with session.post(url, data={"chat_id": "7", "text": "dua"}) as second:
            body = await second.json()
        async with session.post(url, data={"chat_id": "8", "text": "lain"}) as other:
            assert other.status == 200  # another chat is not held up
    assert second.status == 429
    assert body == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }
    assert [m["text"] for m in api.sent_messages(7)] == ["satu"]


async def test_flood_control_caps_messages_per_second_overall_then_blocks_the_bot(
    bot: Bot, api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # else RetryAfter warns (an error under pytest)
    flood = api.enforce_flood_control(per_second=5, retry_after=2)
    for chat in range(1, 6):
        await bot.send_message(chat, "ok")
    with pytest.raises(RetryAfter) as refused:
        await bot.send_message(6, "terlalu cepat")
    assert refused.value.retry_after == dtm.timedelta(seconds=2)
    with pytest.raises(RetryAfter):  # the wait holds every chat, even a fresh one
        await bot.send_message(7, "masih menunggu")
    assert flood.refusals == {"overall": 1, "waiting": 1}
    assert 0 < flood.blocked_seconds() <= 2
    assert len(api.sent_messages()) == 5


async def test_flood_control_window_slides(bot: Bot, api: FakeBotApi) -> None:
    api.enforce_flood_control(per_second=3)
    for chat in range(1, 4):
        await bot.send_message(chat, "ok")
    await asyncio.sleep(1.05)  # the first three left the one-second window
    for chat in range(4, 7):
        await bot.send_message(chat, "ok")
    assert len(api.sent_messages()) == 6 and api.failed_calls == []


async def test_random_flood_waits_can_be_added(
    bot: Bot, api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # else RetryAfter warns (an error under pytest)
    flood = api.enforce_flood_control(per_second=1000, random_429=1.0, seed=1)
    with pytest.raises(RetryAfter):
        await bot.send_message(1, "ok")
    assert flood.refusals["random"] == 1 and api.sent_messages() == []
