"""Answers to burgerzaken questions, opening hours, contact and the pop-up service, and the
follow-ups on them. What was answered stays in the slots onderwerp, document, aspecten and
plek; ``vervolgvraag`` tells the rules (data/rules/vervolgvragen.yml) that the latest message
is a follow-up on it."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions._sdk import ReplyAction, answers, question_from, said, send, subject_of
from actions.life_events import life_event_first
from bot.appointments.context import books_topic, is_booking
from bot.appointments.places import places_named
from bot.core import language
from bot.core.clock import local_now
from bot.core.replies import Reply
from bot.faq.answers import Answers, Question
from bot.faq.case import case_of
from bot.faq.follow_up import Subject, answer, leans_on
from bot.faq.places import main_counter


class ActionAnswerTopic(ReplyAction):
    """A burgerzaken topic (passport, moving, marriage, ...), led by what was asked. A message that
    also asks for an appointment ("onze zoon is geboren, ik wil een afspraak") starts the booking
    for the topic's product instead."""

    def name(self) -> Text:
        return "action_answer_topic"

    def replies(self, answers: Answers, tracker: Tracker) -> List[Reply]:
        return answers.topic(question_from(tracker))

    @life_event_first  # "mijn vader is overleden, wat moet ik regelen"
    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        built = answers()
        if books_topic(said(tracker.latest_message), built.content, built.config):
            return [FollowupAction("action_start_booking")]
        question = question_from(tracker)
        send(dispatcher, built.topic(question))
        near = built.near_home(question)  # "ik woon in 9995", "bij de bus": the place the answer led to
        named = places_named(built.config, question.text)
        place = near.place if near is not None else (named[0] if named else None)
        return remember(Subject(question.intent, question.document, question.aspects, place,
                                case=case_of(question.text).names))


class ActionAnswerService(ReplyAction):
    """Opening hours, contact details and where the pop-up service is."""

    def name(self) -> Text:
        return "action_answer_service"

    def replies(self, answers: Answers, tracker: Tracker) -> List[Reply]:
        return answers.service(question_from(tracker))

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        built = answers()
        question = question_from(tracker)
        send(dispatcher, built.service(question))
        return remember(Subject(question.intent, place=_place_of(built, question)))


def _place_of(built: Answers, question: Question) -> Optional[str]:
    """The one place the answer was about: a pop-up location the message names or lies near,
    else the town hall for opening hours and contact details; none for a list of places."""
    config = built.config
    near = built.near_home(question)
    if near is not None:
        return near.place
    if question.intent == "popup_locaties":
        popups = [code for code, _ in config.popups()]
        # who cannot travel was answered with the care homes, whatever place the message named
        named = [] if built.cannot_travel(question) else places_named(config, question.text, popups)
        if not named:
            named = built.popups_near(question)
        return named[0] if len(named) == 1 else None
    named = places_named(config, question.text)
    return named[0] if len(named) == 1 else main_counter(config)


class ActionFollowUp(Action):
    """A follow-up on what was just answered ("en op zaterdag?", "wat kost het?", "kan ik daar
    parkeren?"), answered about it. Reached by the rules for a message the model could not place
    or a bare value outside a form, and for any message that ``vervolgvraag`` marks. Otherwise
    "Bedoelt u ...?", or for a value the question what it is about. Values that name a product
    with a day or a place ("volgende week dinsdagmiddag paspoort bij de bus") are a booking."""

    def name(self) -> Text:
        return "action_follow_up"

    @life_event_first  # "ik ben gisteren ontslagen"
    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        built = answers()
        question = question_from(tracker)
        latest = said(tracker.latest_message)
        if latest.intent in ("informeren", "nlu_fallback") and is_booking(latest, built.content, built.config,
                                                                          local_now().date()):
            return [FollowupAction("action_start_booking")]  # "dinsdagmiddag paspoort bij de bus"
        subject = subject_of(tracker)
        if subject is None or not leans_on(question, subject, built.content, built.config):
            if question.intent == "informeren":  # a value outside a form: ask what it is about
                send(dispatcher, built.conversation(question))
                return []
            return [FollowupAction("action_two_stage_fallback")]
        replies, after = answer(built, question, subject)
        send(dispatcher, replies)
        return remember(after)


class ActionMarkFollowUp(Action):
    """Rasa's slot mapping hook, run on every message before the next action is chosen: it sets
    ``vervolgvraag`` when the message is a follow-up on the subject in the slots, so the rules
    of data/rules/vervolgvragen.yml answer it about that subject (never during a form). It also
    keeps the conversation's language in ``taal`` (bot.core.language.of_tracker), so that without
    the gateway (the terminal) a short answer keeps the language the conversation has."""

    def name(self) -> Text:
        return "action_validate_slot_mappings"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[EventType]:
        try:
            built = answers()
            follow = leans_on(question_from(tracker), subject_of(tracker), built.content, built.config,
                              in_form=bool((tracker.active_loop or {}).get("name")))
        except Exception:  # noqa: BLE001 - a resident's words never end in a failure
            follow = False
        events: List[EventType] = language_event(tracker)
        if follow:
            return events + [SlotSet("vervolgvraag", True)]
        return events + ([SlotSet("vervolgvraag", None)] if tracker.get_slot("vervolgvraag") else [])


def language_event(tracker: Tracker) -> List[EventType]:
    """``taal`` set to the language of the latest message, when that changes it."""
    decided = language.of_tracker(tracker.current_state())
    return [SlotSet("taal", decided)] if decided != language.supported(tracker.get_slot("taal")) else []


def remember(subject: Subject) -> List[EventType]:
    """The slots that keep what was just answered, for the follow-ups."""
    return [SlotSet("onderwerp", subject.topic), SlotSet("document", subject.document),
            SlotSet("aspecten", list(subject.aspects)), SlotSet("plek", subject.place),
            SlotSet("wegwijzer", subject.signposted), SlotSet("geval", list(subject.case))]

