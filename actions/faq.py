"""Answers to burgerzaken questions, opening hours, contact and the pop-up service."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, Iterator, List, Optional, Sequence, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions._sdk import ReplyAction, answers, canonical_entities, question_from, said, send
from bot.appointments.context import books_topic, is_booking
from bot.config.content import get_content
from bot.config.gemeente import get_gemeente
from bot.core.clock import TIMEZONE
from bot.core.replies import Reply
from bot.faq.answers import Answers
from bot.faq.follow_up import about_previous, is_follow_up, previous_topic


class ActionAnswerTopic(ReplyAction):
    """A burgerzaken topic (passport, moving, marriage, ...), led by what was asked. A message that
    also asks for an appointment ("onze zoon is geboren, ik wil een afspraak") starts the booking
    for the topic's product instead."""

    def name(self) -> Text:
        return "action_answer_topic"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        if books_topic(said(tracker.latest_message), get_content(), get_gemeente()):
            return [FollowupAction("action_start_booking")]
        return super().run(dispatcher, tracker, domain)

    def replies(self, answers: Answers, tracker: Tracker) -> List[Reply]:
        return answers.topic(question_from(tracker))


class ActionAnswerService(ReplyAction):
    """Opening hours, contact details and where the pop-up service is."""

    def name(self) -> Text:
        return "action_answer_service"

    def replies(self, answers: Answers, tracker: Tracker) -> List[Reply]:
        return answers.service(question_from(tracker))


class ActionFollowUp(Action):
    """A message the model could not place, or a bare value outside a form ("en voor mijn dochter
    van 12?"): when it leans on the topic just answered ("en op zaterdag?", "wat kost het?"), it is
    answered about that topic; otherwise "Bedoelt u ...?", or for a value what it is about. Values
    that name a product with a day or a place ("volgende week dinsdagmiddag paspoort bij de bus")
    are a booking."""

    def name(self) -> Text:
        return "action_follow_up"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        question = question_from(tracker)
        latest = said(tracker.latest_message)
        if latest.intent == "informeren" and is_booking(latest, get_content(), get_gemeente(),
                                                       datetime.now(TIMEZONE).date()):
            return [FollowupAction("action_start_booking")]  # "dinsdagmiddag paspoort bij de bus"
        previous = previous_topic(_earlier_questions(tracker), get_content().topics)
        if previous is None or not is_follow_up(question.text):
            if question.intent == "informeren":  # a value outside a form: ask what it is about
                send(dispatcher, answers().conversation(question))
                return []
            return [FollowupAction("action_two_stage_fallback")]
        send(dispatcher, answers().reply_to(about_previous(question, previous)))
        return []


def _earlier_questions(tracker: Tracker) -> Iterator[Tuple[str, Sequence[str], Optional[str]]]:
    """(intent, aspects, document) of the resident's messages before the latest, newest first."""
    users = [e for e in tracker.events or [] if e.get("event") == "user"]
    for event in reversed(users[:-1]):
        parse = event.get("parse_data") or {}
        entities = canonical_entities(parse.get("entities") or [])
        documents = entities.get("document") or []
        yield str((parse.get("intent") or {}).get("name") or ""), tuple(entities.get("aspect", [])), \
            (documents[0] if documents else None)

