"""The KCC's callback requests: residents who asked to be called back when nobody was there
to chat. ``GET /api/kcc/callbacks?status=open|done`` lists them, oldest first;
``POST /api/kcc/callbacks/{id}/done`` records that the resident was called, once, with an
optional note; ``POST /api/kcc/callbacks/{id}/reopen`` undoes that (the employee who did it,
or an administrator). Both are in the audit log: whether there was a note, never its text.

Like the handover routes: the caller and role first (401/403), then the body (400/422), then
one transaction; an unknown id is a 404, a request already done a 409, and neither changes
anything.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.conversations import transcript
from bot.handover import callback
from bot.staff.roles import ADMIN, CHAT_ROLES
from bot.staff.types import Staff
from bot.web.errors import ApiError
from bot.web.resident.bodies import only_fields, read_object, storable
from bot.web.staff import auth as staff_auth
from bot.web.staff.audit_trail import Audited, run_audited
from bot.web.staff.bodies import no_fields

_MAX_ID = 2 ** 31 - 1


class CallbacksApi:
    def __init__(self, sessions: "sessionmaker[Session]"):
        self.sessions = sessions

    def routes(self) -> List[Route]:
        return [Route("/api/kcc/callbacks", self.list_callbacks, methods=["GET"]),
                Route("/api/kcc/callbacks/{id}/done", self.done, methods=["POST"]),
                Route("/api/kcc/callbacks/{id}/reopen", self.reopen, methods=["POST"])]

    async def list_callbacks(self, request: Request) -> JSONResponse:
        staff = await self._staff(request)
        status = _status(request)

        def work(session: Session) -> Dict[str, Any]:
            return {"callbacks": [c.as_json() for c in callback.callbacks(session, status)]}

        # names and phone numbers: a read of personal data, in the audit log
        what = Audited(request, staff, "callbacks_view", "callbacks", status)
        return JSONResponse(await run_in_threadpool(run_audited, self.sessions, what, work))

    async def done(self, request: Request) -> JSONResponse:
        staff = await self._staff(request)
        callback_id = _callback_id(request)
        note = _note(await read_object(request, empty_means_object=True))

        def work(session: Session) -> Dict[str, Any]:
            handled = callback.mark_done(session, callback_id, staff.account_id, note, transcript.utcnow())
            return {"callback": handled.as_json()}

        what = Audited(request, staff, "callback_done", "callback", callback_id, {"with_note": note is not None})
        return JSONResponse(await run_in_threadpool(run_audited, self.sessions, what, work, _refusal))

    async def reopen(self, request: Request) -> JSONResponse:
        """Undo of "done": open again, for the one who marked it done or an administrator."""
        staff = await self._staff(request)
        callback_id = _callback_id(request)
        no_fields(await read_object(request, empty_means_object=True))
        as_admin = ADMIN in staff.roles

        def work(session: Session) -> Dict[str, Any]:
            return {"callback": callback.reopen(session, callback_id, staff.account_id, as_admin).as_json()}

        what = Audited(request, staff, "callback_reopen", "callback", callback_id, {"as_admin": as_admin})
        return JSONResponse(await run_in_threadpool(run_audited, self.sessions, what, work, _refusal))

    async def _staff(self, request: Request) -> Staff:
        return await staff_auth.staff_with_role(self.sessions, request, CHAT_ROLES)


def _refusal(problem: Exception) -> Optional[ApiError]:
    if isinstance(problem, callback.CallbackNotFound):
        return ApiError(404, "not_found", "There is no callback request with this id.")
    if isinstance(problem, callback.AlreadyHandled):
        return ApiError(409, "already_done", "This callback request was already marked done.")
    if isinstance(problem, callback.NotHandled):
        return ApiError(409, "not_done", "This callback request is open; there is nothing to undo.")
    if isinstance(problem, callback.HandledByOther):
        return ApiError(409, "done_by_other", "Another employee marked this callback request done; "
                                              "only they or an administrator can undo it.")
    return None


def _status(request: Request) -> str:
    """``?status=open`` (the default) or ``?status=done``."""
    raw = request.query_params.get("status", "open")
    if raw not in callback.STATUSES:
        raise ApiError(422, "invalid_status", "status must be \"open\" or \"done\".")
    return raw


def _callback_id(request: Request) -> int:
    """A path id that is no whole number cannot name a request: the same 404 as an unknown one."""
    raw = request.path_params["id"]
    if not raw.isascii() or not raw.isdigit() or len(raw) > 10 or int(raw) > _MAX_ID:
        raise ApiError(404, "not_found", "There is no callback request with this id.")
    return int(raw)


def _note(body: Dict[str, Any]) -> Optional[str]:
    """``{"note": str}``, optional, at most 500 characters after trimming."""
    only_fields(body, {"note"})
    note = body.get("note")
    if note is None:
        return None
    if not isinstance(note, str):
        raise ApiError(422, "invalid_note", "note must be a string.")
    try:
        note = storable(note, "note").strip()
    except ApiError as problem:
        raise ApiError(422, problem.code, problem.detail) from None
    if len(note) > callback.NOTE_MAX:
        raise ApiError(422, "invalid_note", f"note is longer than {callback.NOTE_MAX} characters.")
    return note or None
