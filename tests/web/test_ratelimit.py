"""Rate limits of the resident API: per conversation (20 messages a minute by default) and
per client address (60 new conversations and messages a minute). A refused message is a 429
with Retry-After and is not stored. The clock is injected; nothing sleeps."""
from __future__ import annotations

import httpx
import pytest
from starlette.testclient import TestClient

from bot.core.settings import get_settings
from bot.db.migrate import upgrade
from bot.web.app import create_app
from bot.web.ratelimit import ResidentLimits
from tests.support.ratelimit import FakeClock
from tests.support.resident import FakeRasa, send, start, stored

RATE_SETTINGS = ("RATE_LIMIT_PER_CONVERSATION", "RATE_LIMIT_PER_ADDRESS", "TRUST_FORWARDED_FOR", "REDIS_URL")


@pytest.fixture
def ticks():
    return FakeClock()


@pytest.fixture
def app_factory(tmp_path, monkeypatch, ticks):
    """Makes the gateway with the settings given (the defaults otherwise) and the fake clock."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'gateway.db'}")
    monkeypatch.setenv("RASA_URL", "http://rasa.test:5005")
    for name in RATE_SETTINGS:
        monkeypatch.delenv(name, raising=False)

    def make(**env):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        settings = get_settings()
        upgrade(settings.database_url)
        return create_app(settings, httpx.MockTransport(FakeRasa()), ResidentLimits.from_settings(settings, ticks))

    yield make
    get_settings.cache_clear()


def client(app, address="192.0.2.1", **options):
    return TestClient(app, client=(address, 40000), **options)


def test_the_21st_message_in_a_minute_is_refused_and_not_stored(app_factory, ticks):
    api = client(app_factory())
    conversation_id, headers = start(api)
    for number in range(20):
        ticks.now += 1
        assert send(api, conversation_id, headers, {"text": f"vraag {number}"}).status_code == 200
    refused = send(api, conversation_id, headers, {"text": "nog een"})
    assert refused.status_code == 429
    assert refused.json()["error"] == "rate_limited" and refused.json()["detail"]
    assert refused.headers["Retry-After"] == "41"  # the first message leaves the window after 41 s
    assert len(stored(conversation_id)) == 60 and "nog een" not in [m.text for m in stored(conversation_id)]


def test_another_conversation_is_not_affected(app_factory):
    api = client(app_factory())
    busy, busy_headers = start(api)
    quiet, quiet_headers = start(api)
    for _ in range(20):
        send(api, busy, busy_headers, {"text": "hallo"})
    assert send(api, busy, busy_headers, {"text": "hallo"}).status_code == 429
    assert send(api, quiet, quiet_headers, {"text": "hallo"}).status_code == 200


def test_the_window_moves_on(app_factory, ticks):
    api = client(app_factory())
    conversation_id, headers = start(api)
    for _ in range(10):
        send(api, conversation_id, headers, {"text": "eerste helft"})
    ticks.now += 30
    for _ in range(10):
        send(api, conversation_id, headers, {"text": "tweede helft"})
    assert send(api, conversation_id, headers, {"text": "te veel"}).status_code == 429
    ticks.now += 30  # the first ten are a minute old now: ten places free, not more
    assert [send(api, conversation_id, headers, {"text": "weer"}).status_code for _ in range(11)] == [200] * 10 + [429]
    ticks.now += 60
    assert send(api, conversation_id, headers, {"text": "weer"}).status_code == 200


def test_a_strangers_wrong_token_does_not_use_up_the_conversations_limit(app_factory):
    app = app_factory()
    resident = client(app)
    conversation_id, headers = start(resident)
    stranger = client(app, "198.51.100.7")
    for _ in range(30):
        assert send(stranger, conversation_id, {"Authorization": "Bearer guess"}, {"text": "x"}).status_code == 404
    assert send(resident, conversation_id, headers, {"text": "hallo"}).status_code == 200


def test_the_limit_per_address_counts_new_conversations_and_messages(app_factory, ticks):
    app = app_factory(RATE_LIMIT_PER_ADDRESS="5")
    api = client(app)
    conversation_id, headers = start(api)
    other_id, other_headers = start(api)
    assert send(api, conversation_id, headers, {"text": "een"}).status_code == 200
    assert send(api, other_id, other_headers, {"text": "twee"}).status_code == 200
    assert api.get(f"/api/conversations/{conversation_id}/messages", headers=headers).status_code == 200  # polling is free
    assert send(api, conversation_id, headers, {"text": "drie"}).status_code == 200
    refused = api.post("/api/conversations", json={})
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "60"
    assert send(api, other_id, other_headers, {"text": "vier"}).status_code == 429
    assert len(stored(other_id)) == 3

    neighbour = client(app, "192.0.2.2")
    assert neighbour.post("/api/conversations", json={}).status_code == 201
    ticks.now += 60
    assert api.post("/api/conversations", json={}).status_code == 201


def test_x_forwarded_for_is_ignored_unless_a_setting_trusts_it(app_factory):
    api = client(app_factory(RATE_LIMIT_PER_ADDRESS="2"))
    for spoofed in ("203.0.113.1", "203.0.113.2"):
        assert api.post("/api/conversations", json={}, headers={"X-Forwarded-For": spoofed}).status_code == 201
    assert api.post("/api/conversations", json={}, headers={"X-Forwarded-For": "203.0.113.3"}).status_code == 429


def test_behind_a_trusted_proxy_the_address_the_proxy_saw_counts(app_factory):
    proxy = client(app_factory(RATE_LIMIT_PER_ADDRESS="2", TRUST_FORWARDED_FOR="true"), "10.0.0.1")
    resident = {"X-Forwarded-For": "made-up, 203.0.113.1"}
    assert [proxy.post("/api/conversations", json={}, headers=resident).status_code for _ in range(3)] == [201, 201, 429]
    assert proxy.post("/api/conversations", json={}, headers={"X-Forwarded-For": "203.0.113.2"}).status_code == 201


def test_the_limits_come_from_the_settings(app_factory):
    app_factory()
    settings = get_settings()
    assert (settings.rate_limit_per_conversation, settings.rate_limit_per_address, settings.trust_forwarded_for) == (
        20, 60, False)
