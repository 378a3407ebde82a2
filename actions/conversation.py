"""Greeting, thanks, goodbye, what the assistant is, and the way to a person."""
from __future__ import annotations

from typing import List, Optional, Text

from rasa_sdk import Tracker

from actions._conversation import ReplyAction, question_from
from bot.answers import Answers, Reply
from bot.person import offer_person


class ActionReplyConversation(ReplyAction):
    """Small talk and things outside the municipality's service, answered honestly."""

    def name(self) -> Text:
        return "action_reply_conversation"

    def replies(self, answers: Answers, tracker: Tracker) -> List[Reply]:
        return answers.conversation(question_from(tracker))


class ActionOfferPerson(ReplyAction):
    """A resident asks for a person: the KCC queue in office hours, otherwise when someone is
    there and an appointment. A complaint is answered with how to file it and the offer."""

    def name(self) -> Text:
        return "action_offer_person"

    def replies(self, answers: Answers, tracker: Tracker) -> List[Reply]:
        question = question_from(tracker)
        if question.intent == "klacht":
            return answers.conversation(question)
        topic = _last_topic(tracker)
        return answers.person(offer_person(answers.config, tracker.sender_id, topic).value)


def _last_topic(tracker: Tracker) -> Optional[str]:
    """The last thing the resident asked about, for the KCC queue."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            name = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if name and name not in ("menselijk_contact", "nlu_fallback", "bevestigen", "ontkennen"):
                return name
    return None
