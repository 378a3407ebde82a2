"""The conversations and their messages in the database. Every function takes the caller's
session, so one HTTP request is one unit of work.

Messages are numbered per conversation (``seq`` 1, 2, 3, ...). The number is the highest
one so far plus one, worked out inside the transaction; the unique constraint on
(conversation, seq) refuses a duplicate, and ``append`` then tries again with a fresh number.
Appending first touches the conversation's row, which on PostgreSQL also makes concurrent
appenders to one conversation wait their turn, so retries stay rare.

A resident message may carry the widget's ``client_id``; the unique constraint on
(conversation, client_id) keeps a message that the widget sent twice (after a dropped
connection) once, and ``append`` then raises ``DuplicateMessage`` naming the stored one.

A bot message may carry a file (the appointment's calendar file, checked by ``rasa_client``);
it is stored in the message's own row, so deleting or purging the conversation removes it too.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import uuid
from datetime import timezone
from typing import Iterable, List, Optional, Sequence, Tuple

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.conversations.types import BotMessage, FileAttachment, Message, Sender, Status
from bot.core.clock import utcnow
from bot.core.replies import QUESTION, Button
from bot.db.models import ConversationMessageRow, ConversationRow

APPEND_ATTEMPTS = 50
# Compared against when the conversation does not exist, so that a wrong id costs as much
# time as a wrong token.
_NO_HASH = "0" * 64


class AppendFailed(Exception):
    """A message could not get a sequence number after many tries (should never happen)."""


class DuplicateMessage(Exception):
    """A message with this client id is already stored (``seq`` is its number)."""

    def __init__(self, seq: int):
        super().__init__(f"already stored as message {seq}")
        self.seq = seq


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create_conversation(session: Session, locale: str = "nl") -> Tuple[str, str]:
    """A new conversation with the bot; returns (id, token). The token is shown only here."""
    conversation_id = str(uuid.uuid4())
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(ConversationRow(id=conversation_id, token_hash=hash_token(token), status=Status.BOT.value,
                                locale=locale, created_at=now, last_activity_at=now))
    session.flush()
    return conversation_id, token


def is_conversation_id(value: str) -> bool:
    """Whether ``value`` is an id as the gateway makes them (a UUID in lowercase)."""
    try:
        return str(uuid.UUID(value)) == value
    except (ValueError, TypeError, AttributeError):
        return False


def authenticate(session: Session, conversation_id: str, token: str) -> Optional[ConversationRow]:
    """The conversation when the token is its own, else None: the caller cannot tell an
    unknown id from a wrong token."""
    row = session.get(ConversationRow, conversation_id) if is_conversation_id(conversation_id) else None
    matches = hmac.compare_digest(hash_token(token), row.token_hash if row is not None else _NO_HASH)
    return row if matches and row is not None else None


def change_status(session: Session, conversation_id: str, status: Status) -> None:
    """The one place a conversation's status is written; a takeover, release or close comes
    here through ``handover``, which checks the change and keeps the handover in step."""
    session.execute(update(ConversationRow).where(ConversationRow.id == conversation_id)
                    .values(status=status.value, last_activity_at=utcnow()))


def status_of(session: Session, conversation_id: str) -> Optional[Status]:
    value = session.execute(select(ConversationRow.status).where(ConversationRow.id == conversation_id)).scalar()
    return Status(value) if value is not None else None


def append(session: Session, conversation_id: str, sender: Sender, text: str,
           buttons: Iterable[Button] = (), agent_name: Optional[str] = None,
           client_id: Optional[str] = None, attachment: Optional[FileAttachment] = None,
           kind: Optional[str] = None) -> Message:
    """Stores a message (with the file the bot sent, if any) as the conversation's next one and
    returns it with its seq; raises ``DuplicateMessage`` when ``client_id`` is already stored
    for this conversation."""
    [stored] = _append(session, conversation_id, Sender(sender),
                       [BotMessage(text, tuple(buttons), attachment, kind)], agent_name, client_id)
    return stored


def append_answer(session: Session, conversation_id: str, sender: Sender,
                  replies: Sequence[BotMessage]) -> List[Message]:
    """Stores the messages of one answer as the conversation's next ones, numbered in their
    order, in one go (an answer has up to five messages)."""
    return _append(session, conversation_id, Sender(sender), replies) if replies else []


def _append(session: Session, conversation_id: str, sender: Sender, messages: Sequence[BotMessage],
            agent_name: Optional[str] = None, client_id: Optional[str] = None) -> List[Message]:
    now = utcnow()
    session.execute(update(ConversationRow).where(ConversationRow.id == conversation_id)
                    .values(last_activity_at=now))
    for _ in range(APPEND_ATTEMPTS):
        first = _next_seq(session, conversation_id)
        rows = [ConversationMessageRow(conversation_id=conversation_id, seq=first + number, sender=sender.value,
                                       text=message.text, buttons=_buttons_json(message.buttons),
                                       agent_name=agent_name, sent_at=now, client_id=client_id,
                                       attachment=_attachment_json(message.attachment), kind=message.kind)
                for number, message in enumerate(messages)]
        try:
            with session.begin_nested():
                session.add_all(rows)
        except IntegrityError:
            earlier = by_client_id(session, conversation_id, client_id) if client_id else None
            if earlier is not None:
                raise DuplicateMessage(earlier.seq) from None
            if any(_seq_taken(session, conversation_id, row.seq) for row in rows):
                continue  # another transaction took one of these numbers first
            raise  # some other rule broke (an unknown conversation, a bad sender)
        return [_message(row) for row in rows]
    raise AppendFailed(f"no free sequence number for a message after {APPEND_ATTEMPTS} tries")


def messages_after(session: Session, conversation_id: str, after: int = 0) -> List[Message]:
    rows = session.execute(select(ConversationMessageRow)
                           .where(ConversationMessageRow.conversation_id == conversation_id,
                                  ConversationMessageRow.seq > after)
                           .order_by(ConversationMessageRow.seq)).scalars()
    return [_message(row) for row in rows]


def by_client_id(session: Session, conversation_id: str, client_id: str) -> Optional[Message]:
    """The resident message stored with this client id, if any."""
    row = session.execute(select(ConversationMessageRow)
                          .where(ConversationMessageRow.conversation_id == conversation_id,
                                 ConversationMessageRow.client_id == client_id)).scalar()
    return _message(row) if row is not None else None


def attachment_of(session: Session, conversation_id: str, seq: int) -> Optional[FileAttachment]:
    """The file sent with message ``seq``; None when there is no such message or it has none."""
    stored = session.execute(select(ConversationMessageRow.attachment)
                             .where(ConversationMessageRow.conversation_id == conversation_id,
                                    ConversationMessageRow.seq == seq)).scalar()
    return _attachment_from_json(stored)


def replies_to(session: Session, conversation_id: str, seq: int) -> List[Message]:
    """What was stored after message ``seq`` up to the resident's next message: the answer
    to it, as a resend of that message gets it again."""
    replies = []
    for message in messages_after(session, conversation_id, seq):
        if message.sender is Sender.RESIDENT:
            break
        replies.append(message)
    return replies


def button_title(session: Session, conversation_id: str, payload: str) -> Optional[str]:
    """The title of the newest button with this payload, so a click reads as what the
    resident saw ("Afspraak maken") rather than as "/afspraak_maken"."""
    rows = session.execute(select(ConversationMessageRow.buttons)
                           .where(ConversationMessageRow.conversation_id == conversation_id,
                                  ConversationMessageRow.sender == Sender.BOT.value,
                                  ConversationMessageRow.buttons != "[]")
                           .order_by(ConversationMessageRow.seq.desc()).limit(10)).scalars()
    for stored in rows:
        for button in _buttons_from_json(stored):
            if button.payload == payload:
                return button.title
    return None


def was_button_click(session: Session, conversation_id: str, seq: int, text: str) -> bool:
    """Whether the resident message ``seq`` is the title of a button the bot offered just
    before it: the gateway stores a click as that title, and a click is no question."""
    rows = session.execute(select(ConversationMessageRow.buttons)
                           .where(ConversationMessageRow.conversation_id == conversation_id,
                                  ConversationMessageRow.sender == Sender.BOT.value,
                                  ConversationMessageRow.seq < seq,
                                  ConversationMessageRow.buttons != "[]")
                           .order_by(ConversationMessageRow.seq.desc()).limit(10)).scalars()
    return any(button.title == text for stored in rows for button in _buttons_from_json(stored))


def answers_form_question(session: Session, conversation_id: str, seq: int) -> bool:
    """Whether the resident message ``seq`` came right after a form's question (the bot's
    message before it has the kind ``question``): an answer to the form, not a question."""
    kind = session.execute(select(ConversationMessageRow.kind)
                           .where(ConversationMessageRow.conversation_id == conversation_id,
                                  ConversationMessageRow.sender == Sender.BOT.value,
                                  ConversationMessageRow.seq < seq)
                           .order_by(ConversationMessageRow.seq.desc()).limit(1)).scalar()
    return kind == QUESTION


def _next_seq(session: Session, conversation_id: str) -> int:
    highest = session.execute(select(func.max(ConversationMessageRow.seq))
                              .where(ConversationMessageRow.conversation_id == conversation_id)).scalar()
    return (highest or 0) + 1


def _seq_taken(session: Session, conversation_id: str, seq: int) -> bool:
    return session.execute(select(ConversationMessageRow.id)
                           .where(ConversationMessageRow.conversation_id == conversation_id,
                                  ConversationMessageRow.seq == seq)).first() is not None


def _buttons_json(buttons: Tuple[Button, ...]) -> str:
    return json.dumps([{"title": b.title, "payload": b.payload} for b in buttons], ensure_ascii=False)


def _buttons_from_json(stored: Optional[str]) -> Tuple[Button, ...]:
    return tuple(Button(str(b["title"]), str(b["payload"])) for b in json.loads(stored or "[]"))


def _attachment_json(attachment: Optional[FileAttachment]) -> Optional[str]:
    if attachment is None:
        return None
    return json.dumps({"filename": attachment.filename, "mime_type": attachment.mime_type,
                       "content": attachment.content}, ensure_ascii=False)


def _attachment_from_json(stored: Optional[str]) -> Optional[FileAttachment]:
    if not stored:
        return None
    found = json.loads(stored)
    return FileAttachment(str(found["filename"]), str(found["mime_type"]), str(found["content"]))


def _message(row: ConversationMessageRow) -> Message:
    return Message(seq=row.seq, sender=Sender(row.sender), text=row.text, buttons=_buttons_from_json(row.buttons),
                   sent_at=row.sent_at.replace(tzinfo=timezone.utc), agent_name=row.agent_name,
                   client_id=row.client_id, attachment=_attachment_from_json(row.attachment),
                   conversation_id=row.conversation_id, kind=row.kind)
