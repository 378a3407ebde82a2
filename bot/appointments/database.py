"""The built-in booking backend: appointments in the project's own database.

Opening windows come from gemeente.yml (``schedule``); taken time is the set of desk units
in the database. A booking claims the units of one free desk inside one transaction; the
primary key of ``desk_units`` makes a double booking impossible even when two residents
click at the same moment. The loser of such a race retries on another desk and, when none
is left, is told the time was just taken, with alternatives.

``DeskCalendar`` is that machinery for any backend on this database: a ``DeskPlan`` says
which desks one appointment needs (any counter desk; or each agency's own desk, so an
appointment with two agencies claims both employees). ``DatabaseScheduler`` is the counter's
backend on top of it; the agency scheduler (the agencies feature) is another.
"""
from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable, Dict, Iterable, List, Optional, Set, Tuple, cast

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from bot.appointments.backend import BookingBackend, register
from bot.appointments.schedule import Window, starts_in, windows_on
from bot.appointments.types import (
    AlreadyCancelled,
    Appointment,
    AppointmentNotFound,
    AppointmentStatus,
    ClosedDay,
    Contact,
    DateInPast,
    Location,
    OutsideOpeningHours,
    Product,
    ProductNotOffered,
    Products,
    SharedTranscript,
    Slot,
    SlotTaken,
    TooFarAhead,
    UnknownLocation,
    UnknownProduct,
    product_codes,
)
from bot.audit import log as audit
from bot.audit.log import RESIDENT, STAFF, SYSTEM
from bot.config.gemeente import GemeenteConfig, Locatie, get_gemeente
from bot.core import language
from bot.core.clock import TIMEZONE, local_now
from bot.db.engine import session_factory
from bot.db.models import (
    UNIT_MINUTES,
    AppointmentAgencyRow,
    AppointmentEventRow,
    AppointmentRow,
    AppointmentTranscriptRow,
    DeskUnitRow,
)
from bot.forms.fields import REFERENCE_ALPHABET, REFERENCE_LENGTH

ALTERNATIVES = 5
ALTERNATIVE_SEARCH_DAYS = 21
BOOKING_ATTEMPTS = 5  # tries per booking or move while other bookings claim the desks first

APPOINTMENT_ACTORS = (RESIDENT, STAFF, SYSTEM)  # who changed an appointment, in its trail
TakenUnits = Dict[int, Set[int]]
_EPOCH = datetime(1970, 1, 1)


class _NoFreeDesk(Exception):
    """Raised inside a transaction to roll it back when every desk is taken."""


def _utc(moment: datetime) -> datetime:
    """Aware local time -> naive UTC, as stored."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def _local(stored: datetime) -> datetime:
    """A stored time (UTC without a zone) in the municipality's zone."""
    return stored.replace(tzinfo=timezone.utc).astimezone(TIMEZONE)


def _local_or_none(stored: Optional[datetime]) -> Optional[datetime]:
    """``_local`` for a nullable column."""
    return _local(stored) if stored else None


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
        changed_at=_local_or_none(row.changed_at), cancelled_at=_local_or_none(row.cancelled_at),
        language=row.taal or language.DEFAULT,
    )


@dataclass(frozen=True)
class DeskPlan:
    """What one appointment needs at one place: the product code stored with it, its length,
    the opening windows of a day, and one free desk out of each group of desks (the counter:
    any of its desks; agencies: each agency's own desk, so both employees are claimed)."""
    product: str
    location: str
    duration: int  # minutes
    desks: Tuple[Tuple[int, ...], ...]
    windows: Callable[[date], List[Window]]
    agencies: Tuple[str, ...] = ()  # stored with the appointment: whose employees join
    search_days: int = ALTERNATIVE_SEARCH_DAYS  # how far alternatives are looked for

    def audit(self, desks: Tuple[int, ...]) -> Dict[str, Any]:
        return {"agencies": list(self.agencies)} if self.agencies else {"desk": desks[0]}


