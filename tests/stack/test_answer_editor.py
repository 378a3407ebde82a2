"""A text saved in the answer editor is the running action server's next reply: the action
server is its own process (as ``make run`` starts it), asked before and after a save through
the gateway, never restarted."""
from __future__ import annotations

import json
import shutil
import urllib.request

import httpx
from starlette.testclient import TestClient

from bot.core.secrets import ACTIONS_SECRET_HEADER
from bot.core.settings import PROJECT_ROOT, get_settings
from bot.web.app import create_app
from tests.support.actions import tracker
from tests.support.resident import FakeRasa
from tests.support.stack import ACTIONS_SECRET, action_server_at
from tests.support.staff import bearer, login, make_account

KEY = "onderwerpen.paspoort_id_aanvragen.uitleg"
NEW = ("U vraagt een {product.naam} aan bij de balie in het {balie.naam}. Maak eerst een afspraak. "
       "Dan bent u snel klaar.")


def _answer_topic(webhook: str) -> str:
    """What the action server answers when Rasa runs action_answer_topic for a passport question."""
    asked = tracker("ik wil een paspoort aanvragen", intent="paspoort_id_aanvragen",
                    entities=[{"entity": "document", "value": "paspoort"}])
    body = {"next_action": "action_answer_topic", "sender_id": "gesprek-1", "version": "3.6.21",
            "tracker": asked.current_state(), "domain": {}}
    call = urllib.request.Request(webhook, data=json.dumps(body).encode(), method="POST",
                                  headers={"Content-Type": "application/json", ACTIONS_SECRET_HEADER: ACTIONS_SECRET})
    with urllib.request.urlopen(call, timeout=30) as answer:
        return json.loads(answer.read())["responses"][0]["text"]


def test_the_running_action_server_answers_with_the_saved_text(tmp_path, monkeypatch, cheap_hashing):
    content = tmp_path / "antwoorden.yml"
    shutil.copy(PROJECT_ROOT / "content" / "antwoorden.yml", content)
    with action_server_at(tmp_path, {"CONTENT_FILE": str(content)}) as (webhook, env):
        assert "U komt zelf langs." in _answer_topic(webhook)
        monkeypatch.setenv("DATABASE_URL", env["DATABASE_URL"])  # the gateway on the same database and file
        monkeypatch.setenv("CONTENT_FILE", str(content))
        get_settings.cache_clear()
        make_account("redacteur", ["content"])
        with TestClient(create_app(rasa_transport=httpx.MockTransport(FakeRasa())),
                        base_url="https://testserver") as gateway:
            headers = bearer(login(gateway, "redacteur").json()["token"])
            basis = gateway.get(f"/api/content/answers/{KEY}", headers=headers).json()["answer"]["revision"]
            saved = gateway.put(f"/api/content/answers/{KEY}", json={"text": NEW, "basis": basis}, headers=headers)
            assert saved.status_code == 200, saved.text
        assert _answer_topic(webhook) == ("U vraagt een paspoort aan bij de balie in het Gemeentehuis Wilgendaal. "
                                          "Maak eerst een afspraak. Dan bent u snel klaar.")
    get_settings.cache_clear()
