"""Appointments with agency employees, on SQLite and PostgreSQL: the agency's own days and
desk, two agencies on one appointment, and the whole agency_booking with the masked transcript
(consent yes and no), which outlives the conversation and goes with the retention purge."""
from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.agencies.booking import AgencyBooking
from bot.agencies.scheduler import AgencyScheduler, agency_desk
from bot.appointments.backend import AGENCIES, create_backend
from bot.appointments.database import BOOKING_ATTEMPTS
from bot.appointments.service import BookingService
from bot.appointments.types import AgenciesNotTogether, ClosedDay, Contact, SlotTaken
from bot.conversations import transcript
from bot.conversations.retention import delete_conversations, purge
from bot.conversations.tracker_events import tracker_url
from bot.conversations.types import Sender
from bot.core.clock import TIMEZONE
from bot.db.models import AppointmentAgencyRow, AppointmentRow, AppointmentTranscriptRow
from bot.notify.mailer import MailSettings
from tests.support.booking import Conflicting

TUESDAY = date(2026, 11, 24)
WEDNESDAY = date(2026, 11, 25)
THURSDAY = date(2026, 11, 26)


@pytest.fixture
def agencies(sessions, config, clock):
    return AgencyScheduler(sessions, config=lambda: config, now=clock)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TIMEZONE)


def test_an_agency_is_bookable_only_on_its_own_days_there(agencies):
    days = agencies.free_days(["uwv"], "gemeentehuis", TUESDAY, TUESDAY + timedelta(days=13))
    assert days and {d.weekday() for d in days} == {1, 3}  # dinsdag and donderdag
    assert agencies.free_times(["uwv"], "gemeentehuis", WEDNESDAY) == []
    with pytest.raises(ClosedDay):
        agencies.book(["uwv"], "gemeentehuis", at(WEDNESDAY, 9), Contact("Jan Jansen", "jan@example.nl"))


def test_times_follow_the_appointment_length_inside_opening_hours(agencies, config):
    starts = [s.start.strftime("%H:%M") for s in agencies.free_times(["uwv"], "servicepunt_de_weide", TUESDAY)]
    assert starts == ["09:00", "09:45", "10:30", "11:15"]  # 45 minutes, open 09:00-12:30
    assert config.spreekuur.duur_minuten == 45


def test_two_agencies_share_one_appointment_and_both_employees_are_busy(agencies, sessions):
    booked = agencies.book(["uwv", "svb"], "servicepunt_de_weide", at(TUESDAY, 9), Contact("Jan Jansen", phone="0612345678"))
    assert agencies.agencies_of(booked.reference) == ["svb", "uwv"]
    for alone in (["uwv"], ["svb"]):
        assert at(TUESDAY, 9) not in [s.start for s in agencies.free_times(alone, "servicepunt_de_weide", TUESDAY)]
    with sessions() as session:
        row = session.execute(select(AppointmentRow).where(AppointmentRow.reference == booked.reference)).scalar_one()
        assert row.product_code == "spreekuur" and row.phone == "0612345678" and row.email is None
        assert row.desk == agency_desk("uwv")


def test_agencies_never_together_are_refused(agencies):
    with pytest.raises(AgenciesNotTogether):
        agencies.free_days(["uwv", "duo"], "gemeentehuis", TUESDAY, THURSDAY)


def test_the_same_agency_time_cannot_be_booked_twice_and_alternatives_are_offered(agencies):
    agencies.book(["cak"], "gemeentehuis", at(THURSDAY, 9), Contact("Eerste", "een@example.nl"))
    with pytest.raises(SlotTaken) as taken:
        agencies.book(["cak"], "gemeentehuis", at(THURSDAY, 9), Contact("Tweede", "twee@example.nl"))
    assert taken.value.alternatives and all(a.start != at(THURSDAY, 9) for a in taken.value.alternatives)


