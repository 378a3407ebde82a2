"""The booking conversation without Rasa: what a message fills in, the checks with their
explanations and alternatives, and the buttons offered."""
from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from bot.appointments.dialogue import BookingDialogue
from bot.appointments.types import Contact
from bot.core.clock import TIMEZONE
from bot.forms.turn import Turn
from bot.nlp.vocabulary import vocabulary


@pytest.fixture
def flow(scheduler, config, content, clock):
    return BookingDialogue(scheduler, config, content, vocabulary(), now=clock)


def test_everything_said_at_once_is_understood(flow):
    turn = Turn("Ik wil volgende week dinsdagmiddag een afspraak voor mijn paspoort in de bibliotheek",
                "afspraak_maken", {"document": ["paspoort"]})
    found = flow.extract(turn, {})
    assert found["product"] == "paspoort" and found["locatie"] == "bibliotheek_oosterhout"
    assert found["dag"] == "2026-12-01"
    assert json.loads(found["voorkeur"]) == {"part_of_day": "middag"}


def test_a_day_without_opening_is_explained_with_the_nearest_free_days(flow):
    slots = {"product": "paspoort", "locatie": "bibliotheek_oosterhout", "dag": "2026-12-01"}
    outcome = flow.validate_dag("2026-12-01", slots)
    assert outcome.slots == {"dag": None, "tijd": None}
    [reply] = outcome.replies
    assert "dinsdag 1 december" in reply.text and "niet open" in reply.text
    assert reply.buttons[0].title == "woensdag 2 december"


def test_a_product_that_only_the_town_hall_serves_needs_no_place_question(flow):
    found = flow.extract(Turn("afspraak voor een vog", "afspraak_maken", {"product": ["vog"]}), {})
    assert found == {"product": "vog", "locatie": "gemeentehuis"}


def test_day_and_time_in_one_message(flow):
    found = flow.extract(Turn("morgen om half 3", "informeren", requested_slot="dag"),
                         {"product": "paspoort", "locatie": "gemeentehuis"})
    assert found["dag"] == "2026-11-24" and found["tijd"] == "2026-11-24T14:30:00+01:00"


@pytest.mark.parametrize("text, key", [
    ("31 februari", "Die datum bestaat niet"),
    ("15-03-2020", "al voorbij"),
    ("blablabla", "begrijp ik niet"),
])
def test_impossible_past_and_garbage_days(flow, text, key):
    slots = {"product": "paspoort", "locatie": "gemeentehuis"}
    found = flow.extract(Turn(text, "informeren", requested_slot="dag"), slots)
    outcome = flow.validate_dag(found["dag"], {**slots, **found})
    assert outcome.slots["dag"] is None and key in outcome.replies[0].text
    assert outcome.replies[0].buttons  # the nearest free days are offered


def test_too_far_ahead_names_the_last_day(flow):
    outcome = flow.validate_dag("2027-06-01", {"product": "paspoort", "locatie": "gemeentehuis"})
    assert "tot en met zondag 21 februari" in outcome.replies[0].text


def test_a_full_day_is_explained(flow, scheduler):
    friday = date(2026, 11, 27)
    for slot in scheduler.free_times("paspoort", "zorgcentrum_de_linde", friday):
        scheduler.book("paspoort", "zorgcentrum_de_linde", slot.start, Contact("Vol", "vol@example.nl"))
    outcome = flow.validate_dag(friday.isoformat(), {"product": "paspoort", "locatie": "zorgcentrum_de_linde"})
    assert "al vol" in outcome.replies[0].text
    assert outcome.replies[0].buttons[0].title == "vrijdag 4 december"


def test_times_follow_the_part_of_day_and_end_with_another_day(flow):
    [reply] = flow.ask("tijd", {"product": "paspoort", "locatie": "gemeentehuis", "dag": "2026-11-26",
                                "voorkeur": json.dumps({"part_of_day": "avond"})})
    titles = [b.title for b in reply.buttons]
    assert 3 <= len(titles) - 1 <= 5 and all(t >= "18:00" for t in titles[:-1])
    assert titles[-1] == "Andere dag" and reply.buttons[-1].payload == "/afspraak_wijzigen"


