"""The staff's appointments API: the list of a day or of a few days (``days``) with the places
to choose from and the agencies' names, and one appointment with its shared transcript.
KCC and administrators see all; an agency employee only its own appointments and pilot
locations (others are 404 for them); other roles 403; bad dates, periods and places 422.
And the transcript route for agencies."""
from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from bot.agencies.scheduler import AgencyScheduler
from bot.agencies.shared_transcript import masked_copy
from bot.appointments.database import DatabaseScheduler
from bot.appointments.sync import sync_from_config
from bot.appointments.types import Contact
from bot.audit import log as audit
from bot.conversations import transcript
from bot.conversations.retention import delete_conversations
from bot.conversations.tracker_events import tracker_url
from bot.conversations.types import Sender
from bot.core.clock import TIMEZONE
from bot.core.settings import get_settings
from tests.support.booking import NOW
from tests.support.staff import db, make_account

TUESDAY = datetime(2026, 11, 24).date()


def at(hour: int, minute: int = 0, day: int = 0) -> datetime:
    """A time on the Tuesday, or ``day`` days after it."""
    return datetime.combine(TUESDAY + timedelta(days=day), time(hour, minute), tzinfo=TIMEZONE)


@pytest.fixture
def booked(gateway, config):
    """On Tuesday: the UWV with the SVB at 9:00 (chat shared), the SVB alone at 10:30 (not
    shared), a passport at the town hall at 11:00; the conversation of the shared chat; and a second, unrelated conversation."""
    with db().begin() as session:
        sync_from_config(session, config)
        shared_chat, _ = transcript.create_conversation(session)
        transcript.append(session, shared_chat, Sender.RESIDENT, "mijn bsn is 111222333, mail: jan@example.nl")
        other_chat, _ = transcript.create_conversation(session)
        transcript.append(session, other_chat, Sender.RESIDENT, "iets anders")
        messages = [m.as_json() for m in transcript.messages_after(session, shared_chat)]
    agencies = AgencyScheduler(db(), lambda: config, lambda: NOW)
    counter = DatabaseScheduler(db(), lambda: config, lambda: NOW)
    shared = masked_copy(messages, shared_chat, NOW, ["jan@example.nl"])
    return {
        "passport": counter.book("paspoort", "gemeentehuis", at(11), Contact("Piet Paspoort", "piet@example.nl")),
        "uwv_svb": agencies.book(["uwv", "svb"], "servicepunt_de_weide", at(9), Contact("Jan Jansen", "jan@example.nl"),
                                 shared),
        "svb": agencies.book(["svb"], "gemeentehuis", at(10, 30), Contact("Sara de Vries", phone="0612345678")),
        "shared_chat": shared_chat, "other_chat": other_chat,
    }


def _list(gateway, headers, **params):
    return gateway.get("/api/appointments", params={"date": "2026-11-24", **params}, headers=headers)


def test_kcc_sees_every_appointment_of_the_day_in_order(gateway, staff, booked):
    answer = _list(gateway, staff.headers("kcc"))
    assert answer.status_code == 200
    found = answer.json()["appointments"]
    assert [a["reference"] for a in found] == [booked[k].reference for k in ("uwv_svb", "svb", "passport")]
    first = found[0]
    assert first["agencies"] == ["svb", "uwv"] and first["has_transcript"] is True
    assert first["product"] == "spreekuur" and first["location_name"] == "Servicepunt De Weide"
    assert first["start"] == "2026-11-24T08:00:00.000+00:00" and first["end"] == "2026-11-24T08:45:00.000+00:00"
    assert first["status"] == "booked" and first["name"] == "Jan Jansen"
    assert found[2]["agencies"] == [] and found[2]["product_name"] == "paspoort"
    assert "email" not in first  # only in the detail


def test_a_location_narrows_the_list(gateway, staff, booked):
    found = _list(gateway, staff.headers("admin"), location="gemeentehuis").json()["appointments"]
    assert [a["reference"] for a in found] == [booked["svb"].reference, booked["passport"].reference]


