"""The chat gateway's application. The resident side lives here: start a conversation, send
a message, poll for new ones, download a file the bot sent (an appointment's calendar file),
delete the conversation (also by its "Ja, wis dit gesprek" button, whose payload is handled
here and never reaches Rasa). The staff side (log-in, the
KCC's handovers and callback requests) comes from ``staff_routes``, ``kcc`` and ``callbacks_api``. Paths and fields are those of the API contract.

Each request opens its own database transactions, in a worker thread so that waiting for
the database never blocks other requests. No transaction stays open while Rasa thinks: the
resident's message is committed first, the replies are stored in a second transaction.

Starting a conversation and sending a message count against the client address's rate
limit; a message also against its conversation's, checked after the token so that a
stranger cannot use up someone else's limit. A refused message is not stored.

A message sent again with the same ``client_id`` (the widget resends after a dropped
connection) is neither stored nor sent to the bot again: the answer is what was stored after
it the first time.
"""
from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.faq.answers import DELETE_CONVERSATION_PAYLOAD
from bot.config.content import get_content, render
from bot.db.engine import session_factory
from bot.config.facts import base_facts
from bot.config.gemeente import get_gemeente
from bot.core.settings import Settings, get_settings
from bot.conversations import feedback
from bot.conversations import transcript
from bot.web.resident.bodies import (MAX_AFTER, ResidentMessage, after_param, bearer_token, feedback_vote, new_conversation,
                           read_object, resident_message)
from bot.web.staff.console import console_routes
from bot.web.content.routes import ContentApi
from bot.web.errors import EXCEPTION_HANDLERS, ApiError, not_found
from bot.web.appointments.routes import AppointmentsApi
from bot.web.kcc.health import ServiceStatus, StatusApi
from bot.web.kcc.callbacks import CallbacksApi
from bot.web.kcc.handovers import KccApi
from bot.web.openapi import OPENAPI
from bot.conversations.rasa_client import BotMessage, BotUnavailable, ask_bot, bot_client
from bot.web.ratelimit import ResidentLimits
from bot.conversations.retention import delete_conversations
from bot.web.content.retrain import Launcher, RetrainApi
from bot.web.staff.routes import StaffSessionApi
from bot.conversations.tracker_events import tracker_url
from bot.conversations.types import FileAttachment, Message, Sender, Status
from bot.web.cors import ResidentCors
from bot.web.resident.widget import WidgetPages

log = logging.getLogger(__name__)
# Shown when even the content file or gemeente.yml cannot be read.
PLAIN_FAILURE_NOTICE = "Er ging iets mis. Probeer het zo opnieuw."


@dataclass(frozen=True)
class _Stored:
    """Who answers a stored resident message; for a resend, the answer stored the first time."""
    status: Status
    earlier_replies: Optional[List[Message]] = None


