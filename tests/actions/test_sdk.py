"""The one validation base of every form: the message as the form sees it, the runner's slots
as Rasa events (markers as their stored strings), and the form ended when the dialogue says so."""
from __future__ import annotations

from typing import List, Optional

from rasa_sdk.events import SlotSet

from actions._sdk import FormValidation, turn_from
from bot.core.replies import Reply
from bot.forms.runner import FormDialogue
from bot.forms.turn import Marker, Outcome, Slots, Turn
from tests.support.actions import run, tracker


class Second(FormDialogue):
    order = ("tweede_organisatie",)

    def leave(self, turn: Turn, slots: Slots) -> Optional[Slots]:
        return {"bevestigd": False} if turn.text == "stop" else None

    def extract(self, turn: Turn, slots: Slots) -> Slots:
        return {"tweede_organisatie": Marker.NO_SECOND} if turn.intent == "ontkennen" else {}

    def validate_tweede_organisatie(self, value: object, slots: Slots) -> Outcome:
        return Outcome({"tweede_organisatie": value}, [Reply("Alleen met deze organisatie.")])

    def ask(self, slot: str, slots: Slots) -> List[Reply]:
        return []


class ValidateTestForm(FormValidation):
    def name(self) -> str:
        return "validate_test_form"

    def dialogue(self, tracker, slots: Slots) -> FormDialogue:
        return Second()


def test_the_turn_carries_text_intent_known_entities_and_the_open_question():
    turn = turn_from(tracker("ID kaart", "informeren", [{"entity": "document", "value": "ID kaart"}], requested="dag"))
    assert (turn.text, turn.intent, turn.requested_slot) == ("ID kaart", "informeren", "dag")
    assert turn.entity("document") == "id-kaart"


def test_slots_become_events_with_markers_as_the_strings_rasa_stores():
    events, messages = run(ValidateTestForm(), tracker("nee", "ontkennen", requested="tweede_organisatie"))
    assert events == [SlotSet("tweede_organisatie", "geen")]
    assert type(events[0]["value"]) is str
    assert [m["text"] for m in messages] == ["Alleen met deze organisatie."]


def test_leaving_the_form_also_clears_the_open_question():
    events, messages = run(ValidateTestForm(), tracker("stop", "informeren", requested="tweede_organisatie"))
    assert events == [SlotSet("bevestigd", False), SlotSet("requested_slot", None)] and messages == []


def test_a_message_that_is_no_answer_sets_nothing():
    assert run(ValidateTestForm(), tracker("wat kost een paspoort", "paspoort_id_aanvragen")) == ([], [])


class Broken(Second):
    def extract(self, turn: Turn, slots: Slots) -> Slots:
        raise KeyError("a check that never expected these words")


class ValidateBrokenForm(ValidateTestForm):
    def dialogue(self, tracker, slots: Slots) -> FormDialogue:
        return Broken()


def test_words_a_check_cannot_read_leave_the_question_open_instead_of_failing():
    events, messages = run(ValidateBrokenForm(), tracker("morgen om 10 uur", requested="tweede_organisatie"))
    assert events == [SlotSet("tweede_organisatie", None)] and messages == []
