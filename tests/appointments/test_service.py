"""The booking service: bad input stores nothing, the mail goes out with the calendar file,
a failing mail server never loses the booking, and only the right e-mail moves or cancels."""
from __future__ import annotations

from datetime import date, datetime
from email import policy
from email.parser import BytesParser

import pytest
from sqlalchemy import func, select

from bot.appointments.service import BookingService
from bot.appointments.types import AppointmentNotFound, AppointmentStatus
from bot.core.clock import TIMEZONE
from bot.db.models import AppointmentRow
from bot.forms.fields import InvalidInput
from bot.notify.mailer import MailSettings
from tests.support.network import free_port

FRIDAY = date(2026, 11, 27)


def at(hour: int, minute: int = 0, day: date = FRIDAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TIMEZONE)


@pytest.fixture
def outbox_service(scheduler, config, content, tmp_path):
    settings = MailSettings(host=None, outbox=tmp_path / "outbox", sender="noreply@wilgendaal.example")
    return BookingService(scheduler, settings, config=lambda: config, content=lambda: content)


def _mails(folder):
    return [BytesParser(policy=policy.default).parsebytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))]


def count(sessions) -> int:
    with sessions() as session:
        return session.execute(select(func.count()).select_from(AppointmentRow)).scalar_one()


@pytest.mark.parametrize("name, email, field", [
    ("", "a@example.nl", "naam"),
    ("<script>alert(1)</script>", "a@example.nl", "naam"),
    ("Robert'); DROP TABLE appointments;--", "a@example.nl", "naam"),
    ("x" * 500, "a@example.nl", "naam"),
    ("12345", "a@example.nl", "naam"),
    ("Jan", "geen e-mail", "email"),
    ("Jan", "jan@example.nl\r\nBcc: iedereen@example.nl", "email"),
    ("Jan", "<b>jan@example.nl</b>", "email"),
    ("Jan", "jan@" + "x" * 300 + ".nl", "email"),
])
def test_bad_contact_details_store_nothing(outbox_service, sessions, tmp_path, name, email, field):
    with pytest.raises(InvalidInput) as error:
        outbox_service.book("paspoort", "zorgcentrum_de_linde", at(10), name, email)
    assert error.value.field == field
    assert count(sessions) == 0
    assert not (tmp_path / "outbox").exists() or not list((tmp_path / "outbox").iterdir())


def test_booking_writes_the_confirmation_with_calendar_file_to_the_outbox(outbox_service, tmp_path, config):
    booked = outbox_service.book("paspoort", "zorgcentrum_de_linde", at(10), "mijn naam is Fatima El Amrani",
                                 "Fatima@Example.NL")
    assert booked.mail_sent
    assert booked.appointment.name == "Fatima El Amrani" and booked.appointment.email == "Fatima@example.nl"
    [mail] = _mails(tmp_path / "outbox")
    assert mail["To"] == "Fatima@example.nl"
    body = mail.get_body(("plain",)).get_content()
    assert booked.appointment.reference in body
    assert "vrijdag 27 november om 10:00" in body
    assert config.locaties["zorgcentrum_de_linde"].volledig_adres in body
    assert "pasfoto" in body  # what to bring, from the content file
    [ics] = [part for part in mail.iter_attachments() if part.get_content_type() == "text/calendar"]
    calendar = ics.get_content()
    calendar = calendar if isinstance(calendar, str) else calendar.decode()
    assert "DTSTART:20261127T090000Z" in calendar and "Lindelaan 40" in calendar


def test_a_failing_mail_server_never_loses_the_booking(scheduler, config, content, sessions):
    dead = MailSettings(host="127.0.0.1", port=free_port(), timeout_s=2)
    service = BookingService(scheduler, dead, config=lambda: config, content=lambda: content)
    booked = service.book("paspoort", "zorgcentrum_de_linde", at(10), "Jan Jansen", "jan@example.nl")
    assert not booked.mail_sent
    assert count(sessions) == 1
    assert scheduler.details(booked.appointment.reference).status == AppointmentStatus.BOOKED


def test_confirmation_over_real_smtp(scheduler, config, content, smtp_server):
    handler, port = smtp_server()
    service = BookingService(scheduler, MailSettings(host="127.0.0.1", port=port, timeout_s=5,
                                                     sender="noreply@wilgendaal.example"),
                             config=lambda: config, content=lambda: content)
    booked = service.book("rijbewijs", "gemeentehuis", at(9, 15, date(2026, 11, 24)), "Piet Bakker", "piet@example.nl")
    assert booked.mail_sent
    [envelope] = handler.envelopes
    assert envelope.rcpt_tos == ["piet@example.nl"]
    message = BytesParser(policy=policy.default).parsebytes(envelope.original_content)
    assert booked.appointment.reference in message.get_body(("plain",)).get_content()


def test_move_and_cancel_need_the_right_email(outbox_service, scheduler, tmp_path):
    booked = outbox_service.book("paspoort", "zorgcentrum_de_linde", at(10), "Jan Jansen", "jan@example.nl")
    reference = booked.appointment.reference
    for wrong in ("piet@example.nl", "jan@example.com"):
        with pytest.raises(AppointmentNotFound):
            outbox_service.cancel(reference, wrong)
        with pytest.raises(AppointmentNotFound):
            outbox_service.move(reference, wrong, at(11))
    with pytest.raises(AppointmentNotFound):
        outbox_service.cancel("ABCD2345", "jan@example.nl")
    moved = outbox_service.move(reference, "JAN@example.nl", at(11))
    assert moved.appointment.start == at(11)
    cancelled = outbox_service.cancel(reference, "jan@example.nl")
    assert cancelled.appointment.status == AppointmentStatus.CANCELLED
    subjects = [m["Subject"] for m in _mails(tmp_path / "outbox")]
    assert any("verzet" in s for s in subjects) and any("afgezegd" in s for s in subjects)


def test_reminders_go_out_once(outbox_service, scheduler, tmp_path):
    outbox_service.book("paspoort", "zorgcentrum_de_linde", at(10), "Jan Jansen", "jan@example.nl")
    assert outbox_service.send_reminders(FRIDAY) == 1
    assert outbox_service.send_reminders(FRIDAY) == 0
    assert sum("Herinnering" in m["Subject"] for m in _mails(tmp_path / "outbox")) == 1
