"""Throughput, CPU per message and latency of the whole bot, end to end through the fake Bot API.

For our bot (the installed ``desmigratif run``: one transaction and outbox rows per message, on
SQLite or, with ``--database-url``, PostgreSQL) and, in the same run, for a bare
python-telegram-bot echo bot with PTB's defaults, it measures:
- with no Bot API latency: 50 chats × 20 messages pushed at once (``/start``, then menu taps
  and free questions alternating), until every reply arrived: updates per second and the bot
  process's CPU per update (from /proc), the median of three rounds with fresh chats;
- with 50 ms on every Bot API call: 50 chats × 4 messages pushed at once (updates per second),
  and the reply latency p50/p95 while 50 chats talk at once (each sends its next message when
  the reply to the last one arrived);
- peak RSS of each process.
Every loop is bounded in count and time.

The last line is ``throughput ratio R (bot N/s, echo M/s)`` with no latency; the line before
it ``rtt 50ms throughput ratio R (bot N/s, echo M/s)``.
Usage: python benchmarks/throughput.py [--rounds 3] [--latency-ms 50]
       [--database-url postgresql://postgres@127.0.0.1/bench] [--bot-only]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.bot_process import BotProcess
from tests.support.fake_bot_api import FakeBotApi

CHATS = 50
MESSAGES = 20
LATENCY_MESSAGES = 4
LATENCY_ROUNDS = 10
DEADLINE = 180.0
#: What each chat sends: /start, then menu taps and free questions alternating.
SCRIPT = (
    "/start",
    "ℹ️ Info migrasi aman",
    "gmn caranya kerja ke taiwan",
    "menu",
    "📞 Kontak kantor desa",
    "brp biaya ke hongkong",
    "menu",
    "❓ Bantuan",
    "agen sy minta uang 30jt wajar gak",
    "menu",
    "ℹ️ Info migrasi aman",
    "Sebelum berangkat",
    "syarat jadi pmi apa aja",
    "menu",
    "📞 Kontak kantor desa",
    "paspor hilang gimana",
    "menu",
    "🌐 Bahasa / Language",
    "Bahasa Indonesia",
    "makasih",
)
assert len(SCRIPT) == MESSAGES


@dataclass
class Result:
    """One bot's figures."""

    name: str
    per_second: float
    cpu_ms: float
    rtt_per_second: float
    p50_ms: float
    p95_ms: float
    peak_rss_mb: float


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Chats:
    """Fresh chat ids for every round, so no person is seen twice (a shared database too)."""

    def __init__(self, start: int) -> None:
        self._next = start

    def take(self, n: int) -> range:
        taken = range(self._next, self._next + n)
        self._next += n
        return taken


async def _replies_per_script(api: FakeBotApi, chat: int, messages: int) -> int:
    """Send the script to one chat step by step: how many messages the bot answers with."""
    deadline = time.monotonic() + DEADLINE
    for text in SCRIPT[:messages]:
        before = len(api.sent_messages(chat))
        api.push_text(chat, text)
        while len(api.sent_messages(chat)) <= before:
            if time.monotonic() > deadline:
                raise TimeoutError("calibration timed out")
            await asyncio.sleep(0.005)
        await asyncio.sleep(0.2)  # a reply may be several messages
    return len(api.sent_messages(chat))


async def _burst(api: FakeBotApi, chats: range, messages: int, per_chat: int) -> float:
    """Push every chat's script at once; seconds until every reply arrived."""
    started = time.monotonic()
    for text in SCRIPT[:messages]:
        for chat in chats:
            api.push_text(chat, text)
    deadline = started + DEADLINE
    while not all(len(api.sent_messages(c)) >= per_chat for c in chats):
        if time.monotonic() > deadline:
            raise TimeoutError("replies did not all arrive in time")
        await asyncio.sleep(0.005)
    return time.monotonic() - started


async def _closed_loop(api: FakeBotApi, chats: range) -> list[float]:
    """Each chat sends "menu" when the reply to its last one arrived; reply times in ms."""
    deadline = time.monotonic() + DEADLINE
    samples: list[float] = []

    async def converse(chat: int) -> None:
        for _ in range(LATENCY_ROUNDS):
            before = len(api.sent_messages(chat))
            sent = time.monotonic()
            api.push_text(chat, "menu")
            while len(api.sent_messages(chat)) <= before:
                if time.monotonic() > deadline:
                    raise TimeoutError("latency round timed out")
                await asyncio.sleep(0.002)
            samples.append((time.monotonic() - sent) * 1000)

    await asyncio.gather(*(converse(c) for c in chats))
    return samples


