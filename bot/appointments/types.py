"""Value objects and errors of the booking domain; backends return these, never rows."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Optional, Tuple


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


@dataclass(frozen=True)
class Contact:
    name: str
    email: Optional[str] = None
    phone: Optional[str] = None


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


class BookingError(Exception):
    """Something the resident can be told about precisely; nothing was stored."""


class UnknownProduct(BookingError):
    pass


class UnknownLocation(BookingError):
    pass


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
