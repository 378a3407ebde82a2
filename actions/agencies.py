"""Questions for the national agencies (CAK, DUO, Juridisch Loket, SVB, UWV)."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions._conversation import answers, question_from, send


class ActionExplainAgency(Action):
    """What the agency does, how to reach it, and where it receives residents here."""

    def name(self) -> Text:
        return "action_explain_agency"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        send(dispatcher, answers().agency(question_from(tracker)))
        return []
