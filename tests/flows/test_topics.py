"""Loaders of topic and word-list files: good files load, each bad edit names file and key."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from flows.engine.content import ContentError
from flows.information.files import CONTENT_ROOT
from flows.information.qa.data import load_danger, load_synonyms
from flows.information.topics import Phase, Source, Topic, TopicLibrary, load_topics

_TOPIC = """
[[topic]]
id = "{id}"
title = "{title}"
keywords = ["a", "b"]
body = \"\"\"First paragraph.

Second paragraph.\"\"\"
related = [{related}]
checked_on = 2026-11-23
[[topic.source]]
title = "BP2MI"
url = "https://bp2mi.go.id"
grade = "A"
"""


def _file(locale: str, phase: str, order: int, topics: list[tuple[str, str]]) -> str:
    head = (
        f'schema = 1\nlocale = "{locale}"\nphase = "{phase}"\n'
        f'phase_title = "Title {phase}"\nphase_order = {order}\n'
    )
    parts = [
        _TOPIC.format(id=tid, title=f"{tid} {locale}", related=related) for tid, related in topics
    ]
    return head + "".join(parts)


def _write(root: Path, overrides: dict[str, str] | None = None) -> Path:
    files = {
        "id/before.toml": _file("id", "before", 1, [("syarat-pmi", '"biaya"'), ("biaya", "")]),
        "id/abroad.toml": _file("id", "abroad", 2, [("paspor-ditahan", '"syarat-pmi"')]),
        "en/before.toml": _file("en", "before", 1, [("syarat-pmi", '"biaya"'), ("biaya", "")]),
        "en/abroad.toml": _file("en", "abroad", 2, [("paspor-ditahan", "")]),
    }
    files.update(overrides or {})
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_loads_valid_files(tmp_path: Path) -> None:
    library = load_topics(_write(tmp_path))
    assert library.locales() == ("en", "id")
    topic = library.topic("id", "syarat-pmi")
    assert topic is not None
    assert topic.title == "syarat-pmi id"
    assert topic.phase == "before"
    assert topic.related == ("biaya",)
    assert topic.checked_on == datetime.date(2026, 11, 23)
    assert topic.sources == (Source("BP2MI", "https://bp2mi.go.id", "A"),)
    assert "\n\n" in topic.body
    phases = library.phases("id")
    assert [p.id for p in phases] == ["before", "abroad"]
    assert phases[0] == Phase("before", "id", "Title before", 1, ("syarat-pmi", "biaya"))
    assert [t.id for t in library.topics("en")] == ["syarat-pmi", "biaya", "paspor-ditahan"]


def test_unknown_locale_falls_back_to_indonesian(tmp_path: Path) -> None:
    library = load_topics(_write(tmp_path))
    topic = library.topic("jv", "biaya")
    assert topic is not None and topic.locale == "id"
    assert library.phases("jv") == library.phases("id")
    assert library.topics("jv") == library.topics("id")
    assert library.topic("id", "no-such-topic") is None


def test_with_topics_adds_officer_topics(tmp_path: Path) -> None:
    library = load_topics(_write(tmp_path))
    day = datetime.date(2026, 1, 1)
    extra = Topic("kontak-desa", "id", "before", "Kontak", ("desa",), "Body.", ("biaya",), (), day)
    grown = library.with_topics([extra])
    assert grown.topic("id", "kontak-desa") == extra
    assert grown.topic("en", "kontak-desa") == extra, "missing in en: falls back to id"
    assert grown.phases("id")[0].topic_ids[-1] == "kontak-desa"
    assert library.topic("id", "kontak-desa") is None, "the original is unchanged"
    with pytest.raises(ContentError, match="unknown phase"):
        library.with_topics([Topic("x-y", "id", "after", "T", (), "B", (), (), day)])


def test_with_topics_checks_ids_and_related(tmp_path: Path) -> None:
    library = load_topics(_write(tmp_path))
    day = datetime.date(2026, 1, 1)
    with pytest.raises(ContentError, match="kebab-case"):
        library.with_topics([Topic("Bad Id", "id", "before", "T", (), "B", (), (), day)])
    with pytest.raises(ContentError, match="unknown topic id 'nope'"):
        library.with_topics([Topic("ok-id", "id", "before", "T", (), "B", ("nope",), (), day)])


def _error(tmp_path: Path, overrides: dict[str, str]) -> ContentError:
    with pytest.raises(ContentError) as info:
        load_topics(_write(tmp_path, overrides))
    return info.value


def _swap(old: str, new: str, locale: str = "id", phase: str = "before") -> dict[str, str]:
    order = 1 if phase == "before" else 2
    topics = (
        [("syarat-pmi", '"biaya"'), ("biaya", "")]
        if phase == "before"
        else [("paspor-ditahan", '"syarat-pmi"')]
    )
    text = _file(locale, phase, order, topics)
    assert old in text, old
    return {f"{locale}/{phase}.toml": text.replace(old, new, 1)}


@pytest.mark.parametrize(
    ("old", "new", "key", "problem"),
    [
        ("schema = 1", "schema = 2", "schema", "expected schema"),
        ('locale = "id"', 'locale = "en"', "locale", "folder"),
        ('phase = "before"', 'phase = "later"', "phase", "one of"),
        ("phase_order = 1", 'phase_order = "1"', "phase_order", "integer"),
        ('id = "syarat-pmi"', 'id = "Syarat_PMI"', "topic[0].id", "kebab-case"),
        ('id = "biaya"', 'id = "syarat-pmi"', "topic[1].id", "duplicate"),
        ('title = "syarat-pmi id"', 'title = ""', "topic 'syarat-pmi'.title", "non-empty"),
        ('body = """First', 'body = """ """\nx = """', "topic 'syarat-pmi'.body", "non-empty"),
        ('related = ["biaya"]', 'related = ["nope"]', "topic 'syarat-pmi'.related", "'nope'"),
        ("checked_on = 2026-11-23", 'checked_on = "soon"', "topic 'syarat-pmi'.checked_on", "date"),
        ('keywords = ["a", "b"]', "keywords = [1]", "topic 'syarat-pmi'.keywords", "list"),
        ('grade = "A"', 'grade = "C"', "topic 'syarat-pmi'.source[0].grade", "one of"),
        (
            'url = "https://bp2mi.go.id"',
            'url = "bp2mi.go.id"',
            "topic 'syarat-pmi'.source[0].url",
            "https://",
        ),
        ("[[topic.source]]", "source = 3\n[[topic.nothing]]", "topic 'syarat-pmi'.source", "array"),
    ],
)
def test_refusals_name_file_and_key(
    tmp_path: Path, old: str, new: str, key: str, problem: str
) -> None:
    error = _error(tmp_path, _swap(old, new))
    assert error.file == "topics/id/before.toml"
    assert error.key == key
    assert problem in error.problem


def test_invalid_toml_names_file(tmp_path: Path) -> None:
    error = _error(tmp_path, {"id/after.toml": "schema = = 1"})
    assert error.file == "topics/id/after.toml"
    assert "TOML" in error.problem


def test_locales_must_have_same_ids(tmp_path: Path) -> None:
    error = _error(tmp_path, {"en/abroad.toml": _file("en", "abroad", 2, [("other-id", "")])})
    assert error.file == "topics/en"
    assert error.key == "topic.id"
    assert "paspor-ditahan" in error.problem and "other-id" in error.problem


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    text = _file("id", "abroad", 2, [("biaya", "")])
    error = _error(tmp_path, {"id/abroad.toml": text})
    assert error.file == "topics/id/abroad.toml"
    assert error.key == "topic[0].id"


def test_duplicate_phase_order(tmp_path: Path) -> None:
    text = _file("id", "abroad", 1, [("paspor-ditahan", "")])
    error = _error(tmp_path, {"id/abroad.toml": text})
    assert error.key == "phase_order"


def test_empty_root_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="no topic files"):
        load_topics(tmp_path)


def test_library_is_plain_data(tmp_path: Path) -> None:
    library = load_topics(_write(tmp_path))
    assert isinstance(library, TopicLibrary)
    assert library == load_topics(tmp_path)


def test_word_list_loaders(tmp_path: Path) -> None:
    synonyms = tmp_path / "syn.toml"
    synonyms.write_text('schema = 1\n[id]\ngmn = "bagaimana"\n[en]\nhk = "hong kong"\n')
    assert load_synonyms(synonyms) == {"id": {"gmn": "bagaimana"}, "en": {"hk": "hong kong"}}
    synonyms.write_text("schema = 1\n[id]\ngmn = 3\n")
    with pytest.raises(ContentError) as info:
        load_synonyms(synonyms)
    assert (info.value.file, info.value.key) == ("syn.toml", "id.gmn")
    danger = tmp_path / "danger.toml"
    danger.write_text('schema = 1\n[id]\nphrases = ["disekap"]\n')
    assert load_danger(danger) == {"id": ("disekap",)}
    danger.write_text('schema = 1\n[id]\nphrases = "disekap"\n')
    with pytest.raises(ContentError) as info:
        load_danger(danger)
    assert (info.value.file, info.value.key) == ("danger.toml", "id.phrases")


@pytest.mark.skipif(
    not (CONTENT_ROOT / "topics").is_dir(), reason="real topic files not written yet"
)
def test_real_content_loads() -> None:
    library = load_topics()
    assert "id" in library.locales()
    for locale in library.locales():
        phases = library.phases(locale)
        assert [p.order for p in phases] == sorted(p.order for p in phases)
        listed = [tid for p in phases for tid in p.topic_ids]
        assert sorted(listed) == sorted(t.id for t in library.topics(locale))
        assert all(t.sources for t in library.topics(locale)), "every topic cites a source"


_ASKED = """schema = 1
locale = "{locale}"

