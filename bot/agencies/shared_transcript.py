"""The chat a resident agreed to share with the agency employee: made, masked, read back.

The attached copy is taken when the appointment is booked and masked once (BSN, IBAN, phone
numbers and e-mail addresses; the resident's own contact address and the municipality's
address and the public phone numbers of the municipality and the agencies stay readable, the
employee needs those). It is a copy, not a link, so it stays
with the appointment when the resident deletes the chat or the chat is purged; the retention
purge deletes it TRANSCRIPT_RETENTION_DAYS after the appointment (bot/conversations/retention.py).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Dict, Iterable, List, Optional, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.appointments.types import SharedTranscript
from bot.conversations import transcript
from bot.core.privacy import mask
from bot.db.models import AppointmentTranscriptRow


@dataclass(frozen=True)
class AttachedTranscript:
    """What an agency employee reads with an appointment."""
    consent_at: datetime  # UTC, without a zone, as stored
    conversation_id: Optional[str]
    messages: List[Dict[str, Any]]


def masked(messages: Iterable[Dict[str, Any]], keep_emails: Iterable[str] = (),
           keep_phones: Iterable[str] = ()) -> List[Dict[str, Any]]:
    """The API's Message objects with every text masked (button titles and payloads too: a bot
    summary can repeat what the resident typed). ``keep_phones`` are public numbers (the
    municipality's, the agencies'), which the employee must be able to read."""
    keep = tuple(e for e in keep_emails if e)
    phones = tuple(p for p in keep_phones if p)

    def hide(value: Any) -> str:
        return mask(str(value or ""), keep, phones)

    shown = []
    for message in messages:
        copy = dict(message)
        copy["text"] = hide(message.get("text"))
        copy["buttons"] = [{"title": hide(b.get("title")), "payload": hide(b.get("payload"))}
                           for b in message.get("buttons") or []]
        shown.append(copy)
    return shown


def stored_messages(session: Session, conversation_id: str) -> List[Dict[str, Any]]:
    """The conversation as the gateway stored it; empty when it did not come through the gateway."""
    if not transcript.is_conversation_id(conversation_id):
        return []
    return [m.as_json(download_link=False) for m in transcript.messages_after(session, conversation_id, 0)]


def messages_from_events(events: Sequence[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The chat from Rasa's own events, for a conversation that did not come through the
    gateway (the terminal, or Rasa's REST channel): what each side said, in order."""
    found: List[Dict[str, Any]] = []
    for event in events:
        kind = event.get("event")
        if kind not in ("user", "bot") or not event.get("text"):
            continue
        sent = datetime.fromtimestamp(float(event.get("timestamp") or 0), timezone.utc)
        buttons = ((event.get("data") or {}).get("buttons") or []) if kind == "bot" else []
        found.append({"seq": len(found) + 1, "sender": "resident" if kind == "user" else "bot",
                      "text": str(event["text"]),
                      "buttons": [{"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                                  for b in buttons],
                      "sent_at": sent.isoformat(timespec="milliseconds")})
    return found


def masked_copy(messages: Sequence[Dict[str, Any]], conversation_id: Optional[str], consent_at: datetime,
               keep_emails: Iterable[str], keep_phones: Iterable[str] = ()) -> SharedTranscript:
    return SharedTranscript(conversation_id=conversation_id, consent_at=consent_at,
                            messages=masked(messages, keep_emails, keep_phones))


def attached(session: Session, appointment_id: int) -> Optional[AttachedTranscript]:
    row = session.get(AppointmentTranscriptRow, appointment_id)
    if row is None:
        return None
    return AttachedTranscript(consent_at=row.consent_at, conversation_id=row.conversation_id,
                              messages=json.loads(row.messages))


def appointments_with_conversation(session: Session, conversation_id: str) -> List[int]:
    """The appointments to which this conversation's transcript is attached."""
    return list(session.execute(select(AppointmentTranscriptRow.appointment_id).where(
        AppointmentTranscriptRow.conversation_id == conversation_id)).scalars())