def test_an_agency_appointment_leaves_the_counter_desks_free(agencies, scheduler):
    before = scheduler.free_times("paspoort", "gemeentehuis", TUESDAY)
    agencies.book(["uwv"], "gemeentehuis", at(TUESDAY, 9), Contact("Jan Jansen", "jan@example.nl"))
    assert scheduler.free_times("paspoort", "gemeentehuis", TUESDAY) == before


# -- the whole agency_booking ----------------------------------------------------------------------
RESIDENT_SAYS = [
    (Sender.RESIDENT, "mijn ww is gestopt, mijn bsn is 111222333"),
    (Sender.BOT, "Dit is een vraag voor het UWV. Mail gerust naar info@wilgendaal.example of bel het UWV op "
                 "088 898 92 94 of de gemeente op 0123 45 67 89."),
    (Sender.RESIDENT, "het geld moet naar NL91ABNA0417164300, bel me op 06-12345678 of mail ik@prive.nl"),
    (Sender.RESIDENT, "mijn contactadres is fatima@example.nl"),
]


@pytest.fixture
def conversation(sessions):
    with sessions.begin() as session:
        conversation_id, _ = transcript.create_conversation(session)
        for sender, text in RESIDENT_SAYS:
            transcript.append(session, conversation_id, sender, text)
    return conversation_id


@pytest.fixture
def agency_booking(agencies, scheduler, config, content, clock, tmp_path):
    mail = MailSettings(host=None, outbox=tmp_path / "outbox", sender="noreply@wilgendaal.example")
    service = BookingService(scheduler, mail, config=lambda: config, content=lambda: content)
    return AgencyBooking(agencies, service, lambda: config, now=clock)


def _slots(**extra):
    slots = {"organisatie": "uwv", "tweede_organisatie": "svb", "locatie": "servicepunt_de_weide",
             "tijd": at(TUESDAY, 9, 45).isoformat(), "naam": "Fatima el Amrani", "contact": "fatima@example.nl",
             "toestemming": True, "bevestigd": True}
    slots.update(extra)
    return slots


def _stored(sessions, reference):
    with sessions() as session:
        row = session.execute(select(AppointmentRow).where(AppointmentRow.reference == reference)).scalar_one()
        shared = session.get(AppointmentTranscriptRow, row.id)
        agencies = sorted(session.execute(select(AppointmentAgencyRow.agency_code).where(
            AppointmentAgencyRow.appointment_id == row.id)).scalars())
        return row, shared, agencies


def test_with_consent_the_masked_transcript_is_attached(agency_booking, sessions, conversation, tmp_path):
    booked = agency_booking.book(_slots(), conversation)
    row, shared, agencies = _stored(sessions, booked.appointment.reference)
    assert agencies == ["svb", "uwv"]
    assert shared is not None and shared.conversation_id == conversation and shared.consent_at is not None
    texts = [m["text"] for m in json.loads(shared.messages)]
    whole = "\n".join(texts)
    for secret in ("111222333", "NL91ABNA0417164300", "06-12345678", "ik@prive.nl"):
        assert secret not in whole
    for mark in ("[BSN]", "[IBAN]", "[TELEFOON]", "[E-MAIL]"):
        assert mark in whole
    assert "fatima@example.nl" in whole  # the resident's contact address stays readable
    assert "info@wilgendaal.example" in whole  # and the municipality's own
    assert "088 898 92 94" in whole and "0123 45 67 89" in whole  # public numbers of agency and municipality
    assert len(texts) == len(RESIDENT_SAYS)
    assert booked.mail_sent and list((tmp_path / "outbox").iterdir())


def test_without_consent_the_appointment_is_made_without_transcript(agency_booking, sessions, conversation):
    booked = agency_booking.book(_slots(toestemming=False, tweede_organisatie="geen", contact="06 12345678"), conversation)
    row, shared, agencies = _stored(sessions, booked.appointment.reference)
    assert shared is None and agencies == ["uwv"] and row.phone == "0612345678"
    assert not booked.mail_sent  # no e-mail address, so no mail


