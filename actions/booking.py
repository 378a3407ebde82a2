"""Making, moving and cancelling appointments in the chat.

Three Rasa forms share one set of slots: ``afspraak_form`` (product, place, day, time, name,
e-mail, confirmation), ``verzet_form`` (reference, e-mail, day, time, confirmation) and
``afzeg_form`` (reference, e-mail, confirmation). What a message means for them is decided in
``bot.appointments.dialogue``; these classes only carry it between Rasa and that module.
"""
from __future__ import annotations

import abc
import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions._conversation import ask_action, canonical_entities, send, send_calendar_file
from bot.core.replies import Reply
from bot.agencies.dialogue import calendar_for_move
from bot.appointments.dialogue import BookingDialogue, Outcome, Slots, Turn, parse_datetime
from bot.appointments.service import booking_service
from bot.appointments.types import AlreadyCancelled, AppointmentNotFound, BookingError, InvalidContact, SlotTaken
from bot.config.content import get_content
from bot.config.gemeente import get_gemeente
from bot.nlp.vocabulary import vocabulary

logger = logging.getLogger(__name__)

BOOKING_SLOTS = ("product", "locatie", "dag", "tijd", "voorkeur", "bevestigd")
MANAGE_SLOTS = ("referentie", "controle_email", "product", "locatie", "dag", "tijd", "voorkeur", "bevestigd")
VALIDATION_ORDER = ("product", "locatie", "referentie", "controle_email", "dag", "tijd", "naam", "email", "bevestigd")


def dialogue(slots: Optional[Slots] = None) -> BookingDialogue:
    """The booking conversation; for moving an appointment with an agency employee, over
    that agency's days and desk at the pilot location."""
    service, config = booking_service(), get_gemeente()
    slots = slots or {}
    if service.agencies is not None and config.spreekuur is not None \
            and slots.get("product") == config.spreekuur.code and slots.get("referentie"):
        calendar = calendar_for_move(service.agencies, config, str(slots["referentie"]))
        return BookingDialogue(calendar, config, get_content(), vocabulary())  # type: ignore[arg-type]
    return BookingDialogue(service.backend, config, get_content(), vocabulary())


def _turn(tracker: Tracker) -> Turn:
    message = tracker.latest_message or {}
    return Turn(text=message.get("text") or "", intent=(message.get("intent") or {}).get("name") or "",
                entities=canonical_entities(message.get("entities") or []),
                requested_slot=tracker.get_slot("requested_slot"))


