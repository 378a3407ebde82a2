"""The audit log for administrators: ``GET /api/staff/audit`` searches it (newest first) and
``GET /api/staff/audit.csv`` exports the same selection. Both are themselves audited.

Filters (all optional, combined): ``actor``, ``action``, ``object_type``, ``object_id``,
``result`` (ok, refused, failed), ``since`` and ``until`` (dates, ``YYYY-MM-DD``, UTC; until
is exclusive) and ``limit`` (1 to 1000, default 200).
"""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, Dict, List, Optional

from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.audit import log as audit
from bot.core.clock import iso_utc, utcnow
from bot.staff.roles import ADMIN
from bot.web.errors import bad_request
from bot.web.staff import auth as staff_auth
from bot.web.staff.audit_trail import record_in

_TEXT_FILTERS = {"actor": 100, "action": 40, "object_type": 40, "object_id": 100}
_NO_STORE = {"Cache-Control": "no-store"}


class AuditApi:
    def __init__(self, sessions: "sessionmaker[Session]"):
        self.sessions = sessions

    def routes(self) -> List[Route]:
        return [Route("/api/staff/audit", self.search, methods=["GET"]),
                Route("/api/staff/audit.csv", self.export, methods=["GET"])]

    async def search(self, request: Request) -> JSONResponse:
        found = await self._found(request, "audit_view")
        return JSONResponse({"events": [_json(event) for event in found]}, headers=_NO_STORE)

    async def export(self, request: Request) -> Response:
        found = await self._found(request, "audit_export")
        name = f"audit-{utcnow():%Y-%m-%d}.csv"
        return Response("\ufeff" + audit.as_csv(found), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"', **_NO_STORE})

    async def _found(self, request: Request, action: str) -> List[audit.AuditEvent]:
        staff = await staff_auth.staff_with_role(self.sessions, request, frozenset({ADMIN}))
        filters = _filters(request)

        def read() -> List[audit.AuditEvent]:
            with self.sessions.begin() as session:
                found = audit.search(session, **filters)
                record_in(session, request, staff, action, "audit", None, details={"rows": len(found)})
                return found

        return await run_in_threadpool(read)


def _filters(request: Request) -> Dict[str, Any]:
    params = request.query_params
    filters: Dict[str, Any] = {}
    for name, longest in _TEXT_FILTERS.items():
        value = params.get(name)
        if value:
            if len(value) > longest:
                raise bad_request(f"invalid_{name}", f"{name} is longer than {longest} characters.")
            filters[name] = value
    result = params.get("result")
    if result:
        if result not in audit.RESULTS:
            raise bad_request("invalid_result", "result must be ok, refused or failed.")
        filters["result"] = result
    filters["since"] = _day(params.get("since"), "since")
    filters["until"] = _day(params.get("until"), "until")
    limit = params.get("limit", "200")
    if not limit.isascii() or not limit.isdigit() or not 1 <= int(limit) <= audit.MAX_SEARCH_ROWS:
        raise bad_request("invalid_limit", f"limit must be a whole number from 1 to {audit.MAX_SEARCH_ROWS}.")
    filters["limit"] = int(limit)
    return filters


def _day(raw: Optional[str], name: str) -> Optional[datetime]:
    if not raw:
        return None
    try:
        return datetime.combine(date.fromisoformat(raw[:10]), time()) if len(raw) == 10 else _bad_day(name)
    except ValueError:
        return _bad_day(name)


def _bad_day(name: str) -> datetime:
    raise bad_request(f"invalid_{name}", f"{name} must be a date: YYYY-MM-DD.")


def _json(event: audit.AuditEvent) -> Dict[str, Any]:
    return {"id": event.id, "at": iso_utc(event.at), "actor_kind": event.actor_kind, "actor": event.actor,
            "action": event.action, "object_type": event.object_type, "object_id": event.object_id,
            "result": event.result, "origin": event.origin, "details": event.details}
