"""Rasa's only input channel answers the gateway alone: a request without the shared secret,
or with a wrong one, is refused with 401 before Rasa sees the message, so nobody else can
speak as a resident; with the secret it works as Rasa's REST channel did."""
from __future__ import annotations

import asyncio

import pytest

from bot.conversations.gateway_channel import GatewayInput
from tests.support.sanic_app import ASGI_WARNING, sanic_client

pytestmark = ASGI_WARNING
SECRET = "het-gedeelde-geheim"


class FakeAgent:
    """Stands in for Rasa's agent: keeps the messages it is given and answers each."""

    def __init__(self):
        self.messages = []

    async def handle_message(self, message):
        self.messages.append(message)
        await message.output_channel.send_text_message(message.sender_id, "Een paspoort kost € 84,40.")


def _post(headers, body=None):
    from rasa.core.channels.channel import register
    from sanic import Sanic

    Sanic.test_mode = True  # a new app of the same name per test
    app = Sanic("gateway_channel_test", configure_logging=False)
    register([GatewayInput(SECRET)], app, route="/webhooks/")
    agent = FakeAgent()
    app.ctx.agent = agent

    async def call():
        async with sanic_client(app) as client:
            return await client.post("/webhooks/gateway/webhook", headers=headers,
                                     json=body or {"sender": "gesprek-1", "message": "annuleer mijn afspraak"})

    return asyncio.run(call()), agent


@pytest.mark.parametrize("headers", [{}, {"X-Gateway-Secret": ""}, {"X-Gateway-Secret": "fout"},
                                     {"X-Gateway-Secret": SECRET + "x"}, {"Authorization": f"Bearer {SECRET}"}],
                         ids=["missing", "empty", "wrong", "longer", "elsewhere"])
def test_without_the_secret_the_channel_refuses_and_rasa_gets_nothing(headers):
    answer, agent = _post(headers)
    assert answer.status_code == 401
    assert answer.json()["error"] == "unauthorized"
    assert agent.messages == []


def test_with_the_secret_the_message_reaches_rasa_as_from_the_gateway():
    answer, agent = _post({"X-Gateway-Secret": SECRET},
                          {"sender": "gesprek-1", "message": "wat kost een paspoort", "input_channel": "rest",
                           "metadata": {"staff": True}})
    assert answer.status_code == 200
    assert answer.json() == [{"recipient_id": "gesprek-1", "text": "Een paspoort kost € 84,40."}]
    [message] = agent.messages
    assert (message.sender_id, message.text) == ("gesprek-1", "wat kost een paspoort")
    assert message.input_channel == "gateway" and message.metadata is None  # not what the caller claims


def test_the_channel_takes_the_gateways_secret_from_the_settings_and_needs_one(monkeypatch):
    from bot.core.secrets import channel_secret
    from bot.core.settings import get_settings

    monkeypatch.setenv("RASA_CHANNEL_SECRET", "uit-de-omgeving")
    get_settings.cache_clear()
    try:
        assert GatewayInput.from_credentials(None).secret == channel_secret(get_settings()) == "uit-de-omgeving"
        assert GatewayInput.from_credentials({"secret": "uit-credentials"}).secret == "uit-credentials"
    finally:
        get_settings.cache_clear()
    with pytest.raises(ValueError):
        GatewayInput("")


def test_credentials_yml_has_only_the_gateway_channel():
    import yaml

    from bot.core.settings import PROJECT_ROOT

    channels = yaml.safe_load((PROJECT_ROOT / "credentials.yml").read_text(encoding="utf-8"))
    assert list(channels) == ["bot.conversations.gateway_channel.GatewayInput"]
