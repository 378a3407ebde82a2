"""Where the agencies are: pilot locations, shared days, and the place nearest to a resident."""
from __future__ import annotations

import pytest

from bot.agencies.locations import locations_for, locations_with, nearest_first, partners_for, postcode_in, shared_days

BOTH = ["gemeentehuis", "servicepunt_de_weide"]


@pytest.mark.parametrize("text, first", [
    ("ik woon in 9993 AB", "servicepunt_de_weide"),       # in the servicepunt's postcode area
    ("mijn postcode is 9994xz", "servicepunt_de_weide"),
    ("ik woon in De Weide", "servicepunt_de_weide"),        # its neighbourhood by name
    ("9991 AB", "gemeentehuis"),                            # nearest postcode number
    ("9990", "gemeentehuis"),
    ("geen idee", "gemeentehuis"),                          # no clue: the configured order
])
def test_nearest_location_by_postcode_or_neighbourhood(config, text, first):
    assert nearest_first(config, BOTH, text)[0] == first


def test_postcode_is_read_with_or_without_letters_and_never_from_a_longer_number():
    assert postcode_in("9995 ab") == 9995 and postcode_in("9995AB") == 9995 and postcode_in("9995") == 9995
    assert postcode_in("bel 0612345678") is None and postcode_in("om 10:30") is None


def test_agencies_meet_only_where_and_when_all_of_them_are_there(config):
    assert locations_for(config, ["uwv"]) == BOTH
    assert locations_for(config, ["duo"]) == ["gemeentehuis"]
    assert locations_for(config, ["uwv", "svb"]) == BOTH
    assert shared_days(config, "gemeentehuis", ["uwv", "svb"]) == ["dinsdag"]
    assert shared_days(config, "gemeentehuis", ["uwv", "duo"]) == []  # tuesday/thursday versus wednesday
    assert locations_for(config, ["uwv", "duo"]) == []
    assert shared_days(config, "bus_de_weide", ["uwv"]) == []


def test_partners_are_the_agencies_that_can_join_on_the_same_day(config):
    assert partners_for(config, "duo") == ["juridisch_loket"]
    assert partners_for(config, "uwv") == ["svb", "cak"]  # the Juridisch Loket is never there on the same day


def test_an_employee_works_wherever_one_of_their_agencies_is(config):
    assert locations_with(config, ["duo"]) == ["gemeentehuis"]
    assert locations_with(config, ["duo", "svb"]) == BOTH  # either one, unlike locations_for
    assert locations_for(config, ["duo", "svb"]) == []
    assert locations_with(config, []) == []
