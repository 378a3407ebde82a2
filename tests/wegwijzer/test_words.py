"""Words as the wegwijzer compares them: folded, lemmatised and stemmed the same way on both sides."""
from __future__ import annotations

import pytest

from bot.wegwijzer.words import fold, is_dutch_word, stem, tokens


@pytest.mark.parametrize("one, other", [
    ("boom", "bomen"), ("kap", "kappen"), ("kap", "kapt"), ("huishouden", "huishouding"), ("schuld", "schulden"),
    ("stoeptegel", "stoeptegels"), ("lantaarnpaal", "lantaarnpalen"), ("hond", "hondje"), ("ophalen", "opgehaald"),
    ("gemeente", "gemeentelijke"), ("vergunning", "vergunningen"), ("evenement", "evenementen"),
])
def test_forms_of_one_word_share_a_stem(one, other):
    assert stem(one) == stem(other)


@pytest.mark.parametrize("one, other", [("kapper", "kappen"), ("verbouwen", "verhuizen"), ("belasting", "belastingdienst")])
def test_different_words_keep_different_stems(one, other):
    assert stem(one) != stem(other)


def test_tokens_keep_their_place_in_the_text_and_leave_out_e_mail_addresses():
    words = tokens("Mijn WÓZ-waarde, mail jan@boom.nl!")
    assert [w.text for w in words] == ["mijn", "woz", "waarde", "mail"]
    assert "Mijn WÓZ-waarde"[words[1].start:words[1].end] == "WÓZ"


def test_a_dutch_word_is_no_typo_but_a_misspelling_is():
    assert is_dutch_word("tegen") and is_dutch_word("weken")
    assert not is_dutch_word("kapvergunnig") and not is_dutch_word("dakkappel")


@pytest.mark.parametrize("text, folded", [("Geïnd", "geind"), ("CAFÉ", "cafe"), ("Straße", "straße"), ("WOZ", "woz")])
def test_folding_lowers_and_drops_accents(text, folded):
    assert fold(text) == folded
