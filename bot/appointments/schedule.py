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


def next_windows(location: Locatie, after: datetime, count: int = 3, horizon_days: int = 42) -> List[Window]:
    """The next ``count`` times the location receives residents that have not ended by ``after``
    (the assistant's clock), within ``horizon_days``: a pop-up's next dates from its rooster."""
    found: List[Window] = []
    start = after.astimezone(TIMEZONE)
    for offset in range(horizon_days):
        for window in windows_on(location, start.date() + timedelta(days=offset)):
            if window[1] > start:
                found.append(window)
                if len(found) == count:
                    return found
    return found