class _ValidateForm(FormValidationAction):
    """Reads every message once, then checks the changed slots in a fixed order, so that a
    day is checked against the place chosen in the same message."""

    @abc.abstractmethod
    def name(self) -> Text:
        """Rasa calls validate_<form name>."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        slots: Slots = dict(tracker.slots)
        flow = dialogue(slots)
        updates = flow.extract(_turn(tracker), slots)
        if not updates:
            return []  # nothing for this form: Rasa lets another rule answer the message
        slots.update(updates)
        for slot in VALIDATION_ORDER:
            if slot in updates and updates[slot] is not None:
                outcome = self.validate(flow, slot, slots[slot], slots)
                slots.update(outcome.slots)
                updates.update(outcome.slots)
                send(dispatcher, outcome.replies)
                if "product" in outcome.slots:
                    flow = dialogue(slots)  # the appointment found may be one with an agency
        return [SlotSet(name, value) for name, value in updates.items()]

    def validate(self, flow: BookingDialogue, slot: str, value: object, slots: Slots) -> Outcome:
        if slot == "controle_email":
            return flow.validate_email(value, slots, slot="controle_email")
        return getattr(flow, f"validate_{slot}")(value, slots)


class ValidateAfspraakForm(_ValidateForm):
    def name(self) -> Text:
        return "validate_afspraak_form"


class ValidateVerzetForm(_ValidateForm):
    def name(self) -> Text:
        return "validate_verzet_form"

    def validate(self, flow: BookingDialogue, slot: str, value: object, slots: Slots) -> Outcome:
        outcome = super().validate(flow, slot, value, slots)
        return _with_appointment(flow, slot, outcome, {**slots, **outcome.slots})


class ValidateAfzegForm(ValidateVerzetForm):
    def name(self) -> Text:
        return "validate_afzeg_form"


def _with_appointment(flow: BookingDialogue, slot: str, outcome: Outcome, slots: Slots) -> Outcome:
    """Once code and e-mail are both known: find the appointment, or say it is not there."""
    if slot not in ("referentie", "controle_email") or not slots.get("referentie") or not slots.get("controle_email"):
        return outcome
    try:
        found = booking_service().find(str(slots["referentie"]), str(slots["controle_email"]))
    except AppointmentNotFound:
        return Outcome({**outcome.slots, "referentie": None, "controle_email": None},
                       outcome.replies + [Reply(flow.text("niet_gevonden", slots))])
    if found.status.value != "booked":
        return Outcome({**outcome.slots, "referentie": None, "controle_email": None},
                       outcome.replies + [Reply(flow.text("al_afgezegd", slots))])
    return Outcome({**outcome.slots, "product": found.product, "locatie": found.location},
                   outcome.replies + [Reply(flow.text("gevonden", slots, found))])


def _ask(slot: str):
    def ask(tracker: Tracker, slots: Dict[Text, Any]) -> List[Reply]:
        flow = dialogue(slots)
        if slot == "bevestigd" and tracker.active_loop_name in ("verzet_form", "afzeg_form"):
            return _confirm_change(flow, tracker.active_loop_name, slots)
        return flow.ask(slot, slots)
    return ask


def _confirm_change(flow: BookingDialogue, form: str, slots: Slots) -> List[Reply]:
    from bot.core.replies import Button, payload

    if form == "afzeg_form":
        return [Reply(flow.text("vraag_afzeggen", slots), (
            Button(flow.text("ja_afzeggen", slots), payload("bevestigen")),
            Button(flow.text("nee_houden", slots), payload("ontkennen"))))]
    return [Reply(flow.text("vraag_verzetten", slots), (
        Button(flow.text("ja_verzetten", slots), payload("bevestigen")),
        Button(flow.text("andere_dag_of_tijd", slots), payload("afspraak_wijzigen")),
        Button(flow.text("nee_houden", slots), payload("ontkennen"))))]


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
    clears = BOOKING_SLOTS

    def name(self) -> Text:
        return "action_start_booking"


class ActionStartMove(_StartForm):
    clears = MANAGE_SLOTS

    def name(self) -> Text:
        return "action_start_move"

    def known(self, tracker: Tracker) -> List[EventType]:
        """The appointment made earlier in this conversation needs no code."""
        last, email = tracker.get_slot("laatste_afspraak"), tracker.get_slot("email")
        if last and email:
            return [SlotSet("referentie", last), SlotSet("controle_email", email)]
        return []


class ActionStartCancel(ActionStartMove):
    def name(self) -> Text:
        return "action_start_cancel"


class ActionStopForm(Action):
    """The resident said no or stopped: nothing is booked or changed."""

    def name(self) -> Text:
        return "action_stop_form"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        key = {"afzeg_form": "niet_afgezegd", "verzet_form": "niet_verzet"}.get(tracker.active_loop_name, "gestopt")
        send(dispatcher, [Reply(dialogue().text(key, dict(tracker.slots)))])
        return [ActiveLoop(None), SlotSet("requested_slot", None)] + [SlotSet(s, None) for s in MANAGE_SLOTS]


class ActionBookAppointment(Action):
    def name(self) -> Text:
        return "action_book_appointment"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        flow, slots = dialogue(), dict(tracker.slots)
        start = _start(slots)
        try:
            booked = booking_service().book(str(slots["product"]), str(slots["locatie"]), start,
                                            str(slots["naam"]), str(slots["email"]))
        except SlotTaken as taken:
            return _just_taken(dispatcher, flow, slots, taken, "afspraak_form")
        except (BookingError, InvalidContact, KeyError, TypeError, ValueError):
            logger.exception("Booking failed")
            send(dispatcher, [Reply(flow.text("mislukt", slots))])
            return [SlotSet("tijd", None), SlotSet("bevestigd", None)]
        appointment = booked.appointment
        texts = [flow.text("gemaakt", slots, appointment), flow.text("meenemen", slots, appointment),
                 flow.text("mail_verstuurd" if booked.mail_sent else "mail_niet_verstuurd", slots, appointment),
                 flow.text("afzeggen_uitleg", slots, appointment)]
        send(dispatcher, [Reply(t) for t in texts if t])
        send_calendar_file(dispatcher, _calendar_file(flow, appointment))
        return [SlotSet("laatste_afspraak", appointment.reference)] + [SlotSet(s, None) for s in BOOKING_SLOTS]


class ActionMoveAppointment(Action):
    def name(self) -> Text:
        return "action_move_appointment"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
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
