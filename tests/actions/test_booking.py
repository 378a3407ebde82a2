"""The booking actions as Rasa's action server runs them: a tracker in, events and messages
out, against a real (temporary) database and outbox."""
from __future__ import annotations

from datetime import timedelta

from actions.agency_booking import ActionStartAgencyBooking
from actions.booking import (
    ActionBookAppointment,
    ActionCancelAppointment,
    ActionStartBooking,
    ActionStartCancel,
    ActionStartMove,
    ActionStopForm,
    ValidateAfspraakForm,
    ValidateAfzegForm,
)
from actions.faq import ActionAnswerTopic, ActionFollowUp
from bot.appointments.service import booking_service
from bot.config.facts import today
from tests.support.actions import run, tracker


def first_free_slot():
    service = booking_service()
    for offset in range(1, 20):
        slots = service.backend.free_times("paspoort", "gemeentehuis", today() + timedelta(days=offset))
        if slots:
            return slots[0]
    raise AssertionError("no free time found")


def test_the_form_reads_product_place_and_day_from_one_message(live):
    day = first_free_slot().start.date()  # a day with free times, so the form keeps it whatever today is
    state = tracker(f"ik wil op {day:%d-%m-%Y} een afspraak voor mijn paspoort op het gemeentehuis", "afspraak_maken",
                    [{"entity": "document", "value": "paspoort"}])
    events, _ = run(ValidateAfspraakForm(), state)
    values = {e["name"]: e["value"] for e in events}
    assert values["product"] == "paspoort" and values["locatie"] == "gemeentehuis"
    assert values["dag"] == day.isoformat()


def test_the_form_leaves_a_question_about_something_else_to_the_rules(live):
    state = tracker("wat kost een paspoort", "paspoort_id_aanvragen", [{"entity": "document", "value": "paspoort"}],
                    slots={"product": "paspoort", "locatie": "gemeentehuis"}, requested="naam", loop="afspraak_form")
    events, messages = run(ValidateAfspraakForm(), state)
    assert events == [] and messages == []


def test_booking_confirms_with_reference_and_calendar_file_and_stores_it(live):
    slot = first_free_slot()
    state = tracker(slots={"product": "paspoort", "locatie": "gemeentehuis", "dag": slot.start.date().isoformat(),
                           "tijd": slot.start.isoformat(), "naam": "Jan de Vries", "email": "jan@example.nl",
                           "bevestigd": True})
    events, messages = run(ActionBookAppointment(), state)
    reference = next(e["value"] for e in events if e["name"] == "laatste_afspraak")
    assert reference in messages[0]["text"]
    assert any(m.get("attachment", {}) and m["attachment"]["filename"] == "afspraak.ics" for m in messages)
    assert booking_service().backend.details(reference).name == "Jan de Vries"
    assert list((live / "outbox").glob("*.eml"))


def test_booking_ends_in_one_confirmation_card_with_what_where_when_code_and_buttons(live):
    """One text (then its kind and its calendar file), not five bubbles with the code in the first."""
    slot = first_free_slot()
    state = tracker(slots={"product": "paspoort", "locatie": "gemeentehuis", "dag": slot.start.date().isoformat(),
                           "tijd": slot.start.isoformat(), "naam": "Jan de Vries", "email": "jan@example.nl",
                           "bevestigd": True})
    events, messages = run(ActionBookAppointment(), state)
    reference = next(e["value"] for e in events if e["name"] == "laatste_afspraak")
    texts = [m for m in messages if m.get("text")]
    assert len(texts) == 1
    [card] = texts
    assert [m.get("custom") or None for m in messages[1:]] == [{"kind": "confirmation"}, None]
    assert messages[2]["attachment"]["filename"] == "afspraak.ics"
    lines = card["text"].splitlines()
    assert f"Code: {reference}" in lines and any(line.startswith(("Wat: ", "Waar: ", "Wanneer: ")) for line in lines)
    assert "Gemeentehuis" in card["text"] or "gemeentehuis" in card["text"].lower()
    assert [b["payload"] for b in card["buttons"]] == ["/afspraak_wijzigen", "/afspraak_annuleren"]


