"""The transcript repository on a migrated database, SQLite and PostgreSQL alike: tokens kept
only as hashes, messages numbered 1, 2, 3 per conversation even when written at once."""
from __future__ import annotations

import threading
import uuid

import pytest
from alembic import command
from sqlalchemy import delete, inspect, select
from sqlalchemy.exc import IntegrityError

from bot.conversations import transcript
from bot.conversations.types import BotMessage, Sender, Status
from bot.core.replies import QUESTION, Button
from bot.db.engine import engine_for, session_factory
from bot.db.migrate import alembic_config, upgrade
from bot.db.models import ConversationMessageRow, ConversationRow


@pytest.fixture
def factory(database_url):
    upgrade(database_url)
    return session_factory(database_url)


@pytest.fixture
def conversation(factory):
    with factory.begin() as session:
        return transcript.create_conversation(session, "nl")


def test_the_migration_creates_both_tables_and_can_be_undone(database_url):
    upgrade(database_url)
    tables = set(inspect(engine_for(database_url)).get_table_names())
    assert {"conversations", "conversation_messages"} <= tables
    command.downgrade(alembic_config(database_url), "0001")
    assert "conversations" not in inspect(engine_for(database_url)).get_table_names()
    upgrade(database_url)
    assert "conversation_messages" in inspect(engine_for(database_url)).get_table_names()


def test_a_new_conversation_keeps_only_a_hash_of_its_token(factory, conversation):
    conversation_id, token = conversation
    assert str(uuid.UUID(conversation_id)) == conversation_id
    assert len(token) >= 43
    with factory.begin() as session:
        row = session.get(ConversationRow, conversation_id)
        assert row.token_hash == transcript.hash_token(token) and token not in row.token_hash
        assert (row.status, row.locale) == ("bot", "nl")
        assert row.created_at == row.last_activity_at and row.created_at.tzinfo is None


def test_only_the_conversations_own_token_lets_one_in(factory, conversation):
    conversation_id, token = conversation
    with factory.begin() as session:
        _, other_token = transcript.create_conversation(session)
    with factory.begin() as session:
        assert transcript.authenticate(session, conversation_id, token).id == conversation_id
        assert transcript.authenticate(session, conversation_id, token + "x") is None
        assert transcript.authenticate(session, conversation_id, other_token) is None
        assert transcript.authenticate(session, str(uuid.uuid4()), token) is None
        assert transcript.authenticate(session, "not-a-uuid\x00", token) is None
        assert transcript.authenticate(session, conversation_id.upper(), token) is None


def test_messages_are_numbered_from_one_and_read_back_after_a_number(factory, conversation):
    conversation_id, _ = conversation
    with factory.begin() as session:
        first = transcript.append(session, conversation_id, Sender.RESIDENT, "wat kost een paspoort?")
        second = transcript.append(session, conversation_id, Sender.BOT, "Een paspoort kost ...",
                                   [Button("Afspraak maken", "/afspraak_maken")])
        third = transcript.append(session, conversation_id, Sender.AGENT, "Ik help u verder.", agent_name="Anna")
    assert [first.seq, second.seq, third.seq] == [1, 2, 3]
    with factory.begin() as session:
        everything = transcript.messages_after(session, conversation_id, 0)
        later = transcript.messages_after(session, conversation_id, 1)
        assert transcript.messages_after(session, conversation_id, 3) == []
    assert everything == [first, second, third]
    assert later == [second, third]
    assert later[0].buttons == (Button("Afspraak maken", "/afspraak_maken"),)
    assert later[1].agent_name == "Anna" and later[1].sender is Sender.AGENT
    assert first.sent_at.utcoffset().total_seconds() == 0


def test_each_conversation_has_its_own_numbering(factory, conversation):
    with factory.begin() as session:
        other_id, _ = transcript.create_conversation(session)
        transcript.append(session, conversation[0], Sender.RESIDENT, "hallo")
        assert transcript.append(session, other_id, Sender.RESIDENT, "hoi").seq == 1


def test_appending_touches_the_conversation(factory, conversation):
    conversation_id, _ = conversation
    with factory.begin() as session:
        before = session.get(ConversationRow, conversation_id).last_activity_at
    with factory.begin() as session:
        transcript.append(session, conversation_id, Sender.RESIDENT, "hallo")
    with factory.begin() as session:
        assert session.get(ConversationRow, conversation_id).last_activity_at >= before


def test_twenty_concurrent_appends_get_twenty_consecutive_numbers(factory, conversation):
    conversation_id, _ = conversation
    start = threading.Barrier(20)
    seqs, errors = [], []

    def write(number: int) -> None:
        try:
            start.wait()
            with factory.begin() as session:
                seqs.append(transcript.append(session, conversation_id, Sender.RESIDENT, f"bericht {number}").seq)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(seqs) == list(range(1, 21))
    with factory.begin() as session:
        stored = [m.seq for m in transcript.messages_after(session, conversation_id, 0)]
    assert stored == list(range(1, 21))


def test_a_taken_number_is_retried_with_the_next_one(factory, conversation, monkeypatch):
    conversation_id, _ = conversation
    with factory.begin() as session:
        transcript.append(session, conversation_id, Sender.RESIDENT, "eerste")
    real_next = transcript._next_seq
    stale = iter([1])  # as if another transaction had not yet committed message 1

    def next_seq(session, conversation_id):
        return next(stale, None) or real_next(session, conversation_id)

    monkeypatch.setattr(transcript, "_next_seq", next_seq)
    with factory.begin() as session:
        assert transcript.append(session, conversation_id, Sender.BOT, "tweede").seq == 2


