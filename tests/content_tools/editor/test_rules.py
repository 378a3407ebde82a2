"""The answer editor's rules: which texts it edits, and what a new text must be: known
placeholders of its own section, not empty, not too long, plain language (B1)."""
from __future__ import annotations

import pytest

from bot.content_tools.editor.rules import (
    MAX_CHARS,
    allowed_placeholders,
    answers_in,
    assess,
    is_key,
    normalise,
    plain_language,
    revision,
)
from bot.core.readability import B1_FLOOR, measure
from bot.core.yaml_tree import strings

PLAIN = "U vraagt een paspoort aan bij de balie. Neem een goede pasfoto mee. Bel ons op {gemeente.telefoon}."
OFFICIALESE = ("Teneinde een aanvraag tot verstrekking van een nationaal reisdocument te effectueren, dient de "
               "belanghebbende persoonlijk te verschijnen.")


def codes(problems):
    return [p.code for p in problems]


def test_the_texts_are_the_strings_of_the_file_not_its_lists_or_intent_mapping(content):
    found = {a.key: a for a in answers_in(content.raw)}
    assert found["gesprek.begroeting"].text == content.raw["gesprek"]["begroeting"]
    assert found["mail.bevestiging.tekst"].section == "mail"
    assert "onderwerpen.reisdocument_kwijt.buitenland.tekst" in found
    assert not [key for key in found if key.startswith("organisaties.intents")]
    assert not [key for key in found if key.endswith((".producten", ".knoppen", ".woorden", ".gevallen"))]
    # every text outside a list and the intent mapping, and nothing else
    outside_lists = {path.replace("/", ".") for path, _ in strings(content.raw) if "[" not in path}
    assert set(found) == {key for key in outside_lists if not key.startswith("organisaties.intents")}
    # a topic's pieces are titled with the topic's name from "Bedoelt u ...?"
    assert found["onderwerpen.paspoort_id_aanvragen.uitleg"].title == "Paspoort of ID-kaart aanvragen › uitleg"


def test_every_shipped_text_passes_its_own_check(content):
    """The placeholders per section match what the code fills: no shipped text is flagged."""
    for answer in answers_in(content.raw):
        assert not assess(answer.key, answer.text, answer.text).errors, answer.key
        assert not [p for p in assess(answer.key, answer.text, "").errors if p.code == "unknown_placeholder"], answer.key


def test_a_plain_text_with_known_placeholders_passes():
    result = assess("gesprek.bedankt", PLAIN, "Graag gedaan!")
    assert result.errors == () and result.prose and result.score >= B1_FLOOR
    assert result.placeholders == ("gemeente.telefoon",)


@pytest.mark.parametrize("text, found", [
    ("Bel ons op {gemeente.telfoon}.", "{gemeente.telfoon}"),  # a typo
    ("Bel ons op {telefoon}.", "{telefoon}"),  # not name.field
    ("Uw code is {afspraak.referentie}.", "{afspraak.referentie}"),  # known, but never filled in this section
    ("Bel ons op { gemeente.telefoon }.", "{ gemeente.telefoon }"),
])
def test_an_unknown_placeholder_is_an_error_naming_it(text, found):
    result = assess("gesprek.bedankt", text, "Graag gedaan!")
    assert codes(result.errors) == ["unknown_placeholder"]
    assert found in result.errors[0].message and "{gemeente.naam}" in result.errors[0].message


def test_a_placeholder_is_known_where_its_section_fills_it():
    assert "afspraak.referentie" in allowed_placeholders("afspraak.gemaakt")
    assert "afspraak.referentie" not in allowed_placeholders("gesprek.bedankt")
    assert allowed_placeholders("overname.overgenomen") == {"medewerker.naam"}
    assert "gemeente.naam" in allowed_placeholders("overname.overgenomen", "Welkom bij {gemeente.naam}")


@pytest.mark.parametrize("text", ["Bel {gemeente.telefoon", "Bel gemeente.telefoon}.", "Een { alleen."])
def test_a_loose_brace_is_an_error(text):
    assert "loose_brace" in codes(assess("gesprek.bedankt", text, "").errors)


