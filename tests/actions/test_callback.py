"""The actions of the person, callback and wipe flows as Rasa's action server runs them: a
tracker in, events and messages out, against a temporary database. The clock is set through
``bot.handover.offer.local_now``, so office hours are tested at fixed moments."""
from __future__ import annotations

import asyncio
from datetime import datetime

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func, select

from actions.callback import (
    ActionAskTerugbelBevestigd,
    ActionRequestCallback,
    ActionStartCallback,
    ActionStopCallback,
    ValidateTerugbelForm,
)
from actions.conversation import ActionOfferPerson
from actions.privacy import ActionExplainDeletion
from bot.conversations import transcript
from bot.core.clock import TIMEZONE
from bot.core.settings import get_settings
from bot.db.engine import session_factory
from bot.db.migrate import upgrade
from bot.db.models import CallbackRequestRow
from bot.handover import offer
from bot.handover.callback import callbacks

SATURDAY = datetime(2026, 11, 28, 11, 0, tzinfo=TIMEZONE)
MONDAY_MORNING = datetime(2026, 11, 23, 10, 0, tzinfo=TIMEZONE)
CALLBACK_SLOTS = {"terugbel_naam": None, "terugbel_telefoon": None, "terugbel_moment": None,
                  "terugbel_bevestigd": None, "terugbel_aanbod": None, "naam": None}


@pytest.fixture
def live(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'actions.db'}")
    get_settings.cache_clear()
    upgrade(get_settings().database_url)
    yield
    get_settings.cache_clear()


@pytest.fixture
def clock(monkeypatch):
    def set_to(moment):
        monkeypatch.setattr(offer, "local_now", lambda: moment)
    return set_to


def website_chat() -> str:
    with session_factory(get_settings().database_url).begin() as session:
        return transcript.create_conversation(session)[0]


def tracker(text="", intent="informeren", slots=None, requested=None, sender="terminal", events=()):
    state = {**CALLBACK_SLOTS, "requested_slot": requested, **(slots or {})}
    return Tracker(sender, state, {"text": text, "intent": {"name": intent}, "entities": []}, list(events), False,
                   None, {"name": "terugbel_form"} if requested else {}, "action_listen")


def run(action, state):
    dispatcher = CollectingDispatcher()
    result = action.run(dispatcher, state, {})
    events = asyncio.run(result) if asyncio.iscoroutine(result) else result
    return events, dispatcher.messages


def stored():
    with session_factory(get_settings().database_url).begin() as session:
        return [c.as_json() for c in callbacks(session, "open")]


def test_outside_office_hours_a_callback_is_offered(live, clock):
    clock(SATURDAY)
    events, messages = run(ActionOfferPerson(), tracker("ik wil een mens spreken", "menselijk_contact",
                                                        sender=website_chat()))
    assert events == [SlotSet("terugbel_aanbod", True)]
    assert "geen medewerker beschikbaar" in messages[0]["text"] and "terugbellen" in messages[0]["text"]
    assert [(b["title"], b["payload"]) for b in messages[0]["buttons"]] == [
        ("Ja, bel mij terug", "/bevestigen"), ("Afspraak maken", "/afspraak_maken")]


def test_in_office_hours_the_chat_is_queued_and_no_callback_is_offered(live, clock):
    clock(MONDAY_MORNING)
    chat = website_chat()
    events, messages = run(ActionOfferPerson(), tracker("medewerker", "menselijk_contact", sender=chat))
    assert events == [SlotSet("terugbel_aanbod", False)]
    assert "medewerker om dit gesprek over te nemen" in messages[0]["text"]
    with session_factory(get_settings().database_url).begin() as session:
        assert transcript.status_of(session, chat).value == "waiting"


def test_a_complaint_offers_a_person_but_no_callback_yet(live, clock):
    clock(SATURDAY)
    events, messages = run(ActionOfferPerson(), tracker("ik heb een klacht", "klacht"))
    assert events == [SlotSet("terugbel_aanbod", False)]
    assert messages[0]["buttons"][0]["payload"] == "/menselijk_contact"


def test_starting_clears_an_earlier_request_and_reuses_a_known_name(live):
    events, _ = run(ActionStartCallback(), tracker(slots={"terugbel_telefoon": "0612345678", "naam": "Jan de Vries"}))
    assert SlotSet("terugbel_telefoon", None) in events
    assert events[-1] == SlotSet("terugbel_naam", "Jan de Vries")


@pytest.mark.parametrize("text, expected_slot, reply_part", [
    ("06 12 34 56 78", "0612345678", None),
    ("111222333", None, "burgerservicenummer"),
    ("bel mij maar op mijn mobiel", None, "Dat lijkt geen telefoonnummer"),
])
def test_the_phone_number_is_checked_before_it_is_kept(live, text, expected_slot, reply_part):
    events, messages = run(ValidateTerugbelForm(), tracker(text, requested="terugbel_telefoon"))
    assert events == [SlotSet("terugbel_telefoon", expected_slot)]
    if reply_part:
        assert reply_part in messages[0]["text"]
    else:
        assert messages == []


def test_no_phone_number_at_hand_ends_the_request_with_nothing_kept(live):
    events, messages = run(ValidateTerugbelForm(), tracker("weet ik niet", "ontkennen", requested="terugbel_telefoon"))
    assert events == [SlotSet("terugbel_bevestigd", False), SlotSet("requested_slot", None)]
    assert "telefoonnummer" in messages[0]["text"]


