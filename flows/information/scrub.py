"""Personal numbers and e-mail addresses taken out of a question before it is stored.

Officers read the questions the bot could not answer, so a phone number, an NIK or an e-mail
address someone typed must not reach them. Ordinary figures stay: "Rp 5.000.000", "25jt",
"umur 17", "2 tahun", "2024", "jam 08.00-16.00" are what the question is about.

A phone number is recognised by its shape, not by its length alone: it starts with ``+``
(any country: +62, +852, +886), with ``0`` (0812…, 021…, (0271)…, 00852…) or with ``62``
followed by an operator or area code; its groups are split by spaces, dots or dashes. A number
right after a word such as "hp", "wa", "telp" or "nomor" is taken as a phone number too
(a Hong Kong "9123 4567"). Any run of eleven or more digits (an NIK, a family card, a bank
account) is personal as well.
"""

from __future__ import annotations

import re

__all__ = ["PLACEHOLDER", "scrub"]

PLACEHOLDER = "[nomor]"

_GAP = r"(?:[ \t]?[.\-][ \t]?|[ \t])?"
_PHONE = re.compile(
    r"(?<![\w+])"
    r"(?P<head>\+[ \t]?\d{1,4}|\(\+?\d{2,5}\)|0\d{2,4}|62(?=[ \t.\-]?[2-9]))"
    rf"(?:{_GAP}\(?\d{{2,8}}\)?)+"
    r"(?![\w])"
)
#: "no hp 9123 4567", "wa: 91234567": a number a label says is a phone number.
_LABELLED = re.compile(
    r"(?i)(?P<label>\b(?:no|nomor|nomer|nmr|hp|wa|whatsapp|telp|telpon|telepon|tlp|tel|"
    r"hubungi|kontak|phone|call)\b[ \t.:]*)"
    r"(?P<number>\+?\d(?:[ \t.\-]?\d){6,})(?!\w)"
)
#: An NIK or family-card number (16 digits, maybe in groups of four), or any long digit run.
_LONG = re.compile(
    r"(?<![\w.,+])(?:\d{11,}|\d{4}(?:[ .\-]\d{4}){3}|\d{6}[ .\-]\d{6}[ .\-]\d{4})(?!\w)"
)
_MONEY = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _is_phone(match: re.Match[str]) -> bool:
    text, head = match.group(0), match.group("head")
    digits = _digits(text)
    if head.startswith(("+", "(+")):
        return 7 <= digits <= 15
    if head.startswith(("0", "(0")):
        return 9 <= digits <= 15
    if head.startswith("62"):
        return 10 <= digits <= 14 and _MONEY.fullmatch(text) is None
    return False


def _phone(match: re.Match[str]) -> str:
    return PLACEHOLDER if _is_phone(match) else match.group(0)


def _labelled(match: re.Match[str]) -> str:
    number = match.group("number")
    if _MONEY.fullmatch(number) is not None:  # "hubungi ... 5.000.000" is an amount
        return match.group(0)
    return match.group("label") + PLACEHOLDER


def scrub(text: str) -> str:
    """``text`` with phone numbers, NIK-like numbers and e-mail addresses replaced."""
    text = _EMAIL.sub("[email]", text)
    text = _LONG.sub(PLACEHOLDER, text)
    text = _PHONE.sub(_phone, text)
    return _LABELLED.sub(_labelled, text).strip()
