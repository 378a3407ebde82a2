"""Greeting, thanks, goodbye, what the assistant is, and the way to a person."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions._conversation import answers, question_from, send


class ActionReplyConversation(Action):
    """Small talk and things outside the municipality's service, answered honestly."""

    def name(self) -> Text:
        return "action_reply_conversation"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        send(dispatcher, answers().conversation(question_from(tracker)))
        return []


class ActionOfferPerson(Action):
    """A request for a person or a complaint: how to reach one (live takeover comes later)."""

    def name(self) -> Text:
        return "action_offer_person"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        send(dispatcher, answers().conversation(question_from(tracker)))
        return []
