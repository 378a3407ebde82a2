"""The gateway's value objects: what the transcript holds and the API shows."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from typing import Any, Dict, List, NamedTuple, Optional, Tuple

from bot.core.replies import Button  # one button type for the bot's answers and the transcript

__all__ = ["BotMessage", "Button", "FileAttachment", "Message", "Page", "Sender", "Status"]


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
class FileAttachment:
    """A file the bot sent with a message (the appointment's .ics); the API shows its name and
    a download address, never the content inline."""
    filename: str
    mime_type: str
    content: str


@dataclass(frozen=True)
class BotMessage:
    """One message of the bot's answer, before it is stored."""
    text: str
    buttons: Tuple[Button, ...] = ()
    attachment: Optional[FileAttachment] = None
    kind: Optional[str] = None  # a form's question or a booking's confirmation


def attachment_path(conversation_id: str, seq: int) -> str:
    """Where the resident downloads the file of message ``seq`` (with the conversation's token)."""
    return f"/api/conversations/{conversation_id}/messages/{seq}/attachment"


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
    attachment: Optional[FileAttachment] = None
    conversation_id: Optional[str] = None  # needed for the attachment's download address
    kind: Optional[str] = None  # a bot message that is a form's question or a booking's confirmation

    def as_json(self, download_link: bool = True) -> Dict[str, Any]:
        """The ``Message`` of the API contract. Staff views pass ``download_link=False``: they
        show the attachment's name only, the download is the resident's (token) call."""
        shown: Dict[str, Any] = {
            "seq": self.seq,
            "sender": self.sender.value,
            "text": self.text,
            "buttons": [{"title": b.title, "payload": b.payload} for b in self.buttons],
            "sent_at": self.sent_at.astimezone(timezone.utc).isoformat(timespec="milliseconds"),
        }
        if self.sender is Sender.AGENT or self.agent_name:
            shown["agent_name"] = self.agent_name or ""  # also on the takeover notice: who answers now
        if self.kind is not None:
            shown["kind"] = self.kind  # "question" gets no thumbs, "confirmation" is shown as a card
        if self.client_id is not None:
            shown["client_id"] = self.client_id  # lets a widget match a stored message to its outbox
        if self.attachment is not None:
            shown["attachment"] = {"filename": self.attachment.filename}
            if download_link and self.conversation_id is not None:
                shown["attachment"].update(mime_type=self.attachment.mime_type,
                                           url=attachment_path(self.conversation_id, self.seq))
        return shown


class HandoverStatus(str, Enum):
    """Where one request for a person stands: in the queue, with an employee, or over."""
    WAITING = "waiting"
    TAKEN = "taken"
    RELEASED = "released"
    CLOSED = "closed"


class Page(NamedTuple):
    """What a resident's window reads: the messages after a number, who answers now, and the
    conversation's language (the window's own words follow it)."""
    messages: List[Message]
    status: Status
    locale: str
