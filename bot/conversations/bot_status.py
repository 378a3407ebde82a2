"""Whether the bot can answer: asks Rasa and the action server, each with a short deadline, so
a hanging server is reported as down instead of holding the caller up. The answer is kept for
a few seconds, so many open KCC consoles cost the servers one check per few seconds.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional

import httpx

from bot.core.clock import iso_utc, utcnow
from bot.core.settings import Settings

UP, DOWN = "up", "down"
CHECK_TIMEOUT_S = 2.0
CACHE_S = 3.0
# Rasa answers /status only with --enable-api (as `make run` starts it); without, its root page says hello.
_RASA_PATHS = ("/status", "/")
_NOT_THERE = (401, 403, 404, 405)


@dataclass(frozen=True)
class BotStatus:
    rasa: str
    actions: str
    checked_at: str

    def as_json(self) -> Dict[str, str]:
        return {"rasa": self.rasa, "actions": self.actions, "checked_at": self.checked_at}


class ServiceStatus:
    """Checks Rasa and the action server; ``transport`` replaces the network in tests and
    ``clock`` the monotonic clock of the cache."""

    def __init__(self, rasa_url: str, actions_url: str, timeout_s: float = CHECK_TIMEOUT_S, cache_s: float = CACHE_S,
                 transport: Optional[httpx.AsyncBaseTransport] = None,
                 clock: Callable[[], float] = time.monotonic):
        self.rasa_url = rasa_url.rstrip("/")
        self.actions_url = actions_url.rstrip("/")
        self.timeout_s = timeout_s
        self.cache_s = cache_s
        self.transport = transport
        self.clock = clock
        self._cached: Optional[BotStatus] = None
        self._cached_at = 0.0
        self._lock_loop: Optional[asyncio.AbstractEventLoop] = None
        self._check_lock: Optional[asyncio.Lock] = None

    @classmethod
    def from_settings(cls, settings: Settings, transport: Optional[httpx.AsyncBaseTransport] = None) -> "ServiceStatus":
        return cls(settings.rasa_url, settings.actions_url,
                   timeout_s=min(CHECK_TIMEOUT_S, settings.rasa_timeout_s), transport=transport)

    async def current(self) -> BotStatus:
        """The last answer if it is fresh, else a new check of both servers at once."""
        cached = self._fresh()
        if cached is not None:
            return cached
        async with self._lock():  # consoles polling at once share one check
            cached = self._fresh()
            if cached is not None:
                return cached
            async with httpx.AsyncClient(transport=self.transport, timeout=httpx.Timeout(self.timeout_s)) as client:
                rasa, actions = await asyncio.gather(
                    self._first_answer(client, [self.rasa_url + path for path in _RASA_PATHS]),
                    self._first_answer(client, [self.actions_url + "/health"]))
            self._cached = BotStatus(rasa=rasa, actions=actions, checked_at=iso_utc(utcnow()))
            self._cached_at = self.clock()
            return self._cached

    def _fresh(self) -> Optional[BotStatus]:
        """The last answer while it is fresh, else None."""
        if self._cached is not None and self.clock() - self._cached_at < self.cache_s:
            return self._cached
        return None

    def _lock(self) -> asyncio.Lock:
        """One lock per event loop (an asyncio lock cannot be shared between loops)."""
        loop = asyncio.get_running_loop()
        lock = self._check_lock
        if self._lock_loop is not loop or lock is None:  # both are set together, so None only before the first
            lock = asyncio.Lock()
            self._lock_loop, self._check_lock = loop, lock
        return lock

    async def _first_answer(self, client: httpx.AsyncClient, urls: List[str]) -> str:
        """Up when the first address that exists answers 200 within the deadline."""
        for url in urls:
            status = await self._status_code(client, url)
            if status not in _NOT_THERE:
                return UP if status == 200 else DOWN
        return DOWN

    async def _status_code(self, client: httpx.AsyncClient, url: str) -> Optional[int]:
        try:
            response = await asyncio.wait_for(client.get(url), timeout=self.timeout_s)
        except Exception:  # noqa: BLE001 - no connection, too slow, a broken answer: all mean down
            return None
        return response.status_code
