"""The gateway's value objects: what the transcript holds and the API shows."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from typing import Any, Dict, Optional, Tuple

from bot.answers import Button  # one button type for the bot's answers and the transcript

__all__ = ["Button", "Message", "Sender", "Status"]


def iso_utc(moment: Optional[datetime]) -> Optional[str]:
    """A stored time (UTC without a zone) as the API shows times: ISO 8601 with +00:00."""
    return moment.replace(tzinfo=timezone.utc).isoformat(timespec="milliseconds") if moment is not None else None


class Status(str, Enum):
    """Who answers the resident: the bot, nobody yet (waiting for a person), a person, or no one."""
    BOT = "bot"
    WAITING = "waiting"
    TAKEN = "taken"
    CLOSED = "closed"


class Sender(str, Enum):
    RESIDENT = "resident"
    BOT = "bot"
    AGENT = "agent"
    SYSTEM = "system"


@dataclass(frozen=True)
class Message:
    """One stored message; ``sent_at`` is aware (UTC)."""
    seq: int
    sender: Sender
    text: str
    buttons: Tuple[Button, ...]
    sent_at: datetime
    agent_name: Optional[str] = None
    client_id: Optional[str] = None  # the widget's id of a resident message, when it sent one

    def as_json(self) -> Dict[str, Any]:
        """The ``Message`` of the API contract."""
        shown: Dict[str, Any] = {
            "seq": self.seq,
            "sender": self.sender.value,
            "text": self.text,
            "buttons": [{"title": b.title, "payload": b.payload} for b in self.buttons],
            "sent_at": self.sent_at.astimezone(timezone.utc).isoformat(timespec="milliseconds"),
        }
        if self.sender is Sender.AGENT:
            shown["agent_name"] = self.agent_name or ""
        if self.client_id is not None:
            shown["client_id"] = self.client_id  # lets a widget match a stored message to its outbox
        return shown


class HandoverStatus(str, Enum):
    """Where one request for a person stands: in the queue, with an employee, or over."""
    WAITING = "waiting"
    TAKEN = "taken"
    RELEASED = "released"
    CLOSED = "closed"