class DeskCalendar:
    """The appointments table and its desk units, shared by every backend that books in this
    database: the booking limits, free times, claiming desks (with the one retry loop for
    concurrent bookings), the shared transcript and the audit trail."""

    def __init__(self, sessions: "sessionmaker[Session]", config: Callable[[], GemeenteConfig],
                 now: Callable[[], datetime], attempts: int = BOOKING_ATTEMPTS):
        self.sessions = sessions
        self.config = config
        self.now = now
        self.attempts = attempts

    # -- limits ------------------------------------------------------------------------------------
    def last_day(self) -> date:
        return self.now().date() + timedelta(days=self.config().afspraken.max_dagen_vooruit)

    def earliest(self) -> datetime:
        return self.now() + timedelta(minutes=self.config().afspraken.min_minuten_vooraf)

    def check_start(self, plan: DeskPlan, start: datetime) -> datetime:
        """The end of an appointment starting then, or the BookingError that says why not."""
        if start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        start = start.astimezone(TIMEZONE)
        if start < self.earliest():
            raise DateInPast(start.isoformat())
        if start.date() > self.last_day():
            raise TooFarAhead(self.last_day())
        windows = plan.windows(start.date())
        if not windows:
            raise ClosedDay(start.date().isoformat())
        if not any(start in set(starts_in(w, plan.duration)) for w in windows):
            raise OutsideOpeningHours(start.isoformat())
        return start + timedelta(minutes=plan.duration)

    # -- free time ---------------------------------------------------------------------------------
    def free_days(self, plan: DeskPlan, start: date, end: date) -> List[date]:
        first, last = max(start, self.now().date()), min(end, self.last_day())
        if first > last:
            return []
        with self.sessions() as session:
            taken = _taken(session, plan.location, first, last + timedelta(days=1))
        return [day for day in _days(first, last) if self._free_on(plan, day, taken)]

    def free_times(self, plan: DeskPlan, day: date) -> List[Slot]:
        if day < self.now().date() or day > self.last_day():
            return []
        with self.sessions() as session:
            taken = _taken(session, plan.location, day, day + timedelta(days=1))
        return self._free_on(plan, day, taken)

    def alternatives(self, plan: DeskPlan, wanted: datetime) -> List[Slot]:
        """The free times nearest to what was wanted: that day first, then the days after."""
        found: List[Slot] = []
        day = max(wanted.date(), self.now().date())
        for offset in range(plan.search_days):
            slots = self.free_times(plan, day + timedelta(days=offset))
            found += sorted(slots, key=lambda s: abs((s.start - wanted).total_seconds()))
            if len(found) >= ALTERNATIVES:
                break
        return found[:ALTERNATIVES]

    # -- booking, moving, cancelling -------------------------------------------------------------
    def book(self, plan: DeskPlan, start: datetime, contact: Contact,
             shared: Optional[SharedTranscript] = None, actor: str = RESIDENT) -> Appointment:
        end = self.check_start(plan, start)

        def attempt(session: Session) -> Appointment:
            desks = _free_desks(session, plan, start, end)
            if desks is None:
                raise _NoFreeDesk()
            row = AppointmentRow(reference=new_reference(), product_code=plan.product, location_code=plan.location,
                                 desk=desks[0], start_at=_utc(start), end_at=_utc(end), name=contact.name,
                                 email=contact.email, phone=contact.phone, status="booked",
                                 created_at=_utc(self.now()), taal=language.supported(contact.language))
            session.add(row)
            session.flush()
            _claim(session, row, desks, start, end)
            session.add_all(AppointmentAgencyRow(appointment_id=row.id, agency_code=code) for code in plan.agencies)
            if shared is not None:
                session.add(AppointmentTranscriptRow(
                    appointment_id=row.id, conversation_id=shared.conversation_id,
                    consent_at=_utc(shared.consent_at),
                    messages=json.dumps(list(shared.messages), ensure_ascii=False), attached_at=_utc(self.now())))
            self._audit(session, row, "booked", {"start": start.isoformat(), **plan.audit(desks)}, actor)
            return to_appointment(row)

        return self._retry_on_conflict(attempt, lambda: self.alternatives(plan, start))

    def move(self, plan: DeskPlan, reference: str, start: datetime, actor: str = RESIDENT,
             in_language: Optional[str] = None) -> Appointment:
        """The old time is freed in the same transaction, and kept when the new one is taken;
        ``in_language``: the language of the chat it was moved in, for its later mails."""
        end = self.check_start(plan, start)

        def attempt(session: Session) -> Appointment:
            row = session.execute(select(AppointmentRow).where(
                AppointmentRow.reference == reference).with_for_update()).scalar_one()
            if row.status != "booked":
                raise AlreadyCancelled(reference)
            session.execute(delete(DeskUnitRow).where(DeskUnitRow.appointment_id == row.id))
            desks = _free_desks(session, plan, start, end)
            if desks is None:
                raise _NoFreeDesk()  # rolls back: the old time stays booked
            old = _local(row.start_at)
            if row.desk not in desks:
                row.desk = desks[0]
            row.start_at, row.end_at, row.changed_at = _utc(start), _utc(end), _utc(self.now())
            if in_language:
                row.taal = language.supported(in_language)
            session.flush()
            _claim(session, row, desks, start, end)
            self._audit(session, row, "moved", {"from": old.isoformat(), "to": start.isoformat(), **plan.audit(desks)},
                        actor)
            return to_appointment(row)

        return self._retry_on_conflict(attempt, lambda: self.alternatives(plan, start))

    def _retry_on_conflict(self, attempt: Callable[[Session], Appointment],
                          alternatives: Callable[[], List[Slot]]) -> Appointment:
        """Runs the attempt in its own transaction until it commits; a conflict (another
        booking claimed a desk, or held the lock, first) means: read again and retry, at most
        ``attempts`` times. Every desk taken means SlotTaken, with alternatives."""
        for _ in range(self.attempts):
            try:
                with self.sessions.begin() as session:
                    return attempt(session)
            except (IntegrityError, OperationalError):
                continue
            except _NoFreeDesk:
                break
        raise SlotTaken(tuple(alternatives()))

    def cancel(self, reference: str, actor: str = RESIDENT) -> Appointment:
        with self.sessions.begin() as session:
            row = session.execute(select(AppointmentRow).where(
                AppointmentRow.reference == reference).with_for_update()).scalar_one_or_none()
            if row is None:
                raise AppointmentNotFound(reference)
            if row.status == "cancelled":
                raise AlreadyCancelled(reference)
            row.status, row.cancelled_at = "cancelled", _utc(self.now())
            session.execute(delete(DeskUnitRow).where(DeskUnitRow.appointment_id == row.id))
            self._audit(session, row, "cancelled", {}, actor)
            return to_appointment(row)

    # -- reading -----------------------------------------------------------------------------------
    def details(self, reference: str) -> Optional[Appointment]:
        with self.sessions() as session:
            row = session.execute(select(AppointmentRow).where(
                AppointmentRow.reference == reference)).scalar_one_or_none()
            return to_appointment(row) if row else None

    def booked(self, reference: str) -> Appointment:
        """The appointment, when it exists and is not cancelled."""
        found = self.details(reference)
        if found is None:
            raise AppointmentNotFound(reference)
        if found.status != AppointmentStatus.BOOKED:
            raise AlreadyCancelled(reference)
        return found

    def agencies_of(self, reference: str) -> List[str]:
        with self.sessions() as session:
            return list(session.execute(
                select(AppointmentAgencyRow.agency_code).join(
                    AppointmentRow, AppointmentRow.id == AppointmentAgencyRow.appointment_id)
                .where(AppointmentRow.reference == reference).order_by(AppointmentAgencyRow.agency_code)).scalars())

    # -- reminders and the audit trail -----------------------------------------------------------
    def due_reminders(self, day: date, product: Optional[str] = None) -> List[Appointment]:
        """Of every product, or only of that one."""
        start = datetime.combine(day, datetime.min.time(), tzinfo=TIMEZONE)
        query = select(AppointmentRow).where(
            AppointmentRow.status == "booked", AppointmentRow.reminder_sent_at.is_(None),
            AppointmentRow.start_at >= _utc(start), AppointmentRow.start_at < _utc(start + timedelta(days=1)))
        if product is not None:
            query = query.where(AppointmentRow.product_code == product)
        with self.sessions() as session:
            return [to_appointment(r) for r in session.execute(query.order_by(AppointmentRow.start_at)).scalars()]

    def mark_reminded(self, reference: str) -> None:
        with self.sessions.begin() as session:
            row = session.execute(select(AppointmentRow).where(AppointmentRow.reference == reference)).scalar_one()
            row.reminder_sent_at = _utc(self.now())
            self._audit(session, row, "reminded", {}, SYSTEM)

    def history(self, reference: str) -> List[Tuple[str, dict]]:
        with self.sessions() as session:
            row = session.execute(select(AppointmentRow).where(AppointmentRow.reference == reference)).scalar_one()
            return [(event.action, json.loads(event.details or "{}")) for event in row.events]

    def actors(self, reference: str) -> List[Tuple[str, str]]:
        """Each change's action and who made it (resident, staff or system), oldest first."""
        with self.sessions() as session:
            row = session.execute(select(AppointmentRow).where(AppointmentRow.reference == reference)).scalar_one()
            return [(event.action, event.actor) for event in row.events]

    # -- helpers -----------------------------------------------------------------------------------
    def _free_on(self, plan: DeskPlan, day: date, taken: TakenUnits) -> List[Slot]:
        earliest = self.earliest()
        slots = []
        for window in plan.windows(day):
            for start in starts_in(window, plan.duration):
                end = start + timedelta(minutes=plan.duration)
                if start >= earliest and _first_free(taken, plan.desks, _units(start, end)) is not None:
                    slots.append(Slot(plan.location, start, end))
        return slots

    def _audit(self, session: Session, row: AppointmentRow, action: str, details: dict, actor: str) -> None:
        """The appointment's own trail, and the audit log (with who: resident, staff or system)."""
        if actor not in APPOINTMENT_ACTORS:
            raise ValueError(f"unknown actor {actor!r}")
        session.add(AppointmentEventRow(appointment_id=row.id, action=action, at=_utc(self.now()),
                                        details=json.dumps(details), actor=actor))
        audit.record(session, actor, actor, f"appointment_{action}", object_type="appointment",
                     object_id=row.reference)


