"""The rate limits kept in Redis, so several processes share one count. Runs against the Redis
on 127.0.0.1:6379 (REDIS_TEST_URL to change), and skips with the reason when none is running
there."""
from __future__ import annotations

from bot.core.ratelimit import RedisSlidingWindowLimiter


def test_two_processes_share_one_count(redis_client):
    client, prefix = redis_client
    first = RedisSlidingWindowLimiter(client, 3, prefix)
    second = RedisSlidingWindowLimiter(client, 3, prefix)  # as in another gateway process
    assert [first.acquire("gesprek"), second.acquire("gesprek"), first.acquire("gesprek")] == [0, 0, 0]
    wait = second.acquire("gesprek")
    assert 59 < wait <= 60
    assert first.acquire("ander-gesprek") == 0  # each key counts on its own


def test_a_refused_request_is_not_counted(redis_client):
    client, prefix = redis_client
    limiter = RedisSlidingWindowLimiter(client, 1, prefix)
    assert limiter.acquire("k") == 0
    for _ in range(5):
        assert limiter.acquire("k") > 0
    assert client.zcard(f"{prefix}:k") == 1


def test_the_window_slides(redis_client):
    client, prefix = redis_client
    limiter = RedisSlidingWindowLimiter(client, 2, prefix, window_s=0.3)
    assert limiter.acquire("k") == 0 and limiter.acquire("k") == 0
    assert limiter.acquire("k") > 0
    import time
    time.sleep(0.35)
    assert limiter.acquire("k") == 0


def test_a_redis_that_is_gone_lets_residents_through_and_is_left_alone_a_while():
    import redis

    gone = redis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2, socket_timeout=0.2)
    now = [100.0]
    limiter = RedisSlidingWindowLimiter(gone, 1, "test:gone", clock=lambda: now[0])
    tries = []
    real = limiter._acquire
    limiter._acquire = lambda **kwargs: tries.append(1) or real(**kwargs)
    assert [limiter.acquire("k") for _ in range(3)] == [0, 0, 0]
    assert len(tries) == 1  # after the fault, no time-out per message
    now[0] += RedisSlidingWindowLimiter.PAUSE_AFTER_FAULT_S + 0.1
    assert limiter.acquire("k") == 0 and len(tries) == 2  # then Redis is tried again
