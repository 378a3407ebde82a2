"""What the assistant says in one turn: a text with buttons, and what kind of message it is.
Every feature's dialogue answers with these, and the gateway's transcript stores the same
button type and kind."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Dict, Optional, Tuple


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


# A reply's kind, when it is not an answer: a question of a form (no thumbs under it, not a
# miss for the content owners), or the confirmation of a booking (the chat window's card).
QUESTION = "question"
CONFIRMATION = "confirmation"
KINDS = frozenset({QUESTION, CONFIRMATION})


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: Tuple[Button, ...] = ()
    kind: Optional[str] = None  # None for an answer, else one of KINDS


def payload(intent: str, entities: Optional[Dict[str, str]] = None) -> str:
    """A button payload that Rasa reads as an intent with entities, skipping NLU."""
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}" if entities else f"/{intent}"
