"""Offering a person: in office hours the chat joins the KCC queue; outside them the resident
is told when someone is there, and offered a callback request (bot/handover/callback.py) or an
appointment instead of a queue nobody reads.

Called by the Rasa action when a resident asks for a person (directly, from a complaint, or
after the fallback gave up). The conversation id is Rasa's sender id, which the gateway sets.
"""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Callable, Optional

from bot.config.gemeente import WEEKDAYS, GemeenteConfig
from bot.conversations import transcript
from bot.core import clock
from bot.core.clock import TIMEZONE
from bot.db.engine import session_factory
from bot.handover import takeover as handover


class Offer(str, enum.Enum):
    QUEUED = "queued"  # waiting for a KCC employee
    OUTSIDE_HOURS = "outside_hours"
    NO_CHAT = "no_chat"  # not a website conversation (terminal, test): give the phone number


def local_now() -> datetime:
    """The municipality's clock; the actions read it here, so tests can set the hour
    (``ASSISTANT_CLOCK``, see bot.core.clock.local_now)."""
    return clock.local_now()


def in_website_chat(conversation_id: str, database_url: Optional[str] = None) -> bool:
    """Whether Rasa's sender is a conversation of the website's gateway (not the terminal,
    not Rasa's REST channel): only those can join the queue or be wiped by a button."""
    if not transcript.is_conversation_id(conversation_id):
        return False
    with session_factory(database_url).begin() as session:
        return transcript.status_of(session, conversation_id) is not None


def is_staffed(config: GemeenteConfig, moment: datetime) -> bool:
    """Whether the KCC is there: the phone line's hours of gemeente.yml."""
    local = moment.astimezone(TIMEZONE)
    windows = config.telefonisch_bereikbaar.get(WEEKDAYS[local.weekday()], [])
    return any(w.start <= local.time() < w.end for w in windows)


def offer_person(config: GemeenteConfig, conversation_id: str, topic: Optional[str],
                 now: Optional[Callable[[], datetime]] = None,
                 database_url: Optional[str] = None) -> Offer:
    if not is_staffed(config, (now or local_now)()):
        return Offer.OUTSIDE_HOURS
    if not transcript.is_conversation_id(conversation_id):
        return Offer.NO_CHAT
    with session_factory(database_url).begin() as session:
        if transcript.status_of(session, conversation_id) is None:
            return Offer.NO_CHAT
        handover.request_person(session, conversation_id, topic)
    return Offer.QUEUED
