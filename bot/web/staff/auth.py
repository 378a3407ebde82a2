"""Who is calling the staff API, and may they: the session token or cookie, the CSRF header
and the role, each refused with its own 401 or 403 (the sessions are bot/staff/sessions.py).

A call authenticates with ``Authorization: Bearer <token>`` or with the session cookie. A
browser sends the cookie by itself, even on a request another site starts, so a POST with
the cookie must also carry the CSRF token in ``X-CSRF-Token``; a bearer token is never sent
by itself, so it needs none.
"""
from __future__ import annotations

from typing import FrozenSet, Optional

from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from bot.staff import sessions as staff_sessions
from bot.staff.roles import may
from bot.staff.types import Staff
from bot.web.errors import ApiError
from bot.web.resident.bodies import bearer_token

SESSION_COOKIE = "staff_session"
CSRF_HEADER = "X-CSRF-Token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def unauthenticated() -> ApiError:
    return ApiError(401, "unauthenticated", "Log in first: send a valid session token or session cookie.")


def forbidden() -> ApiError:
    return ApiError(403, "forbidden", "Your account does not have a role that may do this.")


def invalid_login() -> ApiError:
    """The same answer for an unknown user, a wrong password and an inactive account."""
    return ApiError(401, "invalid_login",
                    "The username or password is wrong. (Gebruikersnaam of wachtwoord klopt niet.)")


def authenticate(session: Session, request: Request) -> Staff:
    """The caller, by bearer token or by cookie plus CSRF token; 401 or 403 otherwise."""
    bearer = bearer_token(request)
    staff = staff_sessions.lookup(session, bearer or request.cookies.get(SESSION_COOKIE, ""))
    if staff is None:
        raise unauthenticated()
    if bearer is None and request.method not in _SAFE_METHODS:
        check_csrf(staff, request.headers.get(CSRF_HEADER))
    return staff


def check_csrf(staff: Staff, given: Optional[str]) -> None:
    if not staff_sessions.csrf_matches(staff, given):
        raise ApiError(403, "csrf", f"Send the CSRF token from the log-in in the {CSRF_HEADER} header.")


def require(staff: Staff, allowed: FrozenSet[str]) -> Staff:
    """The employee, when one of their roles is allowed; 403 otherwise."""
    if not may(staff.roles, allowed):
        raise forbidden()
    return staff


async def staff_with_role(sessions: "sessionmaker[Session]", request: Request,
                          allowed: Optional[FrozenSet[str]]) -> Staff:
    """The logged-in caller, with one of the ``allowed`` roles (None: any role, the route
    checks further); looked up in a worker thread so the database never blocks the loop."""
    def check() -> Staff:
        with sessions.begin() as session:
            staff = authenticate(session, request)
            return staff if allowed is None else require(staff, allowed)

    return await run_in_threadpool(check)