def test_a_time_taken_meanwhile_is_offered_again_with_alternatives(live):
    slot = first_free_slot()
    service = booking_service()
    for _ in range(3):  # the town hall has three desks
        service.book("paspoort", "gemeentehuis", slot.start, "Iemand Anders", "ander@example.nl")
    state = tracker(slots={"product": "paspoort", "locatie": "gemeentehuis", "dag": slot.start.date().isoformat(),
                           "tijd": slot.start.isoformat(), "naam": "Jan de Vries", "email": "jan@example.nl",
                           "bevestigd": True})
    events, messages = run(ActionBookAppointment(), state)
    assert "net door iemand anders" in messages[0]["text"] and messages[0]["buttons"]
    assert {"event": "followup", "name": "afspraak_form", "timestamp": None} in events
    assert {"event": "slot", "name": "tijd", "value": None, "timestamp": None} in events


def test_cancelling_the_appointment_made_in_this_conversation(live):
    slot = first_free_slot()
    booked = booking_service().book("paspoort", "gemeentehuis", slot.start, "Jan de Vries", "jan@example.nl")
    reference = booked.appointment.reference
    events, _ = run(ActionStartCancel(), tracker(slots={"laatste_afspraak": reference, "email": "jan@example.nl"}))
    values = {e["name"]: e["value"] for e in events}
    assert values["referentie"] == reference and values["controle_email"] == "jan@example.nl"

    events, messages = run(ValidateAfzegForm(), tracker(
        "jan@example.nl", slots={"referentie": reference}, requested="controle_email", loop="afzeg_form"))
    assert "gevonden" in messages[-1]["text"]
    events, messages = run(ActionCancelAppointment(), tracker(
        slots={"referentie": reference, "controle_email": "jan@example.nl", "bevestigd": True,
               "laatste_afspraak": reference}))
    assert "afgezegd" in messages[0]["text"]
    assert booking_service().backend.details(reference).status.value == "cancelled"


def test_a_wrong_email_finds_nothing(live):
    slot = first_free_slot()
    reference = booking_service().book("paspoort", "gemeentehuis", slot.start, "Jan de Vries",
                                       "jan@example.nl").appointment.reference
    events, messages = run(ValidateAfzegForm(), tracker(
        "piet@example.nl", slots={"referentie": reference}, requested="controle_email", loop="afzeg_form"))
    assert "geen afspraak" in messages[-1]["text"]
    assert {e["name"]: e["value"] for e in events}["referentie"] is None


def test_stopping_says_nothing_was_booked(live):
    events, messages = run(ActionStopForm(), tracker(loop="afspraak_form"))
    assert "geen afspraak" in messages[0]["text"]
    assert {"event": "active_loop", "name": None, "timestamp": None} in events


def test_words_that_leave_the_form_end_it_and_nothing_is_booked(live):
    """ "laat maar" at the day question ends the form unconfirmed; the submit action that the
    finished form triggers then says nothing was booked, instead of trying to book."""
    state = tracker("laat maar", "ontkennen", slots={"product": "paspoort", "locatie": "gemeentehuis"},
                    requested="dag", loop="afspraak_form")
    events, messages = run(ValidateAfspraakForm(), state)
    values = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert values["bevestigd"] is False and values["requested_slot"] is None and messages == []

    ended = tracker(slots={"product": "paspoort", "locatie": "gemeentehuis", "bevestigd": False})
    events, messages = run(ActionBookAppointment(), ended)
    assert len(messages) == 1 and "geen afspraak" in messages[0]["text"]
    assert not any(e.get("name") == "laatste_afspraak" for e in events)  # no appointment was made
    assert {"event": "slot", "name": "product", "value": None, "timestamp": None} in events


def test_annuleren_in_the_cancel_form_is_no_way_out_but_stop_is(live):
    asked = dict(slots={"referentie": None}, requested="referentie", loop="afzeg_form")
    events, _ = run(ValidateAfzegForm(), tracker("annuleren", "afspraak_annuleren", **asked))
    assert not any(e.get("name") == "bevestigd" and e.get("value") is False for e in events)
    events, _ = run(ValidateAfzegForm(), tracker("stop", "ontkennen", **asked))
    assert {"event": "slot", "name": "bevestigd", "value": False, "timestamp": None} in events


