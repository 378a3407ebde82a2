"""The KCC's routes: the queue of chats waiting for a person, taking one, answering it,
handing it back (or closing it), and reading a whole transcript.

Each call first checks who is calling and their role (401/403), then reads the body (400),
then does its work in one transaction; a chat in the wrong state is a 409 and changes
nothing. KCC employees and administrators read every transcript; an agency employee reads
only the shared copy attached to an appointment of their agency (bot/agencies/staff_view.py).
"""
from __future__ import annotations

from typing import Any, Callable, Dict, FrozenSet, List, Optional, TypeVar

from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.agencies.staff_view import agency_transcript
from bot.conversations import transcript
from bot.handover import takeover as handover
from bot.staff.roles import ADMIN, CHAT_ROLES, agency_codes
from bot.staff.types import Staff
from bot.web.errors import ApiError
from bot.web.resident.bodies import read_object
from bot.web.staff import auth as staff_auth
from bot.web.staff.audit_trail import Audited, run_audited
from bot.web.staff.bodies import agent_text, no_fields, queue_status, release_body

Result = TypeVar("Result")


class KccApi:
    """The handover routes, on one session factory."""

    def __init__(self, sessions: "sessionmaker[Session]"):
        self.sessions = sessions

    def routes(self) -> List[Route]:
        base = "/api/kcc/handovers"
        return [Route(base, self.list_handovers, methods=["GET"]),
                Route(base + "/{conversation_id}/take", self.take, methods=["POST"]),
                Route(base + "/{conversation_id}/messages", self.send, methods=["POST"]),
                Route(base + "/{conversation_id}/release", self.release, methods=["POST"]),
                Route("/api/conversations/{id}/transcript", self.transcript, methods=["GET"])]

    async def list_handovers(self, request: Request) -> JSONResponse:
        staff = await self._staff(request, CHAT_ROLES)
        status = queue_status(request)

        def work(session: Session) -> Dict[str, Any]:
            now = transcript.utcnow()
            found = handover.queue(session, status)
            return {"handovers": [item.as_json(now, staff.account_id) for item in found]}

        return JSONResponse(await self._in_transaction(work, None))  # polled every few seconds: not audited

    async def take(self, request: Request) -> JSONResponse:
        staff = await self._staff(request, CHAT_ROLES)
        no_fields(await read_object(request, empty_means_object=True))
        conversation_id = request.path_params["conversation_id"]

        def work(session: Session) -> Dict[str, Any]:
            taken, notice = handover.take(session, conversation_id, staff)
            return _handover_answer(taken, [notice] if notice else [], staff)

        return JSONResponse(await self._in_transaction(work, Audited(request, staff, "take", "conversation",
                                                                        conversation_id)))

    async def send(self, request: Request) -> JSONResponse:
        staff = await self._staff(request, CHAT_ROLES)
        text = agent_text(await read_object(request))
        conversation_id = request.path_params["conversation_id"]

        def work(session: Session) -> Dict[str, Any]:
            message = handover.send_agent_message(session, conversation_id, staff, text)
            return {"messages": [message.as_json()]}

        # the audit log records that a message was sent, never its text
        return JSONResponse(await self._in_transaction(work, Audited(request, staff, "message", "conversation",
                                                                        conversation_id)))

    async def release(self, request: Request) -> JSONResponse:
        staff = await self._staff(request, CHAT_ROLES)
        wanted = release_body(await read_object(request, empty_means_object=True))
        conversation_id = request.path_params["conversation_id"]

        def work(session: Session) -> Dict[str, Any]:
            released, notice = handover.release(session, conversation_id, staff, close=wanted.close,
                                                summary=wanted.summary, may_override=ADMIN in staff.roles)
            return _handover_answer(released, [notice], staff)

        details = {"close": wanted.close, "as_admin": ADMIN in staff.roles}
        return JSONResponse(await self._in_transaction(work, Audited(request, staff, "close" if wanted.close
                                                                        else "release", "conversation",
                                                                        conversation_id, details)))

    async def transcript(self, request: Request) -> JSONResponse:
        staff = await self._staff(request, None)
        conversation_id = request.path_params["id"]
        if not staff.roles & CHAT_ROLES:
            if not agency_codes(staff.roles):
                raise staff_auth.forbidden()
            return JSONResponse(await self._in_transaction(
                lambda session: _agency_copy(session, staff, conversation_id),
                Audited(request, staff, "transcript_view", "conversation", conversation_id, {"copy": "agency"})))

        return JSONResponse(await self._in_transaction(
            lambda session: handover.whole_transcript(session, conversation_id, staff.account_id),
            Audited(request, staff, "transcript_view", "conversation", conversation_id)))

    async def _staff(self, request: Request, allowed: Optional[FrozenSet[str]]) -> Staff:
        """The caller, with one of the allowed roles (None: any role; the route checks)."""
        return await staff_auth.staff_with_role(self.sessions, request, allowed)

    async def _in_transaction(self, work: Callable[[Session], Result], what: Optional[Audited]) -> Result:
        """Runs ``work`` in one transaction and records it in the audit log; the handover
        module's refusals become 404 and 409 (and are recorded as refused)."""
        if what is None:
            def plain() -> Result:
                with self.sessions.begin() as session:
                    return work(session)
            return await run_in_threadpool(plain)
        return await run_in_threadpool(run_audited, self.sessions, what, work, _refusal)


def _refusal(problem: Exception) -> Optional[ApiError]:
    if isinstance(problem, handover.ConversationNotFound):
        return ApiError(404, "not_found", "There is no conversation with this id.")
    if isinstance(problem, handover.HandoverConflict):
        return ApiError(409, problem.code, problem.detail)
    return None


def _agency_copy(session: Session, staff: Staff, conversation_id: str) -> Dict[str, Any]:
    """An agency employee sees the masked copy shared with their agency's appointment, else 404."""
    shown = agency_transcript(session, agency_codes(staff.roles), conversation_id)
    if shown is None:
        raise handover.ConversationNotFound(conversation_id)
    return shown


def _handover_answer(current: handover.Handover, messages: list, staff: Staff) -> Dict[str, Any]:
    """A handover after a change, with the messages that change added to the transcript."""
    return {"handover": current.as_json(transcript.utcnow(), staff.account_id),
            "messages": [message.as_json() for message in messages]}
