"""Greeting, thanks, goodbye, what the assistant is, and the way to a person."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions._sdk import ReplyAction, answers, question_from, send
from actions.faq import remember
from actions.life_events import life_event_first
from bot.core.replies import Reply
from bot.faq.answers import NO_TOPIC, Answers
from bot.faq.follow_up import Subject
from bot.handover.offer import Offer, offer_person


class ActionReplyConversation(ReplyAction):
    """Small talk and things outside the municipality's service, answered honestly. A municipal
    subject of the wegwijzer gets its referral, and is remembered for a follow-up on it."""

    def name(self) -> Text:
        return "action_reply_conversation"

    def replies(self, answers: Answers, tracker: Tracker) -> List[Reply]:
        return answers.conversation(question_from(tracker))

    @life_event_first  # "ik ben 18 geworden, wat nu?"
    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        built = answers()
        question = question_from(tracker)
        send(dispatcher, built.conversation(question))
        subject = question.entities.get("wegwijzer")
        if question.intent == "out_of_scope" and built.signposts(subject):
            return remember(Subject("out_of_scope", signposted=subject))
        return []


class ActionOfferPerson(ReplyAction):
    """A resident asks for a person: the KCC queue in office hours; outside them when someone
    is there, with a callback request or an appointment. A complaint is answered with how to
    file it and the offer. ``terugbel_aanbod`` tells the rules that a "ja" now means: call me."""

    def name(self) -> Text:
        return "action_offer_person"

    def replies(self, answers: Answers, tracker: Tracker) -> List[Reply]:
        return self._offer(answers, tracker)[0]

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        replies, offer = self._offer(answers(), tracker)
        send(dispatcher, replies)
        return [SlotSet("terugbel_aanbod", offer is Offer.OUTSIDE_HOURS)]

    @staticmethod
    def _offer(answers: Answers, tracker: Tracker):
        question = question_from(tracker)
        if question.intent == "klacht":
            return answers.conversation(question), None
        offer = offer_person(answers.config, tracker.sender_id, last_topic(tracker))
        return answers.person(offer.value), offer


def last_topic(tracker: Tracker) -> Optional[str]:
    """The last thing the resident asked about, for the KCC queue."""
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            name = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if name and name not in NO_TOPIC and name not in ("menselijk_contact", "gesprek_verwijderen"):
                return name
    return None
