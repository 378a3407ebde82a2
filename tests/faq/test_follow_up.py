"""Follow-ups are answered about what was just answered: the topic with its aspect and
document, or the place (town hall, pop-up location) that was named."""
from __future__ import annotations

import pytest

from bot.appointments.places import places_named
from bot.faq.answers import Question
from bot.faq.follow_up import Subject, about_previous, answer, asked, leans_on
from bot.faq.places import main_counter
from tests.support.dates import TODAY

PASPOORT = Subject("paspoort_id_aanvragen", "paspoort", ("kosten",))


def texts(replies):
    return "\n".join(r.text for r in replies)


@pytest.mark.parametrize("text, aspect", [
    ("en hoe snel heb ik hem dan", "levertijd"), ("hoelang duurt zoiets", "levertijd"),
    ("is er parkeergelegenheid?", "parkeren"), ("ik kom met de auto", "parkeren"), ("waar zit dat precies", "adres"),
    ("hoe laat zijn ze daar", "open"), ("wat kun je er regelen, wat kan ik daar doen", "aanbod"),
    ("kan ik daar zomaar binnenlopen", "afspraak"), ("is een afspraak verplicht?", "afspraak"),
    ("do I need an appointment for that", "afspraak")])
def test_follow_ups_are_classified_by_what_they_ask(text, aspect):
    assert aspect in asked(Question("nlu_fallback", text=text))


@pytest.mark.parametrize("intent, text, subject", [
    ("nlu_fallback", "wat kost het?", PASPOORT),
    ("informeren", "en voor mijn dochter van 12?", PASPOORT),
    ("out_of_scope", "en hoe lang duurt dat", Subject("vog_aanvragen")),
    ("parkeervergunning", "kan ik daar mijn auto parkeren", Subject("contactgegevens", place="gemeentehuis")),
    ("afspraak_maken", "heb ik daarvoor een afspraak nodig?", Subject("reisdocument_ophalen", "id-kaart")),
    ("bot_vraag", "wat kan ik daar allemaal doen", Subject("popup_locaties", place="zorgcentrum_de_linde")),
    ("openingstijden", "en op woensdag?", Subject("popup_locaties", place="bibliotheek_oosterhout")),
    ("out_of_scope", "moet ik aangifte doen bij de politie", Subject("reisdocument_kwijt", "paspoort")),
])
def test_a_message_that_leans_on_the_subject_is_a_follow_up_whatever_the_model_made_of_it(
        intent, text, subject, content, config):
    assert leans_on(Question(intent, text=text), subject, content, config)


@pytest.mark.parametrize("intent, text, entities", [
    ("afspraak_maken", "ok dan wil ik daar een afspraak voor maken", {}),
    ("rijbewijs_aanvragen", "en wat kost een rijbewijs", {"document": "rijbewijs"}),
    ("out_of_scope", "waar kan ik mijn grofvuil kwijt", {}),
    ("out_of_scope", "wat kost een hondenpenning eigenlijk bij jullie", {}),
    ("vraag_uwv", "en hoe zit het met mijn WW bij het uwv", {"agency": "uwv"}),
    ("bedankt", "dank u wel, dat was het", {}),
    ("reisdocument_kwijt", "ik ben het kwijt", {}),
])
def test_a_new_question_is_not_a_follow_up(intent, text, entities, content, config):
    question = Question(intent, text=text, document=entities.get("document"), entities=entities)
    assert not leans_on(question, PASPOORT, content, config)


def test_nothing_is_a_follow_up_without_a_subject_or_during_a_form(content, config):
    question = Question("nlu_fallback", text="wat kost het?")
    assert not leans_on(question, None, content, config)
    assert not leans_on(question, PASPOORT, content, config, in_form=True)


def test_how_fast_after_a_fee_answer_leads_with_the_delivery_time(answers, config):
    replies, after = answer(answers, Question("paspoort_id_aanvragen", text="en hoe snel heb ik hem dan"), PASPOORT)
    assert texts(replies).startswith("Hoe lang duurt het? " + config.producten["paspoort"].levertijd[:1].upper())
    assert after.aspects[0] == "levertijd" and after.document == "paspoort"


