"""Time as the project keeps it: the municipality's zone for what residents see, UTC without a
zone for what the tables store, and ISO 8601 for what the APIs show."""
from __future__ import annotations

import os
from datetime import datetime, timezone
from typing import Optional, overload
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Europe/Amsterdam")


def local_now() -> datetime:
    """Now in the municipality's zone; ``ASSISTANT_CLOCK`` (an ISO 8601 time, only honoured
    when set) stops the clock at that moment, so whole-stack tests see office hours or a
    closed KCC whatever the real hour is, and book "volgende week vrijdag" on the same day
    whatever the real date is (the booking and agency calendars and dialogues read this clock)."""
    fixed = os.environ.get("ASSISTANT_CLOCK", "").strip()
    if not fixed:
        return datetime.now(TIMEZONE)
    moment = datetime.fromisoformat(fixed)
    return moment.astimezone(TIMEZONE) if moment.tzinfo else moment.replace(tzinfo=TIMEZONE)


def utcnow() -> datetime:
    """Now in UTC without a zone, as every table stores times."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


@overload
def iso_utc(moment: datetime) -> str:
    ...


@overload
def iso_utc(moment: None) -> None:
    ...


@overload
def iso_utc(moment: Optional[datetime]) -> Optional[str]:
    ...


def iso_utc(moment: Optional[datetime]) -> Optional[str]:
    """A stored time (UTC without a zone) as the API shows times: ISO 8601 with +00:00."""
    return moment.replace(tzinfo=timezone.utc).isoformat(timespec="milliseconds") if moment is not None else None
