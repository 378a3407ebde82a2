"""The whole stack as ``make run`` starts it (action server, Rasa through bot.cli.rasa_server, the
gateway), on free loopback ports with a database of its own: a chat taken over by a KCC
employee and handed back to the bot, which goes on where it was; only the gateway can speak to
Rasa and only Rasa to the action server, and no secret stands on a command line; then Rasa
stops in the middle of the conversation, the resident is told at once, nothing is lost, and
after the restart the conversation continues from Rasa's SQL tracker store."""
from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import httpx
import pytest

from bot.retraining.model_store import current_model
from tests.support.stack import STACK_PASSWORD as PASSWORD
from tests.support.stack import whole_stack
from tests.support.staff import code

MODEL = current_model()
STACK_DATABASES = {}  # the stack's database by its address: code() makes it forget the last code used
pytestmark = pytest.mark.skipif(MODEL is None, reason="no trained model for the current data (make test trains one)")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("stack")


@pytest.fixture(scope="module")
def stack(folder):
    with whole_stack(folder, MODEL, [("anouk", "Anouk", "kcc")]) as running:
        STACK_DATABASES[running.url] = running.sessions
        yield running.services, running.url


class Chat:
    """A resident and a KCC employee talking through the gateway's API."""

    def __init__(self, url: str):
        self.http = httpx.Client(base_url=url, timeout=30)
        started = self.http.post("/api/conversations", json={}).json()
        self.id = started["conversation_id"]
        self.resident = {"Authorization": f"Bearer {started['token']}"}
        fresh = code(sessions=STACK_DATABASES[url])
        login = self.http.post("/api/staff/login", json={"username": "anouk", "password": PASSWORD, "code": fresh}).json()
        self.staff = {"Authorization": f"Bearer {login['token']}"}

    def says(self, text=None, payload=None):
        body = {"text": text} if payload is None else {"payload": payload}
        answer = self.http.post(f"/api/conversations/{self.id}/messages", json=body, headers=self.resident)
        assert answer.status_code == 200, answer.text
        return answer.json()["messages"]

    def transcript(self):
        return self.http.get(f"/api/conversations/{self.id}/messages?after=0", headers=self.resident).json()["messages"]

    def kcc(self, step, body=None):
        answer = self.http.post(f"/api/kcc/handovers/{self.id}/{step}", json=body or {}, headers=self.staff)
        assert answer.status_code == 200, answer.text
        return answer.json()


def _text(messages) -> str:
    return "\n".join(m["text"] for m in messages)


def _pick(chat, replies):
    choice = next(b for m in replies for b in m["buttons"] if b["payload"].startswith("/informeren"))
    return chat.says(payload=choice["payload"])


def test_takeover_then_the_bot_goes_on_where_it_was(stack):
    _, url = stack
    chat = Chat(url)
    replies = chat.says("ik wil een afspraak maken voor een nieuw paspoort")
    assert "Waar wilt u komen" in _text(replies)

    chat.kcc("take")
    assert chat.says("hallo? is daar iemand") == []  # a person has the chat: the bot is silent
    chat.kcc("messages", {"text": "Hallo, u spreekt met Anouk. Waar wilt u het paspoort aanvragen?"})
    shown = chat.transcript()
    assert shown[-1]["sender"] == "agent" and shown[-1]["agent_name"] == "Anouk"
    assert shown[-2]["text"] == "hallo? is daar iemand"
    assert any(m["sender"] == "system" and "Anouk" in m["text"] for m in shown)
    chat.kcc("release")

    replies = chat.says(payload='/informeren{"locatie": "gemeentehuis"}')  # the booking form is still open
    assert "Welke dag" in _text(replies)
    assert [m["sender"] for m in replies] == ["bot"] * len(replies)


def _events(folder, sender_id) -> int:
    """How many events Rasa's tracker store holds for this conversation."""
    with sqlite3.connect(folder / "rasa-tracker.db") as connection:
        return connection.execute("select count(*) from events where sender_id = ?", (sender_id,)).fetchone()[0]


def _base(service) -> str:
    return "/".join(service.health_url.split("/")[:3])  # http://host:port


