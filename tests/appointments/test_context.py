"""What the conversation already tells a booking: the product of the topic just answered, the
place just asked about, an appointment asked for beside a topic, a booking typed as values."""
from __future__ import annotations

from datetime import date

import pytest

from bot.appointments.context import Said, asks_for_appointment, booking_context, books_topic, is_booking, product_in

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize("text, asks", [
    ("onze zoon is eergisteren geboren, ik wil een afspraak om aangifte te doen", True),
    ("kunnen we een afspraak inplannen voor de erkenning", True),
    ("I'd like to book an appointment", True),
    ("I need an appointment for my passport", True),
    ("I need to make an appointment", True),
    ("do I need an appointment?", False),
    ("is an appointment required", False),
    ("can I come without an appointment", False),
    ("moet ik een afspraak maken voor een paspoort?", False),
    ("is er een afspraak nodig", False),
    ("kan ik zonder afspraak langskomen", False),
    ("wat kost een paspoort", False),
])
def test_an_appointment_asked_for_beside_a_topic(text, asks):
    assert asks_for_appointment(text) is asks


def test_the_product_of_the_topic_just_answered(content, config):
    before = Said("paspoort_id_aanvragen", {"document": ["id-kaart"]}, "wat kost een id-kaart")
    assert booking_context(Said("afspraak_maken", {}, "ok dan wil ik daar een afspraak voor"), before,
                           content, config) == {"product": "id-kaart"}


def test_a_topic_with_one_bookable_product_gives_it(content, config):
    assert product_in(Said("geboorteaangifte", {}, "onze zoon is geboren"), content, config) == "geboorteaangifte"
    # two products and no document named: the form asks which
    assert product_in(Said("paspoort_id_aanvragen", {}, "ik moet een nieuw reisdocument"), content, config) is None


def test_the_product_named_now_goes_before_the_topic_before(content, config):
    before = Said("paspoort_id_aanvragen", {"document": ["id-kaart"]}, "wat kost een id-kaart")
    latest = Said("afspraak_maken", {"product": ["rijbewijs"]}, "afspraak voor mijn rijbewijs")
    assert booking_context(latest, before, content, config)["product"] == "rijbewijs"


def test_the_place_just_asked_about(content, config):
    before = Said("popup_locaties", {}, "is there a mobile office near Oosterhout")
    latest = Said("afspraak_maken", {"document": ["paspoort"]}, "can I book an appointment there for my passport")
    assert booking_context(latest, before, content, config) == {"product": "paspoort",
                                                                "locatie": "bibliotheek_oosterhout"}


def test_a_place_that_does_not_offer_the_product_is_not_taken(content, config):
    before = Said("openingstijden", {}, "wanneer is het servicepunt in de weide open")
    latest = Said("afspraak_maken", {"document": ["paspoort"]}, "kan ik daar een afspraak maken voor een paspoort")
    assert booking_context(latest, before, content, config) == {"product": "paspoort"}


def test_a_place_named_now_is_left_to_the_form(content, config):
    before = Said("popup_locaties", {}, "wanneer is de bus in oosterhout")
    latest = Said("afspraak_maken", {}, "afspraak bij het gemeentehuis")
    assert "locatie" not in booking_context(latest, before, content, config)


@pytest.mark.parametrize("text, entities, booking", [
    ("volgende week dinsdagmiddag paspoort bij de gemeentebus in de weide", {"document": ["paspoort"]}, True),
    ("rijbewijs in de bibliotheek", {"document": ["rijbewijs"]}, True),
    ("id-kaart morgen", {"document": ["id-kaart"]}, True),
    ("en op zaterdag een paspoort?", {"document": ["paspoort"]}, False),  # a follow-up question
    ("paspoort", {"document": ["paspoort"]}, False),  # no day or place: what about it?
    ("morgen om 10 uur", {}, False),
])
def test_values_with_a_product_and_a_day_or_place_are_a_booking(content, config, text, entities, booking):
    assert is_booking(Said("informeren", entities, text), content, config, TODAY) is booking


def test_a_booking_request_with_a_topic_close_behind_is_about_that_topic(content, config):
    latest = Said("afspraak_maken", {}, "mijn vader is overleden, kan ik een afspraak maken voor de aangifte",
                  beside=("overlijden_aangifte",))
    assert booking_context(latest, None, content, config) == {"product": "overlijden"}
    # a topic with two products and none named: the form asks which
    assert product_in(Said("afspraak_maken", {}, "afspraak", beside=("paspoort_id_aanvragen",)), content, config) is None


def test_a_topic_with_an_appointment_asked_for_books_the_product_it_explains(content, config):
    assert books_topic(Said("geboorteaangifte", {}, "onze zoon is geboren, ik wil een afspraak voor de aangifte"),
                       content, config)
    # collecting a passport needs no appointment: the topic is answered
    assert not books_topic(Said("reisdocument_ophalen", {"document": ["paspoort"]},
                                "ik wil een afspraak om mijn paspoort op te halen"), content, config)
    assert not books_topic(Said("geboorteaangifte", {}, "moet ik een afspraak maken voor de aangifte?"),
                           content, config)


def test_a_booking_after_a_near_home_answer_takes_the_popup_near_the_postcode(content, config):
    before = Said("paspoort_id_aanvragen", {"document": ["paspoort"]},
                  "ik woon in 9995, kan ik ergens bij mij in de buurt een paspoort aanvragen")
    latest = Said("afspraak_maken", {}, "dan wil ik daar een afspraak voor")
    assert booking_context(latest, before, content, config) == {"product": "paspoort", "locatie": "bibliotheek_oosterhout"}


def test_a_booking_after_a_popup_that_does_not_offer_it_takes_no_popup(content, config):
    before = Said("verhuizing_doorgeven", {"product": ["verhuizing"]}, "kan ik bij de bus mijn verhuizing doorgeven")
    latest = Said("afspraak_maken", {}, "dan wil ik daar een afspraak voor")
    assert booking_context(latest, before, content, config) == {"product": "verhuizing"}
