"""Telling places apart: a word only one place's name has names that place; a shared word
leaves every place that has it, and what the places offer narrows them."""
from __future__ import annotations

import pytest

from bot.appointments.places import joined, name_words, narrow, places_named, split


@pytest.mark.parametrize("text, expected", [
    ("bij de gemeentebus in de weide", ["bus_de_weide"]),
    ("het servicepunt in de weide", ["servicepunt_de_weide"]),
    ("in de weide", ["servicepunt_de_weide", "bus_de_weide"]),
    ("de bus in de weide", ["servicepunt_de_weide", "bus_de_weide"]),
    ("near Oosterhout", ["bibliotheek_oosterhout"]),
    ("in de bieb, de bibliotheek", ["bibliotheek_oosterhout"]),
    ("op het gemeentehuis", ["gemeentehuis"]),
    ("aan de balie", ["gemeentehuis", "servicepunt_de_weide"]),
    ("ergens anders", []),
])
def test_places_are_told_apart_by_their_own_words(config, text, expected):
    assert places_named(config, text) == expected


def test_the_words_of_a_name_leave_out_the_municipality(config):
    assert name_words("Gemeentebus De Weide") == ["gemeentebus", "weide"]


def test_what_a_place_offers_tells_places_with_a_shared_name_apart():
    offers = {"servicepunt_de_weide": set(), "bus_de_weide": {"paspoort"}}
    assert narrow(["servicepunt_de_weide", "bus_de_weide"], lambda code: "paspoort" in offers[code]) \
        == ["bus_de_weide"]
    # none offers it: every place stays, and the check explains the place does not offer it
    assert narrow(["servicepunt_de_weide"], lambda code: False) == ["servicepunt_de_weide"]


def test_several_places_travel_in_one_slot_value(config):
    value = joined(["servicepunt_de_weide", "bus_de_weide"])
    assert split(value, set(config.locaties)) == ["servicepunt_de_weide", "bus_de_weide"]
    assert joined([]) is None and split("onbekend", set(config.locaties)) == []


@pytest.mark.parametrize("text, meant", [
    ("at the town hall", ["gemeentehuis"]),
    ("the library please", ["bibliotheek_oosterhout"]),
    ("Linde care home", ["zorgcentrum_de_linde"]),
    ("the care centre", ["zorgcentrum_de_linde"]),
])
def test_places_by_their_english_names(config, text, meant):
    assert places_named(config, text) == meant
