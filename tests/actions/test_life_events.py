"""A life event's checklist leads, on top of the topic the model chose; a plain question keeps
its own answer."""
from __future__ import annotations

from rasa_sdk import Tracker

from actions.agencies import ActionExplainAgency
from actions.conversation import ActionReplyConversation
from actions.faq import ActionAnswerTopic, ActionFollowUp
from tests.support.actions import run


def _tracker(text, intent, entities=()):
    latest = {"text": text, "intent": {"name": intent}, "entities": list(entities)}
    return Tracker("test", {}, latest, [{"event": "user", "text": text, "parse_data": latest}], False, None, {},
                   "action_listen")


def _slots(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def _kop(content, key):
    return content.text("levensgebeurtenissen", key, "kop")


def test_a_death_and_what_to_arrange_gets_the_checklist_and_remembers_the_topic(content):
    events, messages = run(ActionAnswerTopic(), _tracker(
        "mijn vader is vorige week overleden, wat moet ik allemaal regelen", "overlijden_aangifte"))
    assert len(messages) == 1 and messages[0]["text"].startswith(_kop(content, "overlijden"))
    assert "https://www.svb.nl/anw" in messages[0]["text"]
    assert _slots(events)["onderwerp"] == "overlijden_aangifte"


def test_how_to_register_a_death_keeps_its_own_answer(content):
    _, messages = run(ActionAnswerTopic(), _tracker("hoe doe ik aangifte van overlijden", "overlijden_aangifte"))
    said = " ".join(m["text"] for m in messages)
    assert _kop(content, "overlijden") not in said
    assert content.text("onderwerpen", "overlijden_aangifte", "uitleg").split(".")[0] in said


def test_dismissed_without_a_topic_gets_the_job_loss_checklist_instead_of_did_you_mean(content):
    events, messages = run(ActionFollowUp(), _tracker("ik ben gisteren ontslagen", "nlu_fallback"))
    assert messages and messages[0]["text"].startswith(_kop(content, "werkloos"))
    assert "/afspraak_maken{\"agency\": \"uwv\"}" in [b["payload"] for b in messages[0]["buttons"]]
    assert not any(e.get("event") == "followup" for e in events)


def test_an_agency_question_that_asks_what_to_arrange_gets_the_checklist(content):
    _, messages = run(ActionExplainAgency(), _tracker("we gaan scheiden, wat moet ik allemaal regelen",
                                                      "vraag_juridisch_loket"))
    assert messages[0]["text"].startswith(_kop(content, "scheiding"))


def test_an_agency_question_without_it_keeps_the_agency_answer(content):
    _, messages = run(ActionExplainAgency(), _tracker("ik ben ontslagen, hoe vraag ik ww aan", "vraag_uwv"))
    assert messages[0]["text"] == content.text("organisaties", "uwv", "uitleg").strip()


def test_small_talk_about_turning_18_gets_the_checklist(content):
    _, messages = run(ActionReplyConversation(), _tracker("ik ben 18 geworden wat nu", "bot_vraag"))
    assert messages[0]["text"].startswith(_kop(content, "achttien"))


def test_a_dog_that_died_keeps_the_wegwijzer_referral(content):
    hond = {"entity": "wegwijzer", "value": "hondenbelasting", "start": 0, "end": 4}
    _, messages = run(ActionReplyConversation(), _tracker("onze hond is overleden, moeten we nog hondenbelasting "
                                                          "betalen?", "out_of_scope", [hond]))
    said = " ".join(m["text"] for m in messages)
    assert _kop(content, "overlijden") not in said and "hondenbelasting" in said


def test_a_document_named_keeps_its_own_answer(content):
    paspoort = {"entity": "document", "value": "paspoort", "start": 20, "end": 28}
    _, messages = run(ActionAnswerTopic(), _tracker("mijn baby heeft een paspoort nodig, wat moet ik doen",
                                                    "paspoort_id_aanvragen", [paspoort]))
    assert _kop(content, "geboorte") not in " ".join(m["text"] for m in messages)
