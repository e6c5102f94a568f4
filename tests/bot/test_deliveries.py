"""The delivery worker against the fake Bot API over real HTTP, with Telegram's flood control on.

What a resident or officer would notice: everyone gets the announcement once, at a pace
Telegram accepts (no 429 in a normal run), with its photo and buttons; and when Telegram
refuses (429, 5xx, 403, 400) every message still ends in a state an officer can read.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Bot

from bot.deliveries import DeliveryWorker
from bot.delivery_send import local_file
from storage.deliveries import Recipient, enqueue_deliveries
from storage.delivery_models import Delivery
from storage.delivery_queue import DeliveryStore
from storage.models import Resident, table_of
from tests.support.fake_bot_api import FakeBotApi, Upload

deliveries = table_of(Delivery)
residents = table_of(Resident)

NOON_JAKARTA = datetime(2026, 12, 1, 5, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # else RetryAfter warns (an error under pytest)


async def announce(
    engine: AsyncEngine, chats: list[int], payload: dict[str, Any], *, urgent: bool = True
) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            insert(residents),
            [{"channel": "telegram", "external_id": str(c), "chat_id": str(c)} for c in chats],
        )
        ids = dict((await conn.execute(select(residents.c.chat_id, residents.c.id))).all())
        await enqueue_deliveries(
            conn,
            kind="announcement",
            source_id=1,
            recipients=[Recipient(ids[str(c)], "telegram", str(c)) for c in chats],
            payload=payload,
            send_at=datetime.now(UTC),
            urgent=urgent,  # tests must not depend on the hour they run at
        )


async def run_until_done(
    worker: DeliveryWorker, store: DeliveryStore, expected: int, timeout: float = 20.0
) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            progress = await store.progress("announcement", 1)
            if progress.pending == 0 and progress.total - progress.waiting_quiet_hours == expected:
                return
            await asyncio.sleep(0.1)
        raise AssertionError(f"not done in {timeout}s: {await store.progress('announcement', 1)}")
    finally:
        stop.set()
        await asyncio.wait_for(task, 20)


async def statuses(engine: AsyncEngine) -> dict[str, tuple[str, str | None]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(deliveries.c.chat_id, deliveries.c.status, deliveries.c.last_error)
        )
        return {r.chat_id: (r.status, r.last_error) for r in rows}


async def test_everyone_gets_it_once_at_a_pace_telegram_accepts(
    api: FakeBotApi, bot: Bot, engine: AsyncEngine
) -> None:
    flood = api.enforce_flood_control(per_second=20)
    chats = list(range(1000, 1060))
    await announce(engine, chats, {"text": "Rapat desa besok jam 9"})
    store = DeliveryStore(engine)
    started = time.monotonic()
    await run_until_done(DeliveryWorker(bot, store, rate=20), store, len(chats))
    elapsed = time.monotonic() - started
    assert all(len(api.sent_messages(c)) == 1 for c in chats)
    assert flood.refusals == {}  # no 429 at all
    assert 2.0 < elapsed < 6.0  # paced at about 20/s, not all at once and not crawling
    assert {s for s, _ in (await statuses(engine)).values()} == {"sent"}


async def test_a_photo_carries_the_text_as_caption_or_comes_first_when_too_long(
    api: FakeBotApi, bot: Bot, engine: AsyncEngine
) -> None:
    api.enforce_flood_control(per_second=30)
    api.add_file("poster-1", b"jpeg")
    api.add_file("form-1", b"pdf", file_name="formulir.pdf")
    await announce(
        engine,
        [1],
        {
            "text": "Lihat poster",
            "attachment": {"kind": "photo", "file_id": "poster-1"},
            "actions": [{"id": "ok", "label": "Mengerti"}],
        },
    )
    await announce(
        engine, [2], {"text": "x" * 1500, "attachment": {"kind": "document", "file_id": "form-1"}}
    )
    store = DeliveryStore(engine)
    await run_until_done(DeliveryWorker(bot, store, rate=30), store, 2)
    [photo] = api.sent_messages(1)
    assert photo["caption"] == "Lihat poster" and photo["photo"] == "poster-1"
    assert photo["reply_markup"]["inline_keyboard"] == [
        [{"text": "Mengerti", "callback_data": "ok"}]
    ]
    document, text = api.sent_messages(2)
    assert document["document"] == "form-1" and "caption" not in document
    assert text["text"] == "x" * 1500
    assert api.failed_calls == []  # the two messages to one chat were a second apart


async def test_refusals_end_in_states_an_officer_can_read(
    api: FakeBotApi, bot: Bot, engine: AsyncEngine
) -> None:
    api.enforce_flood_control(per_second=30)
    api.fail("sendMessage", code=429, description="Too Many Requests: retry after 1", retry_after=1)
    api.fail("sendMessage", code=502, description="Bad Gateway", times=3, chat_id=2)
    api.fail(
        "sendMessage", code=403, description="Forbidden: bot was blocked by the user", chat_id=3
    )
    api.fail("sendMessage", code=400, description="Bad Request: chat not found", chat_id=4)
    api.fail("sendMessage", code=500, description="Internal Server Error", times=99, chat_id=5)
    await announce(engine, [1, 2, 3, 4, 5, 6], {"text": "Pengumuman"})
    store = DeliveryStore(engine)
    worker = DeliveryWorker(bot, store, rate=30, backoff=0.05)
    await run_until_done(worker, store, 6)
    states = await statuses(engine)
    assert states["1"][0] == states["6"][0] == "sent"  # the 429 only delayed
    assert states["2"][0] == "sent"  # three 502s, then it went through
    assert states["3"] == ("unreachable", "the person blocked the bot")
    assert states["4"] == ("failed", "telegram refused it: Chat not found")
    assert states["5"][0] == "failed" and "gave up after 4 tries" in str(states["5"][1])
    assert [len(api.sent_messages(c)) for c in range(1, 7)] == [1, 1, 0, 0, 0, 1]
    async with engine.connect() as conn:
        blocked = (
            await conn.execute(select(residents.c.status).where(residents.c.chat_id == "3"))
        ).scalar_one()
    assert blocked == "unreachable"


async def test_quiet_hours_are_checked_again_when_sending(
    api: FakeBotApi, bot: Bot, engine: AsyncEngine
) -> None:
    await announce(engine, [1], {"text": "Pengumuman"}, urgent=False)
    async with engine.begin() as conn:  # queued in the afternoon, but the worker is late
        await conn.execute(deliveries.update().values(not_before=NOON_JAKARTA))
    store = DeliveryStore(engine)
    night = datetime(2026, 12, 1, 15, 30, tzinfo=UTC)  # 22:30 WIB
    worker = DeliveryWorker(bot, store, rate=30, clock=lambda: night)
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    for _ in range(50):
        if (await store.progress("announcement", 1, now=night)).waiting_quiet_hours:
            break
        await asyncio.sleep(0.1)
    stop.set()
    await task
    assert api.sent_messages(1) == []
    async with engine.connect() as conn:
        not_before = (await conn.execute(select(deliveries.c.not_before))).scalar_one()
    assert not_before == datetime(2026, 12, 1, 23, 0, tzinfo=UTC)  # 06:00 WIB next morning


async def test_voice_notes_audio_and_videos_go_with_their_own_method(
    api: FakeBotApi, bot: Bot, engine: AsyncEngine
) -> None:
    """Evidence may be a voice note or a round video: each kind has its own Bot API method."""
    api.enforce_flood_control(per_second=30)
    kinds = ("voice", "audio", "video", "video_note")
    for number, kind in enumerate(kinds, start=1):
        api.add_file(f"{kind}-1", f"{kind} bytes".encode())
        await announce(
            engine,
            [number],
            {
                "text": f"ADU-3301-7KQ2MX {number}/4",
                "attachment": {"kind": kind, "file_id": f"{kind}-1"},
            },
        )
    store = DeliveryStore(engine)
    await run_until_done(DeliveryWorker(bot, store, rate=30), store, 4)
    sent = {c.method: c.params for c in api.calls if c.method.startswith("send")}
    assert sent["sendVoice"]["voice"] == "voice-1"
    assert sent["sendVoice"]["caption"] == "ADU-3301-7KQ2MX 1/4"
    assert sent["sendAudio"]["audio"] == "audio-1"
    assert sent["sendVideo"]["video"] == "video-1"
    # a round video takes no caption: the text follows as its own message
    video_note, text = api.sent_messages(4)
    assert video_note["video_note"] == "video_note-1" and "caption" not in video_note
    assert text["text"] == "ADU-3301-7KQ2MX 4/4"
    assert {s for s, _ in (await statuses(engine)).values()} == {"sent"}


async def test_a_local_file_is_uploaded_as_multipart_with_its_name_and_caption(
    api: FakeBotApi, bot: Bot, engine: AsyncEngine, tmp_path: Path
) -> None:
    """An office export made by the bot reaches the officer as a document with its name."""
    api.enforce_flood_control(per_second=30)
    files = tmp_path / "files"
    (files / "exports").mkdir(parents=True)
    (files / "exports" / "7.csv").write_bytes(b"Kode desa;Warga\r\n3301012001;5\r\n")
    attachment = {"kind": "document", "path": "exports/7.csv", "filename": "warga-3301012001.csv"}
    await announce(engine, [1], {"text": "File Anda", "attachment": attachment})
    await announce(engine, [2], {"text": "y" * 1500, "attachment": attachment})
    store = DeliveryStore(engine)
    await run_until_done(DeliveryWorker(bot, store, rate=30, files_dir=files), store, 2)
    [document] = api.sent_messages(1)
    upload = document["document"]
    assert isinstance(upload, Upload)  # sent as a multipart file part, not a file_id
    assert upload.filename == "warga-3301012001.csv"
    assert upload.data == b"Kode desa;Warga\r\n3301012001;5\r\n"
    assert document["caption"] == "File Anda"
    second, text = api.sent_messages(2)  # too long for a caption: the text follows
    assert isinstance(second["document"], Upload) and "caption" not in second
    assert text["text"] == "y" * 1500
    assert {s for s, _ in (await statuses(engine)).values()} == {"sent"}


async def test_a_path_outside_files_dir_or_a_missing_file_is_never_sent(
    api: FakeBotApi, bot: Bot, engine: AsyncEngine, tmp_path: Path
) -> None:
    files = tmp_path / "files"
    files.mkdir()
    (tmp_path / "secret.txt").write_text("not for Telegram")
    (files / "link.txt").symlink_to(tmp_path / "secret.txt")
    bad = [
        {"kind": "document", "path": "../secret.txt"},
        {"kind": "document", "path": str(tmp_path / "secret.txt")},
        {"kind": "document", "path": "link.txt"},
        {"kind": "document", "path": "exports/gone.csv"},
        {"kind": "document", "path": ""},
    ]
    for chat, attachment in enumerate(bad, start=1):
        await announce(engine, [chat], {"text": "x", "attachment": attachment})
    store = DeliveryStore(engine)
    await run_until_done(DeliveryWorker(bot, store, rate=30, files_dir=files), store, len(bad))
    states = await statuses(engine)
    assert {s for s, _ in states.values()} == {"failed"}
    assert "outside FILES_DIR" in str(states["1"][1]) and "outside" in str(states["3"][1])
    assert "relative" in str(states["2"][1]) and "no longer there" in str(states["4"][1])
    assert not [c for c in api.calls if c.method.startswith("send")]


def test_without_files_dir_a_local_file_is_refused() -> None:
    with pytest.raises(ValueError, match="FILES_DIR"):
        local_file(None, "exports/1.csv")
