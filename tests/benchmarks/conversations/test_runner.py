"""The conversation suite runs on a stopped clock (ASSISTANT_CLOCK): "volgende week vrijdag" is
then the same day whatever the real date, and the outcome is checked against that day."""
from __future__ import annotations

from datetime import date, timedelta

from benchmarks.conversations.loader import CLOCKS, DEFAULT_CLOCK
from benchmarks.conversations.runner import Player, _appointment_mismatch, expected_day


def test_the_suite_checks_dates_against_the_assistants_clock_not_the_real_one():
    player = Player("http://127.0.0.1:1", None)
    player.clock = CLOCKS[DEFAULT_CLOCK]
    assert player.today() == date(2026, 11, 23)
    assert expected_day({"weekday": "vrijdag", "week": "next"}, player.today()) == date(2026, 12, 4)
    booked = [{"reference": "ABCD2345", "status": "booked", "start": "2026-12-04T09:00:00+01:00"}]
    assert _appointment_mismatch({"weekday": "vrijdag", "week": "next"}, booked, player.today()) is None


def test_without_a_clock_of_its_own_the_real_date_counts():
    assert Player("http://127.0.0.1:1", None).today() == date.today()


def test_the_weeks_the_suite_books_in_have_no_closed_day(config):
    """The fixed clock keeps the dialogues that book "volgende week <dag>" away from 25-26 December."""
    start = Player("http://127.0.0.1:1", None)
    for moment in CLOCKS.values():
        start.clock = moment
        today = start.today()
        days = {today + timedelta(days=n) for n in range(1, 15)}
        for location in config.locaties.values():
            assert not days & set(location.gesloten), (moment, location.naam)
