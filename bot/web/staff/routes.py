"""Staff log-in and log-out: ``POST /api/staff/login`` and ``POST /api/staff/logout``, and
``GET /api/staff/me``, with which a console page learns whether its cookie still holds a
session and which roles (so which pages) it has.

A log-in needs the password and a code from the employee's authenticator app (or a recovery
code); the first log-in of an account that has none yet answers with the QR code to enrol.
Failed log-ins are throttled per account and per address (429 with Retry-After).
``GET /api/staff/sessions`` lists one's sessions and ``DELETE /api/staff/sessions/{id}`` ends
one (an administrator may end anyone's).

The log-in answers with the session token and CSRF token and also sets the session as an
HttpOnly, SameSite=Strict cookie, so a console in the browser never has to hold the token
in script. It only accepts ``Content-Type: application/json``: a form on another site cannot
send that, so it cannot log a browser in to an account of the attacker's choosing.
"""
from __future__ import annotations

from typing import Any, Dict, List

from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.core.clock import iso_utc
from bot.core.settings import Settings
from bot.staff import sessions as staff_sessions
from bot.staff.roles import ADMIN
from bot.staff.sessions import SessionInfo, SessionPolicy
from bot.staff.types import Staff
from bot.web.errors import ApiError
from bot.web.resident.bodies import read_object
from bot.web.staff import auth as staff_auth
from bot.web.staff.audit_trail import origin
from bot.web.staff.auth import SESSION_COOKIE
from bot.web.staff.bodies import login_body, no_fields

COOKIE_PATH = "/api"
_NO_STORE = {"Cache-Control": "no-store"}


