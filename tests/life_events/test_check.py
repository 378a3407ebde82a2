"""make check-config on the life events: references, links, missing sentences, shared words and
plain language (B1)."""
from __future__ import annotations

from bot.content_tools.check import WARNING


def _event(data, key="overlijden"):
    return data["levensgebeurtenissen"]["gebeurtenissen"][key]


def test_the_shipped_life_events_are_clean(check_files):
    """(The English file's findings are tests/content_tools/test_check.py's.)"""
    assert check_files.findings() == [] and check_files.findings(WARNING, "levensgebeurtenissen") == []


def test_an_unknown_organisation_is_an_error_naming_the_point(check_files):
    check_files.gemeente_edit(lambda d: _event(d)["elders"]["anw"].update(organisatie="sociale_dienst"))
    assert any("overlijden.elders.anw.organisatie" in f and "sociale_dienst" in f for f in check_files.findings())


def test_a_missing_link_is_an_error(check_files):
    check_files.gemeente_edit(lambda d: _event(d)["elders"]["anw"].pop("link"))
    assert any("overlijden.elders.anw.link" in f for f in check_files.findings())


def test_a_bad_link_is_an_error(check_files):
    check_files.gemeente_edit(lambda d: _event(d)["elders"]["anw"].update(link="www.svb.nl/anw"))
    assert any("overlijden.elders.anw.link" in f for f in check_files.findings())


def test_an_unknown_product_is_an_error(check_files):
    check_files.gemeente_edit(lambda d: _event(d).update(product="uitvaart"))
    assert any("overlijden.product" in f and "uitvaart" in f for f in check_files.findings())


def test_a_topic_the_content_does_not_answer_is_an_error(check_files):
    check_files.gemeente_edit(lambda d: _event(d).update(onderwerp="erfenis"))
    assert any("overlijden.onderwerp" in f and "erfenis" in f for f in check_files.findings())


def test_a_point_without_its_sentence_is_an_error(check_files):
    check_files.content_edit(lambda d: d["levensgebeurtenissen"]["overlijden"]["elders"].pop("notaris"))
    assert any("levensgebeurtenissen.overlijden.elders.notaris" in f for f in check_files.findings())


def test_a_word_of_two_events_is_an_error(check_files):
    check_files.gemeente_edit(lambda d: _event(d, "scheiding")["woorden"].append("overlijdt"))
    assert any("'overlijdt' is also a word of overlijden" in f for f in check_files.findings())


def test_a_sentence_that_is_not_plain_language_is_an_error(check_files):
    hard = ("Raadpleeg de pensioenuitvoeringsorganisatie omtrent eventuele nabestaandenvoorzieningen "
            "en partnerpensioenaanspraken.")
    check_files.content_edit(lambda d: d["levensgebeurtenissen"]["overlijden"]["elders"].update(pensioen=hard))
    assert any("levensgebeurtenissen.overlijden.elders.pensioen: hard to read" in f for f in check_files.findings())


def test_a_long_sentence_is_an_error(check_files):
    long = ("Meld het overlijden bij het pensioenfonds en kijk dan of u als partner of als kind nog "
            "een pensioen krijgt van dat fonds.")
    check_files.content_edit(lambda d: d["levensgebeurtenissen"]["overlijden"]["elders"].update(pensioen=long))
    assert any("levensgebeurtenissen.overlijden.elders.pensioen" in f and "words a sentence" in f
               for f in check_files.findings())


def test_a_product_that_cannot_be_booked_is_a_warning(check_files):
    check_files.gemeente_edit(lambda d: d["producten"]["overlijden"].update(afspraak=False, duur_minuten=None))
    assert any("overlijden.product" in f for f in check_files.findings(WARNING))
