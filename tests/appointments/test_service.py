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
from bot.config.content import get_content
from bot.core import language
from bot.core.clock import TIMEZONE
from bot.db.models import AppointmentRow
from bot.forms.fields import InvalidInput
from bot.notify.mailer import MailSettings
from tests.support.english_mail import DUTCH_WORDS, english_content
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


@pytest.fixture
def english_service(scheduler, config, tmp_path):
    """Mails to an outbox, texts from a small English content file beside the Dutch one."""
    path = english_content(tmp_path / "content")
    settings = MailSettings(host=None, outbox=tmp_path / "outbox", sender="noreply@wilgendaal.example")
    return BookingService(scheduler, settings, config=lambda: config, content=lambda: get_content(path))


def _texts(mail) -> str:
    [ics] = [part for part in mail.iter_attachments() if part.get_content_type() == "text/calendar"]
    calendar = ics.get_content()
    calendar = calendar if isinstance(calendar, str) else calendar.decode()
    return "\n".join([mail["Subject"], mail.get_body(("plain",)).get_content(), calendar.replace("\r\n ", ""),
                      ics.get_filename()])


def test_a_booking_in_english_gets_its_mail_and_calendar_file_in_english(english_service, tmp_path):
    with language.using("en"):
        booked = english_service.book("paspoort", "zorgcentrum_de_linde", at(10), "Jan Jansen", "jan@example.nl")
    assert booked.appointment.language == "en"
    [mail] = _mails(tmp_path / "outbox")
    texts = _texts(mail)
    assert "Friday 27 November at 10:00" in texts and "passport" in texts and "SUMMARY:Appointment passport" in texts
    assert "Bring: your old passport" in texts and "appointment.ics" in texts and "PRODID:-//gemeente-assistent//EN" in texts
    assert [word for word in DUTCH_WORDS if word in texts] == []


def test_a_booking_in_dutch_keeps_its_dutch_mail_beside_the_english_file(english_service, tmp_path):
    booked = english_service.book("paspoort", "zorgcentrum_de_linde", at(10), "Jan Jansen", "jan@example.nl")
    assert booked.appointment.language == "nl"
    [mail] = _mails(tmp_path / "outbox")
    texts = _texts(mail)
    assert "vrijdag 27 november om 10:00" in texts and "pasfoto" in texts and "afspraak.ics" in texts


def test_a_reminder_is_written_in_the_language_of_the_booking_whatever_runs_it(english_service, tmp_path):
    with language.using("en"):
        english_service.book("paspoort", "zorgcentrum_de_linde", at(10), "Jan Jansen", "jan@example.nl")
    english_service.book("rijbewijs", "gemeentehuis", at(11), "Piet Bakker", "piet@example.nl")
    assert english_service.send_reminders(FRIDAY) == 2  # run outside any conversation: Dutch is current
    reminders = {m["To"]: _texts(m) for m in _mails(tmp_path / "outbox") if "eminder" in m["Subject"]
                 or "Herinnering" in m["Subject"]}
    assert reminders["jan@example.nl"].startswith("Reminder: your appointment on Friday 27 November at 10:00")
    assert [word for word in DUTCH_WORDS if word in reminders["jan@example.nl"]] == []
    assert reminders["piet@example.nl"].startswith("Herinnering: uw afspraak op vrijdag 27 november om 11:00")


def test_moving_in_an_english_chat_writes_the_mail_in_english(english_service, tmp_path):
    booked = english_service.book("paspoort", "zorgcentrum_de_linde", at(10), "Jan Jansen", "jan@example.nl")
    with language.using("en"):
        english_service.move(booked.appointment.reference, "jan@example.nl", at(11))
    moved = [m for m in _mails(tmp_path / "outbox") if "moved" in m["Subject"]]
    assert [m["Subject"] for m in moved] == ["Your appointment was moved to Friday 27 November at 11:00"]


def test_an_appointment_moved_in_an_english_chat_is_reminded_in_english(english_service, tmp_path):
    booked = english_service.book("paspoort", "zorgcentrum_de_linde", at(10), "Jan Jansen", "jan@example.nl")
    with language.using("en"):
        moved = english_service.move(booked.appointment.reference, "jan@example.nl", at(11))
    assert moved.appointment.language == "en"
    assert english_service.send_reminders(FRIDAY) == 1
    assert [m["Subject"] for m in _mails(tmp_path / "outbox") if "Reminder" in m["Subject"]] == [
        "Reminder: your appointment on Friday 27 November at 11:00"]
