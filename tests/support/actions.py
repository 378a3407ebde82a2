"""Running an action as Rasa's action server does: a tracker with the booking slots in,
events and messages out."""
from __future__ import annotations

import asyncio

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


def tracker(text="", intent="informeren", entities=(), slots=None, requested=None, loop=None):
    state = {"product": None, "locatie": None, "dag": None, "tijd": None, "voorkeur": None, "naam": None,
             "email": None, "bevestigd": None, "referentie": None, "controle_email": None,
             "laatste_afspraak": None, "requested_slot": requested, **(slots or {})}
    return Tracker("test", state, {"text": text, "intent": {"name": intent}, "entities": list(entities)},
                   [], False, None, {"name": loop} if loop else {}, "action_listen")


def run(action, state):
    dispatcher = CollectingDispatcher()
    result = action.run(dispatcher, state, {})
    events = asyncio.run(result) if asyncio.iscoroutine(result) else result
    return events, dispatcher.messages
