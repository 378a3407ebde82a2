"""The agency appointment conversation without Rasa: the second agency, the nearest place,
the agency's own days, the contact, and consent, where "nee" is an answer and not a stop."""
from __future__ import annotations

import re

import pytest

from bot.agencies.dialogue import NO_SECOND, AgencyDialogue
from bot.agencies.scheduler import AgencyScheduler
from bot.config.content import get_content, render
from bot.core import language
from bot.forms.turn import Turn
from bot.nlp.vocabulary import vocabulary
from tests.support.english_mail import english_content

UWV = {"organisatie": "uwv", "product": "spreekuur"}


@pytest.fixture
def database_url(tmp_path):
    """SQLite only: the conversation's logic does not depend on the database."""
    return f"sqlite:///{tmp_path / 'dialogue.db'}"


@pytest.fixture
def dialogue(sessions, config, content, clock):
    def make(slots, near=""):
        return AgencyDialogue(AgencyScheduler(sessions, lambda: config, clock), config, content, vocabulary(),
                              slots, near=near, now=clock)
    return make


def texts(replies):
    return "\n".join(r.text for r in replies)


def test_consent_is_asked_in_the_words_of_the_issue_with_yes_and_no(dialogue):
    slots = {**UWV, "tweede_organisatie": NO_SECOND}
    [reply] = dialogue(slots).ask("toestemming", slots)
    assert reply.text.startswith("Mag de medewerker van het UWV dit gesprek lezen?")
    assert [b.payload for b in reply.buttons] == ['/informeren{"toestemming": "ja"}', '/informeren{"toestemming": "nee"}']


@pytest.mark.parametrize("turn, consent", [
    (Turn("/informeren", "informeren", {"toestemming": ["nee"]}, "toestemming"), False),
    (Turn("/informeren", "informeren", {"toestemming": ["ja"]}, "toestemming"), True),
    (Turn("nee hoor", "ontkennen", {}, "toestemming"), False),
    (Turn("ja is goed", "bevestigen", {}, "toestemming"), True),
])
def test_no_to_consent_is_an_answer_not_a_stop(dialogue, turn, consent):
    assert dialogue(UWV).extract(turn, UWV) == {"toestemming": consent}


def test_no_elsewhere_stops_the_booking(dialogue):
    assert dialogue(UWV).extract(Turn("nee laat maar", "ontkennen", {}, "naam"), UWV) == {"bevestigd": False}


def test_a_second_agency_is_offered_only_when_it_can_join_on_the_same_day(dialogue):
    [reply] = dialogue(UWV).ask("tweede_organisatie", UWV)
    assert "andere organisatie" in reply.text
    assert [b.title for b in reply.buttons] == ["SVB", "CAK", "Nee, alleen het UWV"]
    flow = dialogue(UWV)
    assert flow.extract(Turn("nee", "ontkennen", {}, "tweede_organisatie"), UWV) == {"tweede_organisatie": NO_SECOND}
    assert flow.extract(Turn("ook voor de svb", "informeren", {"agency": ["svb"]}, "tweede_organisatie"), UWV) \
        == {"tweede_organisatie": "svb"}
    assert flow.extract(Turn("mijn aow klopt niet", "vraag_svb", {}, "tweede_organisatie"), UWV) \
        == {"tweede_organisatie": "svb"}


def test_an_agency_that_is_never_there_on_the_same_day_is_explained(dialogue):
    outcome = dialogue(UWV).validate_tweede_organisatie("duo", UWV)
    assert outcome.slots["tweede_organisatie"] == NO_SECOND and outcome.slots["locatie"] is None  # two places left
    assert "alleen met het UWV" in texts(outcome.replies) and "het UWV en DUO" in texts(outcome.replies)


def test_a_postcode_picks_the_nearest_place_where_the_agencies_are(dialogue):
    slots = {**UWV, "tweede_organisatie": "svb"}
    flow = dialogue(slots)
    found = flow.extract(Turn("ik woon in 9994 AB", "informeren", {}, "locatie"), slots)
    assert found["locatie"] == "servicepunt_de_weide" and flow.picked_nearest
    assert "Servicepunt De Weide" in texts(flow.nearest_notice({**slots, **found}))


def test_places_are_offered_nearest_first(dialogue):
    [reply] = dialogue(UWV, near="mijn postcode is 9993 CD").ask("locatie", UWV)
    assert [b.title for b in reply.buttons] == ["Servicepunt De Weide", "Gemeentehuis Wilgendaal"]
    assert "postcode" in reply.text


