"""Appointments with agency employees at pilot locations, in the project's own database.

An agency employee is not one of the municipality's desks: each agency has a desk of its
own at a pilot location (a number derived from its code, far above the counter's desks, so
it stays the same when gemeente.yml is edited). An appointment with two agencies claims the
time on both desks, so the colleague who joins is not booked elsewhere at that moment; the
primary key of ``desk_units`` keeps refusing double bookings, as for the counter.

The appointment, its agencies and (with consent) the masked transcript are stored in one
transaction: there is never an appointment whose transcript went missing, nor the reverse.
"""
from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Callable, List, Optional, Sequence

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from bot.appointments.database import DatabaseScheduler, _days, _units, _utc, new_reference, to_appointment
from bot.appointments.schedule import starts_in, windows_on
from bot.appointments.types import (AlreadyCancelled, Appointment, BookingError, ClosedDay, Contact, DateInPast, OutsideOpeningHours,
                               Slot, SlotTaken, TooFarAhead, UnknownLocation)
from bot.db.models import AppointmentAgencyRow, AppointmentRow, AppointmentTranscriptRow, DeskUnitRow
from bot.core.clock import TIMEZONE
from bot.config.gemeente import WEEKDAYS, GemeenteConfig, Spreekuur, get_gemeente
from bot.agencies.locations import shared_days

AGENCY_DESK_BASE = 1000
ALTERNATIVES = 5


class UnknownAgency(BookingError):
    """An agency that is not in gemeente.yml, or a list without any agency."""


class AgenciesNotTogether(BookingError):
    """These agencies are never together at that location (or one is not there at all)."""


@dataclass(frozen=True)
class Attachment:
    """A transcript the resident agreed to share, already masked, as the API's Message objects."""
    conversation_id: Optional[str]
    consent_at: datetime  # aware
    messages: Sequence[dict]


class _Taken(Exception):
    """Raised inside a transaction to roll it back when an employee is busy at that time."""


def agency_desk(code: str) -> int:
    """The agency's own desk number at every pilot location: stable across config edits."""
    return AGENCY_DESK_BASE + zlib.crc32(code.encode("utf-8")) % 100_000


