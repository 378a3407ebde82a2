"""The push channel's rules: while a person has, or is about to take, a chat, the resident's
window keeps a stream open (server-sent events) and gets each new message and each change of
who answers at once, instead of at its next poll. Polling stays as the fallback.

The stream looks for news every ``CHECK_INTERVAL_S`` (one indexed read of the conversation),
says so only when there is news (the first look always does, so the window knows the stream
works), and ends after ``LIFETIME_S`` or when the chat is closed; the window then opens a new
one if a person is still involved. The web layer only carries the frames.
"""
from __future__ import annotations

import asyncio
import json
import time
from typing import AsyncIterator, Awaitable, Callable, Optional

from bot.conversations.types import Page, Status

CHECK_INTERVAL_S = 0.3
LIFETIME_S = 25.0

Read = Callable[[int], Awaitable[Page]]


async def changes(read: Read, after: int, lifetime_s: Optional[float] = None, interval_s: Optional[float] = None,
                  clock: Callable[[], float] = time.monotonic) -> AsyncIterator[Page]:
    """The messages after ``after``, who answers and the conversation's language, each time
    something changed; ``read(after)`` gives all three (and raises for a conversation that is
    gone, which ends the stream)."""
    deadline = clock() + (LIFETIME_S if lifetime_s is None else lifetime_s)
    interval_s = CHECK_INTERVAL_S if interval_s is None else interval_s
    known = None
    while True:
        page = await read(after)
        if page.messages or (page.status, page.locale) != known:
            yield page
            after = max([after] + [message.seq for message in page.messages])
            known = (page.status, page.locale)
        if page.status is Status.CLOSED or clock() >= deadline:
            return
        await asyncio.sleep(interval_s)


def frame(page: Page) -> str:
    """One server-sent event: the same body as a poll of the messages."""
    body = {"messages": [message.as_json() for message in page.messages], "status": page.status.value,
            "locale": page.locale}
    return "event: messages\ndata: " + json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n\n"
