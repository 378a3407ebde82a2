"""The in-memory sliding window: it forgets keys without recent requests, and a limit
below one is a mistake. (The resident API's limits are tests/web/test_ratelimit.py.)"""
from __future__ import annotations

import pytest

from bot.core.ratelimit import SlidingWindowLimiter
from tests.support.ratelimit import FakeClock


def test_the_in_memory_limiter_forgets_idle_keys():
    ticks = FakeClock()
    limiter = SlidingWindowLimiter(2, clock=ticks)
    assert [limiter.acquire("a"), limiter.acquire("a")] == [0, 0]
    assert limiter.acquire("a") == pytest.approx(60)
    ticks.now += 61
    assert limiter.acquire("b") == 0
    assert set(limiter._hits) == {"b"}
    with pytest.raises(ValueError):
        SlidingWindowLimiter(0)