def test_parking_after_the_address_is_the_town_halls_description_not_a_permit(answers, config):
    subject = Subject("contactgegevens", place=main_counter(config))
    replies, _ = answer(answers, Question("parkeervergunning", text="kan ik daar parkeren?"), subject)
    assert config.locaties["gemeentehuis"].omschrijving in texts(replies)
    assert "vergunning" not in texts(replies)


def test_a_day_asked_about_a_popup_location_gives_its_hours_that_day_only(answers, config):
    library = config.locaties["bibliotheek_oosterhout"]
    saturday = next(slot for slot in library.rooster if slot.dag == "zaterdag")
    others = [slot for code, loc in config.popups() if code != "bibliotheek_oosterhout" for slot in loc.rooster]
    replies, after = answer(answers, Question("nlu_fallback", text="en op zaterdag?"),
                            Subject("popup_locaties", place="bibliotheek_oosterhout"))
    assert str(saturday.tijd) in texts(replies) and after.place == "bibliotheek_oosterhout"
    assert not any(str(slot.tijd) in texts(replies) for slot in others if str(slot.tijd) != str(saturday.tijd))


def test_a_day_no_popup_is_held_on_says_so_with_its_days(answers, config):
    replies, _ = answer(answers, Question("nlu_fallback", text="en op maandag?"),
                        Subject("popup_locaties", place="zorgcentrum_de_linde"))
    text = texts(replies)
    assert "niet terecht" in text and "vrijdag" in text


def test_a_day_after_the_list_of_popups_names_the_ones_held_that_day(answers, config):
    replies, after = answer(answers, Question("nlu_fallback", text="en op zaterdag?"), Subject("popup_locaties"))
    held = [loc.naam for _, loc in config.popups() if any(s.dag == "zaterdag" for s in loc.rooster)]
    assert held and all(name in texts(replies) for name in held)
    assert "Zorgcentrum" not in texts(replies)


def test_what_a_place_offers_comes_from_its_products(answers, config):
    replies, _ = answer(answers, Question("bot_vraag", text="wat kan ik daar allemaal regelen"),
                        Subject("popup_locaties", place="bus_de_weide"))
    names = [config.producten[p].naam for p in config.locaties["bus_de_weide"].producten]
    assert all(name in texts(replies) for name in names)


def test_where_after_a_topic_is_the_main_counter(answers, config):
    replies, after = answer(answers, Question("nlu_fallback", text="waar is dat?"), PASPOORT)
    assert config.locaties["gemeentehuis"].adres in texts(replies) and after.place == "gemeentehuis"


def test_appointment_needed_after_collecting_is_the_topics_own_answer(answers):
    replies, _ = answer(answers, Question("afspraak_maken", text="moet daar een afspraak voor"),
                        Subject("reisdocument_ophalen", "paspoort"))
    assert "geen afspraak" in texts(replies)


def test_places_are_named_by_a_word_of_their_name_or_neighbourhood(config):
    assert places_named(config, "is er een pop-up loket in de bibliotheek") == ["bibliotheek_oosterhout"]
    popups = [code for code, _ in config.popups()]
    assert places_named(config, "ik woon in de weide", popups) == ["bus_de_weide"]
    assert places_named(config, "waar staat de bus") == ["bus_de_weide"]
    assert places_named(config, "wat kost een paspoort") == []


def test_a_follow_up_keeps_the_aspect_and_document_it_does_not_name():
    follow = about_previous(Question("nlu_fallback", text="en voor mijn dochter van 12?"), PASPOORT)
    assert (follow.intent, follow.aspects, follow.document, follow.text) == \
        ("paspoort_id_aanvragen", ("kosten",), "paspoort", "en voor mijn dochter van 12?")
    own = about_previous(Question("nlu_fallback", text="en een id-kaart?", document="id-kaart"), PASPOORT)
    assert own.document == "id-kaart"
    both = about_previous(Question("informeren", text="en voor mijn dochter?", aspects=("kind",)),
                          Subject("paspoort_id_aanvragen", "paspoort", ("kosten", "kind")))
    assert both.aspects == ("kind", "kosten")


