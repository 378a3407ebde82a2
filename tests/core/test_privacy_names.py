"""Names are masked before a resident's words become training data or reach the inbox."""
from __future__ import annotations

import pytest

from bot.core.privacy import mask, mask_for_training, mask_names

CASES = [
    ("Mijn naam is Jan de Vries en ik wil een paspoort", "Mijn naam is [NAAM] en ik wil een paspoort"),
    ("mijn naam is jan jansen, bsn 123456782", "mijn naam is [NAAM], bsn [BSN]"),
    ("ik heet piet en ik wil verhuizen", "ik heet [NAAM] en ik wil verhuizen"),
    ("naam: Els van der Berg", "naam: [NAAM]"),
    ("Ik ben Ahmed El Amrani, ik wil trouwen", "Ik ben [NAAM], ik wil trouwen"),
    ("Goedemiddag, met Karin Bakker. Ik heb een vraag", "Goedemiddag, met [NAAM]. Ik heb een vraag"),
    ("Met vriendelijke groet, Anja", "Met vriendelijke groet, [NAAM]"),
    ("Dit is Sanne, mag ik iets vragen", "Dit is [NAAM], mag ik iets vragen"),
    ("mail jan@voorbeeld.nl of bel 0612345678", "mail [E-MAIL] of bel [TELEFOON]"),
    # not names: lower-case words after "ik ben", "met" in the middle of a sentence, numbers
    ("Ik ben mijn paspoort kwijt", "Ik ben mijn paspoort kwijt"),
    ("kan ik met DigiD inloggen", "kan ik met DigiD inloggen"),
    ("Ik ben 75 jaar, moet ik naar het CBR", "Ik ben 75 jaar, moet ik naar het CBR"),
    ("ik ga met mijn man trouwen", "ik ga met mijn man trouwen"),
    ("Met de bus naar het gemeentehuis?", "Met de bus naar het gemeentehuis?"),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_training_masking(text, expected):
    assert mask_for_training(text) == expected


def test_masking_is_idempotent():
    for text, _ in CASES:
        once = mask_for_training(text)
        assert mask_for_training(once) == once


def test_agency_transcripts_keep_names():
    """An agency employee needs the resident's name, so the transcript mask leaves it."""
    assert mask("Mijn naam is Jan de Vries") == "Mijn naam is Jan de Vries"
    assert mask_names("Mijn naam is Jan de Vries") == "Mijn naam is [NAAM]"


@pytest.mark.parametrize("text, expected", [
    ("Goedemiddag, u spreekt met Jan Testpersoon", "Goedemiddag, u spreekt met [NAAM]"),
    ("ik bel namens mijn vader, meneer De Graaf, hij is ziek", "ik bel namens mijn vader, meneer [NAAM], hij is ziek"),
    ("Mijn man heet Erik en hij wil verhuizen", "Mijn man heet [NAAM] en hij wil verhuizen"),
    ("Hoi, Emma hier. Mag ik met DigiD inloggen?", "Hoi, [NAAM] hier. Mag ik met DigiD inloggen?"),
    ("Groetjes Linda", "Groetjes [NAAM]"),
    # capitalised words that are no name stay
    ("Met Pasen zijn jullie dicht?", "Met Pasen zijn jullie dicht?"),
    ("Ik ben Marokkaans en wil Nederlander worden", "Ik ben Marokkaans en wil Nederlander worden"),
    ("Mijn naam is veranderd na mijn huwelijk", "Mijn naam is veranderd na mijn huwelijk"),
])
def test_more_ways_of_naming_someone(text, expected):
    assert mask_for_training(text) == expected


def test_names_a_form_collected_are_masked_wherever_they_recur():
    assert mask_for_training("Jan Testpersoon", ["Jan Testpersoon"]) == "[NAAM]"
    assert mask_for_training("kan jan het ophalen voor TESTPERSOON", ["Jan Testpersoon"]) == \
        "kan [NAAM] het ophalen voor [NAAM]"
    assert mask_for_training("Jan van Dam", ["Jan van Dam"]) == "[NAAM]"
    assert mask_for_training("ik ga van huis", ["Jan van Dam"]) == "ik ga van huis"  # a particle alone stays
