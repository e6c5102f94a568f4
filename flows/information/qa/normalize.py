"""Turns a chat message into comparable tokens.

People type on cheap phones in informal Indonesian: "brp biaya ke hongkong", "tolongggg",
"30jt", emoji. Questions and topic pages go through the same steps so they meet in the middle:
lower case, money amounts folded to one token, punctuation and emoji dropped, stretched letters
collapsed, reduplication folded ("kerja2" -> "kerja"), slang and abbreviations expanded from the
synonyms data (longest phrase first, also under a possessive ending: "bojoku"), and finally stop
words dropped. Letters with digits stay one token ("p3mi", "bp2mi"), a number glued before a
word is split off ("18thn"), and only numbers of three digits or more are kept (hotlines such as
1955; the "3" of "3 bulan" carries no topic).

The stop lists are short and hand-made: Sastrawi's own list drops words that matter here
("bekerja", "cara", "belum", "bukan"). Negations ("tidak", "belum", "not") are kept on purpose:
"gaji tidak dibayar" is a danger sign and "gaji dibayar" is not; so are cries for help
("tolong"). "buat" is dropped: in chat it mostly means "for", and as "make" it adds nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

__all__ = [
    "MONEY_TOKEN",
    "NEGATIONS",
    "STOP_WORDS",
    "SUPPOSITIONS",
    "SUPPOSITION_FILLERS",
    "Normalizer",
    "normalize",
]

#: Stands for any amount of money ("30jt", "Rp 30.000.000", "NT$ 20,000").
MONEY_TOKEN = "#uang"

_NUMBER = r"\d+(?:[.,]\d+)*"
_CURRENCY = r"(?:rp\.?|idr|usd|us\$|nt\$|hk\$|s\$|rm|ntd|hkd|sgd|myr|\$)"
_SCALE = r"(?:rb|ribu|rebu|k|jt|juta|jeti|m|mio|million|millions|thousand|thousands)"
_UNIT = r"(?:rupiah|dolar|dollars?|ringgit|yen|won|riyal|ntd|hkd|usd|idr|sgd)"
_MONEY_RE = re.compile(
    rf"(?<![\w$]){_CURRENCY}\s*{_NUMBER}(?:\s*{_SCALE}\b)?(?:\s*{_UNIT}\b)?"
    rf"|(?<![\w.,]){_NUMBER}\s*(?:{_SCALE}\b(?:\s*{_UNIT}\b)?|{_UNIT}\b)"
)
_REDUPLICATION_RE = re.compile(r"\b([^\W\d_]{2,})(?:-\1\b|2\b)")
_TOKEN_RE = re.compile(r"#uang|\d+(?=[^\W\d_]+\b)|[^\W_]+")
#: English "n't" as a separate "not": "haven't been paid" must keep its negation.
_CONTRACTION_RE = re.compile(r"\b(\w+)n't\b")
_CONTRACTIONS = {"can't": "can not", "won't": "will not", "ain't": "is not", "shan't": "shall not"}
_STRETCH_RE = re.compile(r"([^\W\d_])\1{2,}")
_MAX_PHRASE = 4
#: Indonesian and Javanese possessive endings: "bojoku" is "bojo" (spouse) + "ku" (my).
_CLITICS = ("nya", "ku", "mu", "ne")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Dropped before ranking (danger phrases keep them when they would shrink to one word).
STOP_WORDS: Mapping[str, frozenset[str]] = {
    "id": _words(
        """
        ada adakah adalah agar akan aku anda apa apakah apalagi atau ataukah bagaimana
        bagaimanakah bahwa begini begitu berapa berapakah bgmn bisa bisakah boleh bolehkah bro
        bu buat dan dari deh dengan di dia dimana dong gan gimana gmn harus ingin ini itu iya jadi
        jika juga kah kak kalau kalo kami kamu kan kapan karena ke kenapa kita klo kok lagi lah
        mana mas mau mbak mengapa min mohon nih nya oleh pada para pak pengen pengin per pun
        saat saja sama saya sebagai sedang sekarang selama seperti siapa sih sis sudah tapi
        telah tetapi tuh udah untuk utk ya yang yg sdh bang
        assalamualaikum assalamu alaikum warahmatullahi wabarakatuh wr wb ustadz ustadzah
        admin salam selamat pagi siang sore malam maaf terima kasih makasih
        nanti lalu terus kemudian namun bahkan hanya cuma padahal malah memang pokoknya katanya
        gitu banget sangat benar tentu seorang selalu sering kadang dulu tadi tadinya
        """
    ),
    "en": _words(
        """
        a about am an and any are as at be been being but by can could did do does for from
        had has have hello hi how i if in into is it its just let me my of on or our please
        should so than thank thanks that the their them then there these they this to us was
        we were what when where which who whom why will with would you your yours
        dear everyone good morning like come came once still also even just really very some
        only said say says tell told know now other another same every each own here thing
        things lot because while including include includes already ever actually maybe
        something anything everything anyone all
        """
    ),
}

#: Words that turn a danger phrase into its opposite when they sit inside it.
NEGATIONS: Mapping[str, frozenset[str]] = {
    "id": _words("tidak tak belum bukan jangan enggak nggak gak ga engga ndak"),
    "en": _words("not no never don didn doesn isn wasn aren weren haven hasn cannot"),
}

#: Words that make what follows a supposition ("kalau gaji tidak dibayar, lapor ke mana?"): a
#: danger phrase right after one (only stop words or ``SUPPOSITION_FILLERS`` between) is a
#: question, not a report. "kalo nolak diancam" keeps its danger: "nolak" comes in between.
SUPPOSITIONS: Mapping[str, frozenset[str]] = {
    "id": _words("kalau kalo klo jika jikalau apabila bila seandainya andaikan andai misalnya"),
    "en": _words("if suppose supposing avoid"),
}
#: Words that may stand between a supposition and the harm ("kalau nanti di sana ...").
SUPPOSITION_FILLERS: frozenset[str] = _words(
    "nanti besok sana sini situ majikan agen agensi bos employer agent later there ever being"
)


class Normalizer:
    """The normalisation of one locale, with its synonyms compiled once."""

    def __init__(self, locale: str, synonyms: Mapping[str, str]) -> None:
        self.locale = locale
        self.stop_words = STOP_WORDS.get(locale, STOP_WORDS["id"])
        table: dict[tuple[str, ...], tuple[str, ...]] = {}
        for informal, standard in synonyms.items():
            key = tuple(_surface_tokens(informal))
            if key and len(key) <= _MAX_PHRASE:
                table[key] = tuple(_surface_tokens(standard))
        self._synonyms = table
        self._single = {k[0]: v for k, v in table.items() if len(k) == 1}
        self._longest_from: dict[str, int] = {}  # first word of a phrase -> longest phrase
        for key in table:
            if len(key) > 1:
                self._longest_from[key[0]] = max(len(key), self._longest_from.get(key[0], 0))
        self._clitics = () if locale == "en" else _CLITICS

    def tokens(self, text: str, *, keep_stop_words: bool = False) -> list[str]:
        """The normalised tokens of ``text``, by default without stop words."""
        expanded = [
            t for t in self._expand(_surface_tokens(text)) if len(t) > (2 if t.isdigit() else 1)
        ]
        if keep_stop_words:
            return expanded
        return [t for t in expanded if t not in self.stop_words]

    def is_stop_word(self, token: str) -> bool:
        """Whether ``token`` is dropped before ranking."""
        return token in self.stop_words

    def _expand(self, tokens: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            for size in range(min(self._longest_from.get(token, 1), len(tokens) - i), 1, -1):
                replacement = self._synonyms.get(tuple(tokens[i : i + size]))
                if replacement is not None:
                    out.extend(replacement)
                    i += size
                    break
            else:
                out.extend(self._single.get(token) or self._strip_clitic(token))
                i += 1
        return out

    def _strip_clitic(self, token: str) -> tuple[str, ...]:
        for clitic in self._clitics:
            if token.endswith(clitic):
                replacement = self._single.get(token[: -len(clitic)])
                if replacement is not None:
                    return replacement
        return (token,)


def normalize(text: str, locale: str, synonyms: Mapping[str, str]) -> list[str]:
    """Tokens of ``text`` after normalisation (slang expanded, stop words dropped)."""
    return Normalizer(locale, synonyms).tokens(text)


def _surface_tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    text = _CONTRACTION_RE.sub(lambda m: _CONTRACTIONS.get(m[0], f"{m[1]} not"), text)
    text = _MONEY_RE.sub(f" {MONEY_TOKEN} ", text)
    text = _REDUPLICATION_RE.sub(r"\1", _STRETCH_RE.sub(r"\1", text))
    return _TOKEN_RE.findall(text)
