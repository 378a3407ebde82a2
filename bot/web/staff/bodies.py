"""Reads the bodies of staff calls and refuses anything off-contract with a 400, as
``bodies`` does for residents."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple

from starlette.requests import Request

from bot.conversations.types import HandoverStatus
from bot.web.errors import bad_request
from bot.web.resident.bodies import message_text, only_fields, storable

MAX_SUMMARY_CHARS = 2000
QUEUE_STATUSES = (HandoverStatus.WAITING, HandoverStatus.TAKEN)


@dataclass(frozen=True)
class Release:
    """Hand the chat back to the bot, or close it; the summary is kept either way."""
    close: bool = False
    summary: Optional[str] = None


def login_body(body: Dict[str, Any]) -> Tuple[str, str, Optional[str]]:
    """``{"username": str, "password": str, "code": str}`` (the code from the authenticator app
    or a recovery code; absent at the first step); whether they are right is for the log-in to say."""
    only_fields(body, {"username", "password", "code"})
    username, password, code = body.get("username"), body.get("password"), body.get("code")
    if not isinstance(username, str) or not isinstance(password, str):
        raise bad_request("invalid_body", "Send {\"username\": \"...\", \"password\": \"...\", \"code\": \"...\"}.")
    if code is not None and (not isinstance(code, str) or len(code) > 40):
        raise bad_request("invalid_code", "code must be the 6 digits from the app or a recovery code.")
    return username, password, (code or None)


def no_fields(body: Dict[str, Any]) -> None:
    """For calls that take nothing: an empty body or ``{}``."""
    only_fields(body, set())


def agent_text(body: Dict[str, Any]) -> str:
    """``{"text": str}``: 1 to 2,000 characters after trimming."""
    only_fields(body, {"text"})
    if "text" not in body:
        raise bad_request("invalid_body", "Send {\"text\": \"...\"}.")
    return message_text(body["text"])


def release_body(body: Dict[str, Any]) -> Release:
    """``{"close": bool, "summary": str}``, both optional."""
    only_fields(body, {"close", "summary"})
    close = body.get("close", False)
    if not isinstance(close, bool):
        raise bad_request("invalid_close", "close must be true or false.")
    summary = body.get("summary")
    if summary is not None:
        if not isinstance(summary, str):
            raise bad_request("invalid_summary", "summary must be a string.")
        summary = storable(summary, "summary").strip() or None
        if summary is not None and len(summary) > MAX_SUMMARY_CHARS:
            raise bad_request("invalid_summary", f"summary is longer than {MAX_SUMMARY_CHARS} characters.")
    return Release(close=close, summary=summary)


def queue_status(request: Request) -> HandoverStatus:
    """``?status=waiting`` (the default) or ``?status=taken``."""
    raw = request.query_params.get("status", HandoverStatus.WAITING.value)
    for status in QUEUE_STATUSES:
        if raw == status.value:
            return status
    raise bad_request("invalid_status", "status must be \"waiting\" or \"taken\".")
