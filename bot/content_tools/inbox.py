"""The inbox: what residents asked that the assistant missed, grouped by similar text.

A message lands here when the model fell back ("Bedoelt u ...?"), was unsure, came just
before the resident asked for a person, or got an answer the resident marked as not
helpful. Texts are masked (``bot.core.privacy.mask_for_training``) before anyone sees them: numbers,
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
# The core fallback (the dialogue did not know what to do). The two-stage fallback's own
# action is left out: it keeps running while the resident answers "Bedoelt u ...?".
FALLBACK_ACTIONS = frozenset({"action_default_fallback"})
PERSON_INTENTS = frozenset({"menselijk_contact"})
LOW_CONFIDENCE = 0.6  # below this the model was unsure, even when it did not fall back
MAX_EXAMPLES_SHOWN = 20
_KEYS_PER_QUERY = 500  # well under SQLite's limit on bound parameters


class Reason(str, enum.Enum):
    FALLBACK = "fallback"
    LOW_CONFIDENCE = "low_confidence"
    BEFORE_PERSON = "before_person"
    NOT_HELPFUL = "not_helpful"


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
        text = " ".join(mask_for_training(raw_text).split())
        if not text or not normalise(text):
            return
        miss = self.found.setdefault((conversation_id, text), Miss(conversation_id, text, at))
        miss.reasons.add(reason)
        miss.at = min(miss.at, at)
        miss.guess = miss.guess or guess
        if confidence is not None:
            miss.confidence = confidence if miss.confidence is None else min(miss.confidence, confidence)


def misses_from_events(events: Sequence[TrackerEvent], low_confidence: float = LOW_CONFIDENCE) -> List[Miss]:
    """Fallbacks, unsure predictions and the message before a request for a person, from
    Rasa's events (ordered per conversation, as ``tracker.read_events`` gives them)."""
    found = _Misses()
    previous_typed: Dict[str, TrackerEvent] = {}
    for index, event in enumerate(events):
        if event.kind != "user":
            continue
        if event.intent in PERSON_INTENTS:
            before = previous_typed.get(event.conversation_id)
            if before is not None and before.intent not in PERSON_INTENTS:
                found.add(before.conversation_id, before.text or "", before.at, Reason.BEFORE_PERSON,
                          _guess(before), before.confidence)
        if not event.is_typed:
            continue
        previous_typed[event.conversation_id] = event
        if is_fallback(events, index):
            found.add(event.conversation_id, event.text or "", event.at, Reason.FALLBACK, _guess(event))
        elif event.confidence is not None and event.confidence < low_confidence:
            found.add(event.conversation_id, event.text or "", event.at, Reason.LOW_CONFIDENCE,
                      _guess(event), event.confidence)
    return list(found.found.values())


_LOOK_BACK = 6  # resident messages before a request for a person, to find one they typed


def misses_from_handovers(session: Session, since: datetime) -> List[Miss]:
    """The resident's message before the one that brought a person in (the gateway's own
    record, for when Rasa's events are not at hand)."""
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
        if typed is not None:
            found.add(conversation_id, typed.text, typed.sent_at, Reason.BEFORE_PERSON)
    return list(found.found.values())


def misses_from_feedback(session: Session, since: datetime) -> List[Miss]:
    """The resident's question under each answer marked as not helpful."""
    found = _Misses()
    votes = session.execute(select(MessageFeedbackRow.conversation_id, MessageFeedbackRow.seq,
                                   MessageFeedbackRow.created_at)
                            .where(MessageFeedbackRow.helpful.is_(False), MessageFeedbackRow.created_at >= since)).all()
    for conversation_id, seq, voted_at in votes:
        question = session.execute(
            select(ConversationMessageRow.seq, ConversationMessageRow.text, ConversationMessageRow.sent_at)
            .where(ConversationMessageRow.conversation_id == conversation_id,
                   ConversationMessageRow.sender == "resident", ConversationMessageRow.seq < seq)
            .order_by(ConversationMessageRow.seq.desc()).limit(1)).first()
        if question is not None and not transcript.was_button_click(session, conversation_id, question.seq,
                                                                    question.text):
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
        guesses = Counter(m.guess for m in self.misses if m.guess)
        return {
            "id": self.id, "text": self.text, "count": len(self.misses),
            "conversations": len({m.conversation_id for m in self.misses}),
            "first_seen": iso_utc(min(m.at for m in self.misses)),
            "last_seen": iso_utc(max(m.at for m in self.misses)),
            "reasons": {reason.value: reasons.get(reason.value, 0) for reason in Reason},
            "suggested_intent": guesses.most_common(1)[0][0] if guesses else None,
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
            guesses = Counter(m.guess for m in misses if m.guess)
            writer.writerow([found.id, _cell(found.text), _cell(text), len(misses),
                             len({m.conversation_id for m in misses}),
                             iso_utc(min(m.at for m in misses)), iso_utc(max(m.at for m in misses)),
                             *(reasons.get(r.value, 0) for r in Reason),
                             guesses.most_common(1)[0][0] if guesses else ""])
    return out.getvalue()


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
    misses = merge(misses_from_events(events, low_confidence), misses_from_handovers(session, since),
                   misses_from_feedback(session, since))
    if names:
        misses = merge(without_known_names(misses, names))
    return group(not_yet_decided(session, misses))
