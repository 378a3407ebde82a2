"""The built-in booking backend: appointments in the project's own database.

Opening windows come from gemeente.yml (``schedule``); taken time is the set of desk units
in the database. A booking claims the units of one free desk inside one transaction; the
primary key of ``desk_units`` makes a double booking impossible even when two residents
click at the same moment. The loser of such a race retries on another desk and, when none
is left, is told the time was just taken, with alternatives.
"""
from __future__ import annotations

import json
import secrets
from datetime import date, datetime, timedelta, timezone
from typing import Callable, Dict, Iterable, List, Optional, Set, Tuple

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from bot.appointments.backend import BookingBackend, register
from bot.appointments.schedule import starts_in, windows_on
from bot.appointments.types import (AlreadyCancelled, Appointment, AppointmentNotFound, AppointmentStatus,
                               ClosedDay, Contact, DateInPast, Location, OutsideOpeningHours, Product,
                               ProductNotOffered, Slot, SlotTaken, TooFarAhead, UnknownLocation,
                               UnknownProduct)
from bot.db.models import UNIT_MINUTES, AppointmentEventRow, AppointmentRow, DeskUnitRow
from bot.core.clock import TIMEZONE
from bot.config.gemeente import GemeenteConfig, Locatie, get_gemeente
from bot.forms.fields import REFERENCE_ALPHABET, REFERENCE_LENGTH

ALTERNATIVES = 5
ALTERNATIVE_SEARCH_DAYS = 21

TakenUnits = Dict[int, Set[int]]
_EPOCH = datetime(1970, 1, 1)


class _NoFreeDesk(Exception):
    """Raised inside a transaction to roll it back when every desk is taken."""


