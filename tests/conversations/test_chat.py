"""The resident's side of a conversation without HTTP: the token decides, a resend is stored
once, a closed chat takes no message, and the bot's answer waits for no one who took over.
(The routes are tests/web/resident/test_routes.py.)"""
from __future__ import annotations

import pytest

from bot.conversations import chat, transcript
from bot.conversations.rasa_client import BotMessage
from bot.conversations.types import Sender, Status
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
