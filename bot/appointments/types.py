"""Value objects and errors of the booking domain; backends return these, never rows."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Optional, Sequence, Tuple, Union


class AppointmentStatus(str, enum.Enum):
    BOOKED = "booked"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Product:
    code: str
    name: str
    duration_minutes: int


@dataclass(frozen=True)
class Location:
    code: str
    name: str
    kind: str  # "balie" or "popup"
    address: str
    neighbourhood: Optional[str]
    postcode_areas: Tuple[str, ...]
    products: Tuple[str, ...]


@dataclass(frozen=True)
class Slot:
    location: str
    start: datetime  # timezone-aware, Europe/Amsterdam
    end: datetime


Products = Union[str, Sequence[str]]
"""One product code, or several on one appointment (two agencies whose employees meet the resident together)."""


def product_codes(products: Products) -> Tuple[str, ...]:
    """The codes as a tuple; a lone string is one code, never its letters."""
    return (products,) if isinstance(products, str) else tuple(products)


@dataclass(frozen=True)
class Contact:
    name: str
    email: Optional[str] = None
    phone: Optional[str] = None
    language: str = "nl"  # the conversation's (bot.core.language): the appointment's mails are written in it


@dataclass(frozen=True)
class Appointment:
    reference: str
    product: str
    location: str
    start: datetime
    end: datetime
    name: str
    email: Optional[str]
    phone: Optional[str]
    status: AppointmentStatus
    created_at: datetime
    changed_at: Optional[datetime] = None
    cancelled_at: Optional[datetime] = None
    language: str = "nl"  # of the conversation it was booked in (the column taal)


@dataclass(frozen=True)
class SharedTranscript:
    """A transcript the resident agreed to share, already masked, as the API's Message objects."""
    conversation_id: Optional[str]
    consent_at: datetime  # aware
    messages: Sequence[dict]


class BookingError(Exception):
    """Something the resident can be told about precisely; nothing was stored."""


class UnknownProduct(BookingError):
    pass


class UnknownLocation(BookingError):
    pass


class UnknownAgency(BookingError):
    """An agency that is not in gemeente.yml, or a list without any agency."""


class AgenciesNotTogether(BookingError):
    """These agencies are never together at that location (or one is not there at all)."""


class ProductNotOffered(BookingError):
    """The product is not served at that location (pop-ups start with a few products)."""


class DateInPast(BookingError):
    pass


class TooFarAhead(BookingError):
    def __init__(self, last_day: date):
        super().__init__(f"appointments can be made up to {last_day.isoformat()}")
        self.last_day = last_day


class ClosedDay(BookingError):
    """The location is not open on that day (or not there, for a pop-up)."""


class OutsideOpeningHours(BookingError):
    pass


class SlotTaken(BookingError):
    """Someone else was just quicker: every desk is taken at that time."""

    def __init__(self, alternatives: Tuple[Slot, ...] = ()):
        super().__init__("that time was just taken")
        self.alternatives = alternatives


class AppointmentNotFound(BookingError):
    """No appointment with that reference and e-mail (deliberately the same for both)."""


class AlreadyCancelled(BookingError):
    pass


@dataclass(frozen=True)
class Booked:
    """The outcome of a booking, with whether the confirmation mail went out."""
    appointment: Appointment
    mail_sent: bool = False
    notes: Tuple[str, ...] = field(default=())
