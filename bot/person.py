"""Offering a person: in office hours the chat joins the KCC queue; outside them the resident
is told when someone is there, and offered an appointment instead of a queue nobody reads.

Called by the Rasa action when a resident asks for a person (directly, from a complaint, or
after the fallback gave up). The conversation id is Rasa's sender id, which the gateway sets.
"""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Callable, Optional

from bot.facts import TIMEZONE
from bot.gemeente import WEEKDAYS, GemeenteConfig


class Offer(str, enum.Enum):
    QUEUED = "queued"  # waiting for a KCC employee
    OUTSIDE_HOURS = "outside_hours"
    NO_CHAT = "no_chat"  # not a website conversation (terminal, test): give the phone number


def is_staffed(config: GemeenteConfig, moment: datetime) -> bool:
    """Whether the KCC is there: the phone line's hours of gemeente.yml."""
    local = moment.astimezone(TIMEZONE)
    windows = config.telefonisch_bereikbaar.get(WEEKDAYS[local.weekday()], [])
    return any(w.start <= local.time() < w.end for w in windows)


def offer_person(config: GemeenteConfig, conversation_id: str, topic: Optional[str],
                 now: Callable[[], datetime] = lambda: datetime.now(TIMEZONE),
                 database_url: Optional[str] = None) -> Offer:
    from bot.db.engine import session_factory
    from bot.web import handover, transcript

    if not is_staffed(config, now()):
        return Offer.OUTSIDE_HOURS
    if not transcript.is_conversation_id(conversation_id):
        return Offer.NO_CHAT
    with session_factory(database_url).begin() as session:
        if transcript.status_of(session, conversation_id) is None:
            return Offer.NO_CHAT
        handover.request_person(session, conversation_id, topic)
    return Offer.QUEUED