def test_an_answer_is_stored_in_one_go_numbered_in_its_order(factory, conversation):
    conversation_id, _ = conversation
    with factory.begin() as session:
        transcript.append(session, conversation_id, Sender.RESIDENT, "wat kost een paspoort")
        answer = transcript.append_answer(session, conversation_id, Sender.BOT, [
            BotMessage("Een paspoort kost € 84,60.", (Button("Meer over paspoort", "/paspoort"),)),
            BotMessage("Welke dag past u?", kind=QUESTION)])
        assert transcript.append_answer(session, conversation_id, Sender.BOT, []) == []
    assert [(m.seq, m.text) for m in answer] == [(2, "Een paspoort kost € 84,60."), (3, "Welke dag past u?")]
    with factory.begin() as session:
        stored = transcript.messages_after(session, conversation_id, 1)
    assert [(m.seq, m.sender, m.buttons, m.kind) for m in stored] == [
        (2, Sender.BOT, (Button("Meer over paspoort", "/paspoort"),), None), (3, Sender.BOT, (), QUESTION)]


def test_an_answer_whose_numbers_were_taken_meanwhile_gets_the_next_ones(factory, conversation, monkeypatch):
    conversation_id, _ = conversation
    with factory.begin() as session:
        transcript.append(session, conversation_id, Sender.RESIDENT, "eerste")
        transcript.append(session, conversation_id, Sender.RESIDENT, "tweede")
    real_next = transcript._next_seq
    stale = iter([2])  # as if message 2 had not been committed yet: 2 is taken, 3 is free

    def next_seq(session, conversation_id):
        return next(stale, None) or real_next(session, conversation_id)

    monkeypatch.setattr(transcript, "_next_seq", next_seq)
    with factory.begin() as session:
        answer = transcript.append_answer(session, conversation_id, Sender.BOT, [BotMessage("a"), BotMessage("b")])
    assert [m.seq for m in answer] == [3, 4]
    with factory.begin() as session:
        assert [m.seq for m in transcript.messages_after(session, conversation_id, 0)] == [1, 2, 3, 4]


def test_the_database_refuses_a_duplicate_number_and_an_unknown_sender(factory, conversation):
    conversation_id, _ = conversation
    with factory.begin() as session:
        transcript.append(session, conversation_id, Sender.RESIDENT, "hallo")
    with pytest.raises(IntegrityError):
        with factory.begin() as session:
            session.add(ConversationMessageRow(conversation_id=conversation_id, seq=1, sender="bot", text="dubbel",
                                               buttons="[]", sent_at=transcript.utcnow()))
    with pytest.raises(IntegrityError):
        with factory.begin() as session:
            session.add(ConversationMessageRow(conversation_id=conversation_id, seq=2, sender="hacker", text="x",
                                               buttons="[]", sent_at=transcript.utcnow()))


def test_appending_to_an_unknown_conversation_fails_at_once(factory):
    with pytest.raises(IntegrityError):
        with factory.begin() as session:
            transcript.append(session, str(uuid.uuid4()), Sender.RESIDENT, "hallo")


def test_status_changes_in_one_place_and_only_to_known_values(factory, conversation):
    conversation_id, _ = conversation
    with factory.begin() as session:
        transcript.change_status(session, conversation_id, Status.TAKEN)
    with factory.begin() as session:
        assert transcript.status_of(session, conversation_id) is Status.TAKEN
        assert transcript.status_of(session, str(uuid.uuid4())) is None
    with pytest.raises(IntegrityError):
        with factory.begin() as session:
            session.get(ConversationRow, conversation_id).status = "lost"


def test_a_button_press_reads_as_the_buttons_title(factory, conversation):
    conversation_id, _ = conversation
    with factory.begin() as session:
        transcript.append(session, conversation_id, Sender.BOT, "Kies:",
                          [Button("Afspraak maken", "/afspraak_maken"), Button("Iets anders", "/out_of_scope")])
        assert transcript.button_title(session, conversation_id, "/out_of_scope") == "Iets anders"
        assert transcript.button_title(session, conversation_id, "/onbekend") is None


def test_removing_a_conversation_removes_its_messages(factory, conversation):
    conversation_id, _ = conversation
    with factory.begin() as session:
        transcript.append(session, conversation_id, Sender.RESIDENT, "hallo")
    with factory.begin() as session:
        session.execute(delete(ConversationRow).where(ConversationRow.id == conversation_id))
    with factory.begin() as session:
        assert session.execute(select(ConversationMessageRow)).first() is None


def test_a_bot_messages_kind_is_stored_and_shown_and_an_answer_has_none(factory, conversation):
    conversation_id, _ = conversation
    with factory.begin() as session:
        transcript.append(session, conversation_id, Sender.BOT, "Wat is uw naam?", kind="question")
        transcript.append(session, conversation_id, Sender.BOT, "Een paspoort kost € 84,40.")
    with factory.begin() as session:
        question, answer = transcript.messages_after(session, conversation_id, 0)
    assert (question.kind, question.as_json()["kind"]) == ("question", "question")
    assert answer.kind is None and "kind" not in answer.as_json()


def test_the_kind_migration_adds_the_column_and_can_be_undone(database_url):
    upgrade(database_url)
    assert "kind" in {c["name"] for c in inspect(engine_for(database_url)).get_columns("conversation_messages")}
    command.downgrade(alembic_config(database_url), "0007")
    assert "kind" not in {c["name"] for c in inspect(engine_for(database_url)).get_columns("conversation_messages")}
    upgrade(database_url)
    assert "kind" in {c["name"] for c in inspect(engine_for(database_url)).get_columns("conversation_messages")}
