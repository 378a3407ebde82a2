"""Near home: a product question that says where the resident is gets the pop-ups near them that
offer the product, with their next dates from the rooster and the assistant's clock, and a button
that books there; a pop-up that does not offer it is named, with the counter and its hours."""
from __future__ import annotations

import json
from datetime import datetime

import pytest

from bot.appointments.schedule import next_windows
from bot.config.content import render
from bot.core.clock import TIMEZONE
from bot.faq.answers import Answers, Question

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=TIMEZONE)  # a Monday morning


@pytest.fixture
def near(content, config):
    return Answers(content, config, now=NOW)


def ask(answers, intent, text, document=None, product=None):
    return answers.near_home(Question(intent, text, document, (), {"product": product} if product else {}))


def entities_of(button):
    intent, _, rest = button.payload[1:].partition("{")
    return intent, json.loads("{" + rest) if rest else {}


def next_dates(config, code, count=3):
    return [f"{start:%H:%M} tot {end:%H:%M}" for start, end in next_windows(config.locaties[code], NOW, count)]


def test_a_postcode_gives_the_popup_of_its_area_with_its_next_dates_and_a_booking_button(near, config):
    answer = ask(near, "paspoort_id_aanvragen", "ik woon in 9995, kan ik ergens bij mij in de buurt een paspoort aanvragen",
                 document="paspoort")
    library = config.locaties["bibliotheek_oosterhout"]
    text = answer.replies[0].text
    assert library.naam in text and library.volledig_adres in text
    assert "woensdag 25 november, 10:00 tot 12:30" in text  # the next Wednesday after Monday 23 November
    assert "zaterdag 5 december, 10:00 tot 13:00" in text  # Saturdays in odd weeks only
    assert "zaterdag 28 november" not in text
    assert [line for line in text.splitlines() if line.startswith("• ")] == [
        f"• {when}" for when in ("woensdag 25 november, 10:00 tot 12:30", "woensdag 2 december, 10:00 tot 12:30",
                                 "zaterdag 5 december, 10:00 tot 13:00")]  # the next three
    assert config.balie.naam not in text
    assert entities_of(answer.replies[0].buttons[0]) == (
        "afspraak_maken", {"product": "paspoort", "locatie": "bibliotheek_oosterhout"})
    assert answer.place == "bibliotheek_oosterhout"


def test_the_dates_follow_the_clock(content, config):
    later = Answers(content, config, now=datetime(2026, 11, 25, 13, 0, tzinfo=TIMEZONE))  # that Wednesday, afterwards
    text = ask(later, "rijbewijs_aanvragen", "ik woon in Oosterhout", document="rijbewijs").replies[0].text
    assert "woensdag 25 november" not in text and "woensdag 2 december, 10:00 tot 12:30" in text


def test_who_cannot_travel_hears_the_care_home_dates(near, config, content):
    answer = ask(near, "paspoort_id_aanvragen",
                 "mijn moeder woont in de linde en kan slecht lopen, kan zij daar haar id-kaart verlengen", document="id-kaart")
    linde = config.locaties["zorgcentrum_de_linde"]
    text = answer.replies[0].text
    assert linde.zorglocatie and linde.naam in text
    assert text.startswith(render(content.raw["dichtbij"]["niet_reizen"].split("{")[0], {}))
    for window in next_dates(config, "zorgcentrum_de_linde"):
        assert window in text
    assert "vrijdag 27 november" in text
    assert entities_of(answer.replies[0].buttons[0]) == ("afspraak_maken", {"product": "id-kaart",
                                                                            "locatie": "zorgcentrum_de_linde"})


def test_slecht_ter_been_without_a_place_gives_the_care_homes(near, config):
    answer = ask(near, "paspoort_id_aanvragen", "mijn vader is slecht ter been, waar kan hij een id-kaart aanvragen",
                 document="id-kaart")
    care = [place.naam for _, place in config.popups() if place.zorglocatie]
    others = [place.naam for _, place in config.popups() if not place.zorglocatie]
    assert all(name in answer.replies[0].text for name in care)
    assert not any(name in answer.replies[0].text for name in others)


