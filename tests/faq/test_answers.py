"""The answer builder: what leads, which facts appear, and that facts come from the
configuration (so an administrator's edit changes the answer without retraining)."""
from __future__ import annotations

import json

import pytest

from bot.config.gemeente import load_gemeente
from bot.core.formatting import euro
from bot.faq.answers import BOOKING_INTENTS, Answers, Question
from tests.support.dates import TODAY


def texts(replies):
    return "\n".join(r.text for r in replies)


@pytest.mark.parametrize("amount, shown", [(84.6, "€ 84,60"), (0, "gratis"), (1470, "€ 1.470,00"), (15.4, "€ 15,40")])
def test_euro(amount, shown):
    assert euro(amount) == shown


def test_full_topic_answer_has_what_to_do_bring_fee_time_link_and_buttons(answers, config):
    replies = answers.reply_to(Question("paspoort_id_aanvragen"))
    text = texts(replies)
    assert "balie" in text and "Neem mee" in text
    assert euro(config.producten["paspoort"].tarieven[0].bedrag) in text
    assert euro(config.producten["id-kaart"].tarieven[0].bedrag) in text
    assert config.producten["paspoort"].levertijd.split(",")[0] in text
    assert str(config.producten["paspoort"].link) in replies[-1].text
    assert [b.title for b in replies[-1].buttons] == ["Afspraak maken", "Andere vraag"]


def test_the_aspect_asked_about_leads(answers, config):
    replies = answers.reply_to(Question("paspoort_id_aanvragen", "wat kost een id kaart",
                                        document="id-kaart", aspects=("kosten",)))
    assert replies[0].text.startswith("Wat kost het?")
    assert euro(config.producten["id-kaart"].tarieven[0].bedrag) in replies[0].text
    assert euro(config.producten["paspoort"].tarieven[0].bedrag) not in texts(replies)


def test_the_document_named_picks_the_product_and_the_booking_button_carries_it(answers):
    replies = answers.reply_to(Question("paspoort_id_aanvragen", document="id-kaart"))
    button = replies[-1].buttons[0]
    assert button.payload.startswith("/afspraak_maken")
    assert json.loads(button.payload[len("/afspraak_maken"):]) == {"product": "id-kaart"}


@pytest.mark.parametrize("aspect, expected", [
    ("levertijd", "Hoe lang duurt het?"),
    ("meenemen", "Neem mee"),
    ("online", "niet online"),
    ("kind", "Uw kind"),
])
def test_each_aspect_leads_its_own_piece(answers, aspect, expected):
    replies = answers.reply_to(Question("paspoort_id_aanvragen", aspects=(aspect,)))
    assert expected in replies[0].text


def test_an_extra_piece_leads_when_its_words_appear(answers):
    replies = answers.reply_to(Question("reisdocument_ophalen", "mag mijn man mijn paspoort afhalen",
                                        document="paspoort"))
    assert "machtiging" in replies[0].text


def test_an_extra_piece_stays_out_when_not_asked(answers):
    assert "machtiging" not in texts(answers.reply_to(Question("reisdocument_ophalen", "is mijn paspoort klaar")))


def test_per_document_text_replaces_the_general_one(answers):
    text = texts(answers.reply_to(Question("reisdocument_kwijt", "rijbewijs gestolen", document="rijbewijs")))
    assert "U mag zolang niet rijden" in text


def test_a_changed_fee_changes_the_answer_without_retraining(gemeente_file, content):
    data = gemeente_file.load()
    data["producten"]["vog"]["tarieven"][0]["bedrag"] = 12.34
    gemeente_file.save(data)
    answers = Answers(content, load_gemeente(gemeente_file.path))
    assert "€ 12,34" in texts(answers.reply_to(Question("vog_aanvragen", aspects=("kosten",))))


def test_a_product_without_fees_shows_no_fee_line(gemeente_file, content):
    data = gemeente_file.load()
    data["producten"]["bijzondere_bijstand"].pop("tarieven")
    gemeente_file.save(data)
    answers = Answers(content, load_gemeente(gemeente_file.path), on=TODAY)
    text = texts(answers.reply_to(Question("bijzondere_bijstand", aspects=("kosten",))))
    assert "Wat kost het" not in text and "{" not in text


@pytest.mark.parametrize("intent, agency", [("vraag_uwv", "uwv"), ("vraag_svb", "svb"), ("vraag_duo", "duo"),
                                            ("vraag_cak", "cak"), ("vraag_juridisch_loket", "juridisch_loket")])
