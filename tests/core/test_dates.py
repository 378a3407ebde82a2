"""Dutch date and time expressions as residents type them when booking an appointment."""
from __future__ import annotations

import time as clock
from datetime import date, time

import pytest

from bot.core.dates import MAX_CHARS, PARTS_OF_DAY, When, as_soon_as_possible, parse_when

TODAY = date(2026, 11, 23)  # a Monday
SUNDAY = date(2026, 11, 29)
NEAR_YEAR_END = date(2026, 12, 30)  # a Wednesday
LONG_GARBAGE = ("qwerty zxcv 1234 AB " * 250)[:5000]

NEXT_WEEK = When(range_start=date(2026, 11, 30), range_end=date(2026, 12, 6))
IN_TWO_WEEKS = When(range_start=date(2026, 12, 7), range_end=date(2026, 12, 13))
END_OF_MONTH = When(range_start=date(2026, 11, 24), range_end=date(2026, 11, 30))
MARCH_15 = When(day=date(2027, 3, 15))  # already past this year, so next year
IMPOSSIBLE = When(problem="impossible_date")
MORNING, AFTERNOON, EVENING = When(part_of_day="ochtend"), When(part_of_day="middag"), When(part_of_day="avond")

CASES = [
    # days relative to today
    ("vandaag", When(day=date(2026, 11, 23))),
    ("morgen", When(day=date(2026, 11, 24))),
    ("overmorgen", When(day=date(2026, 11, 25))),
    ("Over morgen", When(day=date(2026, 11, 25))),
    ("maandag", When(day=date(2026, 11, 23))),  # today is a Monday
    ("dinsdag", When(day=date(2026, 11, 24))),
    ("zondag", When(day=date(2026, 11, 29))),
    ("aanstaande dinsdag", When(day=date(2026, 11, 24))),
    ("deze vrijdag", When(day=date(2026, 11, 27))),
    ("volgende week dinsdag", When(day=date(2026, 12, 1))),
    ("dinsdag over een week", When(day=date(2026, 12, 1))),
    ("over twee weken", IN_TWO_WEEKS),
    ("over 2 weken", IN_TWO_WEEKS),
    ("volgende week", NEXT_WEEK),
    ("volgendeweek", NEXT_WEEK),
    ("deze week", When(range_start=date(2026, 11, 23), range_end=date(2026, 11, 29))),
    ("over 3 dagen", When(day=date(2026, 11, 26))),
    ("eind van de maand", END_OF_MONTH),
    ("eind deze maand", END_OF_MONTH),
    ("einde van de maand", END_OF_MONTH),
    ("begin volgende maand", When(range_start=date(2026, 12, 1), range_end=date(2026, 12, 7))),
    # calendar dates
    ("15 maart", MARCH_15),
    ("15 mrt", MARCH_15),
    ("15-3", MARCH_15),
    ("15/3", MARCH_15),
    ("15-03-2027", MARCH_15),
    ("3 juni 2027", When(day=date(2027, 6, 3))),
    ("12 december", When(day=date(2026, 12, 12))),  # still to come this year
    ("de 1e van de maand", When(day=date(2026, 12, 1))),
    ("15-03-2020", When(day=date(2020, 3, 15), problem="past")),
    ("31 februari", IMPOSSIBLE),
    ("30-2", IMPOSSIBLE),
    ("32 januari", IMPOSSIBLE),
    # parts of the day
    ("'s ochtends", MORNING),
    ("s ochtends", MORNING),
    ("smorgens", MORNING),
    ("’s morgens", MORNING),
    ("in de ochtend", MORNING),
    ("ochtend", MORNING),
    ("'s middags", AFTERNOON),
    ("smiddags", AFTERNOON),
    ("in de middag", AFTERNOON),
    ("'s avonds", EVENING),
    ("savonds", EVENING),
    ("in de avond", EVENING),
    ("dinsdagmiddag", When(day=date(2026, 11, 24), part_of_day="middag")),
    ("woensdagochtend", When(day=date(2026, 11, 25), part_of_day="ochtend")),
    ("vrijdagavond", When(day=date(2026, 11, 27), part_of_day="avond")),
    ("morgenochtend", When(day=date(2026, 11, 24), part_of_day="ochtend")),
    ("morgenmiddag", When(day=date(2026, 11, 24), part_of_day="middag")),
    ("morgenavond", When(day=date(2026, 11, 24), part_of_day="avond")),
    # times
    ("10 uur", When(at=time(10))),
    ("om 10 uur", When(at=time(10))),
    ("10:30", When(at=time(10, 30))),
    ("10.30", When(at=time(10, 30))),
    ("14u30", When(at=time(14, 30))),
    ("half 3", When(at=time(14, 30))),
    ("half 9", When(at=time(8, 30))),
    ("kwart over 9", When(at=time(9, 15))),
    ("kwart voor 4", When(at=time(15, 45))),
    ("tien over half 3", When(at=time(14, 40))),
    ("na vijf uur", When(after=time(17))),
    ("na 5 uur", When(after=time(17))),
    ("na 17:00", When(after=time(17))),
    ("voor 10 uur", When(before=time(10))),
    ("voor tienen", When(before=time(10))),
    ("rond 11 uur", When(at=time(11))),
    ("om drie uur", When(at=time(15))),
    ("twaalf uur", When(at=time(12))),
    ("om één uur", When(at=time(13))),
    ("half 8 's ochtends", When(at=time(7, 30), part_of_day="ochtend")),
    ("8 uur 's avonds", When(at=time(20), part_of_day="avond")),
    ("tussen 10 en 12 uur", When(after=time(10), before=time(12))),
    # mixed
    ("volgende week dinsdagmiddag om half 3",
     When(day=date(2026, 12, 1), at=time(14, 30), part_of_day="middag")),
    ("morgen na vijf uur", When(day=date(2026, 11, 24), after=time(17))),
    ("overmorgen om 10 uur", When(day=date(2026, 11, 25), at=time(10))),
    ("15 maart 's ochtends", When(day=date(2027, 3, 15), part_of_day="ochtend")),
    ("vrijdag 10:30", When(day=date(2026, 11, 27), at=time(10, 30))),
    ("MORGENMIDDAG OM HALF DRIE",
     When(day=date(2026, 11, 24), at=time(14, 30), part_of_day="middag")),
    ("Goedemiddag, kan ik morgen om 10 uur komen?", When(day=date(2026, 11, 24), at=time(10))),
    # nothing to read
    ("ik wil een afspraak voor mijn paspoort", When()),
    ("mijn postcode is 1234 AB", When()),
    ("bel 06 12345678", When()),
    ("het duurt 2 uur", When()),
    ("asdf qwerty ???", When()),
    ("", When()),
    (LONG_GARBAGE, When()),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[text[:40] or "<empty>" for text, _ in CASES])
