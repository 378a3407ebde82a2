"""The notices of a takeover (content section overname) are in the conversation's language: an
English conversation is told in English who answers now and that the assistant is back; a
Dutch one in Dutch."""
from __future__ import annotations

import pytest

from tests.support.english_content import content_dir
from tests.support.resident import poll, send, start
from tests.web.kcc.test_handovers import RELEASED_NOTICE, release, take

ENGLISH = {"overname": {"overgenomen": "You are now talking to {medewerker.naam} of the municipality.",
                        "terug_naar_assistent": "The digital assistant is helping you again."}}


@pytest.fixture
def english_content(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTENT_FILE", str(content_dir(tmp_path / "content", ENGLISH)))


@pytest.fixture
def gateway(english_content, gateway):
    """The gateway of tests/web/conftest.py, reading a content directory with ENGLISH beside the Dutch."""
    return gateway


def test_an_english_conversation_gets_the_takeover_notices_in_english(gateway, staff):
    conversation_id, resident = start(gateway)
    send(gateway, conversation_id, resident, {"text": "I want to talk to a person please"})
    [taken] = take(gateway, staff, conversation_id).json()["messages"]
    assert taken["text"] == "You are now talking to Kcc of the municipality."
    [back] = release(gateway, staff, conversation_id).json()["messages"]
    assert back["text"] == ENGLISH["overname"]["terug_naar_assistent"]
    assert poll(gateway, conversation_id, resident).json()["locale"] == "en"


def test_a_dutch_conversation_gets_them_in_dutch(gateway, staff):
    conversation_id, resident = start(gateway)
    send(gateway, conversation_id, resident, {"text": "ik wil een mens spreken"})
    [taken] = take(gateway, staff, conversation_id).json()["messages"]
    assert taken["text"] == "U praat nu met Kcc van de gemeente."
    assert [m["text"] for m in release(gateway, staff, conversation_id).json()["messages"]] == [RELEASED_NOTICE]
