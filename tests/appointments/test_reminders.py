"""The daily reminder command: the appointments of the day asked for (or of the configured
number of days ahead) get one reminder mail each, however often it runs."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from email import policy
from email.parser import BytesParser

import pytest

from bot.appointments import reminders
from bot.appointments.service import BookingService
from bot.config.content import get_content
from bot.core import language
from bot.core.clock import TIMEZONE
from bot.notify.mailer import MailSettings
from tests.support.english_mail import english_content

FRIDAY = date(2026, 11, 27)


@pytest.fixture
def service(scheduler, config, content, tmp_path, monkeypatch):
    """The command's booking service on the test's database, mails to an outbox."""
    settings = MailSettings(host=None, outbox=tmp_path / "outbox", sender="noreply@wilgendaal.example")
    booking = BookingService(scheduler, settings, config=lambda: config, content=lambda: content)
    monkeypatch.setattr(reminders, "booking_service", lambda: booking)
    monkeypatch.setattr(reminders, "get_gemeente", lambda: config)
    booking.book("paspoort", "zorgcentrum_de_linde", datetime(2026, 11, 27, 10, 0, tzinfo=TIMEZONE),
                 "Fatima El Amrani", "fatima@example.nl")
    return booking


def test_the_reminders_of_the_day_asked_for_go_out_once(service, tmp_path, capsys):
    assert reminders.main(["--day", FRIDAY.isoformat()]) == 0
    assert capsys.readouterr().out.strip() == "reminders sent for 2026-11-27: 1"
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 2  # the confirmation and the reminder
    assert reminders.main(["--day", FRIDAY.isoformat()]) == 0
    assert capsys.readouterr().out.strip() == "reminders sent for 2026-11-27: 0"
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 2


def test_a_day_without_appointments_sends_nothing(service, capsys):
    assert reminders.main(["--day", (FRIDAY + timedelta(days=3)).isoformat()]) == 0
    assert capsys.readouterr().out.strip() == "reminders sent for 2026-11-30: 0"


def test_without_a_day_the_reminders_are_for_the_configured_days_ahead(service, config, monkeypatch, capsys):
    ahead = config.afspraken.herinnering_dagen_vooraf
    monkeypatch.setattr(reminders, "today", lambda: FRIDAY - timedelta(days=ahead))
    assert reminders.main([]) == 0
    assert capsys.readouterr().out.strip() == "reminders sent for 2026-11-27: 1"


def test_an_english_booking_is_reminded_in_english_by_the_command(service, tmp_path, capsys):
    with language.using("en"):
        service.book("paspoort", "zorgcentrum_de_linde", datetime(2026, 11, 27, 11, 0, tzinfo=TIMEZONE),
                     "Noor Bakker", "noor@example.nl")
    english = english_content(tmp_path / "content")
    service.content = lambda: get_content(english)
    assert reminders.main(["--day", FRIDAY.isoformat()]) == 0
    assert capsys.readouterr().out.strip() == "reminders sent for 2026-11-27: 2"
    mails = [BytesParser(policy=policy.default).parsebytes(p.read_bytes()) for p in (tmp_path / "outbox").glob("*.eml")]
    subjects = {m["To"]: m["Subject"] for m in mails if "eminder" in m["Subject"] or "Herinnering" in m["Subject"]}
    assert subjects == {"noor@example.nl": "Reminder: your appointment on Friday 27 November at 11:00",
                        "fatima@example.nl": "Herinnering: uw afspraak op vrijdag 27 november om 10:00"}
