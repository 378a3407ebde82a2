"""The widget follows the conversation's language (bot/web/static/widget/language.js): an answer
that names another language sets the window's own words, the header and the region's lang in
it and keeps the choice for the next page load; a language it has no words for, or none, changes
nothing. The module runs in Node (no browser needed)."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from bot.config.content import get_content
from bot.core.settings import PROJECT_ROOT
from bot.web.resident.widget import STATIC_DIR

NODE = shutil.which("node")
DUTCH = get_content(PROJECT_ROOT / "content" / "antwoorden.yml").raw["chatvenster"]
ENGLISH = {**DUTCH, "openen": "Chat with the municipality", "ondertitel": "You are chatting with a computer.",
           "sluiten": "Close the chat"}


def window_after(locales, kept=None, page=None) -> list:
    """The window after each answer's locale: its lang, the launcher's words, the close button's
    label, the header and the language kept in the state."""
    script = f"""
import {{ followLanguage, startingLanguage, useLanguage }} from "{(STATIC_DIR / 'language.js').as_uri()}";
import {{ relabel }} from "{(STATIC_DIR / 'layout.js').as_uri()}";
const node = () => ({{ textContent: "", attributes: {{}}, setAttribute(name, value) {{ this.attributes[name] = value; }} }});
const launcher = node(), close = node(), root = node(), subtitle = node();
const chat = {{ textsByLanguage: {{ nl: {json.dumps(DUTCH)}, en: {json.dumps(ENGLISH)} }},
               state: {{ language: {json.dumps(kept)} }}, pageLanguage: {json.dumps(page)},
               storeKey: "test", status: "bot", agentName: null,
               view: {{ root, subtitle, words: [[launcher, "text", (TEXTS) => TEXTS.openen],
                                              [close, "aria-label", (TEXTS) => TEXTS.sluiten]] }} }};
useLanguage(chat, startingLanguage(chat));
relabel(chat);
const seen = () => [root.attributes.lang, launcher.textContent, close.attributes["aria-label"], subtitle.textContent,
                    chat.state.language || null];
const shown = [seen()];
for (const locale of {json.dumps(locales)}) {{
  followLanguage(chat, locale);
  shown.push(seen());
}}
console.log(JSON.stringify(shown));
"""
    done = subprocess.run([NODE, "--input-type=module", "-e", script], capture_output=True, text=True, timeout=30,
                          check=True)
    return json.loads(done.stdout)


@pytest.mark.skipif(NODE is None, reason="no Node.js to run the widget's module")
def test_the_window_follows_the_language_each_answer_names():
    shown = window_after(["nl", "en", None, "de", "en", "nl"])
    dutch = ["nl", DUTCH["openen"], DUTCH["sluiten"], ""]
    english = ["en", ENGLISH["openen"], ENGLISH["sluiten"], ENGLISH["ondertitel"]]
    switched_back = ["nl", DUTCH["openen"], DUTCH["sluiten"], DUTCH["ondertitel"]]
    assert shown == [dutch + [None], dutch + [None], english + ["en"], english + ["en"], english + ["en"],
                     english + ["en"], switched_back + ["nl"]]


@pytest.mark.skipif(NODE is None, reason="no Node.js to run the widget's module")
def test_the_window_starts_in_the_language_kept_from_before_when_it_has_words_for_it():
    assert window_after([], kept="en")[0][:3] == ["en", ENGLISH["openen"], ENGLISH["sluiten"]]
    assert window_after([], kept="de")[0][:3] == ["nl", DUTCH["openen"], DUTCH["sluiten"]]


@pytest.mark.skipif(NODE is None, reason="no Node.js to run the widget's module")
def test_a_page_that_asks_for_english_starts_the_window_in_english_unless_a_language_was_kept():
    assert window_after([], page="en")[0][0] == "en"
    assert window_after([], kept="nl", page="en")[0][0] == "nl"
    assert window_after([], page="fr")[0][0] == "nl"
