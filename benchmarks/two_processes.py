"""Two ``desmigratif run`` processes in webhook mode on one PostgreSQL database, against one.

For each setup (one process, then two) on its own fresh PostgreSQL database (dropped after),
N chats × M messages of the throughput benchmark's script are posted to the webhooks the way
Telegram does: one chat's updates one at a time (the next only after the previous POST was
answered, and the bot answers after commit and send), consecutive updates of a chat alternating
between the processes, and many chats at once with at most C POSTs in flight (Telegram's
``max_connections``, 40 by default, is for the whole bot, so the same bound holds for both).
Measured: updates per second from the first POST to the last answer (median of R rounds, fresh
chats each round), the bot processes' CPU per update (from /proc), and whether every chat got
exactly the replies of the same script sent to one process alone, in order: "answered twice" D
counts messages a chat got beyond those. Every loop is bounded in count and time.

The last line is ``two processes: R× one process (N/s vs M/s), order kept, answered twice D``
("order broken in K chats" instead of "order kept" when a chat's replies differ).
Usage: python benchmarks/two_processes.py [--chats 100] [--messages 10] [--concurrency 40]
       [--rounds 3] [--admin-url postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.throughput import SCRIPT
from tests.support.fake_bot_api import FakeBotApi
from tests.support.webhook_fleet import Fleet, fresh_pg_database, text_update, webhook_fleet

DEADLINE = 300.0
REFERENCE_CHAT = 1


@dataclass
class Figures:
    """One setup's outcome."""

    processes: int
    rate: float  # updates per second (median of the rounds)
    cpu_ms: float  # bot processes' CPU per update
    broken: int  # chats whose replies differ from the reference
    twice: int  # messages beyond the reference's, summed over chats


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _texts(api: FakeBotApi, chat: int) -> list[str]:
    return [str(m.get("text")) for m in api.sent_messages(chat)]


async def _reference(fleet: Fleet, script: tuple[str, ...]) -> list[str]:
    """The replies to the script from the first process alone."""
    for text in script:
        status = await fleet.post(0, text_update(fleet.next_update_id(), REFERENCE_CHAT, text))
        assert status == 200, status
    return _texts(fleet.api, REFERENCE_CHAT)


async def _round(
    fleet: Fleet, chats: range, script: tuple[str, ...], concurrency: int, deadline: float
) -> float:
    """Every chat talks through its script; seconds from the first POST to the last answer."""
    gate = asyncio.Semaphore(concurrency)

    async def talk(chat: int) -> None:
        for index, text in enumerate(script):
            if time.monotonic() > deadline:
                raise TimeoutError("the round did not finish in time")
            update = text_update(fleet.next_update_id(), chat, text)
            async with gate:
                status = await fleet.post((chat + index) % len(fleet.urls), update)
            if status != 200:
                raise AssertionError(f"chat {chat}: HTTP {status}")

    started = time.monotonic()
    await asyncio.wait_for(asyncio.gather(*(talk(c) for c in chats)), max(1.0, deadline - started))
    return time.monotonic() - started


async def _setup(args: argparse.Namespace, processes: int) -> Figures:
    script = tuple(SCRIPT[: args.messages])
    async with fresh_pg_database(args.admin_url, "desmigratif_bench_two") as url:
        with tempfile.TemporaryDirectory() as tmp:
            async with (
                FakeBotApi() as api,
                webhook_fleet(
                    api, Path(tmp), url, processes, LOG_LEVEL="WARNING", OUTBOX_RESEND_AFTER="30"
                ) as fleet,
            ):
                expected = await _reference(fleet, script)
                pids = [p.process.pid for p in fleet.processes if p.process is not None]
                deadline = time.monotonic() + DEADLINE
                rates: list[float] = []
                cpu: list[float] = []
                all_chats: list[int] = []
                for number in range(args.rounds):
                    chats = range(10_000 * (number + 1), 10_000 * (number + 1) + args.chats)
                    used = sum(_cpu_seconds(pid) for pid in pids)
                    seconds = await _round(fleet, chats, script, args.concurrency, deadline)
                    updates = args.chats * len(script)
                    rates.append(updates / seconds)
                    cpu.append((sum(_cpu_seconds(pid) for pid in pids) - used) * 1000 / updates)
                    all_chats.extend(chats)
                await asyncio.sleep(1.0)  # a message sent twice would have arrived by now
                got = {chat: _texts(api, chat) for chat in all_chats}
                return Figures(
                    processes,
                    statistics.median(rates),
                    statistics.median(cpu),
                    sum(1 for texts in got.values() if texts != expected),
                    sum(max(0, len(texts) - len(expected)) for texts in got.values()),
                )


async def _main(args: argparse.Namespace) -> None:
    print(
        f"{args.chats} chats x {args.messages} messages, at most {args.concurrency} POSTs in "
        f"flight, median of {args.rounds} rounds, {os.cpu_count()} CPUs shared by the bots, "
        "PostgreSQL, the fake Bot API and this driver",
        flush=True,
    )
    results = []
    for processes in (1, 2):
        figures = await _setup(args, processes)
        results.append(figures)
        print(
            f"{processes} process(es): {figures.rate:.0f} updates/s, "
            f"{figures.cpu_ms:.2f} ms bot CPU per update, chats out of order {figures.broken}, "
            f"answered twice {figures.twice}",
            flush=True,
        )
    one, two = results
    broken = one.broken + two.broken
    order = "order kept" if broken == 0 else f"order broken in {broken} chats"
    print(
        f"two processes: {two.rate / one.rate:.2f}× one process "
        f"({two.rate:.0f}/s vs {one.rate:.0f}/s), {order}, answered twice {one.twice + two.twice}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--chats", type=int, default=100)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--admin-url",
        default=os.environ.get("DESMIGRATIF_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test"),
    )
    args = parser.parse_args()
    if not 1 <= args.messages <= len(SCRIPT):
        parser.error(f"--messages must be between 1 and {len(SCRIPT)}")
    asyncio.run(_main(args))


if __name__ == "__main__":
    main()
