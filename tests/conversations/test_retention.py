"""Privacy (AVG): conversations past the retention period disappear with their messages,
handovers and Rasa's events; recent ones stay. Both databases are temporary SQLite files,
laid out as ``bot.cli.run`` lays them out (Rasa's ``rasa-tracker.db`` beside ours)."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from bot.conversations import retention, transcript
from bot.conversations.retention import Counts, purge
from bot.conversations.tracker_events import delete_events, tracker_store_url
from bot.conversations.types import FileAttachment, Sender
from bot.core.settings import PROJECT_ROOT, get_settings
from bot.db.engine import session_factory
from bot.db.migrate import upgrade
from bot.db.models import ConversationMessageRow, ConversationRow, HandoverRow
from bot.handover import takeover as handover
from tests.support.tracker_store import add_events, events_of, make_tracker

NOW = datetime(2026, 11, 23, 3, 0)


@pytest.fixture
def databases(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'gemeente.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("TRACKER_STORE_URL", raising=False)
    monkeypatch.delenv("TRANSCRIPT_RETENTION_DAYS", raising=False)
    get_settings.cache_clear()
    upgrade(url)
    yield url, tracker_store_url(url)
    get_settings.cache_clear()


def conversation(url: str, tracker: str, inactive_days: float, messages: int = 2, events: int = 3,
                 handover_too: bool = False) -> str:
    """A conversation whose last activity was ``inactive_days`` before NOW."""
    with session_factory(url).begin() as session:
        conversation_id, _ = transcript.create_conversation(session)
        for number in range(messages):
            transcript.append(session, conversation_id, Sender.RESIDENT, f"bericht {number}")
        if handover_too:
            handover.request_person(session, conversation_id, "paspoort")
        session.execute(update(ConversationRow).where(ConversationRow.id == conversation_id)
                        .values(last_activity_at=NOW - timedelta(days=inactive_days)))
    if Path(tracker.split("///", 1)[1]).exists():
        add_events(tracker, conversation_id, events)
    return conversation_id


def rows(url: str, model, conversation_id: str) -> int:
    column = model.id if model is ConversationRow else model.conversation_id
    with session_factory(url).begin() as session:
        return session.execute(select(func.count()).select_from(model).where(column == conversation_id)).scalar()


def test_old_conversations_go_with_everything_and_recent_ones_stay(databases):
    url, tracker = databases
    make_tracker(tracker)
    old = conversation(url, tracker, 91, messages=2, events=3, handover_too=True)
    older = conversation(url, tracker, 400, messages=1, events=4)
    recent = conversation(url, tracker, 89, messages=3, events=5, handover_too=True)

    counts = purge(NOW, url, tracker)

    assert counts == Counts(conversations=2, messages=3, handovers=1, tracker_events=7)
    for gone in (old, older):
        assert [rows(url, model, gone) for model in (ConversationRow, ConversationMessageRow, HandoverRow)] == [0, 0, 0]
        assert events_of(tracker, gone) == 0
    assert [rows(url, model, recent) for model in (ConversationRow, ConversationMessageRow, HandoverRow)] == [1, 3, 1]
    assert events_of(tracker, recent) == 5
    assert purge(NOW, url, tracker) == Counts()


def test_a_calendar_file_goes_with_its_purged_conversation(databases):
    url, tracker = databases
    calendar = FileAttachment("afspraak.ics", "text/calendar", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    old, recent = conversation(url, tracker, 91, messages=1), conversation(url, tracker, 10, messages=1)
    with session_factory(url).begin() as session:
        for conversation_id in (old, recent):
            transcript.append(session, conversation_id, Sender.BOT, "", attachment=calendar)
        session.execute(update(ConversationRow).where(ConversationRow.id == old)
                        .values(last_activity_at=NOW - timedelta(days=91)))

    assert purge(NOW, url, tracker) == Counts(conversations=1, messages=2)

    with session_factory(url).begin() as session:
        files = session.execute(select(ConversationMessageRow.conversation_id)
                                .where(ConversationMessageRow.attachment.is_not(None))).scalars().all()
        assert files == [recent]
        assert transcript.attachment_of(session, old, 2) is None
        assert transcript.attachment_of(session, recent, 2) == calendar


def test_the_retention_period_comes_from_the_setting(databases, monkeypatch):
    url, tracker = databases
    monkeypatch.setenv("TRANSCRIPT_RETENTION_DAYS", "30")
    get_settings.cache_clear()
    month_old = conversation(url, tracker, 31)
    fresh = conversation(url, tracker, 29)
    assert get_settings().transcript_retention_days == 30
    assert purge(NOW, url, tracker).conversations == 1
    assert (rows(url, ConversationRow, month_old), rows(url, ConversationRow, fresh)) == (0, 1)


def test_without_rasas_table_or_file_the_purge_skips_it_quietly(databases):
    url, tracker = databases
    tracker_file = Path(tracker.split("///", 1)[1])
    old = conversation(url, tracker, 100)
    assert purge(NOW, url, tracker) == Counts(conversations=1, messages=2, handovers=0, tracker_events=0)
    assert not tracker_file.exists()  # not created either
    sqlite3.connect(tracker_file).close()  # a file without the table
    assert delete_events(tracker, [old]) == 0


def test_purging_works_in_batches(databases, monkeypatch):
    url, tracker = databases
    make_tracker(tracker)
    monkeypatch.setattr(retention, "BATCH_SIZE", 2)
    old = [conversation(url, tracker, 120, messages=1, events=1) for _ in range(5)]
    assert purge(NOW, url, tracker) == Counts(5, 5, 0, 5)
    assert sum(rows(url, ConversationRow, gone) for gone in old) == 0


def test_the_command_prints_the_counts(databases, tmp_path):
    url, tracker = databases
    make_tracker(tracker)
    long_ago = datetime.utcnow() - timedelta(days=200)
    old = conversation(url, tracker, (NOW - long_ago).total_seconds() / 86400, messages=2, events=2)
    kept = conversation(url, tracker, (NOW - datetime.utcnow()).total_seconds() / 86400, messages=1)
    result = subprocess.run([sys.executable, "-m", "bot.conversations.retention"], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, timeout=120, env={"PATH": "/usr/bin:/bin", "DATABASE_URL": url,
                                                         "SQLALCHEMY_SILENCE_UBER_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    assert "1 conversations, 2 messages, 0 handovers, 2 Rasa events" in result.stdout
    assert (rows(url, ConversationRow, old), rows(url, ConversationRow, kept)) == (0, 1)


def test_the_command_refuses_a_retention_of_zero_days(databases, capsys):
    with pytest.raises(SystemExit):
        retention.main(["--days", "0"])
    assert "at least 1" in capsys.readouterr().err
