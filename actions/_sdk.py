"""What every action needs: the question as the answers understand it, the message as a form
sees it, sending replies, and one validation base that runs every form through ``bot.forms``."""
from __future__ import annotations

import abc
import logging
from dataclasses import replace
from typing import Any, Callable, Dict, List, Optional, Sequence, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.appointments.context import TOPIC_BESIDE, Said
from bot.appointments.service import calendar_file_name
from bot.config.content import get_content
from bot.config.gemeente import get_gemeente
from bot.core import language
from bot.core.language import SWITCH_KEYS
from bot.core.replies import QUESTION, Reply
from bot.faq.answers import SERVICE_INTENTS, Answers, Question
from bot.faq.follow_up import Subject
from bot.forms.runner import FormDialogue, FormRunner
from bot.forms.turn import Slots, Turn, plain
from bot.nlp.vocabulary import canonical_entities

logger = logging.getLogger(__name__)
# Intents of a message that names no topic of its own: a question in a form is then about the form's
# product; so is one that asks an aspect (kosten, meenemen) that the model took for small talk.
UNPLACED = frozenset({"nlu_fallback", "informeren"})


def answers() -> Answers:
    """Built per call: the content and configuration files may have been edited since."""
    return Answers(get_content(), get_gemeente())


def question_from(tracker: Tracker, intent: Optional[str] = None) -> Question:
    message = tracker.latest_message or {}
    entities = canonical_entities(message.get("entities") or [])
    documents = entities.get("document", [])
    return Question(
        intent=intent or (message.get("intent") or {}).get("name") or "",
        text=message.get("text") or "",
        document=documents[0] if documents else None,
        aspects=tuple(entities.get("aspect", [])),
        entities={name: values[0] for name, values in entities.items()},
    )


def subject_of(tracker: Tracker) -> Optional[Subject]:
    """What the assistant just answered, as the slots onderwerp, document, aspecten, plek, wegwijzer
    and geval keep it."""
    topic = tracker.get_slot("onderwerp")
    if not topic:
        return None
    aspects = tracker.get_slot("aspecten") or []
    case = tracker.get_slot("geval") or []
    return Subject(str(topic), tracker.get_slot("document") or None,
                   tuple(str(a) for a in aspects) if isinstance(aspects, list) else (), tracker.get_slot("plek") or None,
                   tracker.get_slot("wegwijzer") or None, tuple(str(c) for c in case) if isinstance(case, list) else ())


def turn_from(tracker: Tracker) -> Turn:
    """The latest message as a form reads it: text, intent, known entities, the open question."""
    message = tracker.latest_message or {}
    return Turn(text=message.get("text") or "", intent=(message.get("intent") or {}).get("name") or "",
                entities=canonical_entities(message.get("entities") or []),
                requested_slot=tracker.get_slot("requested_slot"))


def said(message: Optional[Dict[Text, Any]], text: Optional[str] = None) -> Said:
    """A resident message (the tracker's latest, or an earlier event's parse data) as the
    features read it: intent, known entities, text."""
    message = message or {}
    intent = (message.get("intent") or {}).get("name") or ""
    beside = tuple(str(ranked.get("name")) for ranked in message.get("intent_ranking") or []
                   if ranked.get("name") != intent and (ranked.get("confidence") or 0) >= TOPIC_BESIDE)
    return Said(intent=intent, entities=canonical_entities(message.get("entities") or []),
                text=text if text is not None else message.get("text") or "", beside=beside)


def message_before(tracker: Tracker) -> Optional[Said]:
    """The resident's message before the latest one, or None in a first message."""
    users = [e for e in tracker.events or [] if e.get("event") == "user"]
    if len(users) < 2:
        return None
    return said(users[-2].get("parse_data"), str(users[-2].get("text") or ""))


def send(dispatcher: CollectingDispatcher, replies: Sequence[Reply]) -> None:
    """Each reply as a message; its kind (a question, a confirmation) follows it as a custom
    payload, which the gateway puts back with it (``bot.conversations.rasa_client``)."""
    for reply in replies:
        buttons = [{"title": b.title, "payload": b.payload} for b in reply.buttons]
        dispatcher.utter_message(text=reply.text, buttons=buttons or None)
        if reply.kind:
            dispatcher.utter_message(json_message={"kind": reply.kind})


