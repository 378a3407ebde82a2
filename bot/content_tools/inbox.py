"""The inbox: what residents asked that the assistant missed, grouped by similar text.

A message lands here when the model fell back ("Bedoelt u ...?"), was unsure, read it as
outside what the assistant knows (``out_of_scope``), or gave an answer the resident then
rejected: a thumbs-down, a denial right after it ("nee, dat bedoel ik niet"), or a request
for a person. Only what residents asked counts: a button's click and the answer to a form's
question ("maandagochtend" when the booking asked for a day) never do. Rasa's events tell
them apart (the form that runs, and whether it took the message); without the events, the
gateway's own record does (a message right after a form's question is its answer).

Texts are masked (``bot.core.privacy.mask_for_training``) before anyone sees them: numbers,
e-mail addresses, names residents introduce, and the names the conversation's forms collected.

A message leaves the inbox once a content owner decided on its text: "ignore" hides that
text for good; an intent or a new topic hides what happened up to the decision, so a text
that is missed again after retraining comes back and shows the new model did not learn it.
"""
from __future__ import annotations

import csv
import enum
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.content_tools.grouping import group_by_similarity, normalise
from bot.content_tools.tracker import TrackerEvent
from bot.conversations import transcript
from bot.core.clock import iso_utc
from bot.core.privacy import mask_for_training
from bot.db.models import ConversationMessageRow, HandoverRow, InboxAnnotationRow, MessageFeedbackRow

FALLBACK_INTENT = "nlu_fallback"
OUT_OF_SCOPE_INTENT = "out_of_scope"
# The core fallback (the dialogue did not know what to do). The two-stage fallback's own
# action is left out: it keeps running while the resident answers "Bedoelt u ...?".
FALLBACK_ACTIONS = frozenset({"action_default_fallback"})
# The two-stage fallback runs as a loop too, but what the resident types then is a new try
# at the question, not the answer to a form.
TWO_STAGE_FALLBACK = "action_two_stage_fallback"
_NOT_AN_ANSWER = frozenset({"action_listen", "action_extract_slots"})
PERSON_INTENTS = frozenset({"menselijk_contact"})
DENIAL_INTENTS = frozenset({"ontkennen"})
# Messages that ask nothing: greeting, thanks, yes or no, asking for a person or a deletion.
NOT_A_QUESTION = frozenset({"begroeting", "afscheid", "bedankt", "bevestigen", "ontkennen", "menselijk_contact",
                            "klacht", "gesprek_verwijderen"})
# A denial in words the model may not read as ``ontkennen``; thanks ("nee, dank u") is none.
_DENIAL = re.compile(r"\b(?:bedoel(?:de)? ik (?:dus )?niet|niet wat ik (?:bedoel|zoek|vroeg|wil)|klopt niet"
                     r"|(?:is|was) (?:het )?niet (?:juist|goed|correct)|verkeerde? antwoord|geen antwoord op mijn vraag"
                     r"|heb ik niets aan|dat is het niet)\b")
_THANKS = re.compile(r"\b(?:dank|bedankt|thanks|thx)\b")
# Intents never offered as the one the texts belong to: they name no topic.
NO_SUGGESTION = frozenset({FALLBACK_INTENT, OUT_OF_SCOPE_INTENT})
LOW_CONFIDENCE = 0.6  # below this the model was unsure, even when it did not fall back
MAX_EXAMPLES_SHOWN = 20
_KEYS_PER_QUERY = 500  # well under SQLite's limit on bound parameters


class Reason(str, enum.Enum):
    FALLBACK = "fallback"
    LOW_CONFIDENCE = "low_confidence"
    BEFORE_PERSON = "before_person"
    NOT_HELPFUL = "not_helpful"
    OUT_OF_SCOPE = "out_of_scope"
    DENIED = "denied"


# The resident turned down the answer: the model's intent is then no suggestion.
REJECTED = frozenset({Reason.BEFORE_PERSON, Reason.NOT_HELPFUL, Reason.DENIED})


class Said(str, enum.Enum):
    """What a resident's message was, as far as the inbox cares."""
    BUTTON = "button"  # a button's payload
    FORM_ANSWER = "form_answer"  # typed in answer to a form's question, and the form took it
    NOT_A_QUESTION = "not_a_question"  # typed, but a greeting, thanks, yes or no, a request for a person
    QUESTION = "question"  # typed: what the resident wanted to know


