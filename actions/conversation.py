"""Greeting, thanks, goodbye, what the assistant is, and the way to a person."""
from __future__ import annotations

from typing import List, Text

from rasa_sdk import Tracker

from actions._conversation import ReplyAction, question_from
from bot.answers import Answers, Reply


class ActionReplyConversation(ReplyAction):
    """Small talk and things outside the municipality's service, answered honestly."""

    def name(self) -> Text:
        return "action_reply_conversation"

    def replies(self, answers: Answers, tracker: Tracker) -> List[Reply]:
        return answers.conversation(question_from(tracker))


class ActionOfferPerson(ReplyAction):
    """A request for a person or a complaint: how to reach one by phone or e-mail."""

    def name(self) -> Text:
        return "action_offer_person"

    def replies(self, answers: Answers, tracker: Tracker) -> List[Reply]:
        return answers.conversation(question_from(tracker))
