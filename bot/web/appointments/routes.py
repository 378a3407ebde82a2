"""The appointments for staff: ``GET /api/appointments`` (a day or a few days) and
``GET /api/appointments/{reference}`` (one, with its shared transcript). Who sees which is
bot/agencies/staff_view.py: an appointment outside the caller's scope is the same 404 as an
unknown reference; roles without a scope get 403.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any, Callable, Dict, List, Optional, TypeVar

from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.agencies import staff_view
from bot.config.gemeente import GemeenteConfig
from bot.core.clock import local_now
from bot.staff.types import Staff
from bot.web.errors import ApiError
from bot.web.staff import auth as staff_auth
from bot.web.staff.audit_trail import Audited, run_audited

Result = TypeVar("Result")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_REFERENCE = re.compile(r"[A-Z0-9]{4,16}")
_LOCATION = re.compile(r"[a-z0-9_-]{1,40}")
_DAYS = re.compile(r"[0-9]{1,2}")
MAX_DAYS = 31  # a month ahead: what an employee plans with, and a list that stays small


def invalid(code: str, detail: str) -> ApiError:
    return ApiError(422, code, detail)


def parse_day(value: Optional[str]) -> date:
    """``YYYY-MM-DD``; today (Europe/Amsterdam) when left out."""
    if value is None:
        return local_now().date()
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


def scope_of(staff: Staff) -> staff_view.Scope:
    """The appointments this employee sees; 403 for a role that sees none."""
    try:
        return staff_view.scope_of(staff.roles)
    except staff_view.NotAllowed:
        raise staff_auth.forbidden() from None


class AppointmentsApi:
    def __init__(self, sessions: "sessionmaker[Session]", config: Callable[[], GemeenteConfig]):
        self.sessions = sessions
        self.config = config

    def routes(self) -> List[Route]:
        return [Route("/api/appointments", self.list_appointments, methods=["GET"]),
                Route("/api/appointments/{reference}", self.appointment, methods=["GET"])]

    async def list_appointments(self, request: Request) -> JSONResponse:
        location = request.query_params.get("location")
        staff = await staff_auth.staff_with_role(self.sessions, request, None)

        def work(session: Session) -> Dict[str, Any]:
            scope = scope_of(staff)
            day, days = parse_day(request.query_params.get("date")), parse_days(request.query_params.get("days"))
            try:
                start, end = staff_view.period(day, days)
            except OverflowError:
                raise invalid("invalid_date", "date is too far in the past or the future.") from None
            if location is not None and (not _LOCATION.fullmatch(location)
                                         or not staff_view.is_location(session, location)):
                raise invalid("unknown_location", "location must be the code of a location in gemeente.yml.")
            return staff_view.appointments(session, self.config(), start, end, location, scope)

        # names and contact details of residents: a read of personal data, in the audit log
        what = Audited(request, staff, "appointments_view", "appointments", location,
                       {"date": (request.query_params.get("date") or "")[:10]})
        return JSONResponse(await run_in_threadpool(run_audited, self.sessions, what, work))

    async def appointment(self, request: Request) -> JSONResponse:
        reference = request.path_params["reference"].upper()
        staff = await staff_auth.staff_with_role(self.sessions, request, None)

        def work(session: Session) -> Dict[str, Any]:
            scope = scope_of(staff)
            shown = staff_view.appointment(session, self.config, reference, scope) \
                if _REFERENCE.fullmatch(reference) else None
            if shown is None:
                raise ApiError(404, "not_found", "There is no appointment with this reference.")
            return {"appointment": shown}

        what = Audited(request, staff, "appointment_view", "appointment", reference[:16])
        return JSONResponse(await run_in_threadpool(run_audited, self.sessions, what, work))
