"""Asks Rasa's input channel (``bot.conversations.gateway_channel``, Rasa's REST channel behind
the secret shared with the gateway) for the bot's answer to one message.

Every way Rasa can fail to answer becomes ``BotUnavailable``, so the gateway has one case to
handle: no connection, too slow, an error status, a reply that is not the expected JSON, or
silence (Rasa answers with an empty list when an action fails).

A file the bot attaches (the appointment's calendar file) is kept only when it is of an
allowed type, small and safely named; anything else (images, other files) is dropped and
logged, because the gateway stores it and hands it to the resident's browser.

Rasa's REST channel sends one ``utter_message`` with text, buttons, a file and a custom
payload as separate messages. A file, and a custom ``{"kind": ...}`` (``bot.core.replies.KINDS``),
belong to the text just before them, so they are put back together with it: a booking
confirmation is one message with its buttons and its calendar file. Any other custom payload
is dropped.
"""
from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import replace
from typing import Any, Dict, List, Optional

import httpx

from bot.conversations.types import BotMessage, FileAttachment
from bot.core.replies import KINDS, Button
from bot.core.secrets import CHANNEL_SECRET_HEADER

log = logging.getLogger(__name__)
WEBHOOK_PATH = "/webhooks/gateway/webhook"
# Rasa answers one message at a time per process, so more connections only queue there; and
# httpcore checks every pooled connection on each request, so a large pool costs CPU.
MAX_CONNECTIONS = 16
ALLOWED_ATTACHMENT_TYPES = frozenset({"text/calendar"})
MAX_ATTACHMENT_CHARS = 20_000
# A plain name with one extension: no path, no leading dot, nothing a header could misread.
SAFE_FILENAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,59}\.[A-Za-z0-9]{1,8}")


# Rasa reads a message that starts with "/" as an intent (its RegexMessageHandler: the name up
# to "{" or "@", trimmed). These are Rasa's own intents (rasa.shared.core.constants
# DEFAULT_INTENTS), which restart the conversation, start a session, undo a turn or force the
# fallback: no resident's message or button may carry them. out_of_scope is one of them too,
# but this domain declares it as its own intent and offers it as a button.
RESERVED_INTENTS = frozenset({"restart", "session_start", "back", "nlu_fallback"})
# Names of Rasa's actions and responses are no intents a resident can send either.
RESERVED_PREFIXES = ("action_", "utter_")
_INTENT_MESSAGE = re.compile(r"/(?P<intent>[^{@]+)")


def reserved_intent(message: str) -> Optional[str]:
    """The reserved intent a message (typed text or a button's payload) would make Rasa act
    on, as Rasa reads it; None for every other message."""
    match = _INTENT_MESSAGE.match(message.strip())
    if match is None:
        return None
    intent = match.group("intent").strip()
    if intent.lower() in RESERVED_INTENTS or intent.lower().startswith(RESERVED_PREFIXES):
        return intent
    return None


class BotUnavailable(Exception):
    """Rasa gave no usable answer; the message says why (never the resident's text)."""


def bot_client(transport: Optional[httpx.AsyncBaseTransport] = None) -> httpx.AsyncClient:
    """One client for all of a gateway's calls to Rasa: it keeps connections open, and making
    a client costs more than a whole answer (it loads the certificate store)."""
    return httpx.AsyncClient(transport=transport, limits=httpx.Limits(max_connections=MAX_CONNECTIONS,
                                                                      max_keepalive_connections=MAX_CONNECTIONS))


async def ask_bot(base_url: str, conversation_id: str, text_or_payload: str, timeout_s: float = 5.0,
                  transport: Optional[httpx.AsyncBaseTransport] = None,
                  client: Optional[httpx.AsyncClient] = None, secret: str = "",
                  language: Optional[str] = None) -> List[BotMessage]:
    """The bot's messages in answer to one resident message (text, or a button's payload);
    through ``client`` when given, else through a client made for this one call. ``secret``
    is the one Rasa's channel asks for (``bot.core.secrets.channel_secret``); ``language`` is
    the conversation's (bot.core.language), which the bot answers in."""
    url = base_url.rstrip("/") + WEBHOOK_PATH
    body: Dict[str, Any] = {"sender": conversation_id, "message": text_or_payload}
    if language:
        body["metadata"] = {"taal": language}
    headers = {CHANNEL_SECRET_HEADER: secret} if secret else {}
    try:
        if client is None:
            async with bot_client(transport) as own_client:
                response = await _post(own_client, url, body, headers, timeout_s)
        else:
            response = await _post(client, url, body, headers, timeout_s)
    except (asyncio.TimeoutError, httpx.TimeoutException):
        raise BotUnavailable(f"Rasa did not answer within {timeout_s:g} s") from None
    except httpx.HTTPError as error:
        raise BotUnavailable(f"Rasa could not be reached: {type(error).__name__}") from None
    if response.status_code in (401, 403):
        raise BotUnavailable(f"Rasa refused the gateway's secret (status {response.status_code}); "
                             "the gateway and Rasa must share RASA_CHANNEL_SECRET")
    if response.status_code != 200:
        raise BotUnavailable(f"Rasa answered with status {response.status_code}")
    try:
        reply = response.json()
    except (ValueError, RecursionError):
        raise BotUnavailable("Rasa's answer is not JSON") from None
    messages = _messages(reply)
    if not messages:
        raise BotUnavailable("Rasa answered with nothing to show (an action may have failed)")
    return messages


