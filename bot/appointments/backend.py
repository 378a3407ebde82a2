"""The interface every booking system implements, and the registry that picks one.

The database scheduler is the built-in implementation; the agency scheduler (the agencies feature)
is a second one on the same database, and a municipality's own system (JCC, Qmatic, ...)
plugs in as another class registered here, chosen by the BOOKING_BACKEND setting, without
touching the actions. Every method that takes ``products`` accepts one code or several on
one appointment (two agencies); which desks an appointment claims is the backend's business.
"""
from __future__ import annotations

import abc
from datetime import date, datetime
from typing import Callable, Dict, FrozenSet, List, Optional, Protocol

from bot.appointments.types import Appointment, Contact, Location, Product, Products, SharedTranscript, Slot

AGENCIES = "agencies"  # the name under which the agencies feature registers its backend


class BookingBackend(abc.ABC):
    @abc.abstractmethod
    def products(self) -> List[Product]:
        """Everything that can be booked."""

    @abc.abstractmethod
    def locations(self, products: Products) -> List[Location]:
        """Where these products can be booked together, the town hall counter first."""

    @abc.abstractmethod
    def free_days(self, products: Products, location: str, start: date, end: date) -> List[date]:
        """Days from start to end (inclusive) with at least one free time."""

    @abc.abstractmethod
    def free_times(self, products: Products, location: str, day: date) -> List[Slot]:
        """Every free start time on that day, earliest first."""

    @abc.abstractmethod
    def book(self, products: Products, location: str, start: datetime, contact: Contact,
             shared: Optional[SharedTranscript] = None) -> Appointment:
        """Books (with the shared transcript, if any) or raises a BookingError (SlotTaken
        when someone was just quicker)."""

    @abc.abstractmethod
    def move(self, reference: str, start: datetime) -> Appointment:
        """Moves to a new start time at the same location; the old time is freed at once."""

    @abc.abstractmethod
    def cancel(self, reference: str) -> Appointment:
        """Cancels; the time becomes bookable again at once."""

    @abc.abstractmethod
    def details(self, reference: str) -> Optional[Appointment]:
        """The appointment, or None."""

    @abc.abstractmethod
    def due_reminders(self, day: date) -> List[Appointment]:
        """The booked appointments on that day whose reminder has not gone out yet."""

    @abc.abstractmethod
    def mark_reminded(self, reference: str) -> None:
        """Records that the reminder went out, so it is never sent twice."""


class BookingCalendar(Protocol):
    """What the booking dialogue reads: what can be booked, where, and when it is free, for one
    product code. Every BookingBackend is one; the agency dialogue's PilotCalendar is another."""

    def products(self) -> List[Product]:
        ...

    def locations(self, product: str) -> List[Location]:
        ...

    def free_days(self, product: str, location: str, start: date, end: date) -> List[date]:
        ...

    def free_times(self, product: str, location: str, day: date) -> List[Slot]:
        ...


BackendFactory = Callable[[], BookingBackend]
_REGISTRY: Dict[str, BackendFactory] = {}


def register(name: str, factory: BackendFactory) -> None:
    _REGISTRY[name] = factory


def registered() -> FrozenSet[str]:
    """The names known so far; a backend registers itself when its module is imported."""
    return frozenset(_REGISTRY)


def create_backend(name: str) -> BookingBackend:
    if name not in _REGISTRY:
        known = ", ".join(sorted(_REGISTRY)) or "none"
        raise ValueError(f"BOOKING_BACKEND={name!r} is unknown (known: {known})")
    return _REGISTRY[name]()
