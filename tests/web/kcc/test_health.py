"""``GET /api/kcc/status``: Rasa and the action server up, down, broken or too slow; only
KCC employees and administrators may ask; the answer is cached for a few seconds."""
from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from bot.web.kcc.health import ServiceStatus

STATUS = "/api/kcc/status"


def run(coroutine):
    """Runs it on a thread of its own: the browser tests' Playwright keeps a loop running on this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def status(gateway, staff, who="kcc"):
    answer = gateway.get(STATUS, headers=staff.headers(who))
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_both_up(gateway, staff):
    found = status(gateway, staff)
    assert (found["rasa"], found["actions"]) == ("up", "up")
    assert found["checked_at"].endswith("+00:00")


@pytest.mark.parametrize("mode", ["down", "error", "slow"])
def test_rasa_down_broken_or_slow_is_down(gateway, staff, fake_rasa, mode):
    fake_rasa.mode = mode
    started = time.monotonic()
    found = status(gateway, staff, who="admin")
    assert (found["rasa"], found["actions"]) == ("down", "up")
    assert time.monotonic() - started < 2.5  # the fake sleeps 3 s when slow; the check gives up first


@pytest.mark.parametrize("mode", ["down", "error", "slow"])
def test_action_server_down_broken_or_slow_is_down(gateway, staff, fake_rasa, mode):
    fake_rasa.actions_mode = mode
    found = status(gateway, staff)
    assert (found["rasa"], found["actions"]) == ("up", "down")


@pytest.mark.parametrize("who", ["content", "agency"])
def test_other_roles_are_refused(gateway, staff, who):
    answer = gateway.get(STATUS, headers=staff.headers(who))
    assert answer.status_code == 403 and answer.json()["error"] == "forbidden"


def test_strangers_are_refused(gateway):
    answer = gateway.get(STATUS)
    assert answer.status_code == 401 and answer.json()["error"] == "unauthenticated"


def test_the_answer_is_cached_for_a_few_seconds_then_checked_again():
    calls = []
    now = [100.0]

    def server(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        return httpx.Response(200 if len(calls) <= 2 else 503)

    checker = ServiceStatus("http://rasa.test:5005", "http://actions.test:5055", cache_s=3.0,
                            transport=httpx.MockTransport(server), clock=lambda: now[0])
    first = run(checker.current())
    now[0] += 2.0
    cached = run(checker.current())
    assert cached == first and (first.rasa, first.actions) == ("up", "up") and len(calls) == 2
    now[0] += 1.5
    fresh = run(checker.current())
    assert (fresh.rasa, fresh.actions) == ("down", "down") and len(calls) == 4


def test_rasa_without_its_http_api_is_asked_at_its_root():
    """Rasa started without --enable-api has no /status, but its root page answers."""
    def server(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404 if request.url.path == "/status" else 200)

    checker = ServiceStatus("http://rasa.test:5005", "http://actions.test:5055", transport=httpx.MockTransport(server))
    found = run(checker.current())
    assert (found.rasa, found.actions) == ("up", "up")


def test_the_status_call_is_in_the_openapi_document(gateway):
    paths = gateway.get("/openapi.json").json()["paths"]
    assert set(paths[STATUS]["get"]["responses"]) >= {"200", "401", "403"}
    assert "get" in paths["/api/staff/me"]


def test_consoles_polling_at_once_share_one_check():
    import asyncio

    import httpx

    from bot.web.kcc.health import ServiceStatus

    asked = []

    async def slow_ok(request):
        asked.append(request.url.path)
        await asyncio.sleep(0.05)
        return httpx.Response(200, json={})

    status = ServiceStatus("http://rasa.test:5005", "http://actions.test:5055", transport=httpx.MockTransport(slow_ok))

    async def five_consoles():
        return await asyncio.gather(*(status.current() for _ in range(5)))

    answers = run(five_consoles())
    assert {a.rasa for a in answers} == {"up"} and len(set(id(a) for a in answers)) == 1
    assert sorted(asked) == ["/health", "/status"]  # one check of each server, not five
