"""Sliding-window rate limiters: ``SlidingWindowLimiter`` keeps its counts in this process's
memory (enough for one process); ``RedisSlidingWindowLimiter`` keeps them in Redis, so several
processes share one count."""
from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import deque
from typing import Callable, Deque, Dict, Protocol

log = logging.getLogger(__name__)
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


# One atomic step in Redis: forget hits older than the window, then admit and record this one,
# or say how long until the oldest hit leaves the window. Redis's own clock, so every gateway
# process measures the same window.
_ACQUIRE_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return tonumber(oldest[2]) + window - now
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return 0
"""


class RedisSlidingWindowLimiter:
    """The same exact sliding window, kept in Redis (a sorted set of hit times per key).

    When Redis cannot be reached the request is let through and the fault logged: a resident's
    question matters more than a limit that protects against floods. After a fault Redis is
    left alone for ``PAUSE_AFTER_FAULT_S``, so a Redis that is gone does not add its time-out
    to every message (the check runs while the message's transaction is open)."""

    PAUSE_AFTER_FAULT_S = 5.0

    def __init__(self, client, limit: int, prefix: str, window_s: float = WINDOW_S, clock: Clock = time.monotonic):
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self.window_ms = int(window_s * 1000)
        self.prefix = prefix
        self._acquire = client.register_script(_ACQUIRE_SCRIPT)
        self._clock = clock
        self._paused_until = 0.0

    def acquire(self, key: str) -> float:
        if self._clock() < self._paused_until:
            return 0.0
        try:
            wait_ms = self._acquire(keys=[f"{self.prefix}:{key}"],
                                    args=[self.window_ms, self.limit, uuid.uuid4().hex])
        except Exception as problem:  # noqa: BLE001 - any Redis fault: admit, and say so
            self._paused_until = self._clock() + self.PAUSE_AFTER_FAULT_S
            log.warning("rate limit not checked, Redis did not answer (next try in %g s): %s",
                        self.PAUSE_AFTER_FAULT_S, problem)
            return 0.0
        return max(0.0, int(wait_ms) / 1000)