class DatabaseScheduler(BookingBackend):
    """The counter and pop-up locations: one product per appointment, on any free desk."""

    def __init__(self, sessions: "sessionmaker[Session]",
                 config: Callable[[], GemeenteConfig] = get_gemeente,
                 now: Callable[[], datetime] = local_now,
                 attempts: int = BOOKING_ATTEMPTS):
        self._config = config
        self._calendar = DeskCalendar(sessions, config, now, attempts)

    # -- what can be booked where ---------------------------------------------------------------
    def products(self) -> List[Product]:
        # cast: ProductConfig's validator refuses afspraak: true without duur_minuten
        return [Product(code, p.naam, cast(int, p.duur_minuten))
                for code, p in self._config().producten.items() if p.afspraak]

    def locations(self, products: Products) -> List[Location]:
        codes = product_codes(products)
        for code in codes:
            self._product(code)
        found = [self._as_location(code, loc) for code, loc in self._config().locaties.items()
                 if all(product in loc.producten for product in codes)]
        return sorted(found, key=lambda loc: loc.kind != "balie")

    def free_days(self, products: Products, location: str, start: date, end: date) -> List[date]:
        return self._calendar.free_days(self._plan(products, location), start, end)

    def free_times(self, products: Products, location: str, day: date) -> List[Slot]:
        return self._calendar.free_times(self._plan(products, location), day)

    # -- booking, moving, cancelling -------------------------------------------------------------
    def book(self, products: Products, location: str, start: datetime, contact: Contact,
             shared: Optional[SharedTranscript] = None) -> Appointment:
        return self._calendar.book(self._plan(products, location), start, contact, shared)

    def move(self, reference: str, start: datetime) -> Appointment:
        """Moved by the resident in the chat: its mails from now on follow the chat's language."""
        current = self._calendar.booked(reference)
        return self._calendar.move(self._plan(current.product, current.location), reference, start,
                                   in_language=language.current())

    def cancel(self, reference: str) -> Appointment:
        return self._calendar.cancel(reference)

    def details(self, reference: str) -> Optional[Appointment]:
        return self._calendar.details(reference)

    def due_reminders(self, day: date) -> List[Appointment]:
        """Every appointment in this database, the ones with agencies too."""
        return self._calendar.due_reminders(day)

    def mark_reminded(self, reference: str) -> None:
        self._calendar.mark_reminded(reference)

    # -- beyond the interface: alternatives and the audit trail ----------------------------------
    def alternatives(self, products: Products, location: str, wanted: datetime) -> List[Slot]:
        """The free times nearest to what was wanted: that day first, then the days after."""
        return self._calendar.alternatives(self._plan(products, location), wanted)

    def history(self, reference: str) -> List[Tuple[str, dict]]:
        return self._calendar.history(reference)

    def actors(self, reference: str) -> List[Tuple[str, str]]:
        return self._calendar.actors(reference)

    # -- helpers -----------------------------------------------------------------------------------
    def _product(self, code: str):
        product = self._config().producten.get(code)
        if product is None or not product.afspraak:
            raise UnknownProduct(code)
        return product

    def _plan(self, products: Products, location: str) -> DeskPlan:
        codes = product_codes(products)
        if len(codes) != 1:
            raise ProductNotOffered(f"one product per appointment at {location}, not {', '.join(codes) or 'none'}")
        product = codes[0]
        duration = self._product(product).duur_minuten
        place = self._config().locaties.get(location)
        if place is None:
            raise UnknownLocation(location)
        if product not in place.producten:
            raise ProductNotOffered(f"{product} at {location}")
        return DeskPlan(product, location, duration, (tuple(range(1, place.balies + 1)),),
                        lambda day: windows_on(place, day))

    def _as_location(self, code: str, loc: Locatie) -> Location:
        return Location(code, loc.naam, loc.soort, loc.volledig_adres, loc.wijk, tuple(loc.postcodegebied),
                        tuple(p for p in loc.producten if self._config().producten[p].afspraak))


