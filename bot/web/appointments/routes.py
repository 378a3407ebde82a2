"""The appointments for staff: the list of a day or a few days, and one appointment with its
shared transcript.

KCC employees and administrators see every appointment; an agency employee
(``agency:<code>``) sees only appointments that carry their agency, and any other one is a
404 for them, exactly like an unknown reference, so they cannot even learn it exists. Other
roles get 403. The transcript shown is the masked copy the resident agreed to share.

The list also names the places an employee can choose from (all of gemeente.yml's locations
for the KCC, the pilot locations of their agency for an agency employee) and the agencies by
their names, so the page needs nothing but this answer.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Callable, Dict, FrozenSet, List, Optional, Tuple, TypeVar

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.agencies.shared_transcript import attached, appointments_with_conversation
from bot.db.models import AppointmentAgencyRow, AppointmentRow, AppointmentTranscriptRow, LocationRow, ProductRow
from bot.core.clock import TIMEZONE
from bot.config.gemeente import GemeenteConfig
from bot.agencies.locations import locations_with
from bot.web.staff import auth as staff_auth
from bot.web.errors import ApiError
from bot.staff.roles import ADMIN, KCC, agency_codes
from bot.staff.types import Staff
from bot.core.clock import iso_utc

Result = TypeVar("Result")
ALL = None  # the scope of KCC employees and administrators
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_REFERENCE = re.compile(r"[A-Z0-9]{4,16}")
_LOCATION = re.compile(r"[a-z0-9_-]{1,40}")
_DAYS = re.compile(r"[0-9]{1,2}")
MAX_DAYS = 31  # a month ahead: what an employee plans with, and a list that stays small


def scope_of(staff: Staff) -> Optional[FrozenSet[str]]:
    """ALL for the KCC and administrators, the agency codes of an agency employee; 403 for the rest."""
    if staff.roles & {KCC, ADMIN}:
        return ALL
    codes = agency_codes(staff.roles)
    if not codes:
        raise staff_auth.forbidden()
    return codes


def invalid(code: str, detail: str) -> ApiError:
    return ApiError(422, code, detail)


def parse_day(value: Optional[str]) -> date:
    """``YYYY-MM-DD``; today (Europe/Amsterdam) when left out."""
    if value is None:
        return datetime.now(TIMEZONE).date()
    try:
        if not _DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise invalid("invalid_date", "date must be a day as YYYY-MM-DD, for example 2026-11-24.") from None


def parse_days(value: Optional[str]) -> int:
    """How many days the list covers, from ``date`` on: 1 (that day only) when left out."""
    if value is None:
        return 1
    if not _DAYS.fullmatch(value) or not 1 <= int(value) <= MAX_DAYS:
        raise invalid("invalid_days", f"days must be a whole number from 1 to {MAX_DAYS}, for example 7.")
    return int(value)


def period(day: date, days: int) -> Tuple[datetime, datetime]:
    """The stored (naive UTC) start and end of ``days`` local days from ``day``; 422 for days
    at the edge of the calendar, which Python cannot turn into UTC."""
    try:
        start = datetime.combine(day, time.min, tzinfo=TIMEZONE)
        end = datetime.combine(day + timedelta(days=days), time.min, tzinfo=TIMEZONE)
        return _stored(start), _stored(end)
    except OverflowError:
        raise invalid("invalid_date", "date is too far in the past or the future.") from None


def location_choices(config: GemeenteConfig, scope: Optional[FrozenSet[str]]) -> List[Dict[str, str]]:
    """The places an employee can pick: every location for ALL, else the pilot locations
    where one of their agencies holds appointments (in gemeente.yml's order)."""
    codes = list(config.locaties) if scope is ALL else locations_with(config, scope)
    return [{"code": code, "name": config.locaties[code].naam} for code in codes]


def agency_name(config: GemeenteConfig, code: str) -> str:
    """The agency's name from gemeente.yml; its code when it was removed there since booking."""
    agency = config.uitvoeringsorganisaties.get(code)
    return agency.naam if agency else code


class AppointmentsApi:
    def __init__(self, sessions: "sessionmaker[Session]", config: Callable[[], GemeenteConfig]):
        self.sessions = sessions
        self.config = config

    def routes(self) -> List[Route]:
        return [Route("/api/appointments", self.list_appointments, methods=["GET"]),
                Route("/api/appointments/{reference}", self.appointment, methods=["GET"])]

    async def list_appointments(self, request: Request) -> JSONResponse:
        location = request.query_params.get("location")

        def work(session: Session) -> Dict[str, Any]:
            scope = scope_of(staff_auth.authenticate(session, request))
            start, end = period(parse_day(request.query_params.get("date")), parse_days(request.query_params.get("days")))
            if location is not None and (not _LOCATION.fullmatch(location) or session.get(LocationRow, location) is None):
                raise invalid("unknown_location", "location must be the code of a location in gemeente.yml.")
            config = self.config()
            rows = session.execute(_period_query(start, end, location, scope)).all()
            agencies = _agencies(session, [row.AppointmentRow.id for row in rows])
            with_transcript = _with_transcript(session, [row.AppointmentRow.id for row in rows])
            return {"appointments": [_summary(row, agencies, with_transcript, config) for row in rows],
                    "locations": location_choices(config, scope)}

        return JSONResponse(await self._in_transaction(work))

    async def appointment(self, request: Request) -> JSONResponse:
        reference = request.path_params["reference"].upper()

        def work(session: Session) -> Dict[str, Any]:
            scope = scope_of(staff_auth.authenticate(session, request))
            row = session.execute(_base_query().where(AppointmentRow.reference == reference)).first() \
                if _REFERENCE.fullmatch(reference) else None
            agencies = _agencies(session, [row.AppointmentRow.id]) if row else {}
            if row is None or not _visible(agencies.get(row.AppointmentRow.id, []), scope):
                raise ApiError(404, "not_found", "There is no appointment with this reference.")
            shared = attached(session, row.AppointmentRow.id)
            shown = _summary(row, agencies, {row.AppointmentRow.id} if shared else set(), self.config())
            shown.update(email=row.AppointmentRow.email, phone=row.AppointmentRow.phone, transcript=None)
            if shared:
                shown["transcript"] = {"consent_at": iso_utc(shared.consent_at),
                                       "conversation_id": shared.conversation_id, "messages": shared.messages}
            return {"appointment": shown}

        return JSONResponse(await self._in_transaction(work))

    async def _in_transaction(self, work: Callable[[Session], Result]) -> Result:
        def run() -> Result:
            with self.sessions.begin() as session:
                return work(session)

        return await run_in_threadpool(run)


def agency_transcript(session: Session, codes: FrozenSet[str], conversation_id: str) -> Optional[Dict[str, Any]]:
    """The shared copy of a conversation for an agency employee: only when it is attached to
    an appointment of their agency (the newest such copy); None otherwise."""
    ids = appointments_with_conversation(session, conversation_id)
    agencies = _agencies(session, ids)
    mine = [i for i in ids if _visible(agencies.get(i, []), codes)]
    if not mine:
        return None
    rows = session.execute(select(AppointmentRow.id, AppointmentRow.reference, AppointmentTranscriptRow.attached_at)
                           .join(AppointmentTranscriptRow, AppointmentTranscriptRow.appointment_id == AppointmentRow.id)
                           .where(AppointmentRow.id.in_(mine)).order_by(AppointmentTranscriptRow.attached_at)).all()
    newest = attached(session, rows[-1].id)
    return {"conversation_id": conversation_id, "appointments": [row.reference for row in rows],
            "consent_at": iso_utc(newest.consent_at), "messages": newest.messages}


def _base_query():
    return (select(AppointmentRow, ProductRow.name.label("product_name"), LocationRow.name.label("location_name"))
            .join(ProductRow, ProductRow.code == AppointmentRow.product_code)
            .join(LocationRow, LocationRow.code == AppointmentRow.location_code))


def _period_query(start: datetime, end: datetime, location: Optional[str], scope: Optional[FrozenSet[str]]):
    query = _base_query().where(AppointmentRow.start_at >= start, AppointmentRow.start_at < end)
    if location is not None:
        query = query.where(AppointmentRow.location_code == location)
    if scope is not ALL:
        query = query.where(exists().where(AppointmentAgencyRow.appointment_id == AppointmentRow.id,
                                           AppointmentAgencyRow.agency_code.in_(sorted(scope))))
    return query.order_by(AppointmentRow.start_at, AppointmentRow.reference)


def _stored(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def _agencies(session: Session, ids: List[int]) -> Dict[int, List[str]]:
    found: Dict[int, List[str]] = {}
    if ids:
        for appointment_id, code in session.execute(
                select(AppointmentAgencyRow.appointment_id, AppointmentAgencyRow.agency_code)
                .where(AppointmentAgencyRow.appointment_id.in_(ids)).order_by(AppointmentAgencyRow.agency_code)):
            found.setdefault(appointment_id, []).append(code)
    return found


def _with_transcript(session: Session, ids: List[int]) -> set:
    if not ids:
        return set()
    return set(session.execute(select(AppointmentTranscriptRow.appointment_id)
                               .where(AppointmentTranscriptRow.appointment_id.in_(ids))).scalars())


def _visible(agencies: List[str], scope: Optional[FrozenSet[str]]) -> bool:
    return scope is ALL or bool(set(agencies) & scope)


def _summary(row, agencies: Dict[int, List[str]], with_transcript: set, config: GemeenteConfig) -> Dict[str, Any]:
    appointment = row.AppointmentRow
    codes = agencies.get(appointment.id, [])
    return {"reference": appointment.reference, "product": appointment.product_code,
            "product_name": row.product_name, "location": appointment.location_code,
            "location_name": row.location_name, "start": iso_utc(appointment.start_at),
            "end": iso_utc(appointment.end_at), "status": appointment.status,
            "agencies": codes, "agency_names": [agency_name(config, code) for code in codes],
            "has_transcript": appointment.id in with_transcript,
            "name": appointment.name}
