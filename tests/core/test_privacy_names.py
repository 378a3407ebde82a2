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
