"""The resident's side of a conversation without HTTP: the token decides, a resend is stored
once, a closed chat takes no message, and the bot's answer waits for no one who took over.
(The routes are tests/web/resident/test_routes.py.)"""
from __future__ import annotations

import pytest

from bot.conversations import chat, transcript
from bot.conversations.types import BotMessage, Sender, Status
from bot.db.engine import session_factory
from bot.db.migrate import upgrade


@pytest.fixture
def factory(database_url):
    upgrade(database_url)
    return session_factory(database_url)


@pytest.fixture
def conversation(factory):
    with factory.begin() as session:
        conversation_id, token, _language = chat.start(session, "nl")
        return conversation_id, token


def _send(factory, conversation, message, admitted=None):
    conversation_id, token = conversation
    with factory.begin() as session:
        return chat.store_resident_message(session, conversation_id, token, message,
                                           (admitted if admitted is not None else []).append)


@pytest.mark.parametrize("token", [None, "", "wrong"])
def test_a_wrong_or_missing_token_finds_no_conversation(factory, conversation, token):
    with factory.begin() as session, pytest.raises(chat.ConversationNotFound):
        chat.read(session, conversation[0], token, 0)


def test_a_resent_message_is_stored_once_and_answered_with_the_first_answer(factory, conversation):
    admitted = []
    first = _send(factory, conversation, chat.ResidentMessage(text="Hoi", client_id="c1"), admitted)
    assert first == chat.Stored(Status.BOT) and admitted == [conversation[0]]
    with factory.begin() as session:
        chat.store_answer(session, conversation[0], Sender.BOT, [BotMessage("Dag!")])
    again = _send(factory, conversation, chat.ResidentMessage(text="Hoi", client_id="c1"), admitted)
    assert [m.text for m in again.earlier_replies] == ["Dag!"] and len(admitted) == 1
    with factory.begin() as session:
        assert [m.text for m in chat.read(session, *conversation, 0)[0]] == ["Hoi", "Dag!"]


def test_a_closed_conversation_takes_no_message(factory, conversation):
    with factory.begin() as session:
        transcript.change_status(session, conversation[0], Status.CLOSED)
    with pytest.raises(chat.ConversationClosed):
        _send(factory, conversation, chat.ResidentMessage(text="Hallo?"))


def test_the_answer_is_dropped_when_a_person_took_the_chat_meanwhile(factory, conversation):
    _send(factory, conversation, chat.ResidentMessage(text="Hoi"))
    with factory.begin() as session:
        transcript.change_status(session, conversation[0], Status.TAKEN)
        assert chat.store_answer(session, conversation[0], Sender.BOT, [BotMessage("Dag!")]) == []


def test_typed_text_decides_the_language_and_is_stored_with_the_message(factory, conversation):
    english = _send(factory, conversation, chat.ResidentMessage(text="How much does a passport cost?"))
    assert (english.language, english.switched_to) == ("en", None)
    assert _send(factory, conversation, chat.ResidentMessage(text="ok")).language == "en"
    assert _send(factory, conversation, chat.ResidentMessage(payload="/bevestigen")).language == "en"
    with factory.begin() as session:
        assert chat.read(session, *conversation, 0).locale == "en"
    back = _send(factory, conversation, chat.ResidentMessage(text="Nederlands graag"))
    assert (back.language, back.switched_to) == ("nl", "nl")
    with factory.begin() as session:
        assert chat.read(session, *conversation, 0).locale == "nl"


def test_a_button_payload_never_changes_the_language(factory, conversation):
    stored = _send(factory, conversation, chat.ResidentMessage(payload='/informeren{"onderwerp": "the passport please"}'))
    assert (stored.language, stored.switched_to) == ("nl", None)


@pytest.mark.parametrize("asked, chosen", [("en-GB", "en"), ("nl", "nl"), ("de", "nl"), (None, "nl")])
def test_a_conversation_starts_in_a_language_the_assistant_speaks(factory, asked, chosen):
    with factory.begin() as session:
        conversation_id, token, language = chat.start(session, asked)
    assert language == chosen
    with factory.begin() as session:
        assert chat.read(session, conversation_id, token, 0).locale == chosen


def test_the_switch_reply_is_the_content_text_in_the_new_language(tmp_path, monkeypatch):
    import yaml

    from bot.core.settings import get_settings
    from tests.support.english_content import content_dir

    english = {"taal": {"engels": "Fine, English it is. What is your question?"}}
    dutch = content_dir(tmp_path, english)
    monkeypatch.setenv("CONTENT_FILE", str(dutch))
    get_settings.cache_clear()
    try:
        settings = get_settings()
        assert chat.switch_reply(settings, "en") == english["taal"]["engels"]
        assert chat.switch_reply(settings, "nl") == yaml.safe_load(dutch.read_text(encoding="utf-8"))["taal"]["nederlands"]
    finally:
        get_settings.cache_clear()
