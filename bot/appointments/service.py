"""The thin layer between the conversation and a booking backend: book, move, cancel.

It checks what the resident typed, lets the backend do the booking, and then sends the
e-mail with the calendar file. The booking is committed before any mail is attempted, so a
failing mail server never loses an appointment: the chat still shows the reference.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable, Dict, Optional

from bot.appointments.backend import AGENCIES, BookingBackend, create_backend, registered
from bot.appointments.contact import contact
from bot.appointments.database import DatabaseScheduler
from bot.appointments.ics import appointment_ics
from bot.appointments.types import Appointment, AppointmentNotFound, Booked
from bot.config.content import Content, get_content, render
from bot.config.facts import base_facts
from bot.config.gemeente import WEEKDAYS, GemeenteConfig, get_gemeente
from bot.core import language
from bot.core.formatting import day_and_date, local_word
from bot.core.settings import get_settings
from bot.forms.fields import clean_email
from bot.notify.mailer import Mail, MailError, MailSettings, deliver

logger = logging.getLogger(__name__)


def when_text(moment: datetime) -> str:
    """``dinsdag 24 november om 10:15`` (``Tuesday 24 November at 10:15`` in English)."""
    return f"{day_and_date(moment, WEEKDAYS)} {local_word('om')} {moment:%H:%M}"


def mail_settings_from(settings) -> MailSettings:
    return MailSettings(host=settings.smtp_host or None, port=settings.smtp_port,
                        username=settings.smtp_username or None, password=settings.smtp_password or None,
                        starttls=settings.smtp_starttls, sender=settings.mail_from, outbox=settings.outbox_dir)


@dataclass
class BookingService:
    backend: BookingBackend
    mail: MailSettings
    config: Callable[[], GemeenteConfig] = get_gemeente
    content: Callable[[], Content] = get_content
    agencies: Optional[BookingBackend] = None  # moves the appointments with agency employees (spreekuur)

    def book(self, product: str, location: str, start: datetime, name: str, email: str) -> Booked:
        who = contact(name, email)  # InvalidInput before anything is stored
        appointment = self.backend.book(product, location, start, who)
        return Booked(appointment, self._send(appointment, "bevestiging"))

    def send_confirmation(self, appointment: Appointment) -> bool:
        """The confirmation mail of an appointment booked elsewhere (with an agency)."""
        return self._send(appointment, "bevestiging")

    def find(self, reference: str, email: str) -> Appointment:
        """The appointment when the e-mail matches; the same error when either is wrong."""
        found = self.backend.details(reference)
        if found is None or (found.email or "").lower() != clean_email(email).lower():
            raise AppointmentNotFound(reference)
        return found

    def move(self, reference: str, email: str, start: datetime) -> Booked:
        found = self.find(reference, email)
        spreekuur = self.config().spreekuur
        if self.agencies is not None and spreekuur is not None and found.product == spreekuur.code:
            appointment = self.agencies.move(reference, start)
        else:
            appointment = self.backend.move(reference, start)
        return Booked(appointment, self._send(appointment, "verzet", language.current()))  # the chat's language

    def cancel(self, reference: str, email: str) -> Booked:
        self.find(reference, email)
        appointment = self.backend.cancel(reference)
        return Booked(appointment, self._send(appointment, "geannuleerd", language.current()))

    def send_reminders(self, day: date) -> int:
        """Reminder mails for the appointments on that day, each in the language it was booked in;
        each one at most once."""
        sent = 0
        for appointment in self.backend.due_reminders(day):
            if self._send(appointment, "herinnering"):
                self.backend.mark_reminded(appointment.reference)
                sent += 1
        return sent

    # -- texts ----------------------------------------------------------------------------------
    def facts(self, appointment: Appointment) -> Dict[str, Optional[str]]:
        config, content = self.config(), self.content()
        location = config.locaties[appointment.location]
        return {
            **base_facts(config),
            "afspraak.referentie": appointment.reference,
            "afspraak.product": content.fact(config.product_naam(appointment.product)),
            "afspraak.wanneer": when_text(appointment.start),
            "afspraak.locatie": content.fact(location.naam),
            "afspraak.adres": location.volledig_adres,
            "afspraak.meenemen": content.bring_for(appointment.product),
        }

    def calendar_file(self, appointment: Appointment, description: str = "") -> bytes:
        """The appointment as an .ics file, for the mail and for download in the chat."""
        facts = self.facts(appointment)
        return appointment_ics(appointment, summary=render(self.content().text("mail", "agenda"), facts),
                               location_text=f"{facts['afspraak.locatie']}, {facts['afspraak.adres']}",
                               description=description, organizer_email=self.mail.sender,
                               language=language.current())

    def _send(self, appointment: Appointment, kind: str, in_language: Optional[str] = None) -> bool:
        """The mail of this kind with the calendar file, in ``in_language`` (the conversation's, when a
        resident moves or cancels in the chat), else in the appointment's own (a reminder, from cron)."""
        with language.using(in_language or appointment.language):
            return self._deliver(appointment, kind)

    def _deliver(self, appointment: Appointment, kind: str) -> bool:
        if not appointment.email:
            return False
        content = self.content()
        facts = self.facts(appointment)
        subject = render(content.text("mail", kind, "onderwerp"), facts)
        body = render(content.text("mail", kind, "tekst"), facts)
        ics = self.calendar_file(appointment, body)
        try:
            deliver(Mail(appointment.email, subject, body, ((calendar_file_name(content), "text/calendar", ics),)), self.mail)
            return True
        except MailError as error:
            logger.error("Mail for appointment %s not sent: %s", appointment.reference, error)
            return False


def calendar_file_name(content: Content) -> str:
    """The calendar file's name in the mail (``afspraak.ics``; the English content names its own)."""
    return content.text("mail", "bestand") if content.has("mail", "bestand") else "afspraak.ics"


def booking_service() -> BookingService:
    """The service as the settings describe it: the chosen backend and mail server, and the
    agency backend when the agencies feature registered one (its appointments live in the database)."""
    settings = get_settings()
    backend = create_backend(settings.booking_backend)
    agencies = None
    if isinstance(backend, DatabaseScheduler) and AGENCIES in registered():
        agencies = create_backend(AGENCIES)
    return BookingService(backend, mail_settings_from(settings), agencies=agencies)
