"""The Rasa launcher's changes: answers are still checked against the schema, with the same
errors, a SQLite tracker store runs in WAL mode, and the API token reaches Rasa from the
environment, never from the command line."""
from __future__ import annotations

import jsonschema
import pytest
from sqlalchemy import create_engine, text

from bot.cli import rasa_server

SCHEMA = {"type": "object", "properties": {"events": {"type": "array"}, "responses": {"type": "array"}},
          "required": ["events"]}


@pytest.fixture(autouse=True)
def installed():
    before = jsonschema.validate
    rasa_server.install()
    yield
    jsonschema.validate = before
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    event.remove(Engine, "connect", rasa_server._sqlite_wal)  # this process's other tests keep their own settings


def test_a_good_answer_passes_and_the_validator_is_made_once():
    rasa_server._VALIDATORS.clear()
    for _ in range(3):
        jsonschema.validate({"events": [], "responses": []}, SCHEMA)
    assert len(rasa_server._VALIDATORS) == 1


@pytest.mark.parametrize("answer", [{"responses": []}, {"events": "geen lijst"}, ["niet", "een", "object"]])
def test_a_bad_answer_raises_the_same_error_as_jsonschema(answer):
    with pytest.raises(jsonschema.ValidationError) as cached:
        jsonschema.validate(answer, SCHEMA)
    with pytest.raises(jsonschema.ValidationError) as original:
        rasa_server._original_validate(answer, SCHEMA)
    assert cached.value.message == original.value.message


def test_a_broken_schema_is_still_refused():
    with pytest.raises(jsonschema.SchemaError):
        jsonschema.validate({}, {"type": "geen-type"})


def test_rasa_validates_action_answers_through_the_cache():
    from rasa.core.actions.action import RemoteAction

    action = RemoteAction("action_test", None)
    rasa_server._VALIDATORS.clear()
    assert action._validate_action_result({"events": [], "responses": []})
    assert rasa_server._VALIDATORS  # Rasa's own check went through the cached validator
    with pytest.raises(jsonschema.ValidationError):
        action._validate_action_result({"events": "kapot"})


def test_a_sqlite_tracker_store_is_in_wal_mode(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'tracker.db'}", future=True)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL


def test_the_api_token_is_added_inside_the_process_only_when_the_api_is_on_without_one():
    token = lambda: "uit-de-omgeving"  # noqa: E731 - the launcher asks for it only when needed
    run = ["run", "--model", "m.tar.gz", "--enable-api", "--port", "5005"]
    assert rasa_server.with_api_token(run, token) == [*run, "--auth-token", "uit-de-omgeving"]
    assert rasa_server.with_api_token(["run", "--model", "m.tar.gz"], token) == ["run", "--model", "m.tar.gz"]
    given = ["run", "--enable-api", "--auth-token", "eigen"]
    assert rasa_server.with_api_token(given, token) == given


def test_the_launcher_gives_rasa_the_token_of_the_environment(monkeypatch):
    """What Rasa's own command line receives; ``ps`` keeps showing the launcher's arguments."""
    import sys

    import rasa.__main__

    seen = {}
    monkeypatch.setenv("RASA_API_TOKEN", "uit-de-omgeving")
    monkeypatch.setattr(sys, "argv", ["bot.cli.rasa_server", "run", "--enable-api", "--port", "5005"])
    monkeypatch.setattr(rasa.__main__, "main", lambda: seen.update(argv=list(sys.argv)))
    from bot.core.settings import get_settings
    get_settings.cache_clear()
    try:
        rasa_server.main()
    finally:
        get_settings.cache_clear()
    assert seen["argv"] == ["rasa", "run", "--enable-api", "--port", "5005", "--auth-token", "uit-de-omgeving"]
    assert _redacts_access_log()


def _redacts_access_log() -> bool:
    import logging

    from bot.core.access_log import PathRedaction

    return any(isinstance(f, PathRedaction) for f in logging.getLogger("sanic.access").filters)


def test_rasa_finds_each_event_class_once_and_refuses_unknown_names_as_before(monkeypatch):
    import rasa.shared.utils.common
    from rasa.shared.core.events import ActionExecuted, Event, UserUttered

    rasa_server.install()
    walks = []
    walk = rasa.shared.utils.common.all_subclasses
    monkeypatch.setattr(rasa.shared.utils.common, "all_subclasses",
                        lambda cls: (walks.append(cls) if cls is Event else None) or walk(cls))
    assert Event.resolve_by_type("user") is UserUttered
    first = len(walks)
    assert [Event.resolve_by_type("user") for _ in range(5)] == [UserUttered] * 5
    assert len(walks) == first  # remembered, not walked again
    assert Event.resolve_by_type("geen-event", default=ActionExecuted) is ActionExecuted
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("geen-event")
    assert Event.resolve_by_type("geen-event", default=ActionExecuted) is ActionExecuted  # never remembered
    rasa_server.install()  # installing twice wraps once
    assert Event.resolve_by_type("user") is UserUttered and len(walks) == first + 3  # the three unknown look-ups
