"""A Sanic app (Rasa's channel, the action server) driven in the test's own process: its
start-up through the ASGI lifespan, then requests through httpx's ASGI transport. Sanic warns
on each request that its start-up listeners run "as early as possible" in ASGI mode; the
tests that use this ignore that warning (``ASGI_WARNING``)."""
from __future__ import annotations

import asyncio
import contextlib
from typing import AsyncIterator

import httpx
import pytest

ASGI_WARNING = pytest.mark.filterwarnings("ignore:You have set a listener:UserWarning")


@contextlib.asynccontextmanager
async def sanic_client(app, base_url: str = "http://127.0.0.1") -> AsyncIterator[httpx.AsyncClient]:
    inbox: asyncio.Queue = asyncio.Queue()
    outbox: asyncio.Queue = asyncio.Queue()
    await inbox.put({"type": "lifespan.startup"})
    lifespan = asyncio.ensure_future(app({"type": "lifespan", "asgi": {"version": "3.0"}}, inbox.get, outbox.put))
    started = await outbox.get()
    assert started["type"] == "lifespan.startup.complete", started
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url) as client:
            yield client
    finally:
        await inbox.put({"type": "lifespan.shutdown"})
        await outbox.get()
        # Sanic 21.12 goes on to treat the finished lifespan as a request and fails on the
        # request it does not have; the shutdown itself is complete by then.
        with contextlib.suppress(AttributeError):
            await lifespan
