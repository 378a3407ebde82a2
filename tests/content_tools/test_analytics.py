"""The figures on a small seeded database: every number worked out by hand below."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bot.content_tools.analytics import Period, analytics
from bot.content_tools.tracker import read_events
from bot.core.clock import TIMEZONE
from tests.support.content import NOW

PERIOD = Period.last_days(7, date(2026, 11, 20), TIMEZONE)  # 14 to 20 November, Amsterdam time


def figures(seed):
    read = read_events(seed.tracker, PERIOD.start_utc)
    with seed.sessions.begin() as session:
        return analytics(session, PERIOD, read.events, read.available)


@pytest.fixture
def seeded(seed):
    day = timedelta(days=1)
    # 20 Nov: understood once, one fallback, one button press; thumbs up and down; no person
    c1 = seed.conversation(NOW, [("resident", "wat kost een paspoort"), ("bot", "..."), ("resident", "grofvuil"),
                                 ("bot", "Bedoelt u?"), ("resident", "Afspraak maken")])
    seed.user(c1, "wat kost een paspoort", "paspoort_id_aanvragen", 0.95, NOW)
    seed.user(c1, "grofvuil", "nlu_fallback", 0.35, NOW + timedelta(minutes=1))
    seed.user(c1, "/afspraak_maken", "afspraak_maken", 1.0, NOW + timedelta(minutes=2))
    seed.thumbs(c1, 2, helpful=True)
    seed.thumbs(c1, 4, helpful=False)
    # 19 Nov: asked for a person in office hours (handover)
    c2 = seed.conversation(NOW - day, [("resident", "mag ik een medewerker")])
    seed.user(c2, "mag ik een medewerker", "menselijk_contact", 0.99, NOW - day)
    seed.handover(c2, NOW - day + timedelta(minutes=1))
    # 19 Nov: asked for a person outside office hours (no handover, but not without a person)
    c3 = seed.conversation(NOW - day, [("resident", "ik wil een mens")])
    seed.user(c3, "ik wil een mens", "menselijk_contact", 0.97, NOW - day)
    # 17 Nov 23:30 UTC is 18 Nov in Amsterdam: a call-back request
    c4 = seed.conversation(datetime(2026, 11, 17, 23, 30), [("resident", "bel mij terug")])
    seed.callback(c4, datetime(2026, 11, 17, 23, 35))
    # not counted: nothing written by the resident; before the period
    seed.conversation(NOW, [("bot", "Welkom")])
    seed.conversation(NOW - 10 * day, [("resident", "oud")])
    seed.user("old", "oud", "nlu_fallback", 0.2, NOW - 10 * day)
    # appointments: one in the period, one before it
    seed.appointment(NOW - day, "ABCD1234")
    seed.appointment(NOW - 20 * day, "ABCD9999")
    return seed


def test_the_totals(seeded):
    shown = figures(seeded)
    assert shown["period"] == {"from": "2026-11-14", "to": "2026-11-20", "days": 7, "timezone": "Europe/Amsterdam"}
    assert shown["tracker_available"] is True
    assert shown["conversations"] == 4
    assert shown["messages"] == 4  # typed: 2 in c1, 1 in c2, 1 in c3; the button press is not typed
    assert shown["fallbacks"] == 1
    assert shown["fallback_rate"] == 0.25
    assert shown["handovers"] == 1
    assert shown["handover_rate"] == 0.25
    assert shown["resolved_without_person"] == 0.25  # only c1: c2 handover, c3 asked, c4 call-back
    assert shown["appointments_made"] == 1
    assert shown["feedback"] == {"helpful": 1, "not_helpful": 1}


def test_top_intents_most_asked_first_without_the_fallback(seeded):
    assert figures(seeded)["top_intents"] == [{"intent": "menselijk_contact", "count": 2},
                                              {"intent": "afspraak_maken", "count": 1},
                                              {"intent": "paspoort_id_aanvragen", "count": 1}]


def test_per_day_in_the_municipalitys_time_zone(seeded):
    days = {d["date"]: d for d in figures(seeded)["per_day"]}
    assert list(days) == [f"2026-11-{n}" for n in range(14, 21)]
    assert days["2026-11-20"] == {"date": "2026-11-20", "conversations": 1, "handovers": 0, "appointments": 0,
                                  "fallbacks": 1}
    assert days["2026-11-19"] == {"date": "2026-11-19", "conversations": 2, "handovers": 1, "appointments": 1,
                                  "fallbacks": 0}
    assert days["2026-11-18"]["conversations"] == 1
    assert days["2026-11-17"]["conversations"] == 0


def test_without_rasas_events_message_figures_are_unknown_not_zero(seed):
    seed.conversation(NOW, [("resident", "hallo")])
    shown = figures(seed)
    assert shown["tracker_available"] is False
    assert (shown["messages"], shown["fallbacks"], shown["fallback_rate"]) == (None, None, None)
    assert shown["top_intents"] == []
    assert shown["conversations"] == 1 and shown["resolved_without_person"] == 1.0


def test_an_empty_period_has_no_rates(seed):
    shown = figures(seed)
    assert shown["conversations"] == 0
    assert shown["handover_rate"] is None and shown["resolved_without_person"] is None
