"""Reading raw updates one at a time: an unreadable one is skipped and logged without content."""

from __future__ import annotations

import logging

import pytest
from telegram import Bot

from bot.logs import HidePersonalData
from bot.updates import UpdateReader, describe_kind, safe_error

BOT = Bot("123456:TEST-TOKEN")
NAME, TEXT = "Wulandari", "rahasia gaji saya 5 juta"

#: A sticker body as older Bot API versions sent it (teloxide's and pyTelegramBotAPI's test
#: suites hold such bodies); PTB 22 refuses it: Sticker needs is_video and type.
OLD_STICKER = {
    "update_id": 9001,
    "message": {
        "message_id": 5,
        "date": 1763870400,
        "chat": {"id": 77, "type": "private", "first_name": NAME},
        "from": {"id": 77, "is_bot": False, "first_name": NAME},
        "sticker": {
            "file_id": "CAADAgADyQADYr8xAAE",
            "file_unique_id": "AgADyQAD",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "emoji": "😀",
            "set_name": TEXT,
        },
    },
}


def test_an_unreadable_update_is_skipped_counted_and_logged_without_its_content(
    caplog: pytest.LogCaptureFixture,
) -> None:
    reader = UpdateReader(BOT)
    with caplog.at_level(logging.DEBUG):
        assert reader.read(OLD_STICKER) is None
    assert reader.unreadable == 1
    logged = caplog.text
    assert "9001" in logged and "message/sticker" in logged and "is_video" in logged
    assert NAME not in logged and TEXT not in logged


def test_a_readable_update_is_parsed() -> None:
    reader = UpdateReader(BOT)
    good = {"update_id": 3, "message": {**OLD_STICKER["message"], "text": "halo"}}  # type: ignore[dict-item]
    del good["message"]["sticker"]
    update = reader.read(good)
    assert update is not None and update.message is not None and update.message.text == "halo"
    assert reader.unreadable == 0


@pytest.mark.parametrize("raw", [[], "x", {"message": {}}, {"update_id": "7"}, {"update_id": True}])
def test_something_that_is_not_an_update_is_counted_not_raised(raw: object) -> None:
    reader = UpdateReader(BOT)
    assert reader.read(raw) is None and reader.unreadable == 1


def test_error_messages_keep_field_names_and_lose_values() -> None:
    data = {"message": {"text": "paspor ditahan 'agen'", "from": {"first_name": NAME}}}
    exc = ValueError(f"invalid literal for int(): '{NAME}' near paspor ditahan 'agen'")
    described = safe_error(exc, data)
    assert NAME not in described and "paspor" not in described
    kept = safe_error(TypeError("missing 2 arguments: 'is_video' and 'type'"), data)
    assert kept == "TypeError: missing 2 arguments: 'is_video' and 'type'"
    assert safe_error(KeyError("hello there friend"), {}) == "KeyError: '…'"


def test_kind_names_the_update_and_message_type_only() -> None:
    assert describe_kind(OLD_STICKER) == "message/sticker"
    assert describe_kind({"update_id": 1, "callback_query": {"data": TEXT}}) == "callback_query"
    assert describe_kind({"update_id": 1}) == "empty"


def test_telegram_library_log_records_are_blanked_at_every_level() -> None:
    hide = HidePersonalData()
    for level in (logging.DEBUG, logging.CRITICAL):
        record = logging.LogRecord(
            "telegram._bot", level, __file__, 1,
            "Call to Bot API endpoint `%s` finished with return value `%s`",
            ("getUpdates", [{"message": {"text": TEXT, "from": {"first_name": NAME}}}]),
            None,
        )  # fmt: skip
        assert hide.filter(record)
        assert record.getMessage() == (
            "Call to Bot API endpoint `getUpdates` finished with return value `<hidden>`"
        )
    ours = logging.LogRecord("bot.app", logging.INFO, __file__, 1, "update %s", (5,), None)
    assert hide.filter(ours) and ours.getMessage() == "update 5"