async def _measure(api: FakeBotApi, pid: int, name: str, rounds: int, latency: float) -> Result:
    # chats never seen before, even in a database an earlier run used (update ids restart)
    chats = Chats(100_000 + int(time.time() * 10) % 10_000_000 * 1_000)
    full = await _replies_per_script(api, chats.take(1)[0], MESSAGES)
    short = await _replies_per_script(api, chats.take(1)[0], LATENCY_MESSAGES)
    rates, cpu = [], []
    for _ in range(rounds):
        used = _cpu_seconds(pid)
        seconds = await _burst(api, chats.take(CHATS), MESSAGES, full)
        rates.append(CHATS * MESSAGES / seconds)
        cpu.append((_cpu_seconds(pid) - used) * 1000 / (CHATS * MESSAGES))
    for chat in chats.take(CHATS):  # the closed loop starts from the main menu
        api.push_text(chat, "/start")
    api.latency = latency
    try:
        seconds = await _burst(api, chats.take(CHATS), LATENCY_MESSAGES, short)
        samples = await _closed_loop(api, chats.take(CHATS))
    finally:
        api.latency = 0.0
    quantiles = statistics.quantiles(samples, n=20)
    return Result(
        name,
        statistics.median(rates),
        statistics.median(cpu),
        CHATS * LATENCY_MESSAGES / seconds,
        statistics.median(samples),
        quantiles[18],
        _peak_rss_mb(pid),
    )


DATABASE: dict[str, str] = {}


async def _ours(rounds: int, latency: float) -> Result:
    async with FakeBotApi() as api:
        with tempfile.TemporaryDirectory() as tmp:
            bot = BotProcess(api, Path(tmp), LOG_LEVEL="WARNING", **DATABASE)
            await bot.start()
            assert bot.process is not None
            try:
                return await _measure(api, bot.process.pid, "desmigratif", rounds, latency)
            finally:
                await bot.stop()


async def _echo(rounds: int, latency: float) -> Result:
    async with FakeBotApi() as api:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "benchmarks" / "echo_bot.py"), api.token, api.base_url],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(600):
                if api.poll_calls:
                    break
                await asyncio.sleep(0.05)
            return await _measure(api, process.pid, "ptb echo", rounds, latency)
        finally:
            process.terminate()
            process.wait(timeout=20)


def _print(result: Result, latency_ms: int) -> None:
    print(
        f"{result.name:12s} no latency: {result.per_second:7.1f} updates/s, "
        f"CPU {result.cpu_ms:5.2f} ms/update; {latency_ms} ms latency: "
        f"{result.rtt_per_second:6.1f} updates/s, reply p50 {result.p50_ms:6.1f} ms, "
        f"p95 {result.p95_ms:6.1f} ms; peak RSS {result.peak_rss_mb:5.1f} MB",
        flush=True,
    )


async def main() -> None:
    """Run both bots and print the figures, the no-latency ratio last."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument(
        "--database-url", help="run our bot on this database (default: SQLite file)"
    )
    parser.add_argument("--bot-only", action="store_true", help="measure our bot only (no ratio)")
    args = parser.parse_args()
    latency = args.latency_ms / 1000
    if args.database_url:
        DATABASE["DATABASE_URL"] = args.database_url
    ours = await _ours(args.rounds, latency)
    _print(ours, args.latency_ms)
    if args.bot_only:
        return
    echo = await _echo(args.rounds, latency)
    _print(echo, args.latency_ms)
    print(f"CPU per update: bot/echo {ours.cpu_ms / echo.cpu_ms:.2f}")
    print(
        f"rtt {args.latency_ms}ms throughput ratio {ours.rtt_per_second / echo.rtt_per_second:.2f} "
        f"(bot {ours.rtt_per_second:.0f}/s, echo {echo.rtt_per_second:.0f}/s)"
    )
    print(
        f"throughput ratio {ours.per_second / echo.per_second:.2f} "
        f"(bot {ours.per_second:.0f}/s, echo {echo.per_second:.0f}/s)"
    )


if __name__ == "__main__":
    asyncio.run(main())
