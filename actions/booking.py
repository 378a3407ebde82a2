"""Making, moving and cancelling appointments in the chat.

Three Rasa forms share one set of slots: ``afspraak_form`` (product, place, day, time, name,
e-mail, confirmation), ``verzet_form`` (reference, e-mail, day, time, confirmation) and
``afzeg_form`` (reference, e-mail, confirmation). What a message means for them is decided in
``bot.appointments.dialogue``; these classes only carry it between Rasa and that module.
"""
from __future__ import annotations

import abc
import logging
from typing import Any, Dict, List, Optional, Text, cast

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions._sdk import Ask, FormValidation, ask_action, message_before, said, send, send_calendar_file
from bot.agencies.dialogue import calendar_for_move
from bot.agencies.locations import locations_for
from bot.agencies.scheduler import AgencyScheduler
from bot.appointments.backend import BookingCalendar
from bot.appointments.context import Said, booking_context
from bot.appointments.dialogue import BookingDialogue, ChangeDialogue, parse_datetime
from bot.appointments.service import booking_service
from bot.appointments.types import AlreadyCancelled, BookingError, SlotTaken
from bot.config.content import get_content
from bot.config.gemeente import get_gemeente
from bot.core.replies import Reply
from bot.faq.answers import SERVICE_INTENTS
from bot.forms.fields import InvalidInput
from bot.forms.turn import Slots
from bot.nlp.vocabulary import vocabulary

logger = logging.getLogger(__name__)

BOOKING_SLOTS = ("product", "locatie", "dag", "tijd", "voorkeur", "bevestigd")
MANAGE_SLOTS = ("referentie", "controle_email", "product", "locatie", "dag", "tijd", "voorkeur", "bevestigd")
CHANGE_FORMS = ("verzet_form", "afzeg_form")


def dialogue(slots: Optional[Slots] = None, form: Optional[str] = None) -> BookingDialogue:
    """The booking conversation, or for ``verzet_form`` and ``afzeg_form`` the one that finds
    the appointment first; moving one with an agency employee goes over that agency's days and
    desk at the pilot location."""
    service, config = booking_service(), get_gemeente()
    slots = slots or {}
    backend: BookingCalendar = service.backend
    if service.agencies is not None and config.spreekuur is not None \
            and slots.get("product") == config.spreekuur.code and slots.get("referentie"):
        # cast: the backend registered as AGENCIES is bot.agencies.scheduler's AgencyScheduler
        scheduler = cast(AgencyScheduler, service.agencies)
        backend = calendar_for_move(scheduler, config, str(slots["referentie"]))
    if form in CHANGE_FORMS:
        return ChangeDialogue(backend, config, get_content(), vocabulary(), find=service.find,
                              cancelling=form == "afzeg_form")
    return BookingDialogue(backend, config, get_content(), vocabulary())


class _ValidateForm(FormValidation, abc.ABC):
    """The three booking forms share one set of slots and one dialogue; ``form`` picks which."""
    form = "afspraak_form"

    def dialogue(self, tracker: Tracker, slots: Slots) -> BookingDialogue:
        return dialogue(slots, self.form)


class ValidateAfspraakForm(_ValidateForm):
    def name(self) -> Text:
        return "validate_afspraak_form"


class ValidateVerzetForm(_ValidateForm):
    form = "verzet_form"

    def name(self) -> Text:
        return "validate_verzet_form"


class ValidateAfzegForm(_ValidateForm):
    form = "afzeg_form"

    def name(self) -> Text:
        return "validate_afzeg_form"


def _ask(slot: str) -> Ask:
    def ask(tracker: Tracker, slots: Dict[Text, Any]) -> List[Reply]:
        return dialogue(slots, tracker.active_loop_name).ask(slot, slots)
    return ask


for _slot in ("product", "locatie", "dag", "tijd", "naam", "email", "bevestigd", "referentie", "controle_email"):
    _action = ask_action(f"action_ask_{_slot}", _ask(_slot), f"{_slot}, with buttons where there are choices")
    globals()[_action.__name__] = _action


