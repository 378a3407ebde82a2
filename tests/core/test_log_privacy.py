"""No log line holds a resident's words or personal numbers (``bot.core.log_privacy``)."""
from __future__ import annotations

import json
import logging

import pytest

from bot.core import log_privacy

SECRETS = ("NL91ABNA0417164300", "06-12345678", "jan.testpersoon@example.nl", "111222333",
           "mijn moeder is overleden en ik zoek de akte")


def _tracker() -> dict:
    """A tracker as Rasa sends it to the action server (and logs it when the action fails)."""
    events = []
    for n in range(60):
        events.append({"event": "user", "text": f"mijn moeder is overleden en ik zoek de akte {n}",
                       "parse_data": {"text": "mijn moeder is overleden en ik zoek de akte",
                                      "intent": {"name": "overlijden", "confidence": 0.9},
                                      "entities": [{"entity": "email", "value": "jan.testpersoon@example.nl"}]}})
        events.append({"event": "slot", "name": "terugbel_telefoon", "value": "06-12345678"})
        events.append({"event": "bot", "text": "Uw rekening NL91ABNA0417164300, klopt dat?",
                       "data": {"buttons": [{"title": "Ja", "payload": '/informeren{"bsn": "111222333"}'}]}})
    return {"sender_id": "c0ffee", "slots": {"email": "jan.testpersoon@example.nl"},
            "latest_message": {"text": "bel me op 06-12345678"}, "events": events}


@pytest.fixture
def cleaned(monkeypatch):
    original = logging.getLogRecordFactory()
    monkeypatch.setattr(log_privacy, "_ORIGINAL", None)
    logging.setLogRecordFactory(logging.LogRecord)
    log_privacy.install()
    yield
    logging.setLogRecordFactory(original)


def _written(caplog) -> str:
    return "\n".join(caplog.handler.format(record) for record in caplog.records)


def test_a_tracker_logged_by_a_failing_action_holds_no_words_or_numbers(cleaned, caplog):
    tracker = _tracker()
    assert len(json.dumps(tracker)) > 14_000
    logger = logging.getLogger("rasa.core.actions.action")
    with caplog.at_level(logging.INFO):
        logger.error("Failed to run custom action with tracker %s", json.dumps(tracker))
        logger.error("Failed to run custom action with tracker %s", tracker)  # a Python repr
        try:
            raise RuntimeError(f"action failed for {tracker}")
        except RuntimeError:
            logger.exception("the action server answered 500")
    written = _written(caplog)
    for secret in SECRETS:
        assert secret not in written
    assert "Failed to run custom action" in written and "RuntimeError" in written
    assert all(len(line) < 2 * log_privacy.MAX_CHARS for line in written.splitlines())


def test_numbers_outside_the_fields_are_masked_and_the_rest_stays(cleaned, caplog):
    with caplog.at_level(logging.INFO):
        logging.getLogger("bot.test").warning("callback for %s at %s", "jan.testpersoon@example.nl", "0612345678")
    assert caplog.records[0].getMessage() == "callback for [E-MAIL] at [TELEFOON]"


def test_uvicorns_access_log_keeps_its_arguments(cleaned, caplog, monkeypatch):
    logger = logging.getLogger("uvicorn.access")
    # uvicorn's own logging set-up (any earlier uvicorn.Config) stops propagation at "uvicorn"
    # and raises the level, and the gateway puts a path filter on it: the record is captured
    # on the logger itself, as the record factory made it.
    monkeypatch.setattr(logger, "handlers", [caplog.handler])
    monkeypatch.setattr(logger, "propagate", False)
    monkeypatch.setattr(logger, "filters", [])
    with caplog.at_level(logging.INFO, logger="uvicorn.access"):
        logger.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", "/x?mail=a@b.nl", "1.1", 200)
    record = caplog.records[0]
    assert isinstance(record.args, tuple) and len(record.args) == 5
    assert "a@b.nl" not in record.getMessage() and record.args[-1] == 200


def test_without_the_factory_the_tracker_would_be_logged_whole(caplog):
    """The check above is meaningful: plain logging writes every secret. (The factory may already
    be installed by an earlier test's import of the actions package: plain logging is put back
    for this test.)"""
    original = logging.getLogRecordFactory()
    logging.setLogRecordFactory(logging.LogRecord)
    try:
        with caplog.at_level(logging.INFO):
            logging.getLogger("plain").error("tracker %s", json.dumps(_tracker()))
    finally:
        logging.setLogRecordFactory(original)
    assert all(secret in caplog.text for secret in SECRETS)


def test_every_process_installs_it():
    import actions  # noqa: F401 - the action server imports the package
    assert log_privacy.installed()


def test_the_gateway_and_rasa_install_it_before_they_start(monkeypatch):
    import types

    from bot.cli import rasa_server
    from bot.web import __main__ as gateway

    fake_rasa = types.ModuleType("rasa.__main__")
    monkeypatch.setitem(__import__("sys").modules, "rasa.__main__", fake_rasa)
    original = logging.getLogRecordFactory()
    try:
        for start, module, name in ((gateway.main, gateway, "serve"), (rasa_server.main, fake_rasa, "main")):
            logging.setLogRecordFactory(logging.LogRecord)
            monkeypatch.setattr(log_privacy, "_ORIGINAL", None)
            monkeypatch.setattr(module, name, lambda *a, **k: None, raising=False)
            monkeypatch.setattr("sys.argv", ["x"])
            start()
            assert log_privacy.installed(), start
    finally:
        logging.setLogRecordFactory(original)


@pytest.mark.parametrize("renderer", ["console", "json"])
def test_rasas_channel_failure_logs_no_message_text(cleaned, caplog, renderer):
    """Rasa's REST channel logs the message's text when handling it fails
    (``rest.message.received.failure text=…``), through structlog: at a terminal as key=value,
    elsewhere as JSON. Both reach the record factory and lose the text."""
    import structlog
    from rasa.utils.log_utils import HumanConsoleRenderer

    last = ([structlog.dev.set_exc_info, HumanConsoleRenderer(colors=False)] if renderer == "console"
            else [structlog.processors.format_exc_info, structlog.processors.JSONRenderer()])
    structlog.configure(processors=[structlog.processors.add_log_level, *last],
                        logger_factory=structlog.stdlib.LoggerFactory(), cache_logger_on_first_use=False)
    try:
        text = "mijn moeder is overleden en ik zoek de akte\nmijn nummer is 06-12345678"
        with caplog.at_level(logging.INFO):
            try:
                raise RuntimeError("the tracker store is gone")
            except RuntimeError:
                structlog.get_logger("rasa.core.channels.rest").exception("rest.message.received.failure",
                                                                          text=text, sender_id="c0ffee")
            structlog.get_logger("rasa.core.channels.rest").error("rest.message.received.timeout", text=text)
    finally:
        structlog.reset_defaults()
    written = _written(caplog)
    assert "rest.message.received.failure" in written and "rest.message.received.timeout" in written
    assert "the tracker store is gone" in written and "sender_id" in written
    for secret in SECRETS:
        assert secret not in written
    assert "nummer" not in written
