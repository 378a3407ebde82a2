"""The resident's routes: start a conversation, send a message, poll for new ones (or have them
pushed while a person is involved: ``/events``, the rules in ``bot.conversations.live``), download a
file the bot sent (an appointment's calendar file), rate an answer, delete the conversation
(also by its "Ja, wis dit gesprek" button, whose payload is handled here and never reaches Rasa).

Each request opens its own database transactions, in a worker thread so that waiting for
the database never blocks other requests. No transaction stays open while Rasa thinks: the
resident's message is committed first, the replies are stored in a second transaction.

Starting a conversation and sending a message count against the client address's rate
limit; a message also against its conversation's, checked after the token so that a
stranger cannot use up someone else's limit. A refused message is not stored.
"""
from __future__ import annotations

import contextlib
import logging
from typing import Any, Callable, List, Optional, Sequence, TypeVar

import httpx
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from bot.conversations import chat, feedback, live
from bot.conversations.rasa_client import BotUnavailable, ask_bot, bot_client
from bot.conversations.types import BotMessage, Message, Sender, Status
from bot.core.secrets import channel_secret
from bot.core.settings import Settings
from bot.faq.answers import DELETE_CONVERSATION_PAYLOAD
from bot.web.errors import ApiError, not_found
from bot.web.ratelimit import ResidentLimits
from bot.web.resident.bodies import (
    after_param,
    bearer_token,
    feedback_vote,
    new_conversation,
    read_object,
    resident_message,
)

log = logging.getLogger(__name__)
Result = TypeVar("Result")


