"""Rasa's only input channel: the gateway's (``credentials.yml`` names it). It speaks as Rasa's
REST channel does, at ``/webhooks/gateway/webhook``, but answers only a request that carries
the secret shared with the gateway (header ``X-Gateway-Secret``, see ``bot.core.secrets``):
any other local process that knows a conversation id cannot speak as that resident. A
refused request is answered 401 before Rasa reads it, so nothing of it is stored.

Loaded inside the Rasa process only; the gateway's side is ``bot.conversations.rasa_client``.
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.core.language import LANGUAGES
from bot.core.secrets import CHANNEL_SECRET_HEADER, channel_secret, same_secret
from bot.core.settings import get_settings


class GatewayInput(RestInput):
    """The REST channel behind the gateway's secret."""

    @classmethod
    def name(cls) -> Text:
        return "gateway"

    def __init__(self, secret: str) -> None:
        if not secret:
            raise ValueError("the gateway channel needs a secret")
        self.secret = secret

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "GatewayInput":
        """``secret`` from credentials.yml when given, else the one the gateway uses too
        (RASA_CHANNEL_SECRET, or ``var/rasa-channel.secret``)."""
        configured = str((credentials or {}).get("secret") or "")
        return cls(configured or channel_secret(get_settings()))

    def allows(self, headers: Any) -> bool:
        return same_secret(str(headers.get(CHANNEL_SECRET_HEADER, "")), self.secret)

    def _extract_input_channel(self, req: Request) -> Text:
        return self.name()  # never what the request says it is

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        """Only the conversation's language (``taal``, bot.core.language), which the gateway
        decided: nothing else a caller sends is kept with the message."""
        body = request.json if isinstance(request.json, dict) else {}
        taal = (body.get("metadata") or {}).get("taal") if isinstance(body.get("metadata"), dict) else None
        return {"taal": taal} if taal in LANGUAGES else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        channel = super().blueprint(on_new_message)

        @channel.middleware("request")
        async def require_the_gateway(request: Request) -> Optional[HTTPResponse]:
            if self.allows(request.headers):
                return None
            return response.json({"error": "unauthorized", "detail": "Only the gateway may use this channel."},
                                 status=401)

        return channel
