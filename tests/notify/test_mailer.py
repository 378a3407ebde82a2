"""Confirmation mails: the calendar file is valid iCalendar with the right UTC times, and the
mailer really delivers over SMTP (to an aiosmtpd server on loopback), falls back to an outbox
folder, fails loudly on SMTP errors and refuses anything that could inject headers."""
from __future__ import annotations

import re
import socket
import threading
import time
from datetime import datetime, timedelta, timezone
from email import policy
from email.parser import BytesParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.appointments.ics import appointment_ics
from bot.appointments.types import Appointment, AppointmentStatus
from bot.notify.mailer import Mail, MailError, MailSettings, build_message, deliver
from tests.support.network import free_port
from tests.support.smtp import SECRET

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)
SUBJECT = "Bevestiging afspraak: één paspoort, café De Geëerde Ü"
BODY = "Beste inwoner,\n\nUw afspraak is geboekt. Tot ziens bij de balie — ’s ochtends.\nGroet, gemeente\n"


def make_appointment(start: datetime, minutes: int = 15, status=AppointmentStatus.BOOKED) -> Appointment:
    return Appointment(
        reference="AB12CD",
        product="paspoort",
        location="balie",
        start=start,
        end=start + timedelta(minutes=minutes),
        name="Zoë de Vries",
        email="zoe@example.nl",
        phone=None,
        status=status,
        created_at=NOW,
    )


def make_ics(appointment=None, *, description="Neem uw oude paspoort mee.",
             summary="Afspraak paspoort") -> bytes:
    appointment = appointment or make_appointment(datetime(2026, 12, 1, 9, 30, tzinfo=AMS))
    return appointment_ics(
        appointment,
        summary=summary,
        location_text="Stadhuis, Markt 1, Wilgendaal",
        description=description,
        organizer_email="noreply@gemeente.example",
        now=NOW,
    )


# --- a small independent iCalendar reader -------------------------------------------------


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n"), "the file must end with CRLF"
    lines = data.split(b"\r\n")[:-1]
    for line in lines:
        assert b"\n" not in line and b"\r" not in line, f"bare line break in {line!r}"
    return lines


def unfold(data: bytes) -> list[str]:
    logical: list[bytes] = []
    for line in physical_lines(data):
        if line[:1] in (b" ", b"\t"):
            assert logical, "a file cannot start with a continuation line"
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return [line.decode("utf-8") for line in logical]


def props(data: bytes) -> dict[str, str]:
    """Name -> raw value of the content lines (names are unique in what this module writes)."""
    found = {}
    for line in unfold(data):
        name_part, _, value = line.partition(":")
        found[name_part.split(";")[0]] = value
    return found


def unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


# --- ics ----------------------------------------------------------------------------------


def test_calendar_has_one_event_with_balanced_components():
    lines = unfold(make_ics())
    stack, events = [], 0
    for line in lines:
        if line.startswith("BEGIN:"):
            stack.append(line[6:])
            events += line == "BEGIN:VEVENT"
        elif line.startswith("END:"):
            assert stack and stack.pop() == line[4:], f"unbalanced {line}"
    assert stack == [] and events == 1
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    found = props(make_ics())
    assert found["VERSION"] == "2.0"
    assert found["PRODID"] == "-//gemeente-assistent//NL"
    assert found["UID"] == "AB12CD@gemeente.example"
    assert found["DTSTAMP"] == "20261123T100000Z"
    assert found["STATUS"] == "CONFIRMED"
    assert found["METHOD"] == "REQUEST"
    assert found["SEQUENCE"] == "0"
    assert unescape(found["SUMMARY"]) == "Afspraak paspoort"
    assert unescape(found["LOCATION"]) == "Stadhuis, Markt 1, Wilgendaal"


@pytest.mark.parametrize(
    "local, start_utc, end_utc",
    [
        (datetime(2026, 12, 1, 9, 30), "20261201T083000Z", "20261201T084500Z"),  # winter, UTC+1
        (datetime(2026, 7, 1, 9, 30), "20260701T073000Z", "20260701T074500Z"),  # summer, UTC+2
        (datetime(2026, 3, 29, 9, 30), "20260329T073000Z", "20260329T074500Z"),  # day DST starts
        (datetime(2026, 10, 24, 23, 50), "20261024T215000Z", "20261024T220500Z"),  # across midnight
    ],
)
def test_times_are_converted_to_utc(local, start_utc, end_utc):
    found = props(make_ics(make_appointment(local.replace(tzinfo=AMS))))
    assert found["DTSTART"] == start_utc
    assert found["DTEND"] == end_utc


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        make_ics(make_appointment(datetime(2026, 12, 1, 9, 30)))