def test_a_taken_time_offers_the_nearest_free_ones(flow, scheduler):
    start = datetime(2026, 11, 27, 10, 0, tzinfo=TIMEZONE)
    scheduler.book("paspoort", "zorgcentrum_de_linde", start, Contact("Al", "al@example.nl"))
    slots = {"product": "paspoort", "locatie": "zorgcentrum_de_linde", "dag": "2026-11-27"}
    outcome = flow.validate_tijd(start.isoformat(), slots)
    assert outcome.slots == {"tijd": None}
    assert [b.title for b in outcome.replies[0].buttons][:2] == ["10:15", "10:30"]


def test_another_day_clears_day_and_time(flow):
    found = flow.extract(Turn("andere dag", "afspraak_wijzigen", requested_slot="tijd"),
                         {"product": "paspoort", "locatie": "gemeentehuis", "dag": "2026-11-24"})
    assert found == {"dag": None, "tijd": None, "bevestigd": None}


def test_changing_the_place_midway_clears_day_and_time(flow):
    found = flow.extract(Turn("toch liever bij zorgcentrum De Linde", "informeren", requested_slot="naam"),
                         {"product": "paspoort", "locatie": "gemeentehuis", "dag": "2026-11-24",
                          "tijd": "2026-11-24T10:00:00+01:00"})
    assert found["locatie"] == "zorgcentrum_de_linde" and found["dag"] is None and found["tijd"] is None


def test_a_question_about_something_else_fills_nothing(flow):
    turn = Turn("wat kost een paspoort", "paspoort_id_aanvragen", {"document": ["paspoort"]}, requested_slot="naam")
    assert "naam" not in flow.extract(turn, {"product": "paspoort"})


@pytest.mark.parametrize("name, ok", [("Jan de Vries", True), ("<b>Jan</b>", False), ("SELECT * FROM users", False)])
def test_names_are_checked(flow, name, ok):
    outcome = flow.validate_naam(name, {})
    assert (outcome.slots["naam"] is not None) is ok
    assert bool(outcome.replies) is not ok


def test_email_is_checked(flow):
    assert flow.validate_email("jan@example", {}).slots == {"email": None}
    assert flow.validate_email("Jan@Example.nl", {}).slots == {"email": "Jan@example.nl"}


def test_the_summary_shows_everything_before_booking(flow):
    [reply] = flow.ask("bevestigd", {"product": "paspoort", "locatie": "gemeentehuis", "dag": "2026-11-24",
                                     "tijd": "2026-11-24T10:30:00+01:00", "naam": "Jan de Vries",
                                     "email": "jan@example.nl"})
    assert "dinsdag 24 november om 10:30" in reply.text and "Jan de Vries" in reply.text
    assert [b.payload for b in reply.buttons] == ["/bevestigen", "/afspraak_wijzigen", "/ontkennen"]


def test_the_reference_is_read_from_a_sentence(flow):
    found = flow.extract(Turn("mijn code is wdkm-3827", "informeren", requested_slot="referentie"), {})
    assert flow.validate_referentie(found["referentie"], {}).slots == {"referentie": "WDKM3827"}
    assert flow.validate_referentie("geen idee", {}).replies


def test_days_are_counted_from_the_clock_the_dialogue_is_given(flow, clock):
    clock.now = datetime(2029, 12, 31, 8, 0, tzinfo=TIMEZONE)  # a Monday, years after the wall clock
    slots = {"product": "paspoort", "locatie": "gemeentehuis"}
    found = flow.extract(Turn("morgen", "informeren", requested_slot="dag"), slots)
    assert found["dag"] == "2030-01-01"
    outcome = flow.validate_dag("2029-12-28", slots)  # last Friday for the clock, still ahead for the wall clock
    assert outcome.slots["dag"] is None and "al voorbij" in outcome.replies[0].text


