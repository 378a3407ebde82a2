"""make check-config on the life events: references, links, missing sentences, shared words and
plain language (B1)."""
from __future__ import annotations

import shutil

import pytest
import yaml

from bot.content_tools.check import ERROR, WARNING, report
from bot.core.settings import PROJECT_ROOT


@pytest.fixture
def files(tmp_path):
    gemeente, content = tmp_path / "gemeente.yml", tmp_path / "antwoorden.yml"
    shutil.copy(PROJECT_ROOT / "gemeente.yml", gemeente)
    shutil.copy(PROJECT_ROOT / "content" / "antwoorden.yml", content)

    def edit(path, change):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    class Files:
        def gemeente_edit(self, change):
            edit(gemeente, change)

        def content_edit(self, change):
            edit(content, change)

        def findings(self, severity=ERROR, kind=None):
            return [f.detail for f in report(gemeente, content) if f.severity == severity and kind in (None, f.kind)]

    return Files()


def _event(data, key="overlijden"):
    return data["levensgebeurtenissen"]["gebeurtenissen"][key]


def test_the_shipped_life_events_are_clean(files):
    """(The English file's findings are tests/content_tools/test_check.py's.)"""
    assert files.findings() == [] and files.findings(WARNING, "levensgebeurtenissen") == []


def test_an_unknown_organisation_is_an_error_naming_the_point(files):
    files.gemeente_edit(lambda d: _event(d)["elders"]["anw"].update(organisatie="sociale_dienst"))
    assert any("overlijden.elders.anw.organisatie" in f and "sociale_dienst" in f for f in files.findings())


def test_a_missing_link_is_an_error(files):
    files.gemeente_edit(lambda d: _event(d)["elders"]["anw"].pop("link"))
    assert any("overlijden.elders.anw.link" in f for f in files.findings())


def test_a_bad_link_is_an_error(files):
    files.gemeente_edit(lambda d: _event(d)["elders"]["anw"].update(link="www.svb.nl/anw"))
    assert any("overlijden.elders.anw.link" in f for f in files.findings())


def test_an_unknown_product_is_an_error(files):
    files.gemeente_edit(lambda d: _event(d).update(product="uitvaart"))
    assert any("overlijden.product" in f and "uitvaart" in f for f in files.findings())


def test_a_topic_the_content_does_not_answer_is_an_error(files):
    files.gemeente_edit(lambda d: _event(d).update(onderwerp="erfenis"))
    assert any("overlijden.onderwerp" in f and "erfenis" in f for f in files.findings())


def test_a_point_without_its_sentence_is_an_error(files):
    files.content_edit(lambda d: d["levensgebeurtenissen"]["overlijden"]["elders"].pop("notaris"))
    assert any("levensgebeurtenissen.overlijden.elders.notaris" in f for f in files.findings())


def test_a_word_of_two_events_is_an_error(files):
    files.gemeente_edit(lambda d: _event(d, "scheiding")["woorden"].append("overlijdt"))
    assert any("'overlijdt' is also a word of overlijden" in f for f in files.findings())


def test_a_sentence_that_is_not_plain_language_is_an_error(files):
    hard = ("Raadpleeg de pensioenuitvoeringsorganisatie omtrent eventuele nabestaandenvoorzieningen "
            "en partnerpensioenaanspraken.")
    files.content_edit(lambda d: d["levensgebeurtenissen"]["overlijden"]["elders"].update(pensioen=hard))
    assert any("levensgebeurtenissen.overlijden.elders.pensioen: hard to read" in f for f in files.findings())


def test_a_long_sentence_is_an_error(files):
    long = ("Meld het overlijden bij het pensioenfonds en kijk dan of u als partner of als kind nog "
            "een pensioen krijgt van dat fonds.")
    files.content_edit(lambda d: d["levensgebeurtenissen"]["overlijden"]["elders"].update(pensioen=long))
    assert any("levensgebeurtenissen.overlijden.elders.pensioen" in f and "words a sentence" in f
               for f in files.findings())


def test_a_product_that_cannot_be_booked_is_a_warning(files):
    files.gemeente_edit(lambda d: d["producten"]["overlijden"].update(afspraak=False, duur_minuten=None))
    assert any("overlijden.product" in f for f in files.findings(WARNING))