def test_button_payloads_in_the_attached_copy_are_masked(agency_booking, sessions):
    events = [{"event": "bot", "text": "Klopt dit?", "timestamp": 1764000001.0,
               "data": {"buttons": [{"title": "Ja", "payload": '/informeren{"bsn": "111222333"}'}]}}]
    booked = agency_booking.book(_slots(), "terminal-sender", events)
    _, shared, _ = _stored(sessions, booked.appointment.reference)
    assert json.loads(shared.messages)[0]["buttons"] == [{"title": "Ja", "payload": '/informeren{"bsn": "[BSN]"}'}]


def test_a_chat_outside_the_gateway_is_attached_from_rasas_events(agency_booking, sessions):
    events = [{"event": "user", "text": "mijn bsn is 111222333", "timestamp": 1764000000.0},
              {"event": "bot", "text": "Dat kan.", "timestamp": 1764000001.0, "data": {"buttons": []}},
              {"event": "slot", "name": "naam", "value": "x"}]
    booked = agency_booking.book(_slots(), "terminal-sender", events)
    _, shared, _ = _stored(sessions, booked.appointment.reference)
    messages = json.loads(shared.messages)
    assert [m["sender"] for m in messages] == ["resident", "bot"]
    assert messages[0]["text"] == "mijn bsn is [BSN]"


def test_the_attached_copy_outlives_the_conversation_until_retention_after_the_appointment(
        agency_booking, sessions, conversation, database_url):
    booked = agency_booking.book(_slots(), conversation)
    events = tracker_url(database_url)
    with sessions.begin() as session:
        delete_conversations(session, events, [conversation])  # the resident deletes the chat
    assert _stored(sessions, booked.appointment.reference)[1] is not None
    end = booked.appointment.end.astimezone(timezone.utc).replace(tzinfo=None)  # as stored
    kept = purge(end + timedelta(days=89), database_url, events, retention_days=90)
    assert kept.attached_transcripts == 0 and _stored(sessions, booked.appointment.reference)[1] is not None
    gone = purge(end + timedelta(days=91), database_url, events, retention_days=90)
    assert gone.attached_transcripts == 1
    row, shared, agencies = _stored(sessions, booked.appointment.reference)
    assert shared is None and row.status == "booked" and agencies == ["svb", "uwv"]  # the appointment stays


def test_an_agency_appointment_moves_with_its_agencies_and_frees_the_old_time(agencies, agency_booking, sessions,
                                                                              conversation):
    booked = agency_booking.book(_slots(), conversation)  # the UWV and the SVB, Tuesday 9:45 at the servicepunt
    service = agency_booking.service
    service.agencies = agencies
    moved = service.move(booked.appointment.reference, "fatima@example.nl", at(TUESDAY + timedelta(days=7), 10, 30))
    assert moved.appointment.start == at(TUESDAY + timedelta(days=7), 10, 30)
    assert agencies.agencies_of(booked.appointment.reference) == ["svb", "uwv"]
    for alone in (["uwv"], ["svb"]):
        free = [s.start for s in agencies.free_times(alone, "servicepunt_de_weide", TUESDAY)]
        assert at(TUESDAY, 9, 45) in free  # the old time is free again for both employees
    assert _stored(sessions, booked.appointment.reference)[1] is not None  # the shared chat stays attached


def test_moving_an_agency_appointment_to_a_taken_time_keeps_the_old_one(agencies, agency_booking):
    first = agency_booking.book(_slots(), None)
    other = agencies.book(["uwv"], "servicepunt_de_weide", at(TUESDAY, 11, 15), Contact("Ander", "ander@example.nl"))
    with pytest.raises(SlotTaken):
        agencies.move(first.appointment.reference, other.start)
    with pytest.raises(ClosedDay):
        agencies.move(first.appointment.reference, at(WEDNESDAY, 9))
    for alone in (["uwv"], ["svb"]):  # still booked at the old time with both employees
        assert at(TUESDAY, 9, 45) not in [s.start for s in agencies.free_times(alone, "servicepunt_de_weide", TUESDAY)]