class _StartForm(Action, abc.ABC):
    """Clears what a previous booking left, and fills in what this conversation knows."""
    clears: tuple = ()

    @abc.abstractmethod
    def name(self) -> Text:
        """Each start action names itself."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        events = [SlotSet(slot, None) for slot in self.clears]
        return events + self.known(tracker)

    def known(self, tracker: Tracker) -> List[EventType]:
        return []


class ActionStartBooking(_StartForm):
    """Starts the booking with what the conversation told already: the product of the topic just
    answered, the place just asked about. After an agency's answer, "kan ik daar een afspraak
    maken" is an appointment with that agency's employee."""
    clears = BOOKING_SLOTS

    def name(self) -> Text:
        return "action_start_booking"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        if agency_in_context(tracker):
            return [FollowupAction("action_start_agency_booking")]
        # The form follows by rule after "afspraak maken", and here too after a topic or a bare value.
        return super().run(dispatcher, tracker, domain) + [FollowupAction("afspraak_form")]

    def known(self, tracker: Tracker) -> List[EventType]:
        before = _answered(message_before(tracker)) or _followed_up(tracker)
        found = booking_context(said(tracker.latest_message), before, get_content(), get_gemeente())
        return [SlotSet(name, value) for name, value in found.items()]


def _answered(message: Optional[Said]) -> Optional[Said]:
    """The message before, when the assistant answered it as a question (its topic is context)."""
    content = get_content()
    if message is None:
        return None
    answered = message.intent in content.topics or message.intent in SERVICE_INTENTS \
        or content.agency_for_intent(message.intent) is not None
    return message if answered else None


def _followed_up(tracker: Tracker) -> Optional[Said]:
    """The message before, answered as a follow-up ("ik woon in 9995" after a passport answer): it
    stands for a question about the subject the slots keep (onderwerp, document), in its own words."""
    users = [i for i, e in enumerate(tracker.events or []) if e.get("event") == "user"]
    topic, document = tracker.get_slot("onderwerp"), tracker.get_slot("document")
    if len(users) < 2 or not topic:
        return None
    between = tracker.events[users[-2] + 1:users[-1]]
    if not any(e.get("event") == "action" and e.get("name") == "action_follow_up" for e in between):
        return None
    text = str(tracker.events[users[-2]].get("text") or "")
    return Said(intent=str(topic), entities={"document": [str(document)]} if document else {}, text=text)


def agency_in_context(tracker: Tracker) -> Optional[str]:
    """The agency an appointment request points back to: the latest message names no product and
    no agency, and the message before was answered as that agency's question."""
    latest, before = said(tracker.latest_message), message_before(tracker)
    if before is None or any(latest.entities.get(name) for name in ("product", "document", "agency")):
        return None
    agency = get_content().agency_for_intent(before.intent)
    config = get_gemeente()
    if agency is None or config.spreekuur is None or not locations_for(config, [agency]):
        return None  # no employee of that agency comes here: a booking with the municipality
    return agency


class ActionStartMove(_StartForm):
    clears = MANAGE_SLOTS

    def name(self) -> Text:
        return "action_start_move"

    def known(self, tracker: Tracker) -> List[EventType]:
        """The appointment made earlier in this conversation needs no code: it is found at once,
        with its product and place, so the form asks for the new day straight away."""
        last, email = tracker.get_slot("laatste_afspraak"), tracker.get_slot("email")
        if not last or not email:
            return []
        try:
            found = booking_service().find(str(last), str(email))
        except (BookingError, InvalidInput):  # gone since, or no usable address: the form asks for the code
            return []
        if found.status.value != "booked":
            return []
        return [SlotSet("referentie", found.reference), SlotSet("controle_email", email),
                SlotSet("product", found.product), SlotSet("locatie", found.location)]


class ActionStartCancel(ActionStartMove):
    def name(self) -> Text:
        return "action_start_cancel"


class ActionStopForm(Action):
    """The resident said no or stopped: nothing is booked or changed."""

    def name(self) -> Text:
        return "action_stop_form"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        return [ActiveLoop(None)] + _stopped(dispatcher, tracker.active_loop_name, dict(tracker.slots))


_STOPPED_TEXT = {"afzeg_form": "niet_afgezegd", "verzet_form": "niet_verzet"}


def _stopped(dispatcher: CollectingDispatcher, form: Optional[str], slots: Dict[Text, Any]) -> List[EventType]:
    """Says that nothing was booked or changed, and forgets the form's answers: after "nee"
    (a rule) or after words that left the form ("stop", "laat maar": the form ends unconfirmed)."""
    send(dispatcher, [Reply(dialogue().text(_STOPPED_TEXT.get(form or "", "gestopt"), slots))])
    return [SlotSet("requested_slot", None)] + [SlotSet(s, None) for s in MANAGE_SLOTS]


