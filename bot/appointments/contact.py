"""The contact details of an appointment, from what the resident typed into the form; the
cleaners themselves are in ``bot.forms.fields`` (every form reads a name or e-mail the same)."""
from __future__ import annotations

from bot.appointments.types import Contact
from bot.core import language
from bot.forms.fields import clean_email, clean_name


def contact(name: str, email: str) -> Contact:
    """The name and e-mail address cleaned, or ``InvalidInput`` before anything is stored; the
    conversation's language goes with them, for the appointment's mails."""
    return Contact(clean_name(name), clean_email(email), language=language.current())
