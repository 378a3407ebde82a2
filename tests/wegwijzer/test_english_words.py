"""The English words of gemeente.yml's subjects and agencies: an English message about a subject
is signposted, and an English question the assistant or an agency answers is not taken."""
from __future__ import annotations

import pytest

from bot.wegwijzer.sources import build_matcher


@pytest.fixture(scope="module")
def matcher(config, content):
    return build_matcher(config, content)


@pytest.mark.parametrize("text, subject", [
    ("the rubbish bags were left on the pavement after collection", "afval"),
    ("can I drop off chemical waste somewhere", "milieustraat"),
    ("I think my property taxes are calculated wrong", "belastingen"),
    ("we adopted a puppy, what about dog tax", "hondenbelasting"),
    ("is a felling permit required for the birch in my yard", "kapvergunning"),
    ("building a carport next to the house, is that allowed", "omgevingsvergunning"),
    ("my grandmother needs a stairlift", "wmo"),
    ("my teenager needs youth care", "jeugdhulp"),
    ("I'm drowning in money problems", "schulden"),
    ("there's graffiti all over the bus stop", "melding_openbare_ruimte"),
    ("I didn't get a voting pass", "verkiezingen"),
])
def test_an_english_subject_is_signposted(matcher, text, subject):
    assert matcher.match(text).decide("out_of_scope") == subject


@pytest.mark.parametrize("text, intent", [
    ("do I need to bring my old passport", "paspoort_id_aanvragen"),     # "do" is no DUO
    ("I have a student debt I cannot repay", "vraag_duo"),               # not the debt help
    ("the personal contribution for my mother's home care is too high", "vraag_cak"),
    ("my landlord won't return my deposit", "vraag_juridisch_loket"),
    ("I lost my job and need unemployment benefit", "vraag_uwv"),
    ("binnen hoeveel dagen moet ik de geboorte aangeven", "geboorteaangifte"),  # "binnen" is no bin
    ("is the pop-up desk at the care home on monday", "popup_locaties"),     # a care home is no home care
])
def test_an_english_question_for_the_assistant_or_an_agency_is_not_taken(matcher, text, intent):
    assert matcher.match(text).decide(intent) is None
