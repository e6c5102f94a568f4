"""Question intents re-rank pages: the page that answers what is asked beats the subject page."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.engine.content import ContentError
from flows.information.files import CONTENT_ROOT
from flows.information.qa.data import INTENTS_FILE, load_intents
from flows.information.qa.engine import LocaleEngine
from flows.information.qa.intents import IntentRules, IntentSpec
from flows.information.topics import load_topics

RULES = IntentRules(
    boost=0.5,
    demote=0.5,
    broad=("negara-taiwan",),
    intents=(IntentSpec("cost", ("biaya", "#uang"), ("biaya-penempatan",)),),
)


@pytest.fixture(scope="module")
def engine() -> LocaleEngine:
    return LocaleEngine("id", (), {"brp": "berapa"}, (), intents=RULES)


def test_a_question_about_cost_puts_the_cost_page_above_the_country_page(
    engine: LocaleEngine,
) -> None:
    words = engine.read("brp biaya ke taiwan")
    ranked = engine.intents.rerank(words, [("negara-taiwan", 0.6), ("biaya-penempatan", 0.4)])
    assert [t for t, _ in ranked] == ["biaya-penempatan", "negara-taiwan"]
    assert ranked[0][1] == pytest.approx(0.6) and ranked[1][1] == pytest.approx(0.3)


def test_an_amount_of_money_is_a_cost_question(engine: LocaleEngine) -> None:
    assert engine.intents.intents(engine.read("jd 25jt itu kemahalan ya?")) == {"cost"}


def test_without_an_intent_the_ranking_is_untouched(engine: LocaleEngine) -> None:
    ranked = [("negara-taiwan", 0.6), ("biaya-penempatan", 0.4)]
    assert engine.intents.rerank(engine.read("kerja di taiwan enak gak"), ranked) == ranked


def test_scores_stay_within_one(engine: LocaleEngine) -> None:
    ranked = engine.intents.rerank(engine.read("biaya"), [("biaya-penempatan", 0.9)])
    assert ranked == [("biaya-penempatan", 1.0)]


def test_the_intents_file_names_real_topics_and_is_checked(tmp_path: Path) -> None:
    rules = load_intents(CONTENT_ROOT / INTENTS_FILE)
    library = load_topics()
    named = {t for i in rules.intents for t in i.topics} | set(rules.broad)
    for locale in library.locales():
        assert {t for t in named if library.topic(locale, t) is None} == set(), locale
    bad = tmp_path / "intents.toml"
    bad.write_text("schema = 1\nboost = 2\n")
    with pytest.raises(ContentError):
        load_intents(bad)
    bad.write_text("schema = 1\n[[intent]]\nname = 'cost'\nwords = ['biaya']\ntopics = []\n")
    with pytest.raises(ContentError):
        load_intents(bad)
