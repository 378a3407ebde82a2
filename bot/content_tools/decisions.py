"""A content owner's decision on inbox texts: written into the training data (an intent),
kept for review (a new topic) or dropped (ignore), and recorded so the texts leave the inbox.

The file is written inside the caller's transaction, before it commits: when writing fails
nothing is recorded; when recording were to fail after writing, the examples are in the
file and a second try skips them as duplicates.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import List, Optional, Sequence

from sqlalchemy.orm import Session

from bot.content_tools.annotate import AnnotationError, Skipped, TrainingData, WriteResult, example_line
from bot.content_tools.inbox import text_key
from bot.core.clock import utcnow
from bot.core.settings import PROJECT_ROOT
from bot.db.models import InboxAnnotationRow

UNNAMED_TOPIC = "nog_te_benoemen"
TOPIC = re.compile(r"[a-z0-9][a-z0-9_]{0,59}")


class Decision(str, enum.Enum):
    INTENT = "intent"
    NEW_TOPIC = "new_topic"
    IGNORE = "ignore"


@dataclass(frozen=True)
class Annotation:
    decision: Decision
    intent: Optional[str]
    topic: Optional[str]
    file: Optional[str]  # relative to the project when it lies inside it
    added: List[str]
    skipped: List[Skipped]

    def as_json(self) -> dict:
        return {"decision": self.decision.value, "intent": self.intent, "topic": self.topic, "file": self.file,
                "added": self.added, "skipped": [{"text": s.text, "reason": s.reason} for s in self.skipped]}


def topic_name(raw: Optional[str]) -> str:
    """A proposed topic's name as the review file holds it: lower case, words joined by ``_``."""
    name = re.sub(r"[^a-z0-9]+", "_", (raw or "").strip().lower()).strip("_")[:60]
    return name if TOPIC.fullmatch(name) else UNNAMED_TOPIC


def annotate(session: Session, data: TrainingData, texts: Sequence[str], decision: Decision,
             intent: Optional[str] = None, topic: Optional[str] = None,
             staff_id: Optional[int] = None) -> Annotation:
    """Carries out the decision and records it per text."""
    if decision is Decision.INTENT:
        if not intent:
            raise AnnotationError("choose the intent the texts belong to")
        result = data.add_examples(intent, texts)
    elif decision is Decision.NEW_TOPIC:
        topic = topic_name(topic)
        result = data.add_new_topic(topic, texts)
    else:
        result = WriteResult(None, added=[], skipped=[])
    now = utcnow()
    written_to = _shown_path(result.path) if result.added else None
    outcomes = result.outcomes if decision is not Decision.IGNORE else \
        [(example_line(text) or text, "ignored") for text in texts]
    for text, (line, outcome) in zip(texts, outcomes):
        session.add(InboxAnnotationRow(
            text_key=text_key(text), text=line, decision=decision.value,
            intent=intent if decision is Decision.INTENT else None,
            topic=topic if decision is Decision.NEW_TOPIC else None,
            outcome=outcome[:40], written_to=(written_to or "")[:200] if outcome == "added" else None,
            annotated_by=staff_id, annotated_at=now))
    session.flush()
    return Annotation(decision, intent if decision is Decision.INTENT else None,
                      topic if decision is Decision.NEW_TOPIC else None, written_to, result.added, result.skipped)


def _shown_path(path) -> Optional[str]:
    if path is None:
        return None
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)
