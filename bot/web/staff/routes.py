"""Staff log-in and log-out: ``POST /api/staff/login`` and ``POST /api/staff/logout``, and
``GET /api/staff/me``, with which a console page learns whether its cookie still holds a
session and which roles (so which pages) it has.

The log-in answers with the session token and CSRF token and also sets the session as an
HttpOnly, SameSite=Strict cookie, so a console in the browser never has to hold the token
in script. It only accepts ``Content-Type: application/json``: a form on another site cannot
send that, so it cannot log a browser in to an account of the attacker's choosing.
"""
from __future__ import annotations

from datetime import timedelta
from typing import List

from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.core.clock import iso_utc
from bot.core.settings import Settings
from bot.staff import sessions as staff_sessions
from bot.staff.types import Staff
from bot.web.errors import ApiError
from bot.web.resident.bodies import read_object
from bot.web.staff import auth as staff_auth
from bot.web.staff.auth import SESSION_COOKIE
from bot.web.staff.bodies import login_body, no_fields

COOKIE_PATH = "/api"
_NO_STORE = {"Cache-Control": "no-store"}


class StaffSessionApi:
    """Log-in and log-out for every staff role."""

    def __init__(self, sessions: "sessionmaker[Session]", settings: Settings):
        self.sessions = sessions
        self.lifetime = timedelta(hours=settings.staff_session_hours)
        self.secure_cookie = settings.staff_cookie_secure

    def routes(self) -> List[Route]:
        return [Route("/api/staff/login", self.login, methods=["POST"]),
                Route("/api/staff/logout", self.logout, methods=["POST"]),
                Route("/api/staff/me", self.me, methods=["GET"])]

    async def login(self, request: Request) -> JSONResponse:
        _require_json(request)
        username, password = login_body(await read_object(request))
        new = await run_in_threadpool(staff_sessions.login, self.sessions, username, password, self.lifetime)
        if new is None:
            raise staff_auth.invalid_login()
        response = JSONResponse({"token": new.token, "csrf_token": new.csrf_token, "roles": sorted(new.staff.roles),
                                 "display_name": new.staff.display_name, "username": new.staff.username,
                                 "expires_at": iso_utc(new.expires_at)},
                                headers=_NO_STORE)
        response.set_cookie(SESSION_COOKIE, new.token, max_age=int(self.lifetime.total_seconds()), path=COOKIE_PATH,
                            secure=self.secure_cookie, httponly=True, samesite="strict")
        return response

    async def logout(self, request: Request) -> JSONResponse:
        """Ends the session it is called with (bearer or cookie) and clears the cookie."""
        staff = await run_in_threadpool(self._authenticate, request)
        no_fields(await read_object(request, empty_means_object=True))
        await run_in_threadpool(self._end, staff)
        response = JSONResponse({"logged_out": True}, headers=_NO_STORE)
        response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH, secure=self.secure_cookie, httponly=True,
                               samesite="strict")
        return response

    async def me(self, request: Request) -> JSONResponse:
        staff = await run_in_threadpool(self._authenticate, request)
        return JSONResponse({"username": staff.username, "display_name": staff.display_name,
                             "roles": sorted(staff.roles)}, headers=_NO_STORE)

    def _authenticate(self, request: Request) -> Staff:
        with self.sessions.begin() as session:
            return staff_auth.authenticate(session, request)

    def _end(self, staff: Staff) -> None:
        with self.sessions.begin() as session:
            staff_sessions.logout(session, staff)


def _require_json(request: Request) -> None:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the log-in as JSON (Content-Type: application/json).")
