"""Help with a reply for the KCC employee who has a chat: ``GET /api/kcc/replies`` gives the
ready-made replies content owners keep (content/antwoorden.yml, ``kcc.snelle_antwoorden``),
``GET /api/kcc/handovers/{conversation_id}/suggestion`` the bot's own answer to the
resident's last question (bot/faq/staff_replies.py), asked of Rasa's model with its API
token. Both only fill the employee's reply field; the employee changes and sends it.

The suggestion reads the conversation, so it is in the audit log like a transcript read (once
per employee, conversation and address in ten minutes); it never shows the resident's words.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

import httpx
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.config.content import dutch_content, get_content, topic_name
from bot.config.gemeente import get_gemeente
from bot.conversations import rasa_client, transcript
from bot.conversations.types import Sender
from bot.core import language
from bot.core.secrets import api_token
from bot.core.settings import Settings
from bot.faq import staff_replies
from bot.handover import takeover as handover
from bot.staff.roles import CHAT_ROLES
from bot.web.errors import ApiError
from bot.web.staff import auth as staff_auth
from bot.web.staff.audit_trail import Audited, run_audited

_NO_STORE = {"Cache-Control": "no-store"}
PARSE_TIMEOUT_S = 2.0


class ReplyAidsApi:
    def __init__(self, sessions: "sessionmaker[Session]", settings: Settings,
                 rasa_transport: Optional[httpx.AsyncBaseTransport] = None):
        self.sessions = sessions
        self.settings = settings
        self.transport = rasa_transport
        self._client: Optional[httpx.AsyncClient] = None

    def routes(self) -> List[Route]:
        return [Route("/api/kcc/replies", self.canned, methods=["GET"]),
                Route("/api/kcc/handovers/{conversation_id}/suggestion", self.suggestion, methods=["GET"])]

    async def canned(self, request: Request) -> JSONResponse:
        await staff_auth.staff_with_role(self.sessions, request, CHAT_ROLES)
        settings = self.settings
        replies = staff_replies.canned_replies(get_content(settings.content_file), get_gemeente(settings.gemeente_config))
        return JSONResponse({"replies": replies}, headers=_NO_STORE)

    async def suggestion(self, request: Request) -> JSONResponse:
        staff = await staff_auth.staff_with_role(self.sessions, request, CHAT_ROLES)
        conversation_id = request.path_params["conversation_id"]
        what = Audited(request, staff, "suggestion_view", "conversation", conversation_id)
        question, topic, locale = await run_in_threadpool(run_audited, self.sessions, what,
                                                          lambda session: _last_question(session, conversation_id),
                                                          _refusal)
        parsed = None
        if question:
            parsed = await rasa_client.parse(self.settings.rasa_url, question, api_token(self.settings), self._rasa(),
                                             PARSE_TIMEOUT_S)
        with language.using(locale):  # the suggestion in the resident's language; the topic's name for staff in Dutch
            found = staff_replies.suggest(get_content(self.settings.content_file),
                                          get_gemeente(self.settings.gemeente_config), question or "", parsed, topic)
        if found is None:
            return JSONResponse({"suggestion": None}, headers=_NO_STORE)
        return JSONResponse({"suggestion": {"text": found.text, "topic": found.topic,
                                            "topic_name": topic_name(dutch_content(self.settings.content_file),
                                                                     found.topic),
                                            "based_on": found.based_on}}, headers=_NO_STORE)

    def _rasa(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = rasa_client.bot_client(self.transport)
        return self._client


def _last_question(session: Session, conversation_id: str) -> Tuple[Optional[str], Optional[str], str]:
    """The resident's newest typed message (a button click is no question), the conversation's
    topic and its language."""
    row = handover.conversation_row(session, conversation_id)
    question = None
    for message in reversed(transcript.messages_after(session, conversation_id, 0)):
        if message.sender is Sender.RESIDENT and not transcript.was_button_click(session, conversation_id,
                                                                                 message.seq, message.text):
            question = message.text
            break
    return question, handover.conversation_topic(session, conversation_id), row.locale


def _refusal(problem: Exception) -> Optional[ApiError]:
    if isinstance(problem, handover.ConversationNotFound):
        return ApiError(404, "not_found", "There is no conversation with this id.")
    return None


def suggestion_json_schema() -> Dict[str, Any]:
    """The OpenAPI schema of the suggestion (bot/web/kcc/openapi.py)."""
    return {"type": "object", "required": ["suggestion"], "properties": {"suggestion": {
        "type": "object", "nullable": True, "required": ["text", "topic", "topic_name", "based_on"],
        "description": "null when the bot has no informative answer for the question or the topic",
        "properties": {"text": {"type": "string", "description": "the bot's answer, for the employee to change"},
                       "topic": {"type": "string"}, "topic_name": {"type": "string"},
                       "based_on": {"type": "string", "enum": [staff_replies.LAST_MESSAGE, staff_replies.TOPIC],
                                    "description": "the resident's last question as Rasa's model read it, or "
                                                   "the conversation's topic"}}}}}
