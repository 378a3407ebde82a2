"""The process supervisor behind ``make run``: start, wait for an answer, stop the group."""
from __future__ import annotations

import socket
import sys
import time
from pathlib import Path

import pytest

from bot.cli.run import Service, _wait_until_ready


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_service_is_ready_when_it_answers_and_stops_with_its_children(tmp_path):
    port = _free_port()
    (tmp_path / "status").write_text("ok")
    service = Service("web", [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                              "--directory", str(tmp_path)],
                      f"http://127.0.0.1:{port}/status", env={})
    service.start()
    try:
        assert _wait_until_ready([service])
        assert service.answers()
    finally:
        service.stop(grace_s=5)
    assert not service.is_running()
    assert not service.answers()


def test_a_service_that_dies_at_start_is_reported(capsys):
    service = Service("broken", [sys.executable, "-c", "import sys; sys.exit(3)"], None, env={})
    service.start()
    time.sleep(0.5)
    assert not _wait_until_ready([service])
    assert "stopped during start-up" in capsys.readouterr().err


def test_endpoints_yml_points_rasa_at_the_configured_action_server(monkeypatch):
    from rasa.core.utils import AvailableEndpoints

    from bot.cli.run import _environment
    from bot.conversations.tracker_events import tracker_store_url
    from bot.core.secrets import actions_secret
    from bot.core.settings import PROJECT_ROOT, get_settings

    for name, value in _environment(get_settings()).items():
        if name.startswith(("ACTIONS_", "TRACKER_")):
            monkeypatch.setenv(name, value)
    endpoints = AvailableEndpoints.read_endpoints(str(PROJECT_ROOT / "endpoints.yml"))
    settings = get_settings()
    assert endpoints.action.url == f"http://{settings.actions_host}:{settings.actions_port}/webhook"
    # Rasa shows the action server the secret it was started with (bot.cli.action_server).
    assert endpoints.action.headers == {"X-Actions-Secret": actions_secret(settings)}
    assert endpoints.tracker_store.type == "bot.conversations.tracker_store.ConversationTrackerStore"
    assert endpoints.tracker_store.url == tracker_store_url(settings.database_url)


@pytest.mark.parametrize("database, tracker", [
    ("sqlite:////srv/app/var/gemeente.db", "sqlite:////srv/app/var/rasa-tracker.db"),
    ("postgresql://gemeente:geheim@db.local:5432/gemeente", "postgresql://gemeente:geheim@db.local:5432/gemeente"),
])
def test_the_tracker_store_follows_the_database_setting(database, tracker):
    from bot.conversations.tracker_events import tracker_store_url

    assert tracker_store_url(database) == tracker


def test_a_conversation_survives_a_rasa_restart(tmp_path):
    """What was said before a restart is still there when Rasa is loaded anew."""
    import asyncio

    from bot.retraining.model_store import current_model

    model = current_model()
    if model is None:
        pytest.skip("no trained model for the current data (make test trains one)")
    from rasa.core.agent import Agent
    from rasa.core.tracker_store import SQLTrackerStore

    def fresh_agent():
        store = SQLTrackerStore(dialect="sqlite", host=f"sqlite:///{tmp_path / 'tracker.db'}")
        return Agent.load(str(model), tracker_store=store)

    first = fresh_agent()
    asyncio.run(first.handle_text("/openingstijden", sender_id="herstart"))
    before = asyncio.run(first.tracker_store.retrieve("herstart"))
    second = fresh_agent()  # as after a restart: nothing in memory
    after = asyncio.run(second.tracker_store.retrieve("herstart"))
    assert after is not None and after.latest_message.intent["name"] == "openingstijden"
    assert [e.as_dict() for e in after.events] == [e.as_dict() for e in before.events]


def test_rasa_starts_with_its_http_api_behind_the_token_on_loopback(tmp_path):
    from bot.cli.run import rasa_server
    from bot.core.settings import get_settings

    settings = get_settings()
    service = rasa_server(settings, {"PATH": "/usr/bin"}, tmp_path / "gemeente-live.tar.gz", "the-token")
    command = service.command
    assert command[command.index("--model") + 1] == str(tmp_path / "gemeente-live.tar.gz")
    assert "--enable-api" in command and command[command.index("--credentials") + 1] == "credentials.yml"
    assert command[command.index("--interface") + 1] == settings.rasa_host == "127.0.0.1"
    assert service.health_url == f"http://127.0.0.1:{settings.rasa_port}/"  # /status needs the token now
    # The token goes in the environment: the command line is visible to every user (ps).
    assert "--auth-token" not in command and not any("the-token" in part for part in command)
    assert service.env == {"PATH": "/usr/bin", "RASA_API_TOKEN": "the-token"}


def test_no_secret_is_on_any_command_line_and_every_process_gets_them_in_its_environment(monkeypatch):
    from bot.cli import run
    from bot.core.settings import get_settings

    monkeypatch.setenv("RASA_CHANNEL_SECRET", "kanaal-geheim")
    monkeypatch.setenv("ACTIONS_SECRET", "actie-geheim")
    get_settings.cache_clear()
    try:
        settings = get_settings()
        env = run._environment(settings)
        services = [run.action_server(settings, env), run.rasa_server(settings, env, Path("m.tar.gz"), "api-token"),
                    run.web_gateway(settings, env)]
    finally:
        get_settings.cache_clear()
    for service in services:
        assert not any(secret in part for part in service.command
                       for secret in ("kanaal-geheim", "actie-geheim", "api-token")), service.command
        assert service.env["RASA_CHANNEL_SECRET"] == "kanaal-geheim" and service.env["ACTIONS_SECRET"] == "actie-geheim"
    assert services[0].command[:3] == [sys.executable, "-m", "bot.cli.action_server"]  # the guarded server


def test_secrets_not_set_are_made_once_in_var_and_shared(monkeypatch, tmp_path):
    from bot.cli import run
    from bot.core import secrets
    from bot.core.settings import get_settings

    monkeypatch.delenv("RASA_CHANNEL_SECRET", raising=False)
    monkeypatch.delenv("ACTIONS_SECRET", raising=False)
    monkeypatch.setattr(secrets, "CHANNEL_SECRET_FILE", tmp_path / "rasa-channel.secret")
    monkeypatch.setattr(secrets, "ACTIONS_SECRET_FILE", tmp_path / "actions.secret")
    get_settings.cache_clear()
    try:
        first, second = run._environment(get_settings()), run._environment(get_settings())
    finally:
        get_settings.cache_clear()
    assert first["RASA_CHANNEL_SECRET"] == second["RASA_CHANNEL_SECRET"] == \
        (tmp_path / "rasa-channel.secret").read_text().strip()
    assert first["ACTIONS_SECRET"] == (tmp_path / "actions.secret").read_text().strip()
    assert first["ACTIONS_SECRET"] != first["RASA_CHANNEL_SECRET"]