def test_a_day_and_time_typed_at_the_product_question_is_kept_and_the_product_asked_again(live):
    state = tracker("morgen om 10 uur", "informeren", requested="product", loop="afspraak_form")
    events, messages = run(ValidateAfspraakForm(), state)
    values = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert values["product"] is None and values["dag"]  # the day is remembered for later
    assert messages and messages[0]["buttons"]  # the products to choose from


def test_a_question_about_the_product_in_the_middle_of_the_form_is_answered_and_asked_again(live, config):
    fee = f"{config.producten['paspoort'].tarieven[0].bedrag:.2f}".replace(".", ",")
    state = tracker("wat kost het eigenlijk?", "nlu_fallback", slots={"product": "paspoort"}, requested="locatie",
                    loop="afspraak_form")
    events, messages = run(ValidateAfspraakForm(), state)
    assert fee in " ".join(m["text"] for m in messages)
    assert events == [{"event": "slot", "timestamp": None, "name": "locatie", "value": None}]  # asked again


def test_an_aspect_asked_in_the_form_that_the_model_took_for_small_talk_is_about_the_product(live, config):
    fee = f"{config.producten['paspoort'].tarieven[0].bedrag:.2f}".replace(".", ",")
    state = tracker("wat kost het eigenlijk?", "bot_vraag", [{"entity": "aspect", "value": "kosten"}],
                    slots={"product": "paspoort", "locatie": "gemeentehuis"}, requested="dag", loop="afspraak_form")
    events, messages = run(ValidateAfspraakForm(), state)
    assert fee in " ".join(m["text"] for m in messages) and events == [
        {"event": "slot", "timestamp": None, "name": "dag", "value": None}]


def test_small_talk_without_an_aspect_is_left_to_the_rules(live):
    state = tracker("ben jij een robot?", "bot_vraag", slots={"product": "paspoort"}, requested="dag",
                    loop="afspraak_form")
    assert run(ValidateAfspraakForm(), state) == ([], [])


def test_a_question_that_names_another_product_is_no_correction(live):
    asked = dict(slots={"product": "paspoort"}, requested="locatie", loop="afspraak_form")
    question = tracker("wat kost een rijbewijs eigenlijk", "rijbewijs_aanvragen",
                       [{"entity": "document", "value": "rijbewijs"}], **asked)
    assert run(ValidateAfspraakForm(), question) == ([], [])  # its rule answers it; the form asks again
    correction = tracker("toch liever voor mijn rijbewijs", "afspraak_maken",
                         [{"entity": "document", "value": "rijbewijs"}], **asked)
    events, _ = run(ValidateAfspraakForm(), correction)
    assert {"event": "slot", "timestamp": None, "name": "product", "value": "rijbewijs"} in events


def test_moving_the_appointment_made_in_this_conversation_knows_its_product_and_place(live):
    slot = first_free_slot()
    booked = booking_service().book("paspoort", "gemeentehuis", slot.start, "Jan de Vries", "jan@example.nl")
    reference = booked.appointment.reference
    events, _ = run(ActionStartMove(), tracker(slots={"laatste_afspraak": reference, "email": "jan@example.nl"}))
    values = {e["name"]: e["value"] for e in events}
    assert (values["referentie"], values["product"], values["locatie"]) == (reference, "paspoort", "gemeentehuis")
    booking_service().cancel(reference, "jan@example.nl")
    events, _ = run(ActionStartMove(), tracker(slots={"laatste_afspraak": reference, "email": "jan@example.nl"}))
    assert not any(e.get("name") == "referentie" and e.get("value") for e in events)  # cancelled: asked for a code


def test_zo_snel_mogelijk_is_the_first_free_day(live):
    # today counts when it still has a free time (just after midnight it has all of them)
    first = booking_service().backend.free_days("paspoort", "gemeentehuis", today(), today() + timedelta(days=20))[0]
    state = tracker("zo snel mogelijk", "informeren", slots={"product": "paspoort", "locatie": "gemeentehuis"},
                    requested="dag", loop="afspraak_form")
    events, _ = run(ValidateAfspraakForm(), state)
    assert {"event": "slot", "timestamp": None, "name": "dag", "value": first.isoformat()} in events


def test_a_place_typed_at_the_place_question_answers_it_whatever_the_model_read(live):
    state = tracker("gemeentehuis", "contactgegevens", slots={"product": "paspoort"}, requested="locatie",
                    loop="afspraak_form")
    events, _ = run(ValidateAfspraakForm(), state)
    assert {"event": "slot", "timestamp": None, "name": "locatie", "value": "gemeentehuis"} in events


