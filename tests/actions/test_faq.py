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
