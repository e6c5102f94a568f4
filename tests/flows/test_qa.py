"""Unit tests of the question-answering engine on a small synthetic library."""

from __future__ import annotations

import datetime
import socket
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows.information.qa import (
    MONEY_TOKEN,
    Analysis,
    Answer,
    Hit,
    QuestionAnswerer,
    Thresholds,
    decide,
)
from flows.information.qa import normalize as normalize_text
from flows.information.qa.evaluation import EvalCase, evaluate, load_cases
from flows.information.qa.index import Document, TopicIndex
from flows.information.qa.spell import TypoCorrector
from flows.information.qa.stem import IndonesianStemmer, stemmer_for
from flows.information.topics import Phase, Topic, TopicLibrary

_DAY = datetime.date(2026, 11, 23)

_ID_TOPICS = {
    "alur-resmi": (
        "Alur resmi bekerja ke luar negeri",
        ["cara", "daftar", "prosedur", "resmi", "kerja luar negeri", "jalur"],
        "Daftar lewat Disnaker kabupaten dan perusahaan penempatan (P3MI) berizin. "
        "Ikuti pelatihan, pemeriksaan kesehatan, dan orientasi pra penempatan.",
    ),
    "biaya-penempatan": (
        "Biaya penempatan",
        ["biaya", "ongkos", "bayar", "potongan gaji", "uang", "agen minta uang"],
        "Untuk banyak negara biaya penempatan ditanggung pemberi kerja. Jika "
        "agen meminta uang jutaan rupiah, laporkan ke BP2MI.",
    ),
    "negara-taiwan": (
        "Bekerja di Taiwan",
        ["taiwan", "pabrik", "perawat lansia"],
        "Taiwan menerima pekerja pabrik dan perawat lansia. Gaji minimum diatur.",
    ),
    "negara-hongkong": (
        "Bekerja di Hong Kong",
        ["hong kong", "pekerja rumah tangga", "prt"],
        "Hong Kong menerima pekerja rumah tangga. Kontrak dua tahun.",
    ),
    "paspor": (
        "Membuat paspor",
        ["paspor", "imigrasi", "dokumen perjalanan"],
        "Paspor dibuat di kantor imigrasi dengan KTP, KK dan akta lahir.",
    ),
    "lapor-masalah": (
        "Melaporkan masalah di luar negeri",
        ["lapor", "pengaduan", "kbri"],
        "Hubungi KBRI dan layanan pengaduan BP2MI bila ada masalah dengan majikan.",
    ),
}
_EN_TOPICS = {
    "alur-resmi": (
        "The official way to work abroad",
        ["register", "procedure", "official"],
        "Register at the district manpower office and a licensed placement company.",
    ),
    "biaya-penempatan": (
        "Placement fees",
        ["fee", "cost", "pay", "salary deduction"],
        "For many countries the employer pays the placement costs.",
    ),
    "negara-taiwan": (
        "Working in Taiwan",
        ["taiwan", "factory", "caregiver"],
        "Taiwan hires factory workers and caregivers for the elderly.",
    ),
    "negara-hongkong": (
        "Working in Hong Kong",
        ["hong kong", "domestic worker"],
        "Hong Kong hires domestic workers on two-year contracts.",
    ),
    "paspor": (
        "Getting a passport",
        ["passport", "immigration office"],
        "Apply for a passport at the immigration office with your ID card.",
    ),
    "lapor-masalah": (
        "Reporting a problem abroad",
        ["report", "complaint", "embassy"],
        "Contact the embassy or the BP2MI complaint service.",
    ),
}
SYNONYMS = {
    "id": {
        "gmn": "bagaimana",
        "brp": "berapa",
        "sy": "saya",
        "gak": "tidak",
        "g": "tidak",
        "hk": "hong kong",
        "hongkong": "hong kong",
        "jt": "juta",
        "ngga": "tidak",
        "bojo": "suami istri",
        "ora": "tidak",
        "thn": "tahun",
    },
    "en": {"hk": "hong kong", "u": "you"},
}
DANGER = {
    "id": ["paspor ditahan", "disekap", "gaji tidak dibayar", "dipukul", "dikurung"],
    "en": ["passport taken", "locked up", "not paid", "beaten", "help me"],
}


