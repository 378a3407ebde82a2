"""Rate limits of the resident API, so one client cannot flood the bot, the database or a
KCC employee's screen.

``RateLimiter`` is the interface the gateway uses; ``SlidingWindowLimiter`` keeps its counts
in this process's memory (enough for one gateway process). Several processes would need a
shared store: a Redis-backed class with the same ``acquire`` can replace it in
``ResidentLimits`` without touching the routes.
"""
from __future__ import annotations

import math
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Deque, Dict, Protocol

from starlette.requests import Request

from bot.web.errors import ApiError

if TYPE_CHECKING:
    from bot.settings import Settings

WINDOW_S = 60.0
Clock = Callable[[], float]


class RateLimiter(Protocol):
    def acquire(self, key: str) -> float:
        """Counts one request for ``key`` and returns 0 when it is allowed; else returns the
        seconds until one will be, and counts nothing."""


class SlidingWindowLimiter:
    """At most ``limit`` requests per key in any ``window_s`` seconds (an exact sliding
    window: the times of the allowed requests, oldest first). Thread-safe, because the
    gateway's database work runs in worker threads."""

    def __init__(self, limit: int, window_s: float = WINDOW_S, clock: Clock = time.monotonic):
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._hits: Dict[str, Deque[float]] = {}
        self._lock = threading.Lock()
        self._next_sweep = clock() + window_s

    def acquire(self, key: str) -> float:
        with self._lock:
            now = self._clock()
            self._sweep(now)
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window_s:
                hits.popleft()
            if len(hits) >= self.limit:
                return hits[0] + self.window_s - now
            hits.append(now)
            return 0.0

    def _sweep(self, now: float) -> None:
        """Forgets keys without recent requests now and then, so memory stays bounded."""
        if now < self._next_sweep:
            return
        self._next_sweep = now + self.window_s
        for key in [k for k, hits in self._hits.items() if not hits or hits[-1] <= now - self.window_s]:
            del self._hits[key]


@dataclass(frozen=True)
class ResidentLimits:
    """The two limits of the resident API, and how the client's address is found."""
    per_conversation: RateLimiter
    per_address: RateLimiter
    trust_forwarded_for: bool = False

    @classmethod
    def in_memory(cls, per_conversation: int, per_address: int, trust_forwarded_for: bool = False,
                  clock: Clock = time.monotonic) -> "ResidentLimits":
        return cls(SlidingWindowLimiter(per_conversation, clock=clock), SlidingWindowLimiter(per_address, clock=clock),
                   trust_forwarded_for)

    @classmethod
    def from_settings(cls, settings: "Settings", clock: Clock = time.monotonic) -> "ResidentLimits":
        return cls.in_memory(settings.rate_limit_per_conversation, settings.rate_limit_per_address,
                             settings.trust_forwarded_for, clock)

    def check_address(self, request: Request) -> None:
        _admit(self.per_address, client_address(request, self.trust_forwarded_for),
               "Too many requests from this address; wait a moment. (Te veel verzoeken, wacht even.)")

    def check_conversation(self, conversation_id: str) -> None:
        _admit(self.per_conversation, conversation_id,
               "Too many messages in this conversation; wait a moment. (Te veel berichten, wacht even.)")


def client_address(request: Request, trust_forwarded_for: bool = False) -> str:
    """The connecting address; behind one trusted reverse proxy, the address that proxy saw
    (the last entry of X-Forwarded-For: earlier ones are whatever the client wrote)."""
    if trust_forwarded_for:
        forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.client.host if request.client else "unknown"


def _admit(limiter: RateLimiter, key: str, detail: str) -> None:
    wait = limiter.acquire(key)
    if wait > 0:
        raise rate_limited(wait, detail)


def rate_limited(wait_s: float, detail: str) -> ApiError:
    return ApiError(429, "rate_limited", detail, headers={"Retry-After": str(max(1, math.ceil(wait_s)))})
