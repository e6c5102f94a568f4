"""Matching a typed village name against the villages the bot knows, forgiving typos.

People abroad type from memory on a small keyboard: "kenagna", "ds kenanga", "Kel. Sumber
Rejo", "sumberrejo kroya", or the old spelling "Tjilatjap". Both sides are normalized (case,
punctuation, words such as "desa" or "kelurahan", old Dutch-era spellings) and scored; the
kecamatan and kabupaten count too, so "kenanga sumbang" finds the Kenanga in Sumbang.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz

from flows.engine.text import clean_text
from flows.welcome.ports import Place

__all__ = ["normalize_name", "rank_places"]

#: Words that say what kind of place it is, not which: people add or leave them out freely.
_KIND_WORDS = frozenset(
    (
        *("desa", "ds", "dsa", "kelurahan", "kel", "kalurahan"),
        *("nagari", "gampong", "pekon", "kampung", "lembang"),
        *("kecamatan", "kec", "kabupaten", "kab"),
    )
)
#: Spellings from before 1972 still on old papers and in elders' memories.
_OLD_SPELLINGS = (("oe", "u"), ("dj", "j"), ("tj", "c"), ("nj", "ny"), ("sj", "sy"), ("ch", "kh"))
_DIGITS = re.compile(r"\d+")
#: Below this a name is not offered at all; far below the best match it is not offered either.
_GOOD_ENOUGH = 78
_NEAR_BEST = 15


def normalize_name(text: str) -> str:
    """Lower case, no punctuation or kind words ("desa"), modern spelling."""
    words = [w for w in clean_text(text).split() if w not in _KIND_WORDS]
    joined = " ".join(words)
    for old, new in _OLD_SPELLINGS:
        joined = joined.replace(old, new)
    return joined


def _score(typed: str, squeezed: str, place: Place) -> float:
    name = normalize_name(place.name)
    if not name:
        return 0.0
    scores = [
        fuzz.ratio(typed, name),
        fuzz.ratio(squeezed, name.replace(" ", "")),  # "sumber rejo" is "Sumberrejo"
    ]
    if len(squeezed) >= 4 and any(word.startswith(typed) for word in name.split()):
        scores.append(88.0)  # the start of a name: "karang" for "Karangsari"
    if place.district:  # "sumbang": the villages of Kecamatan Sumbang, after any named so
        scores.append(fuzz.ratio(typed, normalize_name(place.district)) * 0.85)
    where = normalize_name(" ".join(p for p in (place.name, place.district, place.regency) if p))
    if " " in typed:  # more words than a name: the kecamatan or kabupaten may be among them
        scores.append(fuzz.token_set_ratio(typed, where) * 0.97)
    return max(scores)


def rank_places(typed: str, places: Iterable[Place], limit: int) -> tuple[Place, ...]:
    """The places whose name best matches ``typed``, best first, at most ``limit``."""
    query = _DIGITS.sub(" ", normalize_name(typed)).strip()
    if len(query) < 2:
        return ()
    squeezed = query.replace(" ", "")
    scored = [(score, place) for place in places if (score := _score(query, squeezed, place))]
    good = [(s, p) for s, p in scored if s >= _GOOD_ENOUGH]
    if not good:
        return ()
    best = max(s for s, _ in good)
    near = [(s, p) for s, p in good if s >= best - _NEAR_BEST]
    near.sort(key=lambda pair: (-pair[0], pair[1].name, pair[1].regency or "", pair[1].code))
    return tuple(place for _, place in near[:limit])