# -- the agency scheduler as a booking backend ---------------------------------------------------
def test_the_agency_scheduler_is_the_registered_agencies_backend():
    assert isinstance(create_backend(AGENCIES), AgencyScheduler)


def test_agencies_are_its_products_and_pilot_locations_its_places(agencies, config):
    assert {"uwv", "svb", "cak"} <= {p.code for p in agencies.products()}
    assert all(p.duration_minutes == config.spreekuur.duur_minuten for p in agencies.products())
    together = [loc.code for loc in agencies.locations(["uwv", "svb"])]
    assert "servicepunt_de_weide" in together
    assert [loc.code for loc in agencies.locations(["uwv", "duo"])] == []  # never together


def test_one_agency_as_a_plain_code_is_the_same_as_a_list(agencies):
    assert agencies.free_times("uwv", "gemeentehuis", TUESDAY) == agencies.free_times(["uwv"], "gemeentehuis", TUESDAY)


def test_its_reminders_are_the_agency_appointments_and_the_counter_reminds_of_all(agencies, scheduler):
    with_agency = agencies.book(["uwv"], "gemeentehuis", at(TUESDAY, 9), Contact("Jan Jansen", "jan@example.nl"))
    at_counter = scheduler.book("paspoort", "gemeentehuis", at(TUESDAY, 10), Contact("Piet", "piet@example.nl"))
    assert [a.reference for a in agencies.due_reminders(TUESDAY)] == [with_agency.reference]
    assert [a.reference for a in scheduler.due_reminders(TUESDAY)] == [with_agency.reference, at_counter.reference]
    agencies.mark_reminded(with_agency.reference)
    assert agencies.due_reminders(TUESDAY) == []


def test_cancelling_frees_both_employees(agencies):
    booked = agencies.book(["uwv", "svb"], "servicepunt_de_weide", at(TUESDAY, 9), Contact("Jan", "jan@example.nl"))
    agencies.cancel(booked.reference)
    for alone in (["uwv"], ["svb"]):
        assert at(TUESDAY, 9) in [s.start for s in agencies.free_times(alone, "servicepunt_de_weide", TUESDAY)]


@pytest.mark.parametrize("conflicts, outcome", [(2, "booked"), (99, "taken")])
def test_agency_bookings_retry_conflicts_as_often_as_the_counter(sessions, config, clock, conflicts, outcome):
    conflicting = Conflicting(sessions, conflicts)
    scheduler = AgencyScheduler(conflicting, lambda: config, clock)
    if outcome == "booked":
        scheduler.book(["uwv", "svb"], "servicepunt_de_weide", at(TUESDAY, 9), Contact("Jan", "jan@example.nl"))
        assert conflicting.begun == 3
    else:
        with pytest.raises(SlotTaken):
            scheduler.book(["uwv", "svb"], "servicepunt_de_weide", at(TUESDAY, 9), Contact("Jan", "jan@example.nl"))
        assert conflicting.begun == BOOKING_ATTEMPTS


def test_an_agency_appointment_keeps_the_language_it_was_booked_in_for_its_reminder(agencies):
    english = agencies.book(["uwv"], "gemeentehuis", at(TUESDAY, 9), Contact("Jan", "jan@example.nl", language="en"))
    dutch = agencies.book(["svb"], "servicepunt_de_weide", at(TUESDAY, 9), Contact("Piet", "piet@example.nl"))
    assert (english.language, dutch.language) == ("en", "nl")
    assert {a.reference: a.language for a in agencies.due_reminders(TUESDAY)} == {english.reference: "en",
                                                                                  dutch.reference: "nl"}
