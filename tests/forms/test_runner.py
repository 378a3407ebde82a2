"""The one loop every form runs per message: read once, check in the form's order, a new
dialogue when a slot it is built on changes, and the hook that leaves a form."""
from __future__ import annotations

import json
from typing import List, Optional

import pytest

from bot.agencies.dialogue import AgencyDialogue
from bot.agencies.scheduler import AgencyScheduler
from bot.appointments.dialogue import BookingDialogue, ChangeDialogue
from bot.config.content import get_content
from bot.core import language
from bot.core.replies import Reply
from bot.forms.runner import FormDialogue, FormRunner, FormStep
from bot.forms.turn import Marker, Outcome, Slots, Turn
from bot.handover.callback_dialogue import CallbackDialogue
from bot.nlp.vocabulary import vocabulary
from tests.support.english_mail import english_content


class Recorder(FormDialogue):
    """A form of three slots; it records what it read and checked, and with which calendar."""
    order = ("soort", "dag", "bevestigd")
    builds_on = ("soort",)

    def __init__(self, log: List[str], slots: Slots, found: Slots, stop: bool = False):
        self.log, self.calendar, self.found, self.stop = log, slots.get("soort"), found, stop

    def leave(self, turn: Turn, slots: Slots) -> Optional[Slots]:
        return {"bevestigd": False} if self.stop else None

    def extract(self, turn: Turn, slots: Slots) -> Slots:
        self.log.append("extract")
        return dict(self.found)

    def validate_soort(self, value: object, slots: Slots) -> Outcome:
        self.log.append(f"soort={value}@{self.calendar}")
        return Outcome({"soort": str(value).lower()}, [Reply("soort")])

    def validate_dag(self, value: object, slots: Slots) -> Outcome:
        self.log.append(f"dag={value}@{self.calendar} soort={slots.get('soort')}")
        if value == "gisteren":
            return Outcome({"dag": None}, [Reply("voorbij")])
        return Outcome({"dag": value, "bevestigd": "nog niet"})

    def validate_bevestigd(self, value: object, slots: Slots) -> Outcome:
        self.log.append(f"bevestigd={value}")
        return Outcome({"bevestigd": value})

    def ask(self, slot: str, slots: Slots) -> List[Reply]:
        return [Reply(slot)]

    def notices(self, updates: Slots, slots: Slots) -> List[Reply]:
        return [Reply("let op")] if "dag" in updates else []


TURN = Turn("morgen", "informeren", {}, "dag")


def run(found: Slots, slots: Optional[Slots] = None, stop: bool = False):
    log: List[str] = []
    step = FormRunner(lambda current: Recorder(log, current, found, stop)).run(TURN, slots or {"soort": "oud"})
    return step, log


def test_a_message_is_read_once_and_checked_in_the_forms_order_not_the_order_found():
    step, log = run({"dag": "morgen", "soort": "NIEUW"})
    assert log[:3] == ["extract", "soort=NIEUW@oud", "dag=morgen@nieuw soort=nieuw"]
    assert step.slots == {"dag": "morgen", "soort": "nieuw", "bevestigd": "nog niet"}


def test_a_slot_an_earlier_check_filled_is_checked_too_and_replies_keep_their_order():
    step, log = run({"dag": "morgen", "soort": "NIEUW"})
    assert log[-1] == "bevestigd=nog niet"
    assert [r.text for r in step.replies] == ["soort", "let op"]
    assert step.ends is False


def test_a_cleared_slot_is_set_but_not_checked():
    step, log = run({"dag": None, "soort": "oud"})
    assert log == ["extract", "soort=oud@oud"]
    assert step.slots == {"dag": None, "soort": "oud"}


def test_a_refused_value_leaves_the_slot_empty_with_the_reason():
    step, _ = run({"dag": "gisteren"})
    assert step.slots == {"dag": None}
    assert [r.text for r in step.replies] == ["voorbij", "let op"]


def test_a_message_that_is_no_answer_changes_nothing():
    step, log = run({})
    assert step == FormStep() and log == ["extract"]