def _topics(locale: str, table: dict[str, tuple[str, list[str], str]]) -> dict[str, Topic]:
    return {
        tid: Topic(tid, locale, "before", title, tuple(kw), body, (), (), _DAY)
        for tid, (title, kw, body) in table.items()
    }


def _library() -> TopicLibrary:
    by_locale = {"id": _topics("id", _ID_TOPICS), "en": _topics("en", _EN_TOPICS)}
    phases = {
        loc: (Phase("before", loc, "Before", 1, tuple(topics)),)
        for loc, topics in by_locale.items()
    }
    return TopicLibrary(by_locale, phases)


_SHARED = QuestionAnswerer.build(_library(), synonyms=SYNONYMS, danger=DANGER)


@pytest.fixture(scope="module")
def qa() -> QuestionAnswerer:
    return _SHARED


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("gmn caranya kerja ke taiwan", ["caranya", "kerja", "taiwan"]),
        ("brp biaya ke hongkong??", ["biaya", "hong", "kong"]),
        ("agen sy minta 30jt wajar gak", ["agen", "minta", MONEY_TOKEN, "wajar", "tidak"]),
        ("TOLONGGGG 😭😭 sy g digaji", ["tolong", "tidak", "digaji"]),
        ("kerja2 di pabrik-pabrik", ["kerja", "pabrik"]),
        ("izin p3mi dari bp2mi", ["izin", "p3mi", "bp2mi"]),
        ("hotline 1955 umur 18thn, 3 bulan 2x", ["hotline", "1955", "umur", "tahun", "bulan"]),
        ("bojoku ora ngolehi", ["suami", "istri", "tidak", "ngolehi"]),
        ("cara buat paspor", ["cara", "paspor"]),
        ("", []),
        ("🙏🙏 !!!", []),
    ],
)
def test_normalize_examples(text: str, tokens: list[str]) -> None:
    assert normalize_text(text, "id", SYNONYMS["id"]) == tokens


@pytest.mark.parametrize(
    "amount",
    [
        "30jt",
        "30 jt",
        "30juta",
        "30 juta",
        "rp 30.000.000",
        "Rp30.000.000,-",
        "1,5 juta rupiah",
        "500rb",
        "NT$ 20,000",
        "500 dollars",
    ],
)
def test_money_forms_become_one_token(amount: str) -> None:
    assert normalize_text(f"bayar {amount}", "id", {}) == ["bayar", MONEY_TOKEN]


def test_stemmers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "socket", None)  # Sastrawi must work offline
    indonesian = IndonesianStemmer()
    assert indonesian.stem("ditahan") == indonesian.stem("menahan") == "tahan"
    assert indonesian.is_word("bekerja") and not indonesian.is_word("pasport")
    english = stemmer_for("en")
    assert english.stem("passports") == "passport"
    assert english.stem("working") == "work"
    assert english.stem("countries") == "country"
    assert stemmer_for("jv") is stemmer_for("id")


def test_typo_corrector() -> None:
    known = ["paspor", "taiwan", "jadwal", "hp", "hong", "kong"]
    corrector = TypoCorrector(known, is_word=lambda w: w == "tanya", clitics=("nya",))
    assert corrector.correct("pasport") == ("paspor",)
    assert corrector.correct("taiwn") == ("taiwan",)
    assert corrector.correct("jawa") == ("jawa",), "short words need a closer match"
    assert corrector.correct("hpnya") == ("hp",)
    assert corrector.correct("hongkong") == ("hong", "kong")
    assert corrector.correct("tanya") == ("tanya",), "a dictionary word is never bent"
    assert corrector.correct("abc") == corrector.correct("abc") == ("abc",)


