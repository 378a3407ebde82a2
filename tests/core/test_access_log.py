"""Access logs keep the route and the status, never a conversation id or a query string."""
from __future__ import annotations

import logging
import uuid

import pytest

from bot.core.access_log import PathRedaction, redact_access_log, redact_ids

ID = str(uuid.uuid4())


@pytest.mark.parametrize("path, logged", [
    (f"/api/conversations/{ID}/messages", "/api/conversations/{id}/messages"),
    (f"/api/conversations/{ID}/messages/3/attachment", "/api/conversations/{id}/messages/{id}/attachment"),
    (f"/conversations/{ID}/tracker?token=geheim", "/conversations/{id}/tracker"),
    ("/model/parse?token=geheim", "/model/parse"),
    ("/webhooks/gateway/webhook", "/webhooks/gateway/webhook"),
    ("/api/kcc/handovers", "/api/kcc/handovers"),
    ("/", "/"),
])
def test_ids_and_query_strings_are_hidden(path, logged):
    assert redact_ids(path) == logged


def _uvicorn_record(path):
    return logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                             ("127.0.0.1:5000", "POST", path, "1.1", 200), None)


def test_uvicorns_access_record_loses_the_id():
    record = _uvicorn_record(f"/api/conversations/{ID}/messages?after=2")
    assert PathRedaction().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "POST /api/conversations/{id}/messages HTTP/1.1" 200'


def test_sanics_access_record_loses_the_id():
    record = logging.LogRecord("sanic.access", logging.INFO, __file__, 1, "", (), None)
    record.request = f"GET http://127.0.0.1:5005/conversations/{ID}/tracker?token=geheim"
    assert PathRedaction().filter(record)
    assert record.request == "GET http://127.0.0.1:5005/conversations/{id}/tracker"


def test_a_route_function_names_the_route_and_a_failing_one_hides_everything():
    record = _uvicorn_record(f"/api/conversations/{ID}")
    PathRedaction(lambda path: "/api/conversations/{id}").filter(record)
    assert record.args[2] == "/api/conversations/{id}"
    record = _uvicorn_record(f"/api/conversations/{ID}")
    PathRedaction(lambda path: 1 / 0).filter(record)
    assert record.args[2] == "{id}"


def test_the_filter_is_put_on_a_logger_once(caplog):
    name = f"test.access.{uuid.uuid4().hex}"
    redact_access_log(name)
    redact_access_log(name)
    logger = logging.getLogger(name)
    assert len(logger.filters) == 1
    with caplog.at_level(logging.INFO, logger=name):
        logger.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:1", "GET", f"/api/conversations/{ID}/messages", "1.1", 200)
    assert ID not in caplog.text and "/api/conversations/{id}/messages" in caplog.text
