"""Writing the audit log from the staff API: who (the logged-in employee), from where (the
client's address, as the rate limits see it), and what. Reads of personal data are recorded
in a short transaction of their own; changes are recorded in the change's own transaction
by the feature that makes them, or here with ``record_in``."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Callable, Mapping, Optional, TypeVar

from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from bot.audit import log as audit
from bot.core.settings import get_settings
from bot.staff.types import Staff
from bot.web.errors import ApiError
from bot.web.ratelimit import client_address


def origin(request: Request) -> str:
    return client_address(request, get_settings().trust_forwarded_for)


# Reads the console repeats by itself (polling): one event per employee, object and address
# in this time, not one every few seconds.
REPEATED_READS = frozenset({"transcript_view", "callbacks_view", "appointments_view", "appointment_view",
                            "inbox_view"})
REPEAT_WINDOW = timedelta(minutes=10)


def record_in(session: Session, request: Request, staff: Staff, action: str, object_type: Optional[str] = None,
              object_id: Optional[object] = None, result: str = audit.OK,
              details: Optional[Mapping[str, audit.Detail]] = None) -> None:
    audit.record(session, audit.STAFF, staff.username, action, object_type=object_type, object_id=object_id,
                 result=result, origin=origin(request), details=details,
                 unless_within=REPEAT_WINDOW if action in REPEATED_READS else None)


async def audited(sessions: "sessionmaker[Session]", request: Request, staff: Staff, action: str,
                  object_type: Optional[str] = None, object_id: Optional[object] = None, result: str = audit.OK,
                  details: Optional[Mapping[str, audit.Detail]] = None) -> None:
    """Records one event in a transaction of its own (for reads)."""
    def write() -> None:
        with sessions.begin() as session:
            record_in(session, request, staff, action, object_type, object_id, result, details)

    await run_in_threadpool(write)


Result = TypeVar("Result")


@dataclass(frozen=True)
class Audited:
    """What one staff call does, for the audit log: recorded as ``ok`` in the call's own
    transaction when it succeeds, and as ``refused`` (with the HTTP status) when it does not."""
    request: Request
    staff: Staff
    action: str
    object_type: Optional[str] = None
    object_id: Optional[object] = None
    details: Optional[Mapping[str, audit.Detail]] = None


def run_audited(sessions: "sessionmaker[Session]", what: Audited, work: Callable[[Session], Result],
                refusals: Callable[[Exception], Optional[ApiError]] = lambda _error: None) -> Result:
    """Runs ``work`` in one transaction and records ``what`` in it; ``refusals`` turns a
    feature's exception into the API's error (None: not a refusal, raised as it is)."""
    try:
        with sessions.begin() as session:
            result = work(session)
            record_in(session, what.request, what.staff, what.action, what.object_type, what.object_id,
                      audit.OK, what.details)
            return result
    except Exception as problem:  # noqa: BLE001 - recorded, then raised again
        error = problem if isinstance(problem, ApiError) else refusals(problem)
        with sessions.begin() as session:
            record_in(session, what.request, what.staff, what.action, what.object_type, what.object_id,
                      audit.REFUSED if error is not None else audit.FAILED,
                      {**(what.details or {}), "status": error.status if error is not None else 500})
        if error is not None and error is not problem:
            raise error from None
        raise


async def audited_call(sessions: "sessionmaker[Session]", what: Audited, call: Callable[[], Result]) -> Result:
    """Runs ``call`` (which has transactions of its own, e.g. a retrain) in a worker thread,
    then records it: ``ok``, or ``refused`` with the status of the API's error."""
    try:
        result = await run_in_threadpool(call)
    except ApiError as refused:
        await audited(sessions, what.request, what.staff, what.action, what.object_type, what.object_id,
                      audit.REFUSED, {**(what.details or {}), "status": refused.status})
        raise
    await audited(sessions, what.request, what.staff, what.action, what.object_type, what.object_id, audit.OK,
                  what.details)
    return result
