"""Broadcast: 10,000 recipients through the fake Bot API with Telegram's flood control on.

Three scenarios, each with its own fake (enforcing the same cap the workers get as
DELIVERY_RATE, plus random 429s and a few people who blocked the bot):
  (a) the installed ``desmigratif run`` on SQLite (worker inside), while one person chats with
      the bot through the normal reply path (their reply latency p95 is printed);
  (b) the same, SIGKILLed at a random moment and restarted;
  (c) two ``desmigratif worker`` processes on a fresh PostgreSQL database (dropped after).
Measured: the rate as a fraction of the cap over the whole time from the first send to the last
(raw: the figure the last line reports), and, printed beside it for diagnosis, the rate over
the time Telegram allowed sending (the fake's bot-wide 429 waits and, in (b), the gap from the
kill to the first send after the restart left out); lost L = recipients (not blocked) who
never got the message; duplicated D = messages a chat got beyond its first; K = rows
'sending' at the kill. Every loop is bounded in count and time.

The last line is ``broadcast rate R of cap, lost L, duplicated D (in flight at kill K)`` with R
the worst scenario's raw rate (waits for Telegram's 429s included: they are part of sending).
Usage: python benchmarks/broadcast.py [--recipients 10000] [--cap 200] [--random-429 0.0003]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select
from sqlalchemy.engine import make_url

from storage.db import create_engine
from storage.deliveries import Recipient, enqueue_deliveries
from storage.models import Resident, table_of
from tests.support.bot_process import BotProcess, desmigratif_command
from tests.support.fake_bot_api import FakeBotApi

FIRST_CHAT = 500_000
PERSON = 42
BLOCKED = 12
DEADLINE = 240.0
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"


@dataclass
class Figures:
    """One scenario's outcome."""

    name: str
    rate: float  # of the cap, over the time sending was allowed
    raw_rate: float  # of the cap, over the whole time from first to last send
    lost: int
    duplicated: int
    in_flight_at_kill: int = 0
    waits: float = 0.0
    gap: float = 0.0
    refusals: str = ""


async def _enqueue(url: str, chats: list[int]) -> None:
    """Residents and one urgent announcement to each (urgent: the hour of the run is irrelevant)."""
    engine = create_engine(url)
    residents = table_of(Resident)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                insert(residents),
                [{"channel": "telegram", "external_id": str(c), "chat_id": str(c)} for c in chats],
            )
            ids = dict((await conn.execute(select(residents.c.chat_id, residents.c.id))).all())
            await enqueue_deliveries(
                conn,
                kind="announcement",
                source_id=1,
                recipients=[Recipient(ids[str(c)], "telegram", str(c)) for c in chats],
                payload={"text": "Pengumuman: rapat desa hari Sabtu jam 09.00 di balai desa."},
                send_at=datetime.now(UTC),
                urgent=True,
            )
    finally:
        await engine.dispose()


def _fake(args: argparse.Namespace, chats: list[int], seed: int) -> FakeBotApi:
    api = FakeBotApi()
    api.enforce_flood_control(args.cap, random_429=args.random_429, seed=seed)
    for chat in random.Random(seed).sample(chats, BLOCKED):
        api.fail(
            "sendMessage",
            code=403,
            description="Forbidden: bot was blocked by the user",
            chat_id=chat,
            times=10,
        )
    return api


def _blocked(api: FakeBotApi) -> set[int]:
    return {f.chat_id for f in api._faults if f.code == 403 and f.chat_id is not None} | {
        c.params["chat_id"] for c in api.failed_calls if c.error_code == 403
    }


async def _wait_delivered(api: FakeBotApi, chats: list[int], deadline: float) -> None:
    blocked = _blocked(api)
    wanted = [c for c in chats if c not in blocked]
    while time.monotonic() < deadline:
        if all(api._by_chat.get(c) for c in wanted):
            await asyncio.sleep(1.0)  # let late duplicates, if any, arrive and be counted
            return
        await asyncio.sleep(0.2)


def _figures(
    name: str, api: FakeBotApi, chats: list[int], cap: float, gap: float = 0.0, kill: int = 0
) -> Figures:
    chat_set = set(chats)
    sends = [
        c.at for c in api.calls if c.method == "sendMessage" and c.params.get("chat_id") in chat_set
    ]
    blocked = _blocked(api)
    lost = sum(1 for c in chats if c not in blocked and not api._by_chat.get(c))
    duplicated = sum(max(0, len(api._by_chat.get(c, ())) - 1) for c in chats)
    span = max(sends) - min(sends) if len(sends) > 1 else float("nan")
    assert api.flood is not None
    waits = api.flood.blocked_seconds()
    allowed = span - waits - gap
    return Figures(
        name,
        len(sends) / allowed / cap,
        len(sends) / span / cap,
        lost,
        duplicated,
        kill,
        waits,
        gap,
        ", ".join(f"{k} {v}" for k, v in sorted(api.flood.refusals.items())),
    )


async def _chat(api: FakeBotApi, stop: asyncio.Event, samples: list[float]) -> None:
    """One person talks to the bot, waiting for each reply, until the broadcast is over."""
    api.push_text(PERSON, "/start")
    await api.wait_for_messages(PERSON, 1, timeout=30)
    for _ in range(2000):
        if stop.is_set():
            return
        await asyncio.sleep(1.5)  # reading the reply (and Telegram's one message a second)
        before = len(api.sent_messages(PERSON))
        sent = time.monotonic()
        api.push_text(PERSON, "menu")
        for _ in range(3000):
            if len(api.sent_messages(PERSON)) > before or stop.is_set():
                break
            await asyncio.sleep(0.005)
        else:
            continue
        if len(api.sent_messages(PERSON)) > before:
            samples.append((time.monotonic() - sent) * 1000)


