"""The push channel's rules (bot.conversations.live): news is pushed when there is some, the
first look always answers, and the stream ends when the chat is closed or its time is up."""
from __future__ import annotations

import asyncio
import json
from datetime import datetime, timezone

import pytest

from bot.conversations import live
from bot.conversations.types import Message, Page, Sender, Status


def message(seq, text="Hallo"):
    return Message(seq, Sender.AGENT, text, (), datetime(2026, 12, 6, 12, 0, tzinfo=timezone.utc), agent_name="Anna")


class Conversation:
    """What ``read(after)`` sees, step by step: each look takes the next (messages, status)."""

    def __init__(self, steps):
        self.steps = list(steps)
        self.asked = []

    async def read(self, after):
        self.asked.append(after)
        messages, status, *locale = self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]
        return Page([m for m in messages if m.seq > after], status, locale[0] if locale else "nl")


def collect(conversation, after=0, **options):
    async def run():
        return [item async for item in live.changes(conversation.read, after, interval_s=0, **options)]
    return asyncio.run(run())


def seen(pushed):
    """What the stream pushed, as (messages, status) pairs."""
    return [(page.messages, page.status) for page in pushed]


def test_the_first_look_answers_then_only_news_and_a_closed_chat_ends_the_stream():
    reply = message(5, "Ik help u verder.")
    conversation = Conversation([([], Status.WAITING), ([], Status.WAITING), ([], Status.TAKEN),
                                 ([reply], Status.TAKEN), ([], Status.TAKEN), ([], Status.CLOSED)])
    pushed = collect(conversation, after=4)
    assert seen(pushed) == [([], Status.WAITING), ([], Status.TAKEN), ([reply], Status.TAKEN), ([], Status.CLOSED)]
    assert conversation.asked == [4, 4, 4, 4, 5, 5]  # after a message, only what came after it


def test_the_stream_ends_when_its_time_is_up():
    ticks = iter(range(100))
    conversation = Conversation([([], Status.TAKEN)])
    pushed = collect(conversation, lifetime_s=3, clock=lambda: next(ticks))
    assert seen(pushed) == [([], Status.TAKEN)]
    assert len(conversation.asked) == 3


def test_a_conversation_that_is_gone_ends_the_stream_with_its_error():
    class Gone(Exception):
        pass

    async def read(after):
        raise Gone()

    async def run():
        return [item async for item in live.changes(read, 0, interval_s=0)]
    with pytest.raises(Gone):
        asyncio.run(run())


def test_a_change_of_language_is_pushed_too():
    conversation = Conversation([([], Status.TAKEN, "nl"), ([], Status.TAKEN, "nl"), ([], Status.TAKEN, "en"),
                                 ([], Status.CLOSED, "en")])
    assert [(page.status, page.locale) for page in collect(conversation)] == [
        (Status.TAKEN, "nl"), (Status.TAKEN, "en"), (Status.CLOSED, "en")]


def test_a_frame_is_one_server_sent_event_with_the_polls_body():
    frame = live.frame(Page([message(3)], Status.TAKEN, "en"))
    assert frame.startswith("event: messages\ndata: ") and frame.endswith("\n\n")
    body = json.loads(frame.split("data: ", 1)[1])
    assert body["status"] == "taken" and body["locale"] == "en"
    assert [(m["seq"], m["sender"], m["agent_name"]) for m in body["messages"]] == [(3, "agent", "Anna")]
