"""Time as the project keeps it: the municipality's zone for what residents see, UTC without a
zone for what the tables store, and ISO 8601 for what the APIs show."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Optional
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Europe/Amsterdam")


def utcnow() -> datetime:
    """Now in UTC without a zone, as every table stores times."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def iso_utc(moment: Optional[datetime]) -> Optional[str]:
    """A stored time (UTC without a zone) as the API shows times: ISO 8601 with +00:00."""
    return moment.replace(tzinfo=timezone.utc).isoformat(timespec="milliseconds") if moment is not None else None
