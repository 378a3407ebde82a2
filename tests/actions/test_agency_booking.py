"""The agency appointment actions as the action server runs them: a tracker in, events and
messages out, on a temporary database (the whole conversation is in test_conversations)."""
from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.agency_booking import ActionBookAgencyAppointment, ActionStartAgencyBooking, ValidateOrganisatieForm
from bot.config.gemeente import load_gemeente
from bot.core.settings import get_settings
from tests.support.actions import run, tracker

AGENCY = [{"entity": "agency", "value": "UWV"}]  # as the entity ruler finds it


def _slots(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_start_remembers_the_agency_and_clears_an_earlier_appointment(live):
    events, _ = run(ActionStartAgencyBooking(), tracker("/afspraak_maken", "afspraak_maken", AGENCY,
                                                          slots={"naam": "Oud", "tijd": "2026-01-01T09:00"}))
    slots = _slots(events)
    assert slots["organisatie"] == "uwv" and slots["product"] == "spreekuur"
    assert slots["naam"] is None and slots["tijd"] is None


def test_no_to_a_question_other_than_consent_ends_the_form(live):
    events, _ = run(ValidateOrganisatieForm(), tracker("nee laat maar", "ontkennen", requested="naam",
                                                         slots={"organisatie": "uwv", "tweede_organisatie": "geen"}))
    assert SlotSet("bevestigd", False) in events and SlotSet("requested_slot", None) in events


def test_stopping_books_nothing_and_says_so(live):
    events, messages = run(ActionBookAgencyAppointment(), tracker(slots={"organisatie": "uwv", "bevestigd": False}))
    assert "ik maak geen afspraak" in messages[0]["text"]
    assert "laatste_afspraak" not in _slots(events)


def test_an_agency_that_does_not_come_here_is_explained(live, gemeente_file, monkeypatch):
    data = gemeente_file.load()
    data["pilot_locaties"] = [p for p in data["pilot_locaties"] if p["locatie"] != "gemeentehuis"]
    gemeente_file.save(data)
    monkeypatch.setenv("GEMEENTE_CONFIG", str(gemeente_file.path))
    get_settings.cache_clear()
    assert "duo" not in str(load_gemeente(gemeente_file.path).pilot_locaties)
    state = tracker("/afspraak_maken", "afspraak_maken", [{"entity": "agency", "value": "duo"}],
                    slots={"organisatie": "duo"})
    events, _ = run(ValidateOrganisatieForm(), state)
    assert SlotSet("requested_slot", None) in events
    _, messages = run(ActionBookAgencyAppointment(), tracker(slots={"organisatie": "duo", "bevestigd": False}))
    assert messages[0]["text"].startswith("Een medewerker van DUO komt niet naar onze gemeente")
    assert "050 599 77 55" in messages[0]["text"]


@pytest.mark.parametrize("typed", ["06 12345678", "els@example.nl"])
def test_the_contact_question_takes_a_phone_number_or_an_email_address(live, typed):
    state = tracker(typed, "informeren", requested="contact",
                    slots={"organisatie": "uwv", "tweede_organisatie": "geen", "locatie": "gemeentehuis"})
    events, messages = run(ValidateOrganisatieForm(), state)
    assert _slots(events)["contact"] in ("0612345678", "els@example.nl") and not messages


def test_a_confirmed_agency_appointment_comes_with_its_calendar_file(live):
    from datetime import timedelta

    from bot.agencies.scheduler import agency_scheduler
    from bot.config.facts import today

    scheduler = agency_scheduler()
    days = scheduler.free_days(["uwv"], "gemeentehuis", today() + timedelta(days=1), today() + timedelta(days=21))
    slot = scheduler.free_times(["uwv"], "gemeentehuis", days[0])[0]
    state = tracker(slots={"organisatie": "uwv", "tweede_organisatie": "geen", "locatie": "gemeentehuis",
                           "dag": slot.start.date().isoformat(), "tijd": slot.start.isoformat(),
                           "naam": "Els de Boer", "contact": "els@example.nl", "toestemming": False,
                           "bevestigd": True})
    events, messages = run(ActionBookAgencyAppointment(), state)
    reference = _slots(events)["laatste_afspraak"]
    [calendar] = [m["attachment"] for m in messages if m.get("attachment")]
    assert (calendar["type"], calendar["filename"], calendar["mime_type"]) == ("file", "afspraak.ics", "text/calendar")
    assert calendar["content"].startswith("BEGIN:VCALENDAR") and reference in calendar["content"]