def test_an_agency_sees_only_appointments_carrying_its_agency(gateway, staff, booked):
    found = _list(gateway, staff.headers("agency")).json()["appointments"]  # agency:uwv
    assert [a["reference"] for a in found] == [booked["uwv_svb"].reference]
    make_account("svb", ["agency:svb"])
    found = _list(gateway, staff.headers("svb")).json()["appointments"]
    assert [a["reference"] for a in found] == [booked["uwv_svb"].reference, booked["svb"].reference]


def test_the_detail_carries_contact_and_the_masked_transcript(gateway, staff, booked):
    answer = gateway.get(f"/api/appointments/{booked['uwv_svb'].reference}", headers=staff.headers("agency"))
    assert answer.status_code == 200
    shown = answer.json()["appointment"]
    assert shown["email"] == "jan@example.nl" and shown["phone"] is None
    shared = shown["transcript"]
    assert shared["conversation_id"] == booked["shared_chat"] and shared["consent_at"].endswith("+00:00")
    assert shared["messages"][0]["text"] == "mijn bsn is [BSN], mail: jan@example.nl"
    assert shared["messages"][0]["sender"] == "resident"


def test_an_appointment_without_consent_has_no_transcript(gateway, staff, booked):
    shown = gateway.get(f"/api/appointments/{booked['svb'].reference}", headers=staff.headers("kcc")).json()
    assert shown["appointment"]["transcript"] is None and shown["appointment"]["phone"] == "0612345678"


@pytest.mark.parametrize("which", ["svb", "passport"])
def test_another_agencys_appointment_is_not_found_for_an_agency(gateway, staff, booked, which):
    answer = gateway.get(f"/api/appointments/{booked[which].reference}", headers=staff.headers("agency"))
    assert answer.status_code == 404 and answer.json()["error"] == "not_found"
    unknown = gateway.get("/api/appointments/ABCD2345", headers=staff.headers("agency"))
    assert unknown.status_code == 404 and unknown.json() == answer.json()  # the same answer: nothing leaks


@pytest.mark.parametrize("path", ["/api/appointments?date=2026-11-24", "/api/appointments/ABCD2345"])
def test_other_roles_are_forbidden_and_strangers_unauthenticated(gateway, staff, booked, path):
    assert gateway.get(path, headers=staff.headers("content")).status_code == 403
    assert gateway.get(path).status_code == 401
    assert gateway.get(path, headers={"Authorization": "Bearer nope"}).status_code == 401


@pytest.mark.parametrize("params, code", [
    ({"date": "24-11-2026"}, "invalid_date"), ({"date": "2026-02-30"}, "invalid_date"), ({"date": ""}, "invalid_date"),
    ({"date": "2026-11-24", "location": "maan"}, "unknown_location"),
    ({"date": "2026-11-24", "location": "'; drop table appointments; --"}, "unknown_location"),
])
def test_bad_dates_and_places_are_422(gateway, staff, booked, params, code):
    answer = gateway.get("/api/appointments", params=params, headers=staff.headers("kcc"))
    assert answer.status_code == 422 and answer.json()["error"] == code and answer.json()["detail"]


def test_a_day_without_appointments_is_an_empty_list(gateway, staff, booked):
    assert _list(gateway, staff.headers("kcc"), date="2026-11-25").json()["appointments"] == []


def test_agencies_are_named_as_in_the_configuration(gateway, staff, booked, config):
    found = _list(gateway, staff.headers("kcc")).json()["appointments"]
    named = {a["reference"]: (a["agencies"], a["agency_names"]) for a in found}
    agencies = config.uitvoeringsorganisaties
    assert named[booked["uwv_svb"].reference] == (["svb", "uwv"], [agencies["svb"].naam, agencies["uwv"].naam])
    assert named[booked["uwv_svb"].reference][1] == ["SVB", "UWV"]  # names, not codes
    assert named[booked["passport"].reference] == ([], [])
    detail = gateway.get(f"/api/appointments/{booked['svb'].reference}", headers=staff.headers("agency"))
    assert detail.status_code == 404  # names change nothing about who sees what
    detail = gateway.get(f"/api/appointments/{booked['svb'].reference}", headers=staff.headers("kcc")).json()
    assert detail["appointment"]["agency_names"] == [agencies["svb"].naam]