def test_agency_answer_explains_how_to_reach_it_and_where_it_holds_appointments(answers, config, intent, agency):
    text = texts(answers.reply_to(Question(intent)))
    facts = config.uitvoeringsorganisaties[agency]
    assert facts.telefoon in text and str(facts.website) in text
    days = config.pilot_locaties[0].organisaties[agency]
    assert all(day in text for day in days)


def test_agency_answer_without_pilot_location_leaves_the_line_out(gemeente_file, content):
    data = gemeente_file.load()
    data["pilot_locaties"] = []
    gemeente_file.save(data)
    text = texts(Answers(content, load_gemeente(gemeente_file.path)).reply_to(Question("vraag_duo")))
    assert "persoonlijk" not in text and "DUO" in text


def test_opening_hours_show_evening_and_weekend_and_closed_days(answers):
    text = texts(answers.reply_to(Question("openingstijden")))
    assert "donderdag: 09:00 tot 17:00 en 18:00 tot 20:00" in text
    assert "zaterdag: 10:00 tot 12:00" in text
    assert "zondag: gesloten" in text


@pytest.mark.parametrize("asked, shown, not_shown", [
    ("hoe laat zijn jullie open op zaterdag", ["zaterdag: 10:00 tot 12:00"], ["maandag", "donderdag"]),
    ("is het gemeentehuis vrijdagmiddag open?", ["vrijdag: 09:00 tot 12:30"], ["dinsdag", "zaterdag"]),
    ("zijn jullie ook 's avonds open", ["donderdag: 09:00 tot 17:00 en 18:00 tot 20:00"], ["maandag", "zaterdag"]),
    ("open in het weekend?", ["zaterdag: 10:00 tot 12:00", "zondag: gesloten"], ["maandag"]),
])
def test_opening_hours_of_the_days_asked_lead_and_nothing_else(answers, asked, shown, not_shown):
    text = texts(answers.reply_to(Question("openingstijden", text=asked)))
    assert all(line in text for line in shown)
    assert not any(day in text for day in not_shown)


def test_popup_answer_lists_places_products_and_next_date(answers):
    text = texts(answers.reply_to(Question("popup_locaties")))
    assert "Gemeentebus De Weide" in text and "Bibliotheek Oosterhout" in text
    assert "De volgende keer is dinsdag 24 november" in text  # TODAY is Monday 23 November 2026


def test_contact_details(answers, config):
    text = texts(answers.reply_to(Question("contactgegevens")))
    assert config.gemeente.telefoon in text and config.gemeente.email in text and config.balie.adres in text


@pytest.mark.parametrize("intent", ["begroeting", "bot_vraag"])
def test_the_assistant_says_it_is_a_digital_assistant_not_a_person(answers, intent):
    text = texts(answers.reply_to(Question(intent)))
    assert "digitale assistent van de gemeente Wilgendaal" in text
    assert "geen mens" in text


def test_out_of_scope_is_polite_and_says_what_it_can_do(answers):
    replies = answers.reply_to(Question("out_of_scope"))
    assert "niet mee helpen" in replies[0].text and "paspoort" in replies[0].text
    assert replies[0].buttons[0].payload == "/menselijk_contact"


@pytest.mark.parametrize("intent", ["menselijk_contact", "klacht"])
def test_the_way_to_a_person(answers, config, intent):
    assert config.gemeente.telefoon in texts(answers.reply_to(Question(intent)))


def test_did_you_mean_offers_the_two_likeliest_topics_and_something_else(answers):
    ranking = ["nlu_fallback", "informeren", "reisdocument_ophalen", "paspoort_id_aanvragen", "afspraak_maken"]
    [reply] = answers.did_you_mean(ranking, {"document": "paspoort"})
    assert [b.payload for b in reply.buttons] == [
        '/reisdocument_ophalen{"document": "paspoort"}',
        '/paspoort_id_aanvragen{"document": "paspoort"}',
        "/out_of_scope",
    ]


def test_did_you_mean_without_a_topic_asks_to_rephrase(answers):
    [reply] = answers.did_you_mean(["nlu_fallback", "begroeting", "bedankt"], {})
    assert not reply.buttons and "anders zeggen" in reply.text


def test_giving_up_offers_a_person(answers, config):
    [reply] = answers.give_up()
    assert config.gemeente.telefoon in reply.text
    assert reply.buttons[0].payload == "/menselijk_contact"


