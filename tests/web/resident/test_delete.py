"""A resident deletes their own conversation: the messages, the handovers and Rasa's events
go too, and only the conversation's own token can do it."""
from __future__ import annotations

from sqlalchemy import func, select

from bot.conversations.tracker_events import tracker_store_url
from bot.core.settings import get_settings
from bot.db.models import ConversationMessageRow, ConversationRow, HandoverRow
from bot.web.openapi import OPENAPI
from tests.support.resident import CALENDAR, NOT_FOUND, poll, send, start, stored
from tests.support.staff import db, request_person
from tests.support.tracker_store import add_events, events_of, make_tracker


def delete(client, conversation_id, headers):
    return client.delete(f"/api/conversations/{conversation_id}", headers=headers)


def handovers_of(conversation_id):
    with db().begin() as session:
        return session.execute(select(func.count()).select_from(HandoverRow)
                               .where(HandoverRow.conversation_id == conversation_id)).scalar()


def test_a_resident_deletes_their_conversation_and_everything_with_it(gateway):
    tracker = tracker_store_url(get_settings().database_url)
    make_tracker(tracker)
    conversation_id, headers = start(gateway)
    other_id, other_headers = start(gateway)
    send(gateway, conversation_id, headers, {"text": "wat kost een paspoort?"})
    send(gateway, other_id, other_headers, {"text": "rijbewijs"})
    request_person(conversation_id)
    add_events(tracker, conversation_id, 4)
    add_events(tracker, other_id, 2)

    answer = delete(gateway, conversation_id, headers)

    assert (answer.status_code, answer.content) == (204, b"")
    assert (poll(gateway, conversation_id, headers).status_code, poll(gateway, conversation_id, headers).json()) == (404, NOT_FOUND)
    assert send(gateway, conversation_id, headers, {"text": "hallo"}).status_code == 404
    assert stored(conversation_id) == [] and handovers_of(conversation_id) == 0
    assert events_of(tracker, conversation_id) == 0
    with db().begin() as session:
        assert session.get(ConversationRow, conversation_id) is None
    assert len(stored(other_id)) == 3 and events_of(tracker, other_id) == 2
    assert delete(gateway, conversation_id, headers).json() == NOT_FOUND


def test_a_calendar_file_goes_with_its_deleted_conversation(gateway, fake_rasa):
    fake_rasa.attachment = CALENDAR
    conversation_id, headers = start(gateway)
    send(gateway, conversation_id, headers, {"text": "/bevestigen"})
    url = f"/api/conversations/{conversation_id}/messages/3/attachment"
    assert gateway.get(url, headers=headers).status_code == 200

    assert delete(gateway, conversation_id, headers).status_code == 204

    assert gateway.get(url, headers=headers).json() == NOT_FOUND
    with db().begin() as session:
        assert session.execute(select(func.count()).select_from(ConversationMessageRow)
                               .where(ConversationMessageRow.attachment.is_not(None))).scalar() == 0


def test_deleting_works_before_rasa_ever_kept_anything(gateway):
    conversation_id, headers = start(gateway)
    assert delete(gateway, conversation_id, headers).status_code == 204
    assert poll(gateway, conversation_id, headers).status_code == 404


def test_only_the_conversations_own_token_deletes_it(gateway):
    conversation_id, headers = start(gateway)
    _other_id, other_headers = start(gateway)
    send(gateway, conversation_id, headers, {"text": "paspoort"})
    token = headers["Authorization"].split()[1]
    for wrong in (other_headers, {}, {"Authorization": "Bearer " + token[:-2] + "xx"}, {"Authorization": token}):
        answer = delete(gateway, conversation_id, wrong)
        assert (answer.status_code, answer.json()) == (404, NOT_FOUND)
    assert delete(gateway, "00000000-0000-4000-8000-000000000000", headers).json() == NOT_FOUND
    assert delete(gateway, "niet-een-id", headers).json() == NOT_FOUND
    assert len(stored(conversation_id)) == 3


def test_the_openapi_document_lists_the_deletion(gateway):
    assert gateway.get("/openapi.json").json() == OPENAPI
    assert set(OPENAPI["paths"]["/api/conversations/{id}"]["delete"]["responses"]) == {"204", "404"}


# The "Ja, wis dit gesprek" button (payload /gesprek_verwijderen_bevestigd, handled by the gateway)

WIPE = {"payload": "/gesprek_verwijderen_bevestigd"}


def test_the_wipe_button_deletes_the_conversation_without_asking_rasa(gateway, fake_rasa):
    tracker = tracker_store_url(get_settings().database_url)
    make_tracker(tracker)
    conversation_id, headers = start(gateway)
    other_id, other_headers = start(gateway)
    send(gateway, conversation_id, headers, {"text": "mijn bsn staat hierin, wis dit gesprek"})
    send(gateway, other_id, other_headers, {"text": "paspoort"})
    add_events(tracker, conversation_id, 3)
    calls = len(fake_rasa.requests)

    answer = send(gateway, conversation_id, headers, WIPE)

    assert (answer.status_code, answer.json()) == (200, {"messages": [], "deleted": True})
    assert len(fake_rasa.requests) == calls
    assert stored(conversation_id) == [] and events_of(tracker, conversation_id) == 0
    assert poll(gateway, conversation_id, headers).status_code == 404
    assert len(stored(other_id)) == 3


def test_the_wipe_button_works_while_a_person_has_the_chat(gateway, staff, fake_rasa):
    conversation_id, headers = start(gateway)
    request_person(conversation_id)
    gateway.post(f"/api/kcc/handovers/{conversation_id}/take", headers=staff.headers("kcc"))
    answer = send(gateway, conversation_id, headers, WIPE)
    assert answer.json() == {"messages": [], "deleted": True}
    assert handovers_of(conversation_id) == 0 and stored(conversation_id) == []


def test_the_wipe_button_needs_the_conversations_own_token(gateway, fake_rasa):
    conversation_id, headers = start(gateway)
    _other_id, other_headers = start(gateway)
    send(gateway, conversation_id, headers, {"text": "paspoort"})
    calls = len(fake_rasa.requests)
    for wrong in (other_headers, {}, {"Authorization": "Bearer nope"}):
        answer = send(gateway, conversation_id, wrong, WIPE)
        assert (answer.status_code, answer.json()) == (404, NOT_FOUND)
    assert len(stored(conversation_id)) == 3 and len(fake_rasa.requests) == calls


def test_other_payloads_still_go_to_rasa(gateway, fake_rasa):
    conversation_id, headers = start(gateway)
    answer = send(gateway, conversation_id, headers, {"payload": "/gesprek_verwijderen"})
    assert answer.status_code == 200 and "deleted" not in answer.json()
    assert fake_rasa.requests[-1] == {"sender": conversation_id, "message": "/gesprek_verwijderen", "metadata": {"taal": "nl"}}
    assert len(stored(conversation_id)) == 3
