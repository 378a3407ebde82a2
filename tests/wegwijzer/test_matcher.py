"""Recognising a wegwijzer subject from the words of gemeente.yml, without taking burgerzaken questions."""
from __future__ import annotations

import pytest

from bot.wegwijzer.matcher import Owners, WegwijzerMatcher
from bot.wegwijzer.sources import build_matcher


@pytest.fixture(scope="module")
def matcher(config, content):
    return build_matcher(config, content)


@pytest.mark.parametrize("text, topic", [
    ("wanneer wordt het grofvuil opgehaald", "afval"),
    ("grof vuil laten ophalen", "afval"),                       # written apart
    ("de ondergrondse containr zit vol", "afval"),              # a typo
    ("mag ik mijn tuinafval naar de milieustraat brengen", "milieustraat"),  # the surer subject wins
    ("hondebelasting stopzetten", "hondenbelasting"),
    ("mijn hond is overleden", "hondenbelasting"),
    ("onze hond is vorige week ingeslapen", "hondenbelasting"),
    ("mag ik de bomen in mijn tuin kappen", "kapvergunning"),   # plural and verb
    ("kapvergunnig aanvragen", "kapvergunning"),
    ("heb ik een vergunning nodig voor een dakkappel", "omgevingsvergunning"),
    ("wmo huishoudelijke hulp aanvragen", "wmo"),
    ("ik wil hulp bij het huishouden voor mijn moeder", "wmo"),
    ("ik zit diep in de schulden", "schulden"),
    ("de straatlantaarnpaal is kapot", "melding_openbare_ruimte"),  # a compound
    ("er liggen losse stoeptegels voor mijn deur", "melding_openbare_ruimte"),
    ("wozbeschikking klopt niet", "belastingen"),
])
def test_subjects_are_recognised(matcher, text, topic):
    assert matcher.match(text).decide() == topic


@pytest.mark.parametrize("text", [
    "mijn vader is overleden, wat moet ik regelen",
    "kan mijn aannemer tijdens de verbouwing een parkeervergunning krijgen",
    "ik wil een afspraak voor een paspoort, kan ik daarna naar de milieustraat",
    "ik kan mijn studieschuld niet terugbetalen",  # DUO's own word, though it ends in "schuld"
    "hoe laat is het gemeentehuis open",
    "ik heb een afspraak bij de kapper",
    "wat kost een id kaart",
    "wat voor weer wordt het morgen",
])
def test_burgerzaken_and_other_questions_are_left_alone(matcher, text):
    assert matcher.match(text).decide() is None


def test_the_classifiers_topic_stays_when_it_owns_a_word_of_the_message(matcher):
    cak = matcher.match("waarom moet ik een eigen bijdrage betalen voor mijn wmo hulp")
    assert cak.topic == "wmo" and "vraag_cak" in cak.evidence
    assert cak.decide("vraag_cak") is None  # "eigen bijdrage" is the CAK's
    assert cak.decide("out_of_scope") == "wmo"
    wmo = matcher.match("ik wil huishoudelijke hulp via de wmo")
    assert wmo.decide("vraag_cak") == "wmo"  # "wmo" is the subject's here, so the CAK owns nothing


@pytest.mark.parametrize("intent, expected", [
    ("out_of_scope", "kapvergunning"), ("nlu_fallback", "kapvergunning"), ("parkeervergunning", "kapvergunning"),
    ("openingstijden", "kapvergunning"), ("menselijk_contact", None), ("klacht", None), ("bedankt", "kapvergunning"),
])
def test_what_the_subject_replaces(matcher, intent, expected):
    assert matcher.match("ik wil een kapvergunning aanvragen").decide(intent) == expected


def test_small_talk_is_replaced_only_on_an_exact_word(matcher):
    assert matcher.match("bedankt, en een dakkappel?").decide("bedankt") is None
    assert matcher.match("bedankt, en een dakkapel?").decide("bedankt") == "omgevingsvergunning"


def test_an_example_counts_when_the_message_has_most_of_its_telling_words(matcher):
    found = matcher.match("mijn moeder kan haar huis niet meer schoonhouden")
    assert (found.topic, found.via) == ("wmo", "voorbeeld")
    assert matcher.match("hoe laat is de bibliotheek open").topic is None  # only common words shared


def test_a_new_subject_needs_only_its_words():
    matcher = WegwijzerMatcher({"begraven": (["begraafplaats", "grafrechten", "graf ruimen"], [])},
                               {"overlijden": Owners(frozenset({"overlijden_aangifte"}))})
    assert matcher.match("de grafrechten van mijn oma verlopen").decide() == "begraven"
    assert matcher.match("het graf van opa wordt geruimd").decide() == "begraven"
    assert matcher.match("aangifte van overlijden doen").decide() is None


def test_the_match_says_where_and_how(matcher):
    text = "wanneer wordt het grofvuil opgehaald"
    found = matcher.match(text)
    assert found.via == "woord" and found.exact
    assert text[found.span[0]:found.span[1]] == "grofvuil"