def test_no_answer_contains_an_unfilled_placeholder(answers, domain):
    intents = [i if isinstance(i, str) else next(iter(i)) for i in domain["intents"] if i not in BOOKING_INTENTS]
    for intent in intents:
        for aspect in ((), ("kosten",), ("levertijd",), ("meenemen",), ("online",), ("kind",)):
            for reply in answers.reply_to(Question(intent, aspects=aspect)):
                assert "{" not in reply.text and "}" not in reply.text, (intent, aspect, reply.text)
                assert reply.text.strip()


# -- a question for a national agency: simple (its own page) or complex (an appointment) ------
def test_a_simple_agency_question_gets_the_agencys_own_page_and_the_offer(answers):
    replies = answers.reply_to(Question("vraag_svb", text="Wanneer wordt de kinderbijslag betaald?"))
    text = texts(replies)
    assert "https://www.svb.nl/kinderbijslag" in text
    offer = replies[-1]
    assert offer.buttons[0].title == "Afspraak met een medewerker van de SVB"
    assert offer.buttons[0].payload == '/afspraak_maken{"agency": "svb"}'


def test_a_complex_agency_question_leads_to_the_appointment_without_a_page(answers):
    replies = answers.reply_to(Question("vraag_uwv", text="Mijn WIA uitkering is stopgezet en ik snap niet waarom"))
    text = texts(replies)
    assert "uwv.nl/particulieren/arbeidsongeschikt" not in text
    assert "Is uw vraag ingewikkeld?" in replies[-1].text
    assert replies[-1].buttons[0].payload == '/afspraak_maken{"agency": "uwv"}'


def test_an_agency_question_without_a_known_subject_is_treated_as_complex(answers):
    replies = answers.reply_to(Question("vraag_juridisch_loket", text="ik heb advies nodig"))
    assert "juridischloket.nl/" not in texts(replies).replace("https://www.juridischloket.nl", "")
    assert replies[-1].buttons[0].payload == '/afspraak_maken{"agency": "juridisch_loket"}'


def test_without_a_pilot_location_no_agency_appointment_is_offered(gemeente_file, content):
    data = gemeente_file.load()
    data["pilot_locaties"] = []
    gemeente_file.save(data)
    replies = Answers(content, load_gemeente(gemeente_file.path)).reply_to(
        Question("vraag_duo", text="hoe werkt terugbetalen"))
    assert "duo.nl/particulier/terugbetalen" in texts(replies)
    assert all("afspraak_maken" not in b.payload for r in replies for b in r.buttons)


@pytest.mark.parametrize("asked, first", [
    ("wat kost een paspoort voor mijn zoon van 10", "jonger dan 18"),
    ("paspoort voor mijn dochter van 19, wat kost dat", "18 jaar en ouder"),
    ("wat kost een paspoort met spoed", "spoedaanvraag"),
])
def test_the_fee_of_the_case_asked_comes_first(answers, asked, first):
    text = texts(answers.reply_to(Question("paspoort_id_aanvragen", text=asked, document="paspoort",
                                           aspects=("kosten",))))
    fees = [line for line in text.splitlines() if line.startswith("• ") and "€" in line]
    assert fees and first in fees[0]


def test_without_a_case_the_fees_keep_the_order_of_gemeente_yml(answers, config):
    text = texts(answers.reply_to(Question("paspoort_id_aanvragen", text="wat kost een paspoort", document="paspoort",
                                           aspects=("kosten",))))
    fees = [line for line in text.splitlines() if line.startswith("• ") and "€" in line]
    assert [f.split(":")[0][2:] for f in fees] == [t.voor for t in config.producten["paspoort"].tarieven]


# -- the case leads: for whom, how urgent, which day ------------------------------------------
def _fees(text):
    return [line for line in text.splitlines() if line.startswith("• ")]


def test_a_day_with_its_own_fee_leads_the_fees(answers, config):
    replies = answers.reply_to(Question("huwelijk_partnerschap", text="wat kost trouwen op een zaterdag",
                                        aspects=("kosten",)))
    saturday = next(t for t in config.producten["huwelijk"].tarieven if t.groep == "zaterdag")
    assert _fees(replies[0].text)[0] == f"• {saturday.voor}: {euro(saturday.bedrag)}"


