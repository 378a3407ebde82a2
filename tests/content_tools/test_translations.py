"""make check-config on the English texts: every resident text without an English form is named
(a warning), a missing English file is one warning, an English file the assistant cannot use or
English that is not plain language is an error."""
from __future__ import annotations

import shutil

import pytest
import yaml

from bot.config.content import english_path
from bot.config.facts import resident_texts
from bot.config.gemeente import load_gemeente
from bot.content_tools.check import ERROR, WARNING, report
from bot.content_tools.translations import text_paths, untranslated_texts
from bot.core.settings import PROJECT_ROOT
from tests.support.english import english_raw


@pytest.fixture
def files(tmp_path):
    """Copies of the shipped files with a complete English file beside them (tests/support/english.py)."""
    gemeente, content = tmp_path / "gemeente.yml", tmp_path / "antwoorden.yml"
    shutil.copy(PROJECT_ROOT / "gemeente.yml", gemeente)
    shutil.copy(PROJECT_ROOT / "content" / "antwoorden.yml", content)
    english = english_path(content)
    english.write_text(yaml.safe_dump(english_raw(yaml.safe_load(content.read_text(encoding="utf-8")), gemeente),
                                      allow_unicode=True, sort_keys=False), encoding="utf-8")

    class Files:
        def edit_english(self, change):
            data = yaml.safe_load(english.read_text(encoding="utf-8"))
            change(data)
            english.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

        def translation(self, severity=None):
            return [f for f in report(gemeente, content) if f.kind == "translation"
                    and severity in (None, f.severity)]

    files = Files()
    files.english, files.gemeente = english, gemeente
    return files


def test_a_complete_english_file_has_no_findings(files):
    assert files.translation() == []


def test_a_missing_english_file_is_one_warning(files):
    files.english.unlink()
    found = files.translation()
    assert [(f.severity, f.where) for f in found] == [(WARNING, "antwoorden.en.yml")]


def test_each_missing_text_is_named_by_its_key_path(files):
    def drop(data):
        del data["onderwerpen"]["paspoort_id_aanvragen"]["uitleg"]
        del data["knoppen"]["afspraak"]
        data["gesprek"]["begroeting"] = "  "

    files.edit_english(drop)
    found = files.translation()
    assert {f.severity for f in found} == {WARNING}
    assert sorted(f.where for f in found) == ["antwoorden.en.yml: gesprek.begroeting", "antwoorden.en.yml: knoppen.afspraak",
                                              "antwoorden.en.yml: onderwerpen.paspoort_id_aanvragen.uitleg"]


def test_each_untranslated_text_of_gemeente_yml_is_named_by_its_path(files):
    def drop(data):
        del data["feiten"]["paspoort"]
        del data["feiten"]["Op de website ziet u wanneer uw afval wordt opgehaald en meldt u grofvuil aan."]

    files.edit_english(drop)
    found = [f.detail for f in files.translation(WARNING)]
    assert len(found) == 2
    assert any(d.startswith("gemeente.yml producten.paspoort.naam:") for d in found)
    assert any(d.startswith("gemeente.yml wegwijzer.afval.uitleg:") for d in found)


def test_staff_only_texts_and_structure_need_no_english():
    dutch = {"kcc": {"onderwerp_onbekend": "Onbekend"}, "organisaties": {"intents": {"vraag_uwv": "uwv"},
                                                                           "uwv": {"uitleg": "Het UWV."}},
             "onderwerpen": {"x": {"producten": ["paspoort"], "uitleg": "Uitleg.", "extra": {"tekst": "Tekst.",
                                                                                          "woorden": ["woord"]}}}}
    assert list(text_paths(dutch)) == ["organisaties.uwv.uitleg", "onderwerpen.x.uitleg", "onderwerpen.x.extra.tekst"]
    assert untranslated_texts(dutch, {"onderwerpen": {"x": {"uitleg": "Explanation."}}}) == [
        "organisaties.uwv.uitleg", "onderwerpen.x.extra.tekst"]


def test_an_english_file_the_assistant_cannot_use_is_an_error(files):
    files.edit_english(lambda data: data["gesprek"].update(begroeting="Hello {gemeente.nam}"))
    found = files.translation(ERROR)
    assert len(found) == 1 and "unknown placeholder {gemeente.nam}" in found[0].detail


def test_english_that_is_not_plain_language_is_an_error_where_dutch_would_be(files):
    hard = ("Notwithstanding administrative considerations, municipal registration necessitates "
            "comprehensive documentation regarding international relocation circumstances.")

    def harden(data):
        data["levensgebeurtenissen"]["overlijden"]["kop"] = hard
        data["feiten"]["Meld een nieuwe hond aan, en meld hem af als hij er niet meer is."] = hard
        data["gesprek"]["begroeting"] = hard  # no sentence-by-sentence check here (as in Dutch): the median test

    files.edit_english(harden)
    found = sorted(f.where for f in files.translation(ERROR) if "hard to read" in f.detail)
    assert found == ["antwoorden.en.yml: feiten: Meld een nieuwe hond aan, en meld hem af als hij er niet meer is.",
                     "antwoorden.en.yml: levensgebeurtenissen.overlijden.kop"]


def test_long_english_sentences_are_an_error_where_dutch_would_be(files):
    long = ("When someone dies you tell us and we pass it on to the tax office and the pension fund "
            "and the bank for you")  # 24 short words: easy words, one long sentence
    files.edit_english(lambda data: data["levensgebeurtenissen"]["overlijden"].update(gemeente=long))
    found = [f.detail for f in files.translation(ERROR)]
    assert found == ["levensgebeurtenissen.overlijden.gemeente: 24 words a sentence; plain language keeps to 15 at most"]


def test_resident_texts_name_what_reaches_residents_and_leave_names_alone(config):
    texts = dict(resident_texts(config))
    assert texts["producten.paspoort.naam"] == "paspoort"
    assert texts["producten.huwelijk.tarieven[0].voor"].startswith("gratis trouwen")
    assert texts["locaties.gemeentehuis.omschrijving"].startswith("Gratis parkeren")
    assert texts["locaties.servicepunt_de_weide.adres"] == "Weidepad 30 (in het wijkcentrum)"
    assert texts["uitvoeringsorganisaties.uwv.lidwoord"] == "het UWV"
    assert texts["wegwijzer.wmo.naam"] == "hulp en zorg thuis (Wmo)"
    assert texts["levensgebeurtenissen.organisaties.zorgverzekeraar.naam"] == "Zorgverzekeraar"
    assert texts["verantwoording.privacy.grondslag"] == config.verantwoording.privacy.grondslag
    assert "uitvoeringsorganisaties.duo.lidwoord" not in texts  # "DUO" is its name in any language
    assert "locaties.gemeentehuis.adres" not in texts  # "Raadhuisplein 1"
    assert not any(text == config.locaties["gemeentehuis"].naam for text in texts.values())


def test_resident_texts_follow_the_configuration(tmp_path):
    data = yaml.safe_load((PROJECT_ROOT / "gemeente.yml").read_text(encoding="utf-8"))
    data["producten"]["paspoort"]["levertijd"] = "binnen een week"
    data["wegwijzer"] = {}
    path = tmp_path / "gemeente.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    texts = dict(resident_texts(load_gemeente(path)))
    assert texts["producten.paspoort.levertijd"] == "binnen een week"
    assert not any(path.startswith("wegwijzer.") for path in texts)
