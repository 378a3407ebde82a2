"""Sending one e-mail, or writing it to an outbox folder when no mail server is configured.

The outbox keeps development and demo setups working without an SMTP server while still
producing the exact message that would have been sent. Everything a resident typed that ends
up in a header is checked first, so a crafted address or subject can never add headers.
"""
from __future__ import annotations

import email.message
import re
import secrets
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.header import Header
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Optional, Tuple

_LOCAL_PART = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_DOMAIN = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
_ADDRESS = re.compile(rf"{_LOCAL_PART}@{_DOMAIN}")
_METHOD = re.compile(rb"^METHOD:([A-Z-]+)\r?$", re.MULTILINE)


@dataclass(frozen=True)
class MailSettings:
    host: Optional[str]  # None or "" -> write to the outbox folder instead of sending
    port: int = 25
    username: Optional[str] = None
    password: Optional[str] = field(default=None, repr=False)  # never in logs or repr
    starttls: bool = False
    sender: str = "noreply@gemeente.example"
    outbox: Path = Path("var/outbox")
    timeout_s: float = 3.0  # within the gateway's wait for the bot's turn (RASA_TIMEOUT_S)


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str  # plain-text body
    # (filename, mime type like "text/calendar", content)
    attachments: Tuple[Tuple[str, str, bytes], ...] = ()


class MailError(Exception):
    """The mail was not sent or written; the message says why (and never holds a secret)."""


def build_message(mail: Mail, settings: MailSettings) -> email.message.EmailMessage:
    """The complete MIME message; validates every header value before it is set."""
    recipient = _checked_address(mail.to, "recipient")
    sender = _checked_address(settings.sender, "sender")
    subject = _single_line(mail.subject, "subject")

    message = email.message.EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    _set_text_header(message, "Subject", subject)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
    # quoted-printable, not 8bit: not every relay announces 8BITMIME
    message.set_content(mail.text, charset="utf-8", cte="quoted-printable")
    for filename, mime_type, content in mail.attachments:
        _attach(message, filename, mime_type, content)
    return message


def deliver(mail: Mail, settings: MailSettings) -> str:
    """Sends over SMTP when a host is set (STARTTLS/login when configured), else writes an
    .eml file into settings.outbox (created if missing; file name: timestamp + safe recipient
    + short random suffix). Returns "smtp" or the outbox file path as str. Raises MailError
    (with the reason, never the password) when SMTP fails: connection refused, timeout,
    rejected recipient, auth failure."""
    message = build_message(mail, settings)
    if settings.host:
        _send(message, settings.host, settings)
        return "smtp"
    return str(_write_outbox(message, mail.to, settings.outbox))


def _send(message: email.message.EmailMessage, host: str, settings: MailSettings) -> None:
    try:
        with smtplib.SMTP(host, settings.port, timeout=settings.timeout_s) as smtp:
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.username:
                smtp.login(settings.username, settings.password or "")
            smtp.send_message(message)  # one recipient: a refusal raises, never partial
    except smtplib.SMTPRecipientsRefused as error:
        raise MailError(_scrub(f"recipient refused: {_replies(error.recipients)}", settings)) from None
    except smtplib.SMTPAuthenticationError as error:
        raise MailError(_scrub(f"login refused: {_reply(error)}", settings)) from None
    except smtplib.SMTPServerDisconnected as error:
        reason = f"{settings.host}:{settings.port} closed the connection: {error}"
        raise MailError(_scrub(reason, settings)) from None
    except smtplib.SMTPException as error:
        raise MailError(_scrub(f"mail server error: {_reply(error)}", settings)) from None
    except TimeoutError:
        raise MailError(f"no answer from {settings.host}:{settings.port} "
                        f"within {settings.timeout_s:g} s") from None
    except OSError as error:
        reason = error.strerror or str(error) or type(error).__name__
        raise MailError(f"cannot reach {settings.host}:{settings.port}: {reason}") from None


def _write_outbox(message: email.message.EmailMessage, recipient: str, outbox: Path) -> Path:
    try:
        outbox.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        safe = re.sub(r"[^A-Za-z0-9._-]", "_", recipient.replace("@", "_at_"))[:64]
        path = outbox / f"{stamp}-{safe}-{secrets.token_hex(3)}.eml"
        with path.open("xb") as target:  # "x": never overwrite another mail
            target.write(message.as_bytes())
    except OSError as error:
        raise MailError(f"cannot write to outbox {outbox}: {error.strerror or error}") from None
    return path


def _attach(message: email.message.EmailMessage, filename: str, mime_type: str, content: bytes) -> None:
    name = _single_line(filename, "attachment name")
    maintype, slash, subtype = mime_type.partition("/")
    if not slash or not re.fullmatch(r"[a-z0-9.+-]+", maintype + subtype, re.IGNORECASE):
        raise MailError(f"not a MIME type: {mime_type!r}")
    params = {}
    if mime_type.lower() == "text/calendar":
        # iMIP (RFC 6047): the parameter must repeat the calendar's own METHOD.
        found = _METHOD.search(content)
        params = {"method": found.group(1).decode() if found else "REQUEST", "charset": "utf-8"}
    message.add_attachment(
        bytes(content), maintype=maintype, subtype=subtype, filename=name, params=params
    )


def _set_text_header(message: email.message.EmailMessage, name: str, value: str) -> None:
    """Non-ASCII text is encoded here, because Python 3.10's own folding drops the space
    between two encoded words ("De Geëerde" arrives as "DeGeëerde"; cpython#144156)."""
    if value.isascii():
        message[name] = value
    else:
        message.set_raw(name, Header(value, "utf-8", header_name=name).encode(linesep="\n"))


def _checked_address(value: str, what: str) -> str:
    if not isinstance(value, str):
        raise MailError(f"{what} is missing")
    address = _single_line(value, what).strip()
    if len(address) > 254 or not _ADDRESS.fullmatch(address):
        raise MailError(f"{what} is not a valid e-mail address: {address!r}")
    return address


def _single_line(value: str, what: str) -> str:
    """Header values with line breaks would let the text after them become new headers."""
    if any(c in value for c in "\r\n\x00\x0b\x0c\x85\u2028\u2029"):
        raise MailError(f"{what} contains a line break")
    return value


def _reply(error: smtplib.SMTPException) -> str:
    code = getattr(error, "smtp_code", None)
    text = getattr(error, "smtp_error", None)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}" if code is not None else (str(error) or type(error).__name__)


def _replies(refused: dict) -> str:
    parts = []
    for address, (code, text) in refused.items():
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        parts.append(f"{address}: {code} {text}")
    return "; ".join(parts)


def _scrub(text: str, settings: MailSettings) -> str:
    """Server replies are quoted in errors; make sure none of them echoes the password."""
    if settings.password:
        text = text.replace(settings.password, "***")
    return text