def test_the_kcc_chooses_from_every_location_of_the_configuration(gateway, staff, booked, config):
    expected = [{"code": code, "name": place.naam} for code, place in config.locaties.items()]
    for who in ("kcc", "admin"):
        answer = _list(gateway, staff.headers(who), date="2026-11-25").json()  # also on a day without appointments
        assert answer["locations"] == expected
    assert len(expected) > 2  # more than the places of the listed appointments


def test_an_agency_chooses_only_from_the_pilot_locations_where_it_is(gateway, staff, booked, config):
    uwv = _list(gateway, staff.headers("agency")).json()["locations"]
    assert uwv == [{"code": code, "name": config.locaties[code].naam}
                   for code in ("gemeentehuis", "servicepunt_de_weide")]
    make_account("duo", ["agency:duo"])  # at the town hall only
    assert [p["code"] for p in _list(gateway, staff.headers("duo")).json()["locations"]] == ["gemeentehuis"]
    make_account("both", ["agency:duo agency:svb"])
    assert [p["code"] for p in _list(gateway, staff.headers("both")).json()["locations"]] == [
        "gemeentehuis", "servicepunt_de_weide"]


@pytest.fixture
def coming(booked, config):
    """After the Tuesday of ``booked``: DUO on Wednesday, the UWV on Thursday (town hall),
    the UWV a week later on Tuesday 1 December (servicepunt)."""
    agencies = AgencyScheduler(db(), lambda: config, lambda: NOW)
    return {**booked,
            "duo": agencies.book(["duo"], "gemeentehuis", at(9, 45, day=1), Contact("Dirk Duo", "dirk@example.nl")),
            "uwv_thursday": agencies.book(["uwv"], "gemeentehuis", at(10, 30, day=2), Contact("Kees Later", "kees@example.nl")),
            "uwv_next_week": agencies.book(["uwv"], "servicepunt_de_weide", at(9, day=7),
                                           Contact("Els Volgend", "els@example.nl"))}


def _references(answer):
    assert answer.status_code == 200
    return [a["reference"] for a in answer.json()["appointments"]]


def test_days_lists_that_many_days_from_the_date_in_order(gateway, staff, coming):
    week = _references(_list(gateway, staff.headers("kcc"), days="7"))  # Tuesday 24 up to Monday 30
    assert week == [coming[k].reference for k in ("uwv_svb", "svb", "passport", "duo", "uwv_thursday")]
    assert _references(_list(gateway, staff.headers("kcc"), days="8"))[-1] == coming["uwv_next_week"].reference
    assert _references(_list(gateway, staff.headers("kcc"), days="1")) == _references(_list(gateway, staff.headers("kcc")))
    later = _references(_list(gateway, staff.headers("kcc"), date="2026-11-26", days="31"))
    assert later == [coming["uwv_thursday"].reference, coming["uwv_next_week"].reference]


def test_days_keeps_the_place_and_the_agency_scope(gateway, staff, coming):
    at_town_hall = _references(_list(gateway, staff.headers("kcc"), days="7", location="gemeentehuis"))
    assert at_town_hall == [coming[k].reference for k in ("svb", "passport", "duo", "uwv_thursday")]
    uwv = _references(_list(gateway, staff.headers("agency"), days="14"))
    assert uwv == [coming[k].reference for k in ("uwv_svb", "uwv_thursday", "uwv_next_week")]
    make_account("duo", ["agency:duo"])
    assert _references(_list(gateway, staff.headers("duo"), days="14")) == [coming["duo"].reference]


@pytest.mark.parametrize("days", ["0", "32", "x", "", "-1", "1.5", "007", "٣"])
def test_a_bad_number_of_days_is_422_and_lists_nothing(gateway, staff, booked, days):
    answer = _list(gateway, staff.headers("kcc"), days=days)
    assert answer.status_code == 422 and answer.json()["error"] == "invalid_days" and answer.json()["detail"]
    assert "appointments" not in answer.json()