class ActionBookAppointment(Action):
    def name(self) -> Text:
        return "action_book_appointment"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        if tracker.get_slot("bevestigd") is False:  # the resident left the form
            return _stopped(dispatcher, "afspraak_form", dict(tracker.slots))
        flow, slots = dialogue(), dict(tracker.slots)
        start = _start(slots)
        try:
            booked = booking_service().book(str(slots["product"]), str(slots["locatie"]), start,
                                            str(slots["naam"]), str(slots["email"]))
        except SlotTaken as taken:
            return _just_taken(dispatcher, flow, slots, taken, "afspraak_form")
        except (BookingError, InvalidInput, KeyError, TypeError, ValueError):
            logger.exception("Booking failed")
            send(dispatcher, [Reply(flow.text("mislukt", slots))])
            return [SlotSet("tijd", None), SlotSet("bevestigd", None)]
        appointment = booked.appointment
        send(dispatcher, [flow.confirmation(slots, appointment, booked.mail_sent)])
        send_calendar_file(dispatcher, _calendar_file(flow, appointment))
        return [SlotSet("laatste_afspraak", appointment.reference)] + [SlotSet(s, None) for s in BOOKING_SLOTS]


class ActionMoveAppointment(Action):
    def name(self) -> Text:
        return "action_move_appointment"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        if tracker.get_slot("bevestigd") is False:  # the resident left the form
            return _stopped(dispatcher, "verzet_form", dict(tracker.slots))
        slots = dict(tracker.slots)
        flow = dialogue(slots)
        try:
            moved = booking_service().move(str(slots["referentie"]), str(slots["controle_email"]), _start(slots))
        except SlotTaken as taken:
            return _just_taken(dispatcher, flow, slots, taken, "verzet_form")
        except (BookingError, KeyError, TypeError, ValueError):
            logger.exception("Move failed")
            send(dispatcher, [Reply(flow.text("mislukt", slots))])
            return [SlotSet(s, None) for s in MANAGE_SLOTS]
        send(dispatcher, [Reply(flow.text("verzet", slots, moved.appointment))])
        send_calendar_file(dispatcher, _calendar_file(flow, moved.appointment))
        return [SlotSet(s, None) for s in MANAGE_SLOTS]


class ActionCancelAppointment(Action):
    def name(self) -> Text:
        return "action_cancel_appointment"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        if tracker.get_slot("bevestigd") is False:  # the resident left the form
            return _stopped(dispatcher, "afzeg_form", dict(tracker.slots))
        flow, slots = dialogue(), dict(tracker.slots)
        try:
            cancelled = booking_service().cancel(str(slots["referentie"]), str(slots["controle_email"]))
        except AlreadyCancelled:
            send(dispatcher, [Reply(flow.text("al_afgezegd", slots))])
            return [SlotSet(s, None) for s in MANAGE_SLOTS]
        except (BookingError, KeyError, TypeError, ValueError):
            logger.exception("Cancel failed")
            send(dispatcher, [Reply(flow.text("mislukt", slots))])
            return [SlotSet(s, None) for s in MANAGE_SLOTS]
        send(dispatcher, [Reply(flow.text("afgezegd", slots, cancelled.appointment))])
        events = [SlotSet(s, None) for s in MANAGE_SLOTS]
        if tracker.get_slot("laatste_afspraak") == cancelled.appointment.reference:
            events.append(SlotSet("laatste_afspraak", None))
        return events


def _just_taken(dispatcher: CollectingDispatcher, flow: BookingDialogue, slots: Slots, taken: SlotTaken,
                form: str) -> List[EventType]:
    """Someone else was just quicker: say so, offer the nearest free times, ask the time again."""
    send(dispatcher, [Reply(flow.text("tijd_net_bezet", slots), flow.slot_buttons(taken.alternatives))])
    return [SlotSet("tijd", None), SlotSet("bevestigd", None), FollowupAction(form)]


def _start(slots: Slots):
    start = parse_datetime(str(slots.get("tijd")))
    if start is None:
        raise ValueError("no time chosen")
    return start


def _calendar_file(flow: BookingDialogue, appointment) -> bytes:
    """The appointment's .ics, described as the chat confirmed it."""
    return booking_service().calendar_file(appointment, flow.text("gemaakt", {}, appointment))
