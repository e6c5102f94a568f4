"""A python-telegram-bot request backend on aiohttp.

PTB's default httpx backend costs about twice the CPU per call on this kind of machine (see
../shared/telegram-notes.md); a village server has little CPU to spare, and aiohttp is already
our web server, so the bot talks to the Bot API through aiohttp too.
"""

from __future__ import annotations

from typing import Any

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData
from telegram.request._requestparameter import RequestParameter

__all__ = ["AiohttpRequest", "BotApi"]

_JSON = {"Content-Type": "application/json"}


class AiohttpRequest(BaseRequest):
    """Sends Bot API calls over one pooled aiohttp session."""

    def __init__(
        self,
        *,
        connection_pool_size: int = 64,
        read_timeout: float = 10.0,
        write_timeout: float = 10.0,
        connect_timeout: float = 5.0,
        media_write_timeout: float = 30.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout (PTB adds the long-poll timeout to it for getUpdates)."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the HTTP session (once)."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}
            )

    async def shutdown(self) -> None:
        """Close the HTTP session."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    @staticmethod
    def _pick(value: Any, default: float) -> float | None:
        return default if isinstance(value, type(BaseRequest.DEFAULT_NONE)) else value

    def _body(self, request_data: RequestData | None) -> aiohttp.FormData | bytes | None:
        """Files as multipart; everything else as one JSON body (cheaper than form encoding)."""
        if request_data is None:
            return None
        files = request_data.multipart_data
        if not files:
            return request_data.json_payload
        form = aiohttp.FormData()
        for name, value in request_data.json_parameters.items():
            form.add_field(name, value)
        for name, part in files.items():
            filename, content, *rest = part
            form.add_field(
                name,
                content,
                filename=filename,
                content_type=rest[0] if rest else "application/octet-stream",
            )
        return form

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Make one HTTP call; timeouts and connection errors become PTB's own errors."""
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        has_files = bool(request_data and request_data.multipart_data)
        write = self._pick(
            write_timeout, self._media_write_timeout if has_files else self._write_timeout
        )
        read = self._pick(read_timeout, self._read_timeout)
        connect = self._pick(connect_timeout, self._connect_timeout)
        total = None if read is None else read + (write or 0.0) + (connect or 0.0)
        timeout = aiohttp.ClientTimeout(total=total, sock_connect=connect, sock_read=read)
        try:
            body = self._body(request_data)
            headers = _JSON if isinstance(body, bytes) else None
            async with self._session.request(
                method, url, data=body, headers=headers, timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as exc:
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {exc}") from exc


class BotApi:
    """Bot API calls through PTB's request layer (its error mapping), without PTB's objects.

    ``Bot.send_message`` builds a ``Message`` from every answer and ``Bot.get_updates`` parses
    a whole batch at once; on the hot path the bot needs only Telegram's JSON ``result`` or
    PTB's error for it.
    """

    def __init__(self, request: BaseRequest, base_url: str) -> None:
        self._request = request
        self._base_url = base_url

    async def call(
        self, method: str, params: dict[str, Any], *, read_timeout: float | None = None
    ) -> Any:
        """POST one method; returns Telegram's ``result`` or raises PTB's error for it."""
        data = RequestData([RequestParameter.from_input(k, v) for k, v in params.items()])
        url = f"{self._base_url}/{method}"
        if read_timeout is None:
            return await self._request.post(url=url, request_data=data)
        return await self._request.post(url=url, request_data=data, read_timeout=read_timeout)
