"""Questions for the national agencies (CAK, DUO, Juridisch Loket, SVB, UWV)."""
from __future__ import annotations

from typing import List, Text

from rasa_sdk import Tracker

from actions._sdk import ReplyAction, question_from
from bot.core.replies import Reply
from bot.faq.answers import Answers


class ActionExplainAgency(ReplyAction):
    """What the agency does, how to reach it, and where it receives residents here."""

    def name(self) -> Text:
        return "action_explain_agency"

    def replies(self, answers: Answers, tracker: Tracker) -> List[Reply]:
        return answers.agency(question_from(tracker))
