"""Booking an appointment with an agency employee (UWV, SVB, ...) in the chat.

``organisatie_form`` asks for a second agency, the place, day, time, name, how to reach the
resident, consent to share this chat, and a confirmation. What a message means is decided
in ``bot.agencies.dialogue``; the booking itself in ``bot.agencies.booking``. These classes
only carry slots and replies between Rasa and those modules.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions._sdk import Ask, FormValidation, ask_action, canonical_entities, send, send_calendar_file
from actions.booking import agency_in_context
from bot.agencies.booking import NotReady, agency_booking
from bot.agencies.dialogue import FORM_SLOTS, AgencyDialogue
from bot.agencies.locations import locations_for
from bot.agencies.scheduler import agency_scheduler
from bot.appointments.types import Booked, BookingError, SlotTaken
from bot.config.content import get_content
from bot.config.gemeente import get_gemeente
from bot.core.replies import Reply
from bot.forms.fields import InvalidInput
from bot.forms.turn import Slots
from bot.nlp.vocabulary import vocabulary

logger = logging.getLogger(__name__)
FORM = "organisatie_form"
ASKED_SLOTS = ("tweede_organisatie", "locatie", "dag", "tijd", "naam", "contact", "toestemming", "bevestigd")


def _resident_texts(tracker: Tracker) -> str:
    """Everything the resident typed, for a postcode or neighbourhood to find the nearest place."""
    return "\n".join(str(e.get("text") or "") for e in tracker.events if e.get("event") == "user")


def _dialogue(tracker: Tracker, slots: Slots) -> AgencyDialogue:
    return AgencyDialogue(agency_scheduler(), get_gemeente(), get_content(), vocabulary(), slots,
                          near=_resident_texts(tracker))


class ActionStartAgencyBooking(Action):
    """Clears what an earlier appointment left and remembers which agency this one is with."""

    def name(self) -> Text:
        return "action_start_agency_booking"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        agencies = canonical_entities((tracker.latest_message or {}).get("entities") or []).get("agency", [])
        agency = agencies[0] if agencies else agency_in_context(tracker)
        events: List[EventType] = [SlotSet(slot, None) for slot in FORM_SLOTS]
        config = get_gemeente()
        events.append(SlotSet("organisatie", agency))
        events.append(SlotSet("product", config.spreekuur.code if config.spreekuur else None))
        # The form follows by rule after the button; here too when a booking request pointed back.
        return events + [FollowupAction(FORM)]


class ValidateOrganisatieForm(FormValidation):
    def name(self) -> Text:
        return "validate_organisatie_form"

    def dialogue(self, tracker: Tracker, slots: Slots) -> AgencyDialogue:
        return _dialogue(tracker, slots)


def _ask(slot: str) -> Ask:
    def ask(tracker: Tracker, slots: Dict[Text, Any]) -> List[Reply]:
        return _dialogue(tracker, slots).ask(slot, slots)
    return ask


for _slot in ASKED_SLOTS:
    _action = ask_action(f"action_ask_{FORM}_{_slot}", _ask(_slot), f"{_slot} in the agency appointment form")
    globals()[_action.__name__] = _action


class ActionBookAgencyAppointment(Action):
    """Books when the resident confirmed; says nothing was booked when they stopped."""

    def name(self) -> Text:
        return "action_book_agency_appointment"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        slots = dict(tracker.slots)
        flow = _dialogue(tracker, slots)
        clear = [SlotSet(slot, None) for slot in FORM_SLOTS]
        if slots.get("bevestigd") is not True:
            send(dispatcher, [Reply(flow.spreekuur_text(_why_not_booked(slots), slots))])
            return clear
        try:
            booker = agency_booking()
            booked = booker.book(slots, tracker.sender_id, tracker.events)
        except SlotTaken as taken:
            send(dispatcher, [Reply(flow.text("tijd_net_bezet", slots), flow.slot_buttons(taken.alternatives))])
            return [SlotSet("tijd", None), SlotSet("bevestigd", None), FollowupAction(FORM)]
        except (BookingError, InvalidInput, NotReady, KeyError, TypeError, ValueError):
            logger.exception("Agency booking failed")
            send(dispatcher, [Reply(flow.text("mislukt", slots))])
            return clear
        appointment = booked.appointment
        texts = _booked_texts(flow, slots, booked)
        send(dispatcher, [Reply(t) for t in texts if t])
        send_calendar_file(dispatcher, booker.service.calendar_file(appointment, texts[0]))
        events = clear + [SlotSet("laatste_afspraak", appointment.reference)]
        if appointment.email:
            events.append(SlotSet("email", appointment.email))  # "afspraak afzeggen" then needs no code
        return events


def _why_not_booked(slots: Slots) -> str:
    """"gestopt" when the resident stopped; "niet_hier" when the agency never comes here."""
    comes_here = slots.get("organisatie") and locations_for(get_gemeente(), [str(slots["organisatie"])])
    return "gestopt" if comes_here or not slots.get("organisatie") else "niet_hier"


def _booked_texts(flow: AgencyDialogue, slots: Slots, booked: Booked) -> List[str]:
    """The confirmation, whether the employee reads this chat, and the mail and how to cancel."""
    appointment = booked.appointment
    return [flow.spreekuur_text("gemaakt", slots, appointment),
            flow.spreekuur_text("met_gesprek" if slots.get("toestemming") else "zonder_gesprek", slots),
            flow.text("mail_verstuurd", slots, appointment) if booked.mail_sent else "",
            flow.text("afzeggen_uitleg", slots, appointment) if appointment.email else ""]
