"""The two-stage fallback: "Bedoelt u ...?" with two topics, then the way to a person.

Rasa's ``action_two_stage_fallback`` drives the stages; these actions replace its default
English texts with the municipality's own.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions._sdk import ReplyAction, canonical_entities
from bot.core.replies import Reply
from bot.faq.answers import Answers


class ActionAskAffirmation(ReplyAction):
    """Stage one: the two most likely topics as buttons, plus "Iets anders"."""

    def name(self) -> Text:
        return "action_default_ask_affirmation"

    def replies(self, answers: Answers, tracker: Tracker) -> List[Reply]:
        message = tracker.latest_message or {}
        ranking = [r.get("name") for r in message.get("intent_ranking") or []]
        entities = {name: values[0] for name, values in canonical_entities(message.get("entities") or []).items()}
        return answers.did_you_mean(ranking, entities)


class ActionAskRephrase(ReplyAction):
    """Asks to say it differently, once. Rasa's loop asks again for every message it reads as
    ``out_of_scope`` (gibberish, vague words), so the second time in a row is the way to a person."""

    def name(self) -> Text:
        return "action_default_ask_rephrase"

    def replies(self, answers: Answers, tracker: Tracker) -> List[Reply]:
        rephrase = answers.rephrase()
        if previous_bot_text(tracker) in {reply.text for reply in rephrase}:
            return answers.give_up()
        return rephrase


def previous_bot_text(tracker: Tracker) -> Optional[Text]:
    """What the assistant said last before the resident's latest message."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif seen_user and event.get("event") == "bot" and event.get("text"):
            return event.get("text")
    return None


class ActionDefaultFallback(ReplyAction):
    """Stage two: still not understood, so offer a person. The message is set aside."""

    def name(self) -> Text:
        return "action_default_fallback"

    def replies(self, answers: Answers, tracker: Tracker) -> List[Reply]:
        return answers.give_up()

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        return super().run(dispatcher, tracker, domain) + [UserUtteranceReverted()]
