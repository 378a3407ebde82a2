"""The offline Dutch spaCy pipeline: lemmas and the entity ruler built from the vocabulary."""
from __future__ import annotations

import pytest

from bot.nlp.pipeline import PIPELINE_DIR, build, is_current
from bot.nlp.vocabulary import load_vocabulary, normalise


@pytest.fixture(scope="module")
def nlp(tmp_path_factory):
    import spacy

    target = build(tmp_path_factory.mktemp("spacy") / "nl")
    return spacy.load(target)


@pytest.mark.parametrize("text, expected", [
    ("wat kost een ID-kaart voor mijn dochter", {("aspect", "kosten"), ("document", "id-kaart"), ("aspect", "kind")}),
    ("Hoe lang duurt een paspoort aanvraag", {("aspect", "levertijd"), ("document", "paspoort")}),
    ("mijn rijbeweis is gestolen", {("document", "rijbewijs")}),
    ("ik heb een id kaart nodig", {("document", "id-kaart")}),
    ("kan ik dat online regelen met DigiD", {("aspect", "online")}),
    ("afspraak bij het Juridisch Loket of het UWV", {("agency", "juridisch_loket"), ("agency", "uwv")}),
    ("how much is a passport for my 8 year old son", {("aspect", "kosten"), ("document", "paspoort"),
                                                      ("aspect", "kind")}),
    ("oke en wat neem ik mee", {("aspect", "meenemen")}),
    ("hoeveel moet ik neertellen voor een rijbewijs", {("aspect", "kosten"), ("document", "rijbewijs")}),
    ("kan het sneller?", {("aspect", "levertijd")}),
    ("hallo", set()),
    ("I lost my driver's license and my ID cards", {("document", "rijbewijs"), ("document", "id-kaart")}),
    ("what documents do I need to bring for my daughter's passport",
     {("aspect", "meenemen"), ("aspect", "kind"), ("document", "paspoort")}),
    ("when will it be ready, it's urgent", {("aspect", "levertijd")}),
    ("can I pay the fee online", {("aspect", "kosten"), ("aspect", "online")}),
    ("we want to get married, and I need a certificate of good conduct", {("product", "huwelijk"),
                                                                         ("product", "vog")}),
    ("deregister because of emigration", {("product", "emigratie")}),
    ("marriage license", {("product", "huwelijk")}),
])
def test_the_ruler_finds_entities_with_their_canonical_value(nlp, text, expected):
    assert {(e.label_, e.ent_id_) for e in nlp(text).ents} == expected


def test_lookup_lemmas_are_dutch(nlp):
    assert [t.lemma_ for t in nlp("paspoorten verhuisd")] == ["paspoort", "verhuizen"]


def test_setup_built_the_pipeline_config_yml_loads():
    assert (PIPELINE_DIR / "config.cfg").exists()
    assert is_current()


def test_vocabulary_maps_variants_back(tmp_path):
    path = tmp_path / "patterns.yml"
    path.write_text("document:\n  id-kaart: [ID kaart, identiteitskaart]\n")
    vocab = load_vocabulary(path)
    assert vocab.canonical("document", "  Identiteitskaart? ") == "id-kaart"
    assert vocab.canonical("document", "id-kaart") == "id-kaart"
    assert vocab.canonical("document", "fiets") is None
    assert normalise("ID  Kaart!") == "id kaart"


@pytest.mark.parametrize("text, message", [
    ("- a\n- b\n", "expected entities"),
    ("document: [paspoort]\n", "must map canonical values"),
    ("document:\n  paspoort: pasport\n", "must be a list of words"),
])
def test_vocabulary_mistakes_are_named(tmp_path, text, message):
    path = tmp_path / "patterns.yml"
    path.write_text(text)
    with pytest.raises(ValueError, match=message):
        load_vocabulary(path)
