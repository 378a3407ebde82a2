"""The action server answers Rasa alone: a call without the actions secret, or with a wrong
one, is refused with 401 before any action runs, so a local process cannot cancel a
resident's appointment through it (the attack of issue 11); with the secret it runs as
before. Its health check stays open, and it answers no browser origin."""
from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.appointments.service import booking_service
from bot.appointments.sync import sync_from_config
from bot.config.facts import today
from bot.core.settings import get_settings
from bot.db.engine import session_factory
from bot.db.migrate import upgrade
from tests.support.actions import tracker
from tests.support.sanic_app import ASGI_WARNING, sanic_client

pytestmark = ASGI_WARNING
SECRET = "het-actiegeheim"


@pytest.fixture
def booked(tmp_path, monkeypatch, config):
    """An appointment in a database of the test's own; its reference."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'actions.db'}")
    monkeypatch.setenv("OUTBOX_DIR", str(tmp_path / "outbox"))
    monkeypatch.setenv("SMTP_HOST", "")
    get_settings.cache_clear()
    url = get_settings().database_url
    upgrade(url)
    with session_factory(url).begin() as session:
        sync_from_config(session, config)
    service = booking_service()
    slot = next(s for offset in range(1, 20)
                for s in service.backend.free_times("paspoort", "gemeentehuis", today() + timedelta(days=offset)))
    yield service.book("paspoort", "gemeentehuis", slot.start, "Jan de Vries", "jan@example.nl").appointment.reference
    get_settings.cache_clear()


def _status(reference):
    return booking_service().backend.details(reference).status.value


def _call(reference, headers, path="/webhook", method="post"):
    """Rasa's call to run action_cancel_appointment for this appointment, with these headers."""
    from sanic import Sanic

    from bot.cli.action_server import guarded_app

    Sanic.test_mode = True  # a new app of the same name per test
    app = guarded_app("actions", SECRET)
    state = tracker(slots={"referentie": reference, "controle_email": "jan@example.nl", "bevestigd": True})
    body = {"next_action": "action_cancel_appointment", "sender_id": "gesprek-1", "version": "3.6.21",
            "tracker": state.current_state(), "domain": {}}

    async def call():
        async with sanic_client(app) as client:
            if method == "post":
                return await client.post(path, json=body, headers=headers)
            return await client.request(method.upper(), path, headers=headers)

    return asyncio.run(call())


@pytest.mark.parametrize("headers", [{}, {"X-Actions-Secret": ""}, {"X-Actions-Secret": "fout"},
                                     {"X-Actions-Secret": SECRET[:-1]}, {"X-Gateway-Secret": SECRET}],
                         ids=["missing", "empty", "wrong", "shorter", "other header"])
def test_without_the_secret_no_action_runs_and_the_appointment_stays(booked, headers):
    answer = _call(booked, headers)
    assert answer.status_code == 401
    assert answer.json()["error"] == "unauthorized"
    assert _status(booked) == "booked"


def test_with_the_secret_the_action_runs(booked):
    answer = _call(booked, {"X-Actions-Secret": SECRET})
    assert answer.status_code == 200, answer.text
    assert "afgezegd" in answer.json()["responses"][0]["text"]
    assert _status(booked) == "cancelled"


def test_the_list_of_actions_needs_the_secret_and_the_health_check_does_not(booked):
    assert _call(booked, {}, "/actions", "get").status_code == 401
    assert _call(booked, {"X-Actions-Secret": SECRET}, "/actions", "get").status_code == 200
    assert _call(booked, {}, "/health", "get").json() == {"status": "ok"}


def test_no_browser_origin_may_call_it(booked):
    answer = _call(booked, {"Origin": "https://evil.example", "X-Actions-Secret": SECRET}, "/health", "get")
    assert "access-control-allow-origin" not in answer.headers


def test_a_server_without_a_secret_does_not_start():
    from bot.cli.action_server import guarded_app

    with pytest.raises(ValueError):
        guarded_app("actions", "")


def test_the_command_serves_the_guarded_app_on_loopback_with_its_access_log_redacted(monkeypatch):
    import logging

    from sanic import Sanic

    from bot.cli import action_server
    from bot.core.access_log import PathRedaction

    Sanic.test_mode = True
    served = {}
    monkeypatch.setenv("ACTIONS_SECRET", SECRET)
    monkeypatch.delenv("SANIC_HOST", raising=False)
    monkeypatch.setattr(Sanic, "run", lambda app, host, port, **kwargs: served.update(app=app, host=host, port=port))
    get_settings.cache_clear()
    try:
        action_server.main(["--actions", "actions", "--port", "5999"])
    finally:
        get_settings.cache_clear()
    assert (served["host"], served["port"]) == ("127.0.0.1", 5999)
    assert any(isinstance(f, PathRedaction) for f in logging.getLogger("sanic.access").filters)
    request_middleware = [m for m in served["app"].request_middleware if m.__name__ == "require_rasa"]
    assert request_middleware  # the secret check is on the app that runs


def test_the_server_reads_the_configuration_and_word_tables_before_it_answers(monkeypatch):
    from bot.cli import action_server

    order = []
    monkeypatch.setattr(action_server, "current_matcher", lambda: order.append("warm"))
    monkeypatch.setattr(action_server, "guarded_app", lambda actions, secret: order.append("app") or _Unserved(order))
    monkeypatch.setattr(action_server, "plugin_manager", lambda: _NoPlugins())
    monkeypatch.setenv("ACTIONS_SECRET", SECRET)
    get_settings.cache_clear()
    try:
        action_server.main(["--actions", "actions", "--port", "5999"])
    finally:
        get_settings.cache_clear()
    assert order == ["app", "warm", "run"]


def test_a_configuration_that_cannot_be_read_at_start_does_not_stop_the_server(monkeypatch, caplog):
    from bot.cli import action_server

    def broken():
        raise ValueError("gemeente.yml is broken")

    monkeypatch.setattr(action_server, "current_matcher", broken)
    action_server.warm_up()
    assert "actions read it again when called" in caplog.text


class _Unserved:
    def __init__(self, order):
        self.order = order

    def run(self, *args, **kwargs):
        self.order.append("run")


class _NoPlugins:
    class hook:  # noqa: N801 - the shape of pluggy's hook relay
        @staticmethod
        def attach_sanic_app_extensions(app):
            return None
