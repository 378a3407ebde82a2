"""Reads what content owners send and refuses anything off-contract with a 400 (or 422 for
a well-formed request that names something that does not exist), before anything changes."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from starlette.requests import Request

from bot.content_tools.decisions import Decision
from bot.web.errors import bad_request
from bot.web.resident.bodies import only_fields, storable

MAX_TEXTS = 50
MAX_TEXT_CHARS = 500
MAX_TOPIC_CHARS = 60
MAX_DAYS = 366
DEFAULT_DAYS = 30
MAX_PAGE = 200  # groups in one answer
MAX_OFFSET = 100_000


@dataclass(frozen=True)
class AnnotationRequest:
    texts: List[str]
    decision: Decision
    intent: Optional[str]
    topic: Optional[str]


def annotation_request(body: Dict[str, Any]) -> AnnotationRequest:
    """``{"texts": [str], "decision": "intent"|"new_topic"|"ignore", "intent": str, "topic": str}``."""
    only_fields(body, {"texts", "decision", "intent", "topic"})
    texts = body.get("texts")
    if not isinstance(texts, list) or not 1 <= len(texts) <= MAX_TEXTS:
        raise bad_request("invalid_texts", f"texts must be a list of 1 to {MAX_TEXTS} texts from the inbox.")
    cleaned = []
    for text in texts:
        if not isinstance(text, str) or not storable(text, "texts").strip() or len(text) > MAX_TEXT_CHARS:
            raise bad_request("invalid_texts", f"Each text must be a non-empty string of at most {MAX_TEXT_CHARS} "
                                               "characters.")
        cleaned.append(" ".join(text.split()))
    try:
        decision = Decision(body.get("decision"))
    except ValueError:
        raise bad_request("invalid_decision", "decision must be \"intent\", \"new_topic\" or \"ignore\".") from None
    intent, topic = body.get("intent"), body.get("topic")
    if decision is Decision.INTENT:
        if not isinstance(intent, str) or not intent.strip() or len(intent) > 100:
            raise bad_request("invalid_intent", "With decision \"intent\", send the intent's name in \"intent\".")
    elif intent is not None:
        raise bad_request("invalid_intent", "Send \"intent\" only with decision \"intent\".")
    if topic is not None and (decision is not Decision.NEW_TOPIC or not isinstance(topic, str)
                              or len(topic) > MAX_TOPIC_CHARS):
        raise bad_request("invalid_topic", f"\"topic\" (a name of at most {MAX_TOPIC_CHARS} characters) goes only "
                                           "with decision \"new_topic\".")
    return AnnotationRequest(cleaned, decision, intent.strip() if isinstance(intent, str) else None, topic)


def days_param(request: Request) -> int:
    """``?days=N``: whole days back from today, 1 to 366; 30 when absent."""
    raw = request.query_params.get("days")
    if raw is None:
        return DEFAULT_DAYS
    if not raw.isascii() or not raw.isdigit() or len(raw) > 3 or not 1 <= int(raw) <= MAX_DAYS:
        raise bad_request("invalid_days", f"days must be a whole number from 1 to {MAX_DAYS}.")
    return int(raw)


def confidence_param(request: Request, default: float) -> float:
    """``?below=0.6``: the confidence under which a prediction counts as unsure."""
    raw = request.query_params.get("below")
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value < 1 or len(raw) > 10:
        raise bad_request("invalid_below", "below must be a number between 0 and 1, such as 0.6.")
    return value


@dataclass(frozen=True)
class Page:
    offset: int
    limit: Optional[int]  # None: every group from ``offset`` on


def page_param(request: Request) -> Page:
    """``?offset=N&limit=M``: the inbox's groups from number N (0 first), at most M of them
    (1 to 200); without them, every group."""
    def number(name: str, low: int, high: int) -> Optional[int]:
        raw = request.query_params.get(name)
        if raw is None:
            return None
        if not raw.isascii() or not raw.isdigit() or len(raw) > 6 or not low <= int(raw) <= high:
            raise bad_request(f"invalid_{name}", f"{name} must be a whole number from {low} to {high}.")
        return int(raw)

    return Page(number("offset", 0, MAX_OFFSET) or 0, number("limit", 1, MAX_PAGE))