def test_a_question_in_between_is_left_to_the_rules(live):
    events, messages = run(ValidateTerugbelForm(), tracker("wat kost een paspoort", "paspoort_id_aanvragen",
                                                           requested="terugbel_telefoon"))
    assert (events, messages) == ([], [])


def test_the_summary_asks_to_confirm(live):
    slots = {"terugbel_naam": "Jan de Vries", "terugbel_telefoon": "0612345678", "terugbel_moment": "-"}
    _, [summary, kind] = run(ActionAskTerugbelBevestigd(), tracker(slots=slots, requested="terugbel_bevestigd"))
    assert "Jan de Vries" in summary["text"] and "06 12345678" in summary["text"]
    assert [b["payload"] for b in summary["buttons"]] == ["/bevestigen", "/ontkennen"]
    assert kind["custom"] == {"kind": "question"}  # a form's question: no thumbs under it


def test_a_confirmed_request_is_stored_and_the_resident_hears_when_we_call(live, clock):
    clock(SATURDAY)
    chat = website_chat()
    asked = {"event": "user", "text": "mijn uitkering is gestopt", "parse_data": {"intent": {"name": "vraag_uwv"}}}
    slots = {"terugbel_naam": "Fatima El Amrani", "terugbel_telefoon": "0201234567", "terugbel_moment": "na 14:00",
             "terugbel_bevestigd": True}
    events, messages = run(ActionRequestCallback(), tracker("/bevestigen", "bevestigen", slots, sender=chat,
                                                            events=[asked]))
    [request] = stored()
    assert (request["name"], request["phone"], request["preferred_time"]) == ("Fatima El Amrani", "0201234567",
                                                                              "na 14:00")
    assert (request["conversation_id"], request["topic"]) == (chat, "vraag_uwv")
    assert request["requested_at"] == "2026-11-28T10:00:00.000+00:00"
    assert "belt u maandag 30 november vanaf 08:30" in messages[0]["text"] and "020 1234567" in messages[0]["text"]
    assert "na 14:00" in messages[1]["text"]
    assert SlotSet("terugbel_telefoon", None) in events and SlotSet("terugbel_aanbod", False) in events


def test_outside_the_website_the_request_is_kept_without_a_chat(live, clock):
    clock(SATURDAY)
    slots = {"terugbel_naam": "Jan", "terugbel_telefoon": "0612345678", "terugbel_moment": "-",
             "terugbel_bevestigd": True}
    run(ActionRequestCallback(), tracker("ja", "bevestigen", slots, sender="default"))
    [request] = stored()
    assert (request["conversation_id"], request["preferred_time"]) == (None, None)


def test_a_request_that_cannot_be_stored_says_so_and_keeps_nothing(live, clock):
    clock(SATURDAY)
    slots = {"terugbel_naam": "Jan", "terugbel_telefoon": "111222333", "terugbel_moment": "-",
             "terugbel_bevestigd": True}  # a slot filled around the validation
    _, messages = run(ActionRequestCallback(), tracker("ja", "bevestigen", slots))
    assert "niet bewaard" in messages[0]["text"] and stored() == []


def test_stop_ends_the_form_unconfirmed_and_nothing_is_kept(live, clock):
    clock(SATURDAY)
    slots = {"terugbel_naam": "Jan", "terugbel_telefoon": "0612345678"}
    events, messages = run(ValidateTerugbelForm(), tracker("stoppen", "afscheid", slots, requested="terugbel_moment"))
    assert (events, messages) == ([SlotSet("terugbel_bevestigd", False), SlotSet("requested_slot", None)], [])
    events, messages = run(ActionRequestCallback(), tracker("stoppen", "afscheid",
                                                            {**slots, "terugbel_bevestigd": False}))
    assert "niets bewaard" in messages[0]["text"] and stored() == []
    assert SlotSet("terugbel_naam", None) in events


def test_no_leaves_the_form_and_keeps_nothing(live):
    slots = {"terugbel_naam": "Jan", "terugbel_telefoon": "0612345678"}
    events, messages = run(ActionStopCallback(), tracker("nee", "ontkennen", slots, requested="terugbel_moment"))
    assert ActiveLoop(None) in events and SlotSet("terugbel_telefoon", None) in events
    assert SlotSet("terugbel_aanbod", False) in events
    assert "niets bewaard" in messages[0]["text"]
    with session_factory(get_settings().database_url).begin() as session:
        assert session.execute(select(func.count()).select_from(CallbackRequestRow)).scalar() == 0


def test_in_the_website_chat_wiping_is_explained_with_the_buttons(live):
    _, [reply] = run(ActionExplainDeletion(), tracker("wis dit gesprek", "gesprek_verwijderen", sender=website_chat()))
    assert "kan niet terug" in reply["text"]
    assert [(b["title"], b["payload"]) for b in reply["buttons"]] == [
        ("Ja, wis dit gesprek", "/gesprek_verwijderen_bevestigd"), ("Nee", "/ontkennen")]


@pytest.mark.parametrize("sender", ["default", "00000000-0000-4000-8000-000000000000"])
def test_outside_the_website_chat_the_assistant_says_where_to_wipe(live, config, sender):
    _, [reply] = run(ActionExplainDeletion(), tracker("verwijder mijn chat", "gesprek_verwijderen", sender=sender))
    assert not reply.get("buttons") and str(config.gemeente.website) in reply["text"]