@dataclass
class Miss:
    """One masked resident message the assistant missed, in one conversation."""
    conversation_id: str
    text: str
    at: datetime
    reasons: Set[Reason] = field(default_factory=set)
    guess: Optional[str] = None  # the likeliest real intent the model saw
    confidence: Optional[float] = None


class _Misses:
    """Collects misses; the same text in the same conversation is one miss with all its reasons."""

    def __init__(self):
        self.found: Dict[Tuple[str, str], Miss] = {}

    def add(self, conversation_id: str, raw_text: str, at: datetime, reason: Reason,
            guess: Optional[str] = None, confidence: Optional[float] = None) -> None:
        text = _shown(raw_text)
        if not text or not normalise(text):
            return
        miss = self.found.setdefault((conversation_id, text), Miss(conversation_id, text, at))
        miss.reasons.add(reason)
        miss.at = min(miss.at, at)
        miss.guess = miss.guess or guess
        if confidence is not None:
            miss.confidence = confidence if miss.confidence is None else min(miss.confidence, confidence)


@dataclass(frozen=True)
class UserTurn:
    """A user event with what it was and whether the assistant fell back on it."""
    index: int
    event: TrackerEvent
    said: Said
    fell_back: bool


def user_turns(events: Sequence[TrackerEvent]) -> List[UserTurn]:
    """Each user event of ``events`` (ordered per conversation), told apart: a click, a form's
    answer (a form ran, other than the two-stage fallback, and it took the message: it is the
    first action after it, or no action followed while a slot was requested), a message that
    asks nothing, or a question."""
    loop: Dict[str, Optional[str]] = {}
    requested: Dict[str, Optional[str]] = {}
    turns = []
    for index, event in enumerate(events):
        conversation_id = event.conversation_id
        if event.kind == "active_loop":
            loop[conversation_id] = event.action
            if event.action is None:
                requested[conversation_id] = None
        elif event.kind == "slot":
            requested[conversation_id] = event.slot_value
        elif event.kind == "user":
            said = _said(events, index, loop.get(conversation_id), requested.get(conversation_id))
            turns.append(UserTurn(index, event, said, is_fallback(events, index)))
    return turns


def _said(events: Sequence[TrackerEvent], index: int, loop: Optional[str], requested: Optional[str]) -> Said:
    event = events[index]
    if not event.is_typed:
        return Said.BUTTON
    if loop and loop != TWO_STAGE_FALLBACK:
        answered_by = first_action_after(events, index)
        if answered_by == loop or (answered_by is None and requested):
            return Said.FORM_ANSWER
    return Said.NOT_A_QUESTION if event.intent in NOT_A_QUESTION else Said.QUESTION


def first_action_after(events: Sequence[TrackerEvent], index: int) -> Optional[str]:
    """The first action the assistant ran in answer to the user event at ``index``."""
    conversation_id = events[index].conversation_id
    for later in events[index + 1:]:
        if later.conversation_id != conversation_id or later.kind == "user":
            return None
        if later.kind == "action" and later.action not in _NOT_AN_ANSWER:
            return later.action
    return None


def is_denial(event: TrackerEvent) -> bool:
    """"Nee, dat bedoel ik niet": read as a denial, or worded as one; thanks is none."""
    text = " ".join((event.text or "").lower().split())
    if _THANKS.search(text):
        return False
    return event.intent in DENIAL_INTENTS or bool(_DENIAL.search(text))