def test_leaving_ends_the_form_before_anything_is_read():
    step, log = run({"dag": "morgen"}, stop=True)
    assert step == FormStep({"bevestigd": False}, [], ends=True) and log == []


def test_a_no_at_the_confirmation_ends_the_form():
    step, _ = run({"bevestigd": False})
    assert step.ends is True and step.slots == {"bevestigd": False}


def test_every_form_names_its_confirmation_slot_as_a_slot_name():
    """A dialogue's method must not shadow the slot the runner ends the form on."""
    for dialogue in (BookingDialogue, ChangeDialogue, AgencyDialogue, CallbackDialogue):
        assert isinstance(dialogue.confirmation_slot, str), dialogue.__name__
        assert dialogue.confirmation_slot in dialogue.order, dialogue.__name__


def test_a_question_that_gives_no_value_is_marked_as_one_to_answer_in_between():
    log: List[str] = []
    runner = FormRunner(lambda current: Recorder(log, current, {"dag": Marker.UNCLEAR}))
    asked = runner.run(Turn("wat kost het eigenlijk?", "nlu_fallback", {}, "dag"), {"soort": "oud"})
    assert asked.asks is True
    statement = runner.run(Turn("weet ik niet", "informeren", {}, "dag"), {"soort": "oud"})
    assert statement.asks is False  # no question: the check explains what it needs


def test_a_question_with_a_value_is_an_answer():
    log: List[str] = []
    step = FormRunner(lambda current: Recorder(log, current, {"dag": "morgen"})).run(
        Turn("kan het morgen?", "informeren", {}, "dag"), {"soort": "oud"})
    assert step.asks is False and step.slots["dag"] == "morgen"


def test_not_knowing_the_answer_is_no_stop_the_question_is_asked_again():
    log: List[str] = []
    step = FormRunner(lambda current: Recorder(log, current, {"bevestigd": False})).run(
        Turn("weet ik niet", "ontkennen", {}, "dag"), {"soort": "oud"})
    assert step == FormStep({"dag": None}, []) and log == []  # nothing read, nothing ended: "dag" comes again


def test_a_form_says_what_helps_when_the_answer_is_not_known_and_may_end():
    class Helpful(Recorder):
        def unknown(self, slot: str, slots: Slots) -> Outcome:
            return Outcome({"bevestigd": False}, [Reply(f"zo vindt u {slot}")])

    step = FormRunner(lambda current: Helpful([], current, {})).run(Turn("geen idee", "informeren", {}, "dag"), {})
    assert step.ends is True and [r.text for r in step.replies] == ["zo vindt u dag"]


def test_not_knowing_outside_the_forms_questions_is_read_as_usual():
    log: List[str] = []
    FormRunner(lambda current: Recorder(log, current, {})).run(Turn("weet ik niet", "informeren", {}, "naam"), {})
    assert log == ["extract"]


# English typed instead of clicked, through the real forms

@pytest.fixture
def database_url(tmp_path):
    return f"sqlite:///{tmp_path / 'forms.db'}"


@pytest.fixture
def english(tmp_path):
    """The forms' content in English (a small file beside the Dutch one) while the test runs."""
    path = english_content(tmp_path / "content", {"feiten": {"paspoort": "passport",
                                                             "uittreksel BRP": "extract from the population register"}})
    with language.using("en"):
        yield get_content(path)


@pytest.fixture
def booking(scheduler, config, english, clock):
    return FormRunner(lambda slots: BookingDialogue(scheduler, config, english, vocabulary(), now=clock))


PASSPORT_AT_TOWN_HALL = {"product": "paspoort", "locatie": "gemeentehuis"}


@pytest.mark.parametrize("text", ["yes please", "Sure", "ok", "yeah"])
def test_a_typed_yes_in_english_confirms_the_booking(booking, text):
    step = booking.run(Turn(text, "begroeting", {}, "bevestigd"), {**PASSPORT_AT_TOWN_HALL, "bevestigd": None})
    assert step.slots == {"bevestigd": True} and not step.ends


@pytest.mark.parametrize("text", ["no thanks", "nope", "never mind", "forget it", "not now", "cancel"])
def test_a_typed_no_or_leaving_in_english_ends_the_booking(booking, text):
    step = booking.run(Turn(text, "bedankt", {}, "dag"), dict(PASSPORT_AT_TOWN_HALL))
    assert step.ends and step.slots == {"bevestigd": False}