def test_an_agency_with_one_place_needs_no_place_question(dialogue):
    duo = {"organisatie": "duo", "product": "spreekuur"}
    assert dialogue(duo).validate_tweede_organisatie(NO_SECOND, duo).slots["locatie"] == "gemeentehuis"
    uwv_cak = dialogue(UWV).validate_tweede_organisatie("cak", UWV)  # together only at the town hall
    assert uwv_cak.slots == {"tweede_organisatie": "cak", "locatie": "gemeentehuis", "dag": None, "tijd": None}


def test_a_day_the_agency_is_not_there_is_explained_with_its_days(dialogue):
    slots = {**UWV, "tweede_organisatie": NO_SECOND, "locatie": "gemeentehuis"}
    outcome = dialogue(slots).validate_dag("2026-11-25", slots)  # a Wednesday: the UWV is not there
    assert outcome.slots["dag"] is None
    [reply] = outcome.replies
    assert "geen medewerker van het UWV" in reply.text
    assert reply.buttons and all(re.match(r"(dinsdag|donderdag) ", b.title) for b in reply.buttons)


@pytest.mark.parametrize("typed, stored", [("06-12345678", "0612345678"), ("Fatima@Example.NL", "Fatima@example.nl")])
def test_contact_is_an_email_address_or_a_phone_number(dialogue, typed, stored):
    assert dialogue(UWV).validate_contact(typed, UWV).slots == {"contact": stored}


def test_a_wrong_contact_is_explained(dialogue):
    outcome = dialogue(UWV).validate_contact("morgen", UWV)
    assert outcome.slots == {"contact": None} and "telefoonnummer" in texts(outcome.replies)


def test_the_summary_names_both_agencies_and_the_contact(dialogue):
    slots = {**UWV, "tweede_organisatie": "svb", "locatie": "servicepunt_de_weide", "dag": "2026-11-24",
             "tijd": "2026-11-24T09:00:00+01:00", "naam": "Fatima el Amrani", "contact": "0612345678"}
    [reply] = dialogue(slots).ask("bevestigd", slots)
    assert "Met: het UWV en de SVB" in reply.text and "Contact: 0612345678" in reply.text
    assert "Servicepunt De Weide" in reply.text and "dinsdag 24 november om 09:00" in reply.text


def test_the_chat_never_asks_for_a_bsn(content):
    """Privacy: the BSN is only ever mentioned as something taken out, never asked for."""
    asking = re.compile(r"(wat is|geef|typ|noem|stuur)[^.?!]*\b(bsn|burgerservicenummer)", re.IGNORECASE)

    def strings(node):
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            for value in node.values():
                yield from strings(value)
        elif isinstance(node, list):
            for value in node:
                yield from strings(value)

    assert not [t for t in strings(content.raw) if asking.search(t)]
    assert "BSN" in render(content.text("spreekuur", "vraag_toestemming"), {"afspraak.organisaties": "het UWV"})


@pytest.mark.parametrize("turn", [
    Turn("nee alleen het uwv", "vraag_uwv", {"agency": ["uwv"]}, "tweede_organisatie"),
    Turn("Nee, alleen de SVB", "informeren", {}, "tweede_organisatie"),
    Turn("alleen het uwv graag", "informeren", {"agency": ["uwv"]}, "tweede_organisatie"),
])
def test_typed_no_second_agency_is_understood(dialogue, turn):
    assert dialogue(UWV).extract(turn, UWV) == {"tweede_organisatie": NO_SECOND}


def test_another_agency_typed_is_the_second(dialogue):
    turn = Turn("ook de svb graag", "vraag_svb", {"agency": ["svb"]}, "tweede_organisatie")
    assert dialogue(UWV).extract(turn, UWV)["tweede_organisatie"] == "svb"


def test_the_agencies_and_the_appointment_are_named_in_english(sessions, config, clock, tmp_path):
    path = english_content(tmp_path / "content", {"feiten": {"het UWV": "UWV", "de SVB": "SVB",
                                                             config.spreekuur.naam: "appointment with an agency"}})
    with language.using("en"):
        slots = {**UWV, "tweede_organisatie": "svb"}
        flow = AgencyDialogue(AgencyScheduler(sessions, lambda: config, clock), config, get_content(path), vocabulary(),
                              slots, now=clock)
        facts = flow.facts(slots)
    assert facts["afspraak.organisaties"] == "UWV and SVB"
    assert facts["afspraak.product"] == "appointment with an agency"
