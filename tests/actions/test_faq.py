"""The follow-up actions: what was answered stays in the slots; a message that leans on it is
marked (vervolgvraag) and answered about it; otherwise "Bedoelt u ...?"."""
from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet

from actions.agencies import ActionExplainAgency
from actions.faq import ActionAnswerService, ActionAnswerTopic, ActionFollowUp, ActionMarkFollowUp
from bot.core.formatting import euro
from tests.support.actions import run


def _user(text, intent, entities=()):
    return {"event": "user", "text": text, "parse_data": {"text": text, "intent": {"name": intent},
                                                         "entities": list(entities)}}


def _tracker(*events, slots=None, active_loop=None):
    latest = events[-1]["parse_data"]
    return Tracker("test", dict(slots or {}), latest, list(events), False, None, active_loop or {}, "action_listen")


PASPOORT_SLOTS = {"onderwerp": "paspoort_id_aanvragen", "document": "paspoort", "aspecten": ["kosten"]}


def _slots(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_wat_kost_het_after_a_passport_answer_gives_the_passport_fee(config):
    fee = euro(config.producten["paspoort"].tarieven[0].bedrag)
    events, messages = run(ActionFollowUp(), _tracker(
        _user("wat kost het?", "nlu_fallback"), slots={"onderwerp": "paspoort_id_aanvragen", "document": "paspoort"}))
    assert fee in " ".join(m["text"] for m in messages)
    assert _slots(events)["onderwerp"] == "paspoort_id_aanvragen" and "kosten" in _slots(events)["aspecten"]


def test_without_a_topic_before_it_the_unsure_message_gets_did_you_mean():
    events, messages = run(ActionFollowUp(), _tracker(_user("hallo", "begroeting"), _user("wat kost het?", "nlu_fallback")))
    assert events == [FollowupAction("action_two_stage_fallback")] and messages == []


def test_a_child_named_after_a_fee_answer_gets_the_childs_fee_first(config):
    child_fee = euro(config.producten["paspoort"].tarieven[1].bedrag)
    _, messages = run(ActionFollowUp(), _tracker(_user("en voor mijn dochter van 12?", "informeren"),
                                                 slots=PASPOORT_SLOTS))
    amounts = [line for m in messages for line in m["text"].splitlines() if "€" in line]
    assert child_fee in amounts[0]


def test_a_value_outside_a_form_without_a_topic_before_it_asks_what_it_is_about():
    events, messages = run(ActionFollowUp(), _tracker(_user("hoi", "begroeting"), _user("9991 AB", "informeren")))
    assert events == [] and len(messages) == 1 and "Waar gaat uw vraag over" in messages[0]["text"]


def test_a_topic_answer_remembers_topic_document_aspects_and_a_place_named():
    events, _ = run(ActionAnswerTopic(), _tracker(_user(
        "wat kost een paspoort bij de bibliotheek", "paspoort_id_aanvragen",
        [{"entity": "document", "value": "paspoort"}, {"entity": "aspect", "value": "kosten"}])))
    assert _slots(events) == {"onderwerp": "paspoort_id_aanvragen", "document": "paspoort", "aspecten": ["kosten"],
                              "plek": "bibliotheek_oosterhout", "wegwijzer": None, "geval": []}


def test_the_case_asked_is_remembered_and_a_follow_up_about_the_person_keeps_it(content):
    events, _ = run(ActionAnswerTopic(), _tracker(_user(
        "wat kost een paspoort voor mijn zoon van 10", "paspoort_id_aanvragen",
        [{"entity": "document", "value": "paspoort"}, {"entity": "aspect", "value": "kosten"}])))
    remembered = _slots(events)
    assert remembered["geval"] == ["minderjarig"]
    events, messages = run(ActionFollowUp(), _tracker(_user("moet hij zelf mee komen?", "nlu_fallback"),
                                                      slots=remembered))
    said = " ".join(m["text"] for m in messages)
    child_piece = content.topics["paspoort_id_aanvragen"].sections["kind"].split(".")[0]
    assert child_piece in said and _slots(events)["geval"] == ["minderjarig"]


def test_the_address_remembers_the_town_hall_and_a_popup_question_the_one_location_named():
    events, _ = run(ActionAnswerService(), _tracker(_user("wat is jullie adres", "contactgegevens")))
    assert _slots(events)["plek"] == "gemeentehuis" and _slots(events)["onderwerp"] == "contactgegevens"
    events, _ = run(ActionAnswerService(), _tracker(_user("komt de bus ook in de weide", "popup_locaties")))
    assert _slots(events)["plek"] == "bus_de_weide"
    events, _ = run(ActionAnswerService(), _tracker(_user("waar is de gemeente in de buurt", "popup_locaties")))
    assert _slots(events)["plek"] is None


def test_a_message_leaning_on_the_subject_is_marked_whatever_its_intent(config):
    marked = _tracker(_user("kan ik daar parkeren?", "parkeervergunning"),
                      slots={"onderwerp": "contactgegevens", "plek": "gemeentehuis"})
    assert run(ActionMarkFollowUp(), marked)[0] == [SlotSet("vervolgvraag", True)]
    events, messages = run(ActionFollowUp(), marked)
    assert config.locaties["gemeentehuis"].omschrijving in " ".join(m["text"] for m in messages)


def test_the_mark_is_cleared_by_a_new_question_and_never_set_in_a_form():
    new = _tracker(_user("ik wil een uittreksel", "uittreksel_brp", [{"entity": "product", "value": "uittreksel"}]),
                   slots={**PASPOORT_SLOTS, "vervolgvraag": True})
    assert run(ActionMarkFollowUp(), new)[0] == [SlotSet("vervolgvraag", None)]
    in_form = _tracker(_user("wat kost het?", "nlu_fallback"), slots=PASPOORT_SLOTS,
                       active_loop={"name": "afspraak_form"})
    assert run(ActionMarkFollowUp(), in_form)[0] == []


def test_an_agency_answer_forgets_the_topic_before_it():
    events, _ = run(ActionExplainAgency(), _tracker(_user("vraag over mijn ww", "vraag_uwv"), slots=PASPOORT_SLOTS))
    assert SlotSet("onderwerp", None) in events


def test_a_photo_question_read_as_out_of_scope_after_the_passport_answer_gets_the_photo_rule():
    photo = _tracker(_user("hoe oud mag de foto zijn", "out_of_scope", [{"entity": "aspect", "value": "foto"}]),
                     slots=PASPOORT_SLOTS)
    assert run(ActionMarkFollowUp(), photo)[0] == [SlotSet("vervolgvraag", True)]
    events, messages = run(ActionFollowUp(), photo)
    assert "6 maanden" in " ".join(m["text"] for m in messages)


@pytest.mark.parametrize("intent", ["informeren", "nlu_fallback"])
def test_values_naming_a_product_and_a_day_are_a_booking_even_when_the_model_could_not_place_them(intent):
    said = _user("volgende week dinsdagmiddag paspoort bij de gemeentebus", intent,
                 [{"entity": "document", "value": "paspoort"}])
    events, messages = run(ActionFollowUp(), _tracker(said))
    assert events == [FollowupAction("action_start_booking")] and messages == []


def test_a_product_question_with_a_postcode_answers_near_home_and_remembers_the_popup(config):
    text = "ik woon in 9995, kan ik ergens bij mij in de buurt een paspoort aanvragen"
    events, messages = run(ActionAnswerTopic(), _tracker(
        _user(text, "paspoort_id_aanvragen", [{"entity": "document", "value": "paspoort"}])))
    said = " ".join(m["text"] for m in messages)
    assert config.locaties["bibliotheek_oosterhout"].naam in said and config.balie.naam not in said
    assert any('"locatie": "bibliotheek_oosterhout"' in b["payload"] for m in messages for b in m.get("buttons") or [])
    assert _slots(events)["plek"] == "bibliotheek_oosterhout"


def test_a_popup_question_from_someone_who_cannot_travel_remembers_the_care_home(config):
    events, messages = run(ActionAnswerService(), _tracker(
        _user("mijn vader zit in een rolstoel, komt de gemeentebus ook naar hem toe", "popup_locaties")))
    assert config.locaties["zorgcentrum_de_linde"].zorglocatie
    assert _slots(events)["plek"] == "zorgcentrum_de_linde"


def test_the_language_of_the_conversation_is_kept_in_the_taal_slot():
    """Without the gateway (the terminal), ``taal`` is how a short answer keeps its language."""
    english = _tracker(_user("How much does a passport cost?", "paspoort_id_aanvragen"))
    assert SlotSet("taal", "en") in run(ActionMarkFollowUp(), english)[0]
    short = _tracker(_user("ja", "bevestigen"), slots={"taal": "en"})
    assert not any(e.get("name") == "taal" for e in run(ActionMarkFollowUp(), short)[0])
    back = _tracker(_user("Nederlands graag", "nlu_fallback"), slots={"taal": "en"})
    assert SlotSet("taal", "nl") in run(ActionMarkFollowUp(), back)[0]
    in_form = _tracker(_user("next tuesday at 10 please", "informeren"), slots=PASPOORT_SLOTS,
                       active_loop={"name": "afspraak_form"})
    assert run(ActionMarkFollowUp(), in_form)[0] == [SlotSet("taal", "en")]


def test_the_gateways_language_is_kept_in_the_taal_slot():
    said = {**_user("10:00", "informeren"), "metadata": {"taal": "en"}}
    assert run(ActionMarkFollowUp(), _tracker(said, slots={"taal": "nl"}))[0] == [SlotSet("taal", "en")]