def test_index_scores_are_normalised_and_title_counts_more() -> None:
    index = TopicIndex(
        [
            Document("a", {"title": ["paspor"], "keywords": [], "body": ["biaya"]}),
            Document("b", {"title": ["biaya"], "keywords": [], "body": ["paspor", "paspor"]}),
            Document("c", {"title": ["gaji"], "keywords": [], "body": ["taiwan"]}),
        ]
    )
    hits = index.search(["paspor"])
    assert [h[0] for h in hits] == ["a", "b"]
    assert all(0.0 < score <= 1.0 for _, score in hits)
    assert index.search(["resep"]) == index.search([]) == []
    partial = index.search(["paspor", "resep", "masak"])
    assert partial[0][1] < hits[0][1], "unknown words lower the score"


def test_decide_rule() -> None:
    rule = Thresholds(confident=0.5, margin=0.3, plausible=0.2, offer_ratio=0.4)
    # danger: the help, with the pages that fit (the frame's own first), never a brochure alone
    hits = (Hit("a", 0.9), Hit("b", 0.1))
    assert decide(Analysis("disekap", hits), rule) == Answer("danger", (Hit("a", 0.9),))
    framed = decide(Analysis("frame:x", hits, danger_topic="b"), rule)
    assert framed == Answer("danger", (Hit("b", 1.0), Hit("a", 0.9)))
    assert decide(Analysis("disekap", ()), rule) == Answer("danger", ())
    assert decide(Analysis(None, ()), rule).kind == "none"
    assert decide(Analysis(None, (Hit("a", 0.1),)), rule).kind == "none"
    clear = decide(Analysis(None, (Hit("a", 0.8), Hit("b", 0.35), Hit("c", 0.1))), rule)
    assert clear == Answer("confident", (Hit("a", 0.8), Hit("b", 0.35)))
    close = decide(Analysis(None, (Hit("a", 0.8), Hit("b", 0.7), Hit("c", 0.2))), rule)
    assert close == Answer("unsure", (Hit("a", 0.8), Hit("b", 0.7)))
    low = decide(Analysis(None, (Hit("a", 0.3),)), rule)
    assert low.kind == "unsure"


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("gmn caranya kerja ke taiwan", "negara-taiwan"),
        ("agen sy minta uang 30jt wajar gak", "biaya-penempatan"),
        ("cara buat paspor", "paspor"),
        ("cara bikin pasport", "paspor"),
        ("kerja di taiwn", "negara-taiwan"),
        ("prosedur resmi daftar kerja luar negeri", "alur-resmi"),
    ],
)
def test_finds_the_topic(qa: QuestionAnswerer, text: str, topic: str) -> None:
    answer = qa.ask(text, "id")
    assert answer.kind in ("confident", "unsure")
    assert answer.hits[0].topic_id == topic


def test_two_subjects_are_both_ranked(qa: QuestionAnswerer) -> None:
    hits = qa.analyse("brp biaya ke hongkong", "id").hits[:3]
    assert {h.topic_id for h in hits} >= {"biaya-penempatan", "negara-hongkong"}


@pytest.mark.parametrize(
    "text",
    [
        "paspor sy ditahan majikan",
        "tolong sy disekap",
        "gaji sy gak dibayar 3 bulan",
        "gaji saya sudah 3 bulan tidak dibayar",
        "majikan menahan paspor saya",
        "saya DIPUKULLL majikan",
        "paspor sy ditahn agen",
        "my passport was taken by my boss",
    ],
)
def test_danger_positives(qa: QuestionAnswerer, text: str) -> None:
    assert qa.ask(text, "id").kind == "danger"


@pytest.mark.parametrize(
    "text",
    [
        "berapa gaji di taiwan",
        "cara buat paspor",
        "kapan gaji dibayar",
        "paspor tidak ditahan kan?",
        "majikan saya tidak menahan paspor",
        "tidak tahu kapan gaji dibayar",
        "biaya paspor berapa",
    ],
)
def test_danger_negatives(qa: QuestionAnswerer, text: str) -> None:
    assert qa.ask(text, "id").kind != "danger"


