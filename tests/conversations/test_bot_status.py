"""Checking Rasa and the action server: the answer is cached for a few seconds, Rasa without
its HTTP API is asked at its root, and consoles polling at once share one check."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import httpx

from bot.conversations.bot_status import ServiceStatus


def run(coroutine):
    """Runs it on a thread of its own: the browser tests' Playwright keeps a loop running on this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


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


def test_consoles_polling_at_once_share_one_check():
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
