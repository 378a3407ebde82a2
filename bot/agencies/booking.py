"""Booking the appointment with an agency employee once the chat has every answer.

Kept apart from Rasa so it can be tested on its own: it takes the form's slots, the
conversation id and (as a fallback) Rasa's events, books through the agency scheduler and,
when the resident agreed, attaches the masked chat in the same transaction. Then the
confirmation mail goes out; a failing mail server never undoes the booking.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Dict, Optional, Sequence

from bot.agencies.dialogue import agencies_in
from bot.agencies.scheduler import AgencyScheduler, agency_scheduler
from bot.agencies.shared_transcript import masked_copy, messages_from_events, stored_messages
from bot.appointments.dialogue import Slots, parse_datetime
from bot.appointments.service import BookingService, booking_service
from bot.appointments.types import Booked, Contact
from bot.config.gemeente import GemeenteConfig, get_gemeente
from bot.core import language
from bot.core.clock import local_now
from bot.forms.fields import clean_email_or_phone, clean_name


class NotReady(ValueError):
    """The slots lack something the booking needs (the form should not have finished)."""


@dataclass
class AgencyBooking:
    scheduler: AgencyScheduler
    service: BookingService
    config: Callable[[], GemeenteConfig]
    now: Callable[[], datetime] = local_now

    def book(self, slots: Slots, conversation_id: Optional[str],
             rasa_events: Sequence[Dict[str, Any]] = ()) -> Booked:
        """Books with the agencies of the slots; with consent (toestemming) the masked chat is
        attached: the gateway's stored messages, or Rasa's events when there are none."""
        agencies = agencies_in(slots)
        start = parse_datetime(str(slots.get("tijd") or ""))
        if not agencies or start is None or not slots.get("locatie"):
            raise NotReady("agency, place and time are needed")
        reach = clean_email_or_phone(str(slots.get("contact") or ""))
        who = Contact(clean_name(str(slots.get("naam") or "")), email=reach.email, phone=reach.phone,
                      language=language.current())
        shared = None
        if slots.get("toestemming") is True:
            with self.scheduler.sessions() as session:
                messages = stored_messages(session, conversation_id or "")
            if not messages:
                messages = messages_from_events(rasa_events)
            config = self.config()
            keep = [who.email or "", config.gemeente.email]
            shared = masked_copy(messages, conversation_id, self.now(), keep, config.public_phones)
        appointment = self.scheduler.book(agencies, str(slots["locatie"]), start, who, shared)
        return Booked(appointment, self.service.send_confirmation(appointment))


def agency_booking() -> AgencyBooking:
    """On the configured database and mail server."""
    return AgencyBooking(agency_scheduler(), booking_service(), get_gemeente)
