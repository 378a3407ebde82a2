"""Changing one text of a YAML file keeps the rest of the file as it was: comments, order,
the other texts' style; the text itself is read back exactly, whatever it holds."""
from __future__ import annotations

import pytest
import yaml

from bot.core.settings import PROJECT_ROOT
from bot.core.yaml_edit import YamlEditError, load, replace_text

SOURCE = PROJECT_ROOT.joinpath("content", "antwoorden.yml").read_text(encoding="utf-8")
SAMPLE = """# a comment
top:
  # about the folded one
  folded: >-
    Een tekst die over twee regels
    loopt.
  literal: |-
    Regel een
    Regel twee
  quoted: "Kort."  # stays
  list: [a, b]
other: plain
"""


def _replaced(source, path, text):
    changed = replace_text(source, path, text)
    data = load(changed)
    node = data
    for part in path:
        node = node[part]
    return changed, data, node


@pytest.mark.parametrize("text", [
    "Eén regel.", "Twee\nregels", "Met \"aanhalingstekens\" en een \\ en {gemeente.naam}", "  begint met spaties",
    "Emoji 😀 en een é", "Lege regel\n\ndaartussen", "#geen commentaar", "key: value", "- geen lijst", "'enkel'",
    "Een heel lange regel " * 12,
])
@pytest.mark.parametrize("path", [("top", "folded"), ("top", "literal"), ("top", "quoted"), ("other",)])
def test_any_text_reads_back_exactly_and_nothing_else_changes(path, text):
    changed, data, value = _replaced(SAMPLE, path, text)
    assert value == text
    expected = yaml.safe_load(SAMPLE)
    node = expected
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = text
    assert data == expected
    assert changed.startswith("# a comment\ntop:\n  # about the folded one\n  folded: ")
    assert "  # stays\n" in changed and changed.endswith("  list: [a, b]\nother: " + changed.split("other: ")[1])


def test_a_folded_text_stays_folded_and_a_block_stays_a_block():
    changed, _, _ = _replaced(SAMPLE, ("top", "folded"), "Een nieuwe zin. " * 10)
    assert "  folded: >-\n    Een nieuwe zin." in changed and max(len(line) for line in changed.splitlines()) <= 100
    changed, _, _ = _replaced(SAMPLE, ("top", "literal"), "A\nB")
    assert "  literal: |-\n    A\n    B\n  quoted:" in changed


def test_only_the_lines_of_the_text_change_in_the_shipped_content_file():
    changed = replace_text(SOURCE, ["gesprek", "bedankt"], "Graag gedaan!")
    before, after = SOURCE.splitlines(), changed.splitlines()
    assert len(before) == len(after)
    assert [(b, a) for b, a in zip(before, after) if b != a] == [
        ('  bedankt: "Graag gedaan! Heeft u nog een vraag? Stel hem gerust."', '  bedankt: "Graag gedaan!"')]


def test_texts_of_every_section_of_the_shipped_file_can_be_replaced_keeping_every_comment():
    """Every fifth text (about 55, in every section and style; all 278 take a CPU-bound 15 s)."""
    from bot.content_tools.editor.rules import answers_in

    comments = [line for line in SOURCE.splitlines() if line.lstrip().startswith("#")]
    sample = answers_in(yaml.safe_load(SOURCE))[::5]
    assert {a.section for a in sample} >= {"onderwerpen", "gesprek", "mail", "afspraak", "chatvenster"}
    for answer in sample:
        changed, _, value = _replaced(SOURCE, answer.key.split("."), answer.text + "\nNieuw.")
        assert value == answer.text + "\nNieuw."
        assert [line for line in changed.splitlines() if line.lstrip().startswith("#")] == comments, answer.key


@pytest.mark.parametrize("path", [("top",), ("top", "list"), ("top", "missing"), ("nergens", "iets"), ()])
def test_a_path_that_names_no_text_is_refused(path):
    with pytest.raises(YamlEditError):
        replace_text(SAMPLE, path, "x")


def test_a_file_that_is_not_yaml_is_refused():
    with pytest.raises(YamlEditError):
        replace_text("a: [b\n", ("a",), "x")
