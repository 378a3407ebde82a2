"""Reads what a client sends and refuses anything off-contract with a 400, before anything is
stored: a body that is not a JSON object, unknown or missing fields, wrong types, text that
is empty or too long, and characters no database column can hold. A well-formed body whose
``client_id`` breaks its pattern is a 422: the JSON was fine, one value was not; so is a
message that is one of Rasa's own commands (``/restart``, ``/session_start``, ...), which would
restart the conversation behind the resident's back."""
from __future__ import annotations

import json
import re
from typing import Any, Dict, Optional, Tuple

from starlette.requests import ClientDisconnect, Request

from bot.conversations.chat import MAX_SEQ, ResidentMessage
from bot.conversations.rasa_client import reserved_intent
from bot.core.privacy import mask_bsn
from bot.web.errors import ApiError, bad_request

MAX_BODY_BYTES = 64 * 1024  # room for 2,000 characters even when each is a \uXXXX\uXXXX escape
MAX_TEXT_CHARS = 2000
MAX_PAYLOAD_CHARS = 500
MAX_AFTER = MAX_SEQ
DEFAULT_LOCALE = "nl"
_LOCALE = re.compile(r"[a-z]{2,3}(-[A-Za-z]{2})?")
# The widget's own id for one resident message, so a resend after a dropped connection is
# recognised: 1-64 characters of [A-Za-z0-9_-].
_CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
# C0 controls other than tab, newline and carriage return; PostgreSQL cannot store NUL at all.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


async def read_object(request: Request, empty_means_object: bool = False) -> Dict[str, Any]:
    """The body as a JSON object; ``empty_means_object`` lets an empty body stand for ``{}``."""
    raw = await _read_limited(request)
    if not raw.strip() and empty_means_object:
        return {}
    try:
        body = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):  # bad UTF-8, bad JSON, absurd numbers or nesting
        raise bad_request("invalid_json", "The body is not valid JSON (UTF-8).") from None
    if not isinstance(body, dict):
        raise bad_request("invalid_body", "The body must be a JSON object, such as {\"text\": \"...\"}.")
    return body


def new_conversation(body: Dict[str, Any]) -> str:
    """The locale of ``{}`` or ``{"locale": "nl"}``."""
    only_fields(body, {"locale"})
    locale = body.get("locale", DEFAULT_LOCALE)
    if not isinstance(locale, str) or len(locale) > 8 or not _LOCALE.fullmatch(locale):
        raise bad_request("invalid_locale", "locale must be a language code such as \"nl\" or \"nl-NL\".")
    return locale


def resident_message(body: Dict[str, Any]) -> ResidentMessage:
    """Exactly one of ``{"text": str}`` and ``{"payload": str}``, and optionally ``"client_id"``."""
    only_fields(body, {"text", "payload", "client_id"})
    if ("text" in body) == ("payload" in body):
        raise bad_request("invalid_body", "Send exactly one of \"text\" and \"payload\".")
    client_id = _client_id(body["client_id"]) if "client_id" in body else None
    if "text" in body:
        # A BSN is masked before it is stored or reaches the bot: the chat never keeps one.
        message = ResidentMessage(text=mask_bsn(message_text(body["text"])), client_id=client_id)
    else:
        # The same for a payload: its entities (``/informeren{"bsn": "..."}``) are the resident's words too.
        message = ResidentMessage(payload=mask_bsn(_payload(body["payload"])), client_id=client_id)
    reserved = reserved_intent(message.for_bot)
    if reserved is not None:
        raise ApiError(422, "reserved_intent", f"\"/{reserved[:60]}\" is reserved for the assistant itself and "
                                               "cannot be sent. (Dit bericht kan niet worden verstuurd.)")
    return message


def _client_id(value: Any) -> str:
    if not isinstance(value, str) or not _CLIENT_ID.fullmatch(value):
        raise ApiError(422, "invalid_client_id", "client_id must be 1 to 64 characters: letters, digits, "
                                                 "\"-\" and \"_\".")
    return value


def feedback_vote(body: Dict[str, Any]) -> Tuple[int, bool]:
    """``{"seq": int, "helpful": bool}``: which message, and whether it helped."""
    only_fields(body, {"seq", "helpful"})
    seq, helpful = body.get("seq"), body.get("helpful")
    if type(seq) is not int or not 1 <= seq <= MAX_AFTER:  # noqa: E721 - true and false are no numbers
        raise bad_request("invalid_seq", "seq must be the number of a message (a whole number from 1).")
    if not isinstance(helpful, bool):
        raise bad_request("invalid_helpful", "helpful must be true or false.")
    return seq, helpful


def bearer_token(request: Request) -> Optional[str]:
    """The token of ``Authorization: Bearer <token>``; None for any other header or none."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def after_param(request: Request) -> int:
    """``?after=N``: a whole number from 0; 0 when absent."""
    raw = request.query_params.get("after")
    if raw is None:
        return 0
    if not raw.isascii() or not raw.isdigit() or len(raw) > 10 or int(raw) > MAX_AFTER:
        raise bad_request("invalid_after", f"after must be a whole number from 0 to {MAX_AFTER}.")
    return int(raw)


async def _read_limited(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _too_large()
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                raise _too_large()
            chunks.append(chunk)
    except ClientDisconnect:
        raise bad_request("incomplete_body", "The body ended before it was complete.") from None
    return b"".join(chunks)


def _too_large() -> ApiError:
    return ApiError(413, "too_large", f"The body is larger than {MAX_BODY_BYTES // 1024} KB.")


def only_fields(body: Dict[str, Any], allowed: set) -> None:
    unknown = sorted(str(key) for key in body if key not in allowed)
    if unknown:
        raise bad_request("unknown_field", f"Unknown field(s): {', '.join(unknown)[:200]}. "
                                           f"Allowed: {', '.join(sorted(allowed))}.")


def message_text(value: Any) -> str:
    if not isinstance(value, str):
        raise bad_request("invalid_text", "text must be a string.")
    text = storable(value, "text").strip()
    if not text:
        raise bad_request("invalid_text", "text is empty. Type a question. (Het bericht is leeg.)")
    if len(text) > MAX_TEXT_CHARS:
        raise bad_request("invalid_text", f"text is longer than {MAX_TEXT_CHARS} characters. "
                                          f"(Het bericht is te lang: maximaal {MAX_TEXT_CHARS} tekens.)")
    return text


def _payload(value: Any) -> str:
    if not isinstance(value, str):
        raise bad_request("invalid_payload", "payload must be a string.")
    payload = storable(value, "payload")
    if len(payload) > MAX_PAYLOAD_CHARS:
        raise bad_request("invalid_payload", f"payload is longer than {MAX_PAYLOAD_CHARS} characters.")
    if not payload.startswith("/") or len(payload.strip()) < 2:
        raise bad_request("invalid_payload", "payload must be a button's payload, starting with \"/\".")
    return payload


def storable(value: str, field: str) -> str:
    """Refuses what would break storing: control characters and lone UTF-16 surrogates."""
    if _CONTROL.search(value):
        raise bad_request(f"invalid_{field}", f"{field} contains control characters.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise bad_request(f"invalid_{field}", f"{field} contains characters that are not valid Unicode.") from None
    return value
