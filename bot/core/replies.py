"""What the assistant says in one turn: a text with buttons. Every feature's dialogue answers
with these, and the gateway's transcript stores the same button type."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Dict, Optional, Tuple


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: Tuple[Button, ...] = ()


def payload(intent: str, entities: Optional[Dict[str, str]] = None) -> str:
    """A button payload that Rasa reads as an intent with entities, skipping NLU."""
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}" if entities else f"/{intent}"
