"""How a notice reads: the same text in the browse pages, the officer's preview and the message
subscribers get (rendered in each reader's language, with the standing safety note)."""

from __future__ import annotations

import gettext
from datetime import datetime
from zoneinfo import ZoneInfo

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.jobs.content import JobContent
from flows.jobs.ports import NoticeRow

__all__ = [
    "APPLY_LABELS",
    "EMPLOYER_LABELS",
    "SAFETY",
    "STATUS_LABELS",
    "local_date",
    "money",
    "notice_line",
    "notice_text",
    "translations_for",
]

SAFETY = N_(
    "⚠️ Stay safe: never pay anything outside the official cost rules, never hand over your "
    "passport to anyone, and check the agency at the village desk before you sign anything."
)
DETAIL = N_(
    "{reference} · {job}\n"
    "Country: {country} · sector: {sector}\n"
    "Employer: {employer} · openings: {openings}\n"
    "Pay as offered: {salary} a month\n"
    "Requirements: {requirements}\n"
    "Agency: {agency} · licence {licence} (as checked by the {village} desk)\n"
    "Cost to the worker: {cost}\n"
    "Apply: {apply}{details} · by {deadline}\n"
    "Status: {status}"
)
LINE = N_("{job} · {country} · {salary} · until {deadline}")
EMPLOYER_LABELS = {
    "household": N_("a household (individual employer)"),
    "company": N_("a company"),
    "government": N_("government to government (G to G)"),
}
APPLY_LABELS = {
    "desk": N_("at the village desk"),
    "disnaker": N_("at Disnaker"),
    "ltsa": N_("at the LTSA (one-stop service)"),
}
STATUS_LABELS = {
    "open": N_("open"),
    "closed": N_("closed"),
    "withdrawn": N_("withdrawn"),
}


def translations_for(ctx: Context, locale: str) -> gettext.NullTranslations:
    """The catalog of ``locale`` (for a message someone else will read)."""
    return ctx.catalogs.get(locale) if ctx.catalogs else ctx.translations


def money(amount: int, currency: str) -> str:
    """``NT$ 20.000``: thousands with dots, as Indonesians write them."""
    return f"{currency} {amount:,}".replace(",", ".")


def local_date(ctx: Context, at: datetime) -> str:
    """A date in the reader's village zone."""
    zone = ZoneInfo(ctx.person.village.timezone if ctx.person.village else "Asia/Jakarta")
    return at.astimezone(zone).strftime("%d-%m-%Y")


def notice_text(
    ctx: Context,
    notice: NoticeRow,
    *,
    locale: str | None = None,
    safety: bool = True,
) -> str:
    """The whole notice in ``locale`` (the reader's by default), with the safety note."""
    tr = translations_for(ctx, locale or ctx.locale)
    content = ctx.content.of(JobContent)
    where = locale or ctx.locale
    details = f" ({notice.apply_details})" if notice.apply_details else ""
    text = tr.gettext(DETAIL).format(
        reference=notice.reference,
        job=notice.job_title,
        country=content.country_label(notice.country, where),
        sector=content.sector_label(notice.sector, where),
        employer=tr.gettext(EMPLOYER_LABELS.get(notice.employer_type, notice.employer_type)),
        openings=notice.openings,
        salary=money(notice.salary_amount, notice.salary_currency),
        requirements=notice.requirements,
        agency=notice.agency_name,
        licence=notice.agency_licence,
        village=notice.village_name,
        cost=notice.cost_to_worker,
        apply=tr.gettext(APPLY_LABELS.get(notice.apply_via, notice.apply_via)),
        details=details,
        deadline=local_date(ctx, notice.deadline),
        status=tr.gettext(STATUS_LABELS.get(notice.status, notice.status)),
    )
    return f"{text}\n\n{tr.gettext(SAFETY)}" if safety else text


def notice_line(ctx: Context, notice: NoticeRow) -> str:
    """One notice as a button label."""
    content = ctx.content.of(JobContent)
    return ctx._(
        LINE,
        job=notice.job_title[:40],
        country=content.country_label(notice.country, ctx.locale),
        salary=money(notice.salary_amount, notice.salary_currency),
        deadline=local_date(ctx, notice.deadline),
    )
