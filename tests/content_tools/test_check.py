"""The content check as data: intents without an answer, malformed links, products without
fees, and files that cannot be read, on edited copies of the shipped files."""
from __future__ import annotations

import shutil

import pytest
import yaml

from bot.config.content import english_path
from bot.content_tools.check import ERROR, WARNING, link_problem, links_in, main, report
from bot.core.settings import PROJECT_ROOT

SHIPPED_ENGLISH = english_path(PROJECT_ROOT / "content" / "antwoorden.yml")


@pytest.fixture
def files(tmp_path):
    """Writable copies of gemeente.yml, content/antwoorden.yml and (when it ships) its English
    beside it, editable as data."""
    gemeente, content = tmp_path / "gemeente.yml", tmp_path / "antwoorden.yml"
    shutil.copy(PROJECT_ROOT / "gemeente.yml", gemeente)
    shutil.copy(PROJECT_ROOT / "content" / "antwoorden.yml", content)
    if SHIPPED_ENGLISH.exists():
        shutil.copy(SHIPPED_ENGLISH, english_path(content))

    class Files:
        def edit(self, path, change):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            change(data)
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

        def report(self):
            return report(gemeente, content)

    files = Files()
    files.gemeente, files.content = gemeente, content
    return files


def kinds(findings, severity=None):
    return sorted((f.kind, f.where) for f in findings if severity is None or f.severity == severity)


def test_the_shipped_files_have_no_errors_and_no_warnings(files):
    """With the English content shipped, it is complete; without it, that is the one warning."""
    expected = [] if SHIPPED_ENGLISH.exists() else [("translation", "antwoorden.en.yml")]
    assert [(f.kind, f.where) for f in files.report()] == expected


def test_an_intent_without_an_answer_is_an_error(files):
    files.edit(files.content, lambda data: data["onderwerpen"].pop("parkeervergunning"))
    assert ("intent_without_answer", "parkeervergunning") in kinds(files.report(), ERROR)


def test_a_product_without_fees_is_a_warning(files):
    files.edit(files.gemeente, lambda data: data["producten"]["vog"].pop("tarieven"))
    found = files.report()
    assert ("missing_fee", "gemeente.yml: producten.vog") in kinds(found, WARNING)
    assert kinds(found, ERROR) == []


def test_a_malformed_link_in_an_answer_is_named_with_its_place(files):
    def add_links(data):
        data["onderwerpen"]["vog_aanvragen"]["online"] = "Kijk op https//www.justis.nl of op www.justis.nl."

    files.edit(files.content, add_links)
    found = [f for f in files.report() if f.kind == "malformed_link"]
    assert sorted(f.where for f in found) == ["antwoorden.yml: onderwerpen.vog_aanvragen.online"] * 2
    assert {f.severity for f in found} == {ERROR}
    assert any("https//www.justis.nl" in f.detail for f in found)


def test_a_malformed_link_in_gemeente_yml_is_named_even_though_the_file_no_longer_loads(files):
    files.edit(files.gemeente, lambda data: data["producten"]["paspoort"].update(link="https://wilgendaal paspoort"))
    found = files.report()
    assert ("malformed_link", "gemeente.yml: producten.paspoort.link") in kinds(found, ERROR)
    assert any(f.kind == "config_error" for f in found)


def test_a_file_that_is_not_yaml_is_one_error_naming_it(files):
    files.content.write_text("onderwerpen: [kapot", encoding="utf-8")
    found = files.report()
    assert [(f.kind, f.where) for f in found if f.severity == ERROR] == [("config_error", "antwoorden.yml")]


@pytest.mark.parametrize("url, ok", [
    ("https://www.wilgendaal.example/paspoort", True),
    ("http://wilgendaal.nl", True),
    ("https://duo.nl/particulier?x=1#a", True),
    ("https//www.wilgendaal.nl", False),
    ("htps://wilgendaal.nl", False),
    ("www.wilgendaal.nl", False),
    ("https://wilgendaal", False),
    ("https://wilgen daal.nl", False),
    ("https://-wilgendaal.nl", False),
    ("https://wilgendaal.nl:poort", False),
    ("ftp://wilgendaal.nl", False),
    ("https://", False),
])
def test_link_syntax(url, ok):
    assert (link_problem(url) is None) == ok


def test_links_are_found_in_text_without_closing_punctuation():
    assert links_in("Zie https://a.nl/x. Of (www.b.nl), of mail.") == ["https://a.nl/x", "www.b.nl"]


def test_make_check_config_passes_on_warnings_only(files, monkeypatch, capsys):
    from bot.core.settings import get_settings

    files.edit(files.gemeente, lambda data: data["producten"]["bijzondere_bijstand"].pop("tarieven"))
    monkeypatch.setenv("GEMEENTE_CONFIG", str(files.gemeente))
    monkeypatch.setenv("CONTENT_FILE", str(files.content))
    warnings = len(kinds(files.report(), WARNING))
    get_settings.cache_clear()
    try:
        assert main() == 0
    finally:
        get_settings.cache_clear()
    out = capsys.readouterr()
    assert warnings >= 1 and f"configuration and content ok ({warnings} warning(s))" in out.out
    assert "warning: producten.bijzondere_bijstand" in out.err


def test_accountability_facts_are_checked_against_today(files):
    from datetime import date

    from bot.config.gemeente import load_gemeente
    from bot.content_tools.check import accountability_findings

    config = load_gemeente(files.gemeente)
    expires = config.verantwoording.beveiliging.verloopt
    assert accountability_findings(config, "g", today=date.fromordinal(expires.toordinal() - 100)) == []
    expired = accountability_findings(config, "g", today=expires)
    assert [(f.severity, f.where) for f in expired] == [(ERROR, "g: verantwoording.beveiliging.verloopt")]
    soon = accountability_findings(config, "g", today=date.fromordinal(expires.toordinal() - 10))
    assert [f.severity for f in soon] == [WARNING] and "renew" in soon[0].detail
    far = accountability_findings(config, "g", today=date(expires.year - 2, 1, 1))
    assert [f.severity for f in far] == [WARNING] and "more than a year" in far[0].detail


def test_missing_accountability_facts_are_a_warning_and_wrong_ones_an_error(files):
    files.edit(files.gemeente, lambda data: data.pop("verantwoording"))
    assert ("accountability", "gemeente.yml: verantwoording") in kinds(files.report(), WARNING)
    shutil.copy(PROJECT_ROOT / "gemeente.yml", files.gemeente)
    files.edit(files.gemeente, lambda data: data["verantwoording"]["beveiliging"].update(contact=["security@x.nl"]))
    files.edit(files.gemeente, lambda data: data["verantwoording"]["toegankelijkheid"].update(status="prima"))
    errors = [f.detail for f in files.report() if f.severity == ERROR]
    assert errors and "verantwoording" in errors[0]


def test_a_popup_near_no_postcode_or_neighbourhood_is_a_warning(files):
    def unplace(data):
        data["locaties"]["bibliotheek_oosterhout"].pop("wijk")
        data["locaties"]["bibliotheek_oosterhout"]["postcodegebied"] = []

    files.edit(files.gemeente, unplace)
    found = files.report()
    assert ("near_home", "gemeente.yml: locaties.bibliotheek_oosterhout") in kinds(found, WARNING)
    assert kinds(found, ERROR) == []


def test_no_care_home_among_the_popups_is_a_warning(files):
    files.edit(files.gemeente, lambda data: data["locaties"]["zorgcentrum_de_linde"].pop("zorglocatie"))
    assert ("near_home", "gemeente.yml: locaties") in kinds(files.report(), WARNING)
