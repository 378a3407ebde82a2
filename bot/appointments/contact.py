"""Checks what a resident types for an appointment: name, e-mail, reference code.

Only what is needed is asked (AVG): a name and an e-mail address. Input that is not a name
(HTML, SQL, digits, a whole paragraph) is refused with the reason, before anything is stored.
"""
from __future__ import annotations

import re
from typing import Optional

from bot.core import phone
from bot.appointments.database import REFERENCE_ALPHABET, REFERENCE_LENGTH
from bot.appointments.types import Contact, InvalidContact

NAME_MAX = 100
EMAIL_MAX = 254
_NAME = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-ž][A-Za-zÀ-ÖØ-öø-ÿĀ-ž .'’-]*$")
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")
_NAME_PREFIX = re.compile(r"^(?:mijn naam is|ik heet|ik ben|naam:?)\s+", re.IGNORECASE)
_EMAIL_PREFIX = re.compile(r"^(?:mijn (?:e-?mail(?:adres)?|mail) is|e-?mail(?:adres)?:?)\s+", re.IGNORECASE)


def clean_name(text: str) -> str:
    name = _NAME_PREFIX.sub("", re.sub(r"\s+", " ", text or "").strip()).strip(" .")
    if not name:
        raise InvalidContact("naam", "empty")
    if len(name) > NAME_MAX:
        raise InvalidContact("naam", "too_long")
    if len(name) < 2 or not _NAME.match(name) or len(name.split()) > 8:
        raise InvalidContact("naam", "not_a_name")
    return name


def clean_email(text: str) -> str:
    address = _EMAIL_PREFIX.sub("", (text or "").strip()).strip(" .<>")
    if not address:
        raise InvalidContact("email", "empty")
    if len(address) > EMAIL_MAX or not _EMAIL.match(address):
        raise InvalidContact("email", "not_an_email")
    local, domain = address.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def clean_phone(text: str) -> str:
    """A Dutch phone number as ten digits (``0612345678``): see ``bot.core.phone``."""
    try:
        return phone.clean_phone(text)
    except phone.InvalidPhone as refused:
        raise InvalidContact("telefoon", refused.reason) from None


def clean_email_or_phone(text: str) -> Contact:
    """The way to reach the resident: an e-mail address when the text has an @, else a phone
    number (the name is filled in by the caller)."""
    if "@" in (text or ""):
        return Contact("", email=clean_email(text))
    return Contact("", phone=clean_phone(text))


def clean_reference(text: str) -> Optional[str]:
    """The reference code in what the resident typed ("mijn code is abcd-2345"), or None."""
    for token in re.findall(r"[A-Za-z0-9-]{6,12}", text or ""):
        candidate = token.replace("-", "").upper()
        if len(candidate) == REFERENCE_LENGTH and all(c in REFERENCE_ALPHABET for c in candidate) \
                and any(c.isdigit() for c in candidate):
            return candidate
    return None


def contact(name: str, email: str) -> Contact:
    return Contact(clean_name(name), clean_email(email))
