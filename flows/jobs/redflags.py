"""Reading a job offer for red flags: what "cek loker" points out at once.

Pure and deterministic so the evaluation set can measure it (``benchmarks/cek_loker.py``).
Most flags are patterns from ``content/redflags.toml``; three are decided here from other
content: pay far above a destination's sourced level, an agency that matches none the village
desks checked, and a destination under a moratorium or warning. Finding nothing is never a
verdict: the flow always says an officer must still check the offer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from flows.jobs.content import Country, JobContent

__all__ = ["Finding", "agency_names", "destinations_in", "normalise", "red_flags"]

_SPACES = re.compile(r"\s+")
#: "PT Sinar Jaya Abadi", up to four capitalised-looking words after "PT".
_AGENCY = re.compile(r"\bpt\.?\s+((?:[a-z0-9&'-]+\s?){1,4})")
_AGENCY_STOP = frozenset(
    (
        "resmi",
        "berizin",
        "membuka",
        "buka",
        "menerima",
        "sip",
        "sip2mi",
        "sip3mi",
        "dengan",
        "untuk",
        "yang",
        "di",
        "dan",
        "ke",
        "kami",
        "adalah",
        "alamat",
        "kantor",
        "cabang",
        "lowongan",
        "butuh",
        "membutuhkan",
        "merekrut",
        "rekrut",
    )
)
#: Bodies that run official recruitment themselves (G to G) or where people register.
_OFFICIAL = re.compile(
    r"\b(bp2mi|kp2mi|kementerian p2mi|disnaker|ltsa|bp3mi|p4mi|g ?to ?g|eps-topik|eps topik|"
    r"hrd korea|siapkerja|siskop2mi)\b"
)
_MONEY = re.compile(
    r"(?P<pre>nt\$|ntd|hk\$|hkd|rm|rp\.?|usd|us\$|\$|sgd|s\$|¥|yen|riyal|sar)?\s?"
    r"(?P<num>\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?)\s?"
    r"(?P<post>jt|juta|rb|ribu|k\b|nt|ntd|hkd|ringgit|riyal|usd|dolar|dollar|yen|won)?"
)
#: What a sentence says is *not* asked ("tidak ada biaya pendaftaran", "jangan serahkan paspor"):
#: dropped before every pattern flag but "no documents" (whose patterns are negations).
_NEGATED = re.compile(
    r"\b(jangan|jgn|tidak|tdk|tak|bukan|tanpa|bebas|gratis|dilarang|nol|zero)\b[^.\n,;!]{0,45}"
)
_SKILLED = re.compile(r"\b(perawat|nurse|welder|e-7|insinyur|engineer|dokter|apoteker|ssw)\b")


@dataclass(frozen=True, slots=True)
class Finding:
    """One red flag found in an offer, with the reason to tell the person and its source."""

    flag: str
    label: str
    reason: str
    source: str


def normalise(text: str) -> str:
    """Lower case with single spaces: what patterns are written against."""
    return _SPACES.sub(" ", text.casefold()).strip()


def _has_word(text: str, word: str) -> bool:
    return re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text) is not None


def destinations_in(content: JobContent, text: str) -> tuple[Country, ...]:
    """The destinations an offer names, in content order."""
    lowered = normalise(text)
    return tuple(c for c in content.countries if any(_has_word(lowered, w) for w in c.words))


def agency_names(text: str) -> tuple[str, ...]:
    """The agency names ("PT ...") an offer mentions, normalised, without trailing filler."""
    names = []
    for match in _AGENCY.finditer(normalise(text)):
        words = []
        for word in match.group(1).split():
            if word in _AGENCY_STOP:
                break
            words.append(word.strip(",.'"))
        if words:
            names.append(" ".join(words))
    return tuple(names)


def _agency_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", normalise(name).removeprefix("pt.").removeprefix("pt "))


def _amount(match: re.Match[str]) -> float:
    raw = match.group("num")
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", raw):
        value = float(re.sub(r"[.,]", "", raw))
    else:
        value = float(raw.replace(",", "."))
    post = match.group("post") or ""
    if post in ("jt", "juta"):
        value *= 1_000_000
    elif post in ("rb", "ribu", "k"):
        value *= 1_000
    return value


def _currency_of(match: re.Match[str], country: Country) -> str | None:
    """Which currency an amount is in: the destination's, rupiah, or unknown."""
    marks = {(match.group("pre") or "").rstrip("."), match.group("post") or ""}
    if marks & {"rp", "jt", "juta"}:
        return "IDR"
    words = {w.casefold() for w in country.currency_words} | {country.currency.casefold()}
    if marks & words or any(m and m in w for m in marks for w in words):
        return country.currency
    return None