def test_a_day_alone_brings_the_fees_of_that_day(answers, config):
    replies = answers.reply_to(Question("huwelijk_partnerschap", text="kunnen we ook in het weekend trouwen"))
    saturday = next(t for t in config.producten["huwelijk"].tarieven if t.groep == "zaterdag")
    assert euro(saturday.bedrag) in _fees(replies[0].text)[0]


def test_an_inferred_rush_leads_with_the_delivery_time_and_the_spoed_fee(answers, config):
    replies = answers.reply_to(Question("paspoort_id_aanvragen", document="paspoort",
                                        text="ik vlieg volgende week en mijn paspoort is verlopen"))
    spoed = next(t for t in config.producten["paspoort"].tarieven if t.groep == "spoed")
    assert replies[0].text.startswith("Hoe lang duurt het?")
    assert _fees(replies[0].text)[0] == f"• {spoed.voor}: {euro(spoed.bedrag)}"


def test_a_rush_for_a_product_without_a_spoed_fee_shows_no_fees(answers):
    text = texts(answers.reply_to(Question("vog_aanvragen", text="ik heb mijn vog volgende week nodig, kan het met spoed")))
    assert "Hoe lang duurt het?" in text and "Wat kost het?" not in text


def test_a_case_of_the_content_shows_its_piece_first(answers, content):
    replies = answers.reply_to(Question("rijbewijs_aanvragen", document="rijbewijs",
                                        text="mijn vader wordt 76 en zijn rijbewijs verloopt"))
    assert replies[0].text.startswith("Bent u 75 jaar of ouder?")


def test_a_case_piece_stays_out_for_another_age(answers):
    text = texts(answers.reply_to(Question("rijbewijs_aanvragen", document="rijbewijs",
                                           text="mijn vader wordt 60 en zijn rijbewijs verloopt")))
    assert "75 jaar of ouder" not in text


def test_an_age_under_18_brings_the_child_piece_and_its_fee_first(answers, config):
    replies = answers.reply_to(Question("paspoort_id_aanvragen", document="id-kaart", aspects=("kosten",),
                                        text="wat kost een id kaart voor iemand van 15"))
    minor = next(t for t in config.producten["id-kaart"].tarieven if t.groep == "minderjarig")
    assert _fees(replies[0].text)[0] == f"• {minor.voor}: {euro(minor.bedrag)}"
    assert "Uw kind" in replies[0].text


def test_a_focused_answer_has_the_whole_answer_one_click_away(answers):
    replies = answers.reply_to(Question("paspoort_id_aanvragen", text="wat kost een paspoort", document="paspoort",
                                        aspects=("kosten",)))
    more = [b for b in replies[-1].buttons if b.title == "Meer over paspoort"]
    assert more and json.loads(more[0].payload[len("/paspoort_id_aanvragen"):]) == {"document": "paspoort"}
    whole = texts(answers.reply_to(Question("paspoort_id_aanvragen", text=more[0].payload, document="paspoort")))
    assert "Neem mee" in whole and "Wat kost het?" in whole and "Hoe lang duurt het?" in whole


def test_the_whole_answer_has_no_more_button(answers):
    replies = answers.reply_to(Question("paspoort_id_aanvragen", document="paspoort"))
    assert not any(b.title.startswith("Meer over") for b in replies[-1].buttons)


def test_a_focused_answer_is_shorter_than_the_whole(answers):
    focused = texts(answers.reply_to(Question("paspoort_id_aanvragen", text="wat kost een paspoort met spoed",
                                              document="paspoort", aspects=("kosten",))))
    whole = texts(answers.reply_to(Question("paspoort_id_aanvragen", document="paspoort")))
    assert len(focused) < len(whole) and "Neem mee" not in focused


@pytest.mark.parametrize("intent, text, document, first", [
    ("reisdocument_kwijt", "mijn paspoort is gestolen in barcelona, spanje", "paspoort", "Bent u in het buitenland?"),
    ("rijbewijs_aanvragen", "ik ben net geslaagd, hoe krijg ik mijn rijbewijs", "rijbewijs", "Bent u net geslaagd"),
])
def test_where_and_first_time_lead_with_their_piece(answers, intent, text, document, first):
    assert answers.reply_to(Question(intent, text, document))[0].text.startswith(first)


def test_a_renewal_gets_no_first_time_piece(answers):
    text = texts(answers.reply_to(Question("rijbewijs_aanvragen", "mijn rijbewijs verlengen", "rijbewijs")))
    assert "net geslaagd" not in text
