"""A whole conversation full of personal data through the real stack (gateway, Rasa, action
server, as ``make run`` starts them, at the INFO log level), then every log and every database
file is searched for it:

- no log line holds the resident's words, BSN, IBAN, phone number, e-mail address or name;
- no database (the gateway's, Rasa's tracker store, their WAL files) holds the BSN, typed
  or in a button's payload;
- the content owners' inbox and its CSV show no name.

The IBAN, phone number and e-mail address the resident typed do stay in the transcript (the
resident and the KCC read it back) until the retention purge; that is by design.
"""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import httpx
import pytest

from bot.retraining.model_store import current_model
from tests.support.stack import STACK_PASSWORD, whole_stack
from tests.support.staff import code

MODEL = current_model()
pytestmark = pytest.mark.skipif(MODEL is None, reason="no trained model for the current data (make test trains one)")

BSN, IBAN, PHONE, EMAIL = "111222333", "NL91ABNA0417164300", "0687654321", "jan.testpersoon@example.nl"
NAME = "Testpersoon"
WORDS = "mijn kat Wodan heeft mijn rijbewijs opgegeten"  # a sentence only this resident wrote
MESSAGES = [
    {"text": f"Goedemiddag, u spreekt met Jan {NAME}"},
    {"text": f"mijn bsn is {BSN} en {WORDS}"},
    {"payload": f'/informeren{{"bsn": "{BSN}"}}'},
    {"text": f"het geld mag naar {IBAN}, bel me op {PHONE} of mail {EMAIL}"},
    {"text": f"mijn naam is Jan {NAME}, kan iemand mij terugbellen op {PHONE}"},
    {"text": "hoeveel kost een paspoort"},
    {"text": "ik wil een mens spreken"},
]


class FailingActionServer(BaseHTTPRequestHandler):
    """Answers every action call as rasa-sdk does when an action raises: status 500 with the
    whole request (the tracker) in the body, which Rasa then logs with the exception."""

    def do_POST(self):  # noqa: N802 - the http.server name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        answer = json.dumps({"error": "the action failed", "request_body": body}).encode()
        self.send_response(500)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def conversation(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pii")
    logs = tmp_path_factory.mktemp("logs")
    with whole_stack(folder, MODEL, [("inhoud", "Ingrid", "content")], log_level="INFO", logs=logs) as stack:
        http = httpx.Client(base_url=stack.url, timeout=30)
        started = http.post("/api/conversations", json={}).json()
        resident = {"Authorization": f"Bearer {started['token']}"}
        for body in MESSAGES:
            answer = http.post(f"/api/conversations/{started['conversation_id']}/messages", json=body,
                               headers=resident)
            assert answer.status_code == 200, answer.text
        # Now every action fails: Rasa logs the exception with the action server's answer, the tracker.
        actions = stack.services["actions"]
        actions.stop()  # type: ignore[attr-defined]
        failing = ThreadingHTTPServer(("127.0.0.1", urlsplit(actions.health_url).port), FailingActionServer)  # type: ignore[attr-defined]
        threading.Thread(target=failing.serve_forever, daemon=True).start()
        try:
            answer = http.post(f"/api/conversations/{started['conversation_id']}/messages",
                               json={"text": "wat kost een paspoort"}, headers=resident)
            assert answer.status_code == 200, answer.text
        finally:
            failing.shutdown()
            failing.server_close()
        login = http.post("/api/staff/login", json={"username": "inhoud", "password": STACK_PASSWORD,
                                                    "code": code(sessions=stack.sessions)})
        assert login.status_code == 200, login.text
        staff = {"Authorization": f"Bearer {login.json()['token']}"}
        inbox = http.get("/api/content/inbox?days=7", headers=staff)
        inbox_csv = http.get("/api/content/inbox.csv?days=7", headers=staff)
    yield folder, logs, inbox, inbox_csv


def _found(folder, secrets):
    hits = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        content = path.read_bytes()
        hits += [(path.name, secret) for secret in secrets if secret.encode() in content]
    return hits


def test_no_log_line_holds_the_residents_words_or_numbers(conversation):
    _, logs, _, _ = conversation
    assert {p.name for p in logs.iterdir()} == {"actions.log", "rasa.log", "gateway.log"}
    assert "Encountered an exception while running action" in (logs / "rasa.log").read_text()  # the tracker dump
    assert _found(logs, [BSN, IBAN, PHONE, "06-87654321", EMAIL, NAME, WORDS, "Wodan"]) == []


def test_no_database_holds_the_bsn(conversation):
    folder, _, _, _ = conversation
    assert {"gemeente.db", "rasa-tracker.db"} <= {p.name for p in folder.iterdir()}
    assert _found(folder, [BSN, "111 222 333"]) == []
    assert _found(folder, ["[BSN]"])  # it was there, masked


def test_the_inbox_shows_no_name(conversation):
    _, _, inbox, inbox_csv = conversation
    assert inbox.status_code == 200 and inbox_csv.status_code == 200
    assert NAME not in inbox.text and NAME not in inbox_csv.text
