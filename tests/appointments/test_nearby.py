"""Which pop-ups are near a resident: by a postcode (with or without its letters), a neighbourhood,
a place's name, words that say they cannot travel, or "in de buurt" without saying where."""
from __future__ import annotations

import pytest

from bot.appointments.nearby import offering, postcode_in, resident_whereabouts, whereabouts

CANNOT_TRAVEL = ("slecht lopen", "slecht ter been")
NEARBY = ("in de buurt", "dichtbij")


def popups_serving(config, digits):
    return [code for code, place in config.popups() if digits in place.postcodegebied]


@pytest.mark.parametrize("text, expected", [
    ("ik woon in 9995, kan ik in de buurt een paspoort aanvragen", "9995"),
    ("mijn postcode is 9993 AB", "9993"),
    ("9993ab", "9993"),
    ("ik woon op 1012 AB in Amsterdam", "1012"),  # with its letters a postcode outside the areas too
    ("we gaan in 2027 op reis", None),  # a year, and "op" after a space is no pair of postcode letters
    ("mijn zoon van 10", None),
    ("het kost € 1470", None),
])
def test_postcodes_are_told_from_other_numbers(config, text, expected):
    assert postcode_in(text, config) == expected


@pytest.mark.parametrize("digits", ["9993", "9995"])
def test_a_postcode_gives_the_popups_whose_area_it_is_in(config, digits):
    found = whereabouts(config, f"ik woon in {digits}, kan ik ergens een paspoort aanvragen")
    assert found.postcode == digits
    assert list(found.near) == popups_serving(config, digits) != []


def test_a_postcode_outside_every_area_gives_no_popup_but_is_kept(config):
    found = whereabouts(config, "ik woon in 1012 AB, kan ik in de buurt een paspoort aanvragen", (), NEARBY)
    assert found.near == () and found.postcode == "1012" and found.says_where


@pytest.mark.parametrize("text, code", [
    ("kan ik bij de bus mijn verhuizing doorgeven", "bus_de_weide"),
    ("ik woon in Oosterhout, waar kan ik mijn rijbewijs verlengen", "bibliotheek_oosterhout"),
    ("kan ik in de linde een id-kaart aanvragen", "zorgcentrum_de_linde"),
    ("ik woon in de weide", "bus_de_weide"),
])
def test_a_place_or_neighbourhood_named_gives_that_popup(config, text, code):
    found = whereabouts(config, text)
    assert found.near == (code,) and found.named == (code,)


def test_who_cannot_travel_gets_the_care_homes_first(config):
    care = [code for code, place in config.popups() if place.zorglocatie]
    found = whereabouts(config, "ik woon in Oosterhout en ben slecht ter been", CANNOT_TRAVEL)
    assert care and found.cannot_travel
    assert list(found.near) == [*care, "bibliotheek_oosterhout"]


def test_near_me_without_saying_where_asks_for_every_popup(config):
    found = whereabouts(config, "kan ik ergens dichtbij een paspoort aanvragen", CANNOT_TRAVEL, NEARBY)
    assert found.anywhere_near and found.near == () and found.says_where


def test_a_question_that_says_nothing_of_where_says_nothing(config):
    assert not whereabouts(config, "wat kost een paspoort voor mijn zoon van 10", CANNOT_TRAVEL, NEARBY).says_where


def test_the_counter_is_never_near_home(config):
    assert whereabouts(config, "kan ik in het gemeentehuis aan de balie een paspoort aanvragen").near == ()


def test_the_words_come_from_the_content_file(config, content):
    words = content.raw["dichtbij"]["woorden_niet_reizen"]
    found = resident_whereabouts(content, config, f"mijn moeder kan {words[0]}, waar kan zij een paspoort aanvragen")
    assert found.cannot_travel
    assert set(found.near) == {code for code, place in config.popups() if place.zorglocatie}


def test_offering_keeps_the_places_that_offer_a_product(config):
    popups = [code for code, _ in config.popups()]
    assert offering(config, popups, ["verhuizing"]) == [c for c in popups if "verhuizing" in config.locaties[c].producten]
    assert offering(config, popups, ["paspoort"]) == [c for c in popups if "paspoort" in config.locaties[c].producten]