class StaffSessionApi:
    """Log-in and log-out for every staff role, and the sessions an employee holds."""

    def __init__(self, sessions: "sessionmaker[Session]", settings: Settings):
        self.sessions = sessions
        self.policy = SessionPolicy.from_settings(settings)
        self.lifetime = self.policy.lifetime
        self.secure_cookie = settings.staff_cookie_secure

    def routes(self) -> List[Route]:
        return [Route("/api/staff/login", self.login, methods=["POST"]),
                Route("/api/staff/logout", self.logout, methods=["POST"]),
                Route("/api/staff/me", self.me, methods=["GET"]),
                Route("/api/staff/sessions", self.list_sessions, methods=["GET"]),
                Route("/api/staff/sessions/{id}", self.end_session, methods=["DELETE"])]

    async def login(self, request: Request) -> JSONResponse:
        """Password and second factor. A first log-in answers with the enrolment (the QR code)
        instead of a session; the next log-in with a code from the app completes it."""
        _require_json(request)
        username, password, code = login_body(await read_object(request))
        result = await run_in_threadpool(staff_sessions.login, self.sessions, username, password, code,
                                         origin(request), self.policy, request.headers.get("user-agent", ""))
        if result.outcome == staff_sessions.THROTTLED:
            minutes = max(1, -(-result.retry_after // 60))
            raise ApiError(429, "login_throttled",
                           f"Te veel mislukte inlogpogingen. Probeer het over {minutes} "
                           f"{'minuut' if minutes == 1 else 'minuten'} opnieuw. "
                           f"(Too many failed log-ins; try again in {result.retry_after} seconds.)",
                           headers={"Retry-After": str(result.retry_after), **_NO_STORE})
        if result.outcome == staff_sessions.ENROL and result.enrolment is not None:
            enrolment = result.enrolment
            return JSONResponse({"enrolment_required": True, "secret": enrolment.secret,
                                 "otpauth_uri": enrolment.uri, "qr_svg": enrolment.qr_svg}, headers=_NO_STORE)
        if result.outcome == staff_sessions.CODE_REQUIRED:
            raise ApiError(401, "code_required", "Vul de code uit uw authenticator-app in. "
                                                 "(Enter the code from your authenticator app.)")
        if result.outcome == staff_sessions.INVALID_CODE:
            raise ApiError(401, "invalid_code", "De code klopt niet. Probeer de nieuwe code uit de app. "
                                                "(The code is wrong.)")
        new = result.session
        if new is None:
            raise staff_auth.invalid_login()
        body: Dict[str, Any] = {"token": new.token, "csrf_token": new.csrf_token, "roles": sorted(new.staff.roles),
                                "display_name": new.staff.display_name, "username": new.staff.username,
                                "expires_at": iso_utc(new.expires_at), "session_id": new.staff.session_id}
        if new.recovery_codes:
            body["recovery_codes"] = new.recovery_codes
        response = JSONResponse(body, headers=_NO_STORE)
        response.set_cookie(SESSION_COOKIE, new.token, max_age=int(self.lifetime.total_seconds()), path=COOKIE_PATH,
                            secure=self.secure_cookie, httponly=True, samesite="strict")
        return response

    async def logout(self, request: Request) -> JSONResponse:
        """Ends the session it is called with (bearer or cookie) and clears the cookie."""
        staff = await run_in_threadpool(self._authenticate, request)
        no_fields(await read_object(request, empty_means_object=True))
        await run_in_threadpool(self._end, staff, origin(request))
        response = JSONResponse({"logged_out": True}, headers=_NO_STORE)
        response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH, secure=self.secure_cookie, httponly=True,
                               samesite="strict")
        return response

    async def me(self, request: Request) -> JSONResponse:
        staff = await run_in_threadpool(self._authenticate, request)
        return JSONResponse({"username": staff.username, "display_name": staff.display_name,
                             "roles": sorted(staff.roles), "session_id": staff.session_id}, headers=_NO_STORE)

    async def list_sessions(self, request: Request) -> JSONResponse:
        """One's own sessions; an administrator may ask for ``?username=`` or ``?all=true``."""
        staff = await run_in_threadpool(self._authenticate, request)
        wanted = request.query_params.get("username")
        everyone = request.query_params.get("all") == "true"
        if (wanted and wanted != staff.username) or everyone:
            staff_auth.require(staff, frozenset({ADMIN}))

        def read() -> List[SessionInfo]:
            with self.sessions.begin() as session:
                if everyone:
                    return staff_sessions.list_sessions(session)
                if wanted and wanted != staff.username:
                    return [info for info in staff_sessions.list_sessions(session) if info.username == wanted]
                return staff_sessions.list_sessions(session, staff.account_id)

        found = await run_in_threadpool(read)
        return JSONResponse({"sessions": [_session_json(info, staff) for info in found]}, headers=_NO_STORE)

    async def end_session(self, request: Request) -> JSONResponse:
        """Ends one of one's own sessions, or, for an administrator, anyone's (404 otherwise)."""
        staff = await run_in_threadpool(self._authenticate, request)
        session_id = request.path_params["id"]

        def end() -> object:
            with self.sessions.begin() as session:
                return staff_sessions.end_session(session, staff, session_id, origin(request))

        if await run_in_threadpool(end) is None:
            raise ApiError(404, "not_found", "There is no such session that you may end.")
        return JSONResponse({"ended": True}, headers=_NO_STORE)

    def _authenticate(self, request: Request) -> Staff:
        with self.sessions.begin() as session:
            return staff_auth.authenticate(session, request)

    def _end(self, staff: Staff, address: str) -> None:
        with self.sessions.begin() as session:
            staff_sessions.logout(session, staff, address)


def _session_json(info: SessionInfo, staff: Staff) -> Dict[str, Any]:
    return {"id": info.id, "username": info.username, "created_at": iso_utc(info.created_at),
            "last_seen_at": iso_utc(info.last_seen_at), "expires_at": iso_utc(info.expires_at),
            "origin": info.origin, "user_agent": info.user_agent, "current": info.id == staff.session_id}


def _require_json(request: Request) -> None:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the log-in as JSON (Content-Type: application/json).")