def test_a_question_of_its_own_about_the_topic_does_not_keep_the_aspect_before(config, content):
    wedding = Subject("huwelijk_partnerschap", None, ("kosten",))
    question = Question("nlu_fallback", text="hoeveel getuigen hebben we nodig")
    assert leans_on(question, wedding, content, config)
    assert about_previous(question, wedding).aspects == ()


def test_a_document_named_with_a_typo_replaces_the_one_before():
    assert about_previous(Question("paspoort_id_aanvragen", text="en een identiteitskart"), PASPOORT).document \
        == "id-kaart"


def test_another_service_question_after_contact_details_is_that_service(answers, config):
    replies, _ = answer(answers, Question("contactgegevens", text="en het mailadres?"),
                        Subject("contactgegevens", place="gemeentehuis"))
    assert config.gemeente.email in texts(replies)


@pytest.mark.parametrize("intent, text", [("bevestigen", "oke en wat moet ik meenemen"),
                                          ("out_of_scope", "hoe oud mag de foto zijn")])
def test_an_aspect_in_words_the_topic_knows_is_a_follow_up_even_after_oke(intent, text, content, config):
    # the entity ruler finds the aspect (meenemen, foto) in both
    assert leans_on(Question(intent, text=text, aspects=("meenemen",)), PASPOORT, content, config)


@pytest.mark.parametrize("intent, text", [("bevestigen", "oke"), ("bevestigen", "ja graag"), ("bedankt", "dank u")])
def test_oke_and_thanks_alone_are_not(intent, text, content, config):
    assert not leans_on(Question(intent, text=text), PASPOORT, content, config)


def test_a_word_of_the_last_answer_outweighs_another_topic_the_model_chose(content, config):
    stolen = Subject("reisdocument_kwijt", "paspoort")
    assert leans_on(Question("geboorteaangifte", text="moet ik ook aangifte doen"), stolen, content, config)
    assert not leans_on(Question("geboorteaangifte", text="moet ik ook aangifte doen van de geboorte van mijn kind"),
                        stolen, content, config)


@pytest.mark.parametrize("intent, text, aspects", [
    ("out_of_scope", "wat kost zoiets", ("kosten",)),
    ("out_of_scope", "waar moet ik heen", ()),
    ("afspraak_maken", "moet ik daarvoor langskomen?", ()),
])
def test_more_ways_of_leaning_on_the_topic(intent, text, aspects, content, config):
    assert leans_on(Question(intent, text=text, aspects=aspects), PASPOORT, content, config)


def test_pointing_back_with_words_the_topic_does_not_know_is_a_new_question(content, config):
    assert not leans_on(Question("out_of_scope", text="ik wil ook mijn afval aanmelden, hoe werkt dat"),
                        PASPOORT, content, config)


def test_a_free_parking_question_after_opening_hours_is_about_the_town_hall(answers, config, content):
    question = Question("parkeervergunning", text="kan ik er gratis parkeren", aspects=("kosten",))
    subject = Subject("openingstijden", place="gemeentehuis")
    assert leans_on(question, subject, content, config)
    replies, _ = answer(answers, question, subject)
    assert config.locaties["gemeentehuis"].omschrijving in texts(replies)


def test_when_a_place_is_open_without_a_day_gives_all_its_times(answers, config):
    replies, _ = answer(answers, Question("nlu_fallback", text="en hoe laat zijn ze er"),
                        Subject("popup_locaties", place="bibliotheek_oosterhout"))
    assert all(str(slot.tijd) in texts(replies) for slot in config.locaties["bibliotheek_oosterhout"].rooster)


def test_walking_in_without_an_appointment_is_asked_about_the_place(content, config):
    bus = Subject("popup_locaties", place="bus_de_weide")
    question = Question("afspraak_maken", text="moet ik een afspraak maken of kan ik zo binnenlopen")
    assert asked(question) == ("afspraak",) and leans_on(question, bus, content, config)