def test_an_appointment_right_after_a_passport_answer_is_for_the_passport(live):
    from rasa_sdk import Tracker

    def user(text, intent, entities=()):
        return {"event": "user", "text": text, "parse_data": {"text": text, "intent": {"name": intent},
                                                             "entities": list(entities)}}
    events = [user("ik vlieg volgende week, kan mijn paspoort met spoed?", "paspoort_id_aanvragen",
                   [{"entity": "document", "value": "paspoort"}]),
              user("ok ik wil een afspraak", "afspraak_maken")]
    state = Tracker("test", {}, events[-1]["parse_data"], events, False, None, {}, "action_listen")
    found, _ = run(ActionStartBooking(), state)
    assert {"event": "slot", "timestamp": None, "name": "product", "value": "paspoort"} in found
    alone, _ = run(ActionStartBooking(), Tracker("test", {}, events[-1]["parse_data"], events[-1:], False, None, {},
                                                 "action_listen"))
    assert not any(e.get("name") == "product" and e.get("value") for e in alone)
def _after(earlier, latest):
    """A tracker whose resident said ``earlier`` (text, intent, entities) and then ``latest``."""
    from rasa_sdk import Tracker

    state = tracker(*latest)
    events = [{"event": "user", "text": text, "parse_data": {"text": text, "intent": {"name": intent},
                                                              "entities": list(entities)}}
              for text, intent, entities in (earlier, latest)]
    return Tracker(state.sender_id, state.slots, state.latest_message, events, False, None, {}, "action_listen")


def test_a_booking_after_a_topic_answer_takes_its_product(live):
    state = _after(("wat kost een id-kaart", "paspoort_id_aanvragen", [{"entity": "document", "value": "id-kaart"}]),
                   ("ok dan wil ik daar een afspraak voor", "afspraak_maken", []))
    events, _ = run(ActionStartBooking(), state)
    assert {"event": "slot", "timestamp": None, "name": "product", "value": "id-kaart"} in events
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "afspraak_form"}


def test_a_booking_after_the_popup_answer_takes_its_place(live):
    state = _after(("is there a mobile office near Oosterhout", "popup_locaties", []),
                   ("can I book an appointment there for my passport", "afspraak_maken",
                    [{"entity": "document", "value": "paspoort"}]))
    values = {e["name"]: e["value"] for e in run(ActionStartBooking(), state)[0] if e["event"] == "slot"}
    assert (values["product"], values["locatie"]) == ("paspoort", "bibliotheek_oosterhout")


def test_a_booking_after_an_agency_answer_is_one_with_its_employee(live):
    state = _after(("mijn huisbaas wil me eruit zetten", "vraag_juridisch_loket", []),
                   ("kan ik daar bij jullie een afspraak voor maken?", "afspraak_maken", []))
    events, _ = run(ActionStartBooking(), state)
    assert events == [{"event": "followup", "timestamp": None, "name": "action_start_agency_booking"}]
    events, _ = run(ActionStartAgencyBooking(), state)
    assert {"event": "slot", "timestamp": None, "name": "organisatie", "value": "juridisch_loket"} in events
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "organisatie_form"}


def test_a_product_named_after_an_agency_answer_is_a_booking_with_the_municipality(live):
    state = _after(("mijn huisbaas wil me eruit zetten", "vraag_juridisch_loket", []),
                   ("ik wil een afspraak voor een paspoort", "afspraak_maken", [{"entity": "document", "value": "paspoort"}]))
    events, _ = run(ActionStartBooking(), state)
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "afspraak_form"}


def test_a_topic_with_an_appointment_asked_for_starts_the_booking(live):
    state = tracker("onze zoon is eergisteren geboren, ik wil een afspraak om aangifte te doen", "geboorteaangifte")
    events, messages = run(ActionAnswerTopic(), state)
    assert events == [{"event": "followup", "timestamp": None, "name": "action_start_booking"}] and messages == []
    events, _ = run(ActionStartBooking(), state)
    assert {"event": "slot", "timestamp": None, "name": "product", "value": "geboorteaangifte"} in events
    # the question whether one is needed is answered
    events, messages = run(ActionAnswerTopic(), tracker("moet ik een afspraak maken voor de aangifte?", "geboorteaangifte"))
    assert messages and not [e for e in events if e["event"] == "followup"]  # answered; only the topic is remembered