def test_only_the_gateway_can_speak_to_rasa(stack, folder):
    """Issue 11: a local process that knew a conversation id could speak as the resident
    (and cancel their appointment) through Rasa's REST channel. Now Rasa's only channel wants
    the gateway's secret; without it Rasa stores nothing of the message."""
    services, url = stack
    chat = Chat(url)
    assert "Waar wilt u komen" in _text(chat.says("ik wil een afspraak maken voor een nieuw paspoort"))
    before = _events(folder, chat.id)
    rasa = _base(services["rasa"])
    attack = {"sender": chat.id, "message": "/afspraak_annuleren"}
    for headers in ({}, {"X-Gateway-Secret": "geraden"}, {"X-Gateway-Secret": ""}):
        answer = httpx.post(f"{rasa}/webhooks/gateway/webhook", json=attack, headers=headers, timeout=10)
        assert answer.status_code == 401, answer.text
    assert httpx.post(f"{rasa}/webhooks/rest/webhook", json=attack, timeout=10).status_code == 404
    assert _events(folder, chat.id) == before
    replies = chat.says("wat kost een paspoort?")  # the gateway still can
    assert replies and {m["sender"] for m in replies} == {"bot"} and "€" in _text(replies)
    assert _events(folder, chat.id) > before


def test_only_rasa_can_call_the_action_server(stack):
    services, _ = stack
    actions = _base(services["actions"])
    call = {"next_action": "action_cancel_appointment", "sender_id": "iemand", "version": "3.6.21", "domain": {},
            "tracker": {"sender_id": "iemand", "slots": {"referentie": "ABCDEF", "controle_email": "a@example.nl",
                                                         "bevestigd": True},
                        "latest_message": {}, "events": [], "paused": False, "followup_action": None,
                        "active_loop": {}, "latest_action_name": "action_listen"}}
    for headers in ({}, {"X-Actions-Secret": "geraden"}):
        assert httpx.post(f"{actions}/webhook", json=call, headers=headers, timeout=10).status_code == 401
    assert httpx.get(f"{actions}/health", timeout=10).status_code == 200


def _command_lines(leader_pid: int):
    """The command lines of a service's process and of everything it started (its group)."""
    lines = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) == leader_pid:
                lines.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace"))
        except (OSError, ProcessLookupError):
            continue
    return lines


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc to read command lines")
def test_no_secret_is_on_a_command_line_and_rasas_api_still_wants_its_token(stack):
    services, _ = stack
    token = services["rasa"].env["RASA_API_TOKEN"]
    shared = [token, services["gateway"].env["RASA_CHANNEL_SECRET"], services["actions"].env["ACTIONS_SECRET"]]
    assert all(len(secret) >= 16 for secret in shared)
    for name, service in services.items():
        lines = _command_lines(service.process.pid)
        assert lines, name
        assert not [line for line in lines for secret in shared if secret in line], name
    rasa = _base(services["rasa"])
    assert httpx.get(f"{rasa}/status", timeout=10).status_code == 401
    assert httpx.get(f"{rasa}/status", params={"token": token}, timeout=10).status_code == 200


def test_rasa_stops_and_comes_back_in_the_middle_of_a_conversation(stack):
    services, url = stack
    chat = Chat(url)
    replies = chat.says("ik wil een afspraak maken voor een nieuw paspoort")
    assert "Waar wilt u komen" in _text(replies)

    services["rasa"].stop()
    started = time.monotonic()
    replies = chat.says(payload='/informeren{"locatie": "gemeentehuis"}')
    assert time.monotonic() - started < 3  # told at once, not after the time-out
    assert [m["sender"] for m in replies] == ["system"] and "mis" in replies[0]["text"]
    assert chat.transcript()[-2]["sender"] == "resident"  # the message is kept

    services["rasa"].start()
    deadline = time.monotonic() + 180
    while not services["rasa"].answers():
        assert time.monotonic() < deadline, "Rasa did not come back"
        time.sleep(1)
    replies = chat.says(payload='/informeren{"locatie": "gemeentehuis"}')
    assert "Welke dag" in _text(replies)  # the booking goes on: Rasa remembered the conversation
    replies = _pick(chat, replies)
    assert "Deze tijden zijn nog vrij" in _text(replies)
