"""Grouping inbox texts by similarity: normalisation, the measure, and determinism."""
from __future__ import annotations

import random

import pytest

from bot.content_tools.grouping import group_by_similarity, normalise, similarity


@pytest.mark.parametrize("text, expected", [
    ("Wat kost een PASPOORT?!", "wat kost een paspoort"),
    ("  café   geöpend  ", "cafe geopend"),
    ("paspoort 2024, spoed", "paspoort spoed"),
    ("mijn bsn is [BSN]", "mijn bsn is bsn"),
    ("!!!", ""),
])
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_similarity_is_high_for_typos_and_low_for_other_questions():
    assert similarity("wat kost een paspoort", "Wat kost een pasport?") > 0.6
    assert similarity("wat kost een paspoort", "wanneer komt de vuilniswagen") < 0.2
    assert similarity("abc", "abc") == 1.0


TEXTS = ["wat kost een paspoort?", "Wat kost een paspoort", "wat kost n paspoort", "wat kost een pasport",
         "wanneer komt de vuilniswagen", "vuilniswagen wanneer", "hondenbelasting", "hondenbelasting betalen",
         "ik wil mijn hond aanmelden"]


def test_groups_put_alike_texts_together_largest_first():
    groups = group_by_similarity(TEXTS, lambda text: text)
    assert sorted(groups[0].items) == sorted(TEXTS[:4])
    together = [sorted(g.items) for g in groups]
    assert sorted(["wanneer komt de vuilniswagen", "vuilniswagen wanneer"]) in together
    assert ["ik wil mijn hond aanmelden"] in together
    assert sum(len(g.items) for g in groups) == len(TEXTS)


def test_grouping_does_not_depend_on_the_order_of_the_input():
    expected = [(g.leader, sorted(g.items)) for g in group_by_similarity(TEXTS, lambda t: t)]
    shuffled = TEXTS[:]
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert [(g.leader, sorted(g.items)) for g in group_by_similarity(shuffled, lambda t: t)] == expected


def test_a_stricter_threshold_makes_more_groups():
    assert len(group_by_similarity(TEXTS, lambda t: t, threshold=0.95)) > len(group_by_similarity(TEXTS, lambda t: t))
