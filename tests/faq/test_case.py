"""Case detection: for whom (a child, an adult, 75 or older), how urgent, which day - in the
words residents use, not the words of gemeente.yml."""
from __future__ import annotations

import pytest

from bot.faq.case import ages_in, case_of, is_urgent


@pytest.mark.parametrize("text, ages", [
    ("wat kost een paspoort voor mijn zoon van 10", [10]),
    ("hoeveel kost een identiteitskaart voor een kind van 7 jaar", [7]),
    ("mijn vader wordt 76 en zijn rijbewijs verloopt", [76]),
    ("ID kaart voor een 15-jarige", [15]),
    ("mijn dochter (16) wil een paspoort", [16]),
    ("my son is 12 years old", [12]),
    ("zijn jullie open van 10 tot 12", []),
    ("ik ben er van 9 uur tot 5", []),
    ("kan ik over 3 dagen komen", []),
    ("mijn paspoort is 10 jaar geldig", []),
])
def test_ages_are_read_and_times_are_not(text, ages):
    assert ages_in(text) == ages


@pytest.mark.parametrize("text, names", [
    ("wat kost een paspoort voor mijn zoon van 10", ("minderjarig",)),
    ("en voor mijn dochtertje?", ("minderjarig",)),
    ("paspoort voor mijn dochter van 19", ("volwassen",)),
    ("wat betaalt een volwassene voor een id kaart", ("volwassen",)),
    ("mijn opa is 81, moet hij naar de keuring", ("volwassen", "75_plus")),
    ("rijbewijs verlengen voor een 75-plusser", ("75_plus",)),
    ("wat kost trouwen op een zaterdag", ("zaterdag", "weekend")),
    ("kunnen we in het weekend trouwen", ("zaterdag", "weekend")),
    ("trouwen doordeweeks, wat kost dat", ("doordeweeks",)),
    ("wat kost een paspoort", ()),
])
def test_the_case_of_a_question(text, names):
    assert case_of(text).names == names


@pytest.mark.parametrize("text", [
    "kan het met spoed?",
    "kan het sneller?",
    "ik heb echt haast",
    "ik vlieg volgende week en mijn paspoort is verlopen",
    "ik moet over 3 dagen op vakantie",
    "over twee dagen gaan we op reis naar Turkije",
    "we vertrekken morgen",
    "I fly next week, my passport expired",
    "ik heb hem deze week nog nodig",
])
def test_urgency_said_or_implied_by_a_near_deadline(text):
    assert is_urgent(text)
    assert case_of(text).names[0] == "spoed"


@pytest.mark.parametrize("text", [
    "hoe lang duurt een paspoort",
    "ik ga over 3 weken op vakantie",
    "ik ga over 20 dagen op reis",
    "kan ik volgende week een afspraak maken",  # a date, but nothing needed by then
    "mijn paspoort is verlopen",
])
def test_no_urgency_without_a_rush_or_a_near_need(text):
    assert not is_urgent(text)


def test_an_age_outweighs_the_word_child():
    assert case_of("mijn zoon van 20 wil een id kaart").names == ("volwassen",)


def test_no_case_is_falsy():
    assert not case_of("")
    assert case_of("met spoed")


@pytest.mark.parametrize("text", ["wat kost een paspoort voor mijn zoon van 10", "rijbewijs voor mijn vader van 80",
                                  "id kaart met spoed voor zaterdag", "trouwen doordeweeks", "paspoort voor een volwassene"])
def test_a_case_kept_by_its_names_is_the_same_case(text):
    from bot.faq.case import case_named

    names = case_of(text).names
    assert names and case_named(names).names == names
    assert not case_named(())