def _far_above(content: JobContent, text: str, countries: tuple[Country, ...]) -> str | None:
    """A note when an amount in the offer is far above the sourced level ("" if no figure)."""
    lowered = normalise(text)
    skilled = _SKILLED.search(lowered) is not None
    for match in _MONEY.finditer(lowered):
        if not (match.group("pre") or match.group("post")):
            continue
        value = _amount(match)
        if value <= 0:
            continue
        marks = {(match.group("pre") or "").rstrip("."), match.group("post") or ""}
        if marks & {"rp", "jt", "juta"} and not skilled:
            if value > content.rupiah_far_above * 1_000_000:
                return ""
            continue
        for country in countries:
            in_currency = _currency_of(match, country) == country.currency
            if (
                country.usual_salary
                and in_currency
                and value > content.far_above * country.usual_salary
            ):
                return country.id
    return None


def _pattern_hits(content: JobContent, lowered: str) -> set[str]:
    affirmed = _NEGATED.sub(" ", lowered)
    return {
        f.id
        for f in content.flags
        if any(p.search(lowered if f.id == "no_docs_fast" else affirmed) for p in f.patterns)
    }


def red_flags(
    content: JobContent, text: str, known_agencies: Iterable[str], locale: str = "id"
) -> tuple[Finding, ...]:
    """Every red flag visible in ``text``, in the content's order, with reasons in ``locale``.

    ``known_agencies``: the agency names village desks checked for their published notices.
    """
    lowered = normalise(text)
    hits = _pattern_hits(content, lowered)
    reasons: dict[str, str] = {}
    countries = destinations_in(content, text)
    salary = _far_above(content, text, countries)
    if salary is not None:
        hits.add("high_salary")
        country = content.country(salary) if salary else None
        if country is not None and country.salary_notes:
            note = country.salary_notes.get(locale) or country.salary_notes["id"]
            reasons["high_salary"] = f"({note}; {country.salary_source})"
    known = {_agency_key(a) for a in known_agencies if _agency_key(a)}
    named = [_agency_key(a) for a in agency_names(text)]
    matched = any(k and (k in known or any(k.startswith(x) or x.startswith(k) for x in known))
                  for k in named)  # fmt: skip
    if (named and not matched) or (not named and _OFFICIAL.search(lowered) is None):
        hits.add("unknown_agency")
    warnings = []
    domestic = content.sector("domestic")
    is_domestic = domestic is not None and any(_has_word(lowered, w) for w in domestic.words)
    for country in countries:
        if country.warning:
            warnings.append(country.warning)
        elif country.middle_east and is_domestic:
            warnings.append("middle_east_domestic")
    if warnings:
        hits.add("moratorium")
        texts = []
        for warning_id in dict.fromkeys(warnings):
            warning = content.warning(warning_id)
            if warning is not None:
                texts.append(f"{warning.text(locale)} ({warning.source})")
        reasons["moratorium"] = " ".join(texts)
    found = []
    for flag in content.flags:
        if flag.id in hits:
            extra = reasons.get(flag.id, "")
            reason = f"{flag.reason(locale)} {extra}".strip()
            found.append(Finding(flag.id, flag.label(locale), reason, flag.source))
    return tuple(found)
