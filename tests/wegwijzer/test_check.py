"""make check-config on the wegwijzer section: fields, links, words, the plain sentence, examples."""
from __future__ import annotations

import pytest

from bot.content_tools.check import WARNING


def test_the_shipped_wegwijzer_is_clean(check_files):
    """(The English file's findings are tests/content_tools/test_check.py's.)"""
    assert check_files.findings() == [] and check_files.findings(WARNING, "wegwijzer") == []


@pytest.mark.parametrize("field", ["naam", "woorden", "link", "uitleg"])
def test_a_missing_field_is_an_error_naming_it(check_files, field):
    check_files.gemeente_edit(lambda d: d["wegwijzer"]["afval"].pop(field))
    assert any(f"wegwijzer.afval.{field}" in f for f in check_files.findings())


def test_a_bad_link_is_an_error(check_files):
    check_files.gemeente_edit(lambda d: d["wegwijzer"]["wmo"].update(link="www.wilgendaal.example/wmo"))
    assert any("wegwijzer.wmo.link" in f for f in check_files.findings())


def test_a_word_of_two_subjects_is_an_error(check_files):
    check_files.gemeente_edit(lambda d: d["wegwijzer"]["milieustraat"]["woorden"].append("Grofvuil"))
    assert any("'Grofvuil' is also a word of wegwijzer.afval" in f for f in check_files.findings())


def test_the_same_word_in_another_form_counts_as_the_same(check_files):
    check_files.gemeente_edit(lambda d: d["wegwijzer"]["melding_openbare_ruimte"]["woorden"].append("bomen kappen"))
    assert any("'bomen kappen' is also a word of wegwijzer.kapvergunning" in f for f in check_files.findings())


@pytest.mark.parametrize("word, burgerzaken", [("paspoort kwijt", "paspoort"), ("verhuizen", "verhuizen"),
                                               ("parkeervergunning", "parkeervergunning")])
def test_a_burgerzaken_word_is_an_error(check_files, word, burgerzaken):
    check_files.gemeente_edit(lambda d: d["wegwijzer"]["afval"]["woorden"].append(word))
    assert any(f"'{word}' contains the burgerzaken word" in f for f in check_files.findings())


@pytest.mark.parametrize("sentence, problem", [
    ("Op de website ziet u wanneer het afval komt. Grofvuil meldt u daar ook aan.", "write one sentence, not 2"),
    ("Op de website van de gemeente ziet u precies op welke dag van de week uw afval en uw grofvuil "
     "worden opgehaald.", "words; plain language (B1)"),
    ("Afvalinzamelingsdienstverlening geschiedt overeenkomstig gemeentelijke afvalstoffenverordening.", "hard to read"),
])
def test_the_sentence_must_be_plain_language(check_files, sentence, problem):
    check_files.gemeente_edit(lambda d: d["wegwijzer"]["afval"].update(uitleg=sentence))
    assert any("wegwijzer.afval.uitleg" in f and problem in f for f in check_files.findings())


def test_an_example_that_goes_elsewhere_is_a_warning(check_files):
    def change(data):
        data["wegwijzer"]["jeugdhulp"]["voorbeelden"] += ["onze puber wil een straatfeest organiseren",
                                                          "mijn zoon is zijn paspoort kwijt"]
    check_files.gemeente_edit(change)
    warnings = check_files.findings(WARNING)
    assert any("'onze puber wil een straatfeest organiseren' goes to wegwijzer.evenementenvergunning" in f
               for f in warnings)
    assert any("'mijn zoon is zijn paspoort kwijt' is kept for burgerzaken" in f for f in warnings)
    assert check_files.findings() == []


def test_a_missing_referral_text_is_an_error(check_files):
    check_files.content_edit(lambda d: d.pop("wegwijzer"))
    assert any("wegwijzer.verwijzing, wegwijzer.vervolg: the referral text is missing" in f for f in check_files.findings())
