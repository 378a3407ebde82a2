"""One message in a form, the same for every form: read it once, then check each slot it
filled in the form's order, so that a day is checked against the place chosen in the same message.

Every form is left the same way: ``FormDialogue.leave`` ends it unconfirmed on the resident's
words ("stop", "laat maar", "toch niet", "annuleer"). "Weet ik niet" or "geen idee" at a question is
no "nee": ``FormDialogue.unknown`` says what helps (ask again, or where to find the answer).
A question that gives no value is a question in between (``FormStep.asks``): the action answers it,
then the form asks its question again.
Typed corrections belong in ``extract``; a check never raises on words, it answers with an ``Outcome``.
"""
from __future__ import annotations

import abc
from dataclasses import dataclass, field
from typing import Callable, List, Optional, Tuple

from bot.core.replies import Reply
from bot.forms.turn import Marker, Outcome, Slots, Turn, as_answer, is_question, knows_no_answer, says_no, wants_to_leave


class FormDialogue(abc.ABC):
    """What a form's conversation provides; the runner drives it, a Rasa action carries it."""

    order: Tuple[str, ...] = ()        # the slots this form checks, in the order they are checked
    confirmation_slot: str = "bevestigd"  # False here ends the form with nothing done
    builds_on: Tuple[str, ...] = ()    # a new value here needs a new dialogue (another calendar)

    cancel_words_leave: bool = True    # False where "annuleren" answers the form (cancelling)
    no_leaves: bool = True             # a plain "no" ends it, as Rasa's rule does when the model reads one;
                                       # False where "nee" answers a question (a second agency, consent)

    def leave(self, turn: Turn, slots: Slots) -> Optional[Slots]:
        """The slots that end the form when this message leaves it ("stop", "laat maar",
        "toch niet", "annuleer", "never mind", or a plain "no thanks" at any question), else None."""
        if wants_to_leave(turn.text, self.cancel_words_leave) or (self.no_leaves and says_no(turn.text)):
            return {self.confirmation_slot: False}
        return None

    def unknown(self, slot: str, slots: Slots) -> Outcome:
        """What helps when the resident does not know or have the answer to ``slot`` ("weet ik niet",
        "geen idee"): here the question is asked again, with its buttons. A form whose answer the
        resident may not have (a code, an e-mail address) says where to find it, or ends (never a loop)."""
        return Outcome({slot: None})

    @abc.abstractmethod
    def extract(self, turn: Turn, slots: Slots) -> Slots:
        """Every slot this message fills or changes (None clears one); empty when it is no answer."""

    def validate(self, slot: str, value: object, slots: Slots) -> Outcome:
        """The check ``validate_<slot>(value, slots)``: a cleaned value, or an empty slot and why."""
        return getattr(self, f"validate_{slot}")(value, slots)

    @abc.abstractmethod
    def ask(self, slot: str, slots: Slots) -> List[Reply]:
        """The question for a slot, with buttons where there are choices."""

    def notices(self, updates: Slots, slots: Slots) -> List[Reply]:
        """Anything to say after the checks about what this message changed."""
        return []


@dataclass
class FormStep:
    """The slots to set after one message and what to say; ``ends`` closes the form."""
    slots: Slots = field(default_factory=dict)
    replies: List[Reply] = field(default_factory=list)
    ends: bool = False
    asks: bool = False  # a question that gave no value: where it can be answered, answer it and ask again


class FormRunner:
    """Drives a form's dialogue through one message; ``build`` makes the dialogue for the slots
    as they are, so a change of agency or appointment can bring another calendar mid-message."""

    def __init__(self, build: Callable[[Slots], FormDialogue]):
        self.build = build

    def run(self, turn: Turn, slots: Slots) -> FormStep:
        dialogue = self.build(slots)
        left = dialogue.leave(turn, slots)
        if left is not None:
            return FormStep(left, ends=True)
        turn = as_answer(turn)  # "yes please", "nope" typed: as the buttons
        asked = turn.requested_slot
        if asked in dialogue.order and knows_no_answer(turn.text):
            helped = dialogue.unknown(str(asked), slots)
            return FormStep(helped.slots, helped.replies, ends=helped.slots.get(dialogue.confirmation_slot) is False)
        updates = dialogue.extract(turn, slots)
        asks = is_question(turn.text) and not _values(updates)  # "wat kost het eigenlijk?"
        if not updates:
            return FormStep(asks=asks)  # nothing for this form: another rule answers the message
        current = {**slots, **updates}
        replies = self._check(dialogue, updates, current)
        replies += dialogue.notices(updates, current)
        return FormStep(updates, replies, ends=updates.get(dialogue.confirmation_slot) is False, asks=asks)

    def _check(self, dialogue: FormDialogue, updates: Slots, slots: Slots) -> List[Reply]:
        """Checks the filled-in slots in order; ``updates`` and ``slots`` take each outcome."""
        replies: List[Reply] = []
        checker = dialogue
        for slot in dialogue.order:
            if updates.get(slot) is None:
                continue
            outcome = checker.validate(slot, slots[slot], slots)
            slots.update(outcome.slots)
            updates.update(outcome.slots)
            replies += outcome.replies
            if any(name in outcome.slots for name in dialogue.builds_on):
                checker = self.build(slots)
        return replies


def _values(updates: Slots) -> Slots:
    """What a message really filled in: not the markers of words that were no value."""
    return {slot: value for slot, value in updates.items() if value is not None and Marker.of(value) is None}