async def _post(client: httpx.AsyncClient, url: str, body: dict, headers: dict, timeout_s: float) -> httpx.Response:
    # The overall deadline also covers a server that sends its answer byte by byte.
    return await asyncio.wait_for(client.post(url, json=body, headers=headers, timeout=httpx.Timeout(timeout_s)),
                                  timeout=timeout_s)


def _messages(reply: Any) -> List[BotMessage]:
    """Text, buttons, an allowed file and the kind of each message; a file or a kind that
    follows a text goes with that text; images and other custom payloads are dropped."""
    if not isinstance(reply, list):
        raise BotUnavailable("Rasa's answer is not a list of messages")
    messages: List[BotMessage] = []
    for item in reply:
        if not isinstance(item, dict):
            continue
        raw_text = item.get("text")
        text = raw_text if isinstance(raw_text, str) else ""
        buttons = tuple(_buttons(item.get("buttons")))
        attachment = _attachment(item.get("attachment")) if "attachment" in item else None
        kind = _kind(item.get("custom"))
        before = messages[-1] if messages else None
        alone = not text.strip() and not buttons
        if alone and kind and before is not None and before.kind is None:
            messages[-1] = before = replace(before, kind=kind)
            kind = None
        if alone and attachment and before is not None and before.attachment is None and before.text.strip():
            messages[-1] = replace(before, attachment=attachment)
        elif text.strip() or buttons or attachment:
            messages.append(BotMessage(text, buttons, attachment, kind))
        elif kind is None:
            log.info("dropped a bot message without text or buttons (keys: %s)", ", ".join(sorted(item)))
    return messages


def _kind(raw: Any) -> Optional[str]:
    """The kind a custom payload ``{"kind": ...}`` names, when it is a known one."""
    kind = raw.get("kind") if isinstance(raw, dict) else None
    return kind if isinstance(kind, str) and kind in KINDS else None


def _buttons(raw: Any):
    if not isinstance(raw, list):
        return
    for button in raw:
        if isinstance(button, dict) and isinstance(button.get("title"), str) \
                and isinstance(button.get("payload"), str):
            yield Button(button["title"], button["payload"])


def _attachment(raw: Any) -> Optional[FileAttachment]:
    """The file when it may be stored and offered for download, else None (logged, without
    its content)."""
    if not isinstance(raw, dict) or raw.get("type") != "file":
        log.info("dropped a bot attachment that is not a file")
        return None
    filename, mime_type, content = raw.get("filename"), raw.get("mime_type"), raw.get("content")
    if mime_type not in ALLOWED_ATTACHMENT_TYPES:
        log.info("dropped a bot attachment of a type that is not allowed: %.60r", mime_type)
    elif not isinstance(filename, str) or not SAFE_FILENAME.fullmatch(filename):
        log.info("dropped a bot attachment with an unsafe file name: %.60r", filename)
    elif not isinstance(content, str) or not content or "\x00" in content:
        log.info("dropped a bot attachment %s without usable text content", filename)
    elif len(content) > MAX_ATTACHMENT_CHARS:
        log.info("dropped a bot attachment %s of %d characters (at most %d)", filename, len(content),
                 MAX_ATTACHMENT_CHARS)
    else:
        return FileAttachment(filename, mime_type, content)
    return None


PARSE_PATH = "/model/parse"


async def parse(base_url: str, text: str, token: str, client: httpx.AsyncClient,
                timeout_s: float = 2.0) -> Optional[dict]:
    """What Rasa's model reads in a text (``POST /model/parse``: intent, its confidence and the
    entities), without touching any conversation; None when Rasa cannot say (down, slow, no
    token, an error). For the KCC's answer suggestion: nothing depends on it."""
    if not token:
        return None
    # Rasa takes its API token only in the query string; httpx logs request URLs at INFO, so
    # it may speak only of problems (as bot.retraining.deploy also sets).
    logging.getLogger("httpx").setLevel(logging.WARNING)
    url = base_url.rstrip("/") + PARSE_PATH
    try:
        response = await asyncio.wait_for(client.post(url, params={"token": token}, json={"text": text},
                                                      timeout=httpx.Timeout(timeout_s)), timeout=timeout_s)
    except (asyncio.TimeoutError, httpx.HTTPError):
        return None
    if response.status_code != 200:
        return None
    try:
        found = response.json()
    except (ValueError, RecursionError):
        return None
    return found if isinstance(found, dict) else None
