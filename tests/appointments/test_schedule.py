"""A location's next times from its schedule and the assistant's clock."""
from __future__ import annotations

from datetime import date, datetime

from bot.appointments.schedule import next_windows
from bot.core.clock import TIMEZONE


def test_the_next_times_follow_the_rooster_and_its_week_parity(config):
    library = config.locaties["bibliotheek_oosterhout"]
    now = datetime(2026, 11, 23, 10, 0, tzinfo=TIMEZONE)  # Monday of ISO week 48 (even)
    found = next_windows(library, now, count=3)
    assert [(start.date().isoformat(), f"{start:%H:%M}", f"{end:%H:%M}") for start, end in found] == [
        ("2026-11-25", "10:00", "12:30"),  # woensdag, every week
        ("2026-12-02", "10:00", "12:30"),  # Saturday 28 November is in an even week: not held
        ("2026-12-05", "10:00", "13:00"),  # zaterdag in an odd week
    ]
    for start, end in found:
        slot = next(s for s in library.rooster if s.is_held_on(start.date()))
        assert (start.time(), end.time()) == (slot.tijd.start, slot.tijd.end)


def test_a_time_that_has_ended_today_is_not_offered_but_one_still_running_is(config):
    linde = config.locaties["zorgcentrum_de_linde"]  # vrijdag 10:00-12:00
    running = next_windows(linde, datetime(2026, 11, 27, 11, 0, tzinfo=TIMEZONE), count=1)
    ended = next_windows(linde, datetime(2026, 11, 27, 12, 0, tzinfo=TIMEZONE), count=1)
    assert running[0][0].date().isoformat() == "2026-11-27"
    assert ended[0][0].date().isoformat() == "2026-12-04"


def test_closed_days_are_skipped(config):
    counter = config.balie
    christmas_eve = datetime(2026, 12, 24, 20, 0, tzinfo=TIMEZONE)  # Thursday, after the evening hours
    found = next_windows(counter, christmas_eve, count=1)
    assert {date(2026, 12, 25), date(2026, 12, 26)} <= set(counter.gesloten)
    assert found[0][0].date().isoformat() == "2026-12-28"  # Friday 25 and Saturday 26 are closed