class _Gateway:
    """The routes' shared configuration: settings, the session factory and how to reach Rasa."""

    def __init__(self, settings: Settings, rasa_transport: Optional[httpx.AsyncBaseTransport],
                 limits: Optional[ResidentLimits]):
        self.settings = settings
        self.sessions = session_factory(settings.database_url)
        self.rasa_transport = rasa_transport
        self.tracker_url = tracker_url(settings.database_url)
        self.limits = limits or ResidentLimits.from_settings(settings)
        self.rasa_client: Optional[httpx.AsyncClient] = None  # opened while the app runs (lifespan)

    @contextlib.asynccontextmanager
    async def lifespan(self, _app):
        async with bot_client(self.rasa_transport) as client:
            self.rasa_client = client
            try:
                yield
            finally:
                self.rasa_client = None

    async def start_conversation(self, request: Request) -> JSONResponse:
        self.limits.check_address(request)
        locale = new_conversation(await read_object(request, empty_means_object=True))
        conversation_id, token = await run_in_threadpool(self._create, locale)
        return JSONResponse({"conversation_id": conversation_id, "token": token}, status_code=201)

    async def messages(self, request: Request) -> JSONResponse:
        """One route for both methods, so a wrong method is told the right ``Allow``."""
        if request.method == "POST":
            return await self.post_message(request)
        return await self.list_messages(request)

    async def post_message(self, request: Request) -> JSONResponse:
        self.limits.check_address(request)
        message = resident_message(await read_object(request))
        conversation_id = request.path_params["id"]
        if message.payload == DELETE_CONVERSATION_PAYLOAD:  # "Ja, wis dit gesprek": never sent to Rasa
            await run_in_threadpool(self._delete, conversation_id, bearer_token(request))
            return JSONResponse({"messages": [], "deleted": True})
        stored = await run_in_threadpool(self._store_resident_message, conversation_id, bearer_token(request), message)
        if stored.earlier_replies is not None:
            return _messages_response(stored.earlier_replies)
        if stored.status is not Status.BOT:
            return _messages_response([])  # a person answers, through the polling endpoint
        try:
            replies = await ask_bot(self.settings.rasa_url, conversation_id, message.for_bot,
                                    timeout_s=self.settings.rasa_timeout_s, transport=self.rasa_transport,
                                    client=self.rasa_client)
        except BotUnavailable as problem:
            log.warning("conversation %s: the bot did not answer: %s", conversation_id, problem)
            stored = await run_in_threadpool(self._store_answer, conversation_id, Sender.SYSTEM,
                                             [BotMessage(self._failure_notice())])
        else:
            stored = await run_in_threadpool(self._store_answer, conversation_id, Sender.BOT, replies)
        return _messages_response(stored)

    async def list_messages(self, request: Request) -> JSONResponse:
        after = after_param(request)
        found, status = await run_in_threadpool(self._read, request.path_params["id"], bearer_token(request), after)
        # The status tells a widget whether a person has the chat (then it polls more often).
        return JSONResponse({"messages": [message.as_json() for message in found], "status": status.value})

    async def download_attachment(self, request: Request) -> Response:
        """The file the bot sent with a message (the appointment's .ics), for the resident's
        calendar. Unknown message, no file and a wrong token are the same 404."""
        found = await run_in_threadpool(self._attachment, request.path_params["id"], bearer_token(request),
                                        request.path_params["seq"])
        return Response(found.content.encode("utf-8"), media_type=f"{found.mime_type}; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{found.filename}"',
                                 "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})

    async def delete_conversation(self, request: Request) -> Response:
        """The resident's right to erasure: the conversation, its messages, handovers and
        Rasa's events, at once."""
        await run_in_threadpool(self._delete, request.path_params["id"], bearer_token(request))
        return Response(status_code=204)

    async def rate_answer(self, request: Request) -> Response:
        """A thumbs up or down under one of the bot's answers."""
        seq, helpful = feedback_vote(await read_object(request))
        await run_in_threadpool(self._record_vote, request.path_params["id"], bearer_token(request), seq, helpful)
        return Response(status_code=204)

    async def openapi(self, _request: Request) -> JSONResponse:
        return JSONResponse(OPENAPI)

    def _create(self, locale: str):
        with self.sessions.begin() as session:
            return transcript.create_conversation(session, locale)

    def _store_resident_message(self, conversation_id: str, token: Optional[str],
                                message: ResidentMessage) -> _Stored:
        """Stores the message and says who answers it; refuses strangers and closed chats. A
        message whose client id is already stored is not stored again."""
        with self.sessions.begin() as session:
            conversation = transcript.authenticate(session, conversation_id, token) if token else None
            if conversation is None:
                raise not_found()
            status = Status(conversation.status)
            earlier = transcript.by_client_id(session, conversation_id, message.client_id) \
                if message.client_id else None
            if earlier is not None:
                return _Stored(status, transcript.replies_to(session, conversation_id, earlier.seq))
            if status is Status.CLOSED:
                raise ApiError(409, "conversation_closed",
                               "This conversation is closed; start a new one. (Dit gesprek is gesloten.)")
            self.limits.check_conversation(conversation_id)
            text = message.text
            if text is None:
                text = transcript.button_title(session, conversation_id, str(message.payload)) or message.payload
            try:
                transcript.append(session, conversation_id, Sender.RESIDENT, str(text), client_id=message.client_id)
            except transcript.DuplicateMessage as duplicate:  # the same message arrived twice at once
                return _Stored(status, transcript.replies_to(session, conversation_id, duplicate.seq))
            return _Stored(status)

    def _store_answer(self, conversation_id: str, sender: Sender, replies: Sequence[BotMessage]) -> List[Message]:
        """Stores the bot's answer, unless a person took the chat over (or it was closed) while
        the bot was busy. A chat that just started waiting for a person keeps the answer that
        says so."""
        with self.sessions.begin() as session:
            if transcript.status_of(session, conversation_id) not in (Status.BOT, Status.WAITING):
                return []
            return [transcript.append(session, conversation_id, sender, reply.text, reply.buttons,
                                      attachment=reply.attachment)
                    for reply in replies]

    def _read(self, conversation_id: str, token: Optional[str], after: int) -> Tuple[List[Message], Status]:
        with self.sessions.begin() as session:
            conversation = transcript.authenticate(session, conversation_id, token) if token else None
            if conversation is None:
                raise not_found()
            return transcript.messages_after(session, conversation_id, after), Status(conversation.status)

    def _attachment(self, conversation_id: str, token: Optional[str], seq: int) -> FileAttachment:
        with self.sessions.begin() as session:
            if not token or transcript.authenticate(session, conversation_id, token) is None:
                raise not_found()
            found = transcript.attachment_of(session, conversation_id, seq) if seq <= MAX_AFTER else None
            if found is None:
                raise ApiError(404, "not_found", "This conversation has no file with this message.")
            return found

    def _delete(self, conversation_id: str, token: Optional[str]) -> None:
        with self.sessions.begin() as session:
            if not token or transcript.authenticate(session, conversation_id, token) is None:
                raise not_found()
            delete_conversations(session, self.tracker_url, [conversation_id])

    def _record_vote(self, conversation_id: str, token: Optional[str], seq: int, helpful: bool) -> None:
        with self.sessions.begin() as session:
            if not token or transcript.authenticate(session, conversation_id, token) is None:
                raise not_found()
            try:
                feedback.record(session, conversation_id, seq, helpful)
            except feedback.NoSuchMessage:
                raise ApiError(404, "message_not_found", f"This conversation has no message {seq}.") from None
            except feedback.NotABotMessage:
                raise ApiError(422, "not_a_bot_message",
                               f"Message {seq} is not an answer of the assistant; only those are rated.") from None

    def _failure_notice(self) -> str:
        """The content's `terugval.storing` text; a plain sentence if even that cannot be made,
        because telling the resident about one failure must not fail too."""
        try:
            template = get_content(self.settings.content_file).text("terugval", "storing")
            return render(template, base_facts(get_gemeente(self.settings.gemeente_config))) or PLAIN_FAILURE_NOTICE
        except Exception as problem:  # noqa: BLE001 - any failure here gets the plain notice
            log.error("the failure notice could not be built: %s", problem)
            return PLAIN_FAILURE_NOTICE


def _messages_response(messages: Sequence[Message]) -> JSONResponse:
    return JSONResponse({"messages": [message.as_json() for message in messages]})


def create_app(settings: Optional[Settings] = None,
               rasa_transport: Optional[httpx.AsyncBaseTransport] = None,
               limits: Optional[ResidentLimits] = None,
               retrain_launcher: Optional[Launcher] = None,
               rasa_api_transport: Optional[httpx.BaseTransport] = None) -> Starlette:
    """The gateway for these settings; ``rasa_transport`` replaces the network (to Rasa and,
    for the status check, to the action server) and ``limits`` the in-memory rate limits
    made from the settings (tests, or a shared store). ``retrain_launcher`` starts a queued
    retrain (default: its own process) and ``rasa_api_transport`` replaces the network to
    Rasa's HTTP API (loading a model)."""
    gateway = _Gateway(settings or get_settings(), rasa_transport, limits)
    routes = [
        Route("/api/conversations", gateway.start_conversation, methods=["POST"]),
        Route("/api/conversations/{id}", gateway.delete_conversation, methods=["DELETE"]),
        Route("/api/conversations/{id}/messages", gateway.messages, methods=["GET", "POST"]),
        Route("/api/conversations/{id}/feedback", gateway.rate_answer, methods=["POST"]),
        Route("/api/conversations/{id}/messages/{seq:int}/attachment", gateway.download_attachment, methods=["GET"]),
        *StaffSessionApi(gateway.sessions, gateway.settings).routes(),
        *KccApi(gateway.sessions).routes(),
        *StatusApi(gateway.sessions, ServiceStatus.from_settings(gateway.settings, rasa_transport)).routes(),
        *console_routes(),
        *ContentApi(gateway.sessions, gateway.settings).routes(),
        *AppointmentsApi(gateway.sessions, lambda: get_gemeente(gateway.settings.gemeente_config)).routes(),
        *CallbacksApi(gateway.sessions).routes(),
        *RetrainApi(gateway.sessions, gateway.settings, retrain_launcher, rasa_api_transport).routes(),
        Route("/openapi.json", gateway.openapi, methods=["GET"]),
        *WidgetPages(gateway.settings).routes(),
    ]
    middleware = [Middleware(ResidentCors, origins=gateway.settings.widget_origins)]
    return Starlette(routes=routes, middleware=middleware, exception_handlers=EXCEPTION_HANDLERS,
                     lifespan=gateway.lifespan)
