"""The two-stage fallback: "Bedoelt u ...?" with two topics, then the way to a person.

Rasa's ``action_two_stage_fallback`` drives the stages; these actions replace its default
English texts with the municipality's own.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions._conversation import answers, canonical_entities, send


class ActionAskAffirmation(Action):
    """Stage one: the two most likely topics as buttons, plus "Iets anders"."""

    def name(self) -> Text:
        return "action_default_ask_affirmation"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        ranking = [r.get("name") for r in message.get("intent_ranking") or []]
        entities = {name: values[0] for name, values
                    in canonical_entities(message.get("entities") or []).items()}
        send(dispatcher, answers().did_you_mean(ranking, entities))
        return []


class ActionAskRephrase(Action):
    def name(self) -> Text:
        return "action_default_ask_rephrase"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        send(dispatcher, answers().rephrase())
        return []


class ActionDefaultFallback(Action):
    """Stage two: still not understood, so offer a person. The message is set aside."""

    def name(self) -> Text:
        return "action_default_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        send(dispatcher, answers().give_up())
        return [UserUtteranceReverted()]