def test_values_with_a_product_and_a_day_outside_a_form_start_the_booking(live):
    state = tracker("volgende week dinsdagmiddag paspoort bij de gemeentebus in de weide", "informeren",
                    [{"entity": "document", "value": "paspoort"}])
    events, _ = run(ActionFollowUp(), state)
    assert events == [{"event": "followup", "timestamp": None, "name": "action_start_booking"}]
    unsure = tracker(state.latest_message["text"], "nlu_fallback", [{"entity": "document", "value": "paspoort"}])
    assert run(ActionFollowUp(), unsure)[0] == events  # no question, a product and a day: a booking, however unsure
    question = tracker("kan ik volgende week dinsdag een paspoort aanvragen bij de bus?", "nlu_fallback",
                       [{"entity": "document", "value": "paspoort"}])
    assert run(ActionFollowUp(), question)[0] != events  # a question is answered or asked about, not booked
    state = tracker(state.latest_message["text"], "informeren", [{"entity": "document", "value": "paspoort"}],
                    slots={"product": "paspoort"}, loop="afspraak_form")
    values = {e["name"]: e["value"] for e in run(ValidateAfspraakForm(), state)[0]}
    assert values["locatie"] == "bus_de_weide" and "dag" in values


def test_a_booking_request_read_beside_a_topic_takes_its_product(live):
    state = tracker("mijn vader is gisteren overleden, kan ik een afspraak maken voor de aangifte", "afspraak_maken")
    state.latest_message["intent_ranking"] = [{"name": "afspraak_maken", "confidence": 0.51},
                                              {"name": "overlijden_aangifte", "confidence": 0.46},
                                              {"name": "geboorteaangifte", "confidence": 0.02}]
    events, _ = run(ActionStartBooking(), state)
    assert {"event": "slot", "timestamp": None, "name": "product", "value": "overlijden"} in events


def test_a_booking_after_a_postcode_answered_as_a_follow_up_takes_the_popup_near_it(live):
    from rasa_sdk import Tracker

    def user(text, intent, entities=()):
        return {"event": "user", "text": text, "parse_data": {"text": text, "intent": {"name": intent},
                                                             "entities": list(entities)}}
    events = [user("wat kost een paspoort", "paspoort_id_aanvragen", [{"entity": "document", "value": "paspoort"}]),
              {"event": "action", "name": "action_answer_topic"},
              user("ik woon in 9995", "informeren"),
              {"event": "action", "name": "action_follow_up"},
              user("dan wil ik daar een afspraak voor", "afspraak_maken")]
    slots = {"onderwerp": "paspoort_id_aanvragen", "document": "paspoort", "plek": "bibliotheek_oosterhout"}
    state = Tracker("test", slots, events[-1]["parse_data"], events, False, None, {}, "action_listen")
    values = {e["name"]: e["value"] for e in run(ActionStartBooking(), state)[0] if e["event"] == "slot"}
    assert (values["product"], values["locatie"]) == ("paspoort", "bibliotheek_oosterhout")
    unanswered = Tracker("test", slots, events[-1]["parse_data"], [e for e in events if e.get("name") != "action_follow_up"],
                         False, None, {}, "action_listen")
    values = {e["name"]: e["value"] for e in run(ActionStartBooking(), unanswered)[0] if e["event"] == "slot"}
    assert values["locatie"] is None  # not answered as a follow-up: the message before tells nothing


def test_english_please_in_the_form_is_confirmed_and_the_question_asked_again_in_english(live):
    from bot.config.content import get_content
    from bot.core import language

    state = tracker("English please", "out_of_scope", slots={"product": "paspoort"}, requested="locatie",
                    loop="afspraak_form")
    with language.using("en"):  # the action server answers the call in the gateway's new language
        events, messages = run(ValidateAfspraakForm(), state)
        confirmed = get_content().text("taal", "verder_engels")
    assert [m["text"] for m in messages] == [confirmed]
    assert [(e["name"], e["value"]) for e in events if e["event"] == "slot"] == [("locatie", None)]  # asked again
