"""Start the real, installed ``desmigratif`` command against the fake Bot API; stop or kill it."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.support.fake_bot_api import FakeBotApi

__all__ = ["BotProcess", "desmigratif_command", "run_cli"]


def desmigratif_command() -> list[str]:
    """The console script installed next to this Python (what a deployer runs)."""
    script = Path(sys.executable).parent / "desmigratif"
    if not script.exists():
        raise RuntimeError(f"{script} missing: install the package (make test does)")
    return [str(script)]


def run_cli(folder: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``desmigratif <args>`` on ``folder``'s SQLite database, as an administrator would."""
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'bot.sqlite3'}", "PATH": "/usr/bin"}
    return subprocess.run(
        [*desmigratif_command(), *args],
        cwd=folder,
        env={**env, "HOME": str(folder)},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


class BotProcess:
    """One bot process with its own working folder and SQLite file."""

    def __init__(self, api: FakeBotApi, workdir: Path, **env: str) -> None:
        self.api = api
        self.workdir = workdir
        self.log_path = workdir / "bot.log"
        self.env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(workdir),
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "TELEGRAM_API_FILE_URL": api.file_base_url,
            "DATABASE_URL": f"sqlite+aiosqlite:///{workdir / 'bot.sqlite3'}",
            "LOG_LEVEL": "INFO",
            "OUTBOX_RESEND_AFTER": "1",
            **env,
        }
        self.process: subprocess.Popen[bytes] | None = None

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a ``desmigratif`` administration command with the same configuration."""
        return subprocess.run(
            [*desmigratif_command(), *args],
            cwd=self.workdir,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    async def start(self, *, wait_for: str = "getUpdates") -> None:
        """Start ``desmigratif run`` and wait until it talks to the Bot API."""
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [*desmigratif_command(), "run"],
                cwd=self.workdir,
                env=self.env,
                stdout=log,
                stderr=log,
            )
        seen = self._count(wait_for)
        for _ in range(300):
            if self._count(wait_for) > seen:
                return
            if self.process.poll() is not None:
                raise AssertionError(f"bot exited with {self.process.returncode}:\n{self.log()}")
            await asyncio.sleep(0.05)
        raise AssertionError(f"bot did not call {wait_for} within 15 s:\n{self.log()}")

    def _count(self, method: str) -> int:
        calls = self.api.poll_calls if method == "getUpdates" else self.api.calls
        return sum(1 for c in calls if c.method == method)

    def log(self) -> str:
        """What the bot wrote to its log."""
        return (
            self.log_path.read_text(encoding="utf-8", errors="replace")
            if self.log_path.exists()
            else ""
        )

    def kill(self) -> None:
        """SIGKILL: no chance to clean up, as in a power cut."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    async def stop(self) -> int:
        """SIGTERM and wait for a clean exit; returns the exit status."""
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else 0
        self.process.send_signal(signal.SIGTERM)
        for _ in range(300):
            if self.process.poll() is not None:
                return self.process.returncode
            await asyncio.sleep(0.05)
        self.process.kill()
        raise AssertionError(f"bot did not stop on SIGTERM:\n{self.log()}")