def test_a_popup_that_does_not_offer_it_is_named_with_the_counter_and_its_hours(near, config, content):
    answer = ask(near, "verhuizing_doorgeven", "kan ik bij de bus mijn verhuizing doorgeven", product="verhuizing")
    text = answer.replies[0].text
    bus, counter = config.locaties["bus_de_weide"], config.balie
    assert "verhuizing" not in bus.producten
    assert render(content.raw["dichtbij"]["niet_op_plek"], {"plek.naam": bus.naam, "product.naam": "verhuizing"}) in text
    assert counter.naam in text and counter.volledig_adres in text
    assert "donderdag: 09:00 tot 17:00 en 18:00 tot 20:00" in text
    assert str(config.producten["verhuizing"].link) in text  # it can be done online too
    assert entities_of(answer.replies[0].buttons[0]) == ("afspraak_maken", {"product": "verhuizing",
                                                                            "locatie": "gemeentehuis"})
    assert answer.place == "gemeentehuis"


def test_a_postcode_outside_every_area_gets_the_counter(near, config):
    answer = ask(near, "paspoort_id_aanvragen", "ik woon in 1012 AB, kan ik in de buurt een paspoort aanvragen",
                 document="paspoort")
    text = answer.replies[0].text
    assert "1012" in text and config.balie.naam in text
    assert not any(place.naam in text for _, place in config.popups())


def test_near_me_without_a_place_lists_every_popup_that_offers_it_and_asks_where(near, config, content):
    answer = ask(near, "paspoort_id_aanvragen", "kan ik ergens dichtbij een paspoort aanvragen", document="paspoort")
    text = answer.replies[0].text
    offering = [code for code, place in config.popups() if "paspoort" in place.producten]
    assert all(config.locaties[code].naam in text for code in offering)
    assert content.raw["dichtbij"]["waar"] in text
    assert [entities_of(b)[1].get("locatie") for b in answer.replies[0].buttons[:len(offering)]] == offering
    assert answer.place is None


def test_the_more_button_opens_the_whole_topic_answer(near):
    buttons = ask(near, "rijbewijs_aanvragen", "ik woon in de weide", document="rijbewijs").replies[0].buttons
    assert entities_of(buttons[-2]) == ("rijbewijs_aanvragen", {"document": "rijbewijs"})


@pytest.mark.parametrize("intent, text, document", [
    ("paspoort_id_aanvragen", "wat kost een paspoort voor mijn zoon van 10", "paspoort"),  # nothing about where
    ("reisdocument_kwijt", "ik ben mijn paspoort kwijt, ik woon in 9995", "paspoort"),  # a topic about something else
    ("openingstijden", "is het gemeentehuis open op zaterdag", None),  # no product
])
def test_other_questions_are_not_near_home(near, intent, text, document):
    assert ask(near, intent, text, document=document) is None


def test_the_topic_answer_itself_narrows(near, config):
    replies = near.reply_to(Question("paspoort_id_aanvragen", "ik woon in 9995, kan ik daar een paspoort aanvragen",
                                     "paspoort"))
    assert config.locaties["bibliotheek_oosterhout"].naam in replies[0].text


def test_a_popup_question_that_names_a_product_narrows_to_the_places_that_offer_it(near, config):
    replies = near.reply_to(Question("popup_locaties", "kan ik bij de gemeentebus een uittreksel halen", None, (),
                                     {"product": "uittreksel_brp"}))
    text = "\n".join(r.text for r in replies)
    assert config.locaties["bus_de_weide"].naam in text and config.balie.naam in text
    assert "uittreksel_brp" not in config.locaties["bus_de_weide"].producten


