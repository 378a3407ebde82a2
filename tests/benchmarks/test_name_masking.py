"""The name-masking measurement on tests/data/names_table.yml holds its level."""
from __future__ import annotations

from benchmarks.name_masking import main, measure, still_there


def test_most_names_are_masked_and_messages_without_one_stay_as_typed(capsys):
    result = measure()
    assert result.names >= 40 and result.clean >= 40
    assert result.hit_rate >= 0.9, result.misses
    assert result.false_positive_rate <= 0.05, result.wrongly_masked
    main([])
    printed = capsys.readouterr().out
    assert "hit rate" in printed and "false-positive rate" in printed


def test_a_name_counts_as_masked_only_when_every_word_of_it_is_gone():
    assert still_there("Jan de Vries", "mijn naam is Jan [NAAM]")
    assert not still_there("Jan de Vries", "mijn naam is [NAAM]")
