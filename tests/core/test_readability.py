"""Plain language (B1) is measured, not assumed: every answer the assistant can give is
scored, and the suite fails when the answers as a whole get harder to read."""
from __future__ import annotations

import statistics

import pytest

from bot.core.readability import measure, sentences, syllables
from bot.core.settings import PROJECT_ROOT
from bot.faq.answers import BOOKING_INTENTS, Question

MEDIAN_FLESCH_DOUMA_FLOOR = 60
WORDS_PER_SENTENCE_CEILING = 15
ASPECTS = ((), ("kosten",), ("levertijd",), ("meenemen",), ("online",), ("kind",))


@pytest.mark.parametrize("word, count", [
    ("paspoort", 2), ("de", 1), ("aanvragen", 3), ("identiteitskaart", 5), ("naturalisatie", 6),
    ("geïnteresseerd", 5), ("uitvaartondernemer", 6), ("huis", 1), ("vingerafdrukken", 5), ("moeilijk", 2),
])
def test_dutch_syllables(word, count):
    assert syllables(word) == count


def test_sentences_ignore_links_and_split_on_lines():
    found = sentences("Kijk op https://www.example.nl/a.b. Of bel ons.\n• maandag: 09:00 tot 17:00")
    assert found == [["Kijk", "op"], ["Of", "bel", "ons"], ["maandag", "09:00", "tot", "17:00"]]


def test_plain_text_scores_higher_than_officialese():
    plain = measure("U vraagt een paspoort aan bij de balie. Neem een pasfoto mee.")
    hard = measure("Teneinde een aanvraag tot verstrekking van een nationaal reisdocument te "
                   "effectueren, dient de belanghebbende persoonlijk te verschijnen.")
    assert plain.flesch_douma > 80 > 40 > hard.flesch_douma


def all_answer_texts(answers, intents):
    texts = []
    for intent in intents:
        for aspect in ASPECTS:
            texts += [r.text for r in answers.reply_to(Question(intent, aspects=aspect))]
    texts += [r.text for r in answers.give_up() + answers.rephrase()]
    return sorted(set(texts))


SAMPLE_APPOINTMENT = {"afspraak.referentie": "WDKM3827", "afspraak.product": "paspoort",
                      "afspraak.wanneer": "dinsdag 24 november om 10:15", "afspraak.dag": "dinsdag 24 november",
                      "afspraak.locatie": "Gemeentehuis Wilgendaal", "afspraak.adres": "Raadhuisplein 1",
                      "afspraak.laatste_dag": "zondag 21 februari", "afspraak.naam": "Jan de Vries",
                      "afspraak.email": "jan@example.nl", "afspraak.meenemen": "Neem uw oude paspoort mee."}


def booking_texts(answers, content):
    """The booking conversation and the mails, filled with a sample appointment."""
    from bot.config.content import render

    facts = {**answers.facts, **SAMPLE_APPOINTMENT}
    texts = [render(t, facts) for t in content.raw["afspraak"].values()]
    texts += [render(m["tekst"], facts) for m in content.raw["mail"].values() if isinstance(m, dict)]
    agency = {**facts, **SAMPLE_AGENCY_APPOINTMENT}
    texts += [render(t, agency) for t in content.raw["spreekuur"].values() if isinstance(t, str)]
    return texts


SAMPLE_AGENCY_APPOINTMENT = {"organisatie.met_lidwoord": "het UWV", "onderwerp.naam": "de WW-uitkering",
                             "onderwerp.link": "https://www.uwv.nl/particulieren/werkloos",
                             "afspraak.organisaties": "het UWV en de SVB", "afspraak.contact": "0612345678"}


SAMPLE_CALLBACK = {"terugbellen.naam": "Jan de Vries", "terugbellen.telefoon": "06 12345678",
                   "terugbellen.moment": "dinsdagochtend", "terugbellen.wanneer": "maandag 30 november vanaf 08:30"}


def callback_texts(answers, content):
    """The callback request and wiping the conversation, filled with a sample request."""
    from bot.config.content import render

    facts = {**answers.facts, **SAMPLE_CALLBACK}
    return [render(t, facts) for section in ("terugbellen", "verwijderen") for t in content.raw[section].values()]


