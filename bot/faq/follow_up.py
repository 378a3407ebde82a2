"""Follow-up questions: "en op zaterdag?", "en voor mijn dochter?", "hoe lang duurt dat?",
"kan dat ook online?" are about the topic just answered, so they are answered about it instead
of with "Bedoelt u ...?". Only a message the model could not place is read this way."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable, Optional, Sequence, Tuple

from bot.faq.answers import SERVICE_INTENTS, Question

# (intent, aspects, document) of one question the resident asked
Asked = Tuple[str, Tuple[str, ...], Optional[str]]

MAX_WORDS = 10  # a follow-up is short; a long message that the model cannot place is a new question
# It leans on what came before: it starts with "en"/"and"/"ook", or points back ("dat", "het", "daar").
_LEANS_BACK = re.compile(r"^(?:en|and|ook|maar|what about|and for)\b|\b(?:dat|het|daar|daarvoor|die|hem|it|that|there)\b",
                         re.IGNORECASE)


def is_follow_up(text: str) -> bool:
    words = (text or "").split()
    return 0 < len(words) <= MAX_WORDS and bool(_LEANS_BACK.search(text))


def previous_topic(earlier: Iterable[Tuple[str, Sequence[str], Optional[str]]], topics: Iterable[str]) -> Optional[Asked]:
    """The topic, aspects and document of the last question the assistant answered as a topic.
    ``earlier`` holds (intent, aspects, document) of the resident's earlier messages, newest first."""
    answerable = set(topics) | set(SERVICE_INTENTS)
    for intent, aspects, document in earlier:
        if intent in answerable:
            return intent, tuple(aspects), document
    return None


def about_previous(question: Question, previous: Asked) -> Question:
    """The follow-up as a question about the previous topic: its own aspects first, then the
    ones asked before ("wat kost een paspoort" - "en voor mijn dochter?": the child's fee), and
    the document before unless it names another."""
    intent, aspects, document = previous
    return replace(question, intent=intent, aspects=tuple(dict.fromkeys((*question.aspects, *aspects))),
                   document=question.document or document)


# Readings of a message that carry no topic of their own: when it asks an aspect ("oke en wat neem ik
# mee", "dank u, hoe lang duurt het?"), that aspect is of the topic just answered.
_SMALL_TALK = frozenset({"bevestigen", "ontkennen", "bedankt"})
RUNNERS_UP = 3  # out of scope, but the topic just answered is among the likeliest readings


def asks_aspect_of_previous(question: Question, previous: Asked, ranking: Sequence[str]) -> bool:
    """A message the model read as small talk or out of scope that asks an aspect of the topic just
    answered ("hoe oud mag de foto zijn" after the passport): it names no document of its own, and
    an out-of-scope reading counts only when that topic is a close runner-up ("wat kost de
    hondenbelasting" stays out of scope)."""
    if not question.aspects or question.document is not None:
        return False
    if question.intent in _SMALL_TALK:
        return True
    return question.intent == "out_of_scope" and previous[0] in ranking[:RUNNERS_UP]
