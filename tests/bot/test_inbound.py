"""Update → Inbound from raw Telegram JSON, as Telegram sends it."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Bot, Update

from bot.inbound import to_inbound

BOT = Bot("123456:TEST-TOKEN")
USER = {"id": 42, "is_bot": False, "first_name": "Siti", "language_code": "id"}
CHAT = {"id": 42, "type": "private", "first_name": "Siti"}


def _update(**fields: Any) -> Update:
    update = Update.de_json({"update_id": 7, **fields}, BOT)
    assert update is not None
    return update


def _message(**fields: Any) -> dict[str, Any]:
    return {"message_id": 1, "date": 1763870400, "chat": CHAT, "from": USER, **fields}


def test_plain_text() -> None:
    inbound = to_inbound(_update(message=_message(text="gmn caranya kerja ke taiwan")))
    assert inbound is not None
    assert (inbound.channel, inbound.user_id, inbound.chat_id) == ("telegram", "42", "42")
    assert inbound.text == "gmn caranya kerja ke taiwan"
    assert inbound.command is None
    assert (
        inbound.language_code == "id" and inbound.display_name == "Siti" and inbound.update_id == 7
    )


def test_start_with_a_deep_link_payload() -> None:
    entities = [{"type": "bot_command", "offset": 0, "length": 6}]
    inbound = to_inbound(_update(message=_message(text="/start 3301012001", entities=entities)))
    assert inbound is not None
    assert (inbound.command, inbound.payload, inbound.text) == ("start", "3301012001", "3301012001")


def test_command_addressed_to_the_bot_by_name() -> None:
    entities = [{"type": "bot_command", "offset": 0, "length": 27}]
    inbound = to_inbound(
        _update(message=_message(text="/MENU@desmigratif_test_bot", entities=entities))
    )
    assert inbound is not None and inbound.command == "menu"


def test_a_slash_without_a_command_entity_is_just_text() -> None:
    inbound = to_inbound(_update(message=_message(text="/ 50 ribu")))
    assert inbound is not None and inbound.command is None and inbound.text == "/ 50 ribu"


def test_photo_with_caption_takes_the_largest_size() -> None:
    photo = [
        {"file_id": "small", "file_unique_id": "s", "width": 90, "height": 90},
        {
            "file_id": "large",
            "file_unique_id": "l",
            "width": 1280,
            "height": 1280,
            "file_size": 200000,
        },
    ]
    inbound = to_inbound(_update(message=_message(photo=photo, caption="paspor saya")))
    assert inbound is not None and inbound.text == "paspor saya"
    assert [(a.kind, a.file_id, a.size) for a in inbound.attachments] == [
        ("photo", "large", 200000)
    ]


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        (
            {"document": {"file_id": "d", "file_unique_id": "d", "mime_type": "application/pdf"}},
            "document",
        ),
        ({"voice": {"file_id": "v", "file_unique_id": "v", "duration": 3}}, "voice"),
        ({"location": {"latitude": -7.2, "longitude": 110.4}}, "location"),
        ({"contact": {"phone_number": "+628123", "first_name": "Ibu"}}, "contact"),
        (
            {
                "sticker": {
                    "file_id": "s",
                    "file_unique_id": "s",
                    "width": 1,
                    "height": 1,
                    "is_animated": False,
                    "is_video": False,
                    "type": "regular",
                }
            },
            "other",
        ),
    ],
)
def test_media_become_attachments(fields: dict[str, Any], kind: str) -> None:
    inbound = to_inbound(_update(message=_message(**fields)))
    assert inbound is not None and [a.kind for a in inbound.attachments] == [kind]


def test_button_press_carries_its_data_as_a_choice() -> None:
    query = {
        "id": "q1",
        "from": USER,
        "chat_instance": "x",
        "data": "close:ADU-1",
        "message": _message(text="Aduan ADU-1"),
    }
    inbound = to_inbound(_update(callback_query=query))
    assert inbound is not None and inbound.choice_id == "close:ADU-1" and inbound.chat_id == "42"


@pytest.mark.parametrize(
    "fields",
    [
        {"message": _message(text="halo grup", chat={"id": -100, "type": "group", "title": "RT"})},
        {"edited_message": _message(text="ralat", edit_date=1763870500)},
        {
            "channel_post": {
                "message_id": 1,
                "date": 1,
                "chat": {"id": -5, "type": "channel", "title": "c"},
                "text": "x",
            }
        },
        {
            "edited_channel_post": {
                "message_id": 2,
                "date": 1,
                "edit_date": 2,
                "chat": {"id": -5, "type": "channel", "title": "c"},
                "text": "y",
            }
        },
    ],
)
def test_other_update_kinds_are_ignored(fields: dict[str, Any]) -> None:
    assert to_inbound(_update(**fields)) is None


def test_overlong_forged_text_is_cut_to_telegrams_limit() -> None:
    inbound = to_inbound(_update(message=_message(text="a" * 10000)))
    assert inbound is not None and len(inbound.text) == 4096


#: Service messages Telegram puts in a private chat although the person typed nothing.
SERVICE_MESSAGES = {
    "auto_delete_timer": {"message_auto_delete_timer_changed": {"message_auto_delete_time": 86400}},
    "write_access": {"write_access_allowed": {"from_request": True}},
    "pinned": {"pinned_message": _message(text="pinned", message_id=3)},
    "users_shared": {"users_shared": {"request_id": 1, "users": [{"user_id": 5}]}},
    "new_members": {"new_chat_members": [USER]},
    "empty_text": {"text": ""},
}


# PTB warns that it will read message_auto_delete_time as a timedelta one day; we never read it
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
@pytest.mark.parametrize("fields", SERVICE_MESSAGES.values(), ids=SERVICE_MESSAGES.keys())
def test_service_messages_in_a_private_chat_are_ignored(fields: dict[str, Any]) -> None:
    assert to_inbound(_update(message=_message(**fields))) is None


@pytest.mark.parametrize(
    "fields",
    [
        {"inline_query": {"id": "1", "from": USER, "query": "x", "offset": ""}},
        {"poll_answer": {"poll_id": "p", "user": USER, "option_ids": [0],
                         "option_persistent_ids": ["a"]}},
        {"message_reaction": {"chat": CHAT, "message_id": 1, "date": 1, "user": USER,
                              "old_reaction": [], "new_reaction": []}},
    ],
)  # fmt: skip
def test_update_kinds_the_bot_did_not_ask_for_are_ignored(fields: dict[str, Any]) -> None:
    assert to_inbound(_update(**fields)) is None


def test_a_forwarded_message_is_marked_as_not_the_persons_own_words() -> None:
    origin = {"type": "hidden_user", "sender_user_name": "Agen", "date": 1763870000}
    inbound = to_inbound(_update(message=_message(text="Lowongan Taiwan", forward_origin=origin)))
    assert inbound is not None and inbound.forwarded and not inbound.has_link


@pytest.mark.parametrize(
    "fields",
    [
        {"text": "www.example.com", "entities": [{"type": "url", "offset": 0, "length": 15}]},
        {
            "text": "Daftar di sini",
            "entities": [
                {"type": "text_link", "offset": 0, "length": 14, "url": "https://x.example"}
            ],
        },
        {
            "photo": [{"file_id": "p", "file_unique_id": "u", "width": 9, "height": 9}],
            "caption": "www.example.com",
            "caption_entities": [{"type": "url", "offset": 0, "length": 15}],
        },
    ],
)
def test_links_telegram_marks_are_passed_on(fields: dict[str, Any]) -> None:
    inbound = to_inbound(_update(message=_message(**fields)))
    assert inbound is not None and inbound.has_link and not inbound.forwarded


# --- the fast path for plain text messages agrees with the full path through PTB -------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from bot.inbound import text_inbound  # noqa: E402

PLAIN_TEXTS: dict[str, dict[str, Any]] = {
    "question": {"text": "gmn caranya kerja ke taiwan"},
    "command": {"text": "/menu", "entities": [{"type": "bot_command", "offset": 0, "length": 5}]},
    "deep_link": {
        "text": "/start inv-K7Q2MX",
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
    },
    "addressed": {
        "text": "/HELP@desmigratif_test_bot now",
        "entities": [{"type": "bot_command", "offset": 0, "length": 26}],
    },
    "link": {
        "text": "cek www.example.com",
        "entities": [{"type": "url", "offset": 4, "length": 15}],
    },
    "hidden_link": {
        "text": "Daftar di sini",
        "entities": [{"type": "text_link", "offset": 0, "length": 6, "url": "https://x.example"}],
    },
    "forwarded": {
        "text": "Lowongan Taiwan",
        "forward_origin": {"type": "hidden_user", "sender_user_name": "A", "date": 1763870000},
    },
    "long": {"text": "a" * 5000},
    "emoji": {"text": "🙏🙏 makasih"},
    "slash_only": {"text": "/"},
}


@pytest.mark.parametrize("fields", PLAIN_TEXTS.values(), ids=PLAIN_TEXTS.keys())
def test_plain_text_fast_path_matches_ptb(fields: dict[str, Any]) -> None:
    data = {"update_id": 7, "message": _message(**fields)}
    assert text_inbound(data) == to_inbound(_update(message=_message(**fields)))


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(min_size=1, max_size=300),
    name=st.text(max_size=30),
    language=st.one_of(st.none(), st.sampled_from(["id", "en", "jv"])),
)
def test_the_fast_path_agrees_on_any_text(text: str, name: str, language: str | None) -> None:
    user = {"id": 42, "is_bot": False, "first_name": name}
    if language is not None:
        user["language_code"] = language
    data = {"update_id": 9, "message": _message(text=text, **{"from": user})}
    fast = text_inbound(data)
    full = to_inbound(Update.de_json(data, BOT))  # type: ignore[arg-type]
    assert fast == full or (fast is None and (full is None or not text.strip()))


@pytest.mark.parametrize(
    "data",
    [
        {"update_id": 1, "message": _message(photo=[{"file_id": "p", "file_unique_id": "u",
                                                     "width": 1, "height": 1}], caption="hi")},
        {"update_id": 1, "message": _message(text="halo", chat={"id": -5, "type": "group",
                                                                "title": "RT"})},
        {"update_id": 1, "message": _message(text="halo"), "edited_message": {}},
        {"update_id": 1, "message": {**_message(text="halo"), "chat": "x"}},
        {"update_id": "1", "message": _message(text="halo")},
        {"update_id": 1, "message": _message(text="   ")},
        {"update_id": 1, "callback_query": {"id": "1", "from": USER, "data": "x",
                                            "chat_instance": "c"}},
    ],
)  # fmt: skip
def test_anything_but_a_plain_private_text_takes_the_full_path(data: dict[str, Any]) -> None:
    assert text_inbound(data) is None