@pytest.mark.parametrize("params", [{"date": "0001-01-01"}, {"date": "9999-12-31"}, {"date": "9999-12-20", "days": "31"}])
def test_days_at_the_edge_of_the_calendar_are_422_not_a_crash(gateway, staff, booked, params):
    answer = gateway.get("/api/appointments", params=params, headers=staff.headers("kcc"))
    assert answer.status_code == 422 and answer.json()["error"] == "invalid_date"


def test_a_bad_period_is_refused_only_after_the_role_check(gateway, staff, booked):
    assert _list(gateway, staff.headers("content"), days="0").status_code == 403
    assert gateway.get("/api/appointments", params={"days": "0"}).status_code == 401


def test_an_agency_reads_the_shared_copy_of_a_conversation_attached_to_its_appointment(gateway, staff, booked):
    answer = gateway.get(f"/api/conversations/{booked['shared_chat']}/transcript", headers=staff.headers("agency"))
    assert answer.status_code == 200
    shown = answer.json()
    assert shown["appointments"] == [booked["uwv_svb"].reference]
    assert shown["messages"][0]["text"] == "mijn bsn is [BSN], mail: jan@example.nl"
    kcc = gateway.get(f"/api/conversations/{booked['shared_chat']}/transcript", headers=staff.headers("kcc")).json()
    assert kcc["messages"][0]["text"] == "mijn bsn is 111222333, mail: jan@example.nl"  # the KCC reads the chat itself


def test_an_agency_cannot_read_other_conversations(gateway, staff, booked):
    for conversation in (booked["other_chat"], "not-a-conversation"):
        answer = gateway.get(f"/api/conversations/{conversation}/transcript", headers=staff.headers("agency"))
        assert answer.status_code == 404
    assert gateway.get(f"/api/conversations/{booked['shared_chat']}/transcript",
                       headers=staff.headers("content")).status_code == 403


def test_the_shared_copy_stays_readable_after_the_resident_deletes_the_chat(gateway, staff, booked):
    url = get_settings().database_url
    with db().begin() as session:
        assert delete_conversations(session, tracker_url(url), [booked["shared_chat"]]).conversations == 1
    answer = gateway.get(f"/api/appointments/{booked['uwv_svb'].reference}", headers=staff.headers("agency"))
    assert answer.json()["appointment"]["transcript"]["messages"][0]["text"].startswith("mijn bsn is [BSN]")


def test_the_openapi_document_describes_the_appointment_calls_and_every_reference_resolves():
    import json
    import re as regex

    from bot.web.openapi import OPENAPI

    assert {"/api/appointments", "/api/appointments/{reference}"} <= set(OPENAPI["paths"])
    assert "422" in OPENAPI["paths"]["/api/appointments"]["get"]["responses"]
    listing = OPENAPI["paths"]["/api/appointments"]["get"]
    assert {p["name"] for p in listing["parameters"]} == {"date", "days", "location"}
    assert {"appointments", "locations"} <= set(OPENAPI["components"]["schemas"]["Appointments"]["required"])
    assert "agency_names" in OPENAPI["components"]["schemas"]["AppointmentSummary"]["required"]
    names = set(regex.findall(r"#/components/schemas/(\w+)", json.dumps(OPENAPI)))
    assert names <= set(OPENAPI["components"]["schemas"])


def test_reading_appointments_is_in_the_audit_log(gateway, staff, booked):
    reference = booked["passport"].reference
    assert gateway.get(f"/api/appointments/{reference}", headers=staff.headers("kcc")).status_code == 200
    assert _list(gateway, staff.headers("kcc")).status_code == 200
    assert gateway.get("/api/appointments/NOPE1234", headers=staff.headers("agency")).status_code == 404
    with db().begin() as session:
        found = [(e.actor, e.action, e.object_id, e.result) for e in reversed(audit.search(session))
                 if e.action.endswith("_view")]
    assert found == [("kcc", "appointment_view", reference, "ok"), ("kcc", "appointments_view", None, "ok"),
                     ("agency", "appointment_view", "NOPE1234", "refused")]
