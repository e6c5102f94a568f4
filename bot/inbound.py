"""Telegram Update → Inbound: the only place that reads Telegram's update shapes.

Private-chat messages (text, commands with a deep-link payload, media as attachments) and
button presses become an ``Inbound``; every other update kind is ignored safely, and so is a
private message that carries nothing a person sent (a service message such as "auto-delete
timer changed" or "you allowed this bot to write to you").
"""

from __future__ import annotations

from typing import Any

from telegram import Message, MessageEntity, Update

from flows.engine.messages import Attachment, Inbound

__all__ = ["CHANNEL", "MAX_TEXT", "text_inbound", "to_inbound"]

CHANNEL = "telegram"
#: Telegram's own limit; anything longer came from a forged update and is cut.
MAX_TEXT = 4096


def _attachments(message: Message) -> tuple[Attachment, ...]:
    found: list[Attachment] = []
    if message.photo:
        largest = message.photo[-1]
        found.append(Attachment("photo", largest.file_id, "image/jpeg", largest.file_size))
    if message.document:
        doc = message.document
        found.append(Attachment("document", doc.file_id, doc.mime_type, doc.file_size))
    if message.voice:
        found.append(
            Attachment(
                "voice", message.voice.file_id, message.voice.mime_type, message.voice.file_size
            )
        )
    if message.audio:
        found.append(
            Attachment(
                "audio", message.audio.file_id, message.audio.mime_type, message.audio.file_size
            )
        )
    if message.video:
        found.append(
            Attachment(
                "video", message.video.file_id, message.video.mime_type, message.video.file_size
            )
        )
    if message.location:
        found.append(
            Attachment(
                "location", latitude=message.location.latitude, longitude=message.location.longitude
            )
        )
    if message.contact:
        found.append(Attachment("contact", phone_number=message.contact.phone_number))
    if not found and (
        message.sticker
        or message.video_note
        or message.animation
        or message.poll
        or message.dice
        or message.game
        or message.story
        or message.paid_media
    ):
        found.append(Attachment("other"))
    return tuple(found)


def _command(message: Message, text: str) -> tuple[str | None, str]:
    """The command at the start of the text (``/start@bot payload``) and what follows it."""
    entities = message.entities or ()
    first = entities[0] if entities else None
    if first is None or first.type != MessageEntity.BOT_COMMAND or first.offset != 0:
        return None, text
    word = text[1 : first.length].split("@", 1)[0].lower()
    return word, text[first.length :].strip()


_LINKS = frozenset({MessageEntity.URL, MessageEntity.TEXT_LINK})


def _has_link(message: Message) -> bool:
    """A web address in the text or caption, typed or hidden behind words (Telegram marks both)."""
    entities = (*(message.entities or ()), *(message.caption_entities or ()))
    return any(entity.type in _LINKS for entity in entities)


def to_inbound(update: Update) -> Inbound | None:
    """The Inbound for a private message or button press; None for anything else."""
    query = update.callback_query
    if query is not None:
        chat = query.message.chat if query.message is not None else None
        if chat is not None and chat.type != "private":
            return None
        return Inbound(
            channel=CHANNEL,
            user_id=str(query.from_user.id),
            chat_id=str(chat.id if chat else query.from_user.id),
            choice_id=(query.data or "")[:64],
            language_code=query.from_user.language_code,
            display_name=query.from_user.first_name[:200],
            update_id=update.update_id,
        )
    message = update.message
    if message is None or message.from_user is None or message.chat.type != "private":
        return None
    text = (message.text or message.caption or "")[:MAX_TEXT]
    attachments = _attachments(message)
    if not text.strip() and not attachments:
        return None  # a service message: the person typed and sent nothing
    command, rest = _command(message, text) if message.text else (None, text)
    user = message.from_user
    return Inbound(
        channel=CHANNEL,
        user_id=str(user.id),
        chat_id=str(message.chat.id),
        text=rest if command else text,
        command=command,
        payload=rest[:64] if command else "",
        attachments=attachments,
        forwarded=message.forward_origin is not None,
        has_link=_has_link(message),
        language_code=user.language_code,
        display_name=(user.first_name or "")[:200],
        update_id=update.update_id,
    )


#: Keys of a plain private text message that the fast path knows it may ignore.
_PLAIN_TEXT_KEYS = frozenset(
    {"message_id", "date", "chat", "from", "text", "entities", "link_preview_options",
     "forward_origin", "edit_date", "has_protected_content", "is_from_offline"}
)  # fmt: skip
_LINK_TYPES = frozenset({"url", "text_link"})


def text_inbound(data: dict[str, Any]) -> Inbound | None:
    """The Inbound of a plain private text message read straight from the JSON, else None.

    Most updates are exactly that, and building PTB's objects for them costs more CPU than
    the rest of handling the message. Anything else (media, buttons, odd shapes) returns None
    and takes the full path through PTB; a test proves both paths agree.
    """
    message = data.get("message")
    if len(data) != 2 or not isinstance(message, dict) or not _PLAIN_TEXT_KEYS.issuperset(message):
        return None
    if not isinstance(message.get("forward_origin", {}), dict):
        return None
    chat, user, text = message.get("chat"), message.get("from"), message.get("text")
    if not (isinstance(chat, dict) and isinstance(user, dict) and isinstance(text, str)):
        return None
    if chat.get("type") != "private" or not text.strip():
        return None
    chat_id, user_id, update_id = chat.get("id"), user.get("id"), data.get("update_id")
    name, language = user.get("first_name"), user.get("language_code")
    entities = message.get("entities", [])
    if not (
        type(chat_id) is int
        and type(user_id) is int
        and type(update_id) is int
        and isinstance(name, str)
        and (language is None or isinstance(language, str))
        and isinstance(entities, list)
        and all(isinstance(e, dict) and isinstance(e.get("type"), str) for e in entities)
    ):
        return None
    text = text[:MAX_TEXT]
    command, rest = None, text
    first = entities[0] if entities else None
    if first is not None and first.get("type") == "bot_command" and first.get("offset") == 0:
        length = first.get("length")
        if type(length) is not int:
            return None
        command = text[1:length].split("@", 1)[0].lower()
        rest = text[length:].strip()
    return Inbound(
        channel=CHANNEL,
        user_id=str(user_id),
        chat_id=str(chat_id),
        text=rest if command else text,
        command=command,
        payload=rest[:64] if command else "",
        forwarded="forward_origin" in message,
        has_link=any(e["type"] in _LINK_TYPES for e in entities),
        language_code=language,
        display_name=name[:200],
        update_id=update_id,
    )
