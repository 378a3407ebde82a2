"""Answers to burgerzaken questions, opening hours, contact and the pop-up service."""
from __future__ import annotations

from typing import List, Text

from rasa_sdk import Tracker

from actions._sdk import ReplyAction, question_from
from bot.core.replies import Reply
from bot.faq.answers import Answers


class ActionAnswerTopic(ReplyAction):
    """A burgerzaken topic (passport, moving, marriage, ...), led by what was asked."""

    def name(self) -> Text:
        return "action_answer_topic"

    def replies(self, answers: Answers, tracker: Tracker) -> List[Reply]:
        return answers.topic(question_from(tracker))


class ActionAnswerService(ReplyAction):
    """Opening hours, contact details and where the pop-up service is."""

    def name(self) -> Text:
        return "action_answer_service"

    def replies(self, answers: Answers, tracker: Tracker) -> List[Reply]:
        return answers.service(question_from(tracker))
