"""The resident API's rate limits kept in Redis, so several gateway processes share one count
(the limiter itself is tests/core/test_ratelimit_redis.py). Skips when no Redis runs there."""
from __future__ import annotations

import uuid

import httpx
from starlette.testclient import TestClient

from bot.core.settings import get_settings
from bot.db.migrate import upgrade
from bot.web.app import create_app
from tests.support.ratelimit import REDIS_URL
from tests.support.resident import FakeRasa, send, start


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