def test_a_day_and_time_in_english_fill_the_booking(booking):
    step = booking.run(Turn("next Thursday at 10am", "informeren", {}, "dag"), dict(PASSPORT_AT_TOWN_HALL))
    assert step.slots["dag"] == "2026-11-26" and step.slots["tijd"] == "2026-11-26T10:00:00+01:00"


@pytest.mark.parametrize("text, product", [("passport", "paspoort"), ("a driving licence please", "rijbewijs"),
                                          ("extract from the population register", "uittreksel_brp")])
def test_a_product_by_its_english_name(booking, text, product):
    step = booking.run(Turn(text, "nlu_fallback", {}, "product"), {})
    assert step.slots["product"] == product


def test_a_place_by_its_english_name(booking):
    step = booking.run(Turn("the library", "nlu_fallback", {}, "locatie"), {"product": "paspoort"})
    assert step.slots["locatie"] == "bibliotheek_oosterhout"


def test_the_product_buttons_and_summary_speak_english(booking, scheduler, config, english, clock):
    dialogue = BookingDialogue(scheduler, config, english, vocabulary(), now=clock)
    [question] = dialogue.ask("product", {})
    assert "Passport" in [b.title for b in question.buttons]
    facts = dialogue.facts({**PASSPORT_AT_TOWN_HALL, "tijd": "2026-11-26T10:00:00+01:00"})
    assert facts["afspraak.product"] == "passport" and facts["afspraak.wanneer"] == "Thursday 26 November at 10:00"


def test_not_knowing_the_code_in_english_says_where_to_find_it(scheduler, config, english, clock):
    runner = FormRunner(lambda slots: ChangeDialogue(scheduler, config, english, vocabulary(), find=scheduler.details,
                                                     now=clock))
    step = runner.run(Turn("I don't have the code", "informeren", {}, "referentie"), {})
    assert step.ends and step.replies


def test_a_callback_in_english(config, english):
    runner = FormRunner(lambda slots: CallbackDialogue(config, english))
    assert runner.run(Turn("sure", "begroeting", {}, "terugbel_moment"), {}).slots == {"terugbel_moment": "-"}
    assert runner.run(Turn("yes please", "bedankt", {}, "terugbel_bevestigd"), {}).slots == {"terugbel_bevestigd": True}
    ended = runner.run(Turn("no thanks", "bedankt", {}, "terugbel_naam"), {})
    assert ended.ends and ended.slots == {"terugbel_bevestigd": False}


def test_no_to_a_second_agency_or_consent_is_an_answer_in_english(sessions, config, english, clock):
    slots = {"organisatie": "uwv", "product": "spreekuur"}

    def agency(current):
        return AgencyDialogue(AgencyScheduler(sessions, lambda: config, clock), config, english, vocabulary(), current,
                              now=clock)

    runner = FormRunner(agency)
    assert runner.run(Turn("no thanks", "bedankt", {}, "tweede_organisatie"), slots).slots["tweede_organisatie"] == "geen"
    assert runner.run(Turn("nope", "bedankt", {}, "toestemming"), slots).slots == {"toestemming": False}
    assert runner.run(Turn("yes please", "begroeting", {}, "toestemming"), slots).slots == {"toestemming": True}
    assert runner.run(Turn("no thanks", "bedankt", {}, "naam"), slots).slots == {"bevestigd": False}


def test_a_day_typed_at_the_day_question_answers_it_whatever_the_model_read(booking):
    step = booking.run(Turn("tomorrow morning", "openingstijden", {}, "dag"), dict(PASSPORT_AT_TOWN_HALL))
    assert step.slots["dag"] == "2026-11-24" and json.loads(str(step.slots["voorkeur"])) == {"part_of_day": "ochtend"}
    asked = booking.run(Turn("are you open tomorrow morning?", "openingstijden", {}, "dag"), dict(PASSPORT_AT_TOWN_HALL))
    assert asked.slots == {} and asked.asks  # a question about the topic: its rule answers it
