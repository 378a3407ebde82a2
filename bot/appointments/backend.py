"""The interface every booking system implements, and the registry that picks one.

The database scheduler is the built-in implementation; a municipality's own system (JCC,
Qmatic, ...) plugs in as another class registered here, chosen by the BOOKING_BACKEND
setting, without touching the actions.
"""
from __future__ import annotations

import abc
from datetime import date, datetime
from typing import Callable, Dict, List, Optional

from bot.appointments.types import Appointment, Contact, Location, Product, Slot


class BookingBackend(abc.ABC):
    @abc.abstractmethod
    def products(self) -> List[Product]:
        """Everything that can be booked."""

    @abc.abstractmethod
    def locations(self, product: str) -> List[Location]:
        """Where the product can be booked, the town hall counter first."""

    @abc.abstractmethod
    def free_days(self, product: str, location: str, start: date, end: date) -> List[date]:
        """Days from start to end (inclusive) with at least one free time."""

    @abc.abstractmethod
    def free_times(self, product: str, location: str, day: date) -> List[Slot]:
        """Every free start time on that day, earliest first."""

    @abc.abstractmethod
    def book(self, product: str, location: str, start: datetime, contact: Contact) -> Appointment:
        """Books or raises a BookingError (SlotTaken when someone was just quicker)."""

    @abc.abstractmethod
    def move(self, reference: str, start: datetime) -> Appointment:
        """Moves to a new start time at the same location; the old time is freed at once."""

    @abc.abstractmethod
    def cancel(self, reference: str) -> Appointment:
        """Cancels; the time becomes bookable again at once."""

    @abc.abstractmethod
    def details(self, reference: str) -> Optional[Appointment]:
        """The appointment, or None."""


BackendFactory = Callable[[], BookingBackend]
_REGISTRY: Dict[str, BackendFactory] = {}


def register(name: str, factory: BackendFactory) -> None:
    _REGISTRY[name] = factory


def create_backend(name: str) -> BookingBackend:
    if name not in _REGISTRY:
        known = ", ".join(sorted(_REGISTRY)) or "none"
        raise ValueError(f"BOOKING_BACKEND={name!r} is unknown (known: {known})")
    return _REGISTRY[name]()
