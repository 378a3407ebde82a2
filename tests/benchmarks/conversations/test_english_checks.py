"""The conversation suite's English dialogues: expected facts read as the English answers write
them, and a Dutch reply fails the turn."""
import shutil

import pytest

from benchmarks.conversations.checks import ROOT, Reply, Sources, judge_turn
from benchmarks.conversations.loader import Turn


@pytest.fixture()
def sources(tmp_path):
    content = tmp_path / "antwoorden.yml"
    shutil.copy(ROOT / "content" / "antwoorden.yml", content)
    (tmp_path / "antwoorden.en.yml").write_text(
        'afspraak:\n  gestopt: "Fine, I will not make an appointment. Just ask if you want one later."\n'
        'feiten:\n  paspoort: passport\n', encoding="utf-8")
    return Sources(ROOT / "gemeente.yml", content).in_language("en")


def _reply(text):
    return Reply(200, [{"text": text}])


def test_money_and_opening_hours_read_as_the_english_answers_write_them(sources):
    assert sources.fact("producten.paspoort.tarieven[0].bedrag") == ["€84.60"]
    assert sources.fact("locaties.gemeentehuis.openingstijden.maandag") == ["09:00 to 17:00"]
    assert sources.fact("producten.paspoort.naam") == ["passport"]


def test_the_english_text_is_expected_in_an_english_dialogue(sources):
    turn = Turn(say="stop", expect={"contains_content": "afspraak.gestopt"})
    assert judge_turn(sources, turn, _reply("Fine, I will not make an appointment. Just ask if you want one later.")).ok
    dutch = judge_turn(sources, turn, _reply("Goed, ik maak geen afspraak. Wilt u later toch een afspraak?"))
    assert not dutch.ok


def test_a_reply_in_dutch_fails_an_english_turn_even_without_expectations(sources):
    verdict = judge_turn(sources, Turn(say="thanks"), _reply("Graag gedaan. Heeft u nog een andere vraag?"))
    assert any("a reply in Dutch" in failure for failure in verdict.failures)
    assert judge_turn(sources, Turn(say="thanks"), _reply("You're welcome. Do you have another question?")).ok


def test_a_dutch_dialogue_is_judged_as_before(sources):
    dutch = Sources()
    assert dutch.fact("producten.paspoort.tarieven[0].bedrag") == ["€ 84,60"]
    assert judge_turn(dutch, Turn(say="bedankt"), _reply("Graag gedaan. Heeft u nog een andere vraag?")).ok


def test_the_first_amount_is_read_in_english_too(sources):
    turn = Turn(say="and for my son?", expect={"leads_with_fact": "producten.paspoort.tarieven[1].bedrag"})
    assert judge_turn(sources, turn, _reply("Under 18: €61.90. 18 and older: €84.60.")).ok
    assert not judge_turn(sources, turn, _reply("18 and older: €84.60. Under 18: €61.90.")).ok