def misses_from_events(events: Sequence[TrackerEvent], low_confidence: float = LOW_CONFIDENCE) -> List[Miss]:
    """From Rasa's events (ordered per conversation, as ``tracker.read_events`` gives them):
    fallbacks, messages outside what the assistant knows, unsure predictions, and questions
    whose answer the resident turned down (a denial right after it, or a request for a
    person). Clicks and a form's answers never count."""
    found = _Misses()
    previous: Dict[str, UserTurn] = {}  # the conversation's user turn before this one
    previous_typed: Dict[str, UserTurn] = {}
    for turn in user_turns(events):
        event, conversation_id = turn.event, turn.event.conversation_id
        if event.intent in PERSON_INTENTS:
            before = previous_typed.get(conversation_id)
            if before is not None and before.said is Said.QUESTION:
                _add(found, before.event, Reason.BEFORE_PERSON)
        if turn.said in (Said.QUESTION, Said.NOT_A_QUESTION) and is_denial(event):
            before = previous.get(conversation_id)
            if before is not None and before.said is Said.QUESTION and not before.fell_back:
                _add(found, before.event, Reason.DENIED)
        previous[conversation_id] = turn
        if turn.said is Said.BUTTON:
            continue
        previous_typed[conversation_id] = turn
        if turn.said is Said.FORM_ANSWER:
            continue
        if turn.fell_back:
            found.add(conversation_id, event.text or "", event.at, Reason.FALLBACK, _guess(event))
            continue
        if event.intent == OUT_OF_SCOPE_INTENT:
            _add(found, event, Reason.OUT_OF_SCOPE)
        if event.confidence is not None and event.confidence < low_confidence:
            _add(found, event, Reason.LOW_CONFIDENCE)
    return list(found.found.values())


def _add(found: "_Misses", event: TrackerEvent, reason: Reason) -> None:
    found.add(event.conversation_id, event.text or "", event.at, reason, _guess(event), event.confidence)


Known = Mapping[Tuple[str, str], Said]


def typed_messages(events: Sequence[TrackerEvent]) -> Dict[Tuple[str, str], Said]:
    """What each typed message was, by (conversation, masked text): how the gateway's own
    record is read when Rasa's events are at hand. Where one text was both, the question wins."""
    known: Dict[Tuple[str, str], Said] = {}
    for turn in user_turns(events):
        if turn.said is Said.BUTTON:
            continue
        key = (turn.event.conversation_id, _shown(turn.event.text or ""))
        if known.get(key) is not Said.QUESTION:
            known[key] = turn.said
    return known


def _shown(raw_text: str) -> str:
    return " ".join(mask_for_training(raw_text).split())


def _asks(session: Session, conversation_id: str, seq: int, text: str, known: Optional[Known]) -> bool:
    """Whether the resident's message ``seq`` of the gateway's record asked something: no
    click, and no answer to a form (Rasa's events say; without them, the message right after
    a form's question is its answer)."""
    if transcript.was_button_click(session, conversation_id, seq, text):
        return False
    said = (known or {}).get((conversation_id, _shown(text)))
    if said is not None:
        return said is Said.QUESTION
    return not transcript.answers_form_question(session, conversation_id, seq)


_LOOK_BACK = 6  # resident messages before a request for a person, to find one they typed


def misses_from_handovers(session: Session, since: datetime, known: Optional[Known] = None) -> List[Miss]:
    """The resident's question before the one that brought a person in (the gateway's own
    record, for when Rasa's events are not at hand); ``known`` is ``typed_messages``."""
    found = _Misses()
    handovers = session.execute(select(HandoverRow.conversation_id, HandoverRow.requested_at)
                                .where(HandoverRow.requested_at >= since)).all()
    for conversation_id, requested_at in handovers:
        before_request = session.execute(
            select(ConversationMessageRow.seq, ConversationMessageRow.text, ConversationMessageRow.sent_at)
            .where(ConversationMessageRow.conversation_id == conversation_id,
                   ConversationMessageRow.sender == "resident", ConversationMessageRow.sent_at <= requested_at)
            .order_by(ConversationMessageRow.seq.desc()).limit(_LOOK_BACK)).all()[1:]  # [0] asked for the person
        typed = next((row for row in before_request
                      if not transcript.was_button_click(session, conversation_id, row.seq, row.text)), None)
        if typed is not None and _asks(session, conversation_id, typed.seq, typed.text, known):
            found.add(conversation_id, typed.text, typed.sent_at, Reason.BEFORE_PERSON)
    return list(found.found.values())