def test_parse_when(text, expected):
    assert parse_when(text, TODAY) == expected


@pytest.mark.parametrize("text, expected", [
    ("volgende week", When(range_start=date(2026, 11, 30), range_end=date(2026, 12, 6))),
    ("deze week", When(range_start=SUNDAY, range_end=SUNDAY)),
    ("morgen", When(day=date(2026, 11, 30))),
    ("maandag", When(day=date(2026, 11, 30))),
    ("zondag", When(day=SUNDAY)),
    ("eind van de maand", When(range_start=SUNDAY, range_end=date(2026, 11, 30))),
])
def test_on_a_sunday(text, expected):
    assert parse_when(text, SUNDAY) == expected


@pytest.mark.parametrize("text, expected", [
    ("volgende week", When(range_start=date(2027, 1, 4), range_end=date(2027, 1, 10))),
    ("deze week", When(range_start=NEAR_YEAR_END, range_end=date(2027, 1, 3))),
    ("morgen", When(day=date(2026, 12, 31))),
    ("overmorgen", When(day=date(2027, 1, 1))),
    ("eind van de maand", When(range_start=NEAR_YEAR_END, range_end=date(2026, 12, 31))),
    ("begin volgende maand", When(range_start=date(2027, 1, 1), range_end=date(2027, 1, 7))),
    ("15 januari", When(day=date(2027, 1, 15))),
    ("30 december", When(day=NEAR_YEAR_END)),  # today is not yet past
    ("29 december", When(day=date(2027, 12, 29))),
    ("maandag", When(day=date(2027, 1, 4))),
])
def test_near_the_end_of_the_year(text, expected):
    assert parse_when(text, NEAR_YEAR_END) == expected


