"""When a location receives residents on a given day, from gemeente.yml.

The counter follows its weekly opening hours minus closed days; a pop-up is there only on
the days of its rooster (every week, or even or odd ISO weeks).
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Iterator, List, Tuple

from bot.config.gemeente import WEEKDAYS, Locatie
from bot.core.clock import TIMEZONE

Window = Tuple[datetime, datetime]


def windows_on(location: Locatie, day: date) -> List[Window]:
    if day in location.gesloten:
        return []
    if location.soort == "balie":
        found = location.openingstijden.get(WEEKDAYS[day.weekday()], [])
    else:
        found = [slot.tijd for slot in location.rooster if slot.is_held_on(day)]
    return [(_at(day, w.start), _at(day, w.end)) for w in sorted(found, key=lambda w: w.start)]


def starts_in(window: Window, duration_minutes: int) -> Iterator[datetime]:
    """Start times every `duration` minutes from the window's opening, ending inside it."""
    step = timedelta(minutes=duration_minutes)
    start, end = window
    while start + step <= end:
        yield start
        start += step


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=TIMEZONE)
