"""The real topic files: every figure that changes on a schedule is dated and due for review.

A wage, a fee, a benefit amount or a phone number goes stale without anyone noticing. So a
topic stating one must carry ``review_by`` (``desmigratif content review`` lists it when due),
and the paragraph stating it must say how old it is: "per 10 Apr 2025" / "as of 10 Apr 2025".
"""

from __future__ import annotations

import re

import pytest

from flows.information.topics import Topic, load_topics

#: A sum of money: Rp15 miliar, Rp37.500, HK$4.990, NT$20,000, RM1,500, US$15.7.
CURRENCY = re.compile(r"(?:\bRp|HK\$|NT\$|US\$|S\$|\bRM)\s?\d[\d.,]*")
#: A phone number: 0800-1000, +62 21 2924 4800, 0811-8080-141, 08111-129-129, +852 6773 0466.
PHONE = re.compile(r"(?:\+\d{1,3}[ -]?)?\b0?\d{2,5}(?:[ -]\d{3,4}){1,3}\b")
#: Short hotlines that the pattern above does not see.
SHORT_HOTLINES = re.compile(r"(?<![\d-])(?:129|999|1955)(?![\d-])")
_MONTHS_ID = "Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des"
_MONTHS_EN = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
AS_OF = {
    "id": re.compile(rf"\bper \d{{1,2}} (?:{_MONTHS_ID}) \d{{4}}\b"),
    "en": re.compile(rf"\bas of \d{{1,2}} (?:{_MONTHS_EN}) \d{{4}}\b", re.IGNORECASE),
}
NEW_TOPICS = (
    "overstay-tidak-berdokumen",
    "pmi-meninggal",
    "uang-hilang-gagal-berangkat",
    "penipuan-kerja-online",
    "istilah-tki-pmi",
    "kontak-perwakilan",
    "kerja-perkebunan-pabrik",
)

LIBRARY = load_topics()
TOPICS = [t for locale in LIBRARY.locales() for t in LIBRARY.topics(locale)]


def _figures(text: str) -> list[str]:
    return [
        m.group(0) for pattern in (CURRENCY, PHONE, SHORT_HOTLINES) for m in pattern.finditer(text)
    ]


def test_the_patterns_find_the_figures_they_are_meant_to() -> None:
    text = (
        "Call 0800-1000 or +62 21 2924 4800, WhatsApp 0811-8080-141 or 08111-129-129, "
        "HK +852 6773 0466, 1955, 999; HK$4.990, NT$20,000, Rp37.500, Rp15 miliar."
    )
    assert len(_figures(text)) == 11
    harmless = "Age 18 to 39, 2.199 cases (Cambodia 1.233), 11 September 2017, 10 jobs, UU 18/2017."
    assert _figures(harmless) == []


@pytest.mark.parametrize("topic", TOPICS, ids=[f"{t.locale}/{t.id}" for t in TOPICS])
def test_a_topic_with_a_figure_has_a_review_date(topic: Topic) -> None:
    figures = _figures(topic.body)
    if figures:
        assert topic.review_by is not None, f"states {figures} but has no review_by"


@pytest.mark.parametrize("topic", TOPICS, ids=[f"{t.locale}/{t.id}" for t in TOPICS])
def test_each_figure_is_dated_where_it_is_stated(topic: Topic) -> None:
    """Some paragraph stating the figure says its date (a later repeat need not)."""
    dated: set[str] = set()
    for paragraph in topic.body.split("\n\n"):
        if AS_OF[topic.locale].search(paragraph):
            dated.update(_figures(paragraph))
    undated = sorted(set(_figures(topic.body)) - dated)
    assert not undated, f"{undated} never dated ('per 10 Apr 2025' / 'as of 10 Apr 2025')"


@pytest.mark.parametrize("locale", ["id", "en"])
def test_the_new_topics_load_with_sources_in_both_locales(locale: str) -> None:
    for topic_id in NEW_TOPICS:
        topic = LIBRARY.topic(locale, topic_id)
        assert topic is not None and topic.locale == locale, topic_id
        assert topic.sources and all(s.url.startswith("http") for s in topic.sources)
        assert len(topic.keywords) >= 15, f"{topic_id}: too few ways to find it"
        phase = next(p for p in LIBRARY.phases(locale) if p.id == topic.phase)
        assert topic_id in phase.topic_ids, f"{topic_id} is in no menu"


def test_new_topics_are_linked_both_ways() -> None:
    for topic_id in NEW_TOPICS:
        topic = LIBRARY.topic("id", topic_id)
        assert topic is not None
        back = [r for r in topic.related if topic_id in LIBRARY.topic("id", r).related]  # type: ignore[union-attr]
        assert back, f"no related topic links back to {topic_id}"


def test_korea_says_eps_is_the_only_way_and_fast_tracks_are_not_official() -> None:
    korea_id = LIBRARY.topic("id", "negara-korea")
    korea_en = LIBRARY.topic("en", "negara-korea")
    assert korea_id is not None and korea_en is not None
    assert "hanya lewat program EPS" in korea_id.body and "jalur cepat" in korea_id.body
    assert "only through the EPS" in korea_en.body and "fast track" in korea_en.body
