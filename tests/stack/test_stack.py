"""The whole stack as ``make run`` starts it (action server, Rasa through bot.cli.rasa_server, the
gateway), on free loopback ports with a database of its own: a chat taken over by a KCC
employee and handed back to the bot, which goes on where it was; then Rasa stops in the middle
of the conversation, the resident is told at once, nothing is lost, and after the restart the
conversation continues from Rasa's SQL tracker store."""
from __future__ import annotations

import time

import httpx
import pytest

from bot.retraining.model_store import current_model
from tests.support.stack import STACK_PASSWORD as PASSWORD
from tests.support.stack import whole_stack
from tests.support.staff import code

MODEL = current_model()
pytestmark = pytest.mark.skipif(MODEL is None, reason="no trained model for the current data (make test trains one)")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with whole_stack(tmp_path_factory.mktemp("stack"), MODEL, [("anouk", "Anouk", "kcc")]) as running:
        yield running.services, running.url


class Chat:
    """A resident and a KCC employee talking through the gateway's API."""

    def __init__(self, url: str):
        self.http = httpx.Client(base_url=url, timeout=30)
        started = self.http.post("/api/conversations", json={}).json()
        self.id = started["conversation_id"]
        self.resident = {"Authorization": f"Bearer {started['token']}"}
        login = self.http.post("/api/staff/login", json={"username": "anouk", "password": PASSWORD, "code": code()}).json()
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
