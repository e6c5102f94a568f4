"""Throughput and latency of the whole bot, end to end through the fake Bot API.

For our bot (the installed ``desmigratif run``: SQLite, one transaction and an outbox row per
message) and, in the same run, for a bare python-telegram-bot echo bot, it measures:
- updates per second: N text updates from 500 chats queued at once, until every reply arrived;
- reply latency p50/p95 with 50 concurrent chats, each sending its next message when it got
  the reply to the last one;
- peak RSS of the bot process.
Both are measured with the Bot API answering at once and with 50 ms injected latency (a real
village server is 50–300 ms from Telegram). Every loop is bounded in count and time.

The last line is ``throughput ratio R (bot N/s, echo M/s)`` for the 50 ms case.
Usage: python benchmarks/throughput.py [--updates 2000] [--latency-ms 50]
       [--database-url postgresql://postgres@127.0.0.1/bench --bot-only]
"""

from __future__ import annotations

import argparse
import asyncio
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

CHATS = 500
LATENCY_CHATS = 50
LATENCY_ROUNDS = 10
DEADLINE = 180.0


@dataclass
class Result:
    """One bot's figures under one latency."""

    name: str
    latency_ms: int
    per_second: float
    p50_ms: float
    p95_ms: float
    peak_rss_mb: float


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _wait_total(
    api: FakeBotApi, chats: range, expected: dict[int, int], deadline: float
) -> None:
    while time.monotonic() < deadline:
        if all(len(api.sent_messages(c)) >= expected[c] for c in chats):
            return
        await asyncio.sleep(0.01)
    raise TimeoutError("replies did not all arrive in time")


async def _measure(
    api: FakeBotApi, pid: int, name: str, updates: int, latency: float, warm: str
) -> Result:
    # other people for each run, so a database shared between runs never sees a chat twice
    first = 100_000 + int(latency * 1000) * 1000
    chats = range(first, first + CHATS)
    deadline = time.monotonic() + DEADLINE
    # warm-up: every chat says hello once (our bot registers the person and greets them)
    for chat in chats:
        api.push_text(chat, warm)
    expected = {c: 1 for c in chats}
    await _wait_total(api, chats, expected, deadline)
    expected = {c: len(api.sent_messages(c)) for c in chats}
    api.latency = latency
    # throughput: everything queued at once
    started = time.monotonic()
    for i in range(updates):
        chat = chats[i % CHATS]
        api.push_text(chat, "menu")
        expected[chat] += 1
    await _wait_total(api, chats, expected, deadline)
    per_second = updates / (time.monotonic() - started)
    # latency: 50 chats in a closed loop
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

    await asyncio.gather(*(converse(c) for c in chats[:LATENCY_CHATS]))
    api.latency = 0.0
    quantiles = statistics.quantiles(samples, n=20)
    return Result(
        name,
        int(latency * 1000),
        per_second,
        statistics.median(samples),
        quantiles[18],
        _peak_rss_mb(pid),
    )


DATABASE: dict[str, str] = {}


async def _ours(updates: int, latency: float) -> Result:
    async with FakeBotApi() as api:
        with tempfile.TemporaryDirectory() as tmp:
            bot = BotProcess(api, Path(tmp), LOG_LEVEL="WARNING", **DATABASE)
            await bot.start()
            assert bot.process is not None
            try:
                # the greeting is two messages; count only the first
                result = await _measure(
                    api, bot.process.pid, "desmigratif", updates, latency, "halo"
                )
            finally:
                await bot.stop()
    return result


async def _echo(updates: int, latency: float) -> Result:
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
            return await _measure(api, process.pid, "ptb echo", updates, latency, "halo")
        finally:
            process.terminate()
            process.wait(timeout=20)


def _print(result: Result) -> None:
    print(
        f"{result.name:12s} latency {result.latency_ms:3d} ms: {result.per_second:7.1f} updates/s, "
        f"reply p50 {result.p50_ms:6.1f} ms, p95 {result.p95_ms:6.1f} ms, "
        f"peak RSS {result.peak_rss_mb:5.1f} MB"
    )


async def main() -> None:
    """Run both bots at both latencies and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument(
        "--database-url", help="run our bot on this database (default: SQLite file)"
    )
    parser.add_argument("--bot-only", action="store_true", help="measure our bot only (no ratio)")
    args = parser.parse_args()
    latency = args.latency_ms / 1000
    if args.database_url:
        DATABASE["DATABASE_URL"] = args.database_url
    if args.bot_only:
        for lat in (0.0, latency):
            _print(await _ours(args.updates, lat))
        return
    results = {}
    for lat in (0.0, latency):
        for name, runner in (("bot", _ours), ("echo", _echo)):
            result = await runner(args.updates, lat)
            _print(result)
            results[(name, lat)] = result
    ours, echo = results[("bot", latency)], results[("echo", latency)]
    fast_ours, fast_echo = results[("bot", 0.0)], results[("echo", 0.0)]
    print(f"no latency: ratio {fast_ours.per_second / fast_echo.per_second:.2f}")
    print(
        f"throughput ratio {ours.per_second / echo.per_second:.2f} "
        f"(bot {ours.per_second:.0f}/s, echo {echo.per_second:.0f}/s)"
    )


if __name__ == "__main__":
    asyncio.run(main())