def _taken(session: Session, location: str, first: date, end: date) -> TakenUnits:
    low = _unit(datetime.combine(first, datetime.min.time(), tzinfo=TIMEZONE))
    high = _unit(datetime.combine(end, datetime.min.time(), tzinfo=TIMEZONE))
    rows = session.execute(select(DeskUnitRow.desk, DeskUnitRow.unit_start).where(
        DeskUnitRow.location_code == location, DeskUnitRow.unit_start >= low, DeskUnitRow.unit_start < high))
    taken: TakenUnits = {}
    for desk, unit in rows:
        taken.setdefault(desk, set()).add(unit)
    return taken


def _free_desks(session: Session, plan: DeskPlan, start: datetime, end: datetime) -> Optional[Tuple[int, ...]]:
    taken = _taken(session, plan.location, start.date(), end.date() + timedelta(days=1))
    return _first_free(taken, plan.desks, _units(start, end))


def _claim(session: Session, row: AppointmentRow, desks: Tuple[int, ...], start: datetime, end: datetime) -> None:
    session.add_all(DeskUnitRow(location_code=row.location_code, desk=desk, unit_start=unit, appointment_id=row.id)
                    for desk in desks for unit in _units(start, end))
    session.flush()


def _first_free(taken: TakenUnits, groups: Tuple[Tuple[int, ...], ...], units: Iterable[int]) -> Optional[Tuple[int, ...]]:
    """One free desk out of each group, the lowest first; None when a group has none."""
    units = list(units)
    chosen: List[int] = []
    for group in groups:
        for desk in group:
            claimed = taken.get(desk, ())
            if desk not in chosen and not any(unit in claimed for unit in units):
                chosen.append(desk)
                break
        else:
            return None
    return tuple(chosen)


def _days(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _database_backend() -> BookingBackend:
    return DatabaseScheduler(session_factory())


register("database", _database_backend)
