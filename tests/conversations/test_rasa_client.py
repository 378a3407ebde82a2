"""Asking Rasa's input channel (the gateway's), with httpx's MockTransport standing in for Rasa:
the request it gets (with the shared secret), the replies kept, every way of not answering
turned into BotUnavailable, and the reserved intents no resident may send."""
from __future__ import annotations

import asyncio
import json
import socket
import time

import httpx
import pytest

from bot.conversations.rasa_client import (
    MAX_ATTACHMENT_CHARS,
    RESERVED_INTENTS,
    BotMessage,
    BotUnavailable,
    ask_bot,
    reserved_intent,
)
from bot.conversations.types import FileAttachment
from bot.core.replies import Button

BASE = "http://rasa.test:5005"


def ask(handler, message="wat kost een paspoort?", timeout_s=5.0, base_url=BASE, secret="het-geheim"):
    return asyncio.run(ask_bot(base_url, "gesprek-1", message, timeout_s=timeout_s,
                               transport=httpx.MockTransport(handler), secret=secret))


def test_posts_sender_and_message_with_the_secret_to_the_gateway_channel_and_keeps_text_and_buttons():
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
    assert str(seen[0].url) == BASE + "/webhooks/gateway/webhook"
    assert seen[0].method == "POST"
    assert seen[0].headers["X-Gateway-Secret"] == "het-geheim"
    assert json.loads(seen[0].content) == {"sender": "gesprek-1", "message": "wat kost een paspoort?"}


@pytest.mark.parametrize("status", [401, 403])
def test_a_refused_secret_is_unavailable_and_says_which_setting(status):
    with pytest.raises(BotUnavailable, match="RASA_CHANNEL_SECRET"):
        ask(lambda request: httpx.Response(status, json={"error": "unauthorized"}))


@pytest.mark.parametrize("message, reserved", [
    ("/restart", "restart"), ("  /restart  ", "restart"), ("/session_start", "session_start"),
    ("/back", "back"), ("/nlu_fallback", "nlu_fallback"), ("/restart{}", "restart"), ("/restart@1.0", "restart"),
    ('/session_start{"bsn": "1"}', "session_start"), ("/ restart", "restart"), ("/RESTART", "RESTART"),
    ("/action_restart", "action_restart"), ("/action_session_start", "action_session_start"),
    ("/utter_greet", "utter_greet"),
    ("/bevestigen", None), ('/informeren{"document": "paspoort"}', None), ("/out_of_scope", None),
    ("/gesprek_verwijderen_bevestigd", None), ("ik wil een restart", None), ("restart", None),
    ("wat kost /restart", None), ("/restarten", None),
])
def test_reserved_intents_are_recognised_as_rasa_reads_a_slash_message(message, reserved):
    assert reserved_intent(message) == reserved