def test_text_special_characters_are_escaped_and_read_back():
    text = 'Meenemen: paspoort, rijbewijs; foto\\pasfoto\nen "uittreksel"'
    data = make_ics(description=text)
    raw = props(data)["DESCRIPTION"]
    assert raw == 'Meenemen: paspoort\\, rijbewijs\\; foto\\\\pasfoto\\nen "uittreksel"'
    assert unescape(raw) == text


def test_long_dutch_text_is_folded_within_75_octets_and_unfolds_to_the_original():
    text = ("Geëerde inwoner, uw afspraak voor één paspoort is bevestigd. Café, coördinatie, "
            "ideeën en reünie: € 3,50 per kopie. ") * 6
    data = make_ics(description=text)
    lines = physical_lines(data)
    assert any(line.startswith(b" ") for line in lines), "the long text must be folded"
    for line in lines:
        assert len(line) <= 75, f"{len(line)} octets: {line!r}"
        line.decode("utf-8")  # each physical line on its own: no character was split
    assert unescape(props(data)["DESCRIPTION"]) == text


@pytest.mark.parametrize("padding", range(4))
def test_multibyte_characters_on_the_fold_boundary_are_not_split(padding):
    text = "x" * padding + "é€ë" * 40
    data = make_ics(description=text)
    for line in physical_lines(data):
        assert len(line) <= 75
        line.decode("utf-8")
    assert unescape(props(data)["DESCRIPTION"]) == text


def test_cancelled_appointment_cancels_the_event():
    cancelled = make_appointment(datetime(2026, 12, 1, 9, 30, tzinfo=AMS), status=AppointmentStatus.CANCELLED)
    found = props(make_ics(cancelled))
    assert found["STATUS"] == "CANCELLED"
    assert found["METHOD"] == "CANCEL"
    assert found["UID"] == "AB12CD@gemeente.example"


# --- a real SMTP server on loopback -------------------------------------------------------


def smtp_settings(port: int, **extra) -> MailSettings:
    return MailSettings(host="127.0.0.1", port=port, timeout_s=5.0, **extra)


def calendar_mail(to: str = "inwoner@example.nl", subject: str = SUBJECT) -> Mail:
    calendar = ("afspraak.ics", "text/calendar", make_ics())
    return Mail(to=to, subject=subject, text=BODY, attachments=(calendar,))


def parse(raw: bytes):
    return BytesParser(policy=policy.default).parsebytes(raw)


def assert_same_mail(message, sent: Mail, settings: MailSettings):
    assert message["To"] == sent.to
    assert message["From"] == settings.sender
    assert message["Subject"] == sent.subject
    assert message["Date"] and message["Message-ID"]
    body = message.get_body(("plain",)).get_content()
    assert body.replace("\r\n", "\n") == sent.text
    attachments = list(message.iter_attachments())
    assert len(attachments) == 1
    part = attachments[0]
    assert part.get_filename() == "afspraak.ics"
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    assert part.get_payload(decode=True) == sent.attachments[0][2]


def test_mail_with_calendar_file_arrives_intact_over_smtp(smtp_server):
    handler, port = smtp_server()
    settings = smtp_settings(port)
    sent = calendar_mail()
    assert deliver(sent, settings) == "smtp"
    assert len(handler.envelopes) == 1
    envelope = handler.envelopes[0]
    assert envelope.rcpt_tos == ["inwoner@example.nl"]
    assert envelope.mail_from == settings.sender
    assert_same_mail(parse(envelope.content), sent, settings)


def test_login_with_the_right_password_delivers(smtp_server):
    handler, port = smtp_server(auth=True)
    assert deliver(calendar_mail(), smtp_settings(port, username="balie", password=SECRET)) == "smtp"
    assert len(handler.envelopes) == 1


