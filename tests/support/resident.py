"""The resident API as the tests drive it: a fake Rasa (httpx's MockTransport) that can
answer, fall silent, fail or be slow, and helpers that start a conversation, send, poll and
read what the gateway stored."""
from __future__ import annotations

import asyncio
import json

import httpx

from bot.conversations import transcript
from bot.core.settings import get_settings
from bot.db.engine import session_factory

NOT_FOUND = {"error": "not_found", "detail": "Conversation not found, or the token does not belong to it."}
BUTTONS = [{"title": "Afspraak maken", "payload": "/afspraak_maken"}, {"title": "Iets anders", "payload": "/out_of_scope"}]


class FakeRasa:
    """Rasa's REST channel as the tests need it; ``mode`` says how it behaves. It also
    answers the status checks (GET) of Rasa and, with ``actions_mode``, of the action server."""

    def __init__(self):
        self.mode = "ok"
        self.actions_mode = "ok"
        self.requests = []
        self.during_call = None  # something that happens while the bot is thinking
        self.attachment = None  # a file sent after the answer, as actions/booking.py sends the .ics
        self.replies = None  # Rasa's messages (without recipient_id) to answer with instead of the usual two
        self.parsed = None  # what POST /model/parse answers (the KCC's suggestion); None: a 404
        self.parses = []  # (text, token) of each parse request

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return await self._status(request)
        if request.url.path == "/model/parse":
            self.parses.append((json.loads(request.content)["text"], request.url.params.get("token")))
            if self.mode == "down":
                raise httpx.ConnectError("connection refused")
            return httpx.Response(200, json=self.parsed) if self.parsed is not None else httpx.Response(404)
        self.requests.append(json.loads(request.content))
        if self.during_call:
            self.during_call()
        if self.mode == "down":
            raise httpx.ConnectError("connection refused")
        if self.mode == "slow":
            await asyncio.sleep(3)
        if self.mode == "error":
            return httpx.Response(500, text="Internal Server Error")
        if self.mode == "silent":
            return httpx.Response(200, json=[])
        sender = self.requests[-1]["sender"]
        if self.replies is not None:
            return httpx.Response(200, json=[{"recipient_id": sender, **reply} for reply in self.replies])
        replies = [{"recipient_id": sender, "text": "Een paspoort kost € 84,40."},
                   {"recipient_id": sender, "text": "Wilt u een afspraak maken?", "buttons": BUTTONS}]
        if self.attachment is not None:
            replies.append({"recipient_id": sender, "attachment": self.attachment})
        return httpx.Response(200, json=replies)

    async def _status(self, request: httpx.Request) -> httpx.Response:
        """GET /status of Rasa, GET /health of the action server."""
        mode = self.actions_mode if request.url.path == "/health" else self.mode
        if mode == "down":
            raise httpx.ConnectError("connection refused")
        if mode == "slow":
            await asyncio.sleep(3)
        if mode == "error":
            return httpx.Response(500, text="Internal Server Error")
        return httpx.Response(200, json={"status": "ok"})


def start(api):
    answer = api.post("/api/conversations", json={})
    assert answer.status_code == 201
    body = answer.json()
    return body["conversation_id"], {"Authorization": f"Bearer {body['token']}"}


def send(api, conversation_id, headers, body):
    return api.post(f"/api/conversations/{conversation_id}/messages", json=body, headers=headers)


def poll(api, conversation_id, headers, after=None):
    query = "" if after is None else f"?after={after}"
    return api.get(f"/api/conversations/{conversation_id}/messages{query}", headers=headers)


def stored(conversation_id):
    with session_factory(get_settings().database_url).begin() as session:
        return transcript.messages_after(session, conversation_id, 0)


def set_status(conversation_id, status):
    with session_factory(get_settings().database_url).begin() as session:
        transcript.change_status(session, conversation_id, status)


ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Afspraak paspoort\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
CALENDAR = {"type": "file", "filename": "afspraak.ics", "mime_type": "text/calendar", "content": ICS}