@pytest.mark.parametrize("slot, text, expected", [
    ("product", "een vergunning voor mijn draak", "kan ik geen afspraak maken"),
    ("locatie", "op de maan", "Die plek ken ik niet"),
    ("tijd", "<script>alert(1)</script>", "Kies een tijd"),
])
def test_an_answer_that_is_not_a_choice_is_explained_with_the_choices(flow, slot, text, expected):
    slots = {"product": "paspoort", "locatie": "gemeentehuis", "dag": "2026-11-24"}
    slots.pop(slot, None)
    found = flow.extract(Turn(text, "informeren", requested_slot=slot), slots)
    assert found[slot] == "?"
    outcome = getattr(flow, f"validate_{slot}")(found[slot], {**slots, **found})
    assert outcome.slots[slot] is None and expected in outcome.replies[0].text


@pytest.mark.parametrize("text, intent", [("tom.hendriks apenstaartje gmail", "out_of_scope"),
                                          ("jantje@", "informeren"), ("gewoon mijn hotmail", "nlu_fallback")])
def test_whatever_is_typed_at_the_email_question_is_checked_as_an_address(flow, text, intent):
    found = flow.extract(Turn(text, intent, requested_slot="email"), {"product": "paspoort"})
    outcome = flow.validate_email(found["email"], {})
    assert outcome.slots == {"email": None} and outcome.replies[0].text == flow.text("email_fout", {})


def test_an_address_said_in_words_is_kept_as_typed(flow):
    found = flow.extract(Turn("noor punt peters apenstaartje gmail punt com", "out_of_scope",
                              requested_slot="email"), {})
    assert flow.validate_email(found["email"], {}).slots == {"email": "noor.peters@gmail.com"}


def test_a_question_at_the_email_question_is_no_address(flow):
    assert "email" not in flow.extract(Turn("waarom hebben jullie mijn e-mail nodig?", "informeren",
                                            requested_slot="email"), {})


@pytest.mark.parametrize("slot, key", [("referentie", "referentie_onbekend"), ("controle_email", "controle_email_onbekend"),
                                       ("email", "email_onbekend")])
def test_no_code_or_address_at_hand_says_where_to_find_it_and_the_phone_and_ends(flow, config, slot, key):
    outcome = flow.unknown(slot, {})
    assert outcome.slots == {"bevestigd": False}  # the form ends: never the same question again and again
    [reply] = outcome.replies
    assert reply.text == flow.text(key, {}) and config.gemeente.telefoon in reply.text


def test_not_knowing_a_choice_asks_it_again(flow):
    assert flow.unknown("dag", {}).slots == {"dag": None} and not flow.unknown("dag", {}).replies


CHOSEN = {"product": "paspoort", "locatie": "gemeentehuis", "dag": "2026-11-24", "tijd": "2026-11-24T10:30:00+01:00",
          "naam": "Jan de Vries", "email": "jan@example.nl"}


@pytest.mark.parametrize("text, slot, value", [
    ("nee, mijn mail is j.devries@voorbeeld.nl", "email", "j.devries@voorbeeld.nl"),
    ("mijn naam is Johan de Vries", "naam", "Johan de Vries"),
])
def test_a_correction_typed_at_the_summary_changes_what_it_names_and_the_summary_comes_again(flow, text, slot, value):
    found = flow.extract(Turn(text, "informeren", requested_slot="bevestigd"), CHOSEN)
    assert found[slot] == value and found["bevestigd"] is None
    assert flow.validate(slot, found[slot], {**CHOSEN, **found}).slots == {slot: value}
    [summary] = flow.ask("bevestigd", {**CHOSEN, **found})
    assert value in summary.text


def test_code_and_address_in_one_message_find_the_appointment(scheduler, config, content, clock):
    from bot.appointments.dialogue import ChangeDialogue
    asked = []
    change = ChangeDialogue(scheduler, config, content, vocabulary(), find=lambda *key: asked.append(key), now=clock)
    found = change.extract(Turn("WDKM3827, ik boekte met els@voorbeeld.nl", "informeren",
                                requested_slot="referentie"), {})
    assert found == {"referentie": "WDKM3827", "controle_email": "els@voorbeeld.nl"}


