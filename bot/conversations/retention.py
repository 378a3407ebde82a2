"""Privacy (AVG): conversations are kept no longer than needed. ``purge`` deletes every
conversation without activity for TRANSCRIPT_RETENTION_DAYS, with its messages and
handovers (the database cascades) and its events in Rasa's tracker store, and every callback
request that was handled more than that period ago (open ones wait for the KCC). A transcript
shared with an agency's appointment is a copy that outlives its conversation; it is deleted
TRANSCRIPT_RETENTION_DAYS after the appointment's end. The audit log (bot/audit) has its own
period, AUDIT_RETENTION_DAYS (one year by default); its older events go in the same run.

Run daily from cron: ``make purge`` (``python -m bot.conversations.retention``). It works in batches,
each in one transaction; Rasa's events of a batch go first, so a run that fails halfway
leaves nothing half-deleted that the next run would not find again.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import List, Optional, Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.audit import log as audit_log
from bot.conversations.tracker_events import delete_events, tracker_url
from bot.core.clock import utcnow
from bot.core.settings import get_settings
from bot.db.engine import session_factory
from bot.db.models import (
    AppointmentRow,
    AppointmentTranscriptRow,
    CallbackRequestRow,
    ConversationMessageRow,
    ConversationRow,
    HandoverRow,
)

BATCH_SIZE = 500


@dataclass(frozen=True)
class Counts:
    """What a purge (or one deletion) removed."""
    conversations: int = 0
    messages: int = 0
    handovers: int = 0
    tracker_events: int = 0
    attached_transcripts: int = 0
    callback_requests: int = 0  # handled ones, see purge_handled
    audit_events: int = 0  # past AUDIT_RETENTION_DAYS, see purge_audit

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.conversations + other.conversations, self.messages + other.messages,
                      self.handovers + other.handovers, self.tracker_events + other.tracker_events,
                      self.attached_transcripts + other.attached_transcripts,
                      self.callback_requests + other.callback_requests, self.audit_events + other.audit_events)


def purge(now: datetime, database_url: str, tracker_url: str, retention_days: Optional[int] = None,
          audit_retention_days: Optional[int] = None) -> Counts:
    """Deletes the conversations whose last activity is more than the retention period
    before ``now`` (UTC, without a zone, as the tables store it), and the audit events older
    than the audit log's own retention period."""
    if retention_days is None:
        retention_days = get_settings().transcript_retention_days
    if audit_retention_days is None:
        audit_retention_days = get_settings().audit_retention_days
    cutoff = now - timedelta(days=retention_days)
    sessions = session_factory(database_url)
    with sessions.begin() as session:
        total = Counts(attached_transcripts=delete_attached_transcripts(session, cutoff),
                       callback_requests=purge_handled(session, cutoff),
                       audit_events=audit_log.purge(session, now - timedelta(days=audit_retention_days)))
    while True:
        with sessions.begin() as session:
            ids = list(session.execute(_expired(cutoff).limit(BATCH_SIZE)).scalars())
            if not ids:
                return total
            total += delete_conversations(session, tracker_url, ids, cutoff)


def purge_handled(session: Session, cutoff: datetime) -> int:
    """Deletes requests that were called back before ``cutoff`` (UTC, no zone): a name and a
    phone number are kept no longer than a conversation. Open requests stay until handled."""
    return session.execute(delete(CallbackRequestRow).where(CallbackRequestRow.status == "done",
                                                            CallbackRequestRow.handled_at < cutoff)
                           .execution_options(synchronize_session=False)).rowcount or 0


def _expired(cutoff: datetime):
    """The conversations past their retention period. One shared with an agency's
    appointment goes too: the appointment keeps its own masked copy."""
    return (select(ConversationRow.id).where(ConversationRow.last_activity_at < cutoff)
            .order_by(ConversationRow.last_activity_at))


def delete_attached_transcripts(session: Session, cutoff: datetime) -> int:
    """Deletes the shared copies of appointments that ended before ``cutoff``."""
    ended = select(AppointmentRow.id).where(AppointmentRow.end_at < cutoff)
    return session.execute(delete(AppointmentTranscriptRow)
                           .where(AppointmentTranscriptRow.appointment_id.in_(ended))
                           .execution_options(synchronize_session=False)).rowcount


def delete_conversations(session: Session, tracker: str, ids: Sequence[str],
                         cutoff: Optional[datetime] = None) -> Counts:
    """Deletes these conversations in the caller's transaction and their Rasa events at once;
    with ``cutoff``, only those still inactive since then (one may have woken up meanwhile)."""
    ids = list(ids)
    if cutoff is not None:
        ids = list(session.execute(select(ConversationRow.id).where(
            ConversationRow.id.in_(ids), ConversationRow.last_activity_at < cutoff)).scalars())
    if not ids:
        return Counts()
    messages = _count(session, ConversationMessageRow.conversation_id, ids)
    handovers = _count(session, HandoverRow.conversation_id, ids)
    events = delete_events(tracker, ids)
    deleted = session.execute(delete(ConversationRow).where(ConversationRow.id.in_(ids))
                              .execution_options(synchronize_session=False)).rowcount
    return Counts(deleted, messages, handovers, events)


def _count(session: Session, conversation_column, ids: List[str]) -> int:
    return session.execute(select(func.count()).select_from(conversation_column.table)
                           .where(conversation_column.in_(ids))).scalar() or 0


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, help="the retention period in days (default: TRANSCRIPT_RETENTION_DAYS)")
    args = parser.parse_args(argv)
    if args.days is not None and args.days < 1:
        parser.error("--days must be at least 1")
    settings = get_settings()
    days = args.days or settings.transcript_retention_days
    counts = purge(utcnow(), settings.database_url, tracker_url(settings.database_url), days)
    print(f"purged conversations inactive for more than {days} days: {counts.conversations} conversations, "
          f"{counts.messages} messages, {counts.handovers} handovers, {counts.tracker_events} Rasa events, "
          f"{counts.callback_requests} handled callback requests; "
          f"{counts.attached_transcripts} transcripts shared with appointments that ended more than {days} days ago; "
          f"{counts.audit_events} audit events older than {settings.audit_retention_days} days")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