def test_english(qa: QuestionAnswerer) -> None:
    answer = qa.ask("How do I get a passport?", "en")
    assert answer.kind == "confident" and answer.hits[0].topic_id == "paspor"
    assert qa.ask("working in hk", "en").hits[0].topic_id == "negara-hongkong"
    assert qa.ask("how much is the placement fee", "en").hits[0].topic_id == "biaya-penempatan"
    assert qa.ask("my salary is not paid", "en").kind == "danger"
    assert qa.ask("how to apply for a pasport", "en").hits[0].topic_id == "paspor"
    assert qa.ask("please help me, I am locked up", "en").kind == "danger"
    assert qa.ask("can you help with my passport", "en").kind != "danger"
    assert qa.ask("my salary was paid, how do I send money", "en").kind != "danger"


def test_locale_fallbacks(qa: QuestionAnswerer) -> None:
    answer = qa.ask("factory caregiver jobs", "id")  # English typed with the Indonesian menu
    assert answer.hits and answer.hits[0].topic_id == "negara-taiwan"
    assert qa.ask("cara buat paspor", "jv").hits[0].topic_id == "paspor"  # no Javanese topics


@pytest.mark.parametrize(
    "text", ["resep nasi goreng enak", "siapa juara piala dunia", "", "😀😀", "asdfgh qwerty"]
)
def test_out_of_scope_is_not_answered(qa: QuestionAnswerer, text: str) -> None:
    assert qa.ask(text, "id") == Answer("none", ())


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(st.text(max_size=300), st.text(min_size=4000, max_size=5000)),
    st.sampled_from(["id", "en", "jv", ""]),
)
def test_ask_never_raises(text: str, locale: str) -> None:
    answer = _SHARED.ask(text, locale)
    assert answer.kind in ("confident", "unsure", "none", "danger")
    assert len(answer.hits) <= 3
    if answer.kind in ("none", "danger"):
        assert answer.hits == ()
    else:
        assert answer.hits
        assert all(0.0 < h.score <= 1.0 for h in answer.hits)
        scores = [h.score for h in answer.hits]
        assert scores == sorted(scores, reverse=True)


def test_long_message_is_handled(qa: QuestionAnswerer) -> None:
    assert qa.ask("paspor sy ditahan " + "kerja di taiwan " * 1000, "id").kind == "danger"
    assert qa.ask("🙂" * 5000, "id").kind == "none"


def test_with_thresholds_keeps_the_index(qa: QuestionAnswerer) -> None:
    strict = qa.with_thresholds(Thresholds(confident=1.01))
    assert strict.engines is qa.engines
    assert qa.ask("How do I get a passport?", "en").kind == "confident"
    assert strict.ask("How do I get a passport?", "en").kind == "unsure"


def test_empty_library() -> None:
    qa = QuestionAnswerer.build(TopicLibrary({}, {}), synonyms={}, danger={})
    assert qa.ask("paspor", "id") == Answer("none", ())


def test_evaluation_metrics(tmp_path: Path, qa: QuestionAnswerer) -> None:
    file = tmp_path / "eval.toml"
    file.write_text(
        "schema = 1\n"
        '[[case]]\ntext = "cara buat paspor"\nlocale = "id"\nexpected = "paspor"\n'
        '[[case]]\ntext = "kerja di taiwan"\nlocale = "id"\nexpected = "x"\n'
        'also = ["negara-taiwan"]\n'
        '[[case]]\ntext = "paspor sy ditahan"\nlocale = "id"\nexpected = "@danger"\n'
        '[[case]]\ntext = "resep nasi goreng"\nlocale = "id"\nexpected = "@none"\n'
    )
    cases = load_cases(file)
    assert cases[1] == EvalCase("kerja di taiwan", "id", "x", ("negara-taiwan",))
    report = evaluate(qa, cases)
    assert (report.top1, report.top3, report.confident_wrong) == (1.0, 1.0, 0.0)
    assert report.danger_recall == 1.0 and report.danger_false_alarms == 0.0
    assert report.misses() == ()
    assert report.summary() == "qa top1 1.000 top3 1.000 confident-wrong 0.000"
