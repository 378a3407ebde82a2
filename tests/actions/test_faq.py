"""The follow-up action: a message the model could not place is answered about the topic just
answered when it leans on it, and otherwise goes to "Bedoelt u ...?"."""
from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction

from actions.faq import ActionFollowUp
from bot.core.formatting import euro
from tests.support.actions import run


def _user(text, intent, entities=()):
    return {"event": "user", "text": text, "parse_data": {"text": text, "intent": {"name": intent},
                                                         "entities": list(entities)}}


def _tracker(*events):
    latest = events[-1]["parse_data"]
    return Tracker("test", {}, latest, list(events), False, None, {}, "action_listen")


def test_wat_kost_het_after_a_passport_answer_gives_the_passport_fee(config):
    fee = euro(config.producten["paspoort"].tarieven[0].bedrag)
    events, messages = run(ActionFollowUp(), _tracker(
        _user("ik wil een nieuw paspoort", "paspoort_id_aanvragen", [{"entity": "document", "value": "paspoort"}]),
        _user("wat kost het?", "nlu_fallback")))
    assert events == [] and fee in " ".join(m["text"] for m in messages)


def test_without_a_topic_before_it_the_unsure_message_gets_did_you_mean():
    events, messages = run(ActionFollowUp(), _tracker(_user("hallo", "begroeting"), _user("wat kost het?", "nlu_fallback")))
    assert events == [FollowupAction("action_two_stage_fallback")] and messages == []


def test_a_child_named_after_a_fee_answer_gets_the_childs_fee_first(config):
    child_fee = euro(config.producten["paspoort"].tarieven[1].bedrag)
    events, messages = run(ActionFollowUp(), _tracker(
        _user("wat kost een paspoort", "paspoort_id_aanvragen",
              [{"entity": "document", "value": "paspoort"}, {"entity": "aspect", "value": "kosten"}]),
        _user("en voor mijn dochter van 12?", "informeren")))
    amounts = [line for m in messages for line in m["text"].splitlines() if "€" in line]
    assert events == [] and child_fee in amounts[0]


def test_a_value_outside_a_form_without_a_topic_before_it_asks_what_it_is_about():
    events, messages = run(ActionFollowUp(), _tracker(_user("hoi", "begroeting"), _user("9991 AB", "informeren")))
    assert events == [] and len(messages) == 1 and "Waar gaat uw vraag over" in messages[0]["text"]


def test_a_photo_question_read_as_out_of_scope_after_the_passport_answer_gets_the_photo_rule():
    from actions.conversation import ActionReplyConversation

    latest = _user("hoe oud mag de foto zijn", "out_of_scope", [{"entity": "aspect", "value": "foto"}])
    latest["parse_data"]["intent_ranking"] = [{"name": "out_of_scope"}, {"name": "paspoort_id_aanvragen"}]
    events, messages = run(ActionReplyConversation(), _tracker(
        _user("wat moet ik meenemen voor mijn paspoort", "paspoort_id_aanvragen",
              [{"entity": "document", "value": "paspoort"}, {"entity": "aspect", "value": "meenemen"}]),
        latest))
    assert events == [] and "6 maanden" in messages[0]["text"]
