"""The appointments for staff: a day's list and one appointment with its shared transcript.

KCC employees and administrators see every appointment; an agency employee
(``agency:<code>``) sees only appointments that carry their agency, and any other one is a
404 for them, exactly like an unknown reference, so they cannot even learn it exists. Other
roles get 403. The transcript shown is the masked copy the resident agreed to share.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Callable, Dict, FrozenSet, List, Optional, TypeVar

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.booking.attachments import attached, appointments_with_conversation
from bot.db.models import AppointmentAgencyRow, AppointmentRow, AppointmentTranscriptRow, LocationRow, ProductRow
from bot.facts import TIMEZONE
from bot.web import staff_auth
from bot.web.errors import ApiError
from bot.web.roles import ADMIN, KCC, agency_codes
from bot.web.staff_auth import Staff
from bot.web.types import iso_utc

Result = TypeVar("Result")
ALL = None  # the scope of KCC employees and administrators
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_REFERENCE = re.compile(r"[A-Z0-9]{4,16}")
_LOCATION = re.compile(r"[a-z0-9_-]{1,40}")


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


class AppointmentsApi:
    def __init__(self, sessions: "sessionmaker[Session]"):
        self.sessions = sessions

    def routes(self) -> List[Route]:
        return [Route("/api/appointments", self.list_appointments, methods=["GET"]),
                Route("/api/appointments/{reference}", self.appointment, methods=["GET"])]

    async def list_appointments(self, request: Request) -> JSONResponse:
        location = request.query_params.get("location")

        def work(session: Session) -> Dict[str, Any]:
            scope = scope_of(staff_auth.authenticate(session, request))
            day = parse_day(request.query_params.get("date"))
            if location is not None and (not _LOCATION.fullmatch(location) or session.get(LocationRow, location) is None):
                raise invalid("unknown_location", "location must be the code of a location in gemeente.yml.")
            rows = session.execute(_day_query(day, location, scope)).all()
            agencies = _agencies(session, [row.AppointmentRow.id for row in rows])
            with_transcript = _with_transcript(session, [row.AppointmentRow.id for row in rows])
            return {"appointments": [_summary(row, agencies, with_transcript) for row in rows]}

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
            shown = _summary(row, agencies, {row.AppointmentRow.id} if shared else set())
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


def _day_query(day: date, location: Optional[str], scope: Optional[FrozenSet[str]]):
    start = datetime.combine(day, time.min, tzinfo=TIMEZONE)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=TIMEZONE)
    query = _base_query().where(AppointmentRow.start_at >= _stored(start), AppointmentRow.start_at < _stored(end))
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


def _summary(row, agencies: Dict[int, List[str]], with_transcript: set) -> Dict[str, Any]:
    appointment = row.AppointmentRow
    return {"reference": appointment.reference, "product": appointment.product_code,
            "product_name": row.product_name, "location": appointment.location_code,
            "location_name": row.location_name, "start": iso_utc(appointment.start_at),
            "end": iso_utc(appointment.end_at), "status": appointment.status,
            "agencies": agencies.get(appointment.id, []), "has_transcript": appointment.id in with_transcript,
            "name": appointment.name}