def test_last_day_of_the_year():
    last = date(2026, 12, 31)
    assert parse_when("morgen", last) == When(day=date(2027, 1, 1))
    assert parse_when("eind van de maand", last) == When(range_start=last, range_end=last)


def test_this_weeks_day_already_gone_is_past():
    wednesday = date(2026, 11, 25)
    assert parse_when("deze week maandag", wednesday) == When(day=date(2026, 11, 23), problem="past")


def test_a_week_from_tuesday_differs_from_next_weeks_tuesday_midweek():
    wednesday = date(2026, 11, 25)
    assert parse_when("dinsdag over een week", wednesday) == When(day=date(2026, 12, 8))
    assert parse_when("volgende week dinsdag", wednesday) == When(day=date(2026, 12, 1))


def test_leap_day_is_only_possible_when_the_coming_february_has_one():
    assert parse_when("29 februari", TODAY) == IMPOSSIBLE
    assert parse_when("29 februari", date(2027, 11, 1)) == When(day=date(2028, 2, 29))


@pytest.mark.parametrize("text", [
    ("qwerty zxcv " * 500)[:5000],
    ("morgen om 10 uur " * 300)[:5000],  # date words in pasted text are not trusted
    "1-" * 2500,
    "om " * 1666,
])
def test_long_text_is_empty_and_quick(text):
    started = clock.perf_counter()
    when = parse_when(text, TODAY)
    assert clock.perf_counter() - started < 0.1
    assert when == When() and when.is_empty


def test_longest_accepted_message_is_still_read():
    text = "morgen om 10 uur".ljust(MAX_CHARS)
    assert parse_when(text, TODAY) == When(day=date(2026, 11, 24), at=time(10))


@pytest.mark.parametrize("text", ["\x00\n\t", "😀 🗓️", "99-99-9999", "0-0", "half nul", "om 99 uur", None])
def test_odd_input_never_raises(text):
    when = parse_when(text, TODAY)
    assert when.day is None and when.at is None


def test_is_empty():
    assert When().is_empty is True
    assert When(problem="impossible_date").is_empty is False
    assert When(part_of_day="avond").is_empty is False


def test_parts_of_day_cover_what_the_parser_returns():
    assert set(PARTS_OF_DAY) == {"ochtend", "middag", "avond"}
    assert PARTS_OF_DAY["middag"] == (time(12), time(18))


@pytest.mark.parametrize("text, meant", [("zo snel mogelijk", True), ("zsm graag", True), ("de eerste mogelijkheid", True),
                                         ("asap", True), ("volgende week", False), ("snel een paspoort", False)])
def test_as_soon_as_possible(text, meant):
    assert as_soon_as_possible(text) is meant


