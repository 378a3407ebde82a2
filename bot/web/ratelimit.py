"""Rate limits of the resident API, so one client cannot flood the bot, the database or a
KCC employee's screen: one per client address, one per conversation (the limiters are
bot/core/ratelimit.py; with ``REDIS_URL`` set their counts live in Redis, so several gateway
processes share one count).
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

from starlette.requests import Request

from bot.core.ratelimit import Clock, RateLimiter, RedisSlidingWindowLimiter, SlidingWindowLimiter
from bot.core.settings import Settings
from bot.web.errors import ApiError


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
    def in_redis(cls, redis_url: str, per_conversation: int, per_address: int,
                 trust_forwarded_for: bool = False) -> "ResidentLimits":
        import redis  # only with REDIS_URL: a gateway without Redis never needs the library

        client = redis.Redis.from_url(redis_url, socket_timeout=0.5, socket_connect_timeout=0.5)
        return cls(RedisSlidingWindowLimiter(client, per_conversation, "gemeente:ratelimit:conversation"),
                   RedisSlidingWindowLimiter(client, per_address, "gemeente:ratelimit:address"),
                   trust_forwarded_for)

    @classmethod
    def from_settings(cls, settings: Settings, clock: Clock = time.monotonic) -> "ResidentLimits":
        if settings.redis_url:
            return cls.in_redis(settings.redis_url, settings.rate_limit_per_conversation,
                                settings.rate_limit_per_address, settings.trust_forwarded_for)
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