def test_the_places_and_dates_come_from_gemeente_yml(content, gemeente_file):
    from bot.config.gemeente import load_gemeente

    data = gemeente_file.load()
    data["locaties"]["bibliotheek_oosterhout"]["rooster"] = [{"dag": "maandag", "tijd": "14:00-16:00"}]
    data["locaties"]["bibliotheek_oosterhout"]["postcodegebied"] = ["9996"]
    gemeente_file.save(data)
    edited = Answers(content, load_gemeente(gemeente_file.path), now=NOW)
    text = ask(edited, "paspoort_id_aanvragen", "ik woon in 9996", document="paspoort").replies[0].text
    assert "Bibliotheek Oosterhout" in text and "maandag 23 november, 14:00 tot 16:00" in text


@pytest.mark.parametrize("intent, text, document, product", [
    ("paspoort_id_aanvragen", "ik woon in 9995, kan ik in de buurt een paspoort aanvragen", "paspoort", None),
    ("paspoort_id_aanvragen", "mijn moeder kan slecht lopen, waar kan zij een id-kaart aanvragen", "id-kaart", None),
    ("verhuizing_doorgeven", "kan ik bij de bus mijn verhuizing doorgeven", None, "verhuizing"),
    ("paspoort_id_aanvragen", "ik woon in 1012 AB, kan ik in de buurt een paspoort aanvragen", "paspoort", None),
    ("rijbewijs_aanvragen", "kan ik ergens dichtbij mijn rijbewijs verlengen", "rijbewijs", None),
])
def test_near_home_answers_are_plain_dutch(near, intent, text, document, product):
    from bot.core.readability import measure

    reply = ask(near, intent, text, document=document, product=product).replies[0].text
    assert measure(reply).flesch_douma >= 60


def test_an_aspect_asked_leads_before_the_places_near(near, config):
    from bot.core.formatting import euro

    replies = near.reply_to(Question("paspoort_id_aanvragen", "wat kost een paspoort bij de bus", "paspoort", ("kosten",)))
    fee = euro(config.producten["paspoort"].tarieven[0].bedrag)
    assert fee in replies[0].text
    assert config.locaties["bus_de_weide"].naam in replies[-1].text
    assert '"locatie": "bus_de_weide"' in replies[-1].buttons[0].payload


def test_a_popup_question_from_someone_who_cannot_travel_gives_the_care_homes_first(near, config, content):
    replies = near.reply_to(Question("popup_locaties", "mijn vader zit in een rolstoel, komt de gemeente ook bij hem"))
    text = replies[0].text
    care = [place.naam for _, place in config.popups() if place.zorglocatie]
    others = [place.naam for _, place in config.popups() if not place.zorglocatie]
    assert text.startswith(content.raw["dichtbij"]["niet_reizen_plekken"])
    assert all(name in text for name in care) and not any(name in text for name in others)
    assert '"locatie": "zorgcentrum_de_linde"' in replies[-1].buttons[0].payload


def test_a_postcode_of_the_town_halls_own_area_also_names_the_town_hall(near, config):
    counter = config.balie
    own = counter.postcode[:4]
    text = ask(near, "paspoort_id_aanvragen", f"ik woon in {own}, waar kan ik dichtbij een paspoort aanvragen",
               document="paspoort").replies[0].text
    assert any(own in place.postcodegebied and place.naam in text for _, place in config.popups())
    assert counter.naam in text and counter.volledig_adres in text
    buttons = ask(near, "paspoort_id_aanvragen", f"ik woon in {own}", document="paspoort").replies[0].buttons
    assert [entities_of(b)[1].get("locatie") for b in buttons[:2]] == ["zorgcentrum_de_linde", "gemeentehuis"]
    other = ask(near, "paspoort_id_aanvragen", "ik woon in 9995, kan ik dichtbij een paspoort aanvragen",
                document="paspoort").replies[0].text
    assert counter.naam not in other
