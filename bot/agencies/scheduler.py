"""Appointments with agency employees at pilot locations, in the project's own database.

An agency employee is not one of the municipality's desks: each agency has a desk of its
own at a pilot location (a number derived from its code, far above the counter's desks, so
it stays the same when gemeente.yml is edited). An appointment with two agencies claims the
time on both desks, so the colleague who joins is not booked elsewhere at that moment; the
primary key of ``desk_units`` keeps refusing double bookings, as for the counter.

The appointment, its agencies and (with consent) the masked transcript are stored in one
transaction: there is never an appointment whose transcript went missing, nor the reverse.

It is a second implementation of the booking interface (``products`` are agency codes),
registered as ``agencies``, on the database machinery of ``DeskCalendar``.
"""
from __future__ import annotations

import zlib
from datetime import date, datetime
from typing import Callable, List, Optional, Sequence

from sqlalchemy.orm import Session, sessionmaker

from bot.agencies.locations import agencies_at, locations_for, shared_days
from bot.appointments.backend import AGENCIES, BookingBackend, register
from bot.appointments.database import BOOKING_ATTEMPTS, DeskCalendar, DeskPlan
from bot.appointments.schedule import Window, windows_on
from bot.appointments.types import (
    AgenciesNotTogether,
    Appointment,
    BookingError,
    Contact,
    Location,
    Product,
    Products,
    SharedTranscript,
    Slot,
    UnknownAgency,
    UnknownLocation,
    product_codes,
)
from bot.config.gemeente import WEEKDAYS, GemeenteConfig, Spreekuur, get_gemeente
from bot.core import language
from bot.core.clock import local_now
from bot.db.engine import session_factory

__all__ = ["AGENCY_DESK_BASE", "AgenciesNotTogether", "AgencyScheduler", "SharedTranscript", "UnknownAgency",
           "agency_desk", "agency_scheduler"]

AGENCY_DESK_BASE = 1000
AGENCY_SEARCH_DAYS = 28  # an agency is there a day or two a week: look further for alternatives


def agency_desk(code: str) -> int:
    """The agency's own desk number at every pilot location: stable across config edits."""
    return AGENCY_DESK_BASE + zlib.crc32(code.encode("utf-8")) % 100_000


class AgencyScheduler(BookingBackend):
    """Free days and times for a set of agencies at a pilot location, and booking them."""

    def __init__(self, sessions: "sessionmaker[Session]",
                 config: Callable[[], GemeenteConfig] = get_gemeente,
                 now: Callable[[], datetime] = local_now,
                 attempts: int = BOOKING_ATTEMPTS):
        self.calendar = DeskCalendar(sessions, config, now, attempts)

    @property
    def sessions(self) -> "sessionmaker[Session]":
        return self.calendar.sessions

    @property
    def spreekuur(self) -> Spreekuur:
        found = self.calendar.config().spreekuur
        if found is None:
            raise UnknownAgency("gemeente.yml has no spreekuur (no pilot locations)")
        return found

    # -- what can be booked where ---------------------------------------------------------------
    def products(self) -> List[Product]:
        """Every agency that receives residents at a pilot location, as a product."""
        config = self.calendar.config()
        if config.spreekuur is None:
            return []
        return [Product(code, agency.naam, config.spreekuur.duur_minuten)
                for code, agency in config.uitvoeringsorganisaties.items() if locations_for(config, [code])]

    def locations(self, products: Products) -> List[Location]:
        """The pilot locations where these agencies are together on at least one day."""
        config = self.calendar.config()
        return [Location(code, config.locaties[code].naam, config.locaties[code].soort,
                         config.locaties[code].volledig_adres, config.locaties[code].wijk,
                         tuple(config.locaties[code].postcodegebied), tuple(agencies_at(config, code)))
                for code in locations_for(config, product_codes(products))]

    def free_days(self, products: Products, location: str, start: date, end: date) -> List[date]:
        return self.calendar.free_days(self.desk_plan(products, location), start, end)

    def free_times(self, products: Products, location: str, day: date) -> List[Slot]:
        return self.calendar.free_times(self.desk_plan(products, location), day)

    def present_on(self, agencies: Sequence[str], location: str, day: date) -> bool:
        """Whether all these agencies receive residents at that location on that day."""
        try:
            return bool(self.desk_plan(agencies, location).windows(day))
        except BookingError:
            return False

    # -- booking, moving, cancelling -------------------------------------------------------------
    def book(self, products: Products, location: str, start: datetime, contact: Contact,
             shared: Optional[SharedTranscript] = None) -> Appointment:
        """Books the time with every agency's employee, or raises a BookingError."""
        return self.calendar.book(self.desk_plan(products, location), start, contact, shared)

    def move(self, reference: str, start: datetime) -> Appointment:
        """Moves to a new time at the same place with the same agencies; the old time is
        freed in the same transaction, and kept when the new one turns out to be taken."""
        current = self.calendar.booked(reference)
        plan = self.desk_plan(self.agencies_of(reference), current.location)
        return self.calendar.move(plan, reference, start, in_language=language.current())  # the resident's chat

    def cancel(self, reference: str) -> Appointment:
        return self.calendar.cancel(reference)

    def details(self, reference: str) -> Optional[Appointment]:
        return self.calendar.details(reference)

    def due_reminders(self, day: date) -> List[Appointment]:
        """The appointments with agencies only (the counter's backend reminds of every one)."""
        return self.calendar.due_reminders(day, product=self.spreekuur.code)

    def mark_reminded(self, reference: str) -> None:
        self.calendar.mark_reminded(reference)

    # -- beyond the interface ------------------------------------------------------------------
    def alternatives(self, agencies: Sequence[str], location: str, wanted: datetime) -> List[Slot]:
        return self.calendar.alternatives(self.desk_plan(agencies, location), wanted)

    def agencies_of(self, reference: str) -> List[str]:
        return self.calendar.agencies_of(reference)

    def desk_plan(self, products: Products, location: str) -> DeskPlan:
        """The spreekuur with these agencies there: their shared days, a desk of each."""
        agencies = product_codes(products)
        config = self.calendar.config()
        if not agencies or len(set(agencies)) != len(agencies):
            raise UnknownAgency("one or two different agencies are needed")
        unknown = [code for code in agencies if code not in config.uitvoeringsorganisaties]
        if unknown:
            raise UnknownAgency(", ".join(unknown))
        if location not in config.locaties:
            raise UnknownLocation(location)
        days = shared_days(config, location, agencies)
        if not days:
            raise AgenciesNotTogether(f"{', '.join(agencies)} at {location}")
        place = config.locaties[location]

        def windows(day: date) -> List[Window]:
            return windows_on(place, day) if WEEKDAYS[day.weekday()] in days else []

        spreekuur = self.spreekuur
        return DeskPlan(spreekuur.code, location, spreekuur.duur_minuten,
                        tuple((agency_desk(code),) for code in agencies), windows,
                        agencies=agencies, search_days=AGENCY_SEARCH_DAYS)


def agency_scheduler() -> AgencyScheduler:
    """The scheduler on the configured database."""
    return AgencyScheduler(session_factory())


register(AGENCIES, agency_scheduler)