def test_a_correction_the_model_read_as_no_still_corrects(flow):
    found = flow.extract(Turn("nee, mijn e-mailadres is noor@voorbeeld.nl", "ontkennen", requested_slot="bevestigd"),
                         CHOSEN)
    assert found == {"email": "noor@voorbeeld.nl", "bevestigd": None}
def test_a_shared_place_name_means_the_place_that_offers_the_product(flow):
    """"de weide" is the servicepunt and the bus; only the bus takes passports."""
    turn = Turn("volgende week dinsdagmiddag paspoort bij de bus in de weide", "informeren", {"document": ["paspoort"]})
    found = flow.extract(turn, {})
    assert found["product"] == "paspoort" and found["locatie"] == "bus_de_weide"
    assert found["dag"] == "2026-12-01" and json.loads(found["voorkeur"]) == {"part_of_day": "middag"}
    assert flow.validate_locatie(found["locatie"], found).slots == {"locatie": "bus_de_weide"}


def test_a_shared_place_name_without_a_product_keeps_the_one_with_appointments(flow):
    assert flow.extract(Turn("afspraak in de weide", "afspraak_maken"), {})["locatie"] == "bus_de_weide"


@pytest.fixture
def two_weides(sessions, config, content, clock):
    """The servicepunt in De Weide also takes passports: the name no longer tells them apart."""
    from bot.appointments.database import DatabaseScheduler

    servicepunt = config.locaties["servicepunt_de_weide"].copy(update={"producten": ["paspoort"]})
    variant = config.copy(update={"locaties": {**config.locaties, "servicepunt_de_weide": servicepunt}})
    scheduler = DatabaseScheduler(sessions, config=lambda: variant, now=clock)
    return BookingDialogue(scheduler, variant, content, vocabulary(), now=clock)


def test_places_that_both_offer_it_are_asked_about(two_weides):
    slots = {"product": "paspoort"}
    found = two_weides.extract(Turn("in de weide graag", "informeren", requested_slot="locatie"), slots)
    outcome = two_weides.validate_locatie(found["locatie"], {**slots, **found})
    assert outcome.slots == {"locatie": None}
    [reply] = outcome.replies
    assert "Welke bedoelt u" in reply.text
    assert [b.title for b in reply.buttons] == ["Servicepunt De Weide", "Gemeentebus De Weide"]


def test_the_first_place_keeps_the_day_said_before_and_checks_it_there(flow):
    slots = {"product": "rijbewijs", "dag": "2026-12-03", "voorkeur": json.dumps({"part_of_day": "avond"})}
    found = flow.extract(Turn("", "informeren", {"locatie": ["gemeentehuis"]}, requested_slot="locatie"), slots)
    assert found == {"locatie": "gemeentehuis", "dag": "2026-12-03"}
    assert flow.validate_dag(found["dag"], {**slots, **found}).slots == {"dag": "2026-12-03"}


@pytest.mark.parametrize("text, intent, slots, asked", [
    ("gemeentehuis, volgende week donderdag om 10 uur", "openingstijden", {"product": "paspoort"}, "locatie"),
    ("volgende week donderdag om 10 uur voor een paspoort op het gemeentehuis", "paspoort_id_aanvragen", {}, "product"),
])
def test_several_answers_typed_at_once_in_any_order_whatever_topic_the_model_read(flow, text, intent, slots, asked):
    entities = {} if intent == "openingstijden" else {"document": ["paspoort"]}
    found = flow.extract(Turn(text, intent, entities, requested_slot=asked), slots)
    assert found["locatie"] == "gemeentehuis"
    assert found["dag"] == "2026-12-03" and found["tijd"] == "2026-12-03T10:00:00+01:00"


def test_a_statement_about_the_product_already_chosen_changes_no_day(flow):
    slots = {"product": "paspoort", "locatie": "gemeentehuis", "dag": "2026-12-01"}
    found = flow.extract(Turn("mijn paspoort verloopt volgende maand", "paspoort_id_aanvragen",
                              {"document": ["paspoort"]}, requested_slot="tijd"), slots)
    assert "dag" not in found
