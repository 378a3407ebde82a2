"""A real SMTP server on loopback (aiosmtpd) for the mail tests: a handler that keeps what
arrives, and a login that accepts balie/SECRET."""
from __future__ import annotations

from aiosmtpd.smtp import AuthResult

SECRET = "Zeer-Geheim-Wachtwoord-42"


class Collector:
    """An aiosmtpd handler that keeps every message; optionally refuses every recipient."""

    def __init__(self, refuse: bool = False):
        self.refuse = refuse
        self.envelopes = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return "550 5.1.1 Ontvanger onbekend"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted"


def echoing_authenticator(server, session, envelope, mechanism, auth_data):
    """Accepts balie/SECRET; a wrong login gets a reply that (badly) quotes the password."""
    if auth_data.login == b"balie" and auth_data.password == SECRET.encode():
        return AuthResult(success=True)
    return AuthResult(success=False, handled=False,
                      message=f"535 5.7.8 Wrong password {auth_data.password.decode()}")
