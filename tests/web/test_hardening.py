"""Every gateway response carries nosniff, every API response Cache-Control: no-store (also an
error, also an unexpected one); HSTS only over HTTPS, trusting X-Forwarded-Proto only when
configured; and a body that does not arrive in time is a 408 with nothing stored."""
from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from bot.conversations import chat
from bot.core.settings import get_settings
from bot.db.engine import session_factory
from bot.db.migrate import upgrade
from bot.db.models import ConversationRow
from bot.web.app import create_app
from tests.support.resident import FakeRasa, poll, send, start


@pytest.fixture
def gateway(tmp_path, monkeypatch):
    def make(base_url="http://testserver", **env):
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'gateway.db'}")
        monkeypatch.setenv("RASA_URL", "http://rasa.test:5005")
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        upgrade(get_settings().database_url)
        return TestClient(create_app(rasa_transport=httpx.MockTransport(FakeRasa())), base_url=base_url,
                          raise_server_exceptions=False)

    yield make
    get_settings.cache_clear()


def _api_answers(client):
    conversation_id, headers = start(client)
    return {
        "new conversation": client.post("/api/conversations", json={}),
        "message": send(client, conversation_id, headers, {"text": "wat kost een paspoort?"}),
        "poll": poll(client, conversation_id, headers),
        "wrong token": poll(client, conversation_id, {"Authorization": "Bearer fout"}),
        "bad body": send(client, conversation_id, headers, {"tekst": "hallo"}),
        "staff, not logged in": client.get("/api/kcc/handovers"),
        "unknown path": client.get("/api/bestaat-niet"),
        "wrong method": client.put("/api/conversations"),
        "document": client.get("/openapi.json"),
    }


def test_every_api_response_is_no_store_and_nosniff(gateway):
    with gateway() as client:
        answers = _api_answers(client)
    assert {name: a.status_code for name, a in answers.items()} == {
        "new conversation": 201, "message": 200, "poll": 200, "wrong token": 404, "bad body": 400,
        "staff, not logged in": 401, "unknown path": 404, "wrong method": 405, "document": 200}
    for name, answer in answers.items():
        assert answer.headers.get("cache-control") == "no-store", name
        assert answer.headers.get("x-content-type-options") == "nosniff", name


def test_an_unexpected_error_is_no_store_too(gateway, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("kapot")

    with gateway() as client:
        conversation_id, headers = start(client)
        monkeypatch.setattr(chat, "read", broken)
        answer = poll(client, conversation_id, headers)
    assert answer.status_code == 500
    assert answer.headers.get("cache-control") == "no-store" and answer.headers.get("x-content-type-options") == "nosniff"


def test_pages_keep_their_own_caching_and_public_files_may_be_cached(gateway):
    with gateway() as client:
        page, script = client.get("/kcc"), client.get("/static/widget/main.js")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-cache"
    assert script.status_code == 200 and "no-store" not in script.headers.get("cache-control", "")
    assert page.headers["x-content-type-options"] == script.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("base_url, trust, forwarded, hsts", [
    ("https://testserver", "false", None, True),
    ("http://testserver", "false", None, False),
    ("http://testserver", "false", "https", False),  # anyone can write the header: not trusted unless configured
    ("http://testserver", "true", "https", True),
    ("http://testserver", "true", "http", False),
    ("http://testserver", "true", "https, http", False),  # the last value is the one the proxy set
    ("http://testserver", "true", None, False),
])
def test_hsts_only_over_https(gateway, base_url, trust, forwarded, hsts):
    headers = {"X-Forwarded-Proto": forwarded} if forwarded else {}
    with gateway(base_url, TRUST_FORWARDED_PROTO=trust) as client:
        answers = [client.get("/openapi.json", headers=headers), client.get("/", headers=headers),
                   client.post("/api/conversations", json={}, headers=headers)]
    for answer in answers:
        assert ("strict-transport-security" in answer.headers) is hsts
        if hsts:
            assert answer.headers["strict-transport-security"] == "max-age=31536000"


def _count_conversations():
    with session_factory(get_settings().database_url)() as session:
        return session.execute(select(func.count()).select_from(ConversationRow)).scalar_one()


def test_a_body_that_does_not_arrive_in_time_is_a_408_and_nothing_is_stored(gateway):
    """The client declares 100 bytes and sends 1; the gateway gives up after READ_TIMEOUT_S."""
    with gateway(READ_TIMEOUT_S="0.5"):
        pass
    app = create_app(rasa_transport=httpx.MockTransport(FakeRasa()))
    sent = []

    async def receive():
        if not sent:
            sent.append("chunk")
            return {"type": "http.request", "body": b"{", "more_body": True}
        await asyncio.sleep(3600)  # the rest never comes

    async def remember(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/api/conversations", "raw_path": b"/api/conversations", "query_string": b"", "root_path": "",
             "headers": [(b"host", b"testserver"), (b"content-type", b"application/json"), (b"content-length", b"100")],
             "client": ("127.0.0.1", 5000), "server": ("testserver", 80)}
    began = time.monotonic()
    asyncio.run(asyncio.wait_for(app(scope, receive, remember), 5))
    took = time.monotonic() - began
    head = next(m for m in sent if isinstance(m, dict) and m["type"] == "http.response.start")
    headers = {k.decode().lower(): v.decode() for k, v in head["headers"]}
    assert head["status"] == 408 and headers["connection"] == "close" and headers["cache-control"] == "no-store"
    assert 0.4 < took < 2.5
    assert _count_conversations() == 0