async def _sqlite(
    args: argparse.Namespace, chats: list[int], kill: bool
) -> tuple[Figures, list[float]]:
    seed = 7 if kill else 3
    async with _fake(args, chats, seed) as api:
        with tempfile.TemporaryDirectory() as tmp:
            bot = BotProcess(
                api,
                Path(tmp),
                LOG_LEVEL="WARNING",
                DELIVERY_RATE=str(args.cap),
                DELIVERY_LEASE_SECONDS="3",
            )
            assert bot.cli("migrate").returncode == 0
            deadline = time.monotonic() + DEADLINE
            await bot.start()
            samples: list[float] = []
            stop = asyncio.Event()
            person = None
            if not kill:  # they say hello first; the officer's announcement comes mid-chat
                person = asyncio.create_task(_chat(api, stop, samples))
                await api.wait_for_messages(PERSON, 2, timeout=30)
                await asyncio.sleep(2.0)
            await _enqueue(bot.env["DATABASE_URL"], chats)
            gap, in_flight = 0.0, 0
            try:
                if kill:
                    await asyncio.sleep(random.Random().uniform(5.0, 0.6 * len(chats) / args.cap))
                    bot.kill()
                    killed = time.monotonic()
                    with sqlite3.connect(Path(tmp) / "bot.sqlite3") as db:
                        in_flight = db.execute(
                            "SELECT COUNT(*) FROM deliveries WHERE status = 'sending'"
                        ).fetchone()[0]
                    await bot.start()  # the gap: restart, then the lease of the dead worker
                    for _ in range(3000):
                        after = [
                            c.at
                            for c in api.calls
                            if c.at > killed + 0.5 and c.method == "sendMessage"
                        ]
                        if after:
                            gap = min(after) - killed
                            break
                        await asyncio.sleep(0.01)
                await _wait_delivered(api, chats, deadline)
            finally:
                stop.set()
                if person is not None:
                    await person
                await bot.stop()
            name = "(b) SQLite, SIGKILL + restart" if kill else "(a) SQLite, desmigratif run"
            return _figures(name, api, chats, args.cap, gap, in_flight), samples


async def _pg_admin(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(
        host="127.0.0.1", port=5432, user="postgres", database="test", timeout=5
    )
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def _postgres(args: argparse.Namespace, chats: list[int]) -> Figures:
    name = f"desmigratif_bench_{uuid.uuid4().hex[:8]}"
    await _pg_admin(f'CREATE DATABASE "{name}"')
    url = make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)
    workers: list[subprocess.Popen[bytes]] = []
    try:
        async with _fake(args, chats, 11) as api:
            with tempfile.TemporaryDirectory() as tmp:
                env = BotProcess(
                    api,
                    Path(tmp),
                    LOG_LEVEL="WARNING",
                    DATABASE_URL=url,
                    DELIVERY_RATE=str(args.cap),
                    DELIVERY_LEASE_SECONDS="3",
                ).env
                await asyncio.to_thread(
                    subprocess.run,
                    [*desmigratif_command(), "migrate"],
                    env=env,
                    cwd=tmp,
                    check=True,
                    capture_output=True,
                    timeout=120,
                )
                await _enqueue(url, chats)
                deadline = time.monotonic() + DEADLINE
                with (Path(tmp) / "workers.log").open("ab") as log:
                    for _ in range(2):
                        workers.append(
                            subprocess.Popen(
                                [*desmigratif_command(), "worker"],
                                env=env,
                                cwd=tmp,
                                stdout=log,
                                stderr=log,
                            )
                        )
                try:
                    await _wait_delivered(api, chats, deadline)
                finally:
                    for worker in workers:
                        worker.terminate()
                    for worker in workers:
                        worker.wait(timeout=30)
                return _figures("(c) PostgreSQL, two workers", api, chats, args.cap)
    finally:
        await _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _print(f: Figures) -> None:
    print(
        f"{f.name:32s} rate {f.raw_rate:.2f} of cap ({f.rate:.2f} while allowed to send), "
        f"lost {f.lost}, "
        f"duplicated {f.duplicated}, in flight at kill {f.in_flight_at_kill}, "
        f"429 waits {f.waits:.1f} s, restart gap {f.gap:.1f} s; refusals: {f.refusals or 'none'}",
        flush=True,
    )


async def main() -> None:
    """Run the three scenarios and print their figures, the summary line last."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--cap", type=float, default=200.0, help="messages/s: fake and workers")
    parser.add_argument("--random-429", type=float, default=0.0003)
    args = parser.parse_args()
    chats = list(range(FIRST_CHAT, FIRST_CHAT + args.recipients))
    a, samples = await _sqlite(args, chats, kill=False)
    _print(a)
    if len(samples) >= 2:
        p95 = statistics.quantiles(samples, n=20)[18]
        print(
            f"reply latency during (a): p95 {p95:.0f} ms, p50 {statistics.median(samples):.0f} ms "
            f"over {len(samples)} messages",
            flush=True,
        )
    b, _ = await _sqlite(args, chats, kill=True)
    _print(b)
    c = await _postgres(args, chats)
    _print(c)
    scenarios = (a, b, c)
    worst = min(s.raw_rate for s in scenarios)
    lost = sum(s.lost for s in scenarios)
    duplicated = sum(s.duplicated for s in scenarios)
    print(
        f"broadcast rate {worst:.2f} of cap, lost {lost}, "
        f"duplicated {duplicated} (in flight at kill {b.in_flight_at_kill})"
    )


if __name__ == "__main__":
    asyncio.run(main())