class ResidentApi:
    """The resident routes, on one session factory; ``rasa_transport`` replaces the network to Rasa."""

    def __init__(self, sessions: "sessionmaker[Session]", settings: Settings, tracker_url: str,
                 limits: ResidentLimits, rasa_transport: Optional[httpx.AsyncBaseTransport] = None):
        self.sessions = sessions
        self.settings = settings
        self.tracker_url = tracker_url
        self.limits = limits
        self.rasa_transport = rasa_transport
        self.channel_secret = channel_secret(settings)  # Rasa's channel answers only the gateway
        self.rasa_client: Optional[httpx.AsyncClient] = None  # opened while the app runs (lifespan)

    def routes(self) -> List[Route]:
        return [Route("/api/conversations", self.start_conversation, methods=["POST"]),
                Route("/api/conversations/{id}", self.delete_conversation, methods=["DELETE"]),
                Route("/api/conversations/{id}/messages", self.messages, methods=["GET", "POST"]),
                Route("/api/conversations/{id}/events", self.events, methods=["GET"]),
                Route("/api/conversations/{id}/feedback", self.rate_answer, methods=["POST"]),
                Route("/api/conversations/{id}/messages/{seq:int}/attachment", self.download_attachment,
                      methods=["GET"])]

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
        conversation_id, token, chosen = await self._in_transaction(chat.start, locale)
        return JSONResponse({"conversation_id": conversation_id, "token": token, "locale": chosen}, status_code=201)

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
            await self._in_transaction(chat.delete, conversation_id, bearer_token(request), self.tracker_url)
            return JSONResponse({"messages": [], "deleted": True})
        stored = await self._in_transaction(chat.store_resident_message, conversation_id, bearer_token(request),
                                            message, self.limits.check_conversation)
        if stored.earlier_replies is not None:
            return _messages_response(stored.earlier_replies, stored.language)
        if stored.status is not Status.BOT:
            return _messages_response([], stored.language)  # a person answers, through the polling endpoint
        if stored.switched_to is not None:  # "English please": the gateway confirms, Rasa is not asked
            reply = BotMessage(chat.switch_reply(self.settings, stored.switched_to))
            answer = await self._in_transaction(chat.store_answer, conversation_id, Sender.BOT, [reply])
            return _messages_response(answer, stored.language)
        try:
            replies = await ask_bot(self.settings.rasa_url, conversation_id, message.for_bot,
                                    timeout_s=self.settings.rasa_timeout_s, transport=self.rasa_transport,
                                    client=self.rasa_client, secret=self.channel_secret, language=stored.language)
        except BotUnavailable as problem:
            log.warning("the bot did not answer: %s", problem)  # no conversation id in the log
            notice = BotMessage(chat.failure_notice(self.settings, stored.language))
            answer = await self._in_transaction(chat.store_answer, conversation_id, Sender.SYSTEM, [notice])
        else:
            answer = await self._in_transaction(chat.store_answer, conversation_id, Sender.BOT, replies)
        return _messages_response(answer, stored.language)

    async def list_messages(self, request: Request) -> JSONResponse:
        after = after_param(request)
        page = await self._in_transaction(chat.read, request.path_params["id"], bearer_token(request), after)
        # The status tells a widget whether a person has the chat (then it polls more often);
        # the locale, which language its own words are in.
        return JSONResponse({"messages": [message.as_json() for message in page.messages], "status": page.status.value,
                             "locale": page.locale})

    async def events(self, request: Request) -> Response:
        """New messages and who answers, pushed as server-sent events (``bot.conversations.live``).
        A wrong token is the same 404 as for polling, before the stream starts."""
        conversation_id, token, after = request.path_params["id"], bearer_token(request), after_param(request)
        await self._in_transaction(chat.read, conversation_id, token, after)

        async def read(since: int):
            return await self._in_transaction(chat.read, conversation_id, token, since)

        async def stream():
            try:
                async for page in live.changes(read, after):
                    yield live.frame(page)
            except ApiError:  # deleted or expired meanwhile: the stream ends, the next poll says so
                return

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    async def download_attachment(self, request: Request) -> Response:
        """The file the bot sent with a message (the appointment's .ics), for the resident's
        calendar. Unknown message, no file and a wrong token are the same 404."""
        found = await self._in_transaction(chat.attachment, request.path_params["id"], bearer_token(request),
                                           request.path_params["seq"])
        return Response(found.content.encode("utf-8"), media_type=f"{found.mime_type}; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{found.filename}"',
                                 "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})

    async def delete_conversation(self, request: Request) -> Response:
        await self._in_transaction(chat.delete, request.path_params["id"], bearer_token(request), self.tracker_url)
        return Response(status_code=204)

    async def rate_answer(self, request: Request) -> Response:
        """A thumbs up or down under one of the bot's answers."""
        seq, helpful = feedback_vote(await read_object(request))
        try:
            await self._in_transaction(chat.record_vote, request.path_params["id"], bearer_token(request), seq,
                                       helpful)
        except feedback.NoSuchMessage:
            raise ApiError(404, "message_not_found", f"This conversation has no message {seq}.") from None
        except feedback.NotABotMessage:
            raise ApiError(422, "not_a_bot_message",
                           f"Message {seq} is not an answer of the assistant; only those are rated.") from None
        return Response(status_code=204)

    async def _in_transaction(self, work: Callable[..., Result], *args: Any) -> Result:
        """Runs ``work(session, *args)`` in one transaction in a worker thread; the chat's
        refusals become 404 and 409."""
        def run() -> Result:
            try:
                with self.sessions.begin() as session:
                    return work(session, *args)
            except chat.ConversationNotFound:
                raise not_found() from None
            except chat.ConversationClosed:
                raise ApiError(409, "conversation_closed",
                               "This conversation is closed; start a new one. (Dit gesprek is gesloten.)") from None
            except chat.NoFile:
                raise ApiError(404, "not_found", "This conversation has no file with this message.") from None

        return await run_in_threadpool(run)


def _messages_response(messages: Sequence[Message], locale: str) -> JSONResponse:
    """The answer to a message, with the conversation's language after it (the widget follows it)."""
    return JSONResponse({"messages": [message.as_json() for message in messages], "locale": locale})