def test_a_placeholder_the_live_text_had_is_flagged_missing_but_may_go():
    result = assess("gesprek.menselijk_contact", "U kunt een medewerker spreken. Bel ons gerust op werkdagen.",
                    "U kunt een medewerker spreken. Bel {gemeente.telefoon}.\n{telefoon.tijden}")
    assert result.errors == ()
    assert codes(result.warnings) == ["missing_placeholder"]
    assert "{gemeente.telefoon}, {telefoon.tijden}" in result.warnings[0].message


@pytest.mark.parametrize("text, code", [("", "empty"), ("   ", "empty"), ("Ja. " * (MAX_CHARS // 4 + 1), "too_long"),
                                        ("Een\ttab.", "control_character"), ("Nul\x00.", "control_character"),
                                        ("Kijk op www.wilgendaal.nl voor meer.", "malformed_link"),
                                        ("Kijk op https://wilgendaal voor meer.", "malformed_link")])
def test_empty_too_long_invisible_characters_and_bad_links_are_errors(text, code):
    assert code in codes(assess("gesprek.bedankt", text, "Graag gedaan!").errors)


def test_prose_below_b1_is_an_error_with_the_score():
    result = assess("gesprek.bedankt", OFFICIALESE, "Graag gedaan!")
    assert codes(result.errors) == ["below_b1"]
    assert f"{result.score:.0f}" in result.errors[0].message and "60" in result.errors[0].message
    assert result.as_json()["b1"] is False


def test_a_text_below_b1_already_may_change_when_it_does_not_get_harder():
    live = "Op welk telefoonnummer kunnen wij u bellen? Bijvoorbeeld 06 12345678."
    assert plain_language(live).flesch_douma < B1_FLOOR
    fixed = "Op welk telefoonnummer kunnen wij u bellen? Bijvoorbeeld 06 87654321."
    assert assess("terugbellen.vraag_telefoon", fixed, live).errors == ()
    harder = "Op welk telefoonnummer kunnen wij u terugbellen? Bijvoorbeeld 06 12345678."
    result = assess("terugbellen.vraag_telefoon", harder, live)
    assert codes(result.errors) == ["below_b1"] and "lager dan de huidige tekst" in result.errors[0].message


def test_a_short_text_is_not_measured():
    result = assess("knoppen.afspraak", "Afspraak inplannen", "Afspraak maken")
    assert not result.prose and result.errors == () and result.as_json()["b1"] is True


def test_the_score_reads_each_placeholder_as_one_word():
    assert plain_language("Bel {gemeente.telefoon} nu.").words == 3
    assert plain_language(PLAIN).flesch_douma == measure(PLAIN.replace("{gemeente.telefoon}", "waarde")).flesch_douma


def test_long_sentences_are_a_warning():
    text = ("U kunt bij ons een paspoort aanvragen als u op tijd een afspraak maakt en uw oude paspoort en "
            "een goede pasfoto meeneemt naar de balie.")
    assert "long_sentences" in codes(assess("gesprek.bedankt", text, "").warnings)


def test_normalise_and_keys_and_revisions():
    assert normalise("  Regel \r\nTwee  \r\n\n") == "Regel\nTwee"
    assert is_key("onderwerpen.paspoort_id_aanvragen.uitleg") and not is_key("../etc") and not is_key("a..b")
    assert revision("a") == revision("a") != revision("b") and len(revision("a")) == 16


PLAIN_ENGLISH = "You apply for a passport at the desk. Bring a good photo. Call us on {gemeente.telefoon}."
OFFICIAL_ENGLISH = ("Applicants are required to personally appear at the municipal administrative office for the "
                    "verification of identification documentation.")


def test_an_english_text_is_measured_with_flesch_reading_ease():
    plain = assess("gesprek.bedankt", PLAIN_ENGLISH, "You're welcome!", language="en")
    assert plain.errors == () and plain.prose
    assert plain.score == pytest.approx(measure(PLAIN_ENGLISH.replace("{gemeente.telefoon}", "value"), "en").flesch_reading_ease)
    hard = assess("gesprek.bedankt", OFFICIAL_ENGLISH, "You're welcome!", language="en")
    assert codes(hard.errors) == ["below_b1"] and hard.score < B1_FLOOR
    # the same English read as Dutch scores otherwise: the language decides the measure
    assert assess("gesprek.bedankt", OFFICIAL_ENGLISH, "Graag gedaan!").score != hard.score