Ask = Callable[[Tracker, Dict[Text, Any]], Sequence[Reply]]


def ask_action(action_name: str, ask: Ask, what: str) -> type:
    """An ``action_ask_<slot>`` action for a form: it sends what ``ask`` makes of the tracker
    and its slots. Made per slot, so each class answers to its own name."""
    class AskSlot(Action):
        __doc__ = f"Asks for {what}."

        def name(self) -> Text:
            return action_name

        def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                domain: Dict[Text, Any]) -> List[EventType]:
            send(dispatcher, [replace(reply, kind=reply.kind or QUESTION) for reply in ask(tracker, dict(tracker.slots))])
            return []

    AskSlot.__name__ = AskSlot.__qualname__ = "".join(part.title() for part in action_name.split("_"))
    return AskSlot


def send_calendar_file(dispatcher: CollectingDispatcher, ics: bytes) -> None:
    """The appointment's .ics as a chat attachment: the website chat offers it as "Zet de
    afspraak in uw agenda" (the gateway keeps only allowed, small files)."""
    dispatcher.utter_message(attachment={"type": "file", "filename": calendar_file_name(get_content()),
                                         "mime_type": "text/calendar",
                                         "content": ics.decode("utf-8")})


class ReplyAction(Action, abc.ABC):
    """An action whose whole job is one kind of answer from ``bot.faq.answers``."""

    @abc.abstractmethod
    def name(self) -> Text:
        """The action's name in domain.yml."""

    @abc.abstractmethod
    def replies(self, answers: Answers, tracker: Tracker) -> List[Reply]:
        """What to say."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        send(dispatcher, self.replies(answers(), tracker))
        return []


class FormValidation(FormValidationAction, abc.ABC):
    """``validate_<form>`` for every form: the dialogue reads the message once and checks the
    slots in its order (``bot.forms.runner``); this only carries slots and replies to Rasa."""

    @abc.abstractmethod
    def name(self) -> Text:
        """Rasa calls validate_<form name>."""

    @abc.abstractmethod
    def dialogue(self, tracker: Tracker, slots: Slots) -> FormDialogue:
        """The form's dialogue for these slots (made again when they choose another calendar)."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        slots = dict(tracker.slots)
        switched = language.switch_request(turn_from(tracker).text)
        if switched:  # "English please" in the middle of a form: confirmed, and the question asked again in it
            send(dispatcher, [Reply(get_content().text("taal", f"verder_{SWITCH_KEYS[switched]}"))])
            return self._ask_again(tracker)
        try:
            step = FormRunner(lambda current: self.dialogue(tracker, current)).run(turn_from(tracker), slots)
        except Exception:  # noqa: BLE001 - a resident's words never end in silence or a failure notice
            logger.exception("%s could not read a message; the question is asked again", self.name())
            return self._ask_again(tracker)
        if step.asks:
            answer = self.answer_in_between(tracker, slots)
            if answer:
                send(dispatcher, answer)
                return self._ask_again(tracker)
        send(dispatcher, step.replies)
        events: List[EventType] = [SlotSet(name, plain(value)) for name, value in step.slots.items()]
        if step.ends:
            # Rasa needs a slot set besides requested_slot, or it reads the message as no answer.
            events.append(SlotSet("requested_slot", None))
        return events

    def answer_in_between(self, tracker: Tracker, slots: Slots) -> List[Reply]:
        """A question in the middle of the form that names no topic, answered about the product
        the form is for ("wat kost het eigenlijk?" while booking a passport); else nothing."""
        question = question_from(tracker)
        content = get_content()
        product = slots.get("product")
        has_own_answer = question.intent in content.topics or question.intent in SERVICE_INTENTS
        about_product = question.intent in UNPLACED or (bool(question.aspects) and not has_own_answer)
        if not product or not about_product:
            return []  # a question with a topic of its own has its rule (data/rules/*_tussendoor.yml)
        intent = content.topic_for(str(product))
        if intent is None:
            return []
        document = question.document or (str(product) if product else None)
        return answers().reply_to(replace(question, intent=intent, document=document))

    @staticmethod
    def _ask_again(tracker: Tracker) -> List[EventType]:
        """The open question stays open: Rasa asks it again, as after any refused answer."""
        asked = tracker.get_slot("requested_slot")
        return [SlotSet(str(asked), None)] if asked else []
