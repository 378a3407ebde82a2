"""Asking to be called back when nobody is there to chat (``terugbel_form``): name, phone
number, a moment that suits, a summary to confirm, then the request is stored for the KCC.
What a message means and what to say lives in ``bot.handover.callback_dialogue``; these classes only
carry it between Rasa and that module.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions._sdk import Ask, FormValidation, ask_action, send
from actions.conversation import last_topic
from bot.config.content import get_content
from bot.config.gemeente import get_gemeente
from bot.core.replies import Reply
from bot.db.engine import session_factory
from bot.forms.turn import Slots
from bot.handover import offer
from bot.handover.callback import request_callback
from bot.handover.callback_dialogue import SLOTS, CallbackDialogue, preferred_time

logger = logging.getLogger(__name__)


def dialogue() -> CallbackDialogue:
    return CallbackDialogue(get_gemeente(), get_content(), now=offer.local_now)


class ActionStartCallback(Action):
    """Clears an earlier request; a name known from a booking in this chat is not asked again.
    ``terugbel_aanbod`` stays set until the request is stored or stopped: the rule that
    started the form still holds while the form runs."""

    def name(self) -> Text:
        return "action_start_callback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        events = [SlotSet(slot, None) for slot in SLOTS]
        known = tracker.get_slot("naam")
        if known:
            events.append(SlotSet("terugbel_naam", known))
        return events


class ValidateTerugbelForm(FormValidation):
    def name(self) -> Text:
        return "validate_terugbel_form"

    def dialogue(self, tracker: Tracker, slots: Slots) -> CallbackDialogue:
        return dialogue()


def _ask(slot: str) -> Ask:
    def ask(_tracker: Tracker, slots: Dict[Text, Any]) -> List[Reply]:
        return dialogue().ask(slot, slots)
    return ask


for _slot in SLOTS:
    _action = ask_action(f"action_ask_{_slot}", _ask(_slot), _slot)
    globals()[_action.__name__] = _action


class ActionRequestCallback(Action):
    """Stores the confirmed request and says when the KCC calls; a form that ended without
    a "ja" (the resident typed "stop") keeps nothing."""

    def name(self) -> Text:
        return "action_request_callback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        flow, slots = dialogue(), dict(tracker.slots)
        cleared = [SlotSet(slot, None) for slot in SLOTS] + [SlotSet("terugbel_aanbod", False)]
        if slots.get("terugbel_bevestigd") is not True:  # the resident stopped the form
            send(dispatcher, [Reply(flow.text("gestopt", slots))])
            return cleared
        try:
            with session_factory().begin() as session:
                request_callback(session, name=str(slots.get("terugbel_naam") or ""),
                                 phone=str(slots.get("terugbel_telefoon") or ""),
                                 preferred_time=preferred_time(slots), topic=last_topic(tracker),
                                 conversation_id=tracker.sender_id if offer.in_website_chat(tracker.sender_id)
                                 else None, at=offer.local_now())
        except Exception:  # noqa: BLE001 - the resident hears that it failed, never silence
            logger.exception("storing a callback request failed")
            send(dispatcher, [Reply(flow.text("mislukt", slots))])
            return cleared
        send(dispatcher, flow.confirmation(slots))
        return cleared


class ActionStopCallback(Action):
    """The resident said no: nothing is kept."""

    def name(self) -> Text:
        return "action_stop_callback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        send(dispatcher, [Reply(dialogue().text("gestopt"))])
        return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("terugbel_aanbod", False)] + [
            SlotSet(slot, None) for slot in SLOTS]
