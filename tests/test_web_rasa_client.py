"""Asking Rasa's REST channel, with httpx's MockTransport standing in for Rasa: the request it
gets, the replies kept, and every way of not answering turned into BotUnavailable."""
from __future__ import annotations

import asyncio
import json
import socket
import time

import httpx
import pytest

from bot.web.rasa_client import BotMessage, BotUnavailable, ask_bot
from bot.web.types import Button

BASE = "http://rasa.test:5005"


def ask(handler, message="wat kost een paspoort?", timeout_s=5.0, base_url=BASE):
    return asyncio.run(ask_bot(base_url, "gesprek-1", message, timeout_s=timeout_s,
                               transport=httpx.MockTransport(handler)))


def test_posts_sender_and_message_to_the_rest_webhook_and_keeps_text_and_buttons():
    seen = []

    def rasa(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[
            {"recipient_id": "gesprek-1", "text": "Een paspoort kost € 84,40."},
            {"recipient_id": "gesprek-1", "text": "Wilt u een afspraak?",
             "buttons": [{"title": "Ja", "payload": "/bevestigen"}, {"title": "Nee", "payload": "/ontkennen"}]},
        ])

    replies = ask(rasa, base_url=BASE + "/")
    assert replies == [BotMessage("Een paspoort kost € 84,40."),
                       BotMessage("Wilt u een afspraak?", (Button("Ja", "/bevestigen"), Button("Nee", "/ontkennen")))]
    assert str(seen[0].url) == BASE + "/webhooks/rest/webhook"
    assert seen[0].method == "POST"
    assert json.loads(seen[0].content) == {"sender": "gesprek-1", "message": "wat kost een paspoort?"}


def test_images_and_custom_payloads_are_dropped_and_a_message_of_only_buttons_is_kept():
    def rasa(request):
        return httpx.Response(200, json=[
            {"recipient_id": "gesprek-1", "image": "https://example.org/kaart.png"},
            {"recipient_id": "gesprek-1", "custom": {"kaart": True}},
            {"recipient_id": "gesprek-1", "buttons": [{"title": "Iets anders", "payload": "/out_of_scope"},
                                                      {"title": "zonder payload"}]},
            "geen bericht",
        ])

    assert ask(rasa) == [BotMessage("", (Button("Iets anders", "/out_of_scope"),))]


def _raises(error):
    def rasa(request):
        raise error
    return rasa


@pytest.mark.parametrize("rasa, why", [
    (_raises(httpx.ConnectError("refused")), "could not be reached"),
    (_raises(httpx.ReadTimeout("slow")), "did not answer within"),
    (lambda request: httpx.Response(500, text="Internal Server Error"), "status 500"),
    (lambda request: httpx.Response(404, json={"error": "no channel"}), "status 404"),
    (lambda request: httpx.Response(200, text="<html>proxy</html>"), "not JSON"),
    (lambda request: httpx.Response(200, json={"text": "hallo"}), "not a list"),
    (lambda request: httpx.Response(200, json=[]), "nothing to show"),
    (lambda request: httpx.Response(200, json=[{"custom": {}}, {"text": "   "}]), "nothing to show"),
], ids=["down", "timeout", "500", "404", "html", "object", "silence", "nothing-to-show"])
def test_every_way_of_not_answering_is_bot_unavailable(rasa, why):
    with pytest.raises(BotUnavailable, match=why):
        ask(rasa)


def test_a_slow_rasa_is_given_up_on_after_the_timeout():
    async def slow(request):
        await asyncio.sleep(5)
        return httpx.Response(200, json=[{"text": "te laat"}])

    started = time.monotonic()
    with pytest.raises(BotUnavailable, match="within 0.2 s"):
        ask(slow, timeout_s=0.2)
    assert time.monotonic() - started < 2


def test_a_closed_port_on_this_machine_is_bot_unavailable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again when the block ends: nothing listens
    with pytest.raises(BotUnavailable, match="could not be reached"):
        asyncio.run(ask_bot(f"http://127.0.0.1:{port}", "gesprek-1", "hallo", timeout_s=2.0))
