"""Whether the bot can answer: ``GET /api/kcc/status`` (bot/conversations/bot_status.py asks
Rasa and the action server).

The KCC console polls this to warn employees when residents get no answer from the bot
(then every chat needs a person).
"""
from __future__ import annotations

from typing import List

from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.conversations.bot_status import ServiceStatus
from bot.staff.roles import CHAT_ROLES
from bot.web.staff import auth as staff_auth


class StatusApi:
    """``GET /api/kcc/status`` for KCC employees and administrators."""

    def __init__(self, sessions: "sessionmaker[Session]", status: ServiceStatus):
        self.sessions = sessions
        self.status = status

    def routes(self) -> List[Route]:
        return [Route("/api/kcc/status", self.get_status, methods=["GET"])]

    async def get_status(self, request: Request) -> JSONResponse:
        await staff_auth.staff_with_role(self.sessions, request, CHAT_ROLES)
        found = await self.status.current()
        return JSONResponse(found.as_json(), headers={"Cache-Control": "no-store"})
