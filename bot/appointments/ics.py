"""An appointment as an iCalendar file (RFC 5545), so residents can add it to their agenda.

Written by hand rather than with a library: one event, a handful of properties, and the
three details that usually go wrong are handled explicitly — UTC times, text escaping and
folding long lines without breaking UTF-8 characters.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import List, Optional

from bot.appointments.types import Appointment, AppointmentStatus

PRODID = "-//gemeente-assistent//{language}"  # RFC 5545: the language of the texts
CRLF = b"\r\n"
MAX_OCTETS = 75


def appointment_ics(
    appointment: Appointment,
    *,
    summary: str,
    location_text: str,
    description: str,
    organizer_email: str,
    now: Optional[datetime] = None,
    language: str = "nl",
) -> bytes:
    """One VEVENT in a VCALENDAR; a cancelled appointment becomes a CANCEL so agendas drop it."""
    cancelled = appointment.status == AppointmentStatus.CANCELLED
    stamp = now if now is not None else datetime.now(timezone.utc)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID.format(language=language.upper())}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if cancelled else 'REQUEST'}",
        "BEGIN:VEVENT",
        f"UID:{_escape(appointment.reference)}@{_domain(organizer_email)}",
        f"DTSTAMP:{utc_stamp(stamp)}",
        f"DTSTART:{utc_stamp(appointment.start)}",
        f"DTEND:{utc_stamp(appointment.end)}",
        f"SUMMARY:{_escape(summary)}",
        f"LOCATION:{_escape(location_text)}",
        f"DESCRIPTION:{_escape(description)}",
        f"ORGANIZER:mailto:{_address(organizer_email)}",
    ]
    if appointment.email:
        lines.append(f'ATTENDEE;CN="{_param(appointment.name)}":mailto:{_address(appointment.email)}')
    lines += [
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "SEQUENCE:0",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return b"".join(fold(line) for line in lines)


def utc_stamp(moment: datetime) -> str:
    """A UTC 'Z' date-time; naive datetimes are refused because their zone would be a guess."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"calendar times must be timezone-aware, got {moment!r}")
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> bytes:
    """Encode one content line, folded at 75 octets without splitting a UTF-8 character."""
    pieces: List[bytes] = []
    current = bytearray()
    limit = MAX_OCTETS
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            pieces.append(bytes(current))
            current = bytearray()
            limit = MAX_OCTETS - 1  # continuation lines start with a space
        current += encoded
    pieces.append(bytes(current))
    return (CRLF + b" ").join(pieces) + CRLF


def _escape(text: str) -> str:
    """TEXT value escaping; other control characters are not allowed in values, so drop them."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c in "\t\n" or (ord(c) >= 0x20 and ord(c) != 0x7F))
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\n", "\\n")
    )


def _param(text: str) -> str:
    """A quoted parameter value may hold anything but double quotes and control characters."""
    return "".join(c for c in text if c != '"' and ord(c) >= 0x20 and ord(c) != 0x7F)


def _address(address: str) -> str:
    """A mailto value is not escaped, so anything that could break the line is refused."""
    if any(c.isspace() or ord(c) < 0x20 or c in ',;"' for c in address):
        raise ValueError(f"not usable as a calendar address: {address!r}")
    return address


def _domain(address: str) -> str:
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        raise ValueError(f"organizer e-mail has no domain: {address!r}")
    return domain

