"""Every dialogue of tests/dialogues/ played through the whole stack (action server, Rasa with
the trained model, the gateway) as a resident would, one conversation each, on one stack for
the module; the outcome is read through the staff API as a KCC employee would see it.

The dialogues describe what a mature assistant does. Those today's bot fails are listed in
tests/dialogues/known_failures.yml (id and reason) and run as strict xfails: a fixed dialogue
then fails as XPASS until it is taken off the list. Dialogues that need the assistant's clock
(office hours or a closed KCC) run after the others, with the action server restarted at that
moment (ASSISTANT_CLOCK). The figures: make bench-conversations."""
from __future__ import annotations

import pytest

from benchmarks.conversations.loader import CLOCKS, DEFAULT_CLOCK, known_failures, load_dialogues
from benchmarks.conversations.runner import STACK_ENV, STAFF_USER, Player, clock_setter, play_all
from bot.retraining.model_store import current_model
from tests.support.stack import STACK_PASSWORD as PASSWORD
from tests.support.stack import whole_stack
from tests.support.staff import TOTP_SECRET

MODEL = current_model()
pytestmark = pytest.mark.skipif(MODEL is None, reason="no trained model for the current data (make test trains one)")

# Clock-free dialogues first, then each clock's group, so the action server restarts rarely.
DIALOGUES = sorted(load_dialogues(), key=lambda d: (d.clock is not None, d.clock or ""))
KNOWN = known_failures()
WORKERS = 2


def _param(dialogue):
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN[dialogue.id])] if dialogue.id in KNOWN else []
    return pytest.param(dialogue, id=dialogue.id, marks=marks)


def test_known_failures_name_existing_dialogues():
    unknown = sorted(set(KNOWN) - {d.id for d in DIALOGUES})
    assert not unknown, f"known_failures.yml names dialogues that do not exist: {unknown}"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with pytest.MonkeyPatch.context() as env:
        for name, value in {**STACK_ENV, "ASSISTANT_CLOCK": CLOCKS[DEFAULT_CLOCK]}.items():
            env.setenv(name, value)
        with whole_stack(tmp_path_factory.mktemp("dialogues"), MODEL, [(STAFF_USER, "Dialoogtest", "kcc")],
                         timeout_s="30") as running:
            yield running


@pytest.fixture(scope="module")
def results(stack, request):
    """Plays the selected dialogues once, a few conversations at a time, and keeps the results;
    each test then judges its own."""
    selected = {item.callspec.params["dialogue"].id for item in request.session.items
                if item.module is request.module and hasattr(item, "callspec") and "dialogue" in item.callspec.params}
    player = Player(stack.url, PASSWORD, set_clock=clock_setter(stack.services), staff_totp_secret=TOTP_SECRET)
    player.clock = CLOCKS[DEFAULT_CLOCK]
    played = play_all(player, [d for d in DIALOGUES if d.id in selected], WORKERS)
    return {result.dialogue.id: result for result in played}


@pytest.mark.parametrize("dialogue", [_param(d) for d in DIALOGUES])
def test_dialogue(dialogue, results):
    result = results[dialogue.id]
    assert result.passed, result.explain()
