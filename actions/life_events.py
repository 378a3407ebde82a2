"""A life event ("mijn vader is overleden, wat moet ik allemaal regelen", "ik ben gisteren
ontslagen"): its checklist leads, on top of whatever topic the model chose (bot/life_events/)."""
from __future__ import annotations

import functools
from typing import Any, Callable, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions._sdk import answers, question_from, send
from bot.life_events.checklist import checklist
from bot.life_events.recognise import life_event


def answer_life_event(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """Sends the checklist when the latest message is about a life event and returns the slots to
    set (a follow-up is then about the event's municipal topic); None when it is not."""
    built = answers()
    question = question_from(tracker)
    named = [value for name in ("document", "product") if (value := question.entities.get(name))]
    key = life_event(built.config, question.text, question.intent,
                     signposted=bool(question.entities.get("wegwijzer")), named=named)
    if key is None:
        return None
    replies = checklist(key, built.content, built.config, built.facts)
    if not replies:
        return None
    send(dispatcher, replies)
    life = built.config.levensgebeurtenissen
    topic = life.gebeurtenissen[key].onderwerp if life is not None else None
    return [SlotSet("onderwerp", topic), SlotSet("document", None), SlotSet("aspecten", []),
            SlotSet("plek", None), SlotSet("wegwijzer", None)]


Run = Callable[[Action, CollectingDispatcher, Tracker, Dict[Text, Any]], List[EventType]]


def life_event_first(run: Run) -> Run:
    """An action's ``run`` that answers a life event first (``answer_life_event``), else gives
    the action's own answer: the one place where the checklist leads over the model's topic."""
    @functools.wraps(run)
    def answered(action: Action, dispatcher: CollectingDispatcher, tracker: Tracker,
                 domain: Dict[Text, Any]) -> List[EventType]:
        events = answer_life_event(dispatcher, tracker)
        return events if events is not None else run(action, dispatcher, tracker, domain)
    return answered