def test_answers_are_plain_language(answers, domain, content):
    intents = [i if isinstance(i, str) else next(iter(i)) for i in domain["intents"] if i not in BOOKING_INTENTS]
    scores = [measure(text) for text in all_answer_texts(answers, intents) + booking_texts(answers, content)
                                   + callback_texts(answers, content)]
    prose = [s for s in scores if s.words >= 8]  # a lone link or button line is not prose
    median = statistics.median(s.flesch_douma for s in prose)
    words = sum(s.words for s in prose)
    per_sentence = words / sum(s.sentences for s in prose)
    print(f"\n{len(prose)} answer texts: median Flesch-Douma {median:.1f}, {per_sentence:.1f} words per sentence")
    assert median >= MEDIAN_FLESCH_DOUMA_FLOOR
    assert per_sentence <= WORDS_PER_SENTENCE_CEILING


# -- English: Flesch reading ease ----------------------------------------------------------------

@pytest.mark.parametrize("word, count", [
    ("the", 1), ("passport", 2), ("appointment", 3), ("application", 4), ("make", 1), ("table", 2),
    ("people", 2), ("booked", 1), ("wanted", 2), ("needed", 2), ("places", 2), ("minutes", 2), ("watches", 2),
    ("registered", 3), ("identity", 4), ("tomorrow", 3), ("information", 4), ("you", 1), ("whole", 1),
])
def test_english_syllables(word, count):
    assert syllables(word, "en") == count


def test_flesch_reading_ease_of_known_sentences():
    cat = measure("The cat sat on the mat.", "en")  # 6 words, 6 syllables, 1 sentence
    assert (cat.words, cat.sentences, cat.syllables) == (6, 1, 6)
    assert cat.flesch_reading_ease == pytest.approx(206.835 - 1.015 * 6 - 84.6 * 1)
    two = measure("You can book it online. Bring your old passport.", "en")  # 9 words, 11 syllables, 2 sentences
    assert two.score == pytest.approx(206.835 - 1.015 * 4.5 - 84.6 * 11 / 9)


def test_plain_english_scores_higher_than_officialese():
    plain = measure("You apply for a passport at the desk. Bring a photo.", "en")
    hard = measure("Applicants are required to personally appear at the municipal administrative office "
                   "for the verification of identification documentation.", "en")
    assert plain.score > 80 > 30 > hard.score
    assert plain.language == "en" and measure("U vraagt een paspoort aan.").score == measure("U vraagt een paspoort aan.").flesch_douma


MEDIAN_FLESCH_READING_EASE_FLOOR = 60
SHIPPED_ENGLISH = PROJECT_ROOT / "content" / "antwoorden.en.yml"


@pytest.mark.skipif(not SHIPPED_ENGLISH.exists(), reason="content/antwoorden.en.yml is not shipped")
def test_english_answers_are_plain_language(domain, monkeypatch):
    """The same bar in English: every answer, booking text and mail rendered in English, measured with
    Flesch reading ease."""
    from datetime import datetime

    from bot.config.content import get_content
    from bot.config.gemeente import get_gemeente
    from bot.core import language
    from bot.core.settings import get_settings
    from bot.faq.answers import Answers
    from tests.support.dates import TODAY

    monkeypatch.setenv("CONTENT_FILE", str(PROJECT_ROOT / "content" / "antwoorden.yml"))
    get_settings.cache_clear()
    try:
        with language.using("en"):
            content = get_content()
            answers = Answers(content, get_gemeente(), now=datetime.combine(TODAY, datetime.min.time()))
            intents = [i if isinstance(i, str) else next(iter(i)) for i in domain["intents"] if i not in BOOKING_INTENTS]
            texts = all_answer_texts(answers, intents) + booking_texts(answers, content) + callback_texts(answers, content)
    finally:
        get_settings.cache_clear()
    prose = [s for s in (measure(text, "en") for text in texts) if s.words >= 8]
    median = statistics.median(s.score for s in prose)
    per_sentence = sum(s.words for s in prose) / sum(s.sentences for s in prose)
    print(f"\n{len(prose)} English answer texts: median Flesch reading ease {median:.1f}, "
          f"{per_sentence:.1f} words per sentence")
    assert median >= MEDIAN_FLESCH_READING_EASE_FLOOR
    assert per_sentence <= WORDS_PER_SENTENCE_CEILING