def misses_from_feedback(session: Session, since: datetime, known: Optional[Known] = None) -> List[Miss]:
    """The resident's question under each answer marked as not helpful; a thumb under a
    form's question or a booking's confirmation is no verdict on an answer."""
    found = _Misses()
    votes = session.execute(select(MessageFeedbackRow.conversation_id, MessageFeedbackRow.seq,
                                   MessageFeedbackRow.created_at)
                            .where(MessageFeedbackRow.helpful.is_(False), MessageFeedbackRow.created_at >= since)).all()
    for conversation_id, seq, voted_at in votes:
        voted_kind = session.execute(select(ConversationMessageRow.kind)
                                     .where(ConversationMessageRow.conversation_id == conversation_id,
                                            ConversationMessageRow.seq == seq)).scalar()
        if voted_kind is not None:
            continue
        question = session.execute(
            select(ConversationMessageRow.seq, ConversationMessageRow.text, ConversationMessageRow.sent_at)
            .where(ConversationMessageRow.conversation_id == conversation_id,
                   ConversationMessageRow.sender == "resident", ConversationMessageRow.seq < seq)
            .order_by(ConversationMessageRow.seq.desc()).limit(1)).first()
        if question is not None and _asks(session, conversation_id, question.seq, question.text, known):
            found.add(conversation_id, question.text, question.sent_at or voted_at, Reason.NOT_HELPFUL)
    return list(found.found.values())


def merge(*sources: Iterable[Miss]) -> List[Miss]:
    """One miss per (conversation, text), with the reasons of every source."""
    merged = _Misses()
    for source in sources:
        for miss in source:
            key = (miss.conversation_id, miss.text)
            kept = merged.found.setdefault(key, Miss(miss.conversation_id, miss.text, miss.at))
            kept.reasons |= miss.reasons
            kept.at = min(kept.at, miss.at)
            kept.guess = kept.guess or miss.guess
            if miss.confidence is not None:
                kept.confidence = miss.confidence if kept.confidence is None else min(kept.confidence, miss.confidence)
    return sorted(merged.found.values(), key=lambda m: (m.at, m.conversation_id, m.text))


def text_key(text: str) -> str:
    """How annotations and inbox messages are matched: the masked text, normalised."""
    return normalise(mask_for_training(text))[:500]


def not_yet_decided(session: Session, misses: Sequence[Miss]) -> List[Miss]:
    """The misses no annotation covers (see the module's note on what leaves the inbox)."""
    keys = {text_key(m.text) for m in misses}
    if not keys:
        return []
    ignored: Set[str] = set()
    decided_until: Dict[str, datetime] = {}
    ordered = sorted(keys)
    rows = []
    for start in range(0, len(ordered), _KEYS_PER_QUERY):
        rows += session.execute(select(InboxAnnotationRow.text_key, InboxAnnotationRow.decision,
                                       InboxAnnotationRow.annotated_at)
                                .where(InboxAnnotationRow.text_key.in_(ordered[start:start + _KEYS_PER_QUERY]))).all()
    for key, decision, annotated_at in rows:
        if decision == "ignore":
            ignored.add(key)
        else:
            decided_until[key] = max(decided_until.get(key, annotated_at), annotated_at)
    kept = []
    for miss in misses:
        key = text_key(miss.text)
        if key in ignored or (key in decided_until and miss.at <= decided_until[key]):
            continue
        kept.append(miss)
    return kept


@dataclass(frozen=True)
class InboxGroup:
    """Misses with nearly the same text, for one decision."""
    id: str
    text: str
    misses: Tuple[Miss, ...]

    def as_json(self) -> dict:
        texts = Counter(m.text for m in self.misses)
        last_of = {text: max(m.at for m in self.misses if m.text == text) for text in texts}
        reasons = Counter(reason.value for m in self.misses for reason in m.reasons)
        guess = _most_common_guess(self.misses)
        return {
            "id": self.id, "text": self.text, "count": len(self.misses),
            "conversations": len({m.conversation_id for m in self.misses}),
            "first_seen": iso_utc(min(m.at for m in self.misses)),
            "last_seen": iso_utc(max(m.at for m in self.misses)),
            "reasons": {reason.value: reasons.get(reason.value, 0) for reason in Reason},
            "model_guess": guess, "model_unsure": _unsure(self.misses),
            "answer_rejected": any(m.reasons & REJECTED for m in self.misses),
            "suggested_intent": suggestion(self.misses),
            "examples": [{"text": text, "count": count, "last_seen": iso_utc(last_of[text])}
                         for text, count in sorted(texts.items(), key=lambda kv: (-kv[1], kv[0]))][:MAX_EXAMPLES_SHOWN],
            "example_count": len(texts),
        }