@pytest.mark.parametrize("text", ["en is er ook een avond?", "en met mijn man samen?"])
def test_a_message_the_model_could_not_place_that_goes_on_is_a_follow_up(text, content, config):
    assert leans_on(Question("nlu_fallback", text=text), Subject("naturalisatie", None, ("kosten",)), content, config)


def test_english_follow_ups_about_a_place(answers, config, content):
    library = Subject("popup_locaties", place="bibliotheek_oosterhout")
    saturday = Question("nlu_fallback", text="and on saturday?")
    assert leans_on(saturday, library, content, config)
    saturday_slot = next(s for s in config.locaties["bibliotheek_oosterhout"].rooster if s.dag == "zaterdag")
    assert str(saturday_slot.tijd) in texts(answer(answers, saturday, library)[0])
    assert "parkeren" in asked(Question("nlu_fallback", text="can I park there?"))


@pytest.mark.parametrize("text", ["ik woon in 9995", "ik woon in oosterhout", "en in oosterhout?"])
def test_where_the_resident_lives_after_a_product_answer_gives_the_popups_near(content, config, text):
    from bot.faq.answers import Answers

    subject = Subject("paspoort_id_aanvragen", "paspoort")
    question = Question("informeren", text)
    assert leans_on(question, subject, content, config)
    replies, after = answer(Answers(content, config, on=TODAY), question, subject)
    assert config.locaties["bibliotheek_oosterhout"].naam in replies[0].text
    assert '"locatie": "bibliotheek_oosterhout"' in replies[0].buttons[0].payload
    assert after == Subject("paspoort_id_aanvragen", "paspoort", (), "bibliotheek_oosterhout")


def test_where_the_resident_lives_after_the_opening_hours_is_no_near_home_follow_up(content, config):
    assert not leans_on(Question("informeren", "ik woon in 9995"), Subject("openingstijden"), content, config)


@pytest.mark.parametrize("text", ["waar is de pop-up balie deze week", "kan dat ook dichtbij?", "en bij het mobiele loket?"])
def test_the_popups_asked_after_a_product_they_offer_are_those_popups_for_it(answers, content, config, text):
    subject = Subject("paspoort_id_aanvragen", "paspoort")
    question = Question("popup_locaties", text)
    assert leans_on(question, subject, content, config)
    reply = texts(answer(answers, question, subject)[0])
    for _code, place in config.popups():
        assert place.naam in reply
    assert config.locaties[main_counter(config)].adres not in reply


@pytest.mark.parametrize("subject", [Subject("verhuizing_doorgeven"), Subject("openingstijden"),
                                     Subject("contactgegevens", place="gemeentehuis")])
def test_the_popups_asked_after_something_they_do_not_offer_is_a_question_of_its_own(content, config, subject):
    assert not leans_on(Question("popup_locaties", "waar is de pop-up balie deze week"), subject, content, config)


def test_this_week_or_that_day_says_when_and_points_back_at_nothing():
    from bot.faq.follow_up import _POINTS_BACK

    assert not _POINTS_BACK.search("waar is de balie deze week")
    assert not _POINTS_BACK.search("kan ik die dag ook langskomen")
    assert _POINTS_BACK.search("kan ik deze ook daar halen") and _POINTS_BACK.search("is die balie open")


def test_a_follow_up_keeps_the_case_asked_before_unless_it_names_its_own():
    child = Subject("paspoort_id_aanvragen", "paspoort", ("kosten",), case=("minderjarig",))
    assert about_previous(Question("nlu_fallback", "moet hij zelf mee komen?"), child).case == ("minderjarig",)
    assert about_previous(Question("nlu_fallback", "en voor een volwassene?"), child).case == ("volwassen",)


def test_a_follow_up_about_the_person_asked_for_is_answered_about_the_topic(content, config):
    child = Subject("paspoort_id_aanvragen", "paspoort", ("kosten",), case=("minderjarig",))
    assert leans_on(Question("nlu_fallback", "moet hij zelf mee komen?"), child, content, config)
    assert leans_on(Question("nlu_fallback", "heeft zij een eigen pasfoto nodig"), child, content, config)
