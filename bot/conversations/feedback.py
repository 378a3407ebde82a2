"""Residents' thumbs up or down under a bot answer, for the content owners: which answers
help and which do not. One vote per message; voting again replaces the vote."""
from __future__ import annotations

from typing import Optional

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.conversations.types import Sender
from bot.core.clock import utcnow
from bot.db.models import ConversationMessageRow, MessageFeedbackRow


class NoSuchMessage(Exception):
    """The conversation has no message with this number."""


class NotABotMessage(Exception):
    """Only the bot's answers are rated; a resident's, an employee's or a notice is not."""


def record(session: Session, conversation_id: str, seq: int, helpful: bool) -> None:
    """Stores the vote on message ``seq`` of the conversation, replacing an earlier one."""
    sender = session.execute(select(ConversationMessageRow.sender)
                             .where(ConversationMessageRow.conversation_id == conversation_id,
                                    ConversationMessageRow.seq == seq)).scalar()
    if sender is None:
        raise NoSuchMessage(seq)
    if sender != Sender.BOT.value:
        raise NotABotMessage(seq)
    for _ in range(2):  # a second, simultaneous first vote loses the insert and updates instead
        existing = _vote(session, conversation_id, seq)
        if existing is not None:
            existing.helpful, existing.created_at = helpful, utcnow()
            session.flush()
            return
        try:
            with session.begin_nested():
                session.add(MessageFeedbackRow(conversation_id=conversation_id, seq=seq, helpful=helpful,
                                               created_at=utcnow()))
            return
        except IntegrityError:
            continue
    raise RuntimeError("the vote could not be stored")


def vote_of(session: Session, conversation_id: str, seq: int) -> Optional[bool]:
    """The stored vote (True, False) on a message, or None."""
    row = _vote(session, conversation_id, seq)
    return None if row is None else row.helpful


def _vote(session: Session, conversation_id: str, seq: int):
    return session.execute(select(MessageFeedbackRow).where(MessageFeedbackRow.conversation_id == conversation_id,
                                                            MessageFeedbackRow.seq == seq)).scalar()