def group(misses: Sequence[Miss]) -> List[InboxGroup]:
    """The misses grouped by similar text, largest group first."""
    grouped = []
    for found in group_by_similarity(misses, lambda m: m.text):
        items = tuple(sorted(found.items, key=lambda m: (m.at, m.text)))
        leading = Counter(m.text for m in items if normalise(m.text) == found.leader).most_common()
        text = min(leading, key=lambda kv: (-kv[1], kv[0]))[0]
        grouped.append(InboxGroup(hashlib.sha1(found.leader.encode()).hexdigest()[:12], text, items))
    return grouped


_CSV_COLUMNS = ("groep", "groepstekst", "tekst", "aantal", "gesprekken", "eerst", "laatst", *(r.value for r in Reason),
                "voorgestelde_intent")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_csv(groups: Sequence[InboxGroup]) -> str:
    """One row per distinct text, with its group: for a spreadsheet. A text that a
    spreadsheet would run as a formula gets a leading apostrophe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_CSV_COLUMNS)
    for found in groups:
        texts = sorted({m.text for m in found.misses})
        for text in texts:
            misses = [m for m in found.misses if m.text == text]
            reasons = Counter(r.value for m in misses for r in m.reasons)
            writer.writerow([found.id, _cell(found.text), _cell(text), len(misses),
                             len({m.conversation_id for m in misses}),
                             iso_utc(min(m.at for m in misses)), iso_utc(max(m.at for m in misses)),
                             *(reasons.get(r.value, 0) for r in Reason),
                             suggestion(misses) or ""])
    return out.getvalue()


def suggestion(misses: Sequence[Miss]) -> Optional[str]:
    """The intent to offer first for these texts: the model's guess, only when the model was
    sure (it did not fall back or ask "Bedoelt u ...?"), the resident did not turn its answer
    down, and the guess names a topic. Otherwise the content owner chooses."""
    guess = _most_common_guess(misses)
    if guess is None or guess in NO_SUGGESTION or _unsure(misses) or any(m.reasons & REJECTED for m in misses):
        return None
    return guess


def _unsure(misses: Sequence[Miss]) -> bool:
    return any(Reason.FALLBACK in m.reasons for m in misses)


def _most_common_guess(misses: Sequence[Miss]) -> Optional[str]:
    guesses = Counter(m.guess for m in misses if m.guess)
    return min(guesses.items(), key=lambda kv: (-kv[1], kv[0]))[0] if guesses else None


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _guess(event: TrackerEvent) -> Optional[str]:
    candidates = ([event.intent] if event.intent else []) + list(event.ranking)
    return next((name for name in candidates if name != FALLBACK_INTENT), None)


def is_fallback(events: Sequence[TrackerEvent], index: int) -> bool:
    """Whether the user event at ``index`` was not understood: the model fell back, or the
    dialogue's core fallback ran in answer to it."""
    return events[index].intent == FALLBACK_INTENT or fell_back_after(events, index)


def fell_back_after(events: Sequence[TrackerEvent], index: int) -> bool:
    """Whether the assistant's core fallback ran in answer to the user event at ``index``."""
    conversation_id = events[index].conversation_id
    for later in events[index + 1:]:
        if later.conversation_id != conversation_id or later.kind == "user":
            return False
        if later.action in FALLBACK_ACTIONS:
            return True
    return False


def without_known_names(misses: Iterable[Miss], names: Mapping[str, Iterable[str]]) -> List[Miss]:
    """The misses with the names each conversation's forms collected masked, wherever the
    resident typed them ("Jan Testpersoon" as the answer to "Wat is uw naam?")."""
    masked = []
    for miss in misses:
        known = tuple(names.get(miss.conversation_id, ()))
        text = " ".join(mask_for_training(miss.text, known).split()) if known else miss.text
        masked.append(Miss(miss.conversation_id, text, miss.at, set(miss.reasons), miss.guess, miss.confidence))
    return masked


def inbox(session: Session, events: Sequence[TrackerEvent], since: datetime,
          low_confidence: float = LOW_CONFIDENCE,
          names: Optional[Mapping[str, Iterable[str]]] = None) -> List[InboxGroup]:
    """Everything missed since ``since`` that no one decided on yet, grouped; ``names`` are
    the names the forms collected, per conversation."""
    known = typed_messages(events)
    misses = merge(misses_from_events(events, low_confidence), misses_from_handovers(session, since, known),
                   misses_from_feedback(session, since, known))
    if names:
        misses = merge(without_known_names(misses, names))
    return group(not_yet_decided(session, misses))
