"""Answers to burgerzaken questions, opening hours, contact and the pop-up service."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions._conversation import answers, question_from, send


class ActionAnswerTopic(Action):
    """A burgerzaken topic (passport, moving, marriage, ...), led by what was asked."""

    def name(self) -> Text:
        return "action_answer_topic"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        send(dispatcher, answers().topic(question_from(tracker)))
        return []


class ActionAnswerService(Action):
    """Appointments, opening hours, contact details and where the pop-up service is."""

    def name(self) -> Text:
        return "action_answer_service"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        send(dispatcher, answers().service(question_from(tracker)))
        return []
