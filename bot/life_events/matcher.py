"""Recognising a life event in a resident's message, from the event's words in gemeente.yml.

Words are compared as the wegwijzer compares them (folded, lemmatised, stemmed:
``bot.wegwijzer.words``), so "overleden", "overlijden" and "overlijdt" meet. An event's word of
several words ("baan kwijt") hits when all its telling words are in the message, in any order,
close together. A question of ``vragen`` ("wat moet ik regelen") hits when its words come in
its order, with at most two other words between two of them ("wat moet ik nu allemaal regelen").

``Found.decide`` says whether the checklist leads: when the resident asks what to arrange, or
when the model found no topic of its own in the message ("ik ben gisteren ontslagen"). A
question with a topic of its own and no such question ("hoe doe ik aangifte van overlijden",
"ik ben ontslagen, hoe vraag ik ww aan") keeps its own answer.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Mapping, Optional, Sequence, Tuple

from bot.wegwijzer.words import STOPWORDS, tokens

EXTRA_WINDOW = 4  # an event's word of n words hits when they lie within n + 4 words of each other
MAX_GAP = 2  # other words allowed between two words of a question
# Intents that name no topic of their own: an event's words are enough to lead with the checklist.
TOPICLESS = frozenset({"out_of_scope", "nlu_fallback", "bot_vraag", "informeren", "begroeting",
                       "afscheid", "bedankt", "bevestigen", "ontkennen", ""})
# Intents whose own meaning the checklist never replaces: a person, a complaint, erasure, a booking.
NEVER_REPLACED = frozenset({"menselijk_contact", "klacht", "gesprek_verwijderen", "afspraak_maken",
                            "afspraak_annuleren", "afspraak_wijzigen"})


@dataclass(frozen=True)
class Found:
    """The event a message names (None: none), by which word, and whether it asks what to arrange."""
    event: Optional[str]
    word: str = ""
    asks: bool = False

    def decide(self, intent: str) -> Optional[str]:
        """The event whose checklist answers a message the model read as ``intent``; else None."""
        if self.event is None or intent in NEVER_REPLACED:
            return None
        if self.asks or intent in TOPICLESS:
            return self.event
        return None


def _telling_stems(text: str) -> Tuple[str, ...]:
    words = tokens(text)
    telling = [t for t in words if t.text not in STOPWORDS] or words
    return tuple(dict.fromkeys(t.stem for t in telling))


class LifeEventMatcher:
    def __init__(self, events: Mapping[str, Sequence[str]], questions: Sequence[str]):
        """``events``: key -> its words, in the file's order; ``questions``: how residents ask
        what to arrange."""
        self.order = list(events)
        self.words: List[Tuple[str, str, Tuple[str, ...]]] = [
            (key, word, stems) for key, words in events.items() for word in words if (stems := _telling_stems(word))]
        self.questions = [stems for q in questions if (stems := tuple(t.stem for t in tokens(q)))]

    def match(self, text: str) -> Found:
        stems = [t.stem for t in tokens(text)]
        best: Optional[Tuple[int, int, str, str]] = None  # (-length, order, event, word)
        for key, word, wanted in self.words:
            if _near(stems, wanted):
                candidate = (-len(wanted), self.order.index(key), key, word)
                best = candidate if best is None or candidate < best else best
        if best is None:
            return Found(None)
        return Found(best[2], best[3], any(_in_order(stems, q) for q in self.questions))


def _near(stems: Sequence[str], wanted: Sequence[str]) -> bool:
    """Every stem of ``wanted`` in ``stems``, all within len(wanted) + EXTRA_WINDOW words."""
    places = [[i for i, s in enumerate(stems) if s == w] for w in wanted]
    if not all(places):
        return False
    if len(wanted) == 1:
        return True
    window = len(wanted) + EXTRA_WINDOW
    for start in places[0]:
        if all(any(abs(p - start) < window for p in ps) for ps in places[1:]):
            return True
    return False


def _in_order(stems: Sequence[str], wanted: Sequence[str]) -> bool:
    """The stems of ``wanted`` in their order, at most MAX_GAP other words between two of them."""
    for start, first in enumerate(stems):
        if first != wanted[0]:
            continue
        at, ok = start, True
        for item in wanted[1:]:
            following = [i for i in range(at + 1, min(len(stems), at + 2 + MAX_GAP)) if stems[i] == item]
            if not following:
                ok = False
                break
            at = following[0]
        if ok:
            return True
    return False
