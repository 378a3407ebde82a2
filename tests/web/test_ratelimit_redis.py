"""The rate limits kept in Redis, so several gateway processes share one count. Runs against
the Redis on 127.0.0.1:6379 (REDIS_TEST_URL to change), and skips with the reason when none
is running there."""
from __future__ import annotations

import os
import uuid

import httpx
import pytest
from starlette.testclient import TestClient

from bot.db.migrate import upgrade
from bot.core.settings import get_settings
from bot.web.app import create_app
from bot.web.ratelimit import RedisSlidingWindowLimiter, ResidentLimits
from tests.support.resident import FakeRasa, send, start

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_client():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as problem:
        pytest.skip(f"no Redis at {REDIS_URL} ({problem}); start one to test the shared rate limits")
    prefix = f"test:{uuid.uuid4().hex}"
    yield client, prefix
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


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


def test_two_gateways_with_redis_url_share_the_address_limit(redis_client, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'gateway.db'}")
    monkeypatch.setenv("RASA_URL", "http://rasa.test:5005")
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    monkeypatch.setenv("RATE_LIMIT_PER_ADDRESS", "3")
    get_settings.cache_clear()
    settings = get_settings()
    upgrade(settings.database_url)
    address = f"198.51.100.{uuid.uuid4().int % 250 + 1}-{uuid.uuid4().hex[:6]}"  # a key no other test uses
    try:
        gateways = [TestClient(create_app(settings, httpx.MockTransport(FakeRasa())), client=(address, 1))
                    for _ in range(2)]
        conversation_id, headers = start(gateways[0])
        assert send(gateways[1], conversation_id, headers, {"text": "hallo"}).status_code == 200
        assert send(gateways[0], conversation_id, headers, {"text": "nog iets"}).status_code == 200
        refused = send(gateways[1], conversation_id, headers, {"text": "en nog iets"})
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    finally:
        client, _ = redis_client
        client.delete(f"gemeente:ratelimit:address:{address}")
        get_settings.cache_clear()