class AgencyScheduler:
    """Free days and times for a set of agencies at a pilot location, and booking them."""

    def __init__(self, sessions: "sessionmaker[Session]",
                 config: Callable[[], GemeenteConfig] = get_gemeente,
                 now: Callable[[], datetime] = lambda: datetime.now(TIMEZONE)):
        self._sessions = sessions
        self._config = config
        self._now = now
        self._calendar = DatabaseScheduler(sessions, config, now)  # booking limits and the audit trail

    @property
    def sessions(self) -> "sessionmaker[Session]":
        return self._sessions

    @property
    def spreekuur(self) -> Spreekuur:
        found = self._config().spreekuur
        if found is None:
            raise UnknownAgency("gemeente.yml has no spreekuur (no pilot locations)")
        return found

    def free_days(self, agencies: Sequence[str], location: str, start: date, end: date) -> List[date]:
        days = self._check(agencies, location)
        first, last = max(start, self._now().date()), min(end, self._calendar._last_day())
        if first > last:
            return []
        with self._sessions() as session:
            taken = self._calendar._taken(session, location, first, last + timedelta(days=1))
        return [day for day in _days(first, last) if self._free_on(agencies, location, days, day, taken)]

    def free_times(self, agencies: Sequence[str], location: str, day: date) -> List[Slot]:
        days = self._check(agencies, location)
        if day < self._now().date() or day > self._calendar._last_day():
            return []
        with self._sessions() as session:
            taken = self._calendar._taken(session, location, day, day + timedelta(days=1))
        return self._free_on(agencies, location, days, day, taken)

    def book(self, agencies: Sequence[str], location: str, start: datetime, contact: Contact,
             attachment: Optional[Attachment] = None) -> Appointment:
        """Books the time with every agency's employee, or raises a BookingError."""
        days = self._check(agencies, location)
        end = self._check_start(location, days, start)
        desks = [agency_desk(code) for code in agencies]
        for _ in range(3):
            try:
                with self._sessions.begin() as session:
                    if not self._desks_free(session, location, desks, start, end):
                        break
                    row = self._store(session, agencies, location, start, end, contact, desks)
                    if attachment is not None:
                        session.add(AppointmentTranscriptRow(
                            appointment_id=row.id, conversation_id=attachment.conversation_id,
                            consent_at=_utc(attachment.consent_at),
                            messages=json.dumps(list(attachment.messages), ensure_ascii=False),
                            attached_at=_utc(self._now())))
                    return to_appointment(row)
            except (IntegrityError, OperationalError):
                continue  # another booking claimed one of the desks first: look again
        raise SlotTaken(tuple(self.alternatives(agencies, location, start)))

    def move(self, reference: str, start: datetime) -> Appointment:
        """Moves to a new time at the same place with the same agencies; the old time is
        freed in the same transaction, and kept when the new one turns out to be taken."""
        current = self._calendar._booked(reference)
        agencies = self.agencies_of(reference)
        days = self._check(agencies, current.location)
        end = self._check_start(current.location, days, start)
        desks = [agency_desk(code) for code in agencies]
        for _ in range(3):
            try:
                with self._sessions.begin() as session:
                    row = session.execute(select(AppointmentRow).where(
                        AppointmentRow.reference == reference).with_for_update()).scalar_one()
                    if row.status != "booked":
                        raise AlreadyCancelled(reference)
                    session.execute(delete(DeskUnitRow).where(DeskUnitRow.appointment_id == row.id))
                    if not self._desks_free(session, row.location_code, desks, start, end):
                        raise _Taken()  # rolls back: the old time stays booked
                    old = current.start
                    row.start_at, row.end_at, row.changed_at = _utc(start), _utc(end), _utc(self._now())
                    session.add_all(DeskUnitRow(location_code=row.location_code, desk=desk, unit_start=unit,
                                                appointment_id=row.id) for desk in desks for unit in _units(start, end))
                    session.flush()
                    self._calendar._audit(session, row, "moved", {"from": old.isoformat(), "to": start.isoformat()})
                    return to_appointment(row)
            except (IntegrityError, OperationalError):
                continue
            except _Taken:
                break
        raise SlotTaken(tuple(self.alternatives(agencies, current.location, start)))

    def alternatives(self, agencies: Sequence[str], location: str, wanted: datetime) -> List[Slot]:
        found: List[Slot] = []
        day = max(wanted.date(), self._now().date())
        for offset in range(28):
            slots = self.free_times(agencies, location, day + timedelta(days=offset))
            found += sorted(slots, key=lambda s: abs((s.start - wanted).total_seconds()))
            if len(found) >= ALTERNATIVES:
                break
        return found[:ALTERNATIVES]

    def present_on(self, agencies: Sequence[str], location: str, day: date) -> bool:
        """Whether all these agencies receive residents at that location on that day."""
        try:
            return bool(self._windows(location, self._check(agencies, location), day))
        except BookingError:
            return False

    def agencies_of(self, reference: str) -> List[str]:
        with self._sessions() as session:
            return list(session.execute(
                select(AppointmentAgencyRow.agency_code).join(
                    AppointmentRow, AppointmentRow.id == AppointmentAgencyRow.appointment_id)
                .where(AppointmentRow.reference == reference).order_by(AppointmentAgencyRow.agency_code)).scalars())

    # -- helpers -----------------------------------------------------------------------------------
    def _check(self, agencies: Sequence[str], location: str) -> List[str]:
        config = self._config()
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
        return days

    def _check_start(self, location: str, days: List[str], start: datetime) -> datetime:
        if start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        start = start.astimezone(TIMEZONE)
        if start < self._calendar._earliest():
            raise DateInPast(start.isoformat())
        if start.date() > self._calendar._last_day():
            raise TooFarAhead(self._calendar._last_day())
        windows = self._windows(location, days, start.date())
        if not windows:
            raise ClosedDay(start.date().isoformat())
        duration = self.spreekuur.duur_minuten
        if not any(start in set(starts_in(w, duration)) for w in windows):
            raise OutsideOpeningHours(start.isoformat())
        return start + timedelta(minutes=duration)

    def _windows(self, location: str, days: List[str], day: date):
        if WEEKDAYS[day.weekday()] not in days:
            return []
        return windows_on(self._config().locaties[location], day)

    def _free_on(self, agencies: Sequence[str], location: str, days: List[str], day: date, taken) -> List[Slot]:
        duration = self.spreekuur.duur_minuten
        earliest = self._calendar._earliest()
        desks = [agency_desk(code) for code in agencies]
        slots = []
        for window in self._windows(location, days, day):
            for start in starts_in(window, duration):
                end = start + timedelta(minutes=duration)
                units = _units(start, end)
                if start >= earliest and not any(u in taken.get(d, ()) for d in desks for u in units):
                    slots.append(Slot(location, start, end))
        return slots

    def _desks_free(self, session: Session, location: str, desks: List[int], start: datetime, end: datetime) -> bool:
        taken = self._calendar._taken(session, location, start.date(), end.date() + timedelta(days=1))
        return not any(unit in taken.get(desk, ()) for desk in desks for unit in _units(start, end))

    def _store(self, session: Session, agencies: Sequence[str], location: str, start: datetime, end: datetime,
               contact: Contact, desks: List[int]) -> AppointmentRow:
        row = AppointmentRow(reference=new_reference(), product_code=self.spreekuur.code, location_code=location,
                             desk=desks[0], start_at=_utc(start), end_at=_utc(end), name=contact.name,
                             email=contact.email, phone=contact.phone, status="booked", created_at=_utc(self._now()))
        session.add(row)
        session.flush()
        session.add_all(DeskUnitRow(location_code=location, desk=desk, unit_start=unit, appointment_id=row.id)
                        for desk in desks for unit in _units(start, end))
        session.add_all(AppointmentAgencyRow(appointment_id=row.id, agency_code=code) for code in agencies)
        session.flush()
        self._calendar._audit(session, row, "booked", {"start": start.isoformat(), "agencies": list(agencies)})
        return row


def agency_scheduler() -> AgencyScheduler:
    """The scheduler on the configured database."""
    from bot.db.engine import session_factory

    return AgencyScheduler(session_factory())

