"""The content file: placeholders, checks, and that every intent has an answer."""
from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from bot.config.content import ContentError, check_against, parse_content, render, topic_name, unnamed_intents
from bot.content_tools.check import domain_intents, problems
from bot.core.settings import PROJECT_ROOT
from bot.core.yaml_tree import strings

# A copy of the shared intent contract (spec/intents.yml), so the check runs in every checkout;
# refresh it when the contract changes.
CONTRACT = Path(__file__).parent.parent / "data" / "intents_contract.yml"


@pytest.fixture
def raw():
    return yaml.safe_load((PROJECT_ROOT / "content" / "antwoorden.yml").read_text(encoding="utf-8"))


def test_render_fills_placeholders():
    assert render("Bel {gemeente.telefoon}.", {"gemeente.telefoon": "0123"}) == "Bel 0123."


def test_render_leaves_out_a_line_whose_fact_is_missing():
    text = "Kosten:\n{product.kosten}\nHoe lang? {product.levertijd}."
    assert render(text, {"product.kosten": "• € 10", "product.levertijd": None}) == "Kosten:\n• € 10"


def test_unknown_placeholder_is_named(raw):
    raw["gesprek"]["bedankt"] = "Graag gedaan, {gemeente.burgemeester}!"
    with pytest.raises(ContentError, match=r"gesprek\.bedankt uses unknown placeholder \{gemeente\.burgemeester\}"):
        parse_content(raw)


def test_unknown_button_is_named(raw):
    raw["onderwerpen"]["vog_aanvragen"]["knoppen"] = ["afspraak", "teleporteren"]
    with pytest.raises(ContentError, match="vog_aanvragen.knoppen: unknown button teleporteren"):
        parse_content(raw)


def test_unknown_case_of_an_extra_is_named(raw):
    raw["onderwerpen"]["rijbewijs_aanvragen"]["ouderen"]["gevallen"] = ["bejaard"]
    with pytest.raises(ContentError, match="rijbewijs_aanvragen.ouderen.gevallen: unknown case bejaard"):
        parse_content(raw)


def test_topic_without_uitleg_is_refused(raw):
    del raw["onderwerpen"]["naturalisatie"]["uitleg"]
    with pytest.raises(ContentError, match="onderwerpen.naturalisatie.uitleg is missing"):
        parse_content(raw)


def test_missing_section_is_refused(raw):
    del raw["gesprek"]
    with pytest.raises(ContentError, match="missing section"):
        parse_content(raw)


def test_check_finds_an_intent_without_answer(raw, config):
    raw = copy.deepcopy(raw)
    del raw["onderwerpen"]["parkeervergunning"]
    found = check_against(parse_content(raw), domain_intents(), list(config.producten))
    assert found == ["intent parkeervergunning has no answer in the content file"]


def test_check_finds_an_unknown_product(raw, config):
    raw["onderwerpen"]["vog_aanvragen"]["producten"] = ["vog", "vergunning_voor_een_draak"]
    found = check_against(parse_content(raw), domain_intents(), list(config.producten))
    assert any("vergunning_voor_een_draak" in p for p in found)


def test_shipped_content_answers_every_intent_of_the_contract():
    contract = yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))
    names = {name for group in contract.values() for name in group}
    assert names <= set(domain_intents())
    # the one intent the project adds beside the contract (wiping the conversation, AVG)
    assert set(domain_intents()) - names == {"gesprek_verwijderen"}
    assert problems() == []


def test_render_leaves_out_a_text_with_none_of_its_facts():
    assert render("Wat kost het?\n{product.kosten}", {"product.kosten": None}) == ""


def test_residents_are_addressed_as_u_in_every_text(raw):
    informal = re.compile(r"\b(?:je|jij|jou|jouw)\b", re.IGNORECASE)
    assert [path for path, text in strings(raw) if informal.search(text)] == []


def test_a_product_is_explained_by_the_topic_most_about_it(content):
    """rijbewijs is named by the lost and the collecting topics too; its own topic explains it."""
    assert content.topic_for("rijbewijs") == "rijbewijs_aanvragen"
    assert content.topic_for("paspoort") == "paspoort_id_aanvragen"
    assert content.topic_for("geen-product") is None


def test_residents_are_addressed_as_u_everywhere_system_and_window_texts_too(raw):
    """No "je", "jij" or "jouw": the chat window's notices and the takeover's messages say "u" as well."""
    informal = re.compile(r"\b(je|jij|jou|jouw)\b", re.IGNORECASE)
    assert [(path, text) for path, text in strings(raw) if informal.search(text)] == []
    assert "u" in raw["overname"]["overgenomen"].lower().split() and "nieuw_gesprek" in raw["chatvenster"]


# One Dutch name per topic, for staff (the KCC console) as for residents ("Bedoelt u ...?")

def test_every_intent_has_one_dutch_name(raw):
    content = parse_content(raw)
    assert unnamed_intents(content, domain_intents() + ["nlu_fallback"]) == []
    assert topic_name(content, "reisdocument_kwijt") == raw["terugval"]["onderwerpen"]["reisdocument_kwijt"]
    for code_name in ("informeren", "out_of_scope"):
        assert topic_name(content, code_name) == raw["kcc"]["onderwerpen"][code_name]
        assert "_" not in topic_name(content, code_name) and topic_name(content, code_name) != code_name


def test_no_topic_or_an_unknown_code_name_is_unknown_and_a_written_label_stays(raw):
    content = parse_content(raw)
    unknown = raw["kcc"]["onderwerp_onbekend"]
    assert topic_name(content, None) == topic_name(content, "  ") == unknown
    assert topic_name(content, "nieuw_onderwerp_2") == unknown
    assert topic_name(content, "Vraag over  de  WOZ") == "Vraag over de WOZ"


def test_a_name_in_both_lists_is_refused(raw):
    raw["kcc"]["onderwerpen"]["klacht"] = "Klacht"
    with pytest.raises(ContentError, match="kcc.onderwerpen: klacht already named"):
        parse_content(raw)


@pytest.mark.parametrize("breaks", [lambda raw: raw.pop("kcc"), lambda raw: raw["kcc"].pop("onderwerp_onbekend"),
                                    lambda raw: raw["kcc"]["onderwerpen"].update(informeren="")])
def test_the_kcc_section_is_checked(raw, breaks):
    breaks(raw)
    with pytest.raises(ContentError, match="kcc"):
        parse_content(raw)


def test_check_config_names_an_intent_without_a_dutch_name(tmp_path, raw):
    from bot.content_tools import check

    del raw["terugval"]["onderwerpen"]["klacht"]
    edited = tmp_path / "antwoorden.yml"
    edited.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    found = [f for f in check.report(content_file=edited) if f.kind == "intent_without_name"]
    assert [(f.where, f.severity) for f in found] == [("klacht", check.ERROR)]
