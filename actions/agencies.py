"""Questions for the national agencies (CAK, DUO, Juridisch Loket, SVB, UWV)."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions._sdk import ReplyAction, answers, question_from, send
from actions.life_events import life_event_first
from bot.core.replies import Reply
from bot.faq.answers import Answers


class ActionExplainAgency(ReplyAction):
    """What the agency does, how to reach it, and where it receives residents here."""

    def name(self) -> Text:
        return "action_explain_agency"

    def replies(self, answers: Answers, tracker: Tracker) -> List[Reply]:
        return answers.agency(question_from(tracker))

    @life_event_first  # "we gaan scheiden, wat moet ik regelen"
    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        send(dispatcher, self.replies(answers(), tracker))
        # a follow-up now is about the agency, not about the burgerzaken topic before it
        return [SlotSet("onderwerp", None), SlotSet("plek", None)]
