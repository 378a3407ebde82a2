"""The whole answer layer in English: with every content text in English (tests/support/english.py),
an English answer holds no Dutch of the code's or of gemeente.yml's own: no Dutch day names, no
"gratis", "gesloten" or "tot", no product name, fee label or place description in Dutch."""
from __future__ import annotations

import re
from datetime import datetime

import pytest

from bot.config.content import get_content
from bot.config.facts import resident_texts
from bot.config.gemeente import get_gemeente
from bot.core import language
from bot.core.formatting import DUTCH_WEEKDAYS
from bot.faq.answers import BOOKING_INTENTS, Answers, Question
from bot.faq.places import place_reply
from bot.life_events.checklist import checklist
from bot.wegwijzer.referral import subject_facts
from tests.support.dates import TODAY
from tests.support.english import english_content  # noqa: F401 - a fixture

ASPECTS = ((), ("kosten",), ("levertijd",), ("meenemen",), ("online",), ("kind",))
# Questions whose case, place or days lead the answer: the facts of a child, spoed, a weekday,
# a pop-up near a postcode, one that cannot travel.
CASES = ("mijn zoon van 10", "ik vlieg volgende week", "trouwen op zaterdag", "ik woon in 9995",
         "bij de bus in de weide", "ik kan slecht lopen", "ik wil ontslag")
DUTCH_WORDS = re.compile(r"\b(?:" + "|".join(DUTCH_WEEKDAYS) + r"|gratis|gesloten|tot|elke|even weken|oneven"
                         r"|de volgende keer|in het|op)\b", re.IGNORECASE)


def everything_said(answers: Answers, domain) -> list:
    """Each reply's text and button titles for every intent, aspect and case, every place, every
    life event and every wegwijzer subject."""
    replies = []
    intents = [i if isinstance(i, str) else next(iter(i)) for i in domain["intents"]]
    for intent in (i for i in intents if i not in BOOKING_INTENTS):
        for aspect in ASPECTS:
            replies += answers.reply_to(Question(intent, aspects=aspect))
        for text in CASES:
            replies += answers.reply_to(Question(intent, text=text))
    replies += answers.give_up() + answers.rephrase() + answers.person("outside_hours")
    replies += answers.did_you_mean(list(answers.content.raw["terugval"]["onderwerpen"]), {})
    config = answers.config
    for code in config.locaties:
        replies += place_reply(answers.content, config, answers.facts, code,
                               ("adres", "parkeren", "open", "aanbod", "afspraak"), ("zaterdag", "dinsdag"))
    for key in config.levensgebeurtenissen.gebeurtenissen if config.levensgebeurtenissen else ():
        replies += checklist(key, answers.content, config, answers.facts)
    for key in config.wegwijzer:
        replies += answers.signpost(key)
    texts = [reply.text for reply in replies] + [button.title for reply in replies for button in reply.buttons]
    return [text for text in texts if text]


@pytest.fixture
def english_answers(english_content):  # noqa: F811 - the fixture of tests/support/english.py
    with language.using(language.ENGLISH):
        yield Answers(get_content(), get_gemeente(), now=datetime.combine(TODAY, datetime.min.time()))


def test_an_english_answer_has_no_dutch_words_of_the_code(english_answers, domain):
    with language.using(language.ENGLISH):
        said = everything_said(english_answers, domain)
    assert len(said) > 200
    dutch = sorted({match.group(0).lower() for text in said for match in DUTCH_WORDS.finditer(text)})
    assert dutch == [], [text for text in said if DUTCH_WORDS.search(text)][:5]


def test_an_english_answer_has_no_dutch_text_of_gemeente_yml(english_answers, domain):
    with language.using(language.ENGLISH):
        said = re.sub(r"https?://\S+", " ", "\n".join(everything_said(english_answers, domain)))
        shown = [text for _, text in resident_texts(english_answers.config)
                 if re.search(rf"(?<!\w){re.escape(text)}(?!\w)", said)]
    assert shown == [], [line for line in said.split("\n") if any(text in line for text in shown)][:5]


def test_the_english_answers_show_the_facts_in_english(english_answers, domain):
    with language.using(language.ENGLISH):
        said = "\n".join(everything_said(english_answers, domain))
        free = subject_facts(english_answers.config, "afval")
    assert "Tuesday" in said and "closed" in said and "free" in said
    assert free is not None and free["wegwijzer.uitleg"].startswith("English ")


def test_the_same_answers_in_dutch_have_the_dutch_facts(english_content, domain):  # noqa: F811
    answers = Answers(get_content(), get_gemeente(), now=datetime.combine(TODAY, datetime.min.time()))
    said = "\n".join(everything_said(answers, domain))
    assert "dinsdag" in said and "gesloten" in said and "gratis" in said
    assert "Here it is." not in said