def _utc(moment: datetime) -> datetime:
    """Aware local time -> naive UTC, as stored."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def _local(stored: Optional[datetime]) -> Optional[datetime]:
    return stored.replace(tzinfo=timezone.utc).astimezone(TIMEZONE) if stored else None


def _unit(moment: datetime) -> int:
    """Minutes since 1970 (UTC): how desk_units stores a moment."""
    return int((_utc(moment) - _EPOCH).total_seconds() // 60)


def _units(start: datetime, end: datetime) -> List[int]:
    return list(range(_unit(start), _unit(end), UNIT_MINUTES))


def new_reference() -> str:
    """Eight characters with at least one digit, so it never reads as a word in a chat."""
    while True:
        code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        if any(c.isdigit() for c in code) and any(c.isalpha() for c in code):
            return code


def to_appointment(row: AppointmentRow) -> Appointment:
    return Appointment(
        reference=row.reference, product=row.product_code, location=row.location_code,
        start=_local(row.start_at), end=_local(row.end_at), name=row.name, email=row.email,
        phone=row.phone, status=AppointmentStatus(row.status), created_at=_local(row.created_at),
        changed_at=_local(row.changed_at), cancelled_at=_local(row.cancelled_at),
    )


class DatabaseScheduler(BookingBackend):
    def __init__(self, sessions: "sessionmaker[Session]",
                 config: Callable[[], GemeenteConfig] = get_gemeente,
                 now: Callable[[], datetime] = lambda: datetime.now(TIMEZONE)):
        self._sessions = sessions
        self._config = config
        self._now = now

    # -- what can be booked where ---------------------------------------------------------------
    def products(self) -> List[Product]:
        return [Product(code, p.naam, p.duur_minuten) for code, p in self._config().producten.items() if p.afspraak]

    def locations(self, product: str) -> List[Location]:
        self._product(product)
        found = [self._as_location(code, loc) for code, loc in self._config().locaties.items()
                 if product in loc.producten]
        return sorted(found, key=lambda loc: loc.kind != "balie")

    def free_days(self, product: str, location: str, start: date, end: date) -> List[date]:
        duration, place = self._check(product, location)
        first, last = max(start, self._now().date()), min(end, self._last_day())
        if first > last:
            return []
        with self._sessions() as session:
            taken = self._taken(session, location, first, last + timedelta(days=1))
        return [day for day in _days(first, last) if self._free_on(place, day, duration, taken)]

    def free_times(self, product: str, location: str, day: date) -> List[Slot]:
        duration, place = self._check(product, location)
        if day < self._now().date() or day > self._last_day():
            return []
        with self._sessions() as session:
            taken = self._taken(session, location, day, day + timedelta(days=1))
        return self._free_on(place, day, duration, taken, location)

    # -- booking, moving, cancelling -------------------------------------------------------------
    def book(self, product: str, location: str, start: datetime, contact: Contact) -> Appointment:
        duration, place = self._check(product, location)
        end = self._check_start(place, start, duration)
        for _ in range(place.balies + 2):
            try:
                with self._sessions.begin() as session:
                    desk = self._free_desk(session, location, place.balies, start, end)
                    if desk is None:
                        raise _NoFreeDesk()
                    now = _utc(self._now())
                    row = AppointmentRow(reference=new_reference(), product_code=product, location_code=location,
                                         desk=desk, start_at=_utc(start), end_at=_utc(end), name=contact.name,
                                         email=contact.email, phone=contact.phone, status="booked", created_at=now)
                    session.add(row)
                    session.flush()
                    self._claim(session, row, start, end)
                    self._audit(session, row, "booked", {"start": start.isoformat(), "desk": desk})
                    return to_appointment(row)
            except (IntegrityError, OperationalError):
                continue  # another booking won this desk (or the lock) first: look again
            except _NoFreeDesk:
                break
        raise SlotTaken(tuple(self.alternatives(product, location, start)))

    def move(self, reference: str, start: datetime) -> Appointment:
        current = self._booked(reference)
        duration, place = self._check(current.product, current.location)
        end = self._check_start(place, start, duration)
        for _ in range(place.balies + 2):
            try:
                with self._sessions.begin() as session:
                    row = session.execute(select(AppointmentRow).where(
                        AppointmentRow.reference == reference).with_for_update()).scalar_one()
                    if row.status != "booked":
                        raise AlreadyCancelled(reference)
                    session.execute(delete(DeskUnitRow).where(DeskUnitRow.appointment_id == row.id))
                    desk = self._free_desk(session, row.location_code, place.balies, start, end)
                    if desk is None:
                        raise _NoFreeDesk()  # rolls back: the old time stays booked
                    old = _local(row.start_at)
                    row.desk, row.start_at, row.end_at = desk, _utc(start), _utc(end)
                    row.changed_at = _utc(self._now())
                    session.flush()
                    self._claim(session, row, start, end)
                    self._audit(session, row, "moved", {"from": old.isoformat(), "to": start.isoformat(), "desk": desk})
                    return to_appointment(row)
            except (IntegrityError, OperationalError):
                continue
            except _NoFreeDesk:
                break
        raise SlotTaken(tuple(self.alternatives(current.product, current.location, start)))

    def cancel(self, reference: str) -> Appointment:
        with self._sessions.begin() as session:
            row = session.execute(select(AppointmentRow).where(
                AppointmentRow.reference == reference).with_for_update()).scalar_one_or_none()
            if row is None:
                raise AppointmentNotFound(reference)
            if row.status == "cancelled":
                raise AlreadyCancelled(reference)
            row.status, row.cancelled_at = "cancelled", _utc(self._now())
            session.execute(delete(DeskUnitRow).where(DeskUnitRow.appointment_id == row.id))
            self._audit(session, row, "cancelled", {})
            return to_appointment(row)

    def details(self, reference: str) -> Optional[Appointment]:
        with self._sessions() as session:
            row = session.execute(select(AppointmentRow).where(
                AppointmentRow.reference == reference)).scalar_one_or_none()
            return to_appointment(row) if row else None

    # -- beyond the interface: alternatives, reminders, the audit trail -------------------------
    def alternatives(self, product: str, location: str, wanted: datetime) -> List[Slot]:
        """The free times nearest to what was wanted: that day first, then the days after."""
        found: List[Slot] = []
        day = max(wanted.date(), self._now().date())
        for offset in range(ALTERNATIVE_SEARCH_DAYS):
            slots = self.free_times(product, location, day + timedelta(days=offset))
            found += sorted(slots, key=lambda s: abs((s.start - wanted).total_seconds()))
            if len(found) >= ALTERNATIVES:
                break
        return found[:ALTERNATIVES]

    def due_reminders(self, day: date) -> List[Appointment]:
        start = datetime.combine(day, datetime.min.time(), tzinfo=TIMEZONE)
        with self._sessions() as session:
            rows = session.execute(select(AppointmentRow).where(
                AppointmentRow.status == "booked", AppointmentRow.reminder_sent_at.is_(None),
                AppointmentRow.start_at >= _utc(start),
                AppointmentRow.start_at < _utc(start + timedelta(days=1))).order_by(AppointmentRow.start_at)).scalars()
            return [to_appointment(r) for r in rows]

    def mark_reminded(self, reference: str) -> None:
        with self._sessions.begin() as session:
            row = session.execute(select(AppointmentRow).where(AppointmentRow.reference == reference)).scalar_one()
            row.reminder_sent_at = _utc(self._now())
            self._audit(session, row, "reminded", {})

    def history(self, reference: str) -> List[Tuple[str, dict]]:
        with self._sessions() as session:
            row = session.execute(select(AppointmentRow).where(AppointmentRow.reference == reference)).scalar_one()
            return [(event.action, json.loads(event.details or "{}")) for event in row.events]

    # -- helpers -----------------------------------------------------------------------------------
    def _product(self, code: str):
        product = self._config().producten.get(code)
        if product is None or not product.afspraak:
            raise UnknownProduct(code)
        return product

    def _check(self, product: str, location: str) -> Tuple[int, Locatie]:
        duration = self._product(product).duur_minuten
        place = self._config().locaties.get(location)
        if place is None:
            raise UnknownLocation(location)
        if product not in place.producten:
            raise ProductNotOffered(f"{product} at {location}")
        return duration, place

    def _last_day(self) -> date:
        return self._now().date() + timedelta(days=self._config().afspraken.max_dagen_vooruit)

    def _earliest(self) -> datetime:
        return self._now() + timedelta(minutes=self._config().afspraken.min_minuten_vooraf)

    def _check_start(self, place: Locatie, start: datetime, duration: int) -> datetime:
        if start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        start = start.astimezone(TIMEZONE)
        if start < self._earliest():
            raise DateInPast(start.isoformat())
        if start.date() > self._last_day():
            raise TooFarAhead(self._last_day())
        windows = windows_on(place, start.date())
        if not windows:
            raise ClosedDay(start.date().isoformat())
        if not any(start in set(starts_in(w, duration)) for w in windows):
            raise OutsideOpeningHours(start.isoformat())
        return start + timedelta(minutes=duration)

    def _taken(self, session: Session, location: str, first: date, end: date) -> TakenUnits:
        low = _unit(datetime.combine(first, datetime.min.time(), tzinfo=TIMEZONE))
        high = _unit(datetime.combine(end, datetime.min.time(), tzinfo=TIMEZONE))
        rows = session.execute(select(DeskUnitRow.desk, DeskUnitRow.unit_start).where(
            DeskUnitRow.location_code == location, DeskUnitRow.unit_start >= low, DeskUnitRow.unit_start < high))
        taken: TakenUnits = {}
        for desk, unit in rows:
            taken.setdefault(desk, set()).add(unit)
        return taken

    def _free_desk(self, session: Session, location: str, desks: int, start: datetime, end: datetime) -> Optional[int]:
        taken = self._taken(session, location, start.date(), end.date() + timedelta(days=1))
        return _first_free_desk(taken, desks, _units(start, end))

    def _free_on(self, place: Locatie, day: date, duration: int, taken: TakenUnits,
                 location: str = "") -> List[Slot]:
        earliest = self._earliest()
        slots = []
        for window in windows_on(place, day):
            for start in starts_in(window, duration):
                end = start + timedelta(minutes=duration)
                if start >= earliest and _first_free_desk(taken, place.balies, _units(start, end)) is not None:
                    slots.append(Slot(location, start, end))
        return slots

    @staticmethod
    def _claim(session: Session, row: AppointmentRow, start: datetime, end: datetime) -> None:
        session.add_all(DeskUnitRow(location_code=row.location_code, desk=row.desk, unit_start=unit,
                                    appointment_id=row.id) for unit in _units(start, end))
        session.flush()

    def _audit(self, session: Session, row: AppointmentRow, action: str, details: dict) -> None:
        session.add(AppointmentEventRow(appointment_id=row.id, action=action, at=_utc(self._now()),
                                        details=json.dumps(details)))

    def _booked(self, reference: str) -> Appointment:
        found = self.details(reference)
        if found is None:
            raise AppointmentNotFound(reference)
        if found.status != AppointmentStatus.BOOKED:
            raise AlreadyCancelled(reference)
        return found

    def _as_location(self, code: str, loc: Locatie) -> Location:
        return Location(code, loc.naam, loc.soort, loc.volledig_adres, loc.wijk, tuple(loc.postcodegebied),
                        tuple(p for p in loc.producten if self._config().producten[p].afspraak))


def _first_free_desk(taken: TakenUnits, desks: int, units: Iterable[int]) -> Optional[int]:
    units = list(units)
    for desk in range(1, desks + 1):
        claimed = taken.get(desk, ())
        if not any(unit in claimed for unit in units):
            return desk
    return None


def _days(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _database_backend() -> BookingBackend:
    from bot.db.engine import session_factory

    return DatabaseScheduler(session_factory())


register("database", _database_backend)
