"""``/web``: an officer gets a one-time link that signs them in to the office web page.

The page shows the same village data an officer may read in the chat, laid out for people who
know spreadsheets. The link holds a fresh random token; only its hash is stored, it works
once, and for 15 minutes. Residents who send ``/web`` are told kindly it is for officers.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from flows.engine.context import Context
from flows.engine.i18n import N_
from flows.engine.messages import Reply
from flows.engine.nodes import Data, Prompt, Say, make_flow
from flows.office.effects import WebSignInIssued
from flows.officers import access, officer_queries

__all__ = ["FLOW", "LINK_VALID", "token_hash"]

LINK_VALID = timedelta(minutes=15)

ONLY_OFFICERS = N_("The office web page is only for village officers.")
SWITCHED_OFF = N_("The office web page is not switched on for this bot. Ask your administrator.")
LINK = N_(
    "Your sign-in link for the office web page (works once, for 15 minutes; do not share it):"
    "\n\n{link}\n\nThe page shows the data of: {villages}."
)


def token_hash(token: str) -> str:
    """The stored form of a sign-in token or session id (SHA-256, hex)."""
    return hashlib.sha256(token.encode()).hexdigest()


async def _issue(ctx: Context, data: Data) -> Prompt:
    """Check the sender serves a village, then hand out a fresh one-time link."""
    roles = await officer_queries(ctx).officer_roles(ctx.person.channel, ctx.person.external_id)
    served = access.villages_where(roles, "menu.open")
    if not served:
        return Prompt(replies=(Reply(ctx._(ONLY_OFFICERS)),))
    token = ctx.new_token()
    link = ctx.web_link(f"/office/login?token={token}")
    if link is None:
        return Prompt(replies=(Reply(ctx._(SWITCHED_OFF)),))
    issued = WebSignInIssued(
        channel=ctx.person.channel,
        officer_user_id=ctx.person.external_id,
        token_hash=token_hash(token),
        expires_at=ctx.now + LINK_VALID,
    )
    names = ", ".join(role.village_name for role in served)
    return Prompt(replies=(Reply(ctx._(LINK, link=link, villages=names)),), effects=(issued,))


FLOW = make_flow(
    "web",
    "signin",
    Say("signin", _issue, next="main:menu"),
    summary="/web: a one-time sign-in link to the office web page",
)
