"""The widget's header says who answers (AI Act art. 50): "U chat met een computer" only while
the assistant has the chat, the employee's name while a person has it. The header module runs
in Node (no browser needed); the browser test in tests/browser/test_widget.py follows a real
takeover through polling."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from bot.config.content import get_content
from bot.conversations.types import Message, Sender
from bot.core.settings import PROJECT_ROOT
from bot.web.resident.widget import STATIC_DIR

NODE = shutil.which("node")
TEXTS = get_content(PROJECT_ROOT / "content" / "antwoorden.yml").raw["chatvenster"]


def header_after(steps) -> list:
    """The header's text after each step: (status, a message that came in or None)."""
    script = f"""
import {{ showWhoAnswers }} from "{(STATIC_DIR / 'layout.js').as_uri()}";
const chat = {{ status: "bot", agentName: null, texts: {json.dumps(TEXTS)}, view: {{ subtitle: {{ textContent: "" }} }} }};
const shown = [];
for (const [status, message] of {json.dumps(steps)}) {{
  if (message && message.agent_name) chat.agentName = message.agent_name;
  chat.status = status;
  showWhoAnswers(chat);
  shown.push(chat.view.subtitle.textContent);
}}
console.log(JSON.stringify(shown));
"""
    done = subprocess.run([NODE, "--input-type=module", "-e", script], capture_output=True, text=True, timeout=30,
                          check=True)
    return json.loads(done.stdout)


@pytest.mark.skipif(NODE is None, reason="no Node.js to run the widget's module")
def test_the_header_says_computer_only_while_the_bot_talks_and_names_the_employee():
    notice = {"sender": "system", "text": "U praat nu met Fatima.", "agent_name": "Fatima"}
    shown = header_after([["bot", None], ["waiting", None], ["taken", notice], ["taken", None], ["bot", None]])
    computer = TEXTS["ondertitel"]
    person = TEXTS["ondertitel_medewerker"].replace("{medewerker.naam}", "Fatima")
    assert shown == [computer, computer, person, person, computer]
    assert "computer" in computer.lower() and "computer" in person.lower() and "geen computer" in person.lower()


@pytest.mark.skipif(NODE is None, reason="no Node.js to run the widget's module")
def test_before_the_name_is_known_the_header_still_says_a_person_answers():
    assert header_after([["taken", None]]) == [
        TEXTS["ondertitel_medewerker"].replace("{medewerker.naam}", TEXTS["een_medewerker"])]


def test_the_takeover_notice_carries_the_employees_name_for_the_header():
    from datetime import datetime, timezone
    notice = Message(1, Sender.SYSTEM, "U praat nu met Fatima.", (), datetime.now(timezone.utc), agent_name="Fatima")
    assert notice.as_json()["agent_name"] == "Fatima"
    plain = Message(2, Sender.SYSTEM, "Welkom terug.", (), datetime.now(timezone.utc))
    assert "agent_name" not in plain.as_json()