# English, as residents type it in an English conversation; read into the same fields as Dutch
ENGLISH_CASES = [
    ("today", When(day=date(2026, 11, 23))),
    ("tomorrow", When(day=date(2026, 11, 24))),
    ("the day after tomorrow", When(day=date(2026, 11, 25))),
    ("Tuesday", When(day=date(2026, 11, 24))),
    ("this Friday", When(day=date(2026, 11, 27))),
    ("next Tuesday at 10", When(day=date(2026, 11, 24), at=time(10))),
    ("Tuesday next week", When(day=date(2026, 12, 1))),
    ("next week", NEXT_WEEK),
    ("this week", When(range_start=date(2026, 11, 23), range_end=date(2026, 11, 29))),
    ("in two weeks", IN_TWO_WEEKS),
    ("the week after next", IN_TWO_WEEKS),
    ("in 3 days", When(day=date(2026, 11, 26))),
    ("end of the month", END_OF_MONTH),
    ("early next month", When(range_start=date(2026, 12, 1), range_end=date(2026, 12, 7))),
    ("on the 14th", When(day=date(2026, 12, 14))),  # November 14 is past: the next 14th
    ("the 24th", When(day=date(2026, 11, 24))),
    ("the 3rd of next month", When(day=date(2026, 12, 3))),
    ("14 December", When(day=date(2026, 12, 14))),
    ("14th of March", When(day=date(2027, 3, 14))),
    ("Dec 14", When(day=date(2026, 12, 14))),
    ("December 14th at 9am", When(day=date(2026, 12, 14), at=time(9))),
    ("May 3rd", When(day=date(2027, 5, 3))),
    ("tomorrow morning", When(day=date(2026, 11, 24), part_of_day="ochtend")),
    ("friday afternoon", When(day=date(2026, 11, 27), part_of_day="middag")),
    ("Wednesday evening", When(day=date(2026, 11, 25), part_of_day="avond")),
    ("in the morning", MORNING),
    ("this afternoon", When(day=date(2026, 11, 23), part_of_day="middag")),
    ("10am", When(at=time(10))),
    ("at 10 a.m.", When(at=time(10))),
    ("2:30 pm", When(at=time(14, 30))),
    ("12pm", When(at=time(12))),
    ("at 10 o'clock", When(at=time(10))),
    ("at noon", When(at=time(12))),
    ("half past two", When(at=time(14, 30))),
    ("quarter past 9", When(at=time(9, 15))),
    ("quarter to four", When(at=time(15, 45))),
    ("ten to four", When(at=time(15, 50))),
    ("twenty past three", When(at=time(15, 20))),
    ("at two thirty", When(at=time(14, 30))),
    ("after 3", When(after=time(15))),
    ("not before 11", When(after=time(11))),
    ("before noon", When(before=time(12))),
    ("no later than 4pm", When(before=time(16))),
    ("between 10 and 12", When(after=time(10), before=time(12))),
    ("from 9 to 11", When(after=time(9), before=time(11))),
    ("Tuesday at 2:30pm", When(day=date(2026, 11, 24), at=time(14, 30))),
    ("at 10 on Tuesday", When(day=date(2026, 11, 24), at=time(10))),
    ("Tuesday at 10 please", When(day=date(2026, 11, 24), at=time(10))),
    ("at 8 in the evening", When(at=time(20), part_of_day="avond")),
    ("after 3 on Friday", When(day=date(2026, 11, 27), after=time(15))),
    ("before 2 pm tomorrow", When(day=date(2026, 11, 24), before=time(14))),
    ("Good morning, can I come tomorrow at 10?", When(day=date(2026, 11, 24), at=time(10))),
    ("may I come on Friday?", When(day=date(2026, 11, 27))),  # "may" is only a month beside a day
    # nothing to read
    ("I need a new passport", When()),
    ("it takes 2 hours", When()),
    ("it costs 12.50", When()),
    ("at the town hall", When()),
]


@pytest.mark.parametrize("text, expected", ENGLISH_CASES, ids=[text for text, _ in ENGLISH_CASES])
def test_parse_when_in_english(text, expected):
    assert parse_when(text, TODAY) == expected


@pytest.mark.parametrize("text, expected", [
    ("ten laatste om 10 uur", When(at=time(10))),  # "ten" is Dutch here, not 10
    ("maart 15 om 10 uur", When(at=time(10))),  # the month first is English only, as before
    ("in maart 2 keer", When()),
    ("15 maart 10 uur", When(day=date(2027, 3, 15), at=time(10))),
    ("jan 14 jaar", When()),
    ("voor 2 personen", When()),  # an hour with words after it is English only: not "voor 2 uur"
])
def test_english_words_leave_dutch_alone(text, expected):
    assert parse_when(text, TODAY) == expected


@pytest.mark.parametrize("text, meant", [("asap", True), ("as soon as possible please", True), ("ASAP", True),
                                         ("the earliest available", True), ("first available slot", True),
                                         ("as early as possible", True), ("next week", False),
                                         ("a passport soon", False)])
def test_as_soon_as_possible_in_english(text, meant):
    assert as_soon_as_possible(text) is meant
