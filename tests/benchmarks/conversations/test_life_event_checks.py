"""The suite's life-event checks: a checklist counts only with its municipal part and every
other organisation's name and page; no_life_event fails on a checklist."""
from __future__ import annotations

from benchmarks.conversations.checks import Reply, Sources, judge_turn
from benchmarks.conversations.loader import Turn
from bot.config.facts import base_facts
from bot.life_events.checklist import checklist


def _reply(text):
    return Reply(200, [{"text": text, "buttons": []}])


def _checklist_text(config, content, key):
    return checklist(key, content, config, base_facts(config))[0].text


def test_the_whole_checklist_passes(config, content):
    verdict = judge_turn(Sources(), Turn(expect={"life_event": "overlijden"}),
                         _reply(_checklist_text(config, content, "overlijden")))
    assert verdict.ok, verdict.failures


def test_the_municipal_part_alone_fails_for_every_other_organisation(config, content):
    text = _checklist_text(config, content, "overlijden").splitlines()
    verdict = judge_turn(Sources(), Turn(expect={"life_event": "overlijden"}), _reply("\n".join(text[:2])))
    pages = [f for f in verdict.failures if "misses the page" in f]
    assert len(pages) == len(config.levensgebeurtenissen.gebeurtenissen["overlijden"].elders)


def test_the_other_organisations_alone_fail_for_the_municipal_part(config, content):
    text = _checklist_text(config, content, "werkloos").splitlines()
    verdict = judge_turn(Sources(), Turn(expect={"life_event": "werkloos"}), _reply("\n".join(text[2:])))
    assert verdict.failures == ["misses the municipal part of levensgebeurtenissen.werkloos"]


def test_no_life_event_fails_on_a_checklist_and_passes_on_a_topic_answer(config, content):
    turn = Turn(expect={"no_life_event": True})
    assert not judge_turn(Sources(), turn, _reply(_checklist_text(config, content, "geboorte"))).ok
    topic = content.text("onderwerpen", "geboorteaangifte", "uitleg")
    assert judge_turn(Sources(), turn, _reply(topic)).ok