def test_the_reserved_intents_are_rasas_own_except_those_the_domain_declares():
    """Rasa's default intents (restart, back, session_start, ...) are reserved, unless the
    domain declares one as its own (out_of_scope, offered as a button)."""
    import yaml
    from rasa.shared.core.constants import DEFAULT_INTENTS

    from bot.core.settings import PROJECT_ROOT

    declared = set(yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"])
    assert RESERVED_INTENTS == set(DEFAULT_INTENTS) - declared
    assert not any(reserved_intent(f"/{intent}") for intent in declared)


def test_the_intent_of_a_slash_message_is_read_with_rasas_own_pattern():
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
    from rasa.shared.nlu.constants import INTENT_NAME_KEY

    for message in ["/restart", " /restart{}", "/session_start@0.5", "/ back ", "/informeren{\"x\": 1}", "/a{b",
                    "/action_listen@1", "/bevestigen"]:
        rasa = YAMLStoryReader._regex_message_pattern().match(message.strip())
        assert rasa is not None
        intent = rasa.group(INTENT_NAME_KEY).strip()
        reserved = intent.lower() in RESERVED_INTENTS or intent.startswith(("action_", "utter_"))
        assert reserved_intent(message) == (intent if reserved else None)


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


ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


def _calendar(**changes):
    """A file attachment as actions/booking.py sends it, with some fields changed."""
    return {"type": "file", "filename": "afspraak.ics", "mime_type": "text/calendar", "content": ICS, **changes}


def _with_attachment(attachment):
    def rasa(request):
        return httpx.Response(200, json=[{"recipient_id": "gesprek-1", "text": "Uw afspraak is gemaakt."},
                                         {"recipient_id": "gesprek-1", "attachment": attachment}])
    return rasa


def test_a_calendar_file_goes_with_the_text_before_it():
    replies = ask(_with_attachment(_calendar()))
    assert replies == [BotMessage("Uw afspraak is gemaakt.", (), FileAttachment("afspraak.ics", "text/calendar", ICS))]


def test_a_calendar_file_without_a_text_before_it_is_its_own_message():
    def rasa(request):
        return httpx.Response(200, json=[{"recipient_id": "gesprek-1", "attachment": _calendar()}])
    assert ask(rasa) == [BotMessage("", (), FileAttachment("afspraak.ics", "text/calendar", ICS))]


def test_a_confirmation_is_one_message_with_its_buttons_kind_and_file():
    """One utter_message with text, buttons, a custom kind and a file, as Rasa's REST channel splits it."""
    buttons = [{"title": "Afspraak verzetten", "payload": "/afspraak_wijzigen"}]

    def rasa(request):
        return httpx.Response(200, json=[{"recipient_id": "g", "text": "Uw afspraak is gemaakt.", "buttons": buttons},
                                         {"recipient_id": "g", "custom": {"kind": "confirmation"}},
                                         {"recipient_id": "g", "attachment": _calendar()},
                                         {"recipient_id": "g", "text": "Heeft u nog een vraag?"}])
    assert ask(rasa) == [BotMessage("Uw afspraak is gemaakt.", (Button("Afspraak verzetten", "/afspraak_wijzigen"),),
                                    FileAttachment("afspraak.ics", "text/calendar", ICS), "confirmation"),
                         BotMessage("Heeft u nog een vraag?")]


@pytest.mark.parametrize("custom", [{"kind": "whatever"}, {"kind": ["question"]}, "question", {"blocks": []}])
def test_an_unknown_kind_or_other_custom_payload_is_dropped(custom):
    def rasa(request):
        return httpx.Response(200, json=[{"recipient_id": "g", "text": "Wat is uw naam?"},
                                         {"recipient_id": "g", "custom": custom}])
    assert ask(rasa) == [BotMessage("Wat is uw naam?")]


def test_a_question_kind_marks_the_text_before_it():
    def rasa(request):
        return httpx.Response(200, json=[{"recipient_id": "g", "text": "Dat lijkt geen naam."},
                                         {"recipient_id": "g", "text": "Wat is uw naam?"},
                                         {"recipient_id": "g", "custom": {"kind": "question"}}])
    assert ask(rasa) == [BotMessage("Dat lijkt geen naam."), BotMessage("Wat is uw naam?", kind="question")]


def test_a_calendar_file_of_exactly_the_limit_is_kept():
    content = "X" * MAX_ATTACHMENT_CHARS
    [kept] = ask(_with_attachment(_calendar(content=content)))
    assert kept.attachment.content == content


DROPPED_ATTACHMENTS = {
    "too big": _calendar(content="X" * (MAX_ATTACHMENT_CHARS + 1)),
    "an html file": _calendar(filename="afspraak.html", mime_type="text/html", content="<script>alert(1)</script>"),
    "an executable type": _calendar(mime_type="application/octet-stream"),
    "no type": _calendar(mime_type=None),
    "a path as name": _calendar(filename="../../etc/afspraak.ics"),
    "a quote in the name": _calendar(filename='afspraak".ics'),
    "a hidden file": _calendar(filename=".afspraak.ics"),
    "a header break in the name": _calendar(filename="afspraak\r\nX-Evil: 1.ics"),
    "no extension": _calendar(filename="afspraak"),
    "a name that is too long": _calendar(filename="a" * 200 + ".ics"),
    "a number as name": _calendar(filename=7),
    "empty content": _calendar(content=""),
    "bytes-like content": _calendar(content=[66, 69]),
    "NUL in content": _calendar(content="BEGIN\x00"),
    "an image": {"type": "image", "url": "https://example.org/kaart.png"},
    "a plain string": "afspraak.ics",
}


@pytest.mark.parametrize("attachment", DROPPED_ATTACHMENTS.values(), ids=DROPPED_ATTACHMENTS.keys())
def test_any_other_attachment_is_dropped_and_logged(attachment, caplog):
    caplog.set_level("INFO", logger="bot.conversations.rasa_client")
    assert ask(_with_attachment(attachment)) == [BotMessage("Uw afspraak is gemaakt.")]
    assert "dropped a bot" in caplog.text
    assert "<script>" not in caplog.text and "X" * 100 not in caplog.text  # never the content


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