def test_refused_login_raises_without_revealing_the_password(smtp_server):
    handler, port = smtp_server(auth=True)
    settings = smtp_settings(port, username="balie", password=SECRET + "-oud")
    with pytest.raises(MailError, match="login refused") as error:
        deliver(calendar_mail(), settings)
    assert SECRET not in str(error.value) and SECRET not in repr(error.value)
    assert handler.envelopes == []


def test_password_is_not_in_the_settings_repr():
    settings = MailSettings(host="smtp.example.nl", username="balie", password=SECRET)
    assert SECRET not in repr(settings)
    assert SECRET not in str(settings)


def test_nothing_listening_fails_quickly():
    settings = MailSettings(host="127.0.0.1", port=free_port(), timeout_s=2.0, password=SECRET)
    started = time.monotonic()
    with pytest.raises(MailError, match="cannot reach") as error:
        deliver(calendar_mail(), settings)
    assert time.monotonic() - started < 2.0
    assert SECRET not in str(error.value)


def test_silent_server_times_out():
    with socket.socket() as silent:  # accepts connections (backlog) but never greets
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        settings = MailSettings(host="127.0.0.1", port=silent.getsockname()[1], timeout_s=0.5)
        outcome = []

        def attempt():  # in a thread, so a missing timeout fails this test instead of hanging it
            try:
                deliver(calendar_mail(), settings)
            except MailError as error:
                outcome.append(error)

        worker = threading.Thread(target=attempt, daemon=True)
        worker.start()
        worker.join(3.0)
        assert not worker.is_alive(), "deliver() did not give up within its timeout"
    assert len(outcome) == 1 and re.search("timed out|no answer", str(outcome[0]))


def test_refused_recipient_raises(smtp_server):
    handler, port = smtp_server(refuse=True)
    with pytest.raises(MailError, match="550"):
        deliver(calendar_mail(), smtp_settings(port))
    assert handler.envelopes == []


# --- outbox -------------------------------------------------------------------------------


@pytest.mark.parametrize("host", [None, ""])
def test_without_a_host_the_mail_is_written_to_the_outbox(tmp_path, host):
    outbox = tmp_path / "var" / "outbox"  # does not exist yet
    settings = MailSettings(host=host, outbox=outbox)
    sent = calendar_mail()
    written = Path(deliver(sent, settings))
    assert written.parent == outbox and written.suffix == ".eml"
    assert "inwoner_at_example.nl" in written.name
    assert_same_mail(parse(written.read_bytes()), sent, settings)


def test_outbox_files_do_not_overwrite_each_other(tmp_path):
    settings = MailSettings(host=None, outbox=tmp_path)
    first = deliver(calendar_mail(), settings)
    second = deliver(calendar_mail(), settings)
    assert first != second
    assert len(list(tmp_path.glob("*.eml"))) == 2


# --- header injection and bad addresses ---------------------------------------------------

BAD_MAILS = [
    calendar_mail(to="inwoner@example.nl\r\nBcc: slachtoffer@example.com"),
    calendar_mail(to="inwoner@example.nl\nBcc: slachtoffer@example.com"),
    calendar_mail(subject="Uw afspraak\r\nBcc: slachtoffer@example.com"),
    calendar_mail(subject="Uw afspraak\nX-Injected: ja"),
    calendar_mail(to="geen-adres"),
    calendar_mail(to="inwoner@localhost"),
    calendar_mail(to="twee@@example.nl"),
    calendar_mail(to="a@example.nl, b@example.com"),
    calendar_mail(to="met spatie@example.nl"),
    calendar_mail(to=""),
    calendar_mail(to=None),
]


@pytest.mark.parametrize("bad", BAD_MAILS, ids=lambda mail: repr(f"{mail.to}|{mail.subject[:20]}"))
def test_injection_and_invalid_addresses_are_refused_before_anything_happens(bad, smtp_server, tmp_path):
    handler, port = smtp_server()
    with pytest.raises(MailError):
        deliver(bad, smtp_settings(port))
    assert handler.envelopes == []

    outbox = tmp_path / "outbox"
    with pytest.raises(MailError):
        deliver(bad, MailSettings(host=None, outbox=outbox))
    assert not outbox.exists()

    with pytest.raises(MailError):
        build_message(bad, MailSettings(host=None))
