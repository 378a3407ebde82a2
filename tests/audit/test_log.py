"""The audit log: events come back newest first and filtered, never hold a text, export as
CSV that a spreadsheet cannot run, and go after their own retention period (``make purge``)."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest

from bot.audit import log as audit
from bot.conversations.retention import purge
from bot.conversations.tracker_events import tracker_store_url
from bot.core.settings import get_settings

NOW = datetime(2026, 12, 6, 12, 0)


def test_events_come_back_newest_first_and_filtered(sessions):
    with sessions.begin() as session:
        audit.record(session, audit.STAFF, "jan", "take", object_type="conversation", object_id="c1",
                     origin="10.0.0.1", at=NOW - timedelta(hours=2))
        audit.record(session, audit.STAFF, "anna", "transcript_view", object_type="conversation", object_id="c1",
                     at=NOW - timedelta(hours=1))
        audit.record(session, audit.UNKNOWN, "piet", "login_failed", result=audit.REFUSED, at=NOW)
    with sessions.begin() as session:
        assert [e.actor for e in audit.search(session)] == ["piet", "anna", "jan"]
        assert [e.action for e in audit.search(session, object_id="c1")] == ["transcript_view", "take"]
        assert [e.actor for e in audit.search(session, result=audit.REFUSED)] == ["piet"]
        assert [e.actor for e in audit.search(session, since=NOW - timedelta(minutes=90), until=NOW)] == ["anna"]
        assert len(audit.search(session, limit=1)) == 1


@pytest.mark.parametrize("details", [{"text": "mijn bsn is 111222333"}, {"summary": "x"}, {"note": "y"},
                                     {"reason": "a" * 65}, {"list": ["not", "plain"]}])
def test_the_log_refuses_anything_that_could_carry_a_text(sessions, details):
    with sessions.begin() as session:
        with pytest.raises(audit.AuditError):
            audit.record(session, audit.STAFF, "jan", "message", details=details)


def test_the_csv_has_a_header_and_defuses_formulas(sessions):
    with sessions.begin() as session:
        audit.record(session, audit.STAFF, "=HYPERLINK(1)", "login", at=NOW)
        found = audit.search(session)
    rows = list(csv.reader(io.StringIO(audit.as_csv(found))))
    assert rows[0] == list(audit.CSV_COLUMNS)
    assert rows[1][3] == "'=HYPERLINK(1)" and rows[1][1] == "2026-12-06T12:00:00Z"


def test_audit_events_have_their_own_retention_of_one_year_in_the_purge(sessions, database_url, monkeypatch):
    monkeypatch.delenv("AUDIT_RETENTION_DAYS", raising=False)
    get_settings.cache_clear()
    assert get_settings().audit_retention_days == 365
    with sessions.begin() as session:
        audit.record(session, audit.STAFF, "old", "login", at=NOW - timedelta(days=366))
        audit.record(session, audit.STAFF, "kept", "login", at=NOW - timedelta(days=364))
    counts = purge(NOW, database_url, tracker_store_url(database_url), retention_days=30)
    assert counts.audit_events == 1
    with sessions.begin() as session:
        assert [e.actor for e in audit.search(session)] == ["kept"]
    assert purge(NOW, database_url, tracker_store_url(database_url), 30, audit_retention_days=1).audit_events == 1
