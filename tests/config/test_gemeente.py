"""The municipality configuration: the shipped file loads, and every kind of mistake an
administrator can make fails with a message that names the field."""
from __future__ import annotations

import os
from datetime import date, time

import pytest

from bot.config.gemeente import ConfigError, TimeWindow, get_gemeente, load_gemeente


def test_shipped_example_loads_and_is_marked_fictional(config):
    assert config.gemeente.naam == "Wilgendaal"
    assert config.gemeente.voorbeeld is True
    assert config.balie.soort == "balie"
    assert {key for key, _ in config.popups()} == {"bus_de_weide", "bibliotheek_oosterhout", "zorgcentrum_de_linde"}


def test_evening_and_weekend_opening_are_read(config):
    donderdag = config.balie.openingstijden["donderdag"]
    assert [(w.start, w.end) for w in donderdag] == [(time(9), time(17)), (time(18), time(20))]
    assert "zaterdag" in config.balie.openingstijden
    assert "zondag" not in config.balie.openingstijden


def test_missing_file_names_the_path(tmp_path):
    with pytest.raises(ConfigError, match="does not exist") as error:
        load_gemeente(tmp_path / "nergens.yml")
    assert "nergens.yml" in str(error.value)


def test_invalid_yaml_is_reported(tmp_path):
    path = tmp_path / "gemeente.yml"
    path.write_text("gemeente: [naam: x\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_gemeente(path)


def test_empty_file_is_reported(tmp_path):
    path = tmp_path / "gemeente.yml"
    path.write_text("")
    with pytest.raises(ConfigError, match="expected sections"):
        load_gemeente(path)


def _set(data, dotted, value):
    keys = dotted.split(".")
    node = data
    for key in keys[:-1]:
        node = node[int(key)] if isinstance(node, list) else node[key]
    if value is _DELETE:
        del node[keys[-1]]
    else:
        node[keys[-1]] = value


_DELETE = object()


@pytest.mark.parametrize("field, value, expected", [
    ("gemeente.email", "geen-adres", "gemeente.email"),
    ("gemeente.email", _DELETE, "gemeente.email"),
    ("gemeente.website", "niet een link", "gemeente.website"),
    ("gemeente.naam", _DELETE, "gemeente.naam"),
    ("producten.paspoort.tarieven.0.bedrag", "gratis", "producten.paspoort.tarieven[0].bedrag"),
    ("producten.paspoort.tarieven.0.bedrag", -5, "producten.paspoort.tarieven[0].bedrag"),
    ("producten.paspoort.link", "ftp//kapot", "producten.paspoort.link"),
    ("producten.paspoort.duur_minuten", _DELETE, "duur_minuten"),
    ("locaties.gemeentehuis.openingstijden.maandag", "9 tot 5", "locaties.gemeentehuis.openingstijden"),
    ("locaties.gemeentehuis.openingstijden.maandag", "17:00-09:00", "ends before it starts"),
    ("locaties.gemeentehuis.openingstijden.maandag", "25:00-26:00", "impossible time"),
    ("locaties.gemeentehuis.postcode", "12345", "locaties.gemeentehuis.postcode"),
    ("locaties.gemeentehuis.soort", "kantoor", "locaties.gemeentehuis.soort"),
    ("locaties.gemeentehuis.producten", ["paspoort", "ruimtereis"], "ruimtereis"),
    ("locaties.bus_de_weide.rooster", [], "rooster"),
    ("locaties.bus_de_weide.rooster.0.dag", "zondagmiddag", "locaties.bus_de_weide.rooster[0].dag"),
    ("locaties.bus_de_weide.rooster.0.weken", "soms", "weken"),
    ("telefonisch_bereikbaar.maandagg", "08:00-17:00", "maandagg"),
    ("pilot_locaties.0.locatie", "maan", "pilot_locaties[0].locatie"),
    ("pilot_locaties.0.organisaties.belastingdienst", ["maandag"], "belastingdienst"),
    ("pilot_locaties.0.organisaties.uwv", ["weekend"], "weekend"),
    ("gemeente.kleur", "blauw", "gemeente.kleur"),
    # the appointment with an agency employee
    ("pilot_locaties.1.locatie", "bus_de_weide", "is a pop-up"),
    ("pilot_locaties.1.organisaties.uwv", ["woensdag"], "servicepunt_de_weide is closed on woensdag"),
    ("pilot_locaties.1.locatie", "gemeentehuis", "listed twice"),
    ("spreekuur", _DELETE, "spreekuur: needed"),
    ("spreekuur.duur_minuten", 42, "multiple of 5"),
    ("spreekuur.code", "paspoort", "already a product"),
    ("uitvoeringsorganisaties.uwv.onderwerpen.ww.link", "geen link", "uitvoeringsorganisaties.uwv.onderwerpen.ww.link"),
    ("uitvoeringsorganisaties.uwv.onderwerpen.ww.woorden", [], "uitvoeringsorganisaties.uwv.onderwerpen.ww.woorden"),
    ("uitvoeringsorganisaties.svb.lidwoord", "een", "lidwoord"),
    ("producten.paspoort.tarieven.1.groep", "kinderen", "producten.paspoort.tarieven[1].groep"),
    # near home: the postcode areas a pop-up serves, and care homes are pop-ups
    ("locaties.bibliotheek_oosterhout.postcodegebied", ["9995 EF"], "locaties.bibliotheek_oosterhout.postcodegebied"),
    ("locaties.bibliotheek_oosterhout.postcodegebied", ["0995"], "four digits"),
    ("locaties.gemeentehuis.zorglocatie", True, "zorglocatie is for a popup"),
])
def test_mistakes_fail_with_the_field_named(gemeente_file, field, value, expected):
    data = gemeente_file.load()
    _set(data, field, value)
    gemeente_file.save(data)
    with pytest.raises(ConfigError) as error:
        load_gemeente(gemeente_file.path)
    assert expected in str(error.value)
    assert str(gemeente_file.path) in str(error.value)


def test_all_problems_are_listed_at_once(gemeente_file):
    data = gemeente_file.load()
    data["gemeente"]["email"] = "x"
    data["producten"]["rijbewijs"]["link"] = "x"
    gemeente_file.save(data)
    with pytest.raises(ConfigError) as error:
        load_gemeente(gemeente_file.path)
    assert "gemeente.email" in str(error.value) and "producten.rijbewijs.link" in str(error.value)


def test_a_config_without_a_counter_is_refused(gemeente_file):
    data = gemeente_file.load()
    data["locaties"] = {k: v for k, v in data["locaties"].items() if v["soort"] == "popup"}
    data["pilot_locaties"] = []
    gemeente_file.save(data)
    with pytest.raises(ConfigError, match="at least one location must be a balie"):
        load_gemeente(gemeente_file.path)


def test_an_edit_is_picked_up_without_restart_and_a_broken_edit_keeps_the_last_good(gemeente_file):
    first = get_gemeente(gemeente_file.path)
    data = gemeente_file.load()
    data["producten"]["paspoort"]["tarieven"][0]["bedrag"] = 99.95
    gemeente_file.save(data)
    os.utime(gemeente_file.path, (1e9, 2e9))  # a new mtime, also on coarse file systems
    edited = get_gemeente(gemeente_file.path)
    assert edited.producten["paspoort"].tarieven[0].bedrag == 99.95
    assert first.producten["paspoort"].tarieven[0].bedrag != 99.95

    gemeente_file.path.write_text("gemeente: [kapot\n")
    os.utime(gemeente_file.path, (1e9, 2e9 + 10))
    assert get_gemeente(gemeente_file.path).producten["paspoort"].tarieven[0].bedrag == 99.95


def test_the_check_command_reports_a_broken_file(gemeente_file, capsys):
    from bot.config.gemeente import main

    data = gemeente_file.load()
    data["gemeente"]["telefoon"] = ""
    gemeente_file.save(data)
    assert main(["--check", str(gemeente_file.path)]) == 1
    assert "gemeente.telefoon" in capsys.readouterr().err


@pytest.mark.parametrize("text, start, end", [
    ("09:00-17:00", time(9), time(17)),
    ("9.30 - 12.00", time(9, 30), time(12)),
    ("18:00-20:30", time(18), time(20, 30)),
])
def test_time_windows(text, start, end):
    window = TimeWindow.parse(text)
    assert (window.start, window.end) == (start, end)


def test_popup_week_parity(config):
    donderdag = config.locaties["bus_de_weide"].rooster[1]
    assert donderdag.weken == "even"
    assert donderdag.is_held_on(date(2026, 11, 26)) is (date(2026, 11, 26).isocalendar()[1] % 2 == 0)
    assert not donderdag.is_held_on(date(2026, 11, 24))  # a Tuesday
