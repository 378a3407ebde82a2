"""The wegwijzer words of gemeente.yml that are also said in other questions: a fence or a bailiff
sends a message to a subject only when it asks what that subject helps with."""
from __future__ import annotations

import pytest

from bot.wegwijzer.sources import build_matcher


@pytest.fixture(scope="module")
def matcher(config, content):
    return build_matcher(config, content)


@pytest.mark.parametrize("text, topic", [
    ("mag ik een schutting van twee meter plaatsen", "omgevingsvergunning"),
    ("hoe hoog mag een schutting in de achtertuin", "omgevingsvergunning"),
    ("de deurwaarder komt omdat ik de rekeningen niet kan betalen", "schulden"),
    ("ik moet het incassobureau 300 euro betalen en ik heb niks", "schulden"),
    ("de deurwaarder komt langs en ik weet niet hoe ik verder moet", "schulden"),
])
def test_a_fence_or_a_bailiff_with_the_subjects_question_is_signposted(matcher, text, topic):
    assert matcher.match(text).decide() == topic


@pytest.mark.parametrize("text", [
    "de deurwaarder wil beslag leggen op mijn loon, kan ik juridisch advies krijgen",
    "het incassobureau rekent te veel kosten, is dat wettelijk toegestaan",
    "mag de deurwaarder zomaar binnenkomen",
    "ruzie met de buurman over de schutting, wie heeft gelijk",
    "de buurman heeft zijn schutting op mijn grond gezet, wat zijn mijn rechten",
])
def test_a_legal_question_about_a_fence_or_a_bailiff_is_left_to_the_classifier(matcher, text):
    assert matcher.match(text).decide() is None
    assert matcher.match(text).decide("vraag_juridisch_loket") is None