[[topic]]
id = "pmi-meninggal"
phase = "{phase}"
title = "Meninggal {locale}"
keywords = ["jenazah"]
body = "Body."
related = ["syarat-pmi"]
checked_on = 2026-11-30
review_by = 2026-05-30
[[topic.source]]
title = "KP2MI"
url = "https://kp2mi.go.id"
grade = "A"
"""


def _with_asked(root: Path, *, id_text: str | None = None, en_text: str | None = None) -> Path:
    return _write(
        root,
        {
            "id/asked.toml": id_text or _ASKED.format(locale="id", phase="abroad"),
            "en/asked.toml": en_text or _ASKED.format(locale="en", phase="abroad"),
        },
    )


def test_an_extra_file_adds_topics_to_the_phases_they_name(tmp_path: Path) -> None:
    library = load_topics(_with_asked(tmp_path))
    topic = library.topic("en", "pmi-meninggal")
    assert topic is not None and topic.phase == "abroad" and topic.locale == "en"
    assert topic.review_by == datetime.date(2026, 5, 30)
    abroad = [p for p in library.phases("id") if p.id == "abroad"]
    assert abroad[0].topic_ids == ("paspor-ditahan", "pmi-meninggal")
    assert [p.id for p in library.phases("id")] == ["before", "abroad"], "no phase of its own"


@pytest.mark.parametrize(
    ("old", "new", "key", "problem"),
    [
        ('phase = "abroad"', 'phase = "after"', "topic[0].phase", "one of the phases"),
        ('phase = "abroad"\n', "", "topic[0].phase", "non-empty"),
        ('locale = "id"', 'locale = "id"\nphase = "abroad"', "phase", "give each [[topic]]"),
        ('locale = "id"', 'locale = "id"\nphase_order = 4', "phase_order", "give each"),
        ('id = "pmi-meninggal"', 'id = "biaya"', "topic[0].id", "duplicate"),
        ('related = ["syarat-pmi"]', 'related = ["nope"]', "topic 'pmi-meninggal'.related", "nope"),
    ],
)
def test_extra_file_refusals_name_file_and_key(
    tmp_path: Path, old: str, new: str, key: str, problem: str
) -> None:
    text = _ASKED.format(locale="id", phase="abroad")
    assert old in text, old
    with pytest.raises(ContentError) as info:
        load_topics(_with_asked(tmp_path, id_text=text.replace(old, new, 1)))
    assert (info.value.file, info.value.key) == ("topics/id/asked.toml", key)
    assert problem in info.value.problem


def test_a_topic_in_a_phase_file_cannot_name_another_phase(tmp_path: Path) -> None:
    error = _error(tmp_path, _swap('id = "biaya"', 'id = "biaya"\nphase = "abroad"'))
    assert (error.file, error.key) == ("topics/id/before.toml", "topic[1].phase")


def test_review_by_is_optional_and_read_as_a_date(tmp_path: Path) -> None:
    library = load_topics(_write(tmp_path))
    assert all(t.review_by is None for t in library.topics("id"))
    overrides = {
        **_swap("checked_on = 2026-11-23", "checked_on = 2026-11-23\nreview_by = 2027-05-23"),
        **_swap("checked_on = 2026-11-23", "checked_on = 2026-11-23\nreview_by = 2027-05-23", "en"),
    }
    library = load_topics(_write(tmp_path, overrides))
    for locale in ("id", "en"):
        topic = library.topic(locale, "syarat-pmi")
        assert topic is not None and topic.review_by == datetime.date(2027, 5, 23)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ('"2027-05-23"', "must be a date"),
        ("2027-05-23T10:00:00", "must be a date"),
        ("2027-05-23T10:00:00+07:00", "must be a date"),
        ("12", "must be a date"),
        ("2027-11-25", "at most a year after checked_on"),
    ],
)
def test_review_by_refusals_name_file_and_key(tmp_path: Path, value: str, problem: str) -> None:
    new = f"checked_on = 2026-11-23\nreview_by = {value}"
    error = _error(tmp_path, _swap("checked_on = 2026-11-23", new))
    assert (error.file, error.key) == ("topics/id/before.toml", "topic 'syarat-pmi'.review_by")
    assert problem in error.problem


def test_review_by_may_already_be_past_when_checked(tmp_path: Path) -> None:
    """A figure whose source is old is due at once: the review list shows it."""
    overrides = {
        **_swap("checked_on = 2026-11-23", "checked_on = 2026-11-23\nreview_by = 2020-08-03"),
        **_swap("checked_on = 2026-11-23", "checked_on = 2026-11-23\nreview_by = 2020-08-03", "en"),
    }
    library = load_topics(_write(tmp_path, overrides))
    due = library.past_due(datetime.date(2026, 11, 30))
    assert [(t.locale, t.id) for t in due] == [("en", "syarat-pmi"), ("id", "syarat-pmi")]


def test_review_by_must_agree_across_locales(tmp_path: Path) -> None:
    en_text = _ASKED.format(locale="en", phase="abroad").replace("2026-05-30", "2026-06-30")
    with pytest.raises(ContentError) as info:
        load_topics(_with_asked(tmp_path, en_text=en_text))
    assert info.value.file == "topics/en"
    assert info.value.key == "topic 'pmi-meninggal'.review_by"
    assert "2026-06-30" in info.value.problem and "2026-05-30" in info.value.problem


def test_past_due_lists_only_topics_before_the_day(tmp_path: Path) -> None:
    library = load_topics(_with_asked(tmp_path))
    assert library.past_due(datetime.date(2026, 5, 30)) == (), "due that day, not yet past"
    due = library.past_due(datetime.date(2026, 5, 31))
    assert [(t.locale, t.id) for t in due] == [("en", "pmi-meninggal"), ("id", "pmi-meninggal")]
